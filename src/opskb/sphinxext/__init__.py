"""The site's own Sphinx extension: one module per job, registered here."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

import opskb

# Each module has its own setup(app) and is set up in this order; it sets up, itself, the
# shared modules it relies on (addresses, changelog, citable, site_files), so any one of them
# also works alone. The 404 page comes from sphinx-notfound-page (docs/conf.py), not from here.
_MODULES: tuple[str, ...] = (
    "execution_report",
    "permalink_guard",
    "sections",
    "cite",
    "assets",
    "notfound_links",
    "figure_alt",
    "demo_boxes",
    "breadcrumbs",
    "a11y",
    "seo",
    "edition_links",
    "notebook_panel",
    "review",
    "search_entries",
)


def setup(app: Sphinx) -> dict[str, Any]:
    for module in _MODULES:
        app.setup_extension(f"{__name__}.{module}")
    return {"version": opskb.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
