"""Decide whether a notebook must run again: a content hash of everything it depends on.

A notebook's key hashes its ``.md`` source together with the *shared inputs*: the files of
``opskb.examples`` (the code and data the notebooks import), the kernel preamble the runner
injects, and the Python and key package versions. The key is kept in the notebook's entry
of the execution report, and only when the notebook passed, so a failed notebook always
runs again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

# Bump when the meaning of a key changes, so old caches are ignored rather than trusted.
KEY_FORMAT = 1
_IGNORED_PARTS = frozenset({"__pycache__", ".ipynb_checkpoints", ".pytest_cache"})


def digest_tree(root: Path) -> str:
    """SHA-256 over the relative paths and bytes of every file below ``root`` (none: empty)."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")) if root.is_dir() else ():
        relative = path.relative_to(root)
        if path.is_file() and not _IGNORED_PARTS & set(relative.parts) and path.suffix != ".pyc":
            digest.update(relative.as_posix().encode() + b"\0")
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
