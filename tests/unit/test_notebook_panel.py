"""The "Run this notebook" panel and a notebook page's Previous/Next (pure functions).

The built site's notebook pages are checked in tests/site/test_notebook_pages.py.
"""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from opskb import paths
from opskb.execute import sources
from opskb.sphinxext import notebook_panel as panel
from support import site_audit

FACTS = panel.NotebookFacts("practice-evaluation", "A stand-in <b>pipeline</b>; it measures F1.")


def panel_soup(source: str = "https://github.com/o/r/blob/1.2.3/notebooks/nb.md") -> BeautifulSoup:
    links = panel.PanelLinks(
        ipynb="../kit/notebooks/nb.ipynb",
        kit="../kit/opskb-notebooks-1.2.3.zip",
        source=source,
    )
    return BeautifulSoup(panel.panel_html("nb", "1.2.3", FACTS, links), "html.parser")


def test_from_a_notebook_page_the_kit_links_resolve_to_the_kit_at_the_output_root():
    page = "notebooks/evaluation-harness.html"
    hrefs = {
        panel.kit_url(page, panel.ipynb_path("evaluation-harness")),
        panel.kit_url(page, panel.kit_path("1.2.3")),
    }
    assert {site_audit.resolve(page, href).path for href in hrefs} == {
        "kit/notebooks/evaluation-harness.ipynb",
        "kit/opskb-notebooks-1.2.3.zip",
    }


def test_the_source_link_is_the_text_notebook_at_the_tag_of_this_version():
    url = panel.source_url("https://github.com/opskb/opskb/", "0.3.0", "guardrails")
    assert url == "https://github.com/opskb/opskb/blob/0.3.0/notebooks/guardrails.md"


def test_the_panel_gives_the_summary_the_downloads_the_source_and_three_commands():
    soup = panel_soup()
    assert soup.find("p", string=FACTS.summary) is not None  # escaped, not markup
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs == [
        "../kit/notebooks/nb.ipynb",
        "../kit/opskb-notebooks-1.2.3.zip",
        "https://github.com/o/r/blob/1.2.3/notebooks/nb.md",
    ]
    commands = [code.get_text() for code in soup.select("ol code")]
    assert commands == [
        "opskb-notebooks-1.2.3.zip",
        "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt",
        ".venv/bin/jupyter lab notebooks",
    ]


def test_without_a_repository_the_panel_has_no_source_links():
    hrefs = [a["href"] for a in panel_soup(source="").find_all("a")]
    assert all("github" not in href for href in hrefs)


def test_the_panel_goes_right_under_the_title():
    body = '<section id="x"><h1>Title</h1><p>First.</p></section>'
    assert panel.insert_after_title(body, "<aside/>") == (
        '<section id="x"><h1>Title</h1>\n<aside/><p>First.</p></section>'
    )
    assert panel.insert_after_title("<p>no title</p>", "<aside/>") == "<p>no title</p>"


def test_previous_is_the_supported_page_and_next_the_page_after_it():
    relations = {
        "practice/evaluation": ["practice/index", "practice/prompts", "practice/retrieval"],
        "practice/tools": ["practice/index", "practice/governance", None],
    }
    assert panel.neighbours("practice/evaluation", relations) == (
        "practice/evaluation",
        "practice/retrieval",
    )
    assert panel.neighbours("practice/tools", relations) == ("practice/tools", None)


def test_facts_come_from_the_opskb_key_of_the_metadata():
    metadata = {"opskb": {"supports": " practice-agents ", "summary": "Two\n  lines."}}
    assert panel.facts_from_metadata(metadata) == panel.NotebookFacts(
        "practice-agents", "Two lines."
    )


@pytest.mark.parametrize(
    ("metadata", "says"),
    [({}, "no 'opskb:' mapping"), ({"opskb": {"supports": "x"}}, "lacks summary")],
)
def test_missing_facts_are_an_error_that_names_what_is_missing(metadata, says):
    with pytest.raises(panel.FactsError, match=says):
        panel.facts_from_metadata(metadata)


def test_facts_are_read_from_an_ipynb_and_from_a_text_notebook(tmp_path):
    facts = {"opskb": {"supports": "a-label", "summary": "Text."}}
    ipynb = tmp_path / "a.ipynb"
    ipynb.write_text(json.dumps({"metadata": facts, "cells": []}), encoding="utf-8")
    text = tmp_path / "b.md"
    text.write_text("---\nopskb:\n  supports: a-label\n  summary: Text.\n---\n# B\n")
    assert panel.read_metadata(ipynb) == facts
    assert panel.read_metadata(text) == facts


def test_every_notebook_names_what_it_supports_and_a_short_summary():
    for path in sources.discover(paths.NOTEBOOKS):
        facts = panel.facts_from_metadata(panel.read_metadata(path))
        assert len(facts.summary) <= 300, path.name
