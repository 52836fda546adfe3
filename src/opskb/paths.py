"""Where things live in a checkout, in one place, so nox, tests and tools agree."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
NOTEBOOKS = REPO / "notebooks"
# Executed notebooks are written into this folder of the Sphinx source tree, so Sphinx
# renders them at the stable URL notebooks/<name>.html; generated and git-ignored. The one
# home of the name: opskb.build writes there, the execution-report directive reads there.
EXECUTED_FOLDER = "notebooks"
EXECUTED = DOCS / EXECUTED_FOLDER
HTML = DOCS / "_build" / "html"
