"""A page's Changes list (opskb.changes): from CHANGELOG.md and the permalink contract."""

from __future__ import annotations

from opskb import changes, paths
from opskb.permalinks.contract import Contract

CHANGELOG = """\
# Changelog

## [Unreleased]

### Added

- A new section `choosing-budget` on docs/choosing.md.

## [0.2.0] - 2026-12-01

### Changed

- `docs/pros.md`: the strengths are reordered; the old
  label `llmops-pro-old` now redirects to `llmops-pro-new`.
- Site-wide: a new theme.

### Removed

- The section `cons-obsolete` (see the contract).

## [0.1.0] - 2026-11-29

### Added

- Everything.
"""


def test_parse_changelog_joins_continuation_lines_and_keeps_versions():
    entries = changes.parse_changelog(CHANGELOG)
    assert [(e.version, e.kind) for e in entries] == [
        ("Unreleased", "Added"),
        ("0.2.0", "Changed"),
        ("0.2.0", "Changed"),
        ("0.2.0", "Removed"),
        ("0.1.0", "Added"),
    ]
    assert entries[1].text.endswith(
        "the old label `llmops-pro-old` now redirects to `llmops-pro-new`."
    )
    assert entries[1].date == "2026-12-01"
    assert entries[0].date == ""


def test_release_date():
    entries = changes.parse_changelog(CHANGELOG)
    assert changes.release_date(entries, "0.2.0") == "2026-12-01"
    assert changes.release_date(entries, "9.9.9") == ""


def test_a_page_collects_the_entries_that_name_it_and_what_the_contract_moved():
    entries = changes.parse_changelog(CHANGELOG)
    contract = Contract(
        page_redirects={"strengths": "pros"},
        label_redirects={"pros#llmops-pro-old": "llmops-pro-new"},
        removed_labels={"pros#llmops-pro-gone": "merged into llmops-pro-new"},
    )
    found = changes.page_changes(contract, entries, "pros", ["pros", "llmops-pro-new"])
    texts = [(c.version, c.text) for c in found]
    assert texts[0][0] == "0.2.0"
    assert texts[0][1].startswith("Changed: `docs/pros.md`")
    assert ("", "The page formerly at strengths.html now redirects here.") in texts
    assert any("pros.html#llmops-pro-old moved here, to #llmops-pro-new" in t for _, t in texts)
    assert ("", "Section #llmops-pro-gone was removed: merged into llmops-pro-new") in texts
    assert not any("Site-wide" in t for _, t in texts)


def test_a_page_named_by_a_label_only_gets_that_entry():
    entries = changes.parse_changelog(CHANGELOG)
    found = changes.page_changes(Contract(), entries, "cons", ["cons", "cons-obsolete"])
    assert [c.text for c in found] == ["Removed: The section `cons-obsolete` (see the contract)."]
    found = changes.page_changes(Contract(), entries, "choosing", ["choosing-a-path"])
    assert [c.version for c in found] == ["Unreleased"]


def test_the_real_changelog_parses():
    entries = changes.read_changelog(paths.REPO / "CHANGELOG.md")
    assert entries
    assert all(entry.version for entry in entries)
