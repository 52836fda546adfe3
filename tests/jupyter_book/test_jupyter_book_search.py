"""The Jupyter Book 1 build (Sphinx 7.4) writes the same section search entries as the site."""

from __future__ import annotations

import json
from pathlib import Path


def index_entries(html: Path) -> dict[str, list[list]]:
    text = (html / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return {
        entry: [[index["docnames"][file], anchor, main] for file, anchor, main in found]
        for entry, found in index["indexentries"].items()
    }


def test_a_query_lands_on_the_same_section_as_in_the_main_build(jupyter_book_html, built_site):
    for phrase in ("drift", "kv cache", "prompt injection"):
        assert index_entries(jupyter_book_html)[phrase] == index_entries(built_site)[phrase]
    assert index_entries(built_site)["drift"] == [
        ["practice/observability", "practice-observability-drift", True]
    ]
