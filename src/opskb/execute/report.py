"""The machine-readable execution report, ``execution-report.json`` next to the notebooks.

One entry per notebook: status (``passed``, ``failed`` or ``cached`` when it was skipped
because nothing changed -- it then keeps the duration and time of the run that passed),
duration, when it ran (UTC, ISO 8601), the Python version and the key package versions,
plus totals. The entry of a notebook that passed also holds its cache key
(:mod:`opskb.execute.cache`): the report is the runner's only record of a run. The
Sphinx extension renders it on the "Execution report" page. Standard library only, so
that reading a report stays cheap.
"""

from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

REPORT_FILE = "execution-report.json"
REPORT_FORMAT = 2  # 2: the cache key moved into the entries; "source" became "source_path"
KEY_PACKAGES = (
    "nbclient",
    "ipykernel",
    "numpy",
    "scikit-learn",
    "tokenizers",
    "matplotlib",
    "myst-nb",
)
STATUSES = ("passed", "failed", "cached")


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def package_versions(names: tuple[str, ...] = KEY_PACKAGES) -> dict[str, str | None]:
    """Installed versions; ``None`` for a package that is not installed."""
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = None
    return versions


def environment() -> dict[str, Any]:
    """The versions a kernel started by this runner uses (it runs this interpreter)."""
    return {"python": platform.python_version(), "packages": package_versions()}


@dataclass
class NotebookEntry:
    name: str
    source_path: str  # e.g. "notebooks/tokenization.md"
    status: str
    duration_s: float
    executed_at: str
    python: str
    packages: dict[str, str | None] = field(default_factory=dict)
    error: str | None = None  # ``ExceptionName: message`` when failed
    key: str | None = None  # the cache key of the inputs it passed with; None when failed

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NotebookEntry:
        if not isinstance(data, dict):
            raise TypeError(f"expected a mapping, got {type(data).__name__}")
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)


def build_report(entries: list[NotebookEntry], wall_time_s: float) -> dict[str, Any]:
    ordered = sorted(entries, key=lambda entry: entry.name)
    totals: dict[str, Any] = {status: 0 for status in STATUSES}
    for entry in ordered:
        totals[entry.status] += 1
    totals["notebooks"] = len(ordered)
    totals["wall_time_s"] = round(wall_time_s, 3)
    return {
        "format": REPORT_FORMAT,
        "generated_at": utc_now(),
        "notebooks": [asdict(entry) for entry in ordered],
        "totals": totals,
    }


def write_report(path: Path, report: dict[str, Any]) -> None:
    """Write then rename, so a reader (or an interrupted run) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    partial.replace(path)


def read_report(path: Path) -> tuple[dict[str, Any], list[NotebookEntry]]:
    """A report file, read once: the whole data and its entries.

    Raises ``OSError``/``ValueError`` if it is missing or unusable.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("notebooks"), list):
        # A bad value in a file, like invalid JSON: ValueError, not TypeError.
        raise ValueError(f"{path} is not an opskb execution report (no 'notebooks' list)")  # noqa: TRY004
    try:
        return data, [NotebookEntry.from_dict(item) for item in data["notebooks"]]
    except (TypeError, KeyError) as error:  # an entry is not a mapping, or lacks a field
        raise ValueError(f"{path}: malformed notebook entry ({error})") from None


def previous_entries(path: Path) -> dict[str, NotebookEntry]:
    """Entries of an earlier run, by name; empty when there is none (or it is unreadable)."""
    try:
        return {entry.name: entry for entry in read_report(path)[1]}
    except (OSError, ValueError):
        return {}
