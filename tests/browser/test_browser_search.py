"""Search lands on sections (issue 20, item 5): each query's first result is its section.

The queries and the sections they should land on are in tests/data/search-queries.toml.
Each query is typed into the search box of the search page and submitted with Enter, as a
reader does: one page load per query, in one browser tab.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

QUERIES = tomllib.loads(
    (Path(__file__).resolve().parents[1] / "data" / "search-queries.toml").read_text("utf-8")
)["query"]
#: The share of queries whose first result must be the expected section (issue 20).
REQUIRED_SHARE = 0.9


def test_search_lands_on_the_section_for_nine_queries_in_ten(visit) -> None:
    # The share below means something only over enough distinct queries.
    texts = [q["text"].lower() for q in QUERIES]
    assert len(set(texts)) == len(texts) >= 25, "tests/data/search-queries.toml"
    page = visit("search.html").page
    hits, misses = 0, []
    for query in QUERIES:
        box = page.locator("form[role=search] input[name=q]").first  # the sidebar's search box
        box.fill(query["text"])
        with page.expect_navigation(url=re.compile(r"search\.html\?q=")):
            box.press("Enter")
        summary = page.locator("#search-results .search-summary")
        expect(summary).to_have_text(re.compile(r"Search finished|did not match"), timeout=10_000)
        first = page.locator("#search-results ul.search li > a").first
        href = first.get_attribute("href") if first.count() else None
        expected = f"{query['page']}.html#{quote(query['label'])}"
        if href == expected:
            hits += 1
        else:
            misses.append(f"{query['text']!r}: first result {href}, expected {expected}")
    share = hits / len(QUERIES)
    print(f"\nsearch: {hits}/{len(QUERIES)} queries land on their section ({share:.0%})")
    print("\n".join(f"  miss {m}" for m in misses))
    if share < REQUIRED_SHARE:
        pytest.fail(f"{hits}/{len(QUERIES)} is under {REQUIRED_SHARE:.0%}:\n" + "\n".join(misses))


def test_a_result_at_a_section_names_the_page_and_the_section(visit) -> None:
    opened = visit("search.html?q=drift")
    page = opened.page
    summary = page.locator("#search-results .search-summary")
    expect(summary).to_have_text(re.compile(r"Search finished"), timeout=10_000)
    first = page.locator("#search-results ul.search li > a").first
    assert first.get_attribute("href") == "practice/observability.html#practice-observability-drift"
    assert first.inner_text() == "Observability > Drift in LLM applications"
    assert opened.log.console_errors == []
