"""A page's "Changes" list: what a reader holding an old citation needs to know.

Drawn from two committed files, never from git history or the clock:

- the permalink contract (``docs/permalinks.toml``): the version in which the page last
  changed, the old pages and labels that now redirect here, and the labels removed from the
  page with their reasons;
- ``CHANGELOG.md`` (Keep a Changelog): every entry that names the page, by its source file
  (``docs/pros.md``), its address (``pros.html``) or one of its labels in backticks
  (`` `llmops-definition` ``), listed under the version that made it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from opskb.permalinks.contract import Contract, split_permalink

# A release heading's text: "[0.2.0] - 2026-12-01", or "[Unreleased]".
_RELEASE = re.compile(r"\[(?P<version>[^\]]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?")


@dataclass(frozen=True)
class ChangelogEntry:
    """One bullet of CHANGELOG.md, with the version and the subsection it is listed under."""

    version: str
    date: str  # ISO date, or "" for [Unreleased]
    kind: str  # Added, Changed, Fixed, Removed, ...
    text: str  # the bullet, continuation lines joined with spaces


@dataclass(frozen=True)
class Change:
    """One line of a page's Changes list."""

    version: str  # "" when the contract does not say in which version
    text: str


def parse_changelog(text: str) -> list[ChangelogEntry]:
    """Every bullet of a Keep-a-Changelog file, in the file's order (newest first).

    Read as CommonMark (markdown-it): a release is a level-2 heading ``[version] - date``, a
    kind a level-3 heading, an entry the first paragraph of a top-level bullet.
    """
    entries: list[ChangelogEntry] = []
    version = date = kind = ""
    tokens = MarkdownIt("commonmark").parse(text)
    for index, token in enumerate(tokens):
        if token.type != "inline":
            continue
        opener, item = tokens[index - 1], tokens[index - 2]
        if opener.tag == "h2":
            release = _RELEASE.fullmatch(token.content)
            version, date = (release["version"], release["date"] or "") if release else ("", "")
            kind = ""
        elif opener.tag == "h3":
            kind = token.content
        elif item.type == "list_item_open" and item.level == 1 and version:
            # A bullet's continuation lines, joined with spaces.
            entries.append(ChangelogEntry(version, date, kind, " ".join(token.content.split())))
    return entries


def read_changelog(path: Path) -> list[ChangelogEntry]:
    """The entries of ``path``; none when the file does not exist."""
    return parse_changelog(path.read_text(encoding="utf-8")) if path.is_file() else []


def release_date(entries: list[ChangelogEntry], version: str) -> str:
    """The ISO date the changelog gives ``version``, or "" when it has none (unreleased)."""
    return next((entry.date for entry in entries if entry.version == version), "")


def names_page(entry: ChangelogEntry, docname: str, labels: Iterable[str]) -> bool:
    """Whether a changelog bullet names the page: its source, its address or a label."""
    text = entry.text
    if f"docs/{docname}.md" in text or re.search(rf"(?<![\w/-]){re.escape(docname)}\.html", text):
        return True
    return any(f"`{label}`" in text or f"#{label}`" in text for label in labels)


def page_changes(
    contract: Contract,
    entries: list[ChangelogEntry],
    docname: str,
    labels: Iterable[str],
) -> list[Change]:
    """The Changes list of ``docname``, newest first; contract moves after changelog lines.

    ``labels`` are the labels the page carries now.
    """
    labels = set(labels)
    # Labels that used to live elsewhere or under another name and now land here.
    moved_here = {key: new for key, new in contract.label_redirects.items() if new in labels}
    old_labels = {split_permalink(key)[1] for key in moved_here}
    changes = [
        Change(entry.version, f"{entry.kind}: {entry.text}" if entry.kind else entry.text)
        for entry in entries
        if names_page(entry, docname, labels | old_labels)
    ]
    for old, new in sorted(contract.page_redirects.items()):
        if new == docname:
            changes.append(Change("", f"The page formerly at {old}.html now redirects here."))
    for key, new in sorted(moved_here.items()):
        old_page, old_label = split_permalink(key)
        changes.append(
            Change(
                "",
                f"Section {old_page}.html#{old_label} moved here, to #{new}; the old "
                "address still lands on it.",
            )
        )
    for key, reason in sorted(contract.removed_labels.items()):
        page, label = split_permalink(key)
        if page == docname:
            changes.append(Change("", f"Section #{label} was removed: {reason}"))
    return changes
