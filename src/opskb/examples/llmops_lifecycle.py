"""The LLMOps lifecycle as a toy: prompts, a tiny language model, adaptation, a gate.

- :class:`PromptRegistry` keeps versioned prompt templates, each with a content hash, and
  renders them only when every placeholder gets a value (and nothing else).
- :class:`BigramLM` is a word bigram model with interpolated Kneser-Ney smoothing, trained
  here on the bundled corpus (:mod:`opskb.examples.corpus`) in milliseconds. It predicts
  from the previous word only, so of a whole prompt it sees just the last word: a prompt
  change matters to it only when the last word changes. That is the toy's limit.
- :func:`adapt` continues a general model's counts with domain text; the effect is
  measured as perplexity on held-out domain documents. :func:`unseen_share` says how much of
  that text the general model never saw, which is most of why the gain is large.
- :func:`evaluation_gate` checks a candidate model: perplexity must improve by a set margin
  and the regression prompts must still pass. :func:`release_gate` checks a release, a
  model *and* a prompt template version, against the current release: it adds the
  reference cases of the prompt, rendered and run through the model.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
import string
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from opskb.examples import corpus
from opskb.examples.display import markdown_table

BOS, EOS, UNK = "<s>", "</s>", "<unk>"
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_TEMPLATE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def words(text: str) -> list[str]:
    """Lowercase word tokens; punctuation is dropped, hyphens and apostrophes kept inside."""
    return _WORD.findall(text.lower())


def sentences(documents: Iterable[str]) -> list[list[str]]:
    """Every sentence of every document as a list of words (empty sentences dropped)."""
    found = []
    for document in documents:
        for sentence in _SENTENCE_END.split(document.strip()):
            tokens = words(sentence)
            if tokens:
                found.append(tokens)
    return found


# --- prompt templates --------------------------------------------------------------------


@dataclass(frozen=True)
class PromptTemplate:
    """One immutable version of a named prompt template."""

    name: str
    version: int
    text: str
    placeholders: tuple[str, ...]
    content_hash: str

    @property
    def id(self) -> str:
        """``name@v<version>``, the id to log with every rendered prompt."""
        return f"{self.name}@v{self.version}"

    def render(self, **values: str) -> str:
        """Fill the placeholders; every one must be given and nothing else."""
        missing = sorted(set(self.placeholders) - values.keys())
        unexpected = sorted(values.keys() - set(self.placeholders))
        if missing or unexpected:
            problems = []
            if missing:
                problems.append(f"missing value(s) for {', '.join(missing)}")
            if unexpected:
                problems.append(f"unexpected value(s) for {', '.join(unexpected)}")
            raise ValueError(f"cannot render {self.id}: {'; '.join(problems)}")
        return self.text.format(**values)


def placeholders_of(text: str) -> tuple[str, ...]:
    """The named ``{placeholder}`` fields of a template, in order of first appearance.

    Positional (``{}``, ``{0}``), attribute, index and format-spec fields are rejected: a
    template is filled by name with plain text and nothing else.
    """
    names: list[str] = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        raise ValueError(f"malformed template: {error}") from None
    for _, field_name, format_spec, conversion in parsed:
        if field_name is None:
            continue
        if not field_name.isidentifier() or format_spec or conversion:
            raise ValueError(
                f"placeholder {{{field_name}}} is not allowed: use plain named fields "
                "like {service}"
            )
        if field_name not in names:
            names.append(field_name)
    return tuple(names)


@dataclass
class PromptRegistry:
    """Versioned prompt templates, in memory. Re-registering identical text is a no-op."""

    _versions: dict[str, list[PromptTemplate]] = field(default_factory=dict)

    def register(self, name: str, text: str) -> PromptTemplate:
        """Add ``text`` as the next version of ``name`` (or return the identical version)."""
        if not _TEMPLATE_NAME.match(name):
            raise ValueError(f"template name {name!r} must be lowercase letters, digits, hyphens")
        if not text.strip():
            raise ValueError(f"template {name!r} has empty text")
        content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        history = self._versions.setdefault(name, [])
        for existing in history:
            if existing.content_hash == content_hash:
                return existing
        template = PromptTemplate(
            name=name,
            version=len(history) + 1,
            text=text,
            placeholders=placeholders_of(text),
            content_hash=content_hash,
        )
        history.append(template)
        return template

    def get(self, name: str, version: int | None = None) -> PromptTemplate:
        """A given version of ``name``, or its latest."""
        history = self._versions.get(name)
        if not history:
            raise LookupError(f"no template named {name!r}")
        if version is None:
            return history[-1]
        if not 1 <= version <= len(history):
            raise LookupError(f"{name!r} has versions 1..{len(history)}, not {version}")
        return history[version - 1]

    def history(self, name: str) -> tuple[PromptTemplate, ...]:
        """Every version of ``name``, oldest first."""
        return tuple(self._versions.get(name, ()))


# --- language model ----------------------------------------------------------------------


def build_vocabulary(corpora: Iterable[Sequence[Sequence[str]]]) -> tuple[str, ...]:
    """The sorted set of words in all corpora, plus the end and unknown tokens."""
    seen = {word for corpus in corpora for sentence in corpus for word in sentence}
    return (EOS, UNK, *sorted(seen - {EOS, UNK, BOS}))


class LanguageModel(Protocol):
    """What evaluation needs from a model: a fixed vocabulary and P(word | previous word)."""

    vocabulary: tuple[str, ...]

    def distribution(self, previous: str) -> NDArray[np.float64]:
        """P(w | previous) for every w in ``vocabulary`` (sums to 1)."""
        ...


class BigramLM:
    """Word bigram model with interpolated Kneser-Ney smoothing (absolute discount ``d``).

    P(w|v) = max(c(v,w) - d, 0) / c(v) + d * N1+(v.) / c(v) * Pcont(w), and Pcont itself is
    discounted towards the uniform distribution, so every word of the vocabulary (including
    ``<unk>``) has non-zero probability and each distribution sums to one.
    """

    def __init__(
        self,
        training_sentences: Sequence[Sequence[str]],
        vocabulary: Sequence[str],
        *,
        discount: float = 0.75,
    ) -> None:
        if not 0 < discount < 1:
            raise ValueError(f"discount must be between 0 and 1 (exclusive), got {discount}")
        if EOS not in vocabulary or UNK not in vocabulary:
            raise ValueError(f"vocabulary must contain {EOS} and {UNK}")
        if not training_sentences:
            raise ValueError("cannot train on an empty corpus")
        self.vocabulary = tuple(vocabulary)
        self.discount = discount
        self._sentences = tuple(tuple(sentence) for sentence in training_sentences)
        self._index = {word: i for i, word in enumerate(self.vocabulary)}
        size = len(self.vocabulary)
        self._bigrams: dict[str, Counter[int]] = {}
        for sentence in training_sentences:
            tokens = [BOS, *sentence, EOS]
            for previous, word in itertools.pairwise(tokens):
                following = self._bigrams.setdefault(self._known(previous), Counter())
                following[self._index[self._known(word)]] += 1
        continuation = np.zeros(size)
        for following in self._bigrams.values():
            for word_index in following:
                continuation[word_index] += 1
        distinct_bigrams = continuation.sum()
        seen_types = np.count_nonzero(continuation)
        self._continuation = (
            np.maximum(continuation - discount, 0) / distinct_bigrams
            + discount * seen_types / distinct_bigrams / size
        )

    def continue_training(self, more_sentences: Sequence[Sequence[str]]) -> BigramLM:
        """A new model trained on this model's sentences plus ``more_sentences``."""
        return BigramLM(
            [*self._sentences, *more_sentences], self.vocabulary, discount=self.discount
        )

    def _known(self, word: str) -> str:
        return word if word == BOS or word in self._index else UNK

    def distribution(self, previous: str) -> NDArray[np.float64]:
        """P(w | previous) for every word of the vocabulary."""
        following = self._bigrams.get(self._known(previous))
        if not following:
            return self._continuation.copy()
        total = sum(following.values())
        probabilities = self.discount * len(following) / total * self._continuation
        for word_index, count in following.items():
            probabilities[word_index] += (count - self.discount) / total
        return probabilities


