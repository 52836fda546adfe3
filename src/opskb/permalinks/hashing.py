"""A page's content hash: what decides that a page "changed" and needs a new version.

The hash covers what authors write, not what a build produces: for a text page its source
(newlines normalised), for a notebook the type and source of each cell. Outputs, execution
counts and timing metadata change on every run and would make every page look changed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

PREFIX = "sha256:"
LENGTH = 16  # hex digits kept: 64 bits tell page versions apart and keep the file readable


def _digest(data: bytes) -> str:
    return PREFIX + hashlib.sha256(data).hexdigest()[:LENGTH]


def _notebook_text(raw: str) -> str:
    notebook = json.loads(raw)
    parts = []
    for cell in notebook.get("cells", []):
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        parts.append(f"{cell.get('cell_type', '')}\n{text}")
    return "\n\x1e\n".join(parts)  # a record separator no cell source contains


def content_hash(path: Path) -> str:
    """The content hash of the source file of a page."""
    raw = path.read_text(encoding="utf-8")
    text = _notebook_text(raw) if path.suffix == ".ipynb" else raw
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return _digest(normalised.encode("utf-8"))
