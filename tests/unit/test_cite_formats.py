"""opskb.citation: the three citation formats, their escaping, keys and URLs."""

from __future__ import annotations

import datetime as dt
import re
from email.message import Message

import pytest

from opskb import citation

PAGE = citation.Citation(
    title="What LLMOps means",
    site="opskb: LLMOps vs MLOps",
    author="The opskb authors",
    version="0.3.1",
    url="https://opskb.readthedocs.io/en/latest/definitions.html",
    key="opskb-definitions",
    date=dt.date(2026, 11, 29),
)
UNDATED = citation.Citation(**{**PAGE.__dict__, "date": None})


def test_plain_text_is_apa_style_with_version_site_and_url():
    assert citation.plain_text(PAGE) == (
        "The opskb authors. (2026, November 29). What LLMOps means (Version 0.3.1). "
        "opskb: LLMOps vs MLOps. https://opskb.readthedocs.io/en/latest/definitions.html"
    )


def test_plain_text_without_a_recorded_date_says_no_date():
    assert "(n.d.)" in citation.plain_text(UNDATED)
    assert "2026" not in citation.plain_text(UNDATED)


def test_plain_text_does_not_double_a_final_full_stop():
    dotted = citation.Citation(**{**PAGE.__dict__, "title": "Costs, etc."})
    assert "Costs, etc (Version 0.3.1)." in citation.plain_text(dotted)


def bibtex_fields(entry: str) -> dict[str, str]:
    return dict(re.findall(r"^  (\w+)\s*= (.*),$", entry, flags=re.MULTILINE))


def test_bibtex_is_a_misc_entry_with_every_fact():
    entry = citation.bibtex(PAGE)
    assert entry.startswith("@misc{opskb-definitions,\n")
    assert entry.endswith("\n}")
    fields = bibtex_fields(entry)
    assert fields == {
        "author": "{{The opskb authors}}",
        "title": "{{What LLMOps means}}",
        "year": "{2026}",
        "month": "nov",
        "howpublished": "{\\url{https://opskb.readthedocs.io/en/latest/definitions.html}}",
        "url": "{https://opskb.readthedocs.io/en/latest/definitions.html}",
        "note": "{opskb: LLMOps vs MLOps, version 0.3.1}",
    }


def test_bibtex_braces_balance_and_fields_align():
    entry = citation.bibtex(PAGE)
    assert entry.count("{") == entry.count("}")
    equals_columns = {line.index("=") for line in entry.splitlines()[1:-1]}
    assert len(equals_columns) == 1


def test_bibtex_without_a_date_has_no_year():
    fields = bibtex_fields(citation.bibtex(UNDATED))
    assert "year" not in fields
    assert "month" not in fields
    assert fields["title"] == "{{What LLMOps means}}"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("R&D", r"R\&D"),
        ("100% of {x}", r"100\% of \{x\}"),
        ("a_b #1 $2", r"a\_b \#1 \$2"),
        ("~^\\", r"\textasciitilde{}\textasciicircum{}\textbackslash{}"),
        ("plain words", "plain words"),
    ],
)
def test_bibtex_escape(text, escaped):
    assert citation.bibtex_escape(text) == escaped


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
    ("docname", "key"),
    [
        ("definitions", "opskb-definitions"),
        ("notebooks/Drift_Check", "opskb-notebooks-drift-check"),
        ("index", "opskb-index"),
    ],
)
def test_citation_key(docname, key):
    assert citation.citation_key("opskb", docname) == key


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
