"""Turn every way a notebook can fail into one plain message that says where and why.

A message names the file, the cell number and its line in the ``.md`` source, shows the
cell's source with those line numbers, then ``ExceptionName: message`` and a traceback
stripped of the ANSI colour codes that IPython puts in it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

# CSI sequences (colours, cursor moves), OSC sequences (hyperlinks, titles) and 2-byte escapes.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
# IPython names a frame in a notebook cell "Cell In[<execution count>], line <n>".
_CELL_FRAME = r"Cell In\[{count}\], line (\d+)"


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


@dataclass(frozen=True)
class Failure:
    """Why one notebook failed, located as precisely as we know."""

    source: Path
    ename: str
    evalue: str
    cell_number: int | None = None  # 1-based position among all the notebook's cells
    cell_start_line: int | None = None  # .md line where the cell's source starts
    line: int | None = None  # .md line of the failing statement (or of the cell)
    cell_source: str = ""
    traceback: str = ""  # plain text, no ANSI codes
    note: str = ""  # what to do, when the error alone does not say

    @property
    def headline(self) -> str:
        """``ExceptionName: message``."""
        return f"{self.ename}: {self.evalue}" if self.evalue else self.ename


def failing_line(traceback: str, execution_count: int | None) -> int | None:
    """The 1-based line inside the failing cell, from IPython's ``Cell In[n], line k`` frame.

    The first frame of the failing cell is the statement the cell ran; later frames of the
    same cell would be functions it defines and calls.
    """
    if execution_count is None:
        return None
    match = re.search(_CELL_FRAME.format(count=execution_count), traceback)
    return int(match[1]) if match else None


def cell_error(
    source: Path,
    *,
    cell_index: int,
    cell_source: str,
    cell_start_line: int | None,
    reply: dict,
) -> Failure:
    """A cell raised: ``reply`` is the content of the kernel's ``execute_reply``."""
    traceback = strip_ansi("\n".join(reply.get("traceback") or [])).strip("\n")
    within = failing_line(traceback, reply.get("execution_count"))
    line = cell_start_line + within - 1 if cell_start_line and within else cell_start_line
    return Failure(
        source,
        ename=reply.get("ename") or "Error",
        evalue=strip_ansi(reply.get("evalue") or ""),
        cell_number=cell_index + 1,
        cell_start_line=cell_start_line,
        line=line,
        cell_source=cell_source,
        traceback=traceback,
    )


def cell_timeout(
    source: Path, *, cell_index: int, cell_source: str, cell_start_line: int | None, timeout: float
) -> Failure:
    return Failure(
        source,
        ename="CellTimeoutError",
        evalue=f"cell {cell_index + 1} did not finish within {timeout:g} s",
        cell_number=cell_index + 1,
        cell_start_line=cell_start_line,
        line=cell_start_line,
        cell_source=cell_source,
        note="The kernel was stopped. Make the cell faster or raise the limit with --timeout.",
    )


def kernel_died(
    source: Path, *, cell_index: int | None, cell_source: str, cell_start_line: int | None
) -> Failure:
    where = f" while running cell {cell_index + 1}" if cell_index is not None else ""
    return Failure(
        source,
        ename="DeadKernelError",
        evalue=f"the kernel died{where}",
        cell_number=None if cell_index is None else cell_index + 1,
        cell_start_line=cell_start_line,
        line=cell_start_line,
        cell_source=cell_source,
        note="A crash in native code or running out of memory are the usual causes.",
    )


def parse_error(source: Path, problem: str, line: int | None) -> Failure:
    return Failure(
        source,
        ename="NotebookParseError",
        evalue=problem,
        line=line,
        note="The notebook was not executed.",
    )


def runner_error(source: Path, error: BaseException, traceback: str) -> Failure:
    """Anything else (the kernel would not start, a bug in the runner): say it plainly."""
    return Failure(source, ename=type(error).__name__, evalue=str(error), traceback=traceback)


def display_path(path: Path) -> str:
    """The path relative to the working directory when it is below it, else as given."""
    return os.path.relpath(path) if Path.cwd() in path.resolve().parents else str(path)


def _cell_listing(failure: Failure, path: str) -> list[str]:
    """The failing cell's heading and source, numbered with its ``.md`` lines when known."""
    lines = failure.cell_source.splitlines() or ["(empty)"]
    start = failure.cell_start_line
    if start is None:
        return [f"  cell {failure.cell_number} ({path}):", *(f"      {text}" for text in lines)]
    end = start + len(lines) - 1
    span = f"line {start}" if end == start else f"lines {start}-{end}"
    width = len(str(end))
    return [f"  cell {failure.cell_number} ({path}, {span}):"] + [
        f"  {'>' if number == failure.line else ' '} {number:>{width}} | {text}"
        for number, text in enumerate(lines, start)
    ]


def format_failure(failure: Failure) -> str:
    """The message printed for one failing notebook (plain text, several lines)."""
    path = display_path(failure.source)
    location = f"{path}:{failure.line}" if failure.line else path
    cell = f" cell {failure.cell_number}:" if failure.cell_number else ""
    out = [f"FAILED {location}:{cell} {failure.headline}"]
    if failure.cell_number is not None:
        out += ["", *_cell_listing(failure, path)]
    if failure.traceback:
        out += ["", "  traceback:", *(f"    {t}" for t in failure.traceback.splitlines())]
        # Repeated after a long traceback, where the eye lands.
        out += ["", f"  {failure.headline}"]
    if failure.note:
        out += ["", f"  {failure.note}"]
    return "\n".join(out)
