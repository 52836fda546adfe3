"""Links to the offline editions: a sidebar block on every page and an ``{edition}`` role.

The editions (single-page HTML, EPUB, PDF) are built after the HTML site, next to it, by
:mod:`opskb.editions`, at fixed addresses under the site (:data:`EDITIONS`). In the HTML
site the links are relative, so they work on every host and every version; inside an
edition (single page, EPUB) a link to another edition is the absolute address of this
version, since the other files are not part of it.

The editions exist in a build only when it makes them (``python -m opskb.build --editions``,
what ``nox -s publish`` and Read the Docs run; ``opskb_editions_built``). A site built
without them (``nox -s docs``, ``nox -s serve``) links to the editions published at this
version's permanent address instead, and its sidebar says so: no link of the site names a
file the build does not have.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole
from sphinx.util.osutil import relative_uri

import opskb
from opskb import changes
from opskb.sphinxext import addresses, changelog
from opskb.sphinxext.assets import asset_name

# key -> (link text, path under the site, media type)
EDITIONS = {
    "pdf": ("PDF", "editions/opskb.pdf", "application/pdf"),
    "epub": ("EPUB", "editions/opskb.epub", "application/epub+zip"),
    "single": ("Single page (HTML)", "single/index.html", "text/html"),
}
SITE_BUILDERS = frozenset({"html", "dirhtml"})


def editions_here(app: Sphinx) -> bool:
    """Whether the site's links go to editions in this build (else: to the published ones)."""
    return app.config.opskb_editions_built


def edition_url(app: Sphinx, docname: str, key: str) -> str:
    """Where the edition ``key`` is, seen from ``docname`` in the current builder.

    Relative in the HTML site when this build makes the editions; otherwise (an offline
    edition, or a site built without them) the edition published at this version's address.
    """
    path = EDITIONS[key][1]
    base = addresses.permanent_baseurl(app)
    if app.builder.name in SITE_BUILDERS and (editions_here(app) or not base):
        return relative_uri(app.builder.get_target_uri(docname), path)
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


def editions_caption(built: bool, version: str) -> str:
    """The sidebar block's caption: which editions its links lead to."""
    return "Offline editions" if built else f"Offline editions (published, version {version})"


def sidebar_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The editions the sidebar lists, on the HTML site only: (text, address, media type).

    None without the editions in this build and without a published address to link to.
    """
    published = bool(addresses.permanent_baseurl(app))
    if app.builder.name in SITE_BUILDERS and (editions_here(app) or published):
        context["opskb_editions"] = [
            (name, edition_url(app, pagename, key), kind)
            for key, (name, _path, kind) in EDITIONS.items()
        ]
        context["opskb_editions_caption"] = editions_caption(editions_here(app), app.config.release)


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
    date = changes.release_date(changelog.entries(app), config.release)
    kind = "EPUB" if app.builder.name == "epub" else "single-page HTML"
    url = addresses.permanent_baseurl(app)
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


def setup(app: Sphinx) -> dict[str, Any]:
    # The release date (changelog), this version's address, and the sidebar template and its
    # CSS (site_files).
    for needed in ("changelog", "addresses", "site_files"):
        app.setup_extension(f"opskb.sphinxext.{needed}")
    # Set by conf.py when this build also makes the editions (opskb.publishing.EDITIONS).
    app.add_config_value("opskb_editions_built", False, "html", types=[bool])
    app.add_node(edition_link)
    app.add_css_file("opskb-editions.css")
    app.add_role("edition", EditionRole())
    app.connect("doctree-resolved", resolve_edition_links)
    app.connect("html-page-context", sidebar_context)
    app.connect("html-page-context", note_the_edition)
    # After the other handlers (500), which may still add assets to the page.
    app.connect("html-page-context", epub_page, priority=950)
    return {"version": opskb.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
