"""General vs domain BPE tokenizers: training, counting, the comparison."""

import pytest

from opskb.examples import corpus, resources
from opskb.examples import tokenization as t

VOCAB = 500


@pytest.fixture(scope="module")
def tokenizers():
    return (
        t.train_bpe(corpus.documents("general"), VOCAB),
        t.train_bpe(corpus.documents("incidents-train"), VOCAB),
    )


def test_both_tokenizers_reach_the_same_vocabulary_size(tokenizers):
    assert [tok.get_vocab_size() for tok in tokenizers] == [VOCAB, VOCAB]


def test_domain_tokenizer_shortens_heldout_domain_documents(tokenizers):
    heldout = corpus.documents("incidents-heldout")
    comparison = t.compare(*tokenizers, heldout)
    assert len(comparison.general_tokens) == len(heldout)
    assert all(
        d < g for g, d in zip(comparison.general_tokens, comparison.domain_tokens, strict=True)
    )
    assert 0.2 < comparison.shortening < 0.6
    assert comparison.shortening == pytest.approx(
        1 - comparison.domain_total / comparison.general_total
    )


def test_the_specialisation_cuts_both_ways(tokenizers):
    # On everyday prose the general tokenizer is the shorter one.
    comparison = t.compare(*tokenizers, corpus.documents("general"))
    assert comparison.shortening < 0


def test_compute_saving_is_proportional_to_tokens(tokenizers):
    comparison = t.compare(*tokenizers, corpus.documents("incidents-heldout"))
    general_flops, domain_flops = comparison.compute_saving(n_params=1e8, n_documents=1e6)
    assert domain_flops / general_flops == pytest.approx(1 - comparison.shortening)
    tokens_per_doc = comparison.general_total / len(comparison.general_tokens)
    assert general_flops == pytest.approx(resources.training_flops(1e8, tokens_per_doc * 1e6))


def test_token_counts_and_readable_tokens(tokenizers):
    _, domain = tokenizers
    text = "Rolled back the deployment"
    tokens = t.readable_tokens(domain, text)
    assert t.token_counts(domain, ["", text]) == [0, len(tokens)]
    assert tokens[-2:] == ["_the", "_deployment"]  # learnt whole, with the space marker
    assert "".join(tokens).replace("_", " ") == text


def test_train_bpe_validates_its_inputs():
    with pytest.raises(ValueError, match="vocab_size must exceed the 256-symbol byte alphabet"):
        t.train_bpe(["some text"], 200)
    with pytest.raises(ValueError, match="cannot train a tokenizer on empty text"):
        t.train_bpe(["", "  "], 300)
    with pytest.raises(ValueError, match=r"supports only \d+ tokens, fewer than vocab_size=5000"):
        t.train_bpe(["a tiny corpus"], 5000)


def test_compare_needs_documents(tokenizers):
    with pytest.raises(ValueError, match="no documents to compare on"):
        t.compare(*tokenizers, [])


def test_comparison_table_lists_each_document_and_the_total():
    comparison = t.Comparison(general_tokens=(10, 20), domain_tokens=(5, 15))
    assert t.comparison_table(comparison).splitlines()[2:] == [
        "| document 1 | 10 | 5 | 50% |",
        "| document 2 | 20 | 15 | 25% |",
        "| **all** | 30 | 20 | **33%** |",
    ]


def test_tokenizer_version_is_a_content_hash():
    texts = corpus.documents("general")
    first = t.train_bpe(texts, 300)
    again = t.train_bpe(texts, 300)
    assert t.tokenizer_version(first) == t.tokenizer_version(again)
    assert len(t.tokenizer_version(first)) == 12
    more_text = t.train_bpe([*texts, *corpus.documents("incidents-train")[:2]], 300)
    bigger = t.train_bpe(texts, 301)
    versions = {t.tokenizer_version(each) for each in (first, more_text, bigger)}
    assert len(versions) == 3


def test_check_tokenizer_refuses_another_version():
    texts = corpus.documents("general")
    recorded = t.tokenizer_version(t.train_bpe(texts, 300))
    t.check_tokenizer(recorded, t.train_bpe(texts, 300))
    with pytest.raises(ValueError, match=f"does not match {recorded}"):
        t.check_tokenizer(recorded, t.train_bpe(texts, 301))


def test_version_table_lists_each_tokenizer():
    tokenizer = t.train_bpe(corpus.documents("general"), 300)
    rows = t.version_table([("general", tokenizer)]).splitlines()
    assert rows[2] == f"| general | `{t.tokenizer_version(tokenizer)}` | 300 |"


def test_hold_out_keeps_every_nth_document_apart():
    train, held = t.hold_out(list("abcdefgh"), every=4)
    assert (train, held) == (list("abcefg"), list("dh"))
