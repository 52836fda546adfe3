"""Turn results into notebook outputs that render the same everywhere.

Tables are written as Markdown and wrapped in :class:`MarkdownOutput`, which also offers an
HTML rendering: myst-nb can embed a notebook output in another page (``{glue}`` with
``:doc:``) only as text, HTML or an image, never as Markdown. Figures become PNG bytes
rendered by Agg, so the output does not depend on the kernel's plotting backend, and are
wrapped in :class:`FigurePNG`, which carries the figure's text alternative as its plain-text
form (the site's ``figure_alt`` Sphinx extension turns that into the image's ``alt``).

Why PNG and not SVG: myst-nb (1.x) embeds an output in another page only as PNG, JPEG, GIF
or PDF; an SVG output there falls back to its plain text. So figures are drawn for the
widths they are shown at: twice their widest shown size (:data:`FIGURE_DPI`, sharp on
high-density screens), with fonts that stay 12 CSS px at the narrowest
(:data:`FIGURE_FONT_SIZE`). They have an opaque background and dark ink
(:data:`THEME_NEUTRAL_RC`); the site inverts them in dark mode.

Numbers meant for prose go through :func:`scientific` and :class:`TextOutput`, so a page
reads 1.2 × 10¹⁰ rather than ``1.2e+10``.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
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

#: The class of the container a table scrolls in (styled in docs/_static/opskb.css).
TABLE_SCROLL_CLASS = "opskb-table-scroll"


def _headers(markdown: str) -> list[str]:
    """The header cells of the first table in ``markdown`` (as :func:`markdown_table` writes)."""
    for line in markdown.splitlines():
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
            return [cell.strip().replace(r"\|", "|") for cell in cells]
    return []


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
        # Sphinx themes style tables that carry the docutils classes. A table wider than the
        # column scrolls inside its own container, not the box around it; the container is
        # focusable, so keyboard users can scroll it, and labelled by the table's headers.
        html = _MARKDOWN.render(self.markdown)
        if "<table>" not in html:
            return html
        label = escape(f"Table: {', '.join(_headers(self.markdown))} (scrolls sideways)")
        return html.replace(
            "<table>",
            f'<div class="{TABLE_SCROLL_CLASS}" role="region" tabindex="0" aria-label="{label}">'
            '<table class="docutils align-default">',
        ).replace("</table>", "</table></div>")

    def __repr__(self) -> str:
        return self.markdown


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def scientific(value: float, significant: int = 2) -> str:
    """``value`` in scientific notation for prose: ``scientific(1.23e10)`` is ``'1.2 × 10¹⁰'``.

    The mantissa keeps ``significant`` digits, trailing zeros dropped (``1 × 10¹⁴``, not
    ``1.0 × 10¹⁴``); a minus sign is U+2212, as typeset text writes it.
    """
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"value must be a finite number, got {value!r}")
    if significant < 1:
        raise ValueError(f"significant must be at least 1, got {significant}")
    if value == 0:
        return "0"
    mantissa, exponent = f"{value:.{significant - 1}e}".split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    power = int(exponent)
    text = mantissa if power == 0 else f"{mantissa} × 10{str(power).translate(_SUPERSCRIPT)}"
    return text.replace("-", "\u2212", 1) if value < 0 else text


@dataclass(frozen=True)
class TextOutput:
    """Text for ``{glue:text}``: its plain-text form is the text itself, with no quotes.

    Glue a formatted number (see :func:`scientific`) when the page should show it exactly
    so; a Python ``str`` would be stored with its quotes.
    """

    text: str

    def __post_init__(self) -> None:
        if not self.text.strip() or "\n" in self.text:
            raise ValueError("glued text must be one non-empty line")

    def __repr__(self) -> str:
        return self.text


#: Figures are drawn on this opaque background with :data:`INK` for their text, a 12.6:1
#: contrast. A transparent figure cannot reach 4.5:1 on furo's light and dark pages with one
#: ink (a grey dark enough for white is too dark for #131416), so in dark mode the site's CSS
#: inverts figures instead (``img.opskb-figure``): the contrast stays, light ink on black.
FIGURE_BACKGROUND = "#ffffff"
INK = "#333333"
#: Matplotlib settings for the site's figures: dark ink on :data:`FIGURE_BACKGROUND`, and no
#: legend box. Use with ``matplotlib.rc_context`` and :func:`figure_png`.
THEME_NEUTRAL_RC: dict[str, object] = {
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": INK,
    "axes.titlecolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "legend.frameon": False,
    # Titles as large as the rest: at 12 px on a phone, larger ones do not fit a panel.
    "axes.titlesize": "medium",
    "legend.title_fontsize": "medium",
    "axes.facecolor": "none",
    "figure.facecolor": FIGURE_BACKGROUND,
}


#: Every notebook figure is this wide, in inches; the site shows it this many CSS pixels
#: wide, or the column's width on a narrower screen. This constant is the width's home:
#: ``docs/_static/opskb.css`` repeats it (CSS cannot import it), and a unit test fails while
#: the two differ.
FIGURE_WIDTH_INCHES = 5.5
FIGURE_SHOWN_WIDTH_PX = 550
#: Pixels per inch for figures: twice the shown size, sharp on high-density screens.
FIGURE_DPI = 2 * FIGURE_SHOWN_WIDTH_PX / FIGURE_WIDTH_INCHES
#: The site's floor for text, in CSS pixels, figures included.
MIN_TEXT_PX = 12
#: The narrowest a figure is shown: the column inside a Demonstration box on a 375 px phone
#: (339 px on a 390 px one, measured for issue 20).
FIGURE_NARROWEST_SHOWN_PX = 320
#: The smallest font size a figure may use, in points. What a reader sees depends only on
#: font size relative to figure width (s pt on a w-inch figure shown p px wide is
#: s·p / (72·w) px), so this size keeps :data:`MIN_TEXT_PX` at the narrowest width, and
#: more wherever the figure is shown wider.
FIGURE_FONT_SIZE = MIN_TEXT_PX * 72 * FIGURE_WIDTH_INCHES / FIGURE_NARROWEST_SHOWN_PX

#: PNG text chunks :func:`figure_png` writes, so a test can check the picture as shown: the
#: smallest text's height in image pixels, the text colours and the background.
PNG_SMALLEST_TEXT_KEY = "opskb:smallest-text-px"
PNG_TEXT_COLOURS_KEY = "opskb:text-colours"
PNG_BACKGROUND_KEY = "opskb:background"


def text_sizes_and_colours(figure: Figure) -> tuple[list[float], set[str]]:
    """Font sizes (points) and colours (hex) of the figure's visible text, once laid out."""
    from matplotlib.colors import to_hex  # noqa: PLC0415 - see above
    from matplotlib.text import Text  # noqa: PLC0415

    figure.draw_without_rendering()  # tick labels exist only once the figure is laid out
    texts = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return [t.get_fontsize() for t in texts], {to_hex(t.get_color()) for t in texts}