def adapt(base: BigramLM, domain_sentences: Sequence[Sequence[str]], repeat: int = 1) -> BigramLM:
    """Adapt ``base`` to a domain by continuing its counts with domain text.

    ``repeat`` counts each domain sentence that many times, giving the (usually small)
    domain corpus more weight against the general one.
    """
    if repeat < 1:
        raise ValueError(f"repeat must be a positive integer, got {repeat}")
    return base.continue_training([*domain_sentences] * repeat)


def _index_of(model: LanguageModel, word: str) -> int:
    vocabulary = model.vocabulary
    return vocabulary.index(word) if word in vocabulary else vocabulary.index(UNK)


def perplexity(model: LanguageModel, documents: Iterable[str]) -> float:
    """exp of the mean negative log-probability per predicted token (words and ``</s>``)."""
    log_sum, count = 0.0, 0
    for sentence in sentences(documents):
        tokens = [BOS, *sentence, EOS]
        for previous, word in itertools.pairwise(tokens):
            log_sum -= math.log(model.distribution(previous)[_index_of(model, word)])
            count += 1
    if count == 0:
        raise ValueError("no tokens to evaluate: the documents are empty")
    return math.exp(log_sum / count)


def unseen_share(training_sentences: Sequence[Sequence[str]], documents: Iterable[str]) -> float:
    """The share of the words in ``documents`` that never occur in ``training_sentences``."""
    seen = {word for sentence in training_sentences for word in sentence}
    tokens = [word for sentence in sentences(documents) for word in sentence]
    if not tokens:
        raise ValueError("no words to check: the documents are empty")
    return sum(word not in seen for word in tokens) / len(tokens)


