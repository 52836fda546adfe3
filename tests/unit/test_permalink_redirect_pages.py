"""opskb.permalinks.redirect_pages: the HTML left at an old address."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

from opskb.permalinks.redirect_pages import Link, moved_section_note, redirect_page

TARGET = Link("../new-place.html", "The new <place>")
SECTIONS = {
    "moved": Link("../new-place.html#moved", "Moved section"),
    "old-name": Link("../elsewhere.html#renamed", "Renamed & moved"),
}


def page(**kwargs) -> BeautifulSoup:
    html = redirect_page(TARGET, canonical="https://kb.org/new-place.html", **kwargs)
    return BeautifulSoup(html, "lxml")


def test_redirect_works_without_javascript():
    soup = page(sections={})
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"] == "0; url=../new-place.html"
    link = soup.find("main").find("a")
    assert link["href"] == "../new-place.html"
    assert link.get_text() == "The new <place>"


def test_redirect_names_the_canonical_address_and_stays_out_of_search_engines():
    soup = page(sections={})
    assert soup.find("link", rel="canonical")["href"] == "https://kb.org/new-place.html"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert soup.find("html")["lang"] == "en"
    assert soup.find("title").get_text() == "Moved: The new <place>"


def test_old_section_ids_are_listed_with_links_to_their_new_places():
    soup = page(sections=SECTIONS)
    items = {li["id"]: li.find("a")["href"] for li in soup.find_all("li")}
    assert items == {"moved": "../new-place.html#moved", "old-name": "../elsewhere.html#renamed"}


def test_the_script_maps_old_fragments_and_runs_before_the_refresh():
    html = redirect_page(TARGET, canonical="c", sections=SECTIONS)
    script = BeautifulSoup(html, "lxml").find("script").get_text()
    mapping = json.loads(re.search(r"var moved = (\{.*?\});", script).group(1))
    assert mapping == {"moved": "../new-place.html#moved", "old-name": "../elsewhere.html#renamed"}
    assert '"../new-place.html" + location.hash' in script
    assert html.index("<script>") < html.index('http-equiv="refresh"')


def test_script_text_cannot_close_the_script_element():
    sneaky = {"x": Link("a.html#</script><b>", "x")}
    html = redirect_page(TARGET, canonical="c", sections=sneaky)
    script = html[html.index("<script>") : html.index("</script>")]
    assert "</" not in script


def test_moved_section_note_carries_the_old_id_and_a_link():
    html = moved_section_note("old-id", Link("other.html#new-id", "A “quoted” title"))
    soup = BeautifulSoup(html, "lxml")
    note = soup.find(id="old-id")
    assert note.name == "p"
    assert note.find("a")["href"] == "other.html#new-id"
    assert "A “quoted” title" in note.get_text()
    script = soup.find("script").get_text()
    assert 'location.hash === "#old-id"' in script
    assert 'location.replace("other.html#new-id")' in script