def figure_png(figure: Figure, *, dpi: float = 100) -> bytes:
    """Render a figure to PNG with the Agg canvas (no pyplot, no global state) on
    :data:`FIGURE_BACKGROUND`, recording its smallest text and its colours in the PNG."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415 - see above

    FigureCanvasAgg(figure)
    sizes, colours = text_sizes_and_colours(figure)
    metadata = {
        PNG_TEXT_COLOURS_KEY: ",".join(sorted(colours)),
        PNG_BACKGROUND_KEY: FIGURE_BACKGROUND,
    }
    if sizes:
        metadata[PNG_SMALLEST_TEXT_KEY] = f"{min(sizes) * dpi / 72:.2f}"
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor=FIGURE_BACKGROUND, metadata=metadata)
    return buffer.getvalue()


def _check_alt(alt: str) -> None:
    if not alt.strip():
        raise ValueError("a figure needs alt text that says what it shows")
    if "\n" in alt:
        # An alt attribute is read as one run of text; line breaks only get lost.
        raise ValueError("alt text must be a single line")


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class FigurePNG:
    """A rendered figure and the words that stand in for it.

    ``glue(key, FigurePNG(...))`` stores ``image/png`` (the picture) and ``text/plain`` (the
    alt text) in one output bundle, so wherever the picture goes, its description goes too:
    a screen reader on the site, and a terminal or a text diff of the notebook.
    """

    png: bytes
    alt: str

    def __post_init__(self) -> None:
        if not self.png.startswith(_PNG_SIGNATURE):
            raise ValueError("png must hold PNG bytes (see figure_png)")
        _check_alt(self.alt)

    @classmethod
    def from_figure(cls, figure: Figure, *, alt: str, dpi: float = FIGURE_DPI) -> FigurePNG:
        """Render ``figure`` with :func:`figure_png` (at twice its shown size unless told
        otherwise) and attach its alt text."""
        return cls(figure_png(figure, dpi=dpi), alt)

    def _repr_png_(self) -> bytes:
        return self.png

    def __repr__(self) -> str:
        return self.alt
