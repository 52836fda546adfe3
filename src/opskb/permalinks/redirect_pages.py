"""The HTML that keeps an old address working: redirect pages and moved-section notes.

Both work without JavaScript (a meta refresh, a visible link); a few lines of inline script
add what HTML alone cannot: carrying the ``#section`` of the old address along.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Link:
    """Where something is now, relative to the page that links to it, and what it is called."""

    url: str
    title: str


def _script_json(value: object) -> str:
    # "</" must not appear inside <script>: it could close the element early.
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def redirect_page(
    target: Link, *, canonical: str, sections: Mapping[str, Link], language: str = "en"
) -> str:
    """A static page sending readers of a moved page to its new address.

    ``sections`` maps the ids the old page had to where those sections are now; the script
    follows them, and each is also listed with its old id for readers without JavaScript.
    """
    moved = {anchor: link.url for anchor, link in sections.items()}
    items = "".join(
        f'<li id="{escape(anchor)}"><a href="{escape(link.url)}">{escape(link.title)}</a></li>\n'
        for anchor, link in sections.items()
    )
    listing = f"<p>Its sections are now here:</p>\n<ul>\n{items}</ul>\n" if items else ""
    return f"""<!DOCTYPE html>
<html lang="{escape(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<title>Moved: {escape(target.title)}</title>
<link rel="canonical" href="{escape(canonical)}">
<script>
(function () {{
  // Keep the #section of the old address: send it to where that section lives now.
  var moved = {_script_json(moved)};
  var anchor = decodeURIComponent(location.hash.slice(1));
  location.replace(moved[anchor] || {_script_json(target.url)} + location.hash);
}})();
</script>
<meta http-equiv="refresh" content="0; url={escape(target.url)}">
</head>
<body>
<main>
<h1>This page has moved</h1>
<p>It is now <a href="{escape(target.url)}">{escape(target.title)}</a>.</p>
{listing}</main>
</body>
</html>
"""


def moved_section_note(old_anchor: str, target: Link) -> str:
    """A note, carrying a moved section's old id, on the page that used to hold it."""
    title = escape(target.title)
    url = escape(target.url)
    return (
        f'<p id="{escape(old_anchor)}" class="opskb-moved-section">'
        f'The section “{title}” moved to <a href="{url}">another page</a>.</p>\n'
        "<script>\n"
        f"if (location.hash === {_script_json('#' + old_anchor)}) "
        f"location.replace({_script_json(target.url)});\n"
        "</script>\n"
    )
