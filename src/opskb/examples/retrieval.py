"""Retrieval over a bundled handbook: chunking, a BM25 index with a version id, and metrics.

The corpus is the operations handbook of Fernhill, a fictional company, written for this
project (``data/ops-handbook.txt``), with questions labelled with the documents that answer
them (``data/ops-handbook-questions.tsv``). The retriever is lexical BM25 from ``bm25s``
(Robertson and Zaragoza's ranking function, on sparse matrices): it needs no model download,
indexes the corpus in milliseconds and ranks the same way on every run. An embedding
retriever would slot in behind the same :class:`Index` interface; what the notebooks show
about chunking, metrics and index versions does not depend on which one it is.

Chunking packs whole sentences into chunks of at most ``chunk_words`` words, so no sentence
is ever split; a sentence longer than the limit becomes a chunk of its own. Each chunk keeps
the id of its document, and a ranked list of chunks becomes a ranked list of documents by
first appearance, which is what recall@k and MRR are computed on.
"""

from __future__ import annotations

import hashlib
import json
import re
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources

import numpy as np

from opskb.examples.display import markdown_table

with warnings.catch_warnings():
    # bm25s imports tqdm.auto, which warns in a kernel without ipywidgets; we show no bars.
    warnings.filterwarnings("ignore", message="IProgress not found")
    import bm25s

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_DOC_HEADER = re.compile(r"^\[(?P<id>[a-z0-9-]+)\] (?P<title>.+)$")


@dataclass(frozen=True)
class Document:
    """One handbook page: an id, a title and its text."""

    doc_id: str
    title: str
    text: str


@dataclass(frozen=True)
class Question:
    """A question, the documents that answer it and the reference answer sentence."""

    qid: str
    relevant: tuple[str, ...]
    text: str
    reference: str


@dataclass(frozen=True)
class Chunk:
    """Consecutive sentences of one document."""

    doc_id: str
    text: str


@dataclass(frozen=True)
class ChunkingConfig:
    """How documents are cut into chunks; part of the index version."""

    chunk_words: int = 40
    include_title: bool = True


@dataclass(frozen=True)
class RetrieverConfig:
    """Which ranking function and parameters; part of the index version."""

    method: str = "bm25s/lucene"
    k1: float = 1.5
    b: float = 0.75
    stopwords: str = "en"


def _data(name: str) -> str:
    return resources.files("opskb.examples").joinpath("data", name).read_text("utf-8")


def _without_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("#"))


def parse_documents(text: str) -> list[Document]:
    """Documents from handbook text: ``[id] Title`` then the body, blank lines between."""
    documents = []
    for block in re.split(r"\n\s*\n", _without_comments(text)):
        lines = block.strip().splitlines()
        if not lines:
            continue
        header = _DOC_HEADER.match(lines[0])
        if header is None or len(lines) < 2:  # a header and a body
            raise ValueError(f"a document needs a '[id] Title' line and a body: {lines[0]!r}")
        body = " ".join(line.strip() for line in lines[1:])
        documents.append(Document(header["id"], header["title"], body))
    ids = [d.doc_id for d in documents]
    if len(set(ids)) != len(ids):
        raise ValueError("document ids must be unique")
    return documents


@cache
def handbook_text() -> str:
    """The raw bundled handbook, comments included (the corpus part of the index version)."""
    return _data("ops-handbook.txt")


def handbook() -> list[Document]:
    """The bundled handbook, in file order."""
    return parse_documents(handbook_text())


def questions() -> list[Question]:
    """The bundled labelled questions, in file order."""
    result = []
    for line in _without_comments(_data("ops-handbook-questions.tsv")).splitlines():
        if not line.strip():
            continue
        qid, relevant, text, reference = line.split("\t")
        result.append(Question(qid, tuple(relevant.split(",")), text, reference))
    return result


def sentences(text: str) -> list[str]:
    """Split text after ``.``, ``!`` or ``?`` followed by white space."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def chunk_documents(documents: Sequence[Document], config: ChunkingConfig) -> list[Chunk]:
    """Pack each document's sentences into chunks of at most ``config.chunk_words`` words."""
    if config.chunk_words < 1:
        raise ValueError("chunk_words must be at least 1")
    chunks = []
    for doc in documents:
        groups: list[list[str]] = []
        words = 0
        for sentence in sentences(doc.text):
            n = len(sentence.split())
            if groups and words + n <= config.chunk_words:
                groups[-1].append(sentence)
                words += n
            else:
                groups.append([sentence])
                words = n
        prefix = f"{doc.title}. " if config.include_title else ""
        chunks.extend(Chunk(doc.doc_id, prefix + " ".join(group)) for group in groups)
    return chunks


def index_version(corpus_text: str, chunking: ChunkingConfig, retriever: RetrieverConfig) -> str:
    """A content hash of everything that decides what the index returns.

    Any change to the corpus, the chunking or the retriever's settings gives a new id, so an
    application can record which index answered a request and a release can require a
    re-index. (A production id would also pin the tokenizer or embedding model version.)
    """
    payload = json.dumps(
        {"corpus": corpus_text, "chunking": asdict(chunking), "retriever": asdict(retriever)},
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]


