"""The ``execution-report`` directive: a table of how every notebook was last executed.

It reads ``<srcdir>/<EXECUTED_FOLDER>/execution-report.json`` (:mod:`opskb.paths`), written by :mod:`opskb.execute`,
and renders one row per notebook (linked to its page), with status, duration, time and
versions. Without the report it warns, naming the file and the command that writes it, so
a strict build (``-W``) fails instead of publishing an empty page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import opskb
from opskb.execute.report import REPORT_FILE, NotebookEntry, read_report
from opskb.paths import EXECUTED_FOLDER
from opskb.sections import GENERATED_CLASS

logger = logging.getLogger(__name__)

COLUMNS = ("Notebook", "Status", "Duration", "Executed (UTC)", "Python", "Packages")
_STATUS_TEXT = {
    "passed": "passed",
    "failed": "failed",
    "cached": "cached (passed, unchanged since)",
}


def _when(iso: str) -> str:
    """``2026-05-01T12:34:56+00:00`` -> ``2026-05-01 12:34``: minutes are enough to read."""
    return iso.replace("T", " ")[:16] if len(iso) >= 16 else iso


def _packages(versions: dict[str, str | None]) -> str:
    return ", ".join(f"{name} {version or 'not installed'}" for name, version in versions.items())


def _network_note(entries: list[NotebookEntry]) -> str:
    """One sentence on how the kernels were kept off the network (opskb.execute.isolation)."""
    modes = {entry.network for entry in entries if entry.network}
    if not modes:
        return ""
    if modes == {"network namespace"}:
        return (
            " Every kernel ran in a network namespace of its own, cut off from the network "
            "and from the machine's loopback."
        )
    weaker = sum(entry.network == "socket guard only" for entry in entries)
    return (
        f" {weaker} notebook(s) ran with the in-process socket guard only (no network "
        "namespace on that machine), which does not stop loopback or child processes."
    )


def _row(*cells: nodes.Node | str) -> nodes.row:
    """A table row; a string becomes a text cell."""
    texts = (nodes.Text(cell) if isinstance(cell, str) else cell for cell in cells)
    return nodes.row("", *(nodes.entry("", nodes.paragraph("", "", text)) for text in texts))


class ExecutionReportDirective(SphinxDirective):
    """``:::{execution-report}`` -- no arguments, no content."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir) / EXECUTED_FOLDER / REPORT_FILE
        # Re-read this page whenever the runner writes a new report.
        self.env.note_dependency(str(path))
        try:
            data, entries = read_report(path)
        except FileNotFoundError:
            return self._missing(path, "does not exist")
        except (OSError, ValueError) as error:
            return self._missing(path, f"cannot be read ({error})")
        nodes_ = [self._totals(data, entries), self._table(entries)]
        for node in nodes_:  # run data, not authors' text: no part of the section's hash
            node["classes"].append(GENERATED_CLASS)
        return nodes_

    def _missing(self, path: Path, why: str) -> list[nodes.Node]:
        logger.warning(
            "execution report %s %s: run `nox -s notebooks` (python -m opskb.execute) "
            "before building the docs",
            path,
            why,
            location=self.get_location(),
            type="opskb",
            subtype="execution_report",
        )
        return [nodes.paragraph(text="The execution report is not available in this build.")]

    def _totals(self, data: dict[str, Any], entries: list[NotebookEntry]) -> nodes.paragraph:
        totals = data.get("totals") or {}
        counts = ", ".join(f"{totals.get(s, 0)} {s}" for s in ("passed", "cached", "failed"))
        generated = _when(str(data.get("generated_at", "?")))
        return nodes.paragraph(
            text=f"{totals.get('notebooks', 0)} notebooks: {counts}. "
            f"Report written {generated} UTC.{_network_note(entries)}"
        )

    def _notebook_link(self, entry: NotebookEntry) -> nodes.Node:
        docname = f"{EXECUTED_FOLDER}/{entry.name}"
        if docname not in self.env.found_docs:  # e.g. a notebook that could not be read
            return nodes.literal(text=entry.name)
        reference = addnodes.pending_xref(
            "",
            refdomain="std",
            reftype="doc",
            reftarget=f"/{docname}",
            refexplicit=True,
            refdoc=self.env.docname,
        )
        reference += nodes.inline(text=entry.name)
        return reference

    def _row(self, entry: NotebookEntry) -> nodes.row:
        status = _STATUS_TEXT.get(entry.status, entry.status)
        return _row(
            self._notebook_link(entry),
            f"{status}: {entry.error}" if entry.error else status,
            f"{entry.duration_s:.1f} s",
            _when(entry.executed_at),
            entry.python,
            _packages(entry.packages),
        )

    def _table(self, entries: list[NotebookEntry]) -> nodes.table:
        group = nodes.tgroup(cols=len(COLUMNS))
        group.extend(nodes.colspec(colwidth=1) for _ in COLUMNS)
        group += nodes.thead("", _row(*COLUMNS))
        group += nodes.tbody("", *(self._row(entry) for entry in entries))
        return nodes.table("", group, classes=["opskb-execution-report"])


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("execution-report", ExecutionReportDirective)
    return {"version": opskb.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
