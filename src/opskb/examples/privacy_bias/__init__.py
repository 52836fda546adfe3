"""Data privacy and bias: redact PII before text is used, measure a model's fairness.

- :mod:`~opskb.examples.privacy_bias.redaction` -- typed placeholders for emails, phone
  numbers, IPv4 addresses and card numbers (Luhn-checked), with counts;
- :mod:`~opskb.examples.privacy_bias.fairness` -- demographic parity and equalized odds
  differences, and a biased vs a mitigated model on seeded synthetic data.
"""

from opskb.examples.privacy_bias.fairness import (
    FairnessReport,
    compare_models,
    demographic_parity_difference,
    equalized_odds_difference,
    fairness_table,
    make_lending_data,
    reweighing_weights,
)
from opskb.examples.privacy_bias.redaction import (
    PII_KINDS,
    Redaction,
    as_markdown_quote,
    counts_table,
    luhn_valid,
    redact,
)

__all__ = [
    "PII_KINDS",
    "FairnessReport",
    "Redaction",
    "as_markdown_quote",
    "compare_models",
    "counts_table",
    "demographic_parity_difference",
    "equalized_odds_difference",
    "fairness_table",
    "luhn_valid",
    "make_lending_data",
    "redact",
    "reweighing_weights",
]