def next_words(model: LanguageModel, prompt: str, k: int = 3) -> list[str]:
    """The ``k`` most likely next words after ``prompt`` (ties broken alphabetically)."""
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    prompt_words = words(prompt)
    probabilities = model.distribution(prompt_words[-1] if prompt_words else BOS)
    ranked = sorted(
        (word for word in model.vocabulary if word != UNK),
        key=lambda word: (-probabilities[model.vocabulary.index(word)], word),
    )
    return ranked[:k]


# --- evaluation gate ---------------------------------------------------------------------


@dataclass(frozen=True)
class RegressionCase:
    """A behaviour that must survive a release: ``expected`` in the top-k next words."""

    prompt: str
    expected: str
    top_k: int = 3

    def passes(self, model: LanguageModel) -> bool:
        """Whether ``model`` still ranks ``expected`` among its top ``top_k`` next words."""
        return self.expected in next_words(model, self.prompt, self.top_k)


@dataclass(frozen=True)
class GateResult:
    """The gate's verdict and the numbers behind it."""

    released: bool
    baseline_perplexity: float
    candidate_perplexity: float
    improvement: float
    failed_cases: tuple[RegressionCase, ...]
    reasons: tuple[str, ...]


def evaluation_gate(
    baseline: LanguageModel,
    candidate: LanguageModel,
    heldout_documents: Sequence[str],
    regression_cases: Sequence[RegressionCase],
    *,
    min_improvement: float = 0.10,
) -> GateResult:
    """Release ``candidate`` only if it lowers held-out perplexity by ``min_improvement``
    (relative) and every regression case passes. ``reasons`` says why it did not."""
    if not 0 <= min_improvement < 1:
        raise ValueError(f"min_improvement must be in [0, 1), got {min_improvement}")
    before = perplexity(baseline, heldout_documents)
    after = perplexity(candidate, heldout_documents)
    improvement = (before - after) / before
    failed = tuple(case for case in regression_cases if not case.passes(candidate))
    reasons = []
    if improvement < min_improvement:
        reasons.append(
            f"perplexity improved by {improvement:.1%}, less than the {min_improvement:.0%} "
            "required"
        )
    reasons.extend(
        f"regression prompt {case.prompt!r}: {case.expected!r} is not in the top {case.top_k} "
        "next words"
        for case in failed
    )
    return GateResult(
        released=not reasons,
        baseline_perplexity=before,
        candidate_perplexity=after,
        improvement=improvement,
        failed_cases=failed,
        reasons=tuple(reasons),
    )


#: Behaviour of the general model that an adapted release must keep (see the notebook).
GENERAL_REGRESSION_CASES: tuple[RegressionCase, ...] = (
    RegressionCase("Thank", "you"),
    RegressionCase("bake it in a hot", "oven"),
    RegressionCase("a walk in the hills needs sturdy", "shoes"),
)


@dataclass(frozen=True)
class PromptCase:
    """A reference case for a prompt template: rendered with ``values``, the model must rank
    ``expected`` among its top ``top_k`` next words."""

    values: Mapping[str, str]
    expected: str
    top_k: int = 3

    def passes(self, model: LanguageModel, template: PromptTemplate) -> bool:
        """Whether ``model``, given the rendered ``template``, ranks ``expected`` high enough."""
        return self.expected in next_words(model, template.render(**self.values), self.top_k)


@dataclass(frozen=True)
class Release:
    """What goes to production together: a model and a prompt template version."""

    model_name: str
    model: LanguageModel
    template: PromptTemplate

    @property
    def id(self) -> str:
        """``model + template id``, e.g. ``'adapted + incident-note@v1'``."""
        return f"{self.model_name} + {self.template.id}"


@dataclass(frozen=True)
class ReleaseResult:
    """The release gate's verdict: the model checks, the prompt checks and the reasons."""

    released: bool
    model_changed: bool
    model_result: GateResult
    prompt_cases_passed: int
    prompt_cases_total: int
    reasons: tuple[str, ...]


