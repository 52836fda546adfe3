"""The breadcrumb trail's markup (opskb.sphinxext.breadcrumbs)."""

from bs4 import BeautifulSoup

from opskb.sphinxext.breadcrumbs import trail_html


def _items(html: str) -> list[tuple[str | None, str]]:
    nav = BeautifulSoup(html, "html.parser").find("nav", attrs={"aria-label": "Breadcrumb"})
    return [(li.a["href"] if li.a else None, li.get_text()) for li in nav.find_all("li")]


def test_the_trail_links_home_and_the_part_and_marks_the_current_page():
    html = trail_html(("../index.html", "opskb"), ("index.html", "LLMOps in practice"), "Serving")
    assert _items(html) == [
        ("../index.html", "opskb"),
        ("index.html", "LLMOps in practice"),
        (None, "Serving"),
    ]
    assert BeautifulSoup(html, "html.parser").find(attrs={"aria-current": "page"}).text == "Serving"


def test_a_part_without_a_page_is_named_without_a_link():
    html = trail_html(("../index.html", "opskb"), (None, "Notebooks"), "Tokenization")
    assert _items(html)[1] == (None, "Notebooks")


def test_a_page_outside_any_part_has_home_and_itself():
    assert [label for _, label in _items(trail_html(("index.html", "opskb"), None, "Pros"))] == [
        "opskb",
        "Pros",
    ]
