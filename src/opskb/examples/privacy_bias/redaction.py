"""Replace personal data in free text with typed placeholders before training or prompting.

Patterns run in a fixed order -- emails, card numbers, IPv4 addresses, phone numbers -- so a
later pattern never sees digits an earlier one already replaced. A digit run is treated as a
card number only when it passes the Luhn checksum, so order or ticket numbers stay.
Regular expressions are a first line of defence, not a guarantee: names and free-form
addresses need an entity recogniser.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from opskb.examples.display import markdown_table

PII_KINDS: tuple[str, ...] = ("EMAIL", "CARD", "IPV4", "PHONE")

_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
# 13 to 19 digits, optionally grouped by single spaces or hyphens.
_CARD = re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
# Not part of a longer dotted run (a version number like 1.2.3.4.5); a full stop may follow.
_IPV4 = re.compile(rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?!\w|\.\d)")
# Optional +country code, then an area code (in brackets or followed by a separator),
# then two groups of 3-4 digits: 555-123-4567, (555) 123 4567, +44 20 7946 0958.
_PHONE = re.compile(
    # Not glued to other digits ("4111 1111 1111 1112" is a failed card, not a phone).
    r"(?<![\w.+-])(?<!\d[ .-])"
    r"(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?|\d{2,4}[ .-])\d{3,4}[ .-]?\d{3,4}"
    r"(?![\w-]|\.\d|[ .-]\d)"
)


def luhn_valid(number: str) -> bool:
    """Whether a digit string (spaces and hyphens ignored) passes the Luhn checksum."""
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) < 2 or any(not (c.isdigit() or c in " -") for c in number):
        return False
    total = 0
    for position, digit in enumerate(reversed(digits)):
        # Double every second digit from the right; a two-digit result counts as its digit sum.
        doubled = digit * 2 if position % 2 == 1 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return total % 10 == 0


@dataclass(frozen=True)
class Redaction:
    """The redacted text and how many items of each kind were replaced."""

    text: str
    counts: Mapping[str, int]

    @property
    def total(self) -> int:
        """All replacements together."""
        return sum(self.counts.values())


def redact(text: str) -> Redaction:
    """Replace emails, Luhn-valid card numbers, IPv4 addresses and phone numbers with
    ``<EMAIL>``, ``<CARD>``, ``<IPV4>`` and ``<PHONE>``."""
    counts = dict.fromkeys(PII_KINDS, 0)

    def substitute(
        kind: str,
        pattern: re.Pattern[str],
        source: str,
        check: Callable[[str], bool] | None = None,
    ) -> str:
        def replace(match: re.Match[str]) -> str:
            if check is not None and not check(match.group()):
                return match.group()
            counts[kind] += 1
            return f"<{kind}>"

        return pattern.sub(replace, source)

    redacted = substitute("EMAIL", _EMAIL, text)
    redacted = substitute("CARD", _CARD, redacted, luhn_valid)
    redacted = substitute("IPV4", _IPV4, redacted)
    redacted = substitute("PHONE", _PHONE, redacted)
    return Redaction(text=redacted, counts=counts)


def counts_table(redaction: Redaction) -> str:
    """Markdown: how many items of each kind were replaced."""
    return markdown_table(
        ["kind", "replaced"], [[f"`<{k}>`", n] for k, n in redaction.counts.items()]
    )


def as_markdown_quote(redaction: Redaction) -> str:
    """The redacted text as a Markdown quote, ``<`` escaped so placeholders are not HTML."""
    return "> " + redaction.text.replace("\\", "\\\\").replace("<", "\\<")
