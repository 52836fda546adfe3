"""Where things live in a checkout, in one place, so nox, tests and tools agree."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
NOTEBOOKS = REPO / "notebooks"
# Executed notebooks are written into the docs source tree so that Sphinx renders them at
# the stable URL notebooks/<name>.html; the folder is generated and git-ignored.
EXECUTED = DOCS / "notebooks"
HTML = DOCS / "_build" / "html"
