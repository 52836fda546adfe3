"""opskb.citation: the CSL record, the styles citeproc-py renders from it, BibTeX (read back
by pybtex), RIS (read back by pybtex's RIS parser), the Markdown link, keys and URLs."""

from __future__ import annotations

import datetime as dt
from email.message import Message

import pytest
import rispy
from pybtex.database import parse_string

from opskb import citation

PAGE = citation.Citation(
    title="What LLMOps means",
    site="opskb: LLMOps vs MLOps",
    author="The opskb authors",
    version="0.3.1",
    url="https://opskb.readthedocs.io/en/latest/definitions.html",
    key="opskb-0.3.1-definitions",
    date=dt.date(2026, 11, 29),
)
UNDATED = citation.Citation(**{**PAGE.__dict__, "date": None})


def record_text(style: str, item: citation.Citation = PAGE) -> str:
    return citation.render(citation.csl_json(item), style)


def test_csl_json_record_is_a_versioned_web_page_by_one_organisation():
    record = citation.csl_json(PAGE)
    assert record == {
        "id": "opskb-0.3.1-definitions",
        "type": "webpage",
        "title": "What LLMOps means",
        "author": [{"literal": "The opskb authors"}],
        "container-title": "opskb: LLMOps vs MLOps",
        "version": "0.3.1",
        "URL": PAGE.url,
        "issued": {"date-parts": [[2026, 11, 29]]},
        "accessed": {"date-parts": [[2026, 11, 29]]},
    }
    assert "issued" not in citation.csl_json(UNDATED)


@pytest.mark.parametrize(("key", "_name", "style"), citation.STYLES)
def test_every_style_renders_title_author_and_versioned_url(key, _name, style):
    text = record_text(style)
    assert text.startswith("The opskb authors")  # one name, never "authors, T. o."
    assert "llmops means" in text.lower()  # Chicago title-cases it
    assert PAGE.url in text
    assert "2026" in text


def test_apa_gives_the_date_of_the_version_and_chicago_the_version():
    assert "(2026, November 29)" in record_text("apa")
    assert "Version 0.3.1" in record_text("chicago-author-date")


def test_numeric_style_leaves_the_number_to_the_citer():
    assert not record_text("ieee").startswith("[")


def test_styles_without_a_date_render_without_one():
    for _key, _name, style in citation.STYLES:
        assert "2026" not in record_text(style, UNDATED)


def test_html_rendering_marks_up_the_title():
    html = citation.render(citation.csl_json(PAGE), "apa", html=True)
    assert "<i>What LLMOps means</i>" in html


def parse_bibtex(text: str):
    (entry,) = parse_string(text, "bibtex").entries.values()
    return entry


def test_bibtex_parses_with_a_versioned_key_urldate_and_one_url():
    text = citation.bibtex(PAGE)
    assert text.startswith("@misc{opskb-0.3.1-definitions,")
    entry = parse_bibtex(text)
    assert entry.type == "misc"
    assert [str(person) for person in entry.persons["author"]] == ["{The opskb authors}"]
    assert entry.fields["url"] == PAGE.url
    assert entry.fields["urldate"] == "2026-11-29"
    assert entry.fields["year"] == "2026"
    assert entry.fields["version"] == "0.3.1"
    assert "howpublished" not in entry.fields
    assert text.count(PAGE.url) == 1


def test_bibtex_escapes_latex_specials_but_not_the_url():
    odd = citation.Citation(
        **{**PAGE.__dict__, "title": "R&D at 100% #1", "url": "https://x.org/a_b.html#c_d"}
    )
    entry = parse_bibtex(citation.bibtex(odd))
    assert entry.fields["title"] == r"{R\&D at 100\% \#1}"
    assert entry.fields["url"] == "https://x.org/a_b.html#c_d"


def test_bibtex_without_a_date_has_no_year_and_no_urldate():
    entry = parse_bibtex(citation.bibtex(UNDATED))
    assert "year" not in entry.fields
    assert "urldate" not in entry.fields


def parse_ris(text: str) -> dict:
    (entry,) = rispy.loads(text)
    return entry


def test_ris_is_a_web_page_record_that_a_ris_reader_parses():
    text = citation.ris(PAGE)
    assert text.startswith("TY  - ELEC\n")
    assert text.endswith("ER  - \n")
    entry = parse_ris(text)
    assert entry["type_of_reference"] == "ELEC"
    assert entry["title"] == "What LLMOps means"
    assert entry["urls"] == [PAGE.url]
    assert entry["year"] == "2026"
    assert entry["access_date"] == "2026/11/29"
    assert "Y2  - 2026/11/29" in text


def test_ris_keeps_each_value_on_one_line():
    broken = citation.Citation(**{**PAGE.__dict__, "title": "Two\nlines"})
    assert "TI  - Two lines\n" in citation.ris(broken)


def test_markdown_link_escapes_its_text_and_encodes_its_url():
    odd = citation.Citation(
        **{**PAGE.__dict__, "title": "Costs [draft] *now*", "url": "https://x.org/a (b).html"}
    )
    assert citation.markdown_link(odd) == (
        r"[Costs \[draft\] \*now\* (opskb: LLMOps vs MLOps, version 0.3.1)]"
        "(https://x.org/a%20%28b%29.html)"
    )


def test_markdown_link_keeps_a_section_fragment():
    section = citation.Citation(**{**PAGE.__dict__, "url": PAGE.url + "#llmops-definition"})
    assert citation.markdown_link(section).endswith("definitions.html#llmops-definition)")


@pytest.mark.parametrize(
    ("docname", "label", "key"),
    [
        ("definitions", "", "opskb-0.3.1-definitions"),
        ("notebooks/Drift_Check", "", "opskb-0.3.1-notebooks-drift-check"),
        ("definitions", "llmops-definition", "opskb-0.3.1-definitions-llmops-definition"),
    ],
)
def test_citation_key_names_the_version(docname, label, key):
    assert citation.citation_key("opskb", "0.3.1", docname, label) == key


@pytest.mark.parametrize(
    ("base", "uri", "url"),
    [
        ("https://x.org/en/latest/", "a/b.html", "https://x.org/en/latest/a/b.html"),
        ("https://x.org/en/latest", "index.html", "https://x.org/en/latest/index.html"),
        ("", "page.html", "page.html"),
    ],
)
def test_canonical_url(base, uri, url):
    assert citation.canonical_url(base, uri) == url


def test_human_date_names_the_month():
    assert citation.human_date(dt.date(2026, 1, 5)) == "5 January 2026"


def test_documentation_url_comes_from_the_package_metadata():
    assert citation.documentation_url() == "https://opskb.readthedocs.io/en/latest/"


def fake_metadata(*project_urls: str) -> Message:
    message = Message()
    for entry in project_urls:
        message["Project-URL"] = entry
    return message


def test_documentation_url_is_found_among_other_project_urls(monkeypatch):
    meta = fake_metadata("Source, https://code.example.org/kb", "documentation ,https://kb.org/")
    monkeypatch.setattr(citation.metadata, "metadata", lambda name: meta)
    assert citation.documentation_url("kb") == "https://kb.org/"


def test_documentation_url_of_a_package_without_one_is_an_error(monkeypatch):
    meta = fake_metadata("Source, https://code.example.org/kb")
    monkeypatch.setattr(citation.metadata, "metadata", lambda name: meta)
    with pytest.raises(LookupError, match="Documentation"):
        citation.documentation_url("kb")
