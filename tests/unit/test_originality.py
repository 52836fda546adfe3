"""Our pages paraphrase the source article; none reuses a 6-word run of its wording."""

from pathlib import Path

import pytest

from opskb import paths
from support.originality import copied_phrases, fingerprint, shingles, words

ARTICLE = """A Tiny Title Of The Source Article

The quick brown fox jumps over the lazy dog near the river bank today.
"""
FINGERPRINT = (Path(__file__).parents[1] / "data" / "article-shingles.txt").read_text().split()
PAGES = sorted([*paths.DOCS.glob("*.md"), *paths.NOTEBOOKS.glob("*.md")])


def test_words_ignore_case_markup_and_punctuation():
    assert words("**The** quick-brown {term}`fox`!") == ["the", "quick", "brown", "term", "fox"]


def test_shingles_are_consecutive_six_word_runs():
    runs = list(shingles("one two three four five six seven"))
    assert runs == [(0, "one two three four five six"), (1, "two three four five six seven")]


def test_a_copied_run_is_found_through_formatting_and_merged_into_one_phrase():
    page = "As noted, *the quick brown fox* jumps over the lazy DOG near the river, we think."
    assert copied_phrases(page, fingerprint(ARTICLE)) == [
        "the quick brown fox jumps over the lazy dog near the river"
    ]


def test_two_separate_copies_are_reported_separately():
    page = "the quick brown fox jumps over. Something else entirely here and now: "
    page += "the lazy dog near the river bank"
    assert copied_phrases(page, fingerprint(ARTICLE)) == [
        "the quick brown fox jumps over",
        "the lazy dog near the river bank",
    ]


def test_a_paraphrase_and_the_title_are_not_copies():
    digests = fingerprint(ARTICLE)
    assert copied_phrases("A fast fox leapt the sleepy dog by the water.", digests) == []
    assert copied_phrases("See *A Tiny Title Of The Source Article* by X.", digests) == []


def test_the_fingerprint_holds_digests_only():
    assert len(FINGERPRINT) > 500
    assert all(len(d) == 16 and int(d, 16) >= 0 for d in FINGERPRINT)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_page_reuses_the_articles_wording(page):
    copied = copied_phrases(page.read_text(encoding="utf-8"), FINGERPRINT)
    assert not copied, (
        f"{page.relative_to(paths.REPO)} reuses the source article's wording; rewrite these "
        f"passages in our own words: {copied}"
    )
