"""Every page of the site, in Chromium: loads cleanly, stays on its origin, is accessible.

Each test runs once per published page (see `page_path` in conftest.py), so a failure
names the page. Loading a page in light and in dark mode is the expensive part, so one
test per page and theme checks everything that needs only that load, and reports every
problem it finds, not just the first.
"""

from __future__ import annotations

import pytest

from support import site_audit

PHONE = {"width": 375, "height": 812}
# The site issue's budget, per page: CSS and JS together, gzipped (site_audit.KB).
CSS_JS_BUDGET = 60 * site_audit.KB
# What a page shows: furo's choice on <body data-theme>, else the system preference.
SHOWN_THEME = """() => document.body.dataset.theme
    || (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light")"""
# The icons a page declares. Without one, Chromium asks the server root for /favicon.ico
# after the load event, outside the page's own requests, and logs the 404 as a console
# error; it asks once per browser session, so only a declared icon can be checked on every
# page.
DECLARED_ICONS = "() => [...document.querySelectorAll('link[rel~=icon][href]')].map(l => l.href)"
# Stylesheets and scripts the page's DOM asks for, as absolute URLs.
DECLARED_ASSETS = """() => [
    ...[...document.querySelectorAll("link[rel~=stylesheet][href]")].map(l => l.href),
    ...[...document.querySelectorAll("script[src]")].map(s => s.src),
]"""


def test_every_built_page_is_tested(published_pages: list[str], tested_pages: list[str]) -> None:
    """The pages the tests run over are exactly the pages the build wrote."""
    untested = sorted(set(published_pages) - set(tested_pages))
    unbuilt = sorted(set(tested_pages) - set(published_pages))
    assert not untested, f"built but not in the browser tests' page list: {untested}"
    assert not unbuilt, f"expected from the sources but not built: {unbuilt}"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_page_loads_cleanly_and_is_accessible(visit, axe, page_path: str, theme: str) -> None:
    """In light and in dark mode: no console error, no failed request, nothing fetched
    from another origin, CSS+JS within budget, and no WCAG 2.1 A/AA violation (axe-core)."""
    opened = visit(page_path, theme=theme)
    page, log = opened.page, opened.log
    assert log.requests, f"{page_path}: no request recorded"
    assert page.evaluate(SHOWN_THEME) == theme, f"{page_path} is not shown in {theme} mode"

    problems = []
    if log.console_errors:
        problems.append("console errors:\n  " + "\n  ".join(log.console_errors))
    if log.failed_requests:
        problems.append("failed requests:\n  " + "\n  ".join(log.failed_requests))
    if log.off_origin_requests:
        problems.append(
            f"requests to another origin than {log.origin}:\n  "
            + "\n  ".join(log.off_origin_requests)
        )

    icons = page.evaluate(DECLARED_ICONS)
    if not icons:
        problems.append(
            "no <link rel=icon>: browsers then request /favicon.ico from the server root, a "
            "failed request and a console error (set html_favicon in conf.py; a standalone "
            "page needs its own <link rel=icon>)"
        )
    for icon in icons:
        response = page.request.get(icon)
        if not response.ok:
            problems.append(f"icon {icon}: HTTP {response.status}")

    # Weigh what the browser really fetched, as a server would gzip it.
    fetched = {
        response.url: site_audit.gzip_size(response.body())
        for response in log.responses
        if response.request.resource_type in {"stylesheet", "script"} and response.ok
    }
    unweighed = sorted(set(page.evaluate(DECLARED_ASSETS)) - set(fetched))
    assert not unweighed, f"{page_path}: declared but not fetched: {unweighed}"
    if sum(fetched.values()) > CSS_JS_BUDGET:
        problems.append(
            f"CSS+JS is {sum(fetched.values())} bytes gzipped, over {CSS_JS_BUDGET}:\n  "
            + "\n  ".join(f"{size:>7} {url}" for url, size in sorted(fetched.items()))
        )

    violations = axe.violations(page)
    if violations:
        problems.append("axe-core WCAG 2.1 AA violations:\n" + axe.describe(violations))
    assert not problems, f"{page_path} ({theme} mode):\n" + "\n".join(problems)


def test_page_does_not_scroll_sideways_on_a_phone(visit, page_path: str) -> None:
    """At 375 px wide, nothing is wider than the screen."""
    page = visit(page_path, viewport=PHONE, is_mobile=True, has_touch=True).page
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert client_width == PHONE["width"]
    if scroll_width > client_width:
        culprits = page.evaluate(
            """width => [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > width + 1)
                .slice(0, 10)
                .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
                     + (e.className && typeof e.className === "string"
                        ? "." + e.className.trim().split(/\\s+/).join(".") : ""))""",
            client_width,
        )
        pytest.fail(
            f"{page_path}: {scroll_width} px wide on a {client_width} px screen; "
            f"elements reaching past the right edge: {culprits}"
        )
