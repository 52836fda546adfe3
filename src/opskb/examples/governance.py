"""A model-card-like release record, generated from an evaluation instead of written by hand.

The record follows the headings of a model card (Mitchell et al. 2019, arXiv:1810.03993):
what the component is, its intended and out-of-scope uses, how it was evaluated, with which
data, its results and its known limitations. Here the component is the prompt-injection
detector of :mod:`opskb.examples.guardrails`; the data are named by a content hash and the
software by exact versions, so two records can be compared and a release can be traced back
to what was measured.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import version

import yaml

from opskb.examples import guardrails
from opskb.examples.display import markdown_table

#: Packages whose versions decide the detector's behaviour.
PACKAGES = ("opskb", "numpy", "scikit-learn", "jsonschema")


def release_record(
    evaluation: guardrails.DetectorEvaluation,
    bypasses: Sequence[guardrails.Example],
    *,
    component_version: str,
    seed: int,
) -> dict:
    """A plain dictionary (YAML-ready) describing one release of the detector."""
    overall = {s.detector: s for s in evaluation.scores if s.subset == "all inputs"}
    examples = guardrails.load_inputs()
    texts = [b.text for b in bypasses]
    flagged = [
        max(int(r), int(c))
        for r, c in zip(
            guardrails.rules_predict(texts), evaluation.classifier.predict(texts), strict=True
        )
    ]
    missed = [b.label for b, flag in zip(bypasses, flagged, strict=True) if not flag]
    return {
        "component": "prompt-injection detector (rules or classifier)",
        "version": component_version,
        "intended_use": (
            "flag user messages and retrieved passages for review before they reach a "
            "language model in an English-language support assistant"
        ),
        "out_of_scope": [
            "sole defence against prompt injection",
            "languages other than English",
            "encoded or obfuscated input",
        ],
        "evaluation_data": {
            "inputs": len(examples),
            "benign": sum(e.label == "benign" for e in examples),
            "injections": sum(e.label == "injection" for e in examples),
            "from_retrieved_documents": sum(e.channel == "document" for e in examples),
            "sha256": guardrails.data_fingerprint(),
            "provenance": "synthetic, written for this project",
        },
        "method": "rules as written; classifier scored with 5-fold cross-validated predictions",
        "seed": seed,
        "results": {
            name: {"precision": round(s.precision, 2), "recall": round(s.recall, 2)}
            for name, s in overall.items()
        },
        "known_limitations": {
            "bypasses_tried": len(bypasses),
            "bypasses_missed_by_both_detectors": missed,
            "note": "rules were written by the authors of the test inputs; scores are optimistic",
        },
        "software": {name: version(name) for name in PACKAGES},
    }


def as_yaml(record: dict) -> str:
    """The record as YAML, keys in the order written."""
    return yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=88)


def summary_table(record: dict) -> str:
    """Markdown: the headline fields of the record, for a page."""
    results = record["results"]
    combined = results["rules or classifier"]
    rows = [
        ["component", f"{record['component']}, version {record['version']}"],
        ["intended use", record["intended_use"]],
        ["out of scope", "; ".join(record["out_of_scope"])],
        [
            "evaluation data",
            (
                f"{record['evaluation_data']['inputs']} synthetic inputs, sha256 "
                f"`{record['evaluation_data']['sha256'][:12]}…`"
            ),
        ],
        ["precision, recall (combined)", f"{combined['precision']:.2f}, {combined['recall']:.2f}"],
        [
            "bypasses missed by both detectors",
            ", ".join(record["known_limitations"]["bypasses_missed_by_both_detectors"]) or "none",
        ],
        ["software", ", ".join(f"{k} {v}" for k, v in record["software"].items())],
    ]
    return markdown_table(["field", "value"], rows)
