"""Our pages say things in our own words: no 6-word run of the article's wording, and no
sentence that keeps an article sentence's content words in the article's order.

The checker lives in tests/support/originality.py (its docstring explains the score); the
threshold is calibrated here on frozen passages of our old pages.
"""

import re
from pathlib import Path

import pytest

from opskb import paths
from support import originality as orig

DATA = Path(__file__).parents[1] / "data"
SHINGLES = orig.SHINGLES_FILE.read_text(encoding="utf-8").split()
STEMS = orig.load_fingerprint(orig.STEMS_FILE.read_text(encoding="utf-8"))
PAGES = orig.pages(paths.DOCS, paths.NOTEBOOKS)

# A made-up article for the mechanics (the real one is never in the repository).
ARTICLE = """A Tiny Title Of The Source Article

The quick brown fox jumps over the lazy dog near the river bank today.

Robust infrastructure for training and deployment can be costly. Foxes prefer quiet rivers.
"""
TINY = orig.article_fingerprint(ARTICLE)
TINY_STEMS = orig.load_fingerprint("\n".join(TINY))


def calibration() -> list[tuple[str, str, str]]:
    """(verdict, name, passage) for each block of the frozen calibration fixture."""
    text = (DATA / "originality-calibration.md").read_text(encoding="utf-8")
    blocks = re.findall(
        r"^== (flag|miss|pass) (\S+)\n(.*?)(?=^== |\Z)", text, re.MULTILINE | re.DOTALL
    )
    return [(verdict, name, body.strip()) for verdict, name, body in blocks]


CALIBRATION = calibration()


# --- 6-word shingles ---------------------------------------------------------------------
def test_words_ignore_case_markup_and_punctuation():
    assert orig.words("**The** quick-brown {term}`fox`!") == [
        "the",
        "quick",
        "brown",
        "term",
        "fox",
    ]


def test_shingles_are_consecutive_six_word_runs():
    runs = list(orig.shingles("one two three four five six seven"))
    assert runs == [(0, "one two three four five six"), (1, "two three four five six seven")]


def test_a_copied_run_is_found_through_formatting_and_merged_into_one_phrase():
    page = "As noted, *the quick brown fox* jumps over the lazy DOG near the river, we think."
    assert orig.copied_phrases(page, orig.fingerprint(ARTICLE)) == [
        "the quick brown fox jumps over the lazy dog near the river"
    ]


def test_two_separate_copies_are_reported_separately():
    page = "the quick brown fox jumps over. Something else entirely here and now: "
    page += "the lazy dog near the river bank"
    assert orig.copied_phrases(page, orig.fingerprint(ARTICLE)) == [
        "the quick brown fox jumps over",
        "the lazy dog near the river bank",
    ]


def test_a_paraphrase_and_the_title_are_not_copies():
    digests = orig.fingerprint(ARTICLE)
    assert orig.copied_phrases("A fast fox leapt the sleepy dog by the water.", digests) == []
    assert orig.copied_phrases("See *A Tiny Title Of The Source Article* by X.", digests) == []


# --- the fingerprints hold no text -------------------------------------------------------
def test_the_fingerprints_hold_digests_only():
    assert len(SHINGLES) > 500
    assert all(len(d) == 16 and int(d, 16) >= 0 for d in SHINGLES)
    assert len(STEMS) > 40
    assert sum(map(len, STEMS)) > 300
    assert orig.STEMS_FILE.read_text(encoding="utf-8").startswith(orig.FINGERPRINT_HEADER)
    assert all(len(d) == 8 and int(d, 16) >= 0 for line in STEMS for d in line)


def test_the_stems_fingerprint_is_one_line_of_digests_per_article_sentence():
    assert orig.article_sentences(ARTICLE) == [
        "A Tiny Title Of The Source Article",
        "The quick brown fox jumps over the lazy dog near the river bank today.",
        "Robust infrastructure for training and deployment can be costly.",
        "Foxes prefer quiet rivers.",
    ]
    assert TINY[0] == orig.FINGERPRINT_HEADER + orig.normaliser_id()
    assert TINY[4] == " ".join(orig.stem_digest(s) for s in ["fox", "prefer", "quiet", "river"])


def test_a_fingerprint_made_with_another_normaliser_is_refused():
    stale = "\n".join([orig.FINGERPRINT_HEADER + "000000000000", *TINY[1:]])
    with pytest.raises(orig.StaleFingerprintError, match="regenerate"):
        orig.load_fingerprint(stale)


def test_the_hosting_pages_boilerplate_is_dropped():
    page = ARTICLE + "\nLog in to comment\n\nMore articles\n"
    assert orig.article_body(page, drop_last_lines=2) == ARTICLE.rstrip() + "\n"


