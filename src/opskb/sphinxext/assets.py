"""Load a stylesheet or script only on the pages whose content uses it.

sphinx-design and myst-nb add their CSS and JS to every page. On a page without cards, tabs
or notebook cells those bytes buy nothing and push the page over its weight budget (the
search page most of all: it also loads the search index), so each page keeps only what its
body needs.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from sphinx.application import Sphinx


def asset_name(asset: Any) -> str:
    """The file name of a page's CSS or JS entry (a path, or Sphinx's asset object)."""
    return PurePosixPath(str(getattr(asset, "filename", asset))).name


def _class_marker(*class_patterns: str) -> re.Pattern[str]:
    alternatives = "|".join(class_patterns)
    return re.compile(rf'class="(?:[^"]*\s)?(?:{alternatives})(?:\s[^"]*)?"')


# (file-name prefix of an asset, the HTML that shows a page needs it)
RULES = (
    ("sphinx-design.min.css", _class_marker(r"sd-[\w-]+")),
    ("design-tabs.js", _class_marker(r"sd-tab-set")),
    ("mystnb.", _class_marker(r"cell", r"cell_\w+", r"output", r"pasted-[\w-]+")),
)


def keep_needed(assets: list[Any], body: str) -> list[Any]:
    """The assets a page with this body needs: all but those a rule says it does not use."""
    return [
        asset
        for asset in assets
        if all(
            needed_when.search(body)
            for prefix, needed_when in RULES
            if asset_name(asset).startswith(prefix)
        )
    ]


def prune_page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    del app, pagename, templatename, doctree
    body = context.get("body", "")
    # New lists, not in-place edits: the builder reuses its own lists for the next page.
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = keep_needed(context[key], body)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", prune_page_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
