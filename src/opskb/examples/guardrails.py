"""Guardrails in miniature: an injection detector, output validation, redaction before logging.

Nothing here calls a language model. The pieces stand in for the controls that sit around
one:

- two prompt-injection detectors, a list of hand-written rules and a small scikit-learn
  classifier (character n-gram TF-IDF and logistic regression), evaluated on labelled inputs
  written for this project (``data/guardrails-inputs.tsv``), including indirect injections
  hidden in retrieved documents; the classifier is scored with cross-validated predictions,
  so no input is scored by a model that saw it in training;
- a set of bypasses (``data/guardrails-bypasses.tsv``) showing what the detectors miss;
- validation of a model's JSON output against a JSON Schema with ``jsonschema``, with the
  failure path handled: parse, validate, one deterministic repair, retry, then refuse;
- redaction of personal data before a prompt is logged, reusing
  :func:`opskb.examples.privacy_bias.redact`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources

import numpy as np
from jsonschema import Draft202012Validator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline, make_pipeline

from opskb.examples.display import markdown_table
from opskb.examples.privacy_bias import redact

LABELS = ("benign", "injection")
CHANNELS = ("user", "document")


@dataclass(frozen=True)
class Example:
    label: str  # benign | injection (for bypasses: the technique)
    channel: str  # user | document
    text: str


def _read_tsv(name: str) -> list[list[str]]:
    text = resources.files("opskb.examples").joinpath("data", name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    header, *rows = (line.split("\t") for line in lines)
    if any(len(row) != len(header) for row in rows):
        raise ValueError(f"{name}: every row needs {len(header)} tab-separated fields")
    return rows


def load_inputs() -> list[Example]:
    """The labelled benign and malicious inputs."""
    examples = [Example(*row) for row in _read_tsv("guardrails-inputs.tsv")]
    for example in examples:
        if example.label not in LABELS or example.channel not in CHANNELS:
            raise ValueError(f"bad label or channel: {example}")
    return examples


def load_bypasses() -> list[Example]:
    """Injections written to evade the detectors; ``label`` holds the technique."""
    return [Example(*row) for row in _read_tsv("guardrails-bypasses.tsv")]


def data_fingerprint() -> str:
    """sha256 of the two data files, so a release record can name the evaluation data."""
    digest = hashlib.sha256()
    for name in ("guardrails-inputs.tsv", "guardrails-bypasses.tsv"):
        digest.update(resources.files("opskb.examples").joinpath("data", name).read_bytes())
    return digest.hexdigest()


# --------------------------------------------------------------------------- detectors

#: Hand-written patterns for instructions that try to replace the application's own. They
#: are what a team writes on day one: phrases seen in public injection examples.
RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "ignore previous",
            r"\b(ignore|disregard|forget)\b[^.]{0,40}\b(previous|prior|above|earlier|all|your|everything)\b[^.]{0,20}\b(instructions?|rules|guidance|guidelines|told|criteria)",
        ),
        (
            "forget rules",
            r"\b(forget|disregard|ignore|bypass|override)\b\s+(your|the|all)\s+(rules|guidelines|instructions|content policy|safety)",
        ),
        (
            "reveal prompt",
            r"\b(reveal|print|output|repeat|show)\b[^.]{0,40}\b(system prompt|hidden (instructions|configuration)|configuration|instructions you were given|secret keys?|api key|password)",
        ),
        (
            "new instructions",
            r"\b(new (instructions?|task)|instructions have been updated|previous instructions are void)\b",
        ),
        (
            "role hijack",
            r"\b(you are now|from now on|act as an unrestricted|developer mode|maintenance mode|jailbreak|no content policy)\b",
        ),
        (
            "address the model",
            r"\b(note to (the|any) ai|ai models? reading|if you are a language model|language models? summari[sz]ing|(to|for) the (ai|screening) assistant|attention language model|assistant, you must|dear assistant)\b",
        ),
        ("markup", r"(\[/?INST\]|\[system\]|###\s*SYSTEM|<!--\s*assistant)"),
        ("exfiltrate", r"\b(send|forward|transfer)\b[^.]{0,60}@[\w.-]+\.example"),
    )
)


def rule_hits(text: str) -> list[str]:
    """Names of the rules that match ``text``."""
    return [name for name, pattern in RULES if pattern.search(text)]


def rules_predict(texts: Iterable[str]) -> np.ndarray:
    """1 where any rule matches, else 0."""
    return np.array([1 if rule_hits(text) else 0 for text in texts])


def make_classifier(seed: int) -> Pipeline:
    """Character 2-5-grams (robust to small spelling changes), then logistic regression."""
    return make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=1),
        LogisticRegression(C=10.0, solver="liblinear", random_state=seed),
    )


def cross_validated_predictions(examples: Sequence[Example], *, seed: int, folds: int = 5):
    """Each example scored by a classifier trained on the other folds."""
    texts = [e.text for e in examples]
    y = np.array([LABELS.index(e.label) for e in examples])
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    return cross_val_predict(make_classifier(seed), texts, y, cv=splitter)


@dataclass(frozen=True)
class Scores:
    detector: str
    subset: str
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")


def score(detector: str, subset: str, truth: np.ndarray, predicted: np.ndarray) -> Scores:
    truth, predicted = np.asarray(truth), np.asarray(predicted)
    return Scores(
        detector,
        subset,
        tp=int(((truth == 1) & (predicted == 1)).sum()),
        fp=int(((truth == 0) & (predicted == 1)).sum()),
        fn=int(((truth == 1) & (predicted == 0)).sum()),
        tn=int(((truth == 0) & (predicted == 0)).sum()),
    )


@dataclass(frozen=True)
class DetectorEvaluation:
    """Scores per detector, overall and per channel, and the classifier fitted on all data."""

    scores: list[Scores]
    classifier: Pipeline = field(repr=False)
    predictions: dict[str, np.ndarray] = field(repr=False)


def evaluate_detectors(examples: Sequence[Example], *, seed: int) -> DetectorEvaluation:
    truth = np.array([LABELS.index(e.label) for e in examples])
    channel = np.array([e.channel for e in examples])
    predictions = {
        "rules": rules_predict(e.text for e in examples),
        "classifier (cross-validated)": cross_validated_predictions(examples, seed=seed),
    }
    predictions["rules or classifier"] = np.maximum(*predictions.values())
    scores = []
    for name, predicted in predictions.items():
        scores.append(score(name, "all inputs", truth, predicted))
        for part in CHANNELS:
            mask = channel == part
            label = "typed by the user" if part == "user" else "in retrieved documents"
            scores.append(score(name, label, truth[mask], predicted[mask]))
    classifier = make_classifier(seed).fit([e.text for e in examples], truth)
    return DetectorEvaluation(scores, classifier, predictions)


def scores_table(scores: Sequence[Scores]) -> str:
    rows = [
        [s.detector, s.subset, f"{s.precision:.2f}", f"{s.recall:.2f}", s.fp, s.fn] for s in scores
    ]
    headers = ["detector", "inputs", "precision", "recall", "false alarms", "missed"]
    return markdown_table(headers, rows)


def bypass_table(evaluation: DetectorEvaluation, bypasses: Sequence[Example]) -> str:
    """Markdown: for each bypass, whether the rules and the classifier flag it."""
    texts = [b.text for b in bypasses]
    by_rules = rules_predict(texts)
    by_model = evaluation.classifier.predict(texts)

    def mark(flag: int) -> str:
        return "caught" if flag else "**missed**"

    rows = [
        [b.label, b.channel, _shorten(b.text), mark(r), mark(m)]
        for b, r, m in zip(bypasses, by_rules, by_model, strict=True)
    ]
    return markdown_table(["technique", "channel", "input", "rules", "classifier"], rows)


def bypass_counts(evaluation: DetectorEvaluation, bypasses: Sequence[Example]) -> dict[str, int]:
    texts = [b.text for b in bypasses]
    either = np.maximum(rules_predict(texts), evaluation.classifier.predict(texts))
    return {"bypasses": len(bypasses), "missed by both": int((either == 0).sum())}


def _shorten(text: str, width: int = 70) -> str:
    text = text.replace("|", "/")
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# --------------------------------------------------------------------------- output validation

#: What the application expects back from the model for a support ticket.
TRIAGE_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "category": {"enum": ["billing", "technical", "account", "other"]},
        "priority": {"type": "integer", "minimum": 1, "maximum": 4},
        "summary": {"type": "string", "minLength": 1, "maxLength": 200},
        "sources": {"type": "array", "items": {"type": "string", "pattern": "^DOC-[0-9]+$"}},
    },
    "required": ["category", "priority", "summary", "sources"],
    "additionalProperties": False,
}

_VALIDATOR = Draft202012Validator(TRIAGE_SCHEMA)


def schema_errors(payload: object) -> list[str]:
    """Readable messages, one per violation, sorted so the output is stable."""
    messages = []
    for error in _VALIDATOR.iter_errors(payload):
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        messages.append(f"{where}: {error.message}")
    return sorted(messages)


def repair(payload: dict) -> dict:
    """One deterministic, conservative repair: drop unknown keys, turn a numeric string
    priority into an integer, lower-case the category. Anything else is left to fail."""
    fixed = {k: v for k, v in payload.items() if k in TRIAGE_SCHEMA["properties"]}
    if isinstance(fixed.get("priority"), str) and fixed["priority"].strip().isdigit():
        fixed["priority"] = int(fixed["priority"].strip())
    if isinstance(fixed.get("category"), str):
        fixed["category"] = fixed["category"].strip().lower()
    return fixed


@dataclass(frozen=True)
class Step:
    attempt: int
    action: str
    outcome: str


@dataclass(frozen=True)
class Handled:
    """The result of :func:`validated_call`: a valid payload or a refusal, and the steps."""

    payload: dict | None
    steps: list[Step]

    @property
    def refused(self) -> bool:
        return self.payload is None


REFUSAL = "Sorry, I could not produce a reliable answer; a person will look at this ticket."


def validated_call(model: Callable[[int], str], *, max_attempts: int = 2) -> Handled:
    """Call ``model`` (attempt number -> raw text) until its output is valid JSON that meets
    :data:`TRIAGE_SCHEMA`, repairing once per attempt; refuse after ``max_attempts``."""
    steps: list[Step] = []
    for attempt in range(1, max_attempts + 1):
        raw = model(attempt)
        try:
            payload = json.loads(raw)
        except json.JSONDecodeError as error:
            steps.append(Step(attempt, "parse JSON", f"failed: {error.msg}"))
            continue
        if not isinstance(payload, dict):
            steps.append(Step(attempt, "parse JSON", "failed: not an object"))
            continue
        errors = schema_errors(payload)
        if not errors:
            steps.append(Step(attempt, "validate", "valid"))
            return Handled(payload, steps)
        steps.append(Step(attempt, "validate", "invalid: " + "; ".join(errors)))
        fixed = repair(payload)
        errors = schema_errors(fixed)
        if not errors:
            steps.append(Step(attempt, "repair and validate", "valid after repair"))
            return Handled(fixed, steps)
        steps.append(Step(attempt, "repair and validate", "still invalid: " + "; ".join(errors)))
    steps.append(Step(max_attempts, "refuse", "fallback answer, ticket routed to a person"))
    return Handled(None, steps)


def scripted_model(outputs: Sequence[str]) -> Callable[[int], str]:
    """A stub standing in for a model: returns the scripted output of each attempt."""

    def call(attempt: int) -> str:
        return outputs[min(attempt, len(outputs)) - 1]

    return call


def steps_table(handled: Handled) -> str:
    rows = [[s.attempt, s.action, s.outcome] for s in handled.steps]
    return markdown_table(["attempt", "step", "outcome"], rows)


# --------------------------------------------------------------------------- logging


def log_record(prompt: str, *, prompt_version: str) -> dict:
    """What the application may log about a prompt: redacted text and redaction counts."""
    redaction = redact(prompt)
    return {
        "prompt_version": prompt_version,
        "prompt_redacted": redaction.text,
        "redactions": dict(redaction.counts),
    }


def log_record_table(record: dict) -> str:
    """Markdown: the log record as field and value, ``<`` escaped so placeholders show."""
    counts = ", ".join(f"{kind} {n}" for kind, n in record["redactions"].items())
    rows = [
        ["prompt_version", f"`{record['prompt_version']}`"],
        ["prompt_redacted", record["prompt_redacted"].replace("<", "\\<")],
        ["redactions", counts],
    ]
    return markdown_table(["field", "value"], rows)