# --- normalising -------------------------------------------------------------------------
def test_stems_drop_stop_words_and_meet_spellings_abbreviations_and_synonyms():
    assert orig.stems("The organisation specialised in ML") == orig.stems(
        "an organization specialized in machine learning"
    )
    assert orig.stems("strong infrastructure is expensive") == orig.stems(
        "robust infrastructure, which can be costly"
    )


# --- what counts as prose ----------------------------------------------------------------
PAGE = """---
jupytext:
  format_name: myst
---

(some-label)=
# A heading

:::{admonition} Editorial note
:class: note

Body text of the note, with a {term}`glossary term <pipeline>` and {cite:p}`key2020`.
:::

```{code-cell} ipython3
infrastructure = "robust training deployment costly"
```

Plain prose with `inline code` and a [link text](https://example.org). Second sentence
goes on over a line break.

* - Table cell one
  - Table cell two
"""


def test_prose_keeps_line_numbers_and_visible_text_only():
    sentences = orig.site_sentences(PAGE)
    assert [(s.line, s.text) for s in sentences] == [
        (7, "A heading"),
        (9, "Editorial note"),
        (12, "Body text of the note, with a glossary term and ."),
        (19, "Plain prose with and a link text."),
        (19, "Second sentence goes on over a line break."),
        (22, "Table cell one"),
        (23, "Table cell two"),
    ]


# --- the structure check -----------------------------------------------------------------
def test_a_synonym_swap_in_the_articles_order_is_flagged():
    page = "Intro.\n\nStrong infrastructure for training and deploying is expensive.\n"
    [match] = orig.flagged(page, TINY_STEMS)
    assert (match.sentence.line, match.first, match.shared) == (3, 3, 5)
    assert match.score == pytest.approx(1.0)


def test_the_same_words_in_our_own_order_are_not_flagged():
    page = "Costs first: the infrastructure we deploy and train on is robust only if paid for.\n"
    assert orig.best_matches(orig.site_sentences(page), TINY_STEMS)[0].score < orig.THRESHOLD


def test_a_quotation_is_exempt_with_straight_or_curly_quotes():
    for quote in [
        '"Robust infrastructure for training and deployment can be costly"',
        "“Robust infrastructure for training and deployment can be costly”",
    ]:
        assert orig.flagged(f"The article warns: {quote} (Yadav).\n", TINY_STEMS) == []


def test_the_title_may_be_cited():
    page = "Restructured from *A Tiny Title of the Source Article* by X, in our own words.\n"
    assert orig.flagged(page, TINY_STEMS) == []


def test_crediting_the_article_does_not_hide_a_synonym_swap():
    """Attribution words are dropped, so "The claim. Per the article, ..." is no padding."""
    swap = "strong infrastructure for training and deploying is expensive"
    page = f"**The claim.** Per the article, as it argues and holds, {swap}.\n"
    [match] = orig.flagged(page, TINY_STEMS)
    assert match.score == pytest.approx(1.0)


def test_the_local_score_ignores_our_words_around_a_paraphrase():
    """Padding that is not attribution lowers the score but not the local score."""
    swap = "strong infrastructure for training and deploying is expensive"
    page = (
        "Budgets matter to every team we met in three countries over two busy years, and "
        f"finance leads, platform owners and engineers told us plainly that {swap}.\n"
    )
    [match] = orig.best_matches(orig.site_sentences(page), TINY_STEMS)
    assert match.score < orig.THRESHOLD
    assert (match.local, match.local_shared) == (pytest.approx(1.0), 5)
    assert match.flagged


def test_topic_words_alone_never_make_a_local_match():
    article = orig.load_fingerprint(
        "\n".join(orig.article_fingerprint("Title\n\nLLMOps and MLOps, language model, AI, ML.\n"))
    )
    page = "Some padding here: LLMOps MLOps language model AI ML, and more padding after.\n"
    [match] = orig.best_matches(orig.site_sentences(page), article)
    assert (match.local_shared, match.local) == (0, 0.0)


PADDED = (
    "robust infrastructure, first for training our ranking models over the winter and later "
    "for deployment in the seven regions where customers wait on each answer, is costly, "
    "as every finance lead we spoke with during those busy months reminded us"
)


def test_a_sentence_crediting_the_article_may_keep_only_a_few_of_its_words():
    [credited] = orig.best_matches(
        orig.site_sentences(f"The article warns that {PADDED}.\n"), TINY_STEMS
    )
    [own] = orig.best_matches(orig.site_sentences(f"We found that {PADDED}.\n"), TINY_STEMS)
    assert credited.local_shared == own.local_shared == 5
    assert own.margin < 0
    assert not own.flagged
    assert credited.flagged


