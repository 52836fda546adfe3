"""Links to the offline editions: a sidebar block on every page and an ``{edition}`` role.

The editions (single-page HTML, EPUB, PDF) are built after the HTML site, next to it, by
:mod:`opskb.editions`, at fixed addresses under the site (:data:`EDITIONS`). In the HTML
site the links are relative, so they work on every host and every version; inside an
edition (single page, EPUB) a link to another edition is the absolute address of this
version, since the other files are not part of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxRole
from sphinx.util.osutil import relative_uri

import opskb
from opskb import publishing

TEMPLATES = Path(__file__).parent / "templates"
# key -> (link text, path under the site, media type)
EDITIONS = {
    "pdf": ("PDF", "editions/opskb.pdf", "application/pdf"),
    "epub": ("EPUB", "editions/opskb.epub", "application/epub+zip"),
    "single": ("Single page (HTML)", "single/index.html", "text/html"),
}
SITE_BUILDERS = frozenset({"html", "dirhtml"})


def edition_url(app: Sphinx, docname: str, key: str) -> str:
    """Where the edition ``key`` is, seen from ``docname`` in the current builder."""
    path = EDITIONS[key][1]
    if app.builder.name in SITE_BUILDERS:
        return relative_uri(app.builder.get_target_uri(docname), path)
    try:
        base = publishing.versioned_base(app.config.html_baseurl, app.config.release)
    except publishing.PublishingError:
        base = app.config.html_baseurl
    return base.rstrip("/") + "/" + path


class edition_link(nodes.reference):
    """A link to an edition, resolved for the builder once it is known."""


class EditionRole(SphinxRole):
    """``{edition}`pdf``` -> a link to the PDF edition (``pdf``, ``epub`` or ``single``)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        key = self.text.strip()
        if key not in EDITIONS:
            message = self.inliner.reporter.error(
                f"unknown edition {key!r}; use one of {', '.join(EDITIONS)}", line=self.lineno
            )
            return [], [message]
        name = EDITIONS[key][0]
        node = edition_link("", f"{name} edition", edition=key, internal=False)
        return [node], []


def resolve_edition_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(edition_link)):
        link = nodes.reference(
            "", node.astext(), refuri=edition_url(app, docname, node["edition"]), internal=False
        )
        node.replace_self(link)


def sidebar_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The editions the sidebar lists: on the HTML site only."""
    if app.builder.name in SITE_BUILDERS:
        context["opskb_editions"] = [(name, path, kind) for name, path, kind in EDITIONS.values()]


def add_templates(app: Sphinx, config: Config) -> None:
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(edition_link)
    app.add_role("edition", EditionRole())
    app.connect("config-inited", add_templates)
    app.connect("doctree-resolved", resolve_edition_links)
    app.connect("html-page-context", sidebar_context)
    return {"version": opskb.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
