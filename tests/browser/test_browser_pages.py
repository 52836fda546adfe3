"""Every page of the site, in Chromium: loads cleanly, stays on its origin, is accessible.

Each test runs once per published page (see `page_path` in conftest.py), so a failure
names the page. Opening a page is the expensive part, so each page is opened twice, once
per theme, and each opening checks everything it can, reporting every problem it finds,
not just the first:

- both themes, at desktop size: the clean-load checks (console, requests, origin, icon,
  CSS+JS budget, theme shown) and axe-core's WCAG 2.1 A/AA rules (in dark mode, those that
  read colours: the DOM is the same in both);
- light, then: a keyboard walk (every Tab stop shows a focus ring), each stop focused in
  Tab order from one script, held to real Tab presses on two pages;
- dark, then: the same page resized to a phone (nothing scrolls sideways; text legible).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from support import site_audit

PHONE = {"width": 375, "height": 812}
# The site issue's budget, per page: CSS and JS together, gzipped (site_audit.KB).
CSS_JS_BUDGET = 60 * site_audit.KB
SEARCH_INDEX = "/searchindex.js"
# What a page shows: furo's choice on <body data-theme>, else the system preference.
SHOWN_THEME = """() => document.body.dataset.theme
    || (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light")"""
# axe-core's WCAG rules whose outcome depends on colours: text contrast, and links told
# apart from the text around them by colour alone. The rest read the DOM, which furo's
# themes share (they only switch CSS custom properties on <body data-theme>).
COLOUR_RULES = ("color-contrast", "link-in-text-block")
# Content that furo shows in one theme only (an image per theme): the DOM then differs.
THEME_ONLY = ".only-light, .only-dark"
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
def test_page_loads_cleanly_is_accessible_and_works_by_keyboard_and_on_a_phone(
    visit, axe, page_path: str, theme: str
) -> None:
    """In light and in dark mode: no console error, no failed request, nothing fetched
    from another origin, CSS+JS within budget, and no WCAG 2.1 A/AA violation (axe-core).
    Then, in light mode, every Tab stop shows a focus ring; in dark mode, at a phone's
    width, nothing scrolls sideways and the text is legible."""
    opened = visit(page_path, theme=theme)
    page, log = opened.page, opened.log
    assert log.requests, f"{page_path}: no request recorded"

    problems = []
    shown = page.evaluate(SHOWN_THEME)
    if shown != theme:
        problems.append(f"shown in {shown} mode, not in {theme} mode")
    problems += icon_problems(page)
    problems += weight_problems(page, log)
    # The DOM is the same in both themes, only the colours change: the second theme runs
    # the rules that read colours, unless the page has content shown in one theme only.
    if theme == "dark" and not page.locator(THEME_ONLY).count():
        violations = axe.violations(page, rules=COLOUR_RULES)
    else:
        violations = axe.violations(page)
    if violations:
        problems.append("axe-core WCAG 2.1 AA violations:\n" + axe.describe(violations))
    # Then each theme's page goes on to one check that once had a page load of its own:
    # light to the keyboard walk, at the desktop size a keyboard user has, and dark to
    # the phone's width. Both after axe, which must see the page as it loaded.
    if theme == "light":
        problems += focus_ring_problems(page)
    else:
        problems += phone_problems(page, page_path)
    # Last, so that a request made by any step above counts.
    problems += request_problems(log)
    assert not problems, f"{page_path} ({theme} mode):\n" + "\n".join(problems)


# --- loads cleanly -----------------------------------------------------------------------


def request_problems(log) -> list[str]:
    """What the page's log (conftest.PageLog) recorded going wrong."""
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
    return problems


def icon_problems(page: Page) -> list[str]:
    icons = page.evaluate(DECLARED_ICONS)
    if not icons:
        return [
            (
                "no <link rel=icon>: browsers then request /favicon.ico from the server root, "
                "a failed request and a console error (set html_favicon in conf.py; a "
                "standalone page needs its own <link rel=icon>)"
            )
        ]
    problems = []
    for icon in icons:
        response = page.request.get(icon)
        if not response.ok:
            problems.append(f"icon {icon}: HTTP {response.status}")
    return problems


def weight_problems(page: Page, log) -> list[str]:
    """Weigh what the browser really fetched, as a server would gzip it."""
    fetched = {
        response.url: site_audit.gzip_size(response.body())
        for response in log.responses
        if response.request.resource_type in {"stylesheet", "script"} and response.ok
    }
    unweighed = sorted(set(page.evaluate(DECLARED_ASSETS)) - set(fetched))
    if unweighed:
        # Unweighed assets would make the budget below pass on a part of the page.
        return [f"declared but not fetched, so not weighed: {unweighed}"]
    # The search page's index is the site's text, not code, and grows with every page: the
    # budget holds for the code every page loads (issue 20: "every page but search").
    fetched = {url: size for url, size in fetched.items() if not url.endswith(SEARCH_INDEX)}
    if sum(fetched.values()) > CSS_JS_BUDGET:
        return [
            f"CSS+JS is {sum(fetched.values())} bytes gzipped, over {CSS_JS_BUDGET}:\n  "
            + "\n  ".join(f"{size:>7} {url}" for url, size in sorted(fetched.items()))
        ]
    return []


# --- keyboard ----------------------------------------------------------------------------

# Where a focused element shows its ring. Some widgets draw it on a pseudo-element:
# sphinx-design's card links outline their ::after, which covers the whole card.
FOCUS_STOP = """element => {
    const shown = box => box.width > 0 && box.height > 0;
    const rings = [];
    for (const pseudo of [null, "::before", "::after"]) {
        const style = getComputedStyle(element, pseudo);
        if (pseudo && style.content === "none") continue;
        const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
        if (!outlined && style.boxShadow === "none") continue;
        // An absolutely positioned pseudo-element covers its containing block.
        const owner = pseudo && style.position === "absolute" ? element.offsetParent : element;
        rings.push({
            on: pseudo || "element",
            visible: !!owner && shown(owner.getBoundingClientRect())
                && getComputedStyle(element).visibility !== "hidden",
        });
    }
    const style = getComputedStyle(element);
    return {
        element: element.outerHTML.slice(0, 120),
        outline: `${style.outlineStyle} ${style.outlineWidth}`,
        boxShadow: style.boxShadow,
        rings: rings,
    };
}"""
# Every Tab stop of the page, in Tab order, each focused in turn from script and read as
# it shows its focus: one evaluate instead of a key press and a read per stop (about
# 20 ms each, some 100 stops a page). Chromium's order: positive tabindex first, then
# document order; a radio group is one stop (its checked button, else its first); a
# scrolling box with nothing focusable inside is a stop; what cannot take focus (hidden,
# disabled, inside a closed <details>) is skipped because focus() leaves it unfocused.
# test_the_focus_walk_follows_the_tab_order holds this order to real Tab presses.
# Run after one real Tab: script focus then shows :focus-visible as the keyboard does.
FOCUS_WALK = (
    """() => {
    const stopOf = """
    + FOCUS_STOP
    + """;
    const all = [...document.body.querySelectorAll("*")];
    const focusable = new Set(all.filter(e => e.tabIndex >= 0));
    const scrolls = e => {
        const style = getComputedStyle(e);
        return (/auto|scroll/.test(style.overflowX) && e.scrollWidth > e.clientWidth)
            || (/auto|scroll/.test(style.overflowY) && e.scrollHeight > e.clientHeight);
    };
    const candidates = all.filter(e => focusable.has(e) || (!e.hasAttribute("tabindex")
        && scrolls(e) && ![...e.querySelectorAll("*")].some(d => focusable.has(d))));
    const order = [
        ...candidates.filter(e => e.tabIndex > 0).sort((a, b) => a.tabIndex - b.tabIndex),
        ...candidates.filter(e => !(e.tabIndex > 0)),
    ];
    const groups = new Set();
    const stops = [];
    for (const element of order) {
        if (element.type === "radio" && element.name) {
            const group = [...document.querySelectorAll("input[type=radio]")]
                .filter(r => r.name === element.name && r.form === element.form);
            if (groups.has(group[0])) continue;
            if (group.some(r => r.checked) && !element.checked) continue;
            groups.add(group[0]);
        }
        element.focus();
        if (document.activeElement !== element) continue;
        stops.push(stopOf(element));
    }
    return stops;
}"""
)
# Enough for any page of this site; stops a real Tab walk if focus were ever trapped.
MAX_TABS = 400


def focus_stops(page: Page) -> list[dict]:
    """Every Tab stop of the page, focused in Tab order, as FOCUS_STOP describes it."""
    page.keyboard.press("Tab")
    return page.evaluate(FOCUS_WALK)


def tab_stops(page: Page) -> list[dict]:
    """The same, by pressing Tab until focus leaves the page or comes round again."""
    stops = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            f"""() => {{
                const element = document.activeElement;
                if (!element || element === document.body) return null;
                window.opskbTabStops = window.opskbTabStops || [];
                const index = window.opskbTabStops.indexOf(element);
                if (index < 0) window.opskbTabStops.push(element);
                return [index, ({FOCUS_STOP})(element)];
            }}"""
        )
        if stop is None or stop[0] >= 0:
            break
        stops.append(stop[1])
    return stops


