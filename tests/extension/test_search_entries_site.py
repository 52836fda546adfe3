"""Search entries for labelled sections, on the tiny site tests/roots/test-search-entries.

``serving`` has two labelled sections ("KV-cache memory", "Drift in LLM applications") and
one without a label; the glossary defines "KV cache" (a section is about it) and
"perplexity" (no section is).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest


def search_index(app) -> dict:
    text = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def entries(app, phrase: str) -> set[tuple[str, str, bool]]:
    index = search_index(app)
    return {
        (index["docnames"][file], anchor, main)
        for file, anchor, main in index["indexentries"].get(phrase, [])
    }


@pytest.mark.sphinx("html", testroot="search-entries", freshenv=True)
def test_a_title_word_and_a_glossary_term_point_at_their_labelled_section(app, warning):
    app.build()
    assert warning.getvalue() == ""
    assert entries(app, "drift") == {("serving", "tiny-serving-drift", True)}
    # The glossary keeps its definition in the search, listed after the section about it.
    assert entries(app, "kv cache") == {
        ("serving", "tiny-serving-kv-cache", True),
        ("glossary", "term-KV-cache", False),
    }
    # A term no section is about stays the glossary's main entry.
    assert entries(app, "perplexity") == {("glossary", "term-perplexity", True)}


@pytest.mark.sphinx("html", testroot="search-entries", freshenv=True)
def test_sections_without_a_label_get_no_entry_and_the_page_gets_no_new_id(app):
    app.build()
    assert entries(app, "a section without a label") == set()
    html = (Path(app.outdir) / "serving.html").read_text(encoding="utf-8")
    assert 'id="index-' not in html
    assert "drift" not in (Path(app.outdir) / "genindex.html").read_text(encoding="utf-8").lower()


@pytest.mark.sphinx("html", testroot="search-entries", freshenv=True)
def test_only_the_search_page_loads_the_script_that_names_sections_in_results(app, warning):
    app.build()
    assert warning.getvalue() == ""

    def scripts(page: str) -> list[str]:
        html = (Path(app.outdir) / page).read_text(encoding="utf-8")
        return re.findall(r"<script[^>]*opskb-search\.js[^>]*>", html)

    [tag] = scripts("search.html")
    assert "defer" in tag  # runs after searchtools.js, before the first query
    assert scripts("serving.html") == scripts("index.html") == []
