"""Fixtures for the real-browser tests: Debian's Chromium driven by Playwright.

One Chromium per test session, one fresh browser context (cookies, localStorage, clipboard
permissions, viewport) per test, and the built site served over HTTP on 127.0.0.1 (the
``site_server`` fixture of tests/conftest.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AXE_FILE_PATH
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    sync_playwright,
)

from opskb.chromium import ARGS as CHROMIUM_ARGS
from opskb.chromium import path as chromium_path
from support.pages import built_pages, expected_pages
from support.system_tools import skip_or_fail

# The axe-core build bundled in the axe-playwright-python package: no CDN.
AXE_JS = AXE_FILE_PATH
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 800}

PAGES = expected_pages()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that takes `page_path` runs once per published page, named after it."""
    if "page_path" in metafunc.fixturenames:
        metafunc.parametrize("page_path", PAGES, ids=PAGES)


@pytest.fixture(scope="session")
def tested_pages() -> list[str]:
    """The pages `page_path` tests are parametrized over."""
    return PAGES


@pytest.fixture(scope="session")
def published_pages(built_site: Path) -> list[str]:
    """The pages the build actually wrote."""
    return built_pages(built_site)


# --- browser and server ------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Chromium's path; skips without it locally, but fails in CI, where it must be there."""
    found = chromium_path()
    if found is None or not found.is_file():
        skip_or_fail(
            f"Chromium not found ({found or 'no /usr/bin/chromium'}): apt-get install chromium"
        )
    return found


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium), args=list(CHROMIUM_ARGS)
        )
        yield launched
        launched.close()


@pytest.fixture
def new_context(browser: Browser, site_server: str) -> Iterator[Callable[..., BrowserContext]]:
    """Make a fresh context (own storage, viewport, permissions) at the site's origin.

    Keyword arguments go to `Browser.new_context`; `theme="light"|"dark"` also stores
    furo's theme choice in localStorage and emulates the matching system preference, so
    the page renders in that mode from its first paint. Contexts are closed after the test.
    """
    contexts: list[BrowserContext] = []

    def make(*, theme: str | None = None, **options: object) -> BrowserContext:
        options.setdefault("viewport", DESKTOP)
        if theme is not None:
            options["color_scheme"] = theme
        context = browser.new_context(base_url=site_server, **options)
        if theme is not None:
            context.add_init_script(f"localStorage.setItem('theme', {theme!r})")
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@dataclass
class PageLog:
    """What happened while a page was open: every request, and everything that went wrong."""

    origin: str
    in_flight: int = 0
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)

    def on_request(self, request: Request) -> None:
        self.requests.append(request.url)
        self.in_flight += 1

    def on_request_finished(self, request: Request) -> None:
        del request
        self.in_flight -= 1

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def on_page_error(self, error: Exception) -> None:
        self.console_errors.append(f"uncaught: {error}")

    def on_request_failed(self, request: Request) -> None:
        self.in_flight -= 1
        self.failed_requests.append(f"{request.url}: {request.failure}")

    def on_response(self, response: Response) -> None:
        self.responses.append(response)
        if response.status >= 400:
            self.failed_requests.append(f"{response.url}: HTTP {response.status}")

    @property
    def off_origin_requests(self) -> list[str]:
        # data: URLs are inline content (furo's SVG icons), not network requests.
        return [
            url
            for url in self.requests
            if not url.startswith("data:") and _origin(url) != self.origin
        ]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class OpenedPage:
    page: Page
    log: PageLog


@pytest.fixture
def visit(
    new_context: Callable[..., BrowserContext], site_server: str
) -> Callable[..., OpenedPage]:
    """Open a site page in a new context and wait until the network is quiet.

    `visit("pros.html", theme="dark", viewport={...})` returns the page and a log of its
    requests, console errors and failed requests, recorded from before the first byte.
    """

    def open_page(path: str, **context_options: object) -> OpenedPage:
        page = new_context(**context_options).new_page()
        log = PageLog(origin=_origin(site_server))
        page.on("request", log.on_request)
        page.on("console", log.on_console)
        page.on("pageerror", log.on_page_error)
        page.on("requestfinished", log.on_request_finished)
        page.on("requestfailed", log.on_request_failed)
        page.on("response", log.on_response)
        page.goto(path)
        settle(page, log)
        return OpenedPage(page, log)

    return open_page


def settle(page: Page, log: PageLog, quiet: float = 0.2, timeout: float = 10.0) -> None:
    """Wait until no request has been in flight for `quiet` seconds after `load`.

    Search and some widgets fetch after the load event. Playwright's "networkidle" waits
    a fixed 500 ms on every page; the pages of this site settle sooner, and the browser
    suite opens about eighty of them (two per page).
    """
    deadline = time.monotonic() + timeout
    quiet_since: float | None = None
    while time.monotonic() < deadline:
        now = time.monotonic()
        if log.in_flight > 0:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        elif now - quiet_since >= quiet:
            return
        page.wait_for_timeout(25)  # lets Playwright deliver the request events
    pytest.fail(f"{page.url}: requests still in flight after {timeout} s")


# --- accessibility -----------------------------------------------------------------------


class Axe:
    """axe-core's WCAG 2.0/2.1 level A and AA rules, injected from the packaged build."""

    def violations(self, page: Page, rules: Sequence[str] = ()) -> list[dict]:
        """The page's violations of every WCAG 2.1 A/AA rule, or of only `rules` (ids)."""
        page.add_script_tag(path=AXE_JS)
        only = (
            {"type": "rule", "values": list(rules)}
            if rules
            else {
                "type": "tag",
                "values": WCAG_21_AA,
            }
        )
        # Only the violations cross back to Python: the full result is much larger.
        return page.evaluate(
            """only => axe.run(document, {runOnly: only, resultTypes: ["violations"]})
                .then(results => results.violations)""",
            only,
        )

    @staticmethod
    def describe(violations: list[dict]) -> str:
        """One block per violated rule: id, impact, help, then each offending node."""
        lines = []
        for violation in violations:
            lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
            lines.append(f"  {violation['helpUrl']}")
            for node in violation["nodes"]:
                lines.append(f"  - {' '.join(map(str, node['target']))}")
                summary = (node.get("failureSummary") or "").replace("\n", " ")
                if summary:
                    lines.append(f"      {summary}")
        return "\n".join(lines)


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()