def focus_ring_problems(page: Page) -> list[str]:
    """Every Tab stop is visible and has an outline or a shadow when focused."""
    stops = focus_stops(page)
    if not stops:
        return ["Tab focuses nothing"]
    ringless = [stop for stop in stops if not any(ring["visible"] for ring in stop["rings"])]
    if ringless:
        return [
            "focused without a visible ring:\n  "
            + "\n  ".join(
                f"{p['element']} outline={p['outline']} box-shadow={p['boxShadow']} "
                f"rings={p['rings']}"
                for p in ringless
            )
        ]
    return []


# Pages whose real Tab walk the script walk must match: a furo page, and one with a
# sphinx-design tab set (a radio group, one Tab stop).
TAB_ORDER_PAGES = ["index.html", "challenges.html"]


@pytest.mark.parametrize("walked_page", TAB_ORDER_PAGES)
def test_the_focus_walk_follows_the_tab_order(visit, walked_page: str) -> None:
    """The script walk of every page (focus_stops) meets the stops real Tab presses meet,
    in the same order, each showing the same focus ring."""
    walked = focus_stops(visit(walked_page, theme="light").page)
    tabbed = tab_stops(visit(walked_page, theme="light").page)
    assert [stop["element"] for stop in walked] == [stop["element"] for stop in tabbed]
    assert walked == tabbed


