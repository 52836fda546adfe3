"""Turn results into notebook outputs that render the same everywhere.

Tables are written as Markdown and wrapped in :class:`MarkdownOutput`, which also offers an
HTML rendering: myst-nb can embed a notebook output in another page (``{glue}`` with
``:doc:``) only as text, HTML or an image, never as Markdown. Figures become PNG bytes
rendered by Agg, so the output does not depend on the kernel's plotting backend.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

if TYPE_CHECKING:  # matplotlib is imported only when a figure is rendered: tables stay light
    from matplotlib.figure import Figure


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub-style Markdown table; every row must have one cell per header."""
    if not headers:
        raise ValueError("a table needs at least one header")
    for number, row in enumerate(rows, start=1):
        if len(row) != len(headers):
            raise ValueError(f"row {number} has {len(row)} cells, expected {len(headers)}")

    def line(cells: Sequence[object]) -> str:
        # A pipe inside a cell would split it; escape it.
        return "| " + " | ".join(str(cell).replace("|", r"\|") for cell in cells) + " |"

    return "\n".join([line(headers), line(["---"] * len(headers)), *map(line, rows)])


# Raw HTML in the Markdown is escaped, not passed through: cells hold data, not markup.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


@dataclass(frozen=True)
class MarkdownOutput:
    """Markdown for Jupyter and ``{glue:md}``, HTML for cross-page ``{glue}``, text otherwise.

    IPython's display machinery calls the ``_repr_*_`` methods, so ``glue(key, output)``
    stores all three representations.
    """

    markdown: str

    def _repr_markdown_(self) -> str:
        return self.markdown

    def _repr_html_(self) -> str:
        # Sphinx themes style tables that carry the docutils classes.
        return _MARKDOWN.render(self.markdown).replace(
            "<table>", '<table class="docutils align-default">'
        )

    def __repr__(self) -> str:
        return self.markdown


def figure_png(figure: Figure, *, dpi: int = 100) -> bytes:
    """Render a figure to PNG with the Agg canvas (no pyplot, no global state)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415 - see above

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
