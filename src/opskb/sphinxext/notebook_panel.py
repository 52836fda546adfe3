"""A "Run this notebook" panel at the top of every notebook page, and its Previous/Next.

Each text notebook names, in one front-matter key, the section it supports and what it
stands in for and measures::

    opskb:
      supports: practice-evaluation
      summary: "One or two plain sentences."

jupytext keeps the key in the notebook's metadata, so the executed ``.ipynb`` that Sphinx
reads carries it. From it, on every notebook page of the HTML site:

- a panel under the title: the summary, a download of this notebook's ``.ipynb``, the
  notebooks kit of this version, the ``.md`` source in the repository at this version's
  tag, and the three commands that run the kit;
- Previous leads back to the section the notebook supports, Next on to the page that
  follows that section's page in the reading order.

The kit and the plain ``.ipynb`` files are written at the root of the HTML output by the
kit's build (``kit/``); :func:`kit_path` and :func:`ipynb_path` are the one place their
addresses are made. The repository's address comes from pyproject.toml
(:func:`opskb.citation.repository_url`), through ``opskb_repository``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import ReferenceRole
from sphinx.util.osutil import relative_uri

import opskb
from opskb.execute import sources
from opskb.sphinxext import addresses

logger = logging.getLogger(__name__)

NOTEBOOK_FOLDER = "notebooks/"  # the docnames of the notebook pages start with it
KEY = "opskb"  # the front-matter key
SITE_BUILDERS = frozenset({"html", "dirhtml"})
PANEL_ID = "opskb-run-notebook-title"


# --- addresses ---------------------------------------------------------------------------


def kit_path(version: str) -> str:
    """The notebooks kit of ``version``, relative to the root of the HTML output."""
    return f"kit/opskb-notebooks-{version}.zip"


def ipynb_path(name: str) -> str:
    """The plain ``.ipynb`` of the notebook ``name``, relative to the root of the output."""
    return f"kit/notebooks/{name}.ipynb"


def source_url(repository: str, version: str, name: str) -> str:
    """The notebook's ``.md`` in the repository, at the tag of ``version``.

    A release is a git tag named exactly like the version (:mod:`opskb.publishing`).
    """
    return f"{repository.rstrip('/')}/blob/{version}/notebooks/{name}.md"


def kit_url(page_uri: str, path: str) -> str:
    """``path`` (relative to the output root) as a link from the page at ``page_uri``."""
    return relative_uri(page_uri, path)


# --- the download of a notebook, anywhere on the site ------------------------------------


class notebook_download(nodes.reference):
    """A link to a notebook's plain ``.ipynb`` in the kit, resolved once the builder is known."""


def notebook_download_url(app: Sphinx, docname: str, name: str) -> str:
    """Where the plain ``.ipynb`` of ``name`` is, seen from ``docname`` in this builder.

    Relative in the HTML site, whose build writes the kit next to the pages (in the Jupyter
    Book lane, which makes no kit, the link is left to 404); in the single-page and EPUB
    editions, which do not hold the kit, the file published at this version's address.
    """
    path = ipynb_path(name)
    base = addresses.permanent_baseurl(app)
    if app.builder.name in SITE_BUILDERS or not base:
        return relative_uri(app.builder.get_target_uri(docname), path)
    return base.rstrip("/") + "/" + path


def download_node(name: str, text: str = "") -> notebook_download:
    """The link to the plain ``.ipynb`` of the notebook ``name`` (``text``: its words)."""
    words = text or f"{name}.ipynb"
    literal = nodes.literal(words, words, classes=["xref", "download"])
    return notebook_download("", "", literal, notebook=name, internal=False)


class NotebookDownloadRole(ReferenceRole):
    """``{notebook-download}`agent-loop``` -> a download of ``agent-loop.ipynb``, the plain
    notebook of the kit (``{notebook-download}`words <agent-loop>``` to choose the words).

    A name that is no notebook of the site warns, naming the file and the line.
    """

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        name = self.target.strip().removeprefix("/").removeprefix(NOTEBOOK_FOLDER)
        if f"{NOTEBOOK_FOLDER}{name}" not in self.env.found_docs:
            logger.warning(
                "{notebook-download}: %r is no notebook of the site (notebooks/<name>.md)",
                name,
                location=self.get_location(),
                type="opskb",
                subtype="notebook",
            )
        return [download_node(name, self.title if self.has_explicit_title else "")], []


