"""An evaluation harness for a small question-answering system, with a regression gate.

The system under test has no language model in it: it retrieves chunks from the bundled
handbook (:mod:`opskb.examples.retrieval`) and answers with the sentence of the top chunks
that shares the most words with the question. It stands in for an LLM application so that
the harness around it -- a reference set, exact match and token F1, bootstrap confidence
intervals and a gate that compares two configurations on the same questions -- is real and
runs in seconds. None of the numbers says anything about how well a language model answers.

Metrics follow the SQuAD evaluation script's normalisation: lower case, punctuation and the
articles "a", "an", "the" removed, white space collapsed.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from opskb.examples import retrieval
from opskb.examples.display import markdown_table

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCTUATION = str.maketrans("", "", string.punctuation)
_WORD = re.compile(r"[a-z0-9]+")
# Words that say nothing about which sentence answers a question.
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "do",
        "does",
        "did",
        "i",
        "we",
        "you",
        "it",
        "its",
        "of",
        "to",
        "in",
        "on",
        "for",
        "at",
        "by",
        "with",
        "and",
        "or",
        "if",
        "how",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "why",
        "can",
        "may",
        "must",
        "after",
        "before",
        "long",
        "many",
        "much",
        "often",
        "soon",
        "there",
        "this",
        "that",
        "these",
        "those",
        "my",
        "our",
        "your",
        "their",
        "from",
        "as",
        "not",
        "no",
    ]
)


def normalize(text: str) -> str:
    """SQuAD-style normalisation: lower case, no punctuation, no articles, single spaces."""
    text = text.lower().translate(_PUNCTUATION)
    return " ".join(_ARTICLES.sub(" ", text).split())


def exact_match(prediction: str, reference: str) -> float:
    """1.0 when the normalised strings are equal, else 0.0."""
    return float(normalize(prediction) == normalize(reference))


def token_f1(prediction: str, reference: str) -> float:
    """Harmonic mean of token precision and recall after normalisation."""
    pred, ref = normalize(prediction).split(), normalize(reference).split()
    if not pred or not ref:
        return float(pred == ref)
    common = sum((Counter(pred) & Counter(ref)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


@dataclass(frozen=True)
class SystemConfig:
    """One version of the question-answering system: what a release would pin."""

    name: str
    chunk_words: int = 40
    top_k: int = 1


@dataclass(frozen=True)
class Answer:
    """The answer sentence, and the chunks it was chosen from."""

    text: str
    doc_ids: tuple[str, ...]


class QASystem:
    """Retrieve the top chunks, answer with the sentence that overlaps the question most."""

    def __init__(self, config: SystemConfig, index: retrieval.Index | None = None) -> None:
        self.config = config
        self.index = index or retrieval.Index(
            retrieval.handbook(),
            retrieval.ChunkingConfig(chunk_words=config.chunk_words, include_title=False),
            corpus_text=retrieval.handbook_text(),
        )

    def answer(self, question: str) -> Answer:
        """The best-overlapping sentence of the top ``top_k`` chunks; ties go to rank order."""
        return self.select(question, self.index.search(question, self.config.top_k))

    @staticmethod
    def select(question: str, hits: Sequence[tuple[retrieval.Chunk, float]]) -> Answer:
        """The sentence of the retrieved chunks that shares most content words with the
        question (the first one on a tie), without searching again."""
        wanted = _content_words(question)
        best, best_overlap = "", -1
        for chunk, _score in hits:
            for sentence in retrieval.sentences(chunk.text):
                overlap = len(wanted & _content_words(sentence))
                if overlap > best_overlap:
                    best, best_overlap = sentence, overlap
        return Answer(best, tuple(chunk.doc_id for chunk, _ in hits))


@dataclass(frozen=True)
class Scores:
    """Per-question exact match and token F1 for one system on one reference set."""

    config: SystemConfig
    exact: np.ndarray
    f1: np.ndarray


def score(system: QASystem, qs: Sequence[retrieval.Question]) -> Scores:
    """Answer every question and score it against its reference answer."""
    answers = [system.answer(q.text).text for q in qs]
    return Scores(
        system.config,
        np.array([exact_match(a, q.reference) for a, q in zip(answers, qs, strict=True)]),
        np.array([token_f1(a, q.reference) for a, q in zip(answers, qs, strict=True)]),
    )


@dataclass(frozen=True)
class Interval:
    """A point estimate and its bootstrap confidence interval."""

    estimate: float
    low: float
    high: float


def bootstrap_mean(
    values: np.ndarray, *, seed: int, confidence: float = 0.95, resamples: int = 2000
) -> Interval:
    """The mean and its percentile bootstrap interval (``scipy.stats.bootstrap``, seeded).

    The percentile method is used because per-question scores here are often all 0 or 1,
    where the BCa method's acceleration estimate is undefined.
    """
    values = np.asarray(values, dtype=float)
    if np.all(values == values[0]):  # no spread: every resample has the same mean
        return Interval(float(values[0]), float(values[0]), float(values[0]))
    result = stats.bootstrap(
        (values,),
        np.mean,
        confidence_level=confidence,
        n_resamples=resamples,
        method="percentile",
        rng=np.random.default_rng(seed),
    )
    ci = result.confidence_interval
    return Interval(float(values.mean()), float(ci.low), float(ci.high))


@dataclass(frozen=True)
class GateDecision:
    """A candidate compared with the baseline on the same questions (paired)."""

    baseline: str
    candidate: str
    metric: str
    difference: Interval
    min_gain: float

    @property
    def released(self) -> bool:
        """Release only when the whole interval of the gain lies above ``min_gain``."""
        return self.difference.low > self.min_gain

    @property
    def verdict(self) -> str:
        """ "release" or "refuse", with the reason in a few words."""
        if self.released:
            return "release: the gain is larger than the noise"
        if self.difference.high < 0:
            return "refuse: a regression"
        return "refuse: the gain lies inside the noise"


def regression_gate(
    baseline: Scores,
    candidate: Scores,
    *,
    metric: str = "f1",
    min_gain: float = 0.0,
    seed: int,
) -> GateDecision:
    """Paired bootstrap of the per-question difference ``candidate - baseline``."""
    diff = getattr(candidate, metric) - getattr(baseline, metric)
    return GateDecision(
        baseline.config.name,
        candidate.config.name,
        metric,
        bootstrap_mean(diff, seed=seed),
        min_gain,
    )


def scores_table(all_scores: Sequence[Scores], *, seed: int) -> str:
    """Markdown: each configuration with exact match and token F1, and their 95% intervals."""
    rows = []
    for s in all_scores:
        em, f1 = bootstrap_mean(s.exact, seed=seed), bootstrap_mean(s.f1, seed=seed)
        rows.append(
            [
                f"`{s.config.name}`",
                s.config.chunk_words,
                s.config.top_k,
                f"{em.estimate:.3f} [{em.low:.3f}, {em.high:.3f}]",
                f"{f1.estimate:.3f} [{f1.low:.3f}, {f1.high:.3f}]",
            ]
        )
    return markdown_table(
        ["configuration", "chunk size", "top-k", "exact match [95% CI]", "token F1 [95% CI]"],
        rows,
    )


def gate_table(decisions: Sequence[GateDecision]) -> str:
    """Markdown: one row per gate decision."""
    return markdown_table(
        ["baseline", "candidate", "metric", "mean gain [95% CI]", "decision"],
        [
            [
                f"`{d.baseline}`",
                f"`{d.candidate}`",
                d.metric,
                f"{d.difference.estimate:+.3f} [{d.difference.low:+.3f}, {d.difference.high:+.3f}]",
                d.verdict,
            ]
            for d in decisions
        ],
    )
