"""The small plain-text corpus shipped with the package (``opskb/examples/data``).

All of it was written for this project: a few KB of everyday prose (``general``) and of
operations text in the style of incident summaries and runbooks (``incidents-train`` for
training, ``incidents-heldout`` for evaluation only). Documents are separated by blank lines.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Literal

CorpusName = Literal["general", "incidents-train", "incidents-heldout"]
CORPUS_NAMES: tuple[CorpusName, ...] = ("general", "incidents-train", "incidents-heldout")


def read_text(name: CorpusName) -> str:
    """The raw text of one bundled corpus file."""
    if name not in CORPUS_NAMES:
        raise ValueError(f"unknown corpus {name!r}; choose one of {', '.join(CORPUS_NAMES)}")
    return resources.files("opskb.examples").joinpath("data", f"{name}.txt").read_text("utf-8")


def documents(name: CorpusName) -> list[str]:
    """The documents of one corpus file, in file order, each stripped of surrounding space."""
    return [doc.strip() for doc in re.split(r"\n\s*\n", read_text(name)) if doc.strip()]
