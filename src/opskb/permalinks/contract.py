"""The permalink contract: a committed TOML file naming every published page and label.

It records what readers may have linked to. ``[pages]`` and ``[labels]`` are written by
``python -m opskb.permalinks --update`` from a build; ``[redirects.*]`` and ``[removed.*]``
are written by people, because moving or removing a permalink is a decision. The file also
remembers, per page, the version (and date) in which its content last changed, by content
hash: the cite block and "last changed in version X" come from here, not from the clock.
``[sections]`` does the same per citable section (per explicit label), by a hash of the
section's text, so a guideline citing one section learns when *that* section changed
(``sections.json``, ``python -m opskb.cited``). A contract without ``[sections]`` (written
before it existed) still loads: its sections count as new, and the next update records them.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import tomli_w

FILENAME = "permalinks.toml"
UPDATE_COMMAND = "python -m opskb.permalinks --update"

HEADER = f"""\
# Permalink contract of this site: every published page and explicit label.
#
# [pages] and [labels] are written by `{UPDATE_COMMAND}`
# (or `nox -s permalinks -- --update`): do not edit them by hand.
# The build fails when a page or label listed here no longer resolves. To move one, declare
# where it went under [redirects.pages] ("old-page" = "new-page") or [redirects.labels]
# ("page#old-label" = "new-label"); to remove one, say why under [removed.pages]
# ("page" = "reason") or [removed.labels] ("page#label" = "reason"). Then run the update.
# [sections] records, per label, the version in which that section's text last changed.
"""


class ContractError(ValueError):
    """The contract file cannot be read; the message names the file and the entry."""


@dataclass(frozen=True)
class PageRecord:
    """What the contract remembers about one page."""

    version: str  # the version in which the page's content last changed
    date: dt.date  # the day that change was recorded by the update command
    hash: str  # content hash of the page's source when it was recorded


@dataclass(frozen=True)
class SectionRecord:
    """What the contract remembers about one citable section (one explicit label)."""

    version: str  # the version in which the section's text last changed
    hash: str  # hash of the section's text when it was recorded


@dataclass(frozen=True)
class Contract:
    """The whole contract; every mapping is keyed by docname or label."""

    pages: Mapping[str, PageRecord] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)  # label -> docname
    page_redirects: Mapping[str, str] = field(default_factory=dict)  # old doc -> new doc
    label_redirects: Mapping[str, str] = field(default_factory=dict)  # "doc#label" -> label
    removed_pages: Mapping[str, str] = field(default_factory=dict)  # doc -> reason
    removed_labels: Mapping[str, str] = field(default_factory=dict)  # "doc#label" -> reason
    sections: Mapping[str, SectionRecord] = field(default_factory=dict)  # label -> record


@dataclass(frozen=True)
class LabelPlace:
    """Where a label lives in a build: its page, its HTML id and the title it names."""

    page: str
    anchor: str
    title: str = ""


@dataclass(frozen=True)
class Observed:
    """What one build published: page content hashes and label places.

    ``duplicates`` names each label defined more than once, with every page defining it;
    ``release`` is the version that was built.
    """

    release: str = ""
    pages: Mapping[str, str] = field(default_factory=dict)  # docname -> content hash
    labels: Mapping[str, LabelPlace] = field(default_factory=dict)
    duplicates: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sections: Mapping[str, str] = field(default_factory=dict)  # label -> text hash


def permalink(page: str, label: str) -> str:
    """The key of a label's permalink in the contract: ``page#label``."""
    return f"{page}#{label}"


def split_permalink(key: str) -> tuple[str, str]:
    """``"page#label"`` -> ``("page", "label")``; raise if either part is missing."""
    page, sep, label = key.partition("#")
    if not sep or not page or not label:
        raise ContractError(f"{key!r} is not a label permalink of the form 'page#label'")
    return page, label


# --- reading -----------------------------------------------------------------------------