def _tokenize(texts: Sequence[str], stopwords: str) -> list[list[str]]:
    tokens = bm25s.tokenize(list(texts), stopwords=stopwords, return_ids=False, show_progress=False)
    return [list(t) for t in tokens]


class Index:
    """A BM25 index over chunks, with the version id of what it was built from."""

    def __init__(
        self,
        documents: Sequence[Document],
        chunking: ChunkingConfig | None = None,
        retriever: RetrieverConfig | None = None,
        *,
        corpus_text: str | None = None,
    ) -> None:
        self.chunking = chunking or ChunkingConfig()
        self.retriever = retriever or RetrieverConfig()
        self.chunks = chunk_documents(documents, self.chunking)
        if corpus_text is None:
            corpus_text = "\n\n".join(f"[{d.doc_id}] {d.title}\n{d.text}" for d in documents)
        self.version = index_version(corpus_text, self.chunking, self.retriever)
        self._bm25 = bm25s.BM25(k1=self.retriever.k1, b=self.retriever.b)
        self._bm25.index(
            _tokenize([c.text for c in self.chunks], self.retriever.stopwords),
            show_progress=False,
        )

    def search(self, query: str, k: int) -> list[tuple[Chunk, float]]:
        """The ``k`` best chunks for ``query``, best first, with their scores.

        Ties are broken by chunk order, so the ranking is the same on every run.
        """
        k = min(k, len(self.chunks))
        query_tokens = _tokenize([query], self.retriever.stopwords)[0]
        if not query_tokens:
            return []
        scores = self._bm25.get_scores(query_tokens)
        order = np.lexsort((np.arange(len(scores)), -scores))[:k]
        return [(self.chunks[i], float(scores[i])) for i in order if scores[i] > 0]

    def ranked_documents(self, query: str, k: int) -> list[str]:
        """Up to ``k`` document ids, in the order their first chunk is ranked."""
        ranked: list[str] = []
        for chunk, _score in self.search(query, len(self.chunks)):
            if chunk.doc_id not in ranked:
                ranked.append(chunk.doc_id)
            if len(ranked) == k:
                break
        return ranked


def recall_at_k(ranked: Sequence[str], relevant: Sequence[str], k: int) -> float:
    """Share of the relevant documents found among the first ``k`` ranked ones."""
    if not relevant:
        raise ValueError("a question needs at least one relevant document")
    return len(set(ranked[:k]) & set(relevant)) / len(set(relevant))


def reciprocal_rank(ranked: Sequence[str], relevant: Sequence[str]) -> float:
    """1/rank of the first relevant document, 0 when none is ranked."""
    for rank, doc_id in enumerate(ranked, start=1):
        if doc_id in relevant:
            return 1 / rank
    return 0.0


@dataclass(frozen=True)
class RetrievalScores:
    """Mean recall@k and MRR of one index over a question set."""

    chunk_words: int
    k: int
    recall: float
    mrr: float
    chunks: int


def evaluate(index: Index, qs: Sequence[Question], k: int) -> RetrievalScores:
    """Mean recall@k and MRR (over the top ``k`` documents) for the questions."""
    recalls, rrs = [], []
    for q in qs:
        ranked = index.ranked_documents(q.text, k)
        recalls.append(recall_at_k(ranked, q.relevant, k))
        rrs.append(reciprocal_rank(ranked, q.relevant))
    return RetrievalScores(
        index.chunking.chunk_words,
        k,
        float(np.mean(recalls)),
        float(np.mean(rrs)),
        len(index.chunks),
    )


def sweep(
    documents: Sequence[Document],
    qs: Sequence[Question],
    chunk_sizes: Sequence[int],
    ks: Sequence[int],
) -> list[RetrievalScores]:
    """recall@k and MRR for every chunk size and k (one index per chunk size)."""
    results = []
    for size in chunk_sizes:
        index = Index(documents, ChunkingConfig(chunk_words=size), corpus_text=handbook_text())
        results.extend(evaluate(index, qs, k) for k in ks)
    return results


def sweep_table(results: Sequence[RetrievalScores]) -> str:
    """Markdown: one row per chunk size, recall@k columns per k, and MRR."""
    sizes = sorted({r.chunk_words for r in results})
    ks = sorted({r.k for r in results})
    by = {(r.chunk_words, r.k): r for r in results}
    headers = ["chunk size (words)", "chunks", *[f"recall@{k}" for k in ks], f"MRR@{max(ks)}"]
    rows = []
    for size in sizes:
        row: list[object] = [size, by[size, ks[0]].chunks]
        row += [f"{by[size, k].recall:.3f}" for k in ks]
        row.append(f"{by[size, max(ks)].mrr:.3f}")
        rows.append(row)
    return markdown_table(headers, rows)