def release_gate(
    current: Release,
    candidate: Release,
    heldout_documents: Sequence[str],
    regression_cases: Sequence[RegressionCase],
    prompt_cases: Sequence[PromptCase],
    *,
    min_improvement: float = 0.10,
    min_prompt_pass_rate: float = 1.0,
) -> ReleaseResult:
    """Release ``candidate`` in place of ``current`` only if every check passes.

    A new model must pass :func:`evaluation_gate` against the current one (a release that
    changes only the prompt keeps the model, so it needs no perplexity gain). Every
    release, whatever changed, runs the prompt's reference cases through the candidate
    model with the candidate template and must pass at least ``min_prompt_pass_rate`` of
    them.
    """
    if not prompt_cases:
        raise ValueError("a release gate needs at least one prompt reference case")
    if not 0 < min_prompt_pass_rate <= 1:
        raise ValueError(f"min_prompt_pass_rate must be in (0, 1], got {min_prompt_pass_rate}")
    model_changed = candidate.model is not current.model
    model_result = evaluation_gate(
        current.model,
        candidate.model,
        heldout_documents,
        regression_cases,
        min_improvement=min_improvement if model_changed else 0.0,
    )
    passed = sum(case.passes(candidate.model, candidate.template) for case in prompt_cases)
    required = math.ceil(min_prompt_pass_rate * len(prompt_cases))
    reasons = list(model_result.reasons)
    if passed < required:
        reasons.append(
            f"prompt {candidate.template.id} passes {passed} of {len(prompt_cases)} reference "
            f"cases, {required} required"
        )
    return ReleaseResult(
        released=not reasons,
        model_changed=model_changed,
        model_result=model_result,
        prompt_cases_passed=passed,
        prompt_cases_total=len(prompt_cases),
        reasons=tuple(reasons),
    )


#: The incident-note prompt's reference cases: a note must go on to name the on-call engineer.
INCIDENT_NOTE_CASES: tuple[PromptCase, ...] = tuple(
    PromptCase({"service": service}, "engineer") for service in ("billing", "search", "payment")
)


def example_models(
    repeat: int = 1, general_documents: Sequence[str] | None = None
) -> Mapping[str, BigramLM]:
    """Three models over one vocabulary, from the bundled corpus.

    ``base`` learnt general text only, ``adapted`` continued it with the domain training
    text, and ``domain-only`` learnt the domain text alone (a tempting shortcut the gate
    should catch). ``general_documents`` replaces the general corpus (all of it by default),
    e.g. to hold part of it out.
    """
    if general_documents is None:
        general_documents = corpus.documents("general")
    general = sentences(general_documents)
    domain = sentences(corpus.documents("incidents-train"))
    base = BigramLM(general, build_vocabulary([general, domain]))
    return {
        "base": base,
        "adapted": adapt(base, domain, repeat),
        "domain-only": BigramLM(domain, base.vocabulary, discount=base.discount),
    }


def perplexity_table(models: Mapping[str, LanguageModel], prompt: str, k: int = 3) -> str:
    """Markdown: each model's perplexity on held-out incidents and on general text, and its
    top ``k`` next words after ``prompt`` (``</s>`` is the end of a sentence)."""
    heldout = corpus.documents("incidents-heldout")
    general = corpus.documents("general")
    rows = [
        [
            name,
            f"{perplexity(model, heldout):.1f}",
            f"{perplexity(model, general):.1f}",
            " / ".join(f"`{word}`" for word in next_words(model, prompt, k)),
        ]
        for name, model in models.items()
    ]
    headers = ["model", "perplexity, held-out incidents", "perplexity, general text"]
    return markdown_table([*headers, f"top {k} next words after the prompt"], rows)


def general_heldout_perplexities(every: int = 4, repeat: int = 1) -> dict[str, float]:
    """The fair version of the table's general-text column: the three models trained again
    with every ``every``-th general document held out, and measured on those documents.

    The table's column measures ``base`` and ``adapted`` on their own training text, which
    flatters them."""
    if every < 2:
        raise ValueError("every must be at least 2, or nothing is left to train on")
    documents = corpus.documents("general")
    train = [d for i, d in enumerate(documents) if i % every != every - 1]
    held = [d for i, d in enumerate(documents) if i % every == every - 1]
    models = example_models(repeat, general_documents=train)
    return {name: perplexity(model, held) for name, model in models.items()}


def gate_table(results: Mapping[str, ReleaseResult]) -> str:
    """Markdown: one row per candidate release with what it changed, its checks and verdict."""
    rows = [
        [
            name,
            f"{result.model_result.improvement:.1%}" if result.model_changed else "model unchanged",
            f"{result.prompt_cases_passed} of {result.prompt_cases_total}",
            "released" if result.released else "rejected",
            "; ".join(result.reasons) or "all checks passed",
        ]
        for name, result in results.items()
    ]
    headers = ["candidate release", "perplexity improvement", "prompt reference cases passed"]
    return markdown_table([*headers, "verdict", "reasons"], rows)


def prompt_table(templates: Iterable[PromptTemplate]) -> str:
    """Markdown: id, content hash, placeholders and text of each template version."""
    rows = [
        [t.id, f"`{t.content_hash}`", ", ".join(t.placeholders), f"`{t.text}`"] for t in templates
    ]
    return markdown_table(["id", "hash", "placeholders", "text"], rows)
