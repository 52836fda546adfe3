"""Find the MyST text notebooks and read them, remembering where each code cell starts.

Errors should point at the line a writer edits, so reading a notebook also records the line
of the ``.md`` file on which every code cell's source begins. A file that is not a valid
MyST text notebook raises :class:`NotebookParseError` naming the file and, when known, the
line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jupytext
import yaml
from jupytext.myst import CODE_DIRECTIVE, get_parser, read_fenced_cell
from nbformat import NotebookNode

# Markdown files in the notebooks folder that are documentation, not notebooks.
NOT_NOTEBOOKS = frozenset({"readme.md"})

_JUPYTEXT_CELL_ERROR = re.compile(r"Code cell (?P<index>\d+) at line (?P<line>\d+)")


class NotebookParseError(ValueError):
    """The file is not a valid MyST text notebook."""

    def __init__(self, path: Path, problem: str, line: int | None = None) -> None:
        self.path = path
        self.problem = problem
        self.line = line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class NotebookSource:
    """A notebook read from its ``.md`` file."""

    path: Path
    notebook: NotebookNode
    # For each cell (same index as notebook.cells): the 1-based .md line where its source
    # starts, or None for markdown cells and when the lines could not be matched.
    cell_lines: tuple[int | None, ...]


def discover(source_dir: Path) -> list[Path]:
    """The notebooks of ``source_dir``: every ``*.md`` file except a README, sorted by name."""
    return sorted(p for p in source_dir.glob("*.md") if p.name.lower() not in NOT_NOTEBOOKS)


def split_front_matter(path: Path, text: str) -> dict:
    """The parsed YAML header (between the ``---`` lines that open the file)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise NotebookParseError(
            path,
            "no jupytext header: a MyST text notebook starts with a YAML block between "
            "'---' lines (copy the header of any notebook in notebooks/)",
            line=1,
        )
    closing = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if closing is None:
        raise NotebookParseError(path, "the YAML header opened on line 1 is never closed", 1)
    try:
        header = yaml.safe_load("\n".join(lines[1:closing])) or {}
    except yaml.YAMLError as error:
        raise NotebookParseError(path, *_describe_yaml_error(error)) from None
    if not isinstance(header, dict):
        raise NotebookParseError(path, "the header is not a YAML mapping", line=2)
    return header


def _describe_yaml_error(error: yaml.YAMLError) -> tuple[str, int]:
    """PyYAML's message on one line, with file line numbers; and the line of the problem."""

    def file_line(mark: yaml.Mark | None) -> int | None:
        # +2: the YAML text starts on file line 2, and marks count from 0.
        return mark.line + 2 if mark is not None else None

    problem_line = file_line(getattr(error, "problem_mark", None))
    context_line = file_line(getattr(error, "context_mark", None))
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    text = f"invalid YAML in the header: {problem}"
    if context and context_line:
        text += f" ({context} started on line {context_line})"
    return text, problem_line or 1


def _require_myst_header(path: Path, header: dict) -> None:
    representation = (header.get("jupytext") or {}).get("text_representation") or {}
    if representation.get("format_name") != "myst":
        raise NotebookParseError(
            path,
            "not a MyST text notebook: the header needs "
            "jupytext.text_representation.format_name: myst",
            line=2,
        )


def code_cell_positions(path: Path, text: str) -> list[tuple[int, int]]:
    """For each ``{code-cell}`` in order: (fence line, first source line), both 1-based.

    The cells are found by jupytext's own markdown-it parser, exactly as jupytext finds
    them, so the lines pair with its cells; the source starts after the cell's options and
    any blank lines. An unclosed code cell is an error: jupytext would silently take the
    rest of the file as code.
    """
    lines = text.splitlines()
    positions: list[tuple[int, int]] = []
    nesting = 0
    for token in get_parser().parse(text + "\n"):
        nesting += token.nesting
        if nesting or token.type != "fence" or not token.info.startswith(CODE_DIRECTIVE):
            continue
        start, end = token.map  # 0-based: the opening fence, and the line after the closing
        closing = lines[end - 1].strip() if start < end - 1 < len(lines) else ""
        if not (closing.startswith(token.markup) and set(closing) == {token.markup[0]}):
            raise NotebookParseError(
                path,
                f"the code cell opened on line {start + 1} is never closed by {token.markup}",
                start + 1,
            )
        try:
            _, body = read_fenced_cell(token, len(positions), "Code")
        except Exception:  # noqa: BLE001 - bad options: jupytext.reads reports them
            body = token.content.splitlines()
        first = start + 1 + len(token.content.splitlines()) - len(body)
        while first < end - 1 and not lines[first].strip():
            first += 1
        positions.append((start + 1, first + 1))
    return positions


def read_notebook(path: Path) -> NotebookSource:
    """Read and check one MyST text notebook; raise :class:`NotebookParseError` if invalid."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise NotebookParseError(path, f"not UTF-8 text ({error.reason})") from None
    header = split_front_matter(path, text)
    _require_myst_header(path, header)
    positions = code_cell_positions(path, text)
    try:
        notebook = jupytext.reads(text, fmt="md:myst")
    except Exception as error:  # noqa: BLE001 - jupytext raises many types; report them all
        raise NotebookParseError(
            path, f"jupytext cannot read it: {error}", _jupytext_error_line(error, positions)
        ) from None
    return NotebookSource(path, notebook, _cell_lines(notebook, positions))


def _jupytext_error_line(error: Exception, positions: list[tuple[int, int]]) -> int | None:
    match = _JUPYTEXT_CELL_ERROR.search(str(error))
    if match is None:
        return None
    index = int(match["index"])
    # Prefer our own count of fences; jupytext's line number is a fallback.
    return positions[index][0] if index < len(positions) else int(match["line"])


def _cell_lines(notebook: NotebookNode, positions: list[tuple[int, int]]) -> tuple[int | None, ...]:
    code_cells = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    lines: list[int | None] = [None] * len(notebook.cells)
    if len(code_cells) == len(positions):  # otherwise we cannot pair them safely
        for cell_index, (_, body) in zip(code_cells, positions, strict=True):
            lines[cell_index] = body
    return tuple(lines)
