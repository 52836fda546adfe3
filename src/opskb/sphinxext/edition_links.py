"""Links to the offline editions: a sidebar block on every page and an ``{edition}`` role.

The editions (single-page HTML, EPUB, PDF) are built after the HTML site, next to it, by
:mod:`opskb.editions`, at fixed addresses under the site (:data:`EDITIONS`). In the HTML
site the links are relative, so they work on every host and every version; inside an
edition (single page, EPUB) a link to another edition is the absolute address of this
version, since the other files are not part of it.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxRole
from sphinx.util.osutil import relative_uri

import opskb
from opskb import changes, publishing
from opskb.sphinxext.assets import asset_name
from opskb.sphinxext.cite import changelog

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
    base = publishing.permanent_base(app.config.html_baseurl, app.config.release)
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
        # (link text, path, media type) of each edition
        context["opskb_editions"] = list(EDITIONS.values())


_TAB_INPUT = re.compile(r'<input [^>]*type="radio"[^>]*>')
_TAB_LABEL = re.compile(r'<label (?:[^>]*\s)?class="sd-tab-label"[^>]*>(.*?)</label>', re.DOTALL)
# Interactive or browser-only assets that an e-book reader cannot use.
_NOT_FOR_EPUB = ("mystnb.", "sphinx-design", "design-tabs", "opskb-cite")


def epub_body(body: str) -> str:
    """A page body that is valid XHTML for e-readers: tab sets read as a sequence.

    sphinx-design writes each tab as a radio ``<input>`` (not self-closed, so not XHTML)
    plus a label, and shows one tab at a time with CSS an e-reader may not apply. In the
    EPUB every tab is shown, its label as a bold line above it.
    """
    body = _TAB_INPUT.sub("", body)
    return _TAB_LABEL.sub(r'<p class="sd-tab-label"><strong>\1</strong></p>', body)


def epub_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The EPUB's pages carry no interactive markup or assets (html-page-context)."""
    if app.builder.name != "epub":
        return
    if "body" in context:
        context["body"] = epub_body(context["body"])
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [a for a in context[key] if not asset_name(a).startswith(_NOT_FOR_EPUB)]


def edition_note(app: Sphinx) -> str:
    """Which edition and version this is, where it was published, and when.

    The same facts ride on the note as data attributes: the PDF's title page and page
    footers are printed from them (``opskb/print/prepare.js``).
    """
    config = app.config
    title = config.html_title or config.project
    date = changes.release_date(changelog(app), config.release)
    kind = "EPUB" if app.builder.name == "epub" else "single-page HTML"
    url = publishing.permanent_base(config.html_baseurl, config.release)
    facts = {"title": title, "version": config.release, "date": date, "url": url}
    data = " ".join(f'data-{key}="{escape(value)}"' for key, value in facts.items())
    when = f", {date}" if date else ""
    return (
        f'<aside class="opskb-edition-note" aria-label="About this edition" {data}><p>'
        f"Offline edition ({kind}) of {escape(title)}, "
        f"version {escape(config.release)}{when}. Published at "
        f'<a href="{escape(url)}">{escape(url)}</a>; every section keeps its label, so '
        f"{escape(url)}&lt;page&gt;.html#&lt;label&gt; cites it.</p></aside>\n"
    )


def note_the_edition(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The first page of an offline edition says which version it is (html-page-context)."""
    edition = app.builder.name in {"singlehtml", "epub"}
    if edition and pagename == app.config.root_doc and "body" in context:
        context["body"] = edition_note(app) + context["body"]


def add_templates(app: Sphinx, config: Config) -> None:
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(edition_link)
    app.add_css_file("opskb-editions.css")
    app.add_role("edition", EditionRole())
    app.connect("config-inited", add_templates)
    app.connect("doctree-resolved", resolve_edition_links)
    app.connect("html-page-context", sidebar_context)
    app.connect("html-page-context", note_the_edition)
    # After the other handlers (500), which may still add assets to the page.
    app.connect("html-page-context", epub_page, priority=950)
    return {"version": opskb.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
