"""The phrases a section is found by, and which section a glossary term is about."""

from __future__ import annotations

from opskb.sphinxext.search_entries import Section, is_target, phrases, place_terms


def test_a_title_gives_its_parts_their_heads_and_a_spaced_form_of_hyphenated_words() -> None:
    found = phrases("Parameter-efficient fine-tuning: LoRA and QLoRA")
    assert {"lora", "qlora", "parameter efficient fine tuning"} <= set(found)
    assert "drift" in phrases("Drift in LLM applications")
    assert "perplexity" in phrases("Why perplexity is no answer for hosted models")
    assert "gateway" in phrases("A gateway that enforces them")
    assert "nist ai rmf" in phrases("NIST AI RMF 1.0")


def test_notebook_pages_the_glossary_and_the_404_page_are_no_search_targets() -> None:
    assert [is_target(d) for d in ("practice/serving", "notebooks/serving-cost", "glossary")] == [
        True,
        False,
        False,
    ]


def test_a_term_goes_to_the_shortest_title_that_holds_its_words_plurals_included() -> None:
    sections = [
        Section("docs", "governance", "Documentation: model cards and datasheets"),
        Section("cards", "governance", "Model cards"),
        Section("tokens", "serving", "Tokens as the unit of cost"),
        Section("kv", "serving", "KV-cache memory"),
        Section("metrics", "retrieval", "Retrieval metrics: recall@k and MRR"),
        Section("drift", "observability", "Drift in LLM applications"),
    ]
    terms = ["model card", "KV cache", "tokenization", "datasheet"]
    terms += ["mean reciprocal rank", "large language model"]
    assert {term: s.label for term, s in place_terms(terms, sections).items()} == {
        "model card": "cards",
        "KV cache": "kv",
        "datasheet": "docs",
        "mean reciprocal rank": "metrics",  # by its initials, a whole part of the title
    }