def _string_table(data: Mapping[str, object], path: str, where: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    for key, value in data.items():
        if not isinstance(value, str):
            raise ContractError(f"{where}: [{path}] {key!r} must be a string, not {value!r}")
        table[key] = value
    return table


def _page_record(doc: str, value: object, where: Path) -> PageRecord:
    if not isinstance(value, Mapping):
        raise ContractError(f"{where}: [pages] {doc!r} must be a table")
    try:
        version, date, digest = value["version"], value["date"], value["hash"]
    except KeyError as missing:
        raise ContractError(f"{where}: [pages] {doc!r} has no {missing}") from None
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise ContractError(f"{where}: [pages] {doc!r} date must be a TOML date (YYYY-MM-DD)")
    return PageRecord(version=str(version), date=date, hash=str(digest))


def _section_record(label: str, value: object, where: Path) -> SectionRecord:
    if not isinstance(value, Mapping):
        raise ContractError(f"{where}: [sections] {label!r} must be a table")
    try:
        return SectionRecord(version=str(value["version"]), hash=str(value["hash"]))
    except KeyError as missing:
        raise ContractError(f"{where}: [sections] {label!r} has no {missing}") from None


def parse(text: str, where: Path = Path(FILENAME)) -> Contract:
    """A contract from TOML text; ``where`` names the file in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ContractError(f"{where}: not valid TOML: {error}") from None
    redirects = data.get("redirects", {})
    removed = data.get("removed", {})
    return Contract(
        pages={doc: _page_record(doc, v, where) for doc, v in data.get("pages", {}).items()},
        labels=_string_table(data.get("labels", {}), "labels", where),
        page_redirects=_string_table(redirects.get("pages", {}), "redirects.pages", where),
        label_redirects=_string_table(redirects.get("labels", {}), "redirects.labels", where),
        removed_pages=_string_table(removed.get("pages", {}), "removed.pages", where),
        removed_labels=_string_table(removed.get("labels", {}), "removed.labels", where),
        sections={
            label: _section_record(label, value, where)
            for label, value in data.get("sections", {}).items()
        },
    )


def load(path: Path) -> Contract:
    """The contract in ``path``; an empty one when the file does not exist yet."""
    if not path.is_file():
        return Contract()
    return parse(path.read_text(encoding="utf-8"), path)


# --- writing -----------------------------------------------------------------------------


def _sorted(entries: Mapping[str, object]) -> dict[str, object]:
    return dict(sorted(entries.items()))


def dumps(contract: Contract) -> str:
    """The contract as TOML: every table sorted, so diffs show exactly what changed."""
    data = {
        "redirects": {
            "pages": _sorted(contract.page_redirects),
            "labels": _sorted(contract.label_redirects),
        },
        "removed": {
            "pages": _sorted(contract.removed_pages),
            "labels": _sorted(contract.removed_labels),
        },
        "pages": {doc: asdict(record) for doc, record in sorted(contract.pages.items())},
        "labels": _sorted(contract.labels),
        "sections": {label: asdict(record) for label, record in sorted(contract.sections.items())},
    }
    return f"{HEADER}\n{tomli_w.dumps(data)}"


def save(contract: Contract, path: Path) -> None:
    path.write_text(dumps(contract), encoding="utf-8")


# --- history -----------------------------------------------------------------------------


def last_change(
    contract: Contract, doc: str, content_hash: str, release: str
) -> tuple[str, dt.date | None]:
    """The version (and its recorded date) in which a page's content last changed.

    When the page is new or changed since the contract was last updated, the change belongs
    to the version being built, and its date is not known yet (None).
    """
    record = contract.pages.get(doc)
    if record is not None and record.hash == content_hash:
        return record.version, record.date
    return release, None


def section_last_change(
    contract: Contract, label: str, text_hash: str, release: str, page_version: str = ""
) -> str:
    """The version in which a section's text last changed.

    A recorded section keeps its version while its text hash matches and changes in
    ``release`` otherwise. A section the contract does not record yet (a new one, or any,
    when the contract predates ``[sections]``) changed when its page last did:
    ``page_version``, the page's last change (a new section changes its page, so that is
    ``release`` for a new one), or ``release`` when it is not given.
    """
    record = contract.sections.get(label)
    if record is None:
        return page_version or release
    if record.hash == text_hash:
        return record.version
    return release


def updated(contract: Contract, observed: Observed, release: str, today: dt.date) -> Contract:
    """The contract rewritten for what a build published.

    A page whose content hash is unchanged keeps its version and date; a new or changed
    page is recorded as changed in ``release`` on ``today``. Sections likewise, by text
    hash (:func:`section_last_change`: one not recorded yet takes its page's version).
    Labels are replaced by the build's. Redirects and removals, written by people, are kept
    as they are.
    """
    pages = {}
    for doc, digest in observed.pages.items():
        version, date = last_change(contract, doc, digest, release)
        pages[doc] = PageRecord(version=version, date=date or today, hash=digest)
    labels = {label: place.page for label, place in observed.labels.items()}
    sections = {}
    for label, digest in observed.sections.items():
        place = observed.labels.get(label)
        page = pages[place.page].version if place is not None and place.page in pages else ""
        version = section_last_change(contract, label, digest, release, page)
        sections[label] = SectionRecord(version, digest)
    return replace(contract, pages=pages, labels=labels, sections=sections)


def pending_changes(contract: Contract, observed: Observed) -> list[str]:
    """What ``--update`` would change in ``[pages]``, ``[labels]`` and ``[sections]``, one
    line each. A section edited since an older version recorded it says so: that edit is a
    change a citer of that version must learn about, and only the update records it (as a
    change in the version being built)."""
    changes = []
    for doc in sorted(observed.pages.keys() - contract.pages.keys()):
        changes.append(f"new page {doc!r}")
    for doc in sorted(observed.pages.keys() & contract.pages.keys()):
        if contract.pages[doc].hash != observed.pages[doc]:
            changes.append(f"page {doc!r} changed since it was recorded")
    for doc in sorted(contract.pages.keys() - observed.pages.keys()):
        changes.append(f"page {doc!r} is no longer published")
    current = {label: place.page for label, place in observed.labels.items()}
    for label in sorted(current.keys() - contract.labels.keys()):
        changes.append(f"new label {label!r} on page {current[label]!r}")
    for label in sorted(contract.labels.keys() - current.keys()):
        changes.append(f"label {label!r} is no longer defined")
    for label in sorted(current.keys() & contract.labels.keys()):
        if current[label] != contract.labels[label]:
            changes.append(
                f"label {label!r} moved from page {contract.labels[label]!r} to {current[label]!r}"
            )
    changes.extend(section_changes(contract, observed))
    return changes


def section_changes(contract: Contract, observed: Observed) -> list[str]:
    """The sections whose text differs from what the contract recorded, one line each."""
    changes = []
    for label in sorted(observed.sections.keys() - contract.sections.keys()):
        changes.append(f"section {label!r} is not recorded yet")
    for label in sorted(observed.sections.keys() & contract.sections.keys()):
        record = contract.sections[label]
        if record.hash == observed.sections[label]:
            continue
        if record.version != observed.release:
            changes.append(
                f"the text of section {label!r} changed since version {record.version} "
                f"recorded it, but the contract does not say so: record it as changed in "
                f"{observed.release or 'this version'}"
            )
        else:
            changes.append(f"the text of section {label!r} changed again in {record.version}")
    for label in sorted(contract.sections.keys() - observed.sections.keys()):
        changes.append(f"section {label!r} is no longer published")
    return changes