def test_a_sentence_condensing_two_article_sentences_is_compared_with_both():
    page = "Strong infrastructure to train and deploy is expensive, and foxes like quiet rivers.\n"
    [match] = orig.flagged(page, TINY_STEMS)
    assert (match.first, match.last) == (3, 4)


# --- calibration on the passages issue 8 listed ------------------------------------------
def _best(passage: str) -> orig.Match:
    matches = orig.best_matches(orig.site_sentences(passage), STEMS)
    return max(matches, key=lambda m: (m.flagged, m.margin))


def test_the_calibration_fixture_holds_the_listed_passages_and_rewordings():
    verdicts = [verdict for verdict, _, _ in CALIBRATION]
    assert verdicts.count("flag") == 22  # 17 from issue 8, 5 from issue 17
    assert verdicts.count("miss") == 6  # issue 17's other listed passages
    assert verdicts.count("pass") >= 20


@pytest.mark.parametrize(
    ("verdict", "passage"),
    [(v, p) for v, _, p in CALIBRATION if v != "miss"],
    ids=[f"{v}-{n}" for v, n, _ in CALIBRATION if v != "miss"],
)
def test_calibration(verdict, passage):
    """Every listed synonym swap is flagged; every genuine rewording is not."""
    best = _best(passage)
    assert best.flagged == (verdict == "flag"), best.describe()


def test_calibration_margin_is_reported(capsys):
    """Print the calibration (margins over the thresholds of the listed passages, of the
    known misses and of the closest rewording); the thresholds lie between the two."""
    flag = [(n, _best(p)) for v, n, p in CALIBRATION if v == "flag"]
    miss = [(n, _best(p)) for v, n, p in CALIBRATION if v == "miss"]
    reworded = [_best(p) for v, _, p in CALIBRATION if v == "pass"]
    by_margin = [m.margin for _, m in flag if m.margin >= 0]
    by_length = [m.local_shared for _, m in flag if m.too_long_for_an_attribution]
    attributed = [m.local_shared for m in reworded if m.attributed]

    def line(matches):
        return "  ".join(f"{n}={m.score:.2f}/{m.local:.2f}/{m.local_shared}" for n, m in matches)

    with capsys.disabled():
        print(
            f"\nthresholds {orig.THRESHOLD} (score), {orig.LOCAL_THRESHOLD} (local), "
            f"{orig.ATTRIBUTED_MAX_SHARED} words (attributed); lowest margin of a passage "
            f"flagged by score {min(by_margin):+.2f}; highest margin of a rewording "
            f"{max(m.margin for m in reworded):+.2f}; most words kept by an attributed "
            f"rewording {max(attributed)}, fewest by a passage flagged for it {min(by_length)}"
        )
        print("flagged (score/local/words): " + line(flag))
        print("known misses: " + line(miss))
    assert max(m.margin for m in reworded) < 0 <= min(by_margin)
    assert max(attributed) <= orig.ATTRIBUTED_MAX_SHARED < min(by_length)
    # A known miss the check now catches belongs among the flags: keep the fixture true.
    assert [n for n, m in miss if m.flagged] == []


# --- the pages ---------------------------------------------------------------------------
def _name(page: Path) -> str:
    return str(page.relative_to(paths.REPO))


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_no_page_reuses_the_articles_wording(page):
    copied = orig.copied_phrases(page.read_text(encoding="utf-8"), SHINGLES)
    assert not copied, (
        f"{_name(page)} reuses the source article's wording; rewrite these passages in our "
        f"own words: {copied}"
    )


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_no_page_keeps_the_articles_sentence_structure(page):
    found = orig.flagged(page.read_text(encoding="utf-8"), STEMS, _name(page))
    assert not found, (
        f"{len(found)} sentence(s) of {_name(page)} keep an article sentence's content words "
        f"in the article's order (score >= {orig.THRESHOLD}). Rewrite each in our own "
        "structure: state the article's claim once, short and attributed ('The article holds "
        "that ...'), then argue in sentences shaped by our own argument; or quote the "
        'article "in quotation marks" with credit.\n' + "\n".join(m.describe() for m in found)
    )


def test_a_glossary_term_stands_apart_from_its_definition():
    page = "```{glossary}\nmachine learning\n  Models fitted to data.\n```\n"
    assert [s.text for s in orig.site_sentences(page)] == [
        "machine learning",
        "Models fitted to data.",
    ]
