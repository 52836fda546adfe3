"""The bundled handbook, chunking, the BM25 index, its version id and the retrieval metrics."""

import pytest

from opskb.examples import retrieval


@pytest.fixture(scope="module")
def documents():
    return retrieval.handbook()


def test_handbook_and_questions_are_big_enough_and_consistent(documents):
    questions = retrieval.questions()
    ids = {d.doc_id for d in documents}
    assert len(documents) >= 40
    assert len(questions) >= 30
    assert len({q.qid for q in questions}) == len(questions)
    for q in questions:
        assert set(q.relevant) <= ids, q.qid
        # The reference answer is a sentence of the first relevant page, copied exactly.
        page = next(d for d in documents if d.doc_id == q.relevant[0])
        assert q.reference in retrieval.sentences(page.text), q.qid


def test_data_files_say_they_are_synthetic():
    assert "Synthetic data, written for the opskb project" in retrieval.handbook_text()


def test_parse_documents_rejects_a_block_without_header():
    with pytest.raises(ValueError, match="needs a"):
        retrieval.parse_documents("no header here\nbody")
    with pytest.raises(ValueError, match="unique"):
        retrieval.parse_documents("[a] A\nx.\n\n[a] B\ny.")


def test_chunks_never_split_a_sentence_and_respect_the_limit(documents):
    config = retrieval.ChunkingConfig(chunk_words=15, include_title=False)
    chunks = retrieval.chunk_documents(documents, config)
    all_sentences = {s for d in documents for s in retrieval.sentences(d.text)}
    for chunk in chunks:
        parts = retrieval.sentences(chunk.text)
        assert set(parts) <= all_sentences
        assert len(parts) == 1 or len(chunk.text.split()) <= 15
    whole = retrieval.chunk_documents(documents, retrieval.ChunkingConfig(10_000, False))
    assert [c.text for c in whole] == [d.text for d in documents]
    with pytest.raises(ValueError, match="at least 1"):
        retrieval.chunk_documents(documents, retrieval.ChunkingConfig(chunk_words=0))


def test_index_version_changes_with_corpus_chunking_and_retriever():
    text = retrieval.handbook_text()
    chunking, retriever = retrieval.ChunkingConfig(), retrieval.RetrieverConfig()
    base = retrieval.index_version(text, chunking, retriever)
    assert base == retrieval.index_version(text, chunking, retriever)
    assert len(base) == 12
    changed = {
        retrieval.index_version(text + " ", chunking, retriever),
        retrieval.index_version(text, retrieval.ChunkingConfig(chunk_words=41), retriever),
        retrieval.index_version(text, chunking, retrieval.RetrieverConfig(k1=1.2)),
    }
    assert base not in changed
    assert len(changed) == 3


def test_search_finds_the_page_that_answers(documents):
    index = retrieval.Index(documents, retrieval.ChunkingConfig(chunk_words=40))
    hits = index.search("When is an idle GPU instance shut down?", 3)
    assert hits[0][0].doc_id == "cost-gpu"
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    assert index.search("the a of", 3) == []  # only stopwords: nothing to match
    ranked = index.ranked_documents("GPU instance idle", 5)
    assert ranked[0] == "cost-gpu"
    assert len(ranked) == len(set(ranked)) <= 5


def test_recall_and_reciprocal_rank():
    assert retrieval.recall_at_k(["a", "b", "c"], ["c", "d"], 3) == 0.5
    assert retrieval.recall_at_k(["a", "b", "c"], ["c"], 2) == 0.0
    assert retrieval.reciprocal_rank(["a", "b", "c"], ["b"]) == 0.5
    assert retrieval.reciprocal_rank(["a"], ["z"]) == 0.0
    with pytest.raises(ValueError, match="at least one relevant"):
        retrieval.recall_at_k(["a"], [], 1)


def test_sweep_covers_every_setting_and_recall_grows_with_k(documents):
    questions = retrieval.questions()
    results = retrieval.sweep(documents, questions, (15, 60), (1, 3))
    assert {(r.chunk_words, r.k) for r in results} == {(15, 1), (15, 3), (60, 1), (60, 3)}
    by = {(r.chunk_words, r.k): r for r in results}
    for size in (15, 60):
        assert by[size, 1].recall <= by[size, 3].recall
        assert 0 < by[size, 3].mrr <= 1
    table = retrieval.sweep_table(results)
    assert table.splitlines()[0] == "| chunk size (words) | chunks | recall@1 | recall@3 | MRR@3 |"