def resolve_downloads(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: every notebook download becomes a link for this builder."""
    for node in list(doctree.findall(notebook_download)):
        link = nodes.reference(
            "",
            "",
            *node.children,
            refuri=notebook_download_url(app, docname, node["notebook"]),
            internal=False,
            classes=["opskb-notebook-download"],
        )
        node.replace_self(link)


# --- front matter ------------------------------------------------------------------------


@dataclass(frozen=True)
class NotebookFacts:
    """What a notebook's front matter says about it."""

    supports: str  # the label of the section it supports
    summary: str  # what it stands in for and what it measures


class FactsError(ValueError):
    """The front matter lacks the ``opskb`` key, or the key lacks a field."""


def facts_from_metadata(metadata: dict[str, Any]) -> NotebookFacts:
    """The notebook's facts from its metadata (the front matter, as jupytext keeps it)."""
    entry = metadata.get(KEY)
    if not isinstance(entry, dict):
        raise FactsError(f"no '{KEY}:' mapping in the front matter (supports, summary)")
    missing = [f for f in ("supports", "summary") if not str(entry.get(f) or "").strip()]
    if missing:
        raise FactsError(f"'{KEY}:' in the front matter lacks {', '.join(missing)}")
    return NotebookFacts(str(entry["supports"]).strip(), " ".join(str(entry["summary"]).split()))


def read_metadata(path: Path) -> dict[str, Any]:
    """The notebook-level metadata of an ``.ipynb``, or the front matter of a text notebook."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        return dict(json.loads(text).get("metadata") or {})
    return dict(sources.split_front_matter(path, text))


# --- navigation --------------------------------------------------------------------------


def neighbours(
    supported_doc: str, relations: dict[str, list[str | None]]
) -> tuple[str, str | None]:
    """Previous and Next of a notebook page that supports a section of ``supported_doc``.

    Previous is the supported page itself; Next is the page after it in the reading order
    (``relations``: docname -> [parent, previous, next], as Sphinx collects them), the next
    step of that page's argument. None when the supported page is the last one.
    """
    following = relations.get(supported_doc, [None, None, None])[2]
    return supported_doc, following


# --- the panel ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PanelLinks:
    ipynb: str
    kit: str
    source: str  # "" without a configured repository


def panel_html(name: str, version: str, facts: NotebookFacts, links: PanelLinks) -> str:
    """The panel's HTML: what the notebook is, its downloads, its source and a recipe."""
    kit_name = Path(kit_path(version)).name
    e = escape
    source = ""  # without a configured repository (opskb_repository), no source links
    if links.source:
        source = (
            f'<li><a href="{e(links.source)}">View source</a>: notebooks/{e(name)}.md in the '
            f"repository, at version {e(version)}</li>\n"
        )
    return (
        f'<aside class="opskb-run-notebook" aria-labelledby="{PANEL_ID}">\n'
        f'<p class="opskb-run-notebook-title" id="{PANEL_ID}"><strong>Run this notebook'
        f"</strong></p>\n"
        f"<p>{e(facts.summary)}</p>\n"
        '<ul class="opskb-run-notebook-links">\n'
        f'<li><a href="{e(links.ipynb)}" download>Download {e(name)}.ipynb</a></li>\n'
        f'<li><a href="{e(links.kit)}" download>The notebooks kit ({e(kit_name)})</a>: every '
        "notebook of this version, with what they need</li>\n" + source + "</ul>\n"
        "<p>Without the repository, with Python 3.11 or newer:</p>\n"
        '<ol class="opskb-run-notebook-recipe">\n'
        f"<li>unzip <code>{e(kit_name)}</code> and open a terminal in its folder;</li>\n"
        "<li><code>python3 -m venv .venv &amp;&amp; .venv/bin/pip install -r "
        "requirements.txt</code></li>\n"
        "<li><code>.venv/bin/jupyter lab notebooks</code></li>\n"
        "</ol>\n"
        "</aside>\n"
    )


def insert_after_title(body: str, panel: str) -> str:
    """``body`` with ``panel`` right after its first ``</h1>``; unchanged without one."""
    head, found, rest = body.partition("</h1>")
    if not found:
        return body
    return f"{head}</h1>\n{panel}{rest}"


# --- Sphinx ------------------------------------------------------------------------------


def _facts(env: BuildEnvironment) -> dict[str, NotebookFacts]:
    if not hasattr(env, "opskb_notebook_facts"):
        env.opskb_notebook_facts = {}  # type: ignore[attr-defined]
    return env.opskb_notebook_facts  # type: ignore[attr-defined]


def read_facts(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: record the facts of a notebook page; a page without them warns."""
    docname = app.env.docname
    if not docname.startswith(NOTEBOOK_FOLDER):
        return
    path = Path(app.env.doc2path(docname))
    try:
        _facts(app.env)[docname] = facts_from_metadata(read_metadata(path))
    except FactsError as error:
        logger.warning("%s", error, location=docname, type="opskb", subtype="notebook")


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _facts(env).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: Any) -> None:
    for docname in docnames:
        if docname in _facts(other):
            _facts(env)[docname] = _facts(other)[docname]


def check_supported_labels(app: Sphinx, env: BuildEnvironment) -> None:
    """env-check-consistency: every notebook supports a label that exists."""
    labels = env.domaindata["std"]["labels"]
    for docname, facts in sorted(_facts(env).items()):
        if facts.supports not in labels:
            logger.warning(
                "'%s: supports: %s' names no label of the site",
                KEY,
                facts.supports,
                location=docname,
                type="opskb",
                subtype="notebook",
            )


def _link(app: Sphinx, pagename: str, docname: str, anchor: str = "") -> dict[str, str]:
    uri = app.builder.get_relative_uri(pagename, docname)
    title = app.env.titles[docname].astext()
    return {"link": uri + (f"#{anchor}" if anchor else ""), "title": escape(title)}


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: the panel and Previous/Next of a notebook page of the site."""
    facts = _facts(app.env).get(pagename)
    if facts is None or app.builder.name not in SITE_BUILDERS:
        return
    version = app.config.release
    name = pagename.removeprefix(NOTEBOOK_FOLDER)
    page_uri = app.builder.get_target_uri(pagename)
    repository = app.config.opskb_repository
    links = PanelLinks(
        ipynb=kit_url(page_uri, ipynb_path(name)),
        kit=kit_url(page_uri, kit_path(version)),
        source=source_url(repository, version, name) if repository else "",
    )
    if "body" in context:
        context["body"] = insert_after_title(
            context["body"], panel_html(name, version, facts, links)
        )
    # For this page only. Through the builder, not app.add_css_file, which would register it
    # for every later build too (as opskb.sphinxext.cite does).
    app.builder.add_css_file("opskb-notebook-panel.css")
    label = app.env.domaindata["std"]["labels"].get(facts.supports)
    if label is None:
        return  # warned at env-check-consistency
    supported_doc, anchor = label[0], label[1]
    relations = getattr(app.builder, "relations", None) or app.env.collect_relations()
    previous, following = neighbours(supported_doc, relations)
    context["prev"] = _link(app, pagename, previous, anchor)
    context["next"] = _link(app, pagename, following) if following else None


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("opskb.sphinxext.site_files")  # the panel's stylesheet
    app.setup_extension("opskb.sphinxext.addresses")  # downloads in the editions
    app.add_node(notebook_download)
    app.add_role("notebook-download", NotebookDownloadRole())
    app.connect("doctree-resolved", resolve_downloads)
    app.add_config_value("opskb_repository", "", "html", types=[str])
    app.connect("doctree-read", read_facts)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-check-consistency", check_supported_labels)
    # Before the other handlers (500): opskb.sphinxext.assets copies the page's CSS list.
    app.connect("html-page-context", page_context, priority=400)
    return {"version": opskb.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
