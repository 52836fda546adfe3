"""Decide whether a notebook must run again: a content hash of everything it depends on.

A notebook's key hashes its ``.md`` source together with the *shared inputs*: the files of
``opskb.examples`` (the code and data the notebooks import), the kernel preamble the runner
injects, and the Python and key package versions. The key is stored only when the
notebook passes, so a failed notebook always runs again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

CACHE_FILE = ".execution-cache.json"
# Bump when the meaning of a key changes, so old caches are ignored rather than trusted.
KEY_FORMAT = 1
_IGNORED_PARTS = frozenset({"__pycache__", ".ipynb_checkpoints", ".pytest_cache"})


def _tree_files(root: Path) -> Iterable[Path]:
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not _IGNORED_PARTS & set(relative.parts) and path.suffix != ".pyc":
            yield path


def digest_tree(root: Path) -> str:
    """SHA-256 over the relative paths and bytes of every file below ``root`` (none: empty)."""
    digest = hashlib.sha256()
    if root.is_dir():
        for path in _tree_files(root):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def shared_inputs_digest(examples_dir: Path, preamble: str, environment: dict[str, Any]) -> str:
    """What every notebook depends on besides its own source."""
    digest = hashlib.sha256(f"opskb-execution-key-{KEY_FORMAT}\0".encode())
    digest.update(digest_tree(examples_dir).encode() + b"\0")
    digest.update(preamble.encode() + b"\0")
    digest.update(json.dumps(environment, sort_keys=True).encode())
    return digest.hexdigest()


def notebook_key(source_text: str, shared_digest: str) -> str:
    return hashlib.sha256(f"{shared_digest}\0{source_text}".encode()).hexdigest()


class ExecutionCache:
    """``out_dir/.execution-cache.json``: for each notebook that passed, its key and run record."""

    def __init__(self, path: Path, entries: dict[str, dict[str, Any]] | None = None) -> None:
        self.path = path
        self.entries: dict[str, dict[str, Any]] = entries or {}

    @classmethod
    def load(cls, out_dir: Path) -> ExecutionCache:
        path = out_dir / CACHE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path)  # missing or unreadable: everything runs, nothing is trusted
        entries = data.get("notebooks") if isinstance(data, dict) else None
        return cls(path, entries if isinstance(entries, dict) else {})

    def fresh_record(self, name: str, key: str) -> dict[str, Any] | None:
        """The stored run record of ``name`` if it passed with exactly this key."""
        entry = self.entries.get(name)
        if isinstance(entry, dict) and entry.get("key") == key:
            return entry.get("record")
        return None

    def remember(self, name: str, key: str, record: dict[str, Any]) -> None:
        self.entries[name] = {"key": key, "record": record}

    def forget(self, name: str) -> None:
        self.entries.pop(name, None)

    def save(self) -> None:
        write_json_atomically(self.path, {"format": KEY_FORMAT, "notebooks": self.entries})


def write_json_atomically(path: Path, data: Any) -> None:
    """Write then rename, so a reader (or an interrupted run) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    partial.replace(path)
