"""The 404 page's own links, made absolute like the rest of it.

sphinx-notfound-page (docs/conf.py) makes the theme's links and assets on the 404 page
absolute, under ``notfound_urls_prefix``, so they work at any address the server answers
with the page. It leaves the links written in the page's body relative (it rewrites only
images), and those would break one folder down; this prefixes them the same way.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx


def absolute_body_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    config = app.config
    if docname != getattr(config, "notfound_pagename", None) or app.builder.format != "html":
        return
    prefix = (config.notfound_urls_prefix or "/").rstrip("/") + "/"
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        if reference.get("internal") and uri and not uri.startswith(("/", "#")):
            reference["refuri"] = prefix + uri


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-resolved", absolute_body_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
