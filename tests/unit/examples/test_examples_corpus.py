"""The bundled corpus loads from package data and splits into documents."""

import pytest

from opskb.examples import corpus


@pytest.mark.parametrize("name", corpus.CORPUS_NAMES)
def test_each_corpus_has_several_non_empty_documents(name):
    documents = corpus.documents(name)
    assert len(documents) >= 5
    assert all(doc and doc == doc.strip() and "\n\n" not in doc for doc in documents)
    assert corpus.read_text(name).count("\n\n") + 1 >= len(documents)


def test_domain_and_general_text_differ_and_heldout_is_not_in_training():
    general = corpus.read_text("general")
    train = corpus.documents("incidents-train")
    heldout = corpus.documents("incidents-heldout")
    assert "on-call" in " ".join(train)
    assert "on-call" not in general
    assert not set(heldout) & set(train)


def test_unknown_corpus_is_named_in_the_error():
    with pytest.raises(ValueError, match="unknown corpus 'news'; choose one of general"):
        corpus.read_text("news")
