"""What the tests measure on figures: text size on a phone, contrast, and whether an alt
describes.

Test-only: the package draws figures and writes alt text; these judge the result.
"""

from __future__ import annotations

import re

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from opskb.sphinxext import figure_alt


def smallest_text_px(figure: Figure, *, shown_width_px: float) -> float:
    """The font size, in CSS pixels, of the figure's smallest text when shown that wide.

    A browser scales the picture to fit the column, so what a reader sees depends only on
    font size relative to figure width: s pt on a w-inch figure shown p px wide is
    s·p / (72·w) px, whatever the dpi. The figure is drawn first, so tick labels count.
    """
    FigureCanvasAgg(figure).draw()
    sizes = [
        text.get_fontsize()
        for text in figure.findobj(Text)
        if text.get_visible() and text.get_text().strip()
    ]
    if not sizes:
        raise ValueError("the figure has no text to measure")
    return min(sizes) * shown_width_px / (72 * figure.get_figwidth())


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours, from 1 to 21."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def inverted(colour: str) -> str:
    """What CSS ``filter: invert(1)`` makes of a ``#rrggbb`` colour (hue-rotate keeps a grey)."""
    value = int(colour.lstrip("#"), 16)
    return f"#{0xFFFFFF - value:06x}"


# What an alt attribute holds when nobody wrote one: the image's file name or path.
_FILE_NAME = re.compile(r"\S*\.(?:png|jpe?g|gif|svg|webp|avif|pdf)", re.IGNORECASE)


def alt_problem(alt: str | None) -> str | None:
    """Why an ``<img>``'s alt would fail a screen-reader user, or None when it is a text."""
    if alt is None:
        return "no alt attribute"
    text = " ".join(alt.split())
    if not text:
        return "an empty alt"
    if _FILE_NAME.fullmatch(text) or (" " not in text and "/" in text):
        return "a file name or path"
    if figure_alt._DEFAULT_REPR.fullmatch(text):
        return "a Python repr, not a description"
    return None