# --- on a phone --------------------------------------------------------------------------

# The SEO audit that needs layout, on every page. Lighthouse's font-size audit (up to
# version 11) passed when at least 60 % of a page's text is 12 px or larger on a mobile
# viewport; this asks that of the whole page and 90 % of the article (code is set smaller).
# Text hidden at 0 px (a card's link text kept for screen readers) does not count.
TEXT_SIZES = """() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let total = 0, legible = 0, articleTotal = 0, articleLegible = 0;
    const article = document.querySelector("article");
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent.trim();
        const parent = node.parentElement;
        if (!text || !parent) continue;
        const style = getComputedStyle(parent);
        if (style.display === "none" || style.visibility === "hidden") continue;
        if (!parent.getClientRects().length) continue;
        const size = parseFloat(style.fontSize);
        if (size === 0) continue;
        total += text.length;
        if (size >= 12) legible += text.length;
        if (article && article.contains(parent)) {
            articleTotal += text.length;
            if (size >= 12) articleLegible += text.length;
        }
    }
    return {
        share: total ? legible / total : 1,
        articleShare: articleTotal ? articleLegible / articleTotal : 1,
    };
}"""
# Elements reaching past the right edge of a screen `width` px wide that widen the page:
# not those inside a box that scrolls or clips them (a wide table in its scroll box), nor
# those fixed to the screen (furo's folded-away drawers), which would hide the culprit.
PAST_THE_EDGE = """width => [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .filter(e => {
        for (let box = e; box && box !== document.body; box = box.parentElement) {
            const style = getComputedStyle(box);
            if (style.position === "fixed") return false;
            if (box !== e && style.overflowX !== "visible") return false;
        }
        return true;
    })
    .slice(0, 10)
    .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
         + (e.className && typeof e.className === "string"
            ? "." + e.className.trim().split(/\\s+/).join(".") : ""))"""


def phone_problems(page: Page, page_path: str) -> list[str]:
    """At 375 px wide, nothing is wider than the screen and the text is legible.

    The page is the desktop one, resized: our pages declare `width=device-width`, so a
    375 px viewport lays them out as a phone does. Checked on every page against a fresh
    load with Chromium's phone emulation (is_mobile, has_touch): every element's box, the
    scroll and client widths and the text sizes were the same.
    """
    viewport = page.evaluate(
        "() => document.querySelector('meta[name=viewport]')?.getAttribute('content') || ''"
    )
    if "width=device-width" not in viewport:
        return [
            (
                f"<meta name=viewport> is {viewport!r}, without width=device-width: phones "
                "lay the page out at a desktop width and shrink it"
            )
        ]
    page.set_viewport_size(PHONE)
    # Let resize handlers and the next frame's layout run before measuring.
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))")
    problems = []
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if client_width != PHONE["width"]:
        problems.append(f"{client_width} px of the {PHONE['width']} px screen are for the page")
    if scroll_width > client_width:
        problems.append(
            f"{scroll_width} px wide on a {client_width} px screen; elements reaching past "
            f"the right edge: {page.evaluate(PAST_THE_EDGE, client_width)}"
        )
    sizes = page.evaluate(TEXT_SIZES)
    if sizes["share"] < 0.6 or sizes["articleShare"] < 0.9:
        problems.append(
            f"text under 12 px: {sizes['share']:.0%} of the page is 12 px or larger "
            f"(at least 60 % wanted), {sizes['articleShare']:.0%} of the article "
            "(at least 90 % wanted)"
        )
    return problems
