"""What search engines and link previews read: descriptions, OpenGraph tags, sitemap, robots.txt.

- Every page carries a meta description written for it (when
  ``opskb_require_meta_description`` is on, as the site's conf.py sets it), in its front matter
  (``myst: html_meta: description: ...``; a text notebook's jupytext header takes the same
  key). While reading, each page's description is recorded; after reading, a page without
  one, one longer than :data:`MAX_DESCRIPTION` characters, or two pages with the same one,
  is a warning (an error under ``-W``) that names the page.
- The pages Sphinx generates without a source (the index and the search page) get theirs
  from :data:`GENERATED_DESCRIPTIONS`.
- Link previews: every page made from a source gets OpenGraph tags (``og:title``,
  ``og:type``, ``og:url`` at this version's address (not the canonical, latest one), ``og:site_name``, ``og:description`` =
  its meta description); no image, so nothing is generated or fetched. Written here rather
  than by sphinxext-opengraph, which imports matplotlib (0.7 s here, a third of a no-op rebuild)
  for the social cards we do not make, and whose description we replaced anyway.
- The search page may be indexed too (``templates/search.html`` drops furo's ``noindex``):
  Lighthouse's SEO audit fails a page that forbids it, and the page is only a form.
- ``sitemap.xml`` lists every page at this version's address, and ``robots.txt`` lets every
  page be crawled and names it. The sitemap is written from the environment, so an
  incremental build lists every page, not only those it rewrote (sphinx-sitemap lists only
  the pages written by the last build, jdillard/sphinx-sitemap#13, and starts a
  multiprocessing manager process on every build).

Only the HTML builder writes these; the offline editions need none of them.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

import opskb
from opskb import citation, publishing
from opskb.sphinxext import addresses, citable

logger = logging.getLogger(__name__)

# The builders that write the site (not its offline editions).
SITE_BUILDERS = frozenset({"html", "dirhtml"})
# The key of a page's description in ``env.metadata``.
DESCRIPTION = "opskb_description"
# What search engines show in full; longer ones are cut off mid-sentence.
MAX_DESCRIPTION = 160
# The single-page edition holds every page; the home page's description would be a duplicate.
SINGLE_PAGE_DESCRIPTION = (
    "The whole opskb knowledge base on LLMOps vs MLOps on one page, for offline reading and "
    "printing, with the same section labels as the site."
)
_META_DESCRIPTION = re.compile(
    r'<meta (?:content="[^"]*" name="description"|name="description" content="[^"]*") />'
)
GENERATED_DESCRIPTIONS = {
    "genindex": "Alphabetical index of the terms and topics of the opskb knowledge base on "
    "LLMOps and MLOps, each linked to the section that covers it.",
    "search": "Search every page of the opskb knowledge base on LLMOps and MLOps: "
    "definitions, pros, cons, challenges, comparison and notebooks.",
}


def page_description(doctree: nodes.document) -> str | None:
    """The ``<meta name="description">`` content a page's front matter declares."""
    for meta in doctree.findall(nodes.meta):
        if meta.get("name") == "description":
            return " ".join(str(meta.get("content", "")).split())
    return None


def description_problems(descriptions: dict[str, str | None], skip: set[str]) -> list[str]:
    """(page: problem) lines for missing, too long or shared descriptions."""
    problems = []
    seen: dict[str, str] = {}
    for page, text in sorted(descriptions.items()):
        if page in skip:
            continue
        if not text:
            problems.append(
                f"{page}: no meta description; add front matter "
                "'myst: html_meta: description: ...' (at most 160 characters, for this page)"
            )
            continue
        if len(text) > MAX_DESCRIPTION:
            problems.append(
                f"{page}: meta description is {len(text)} characters; keep it to "
                f"{MAX_DESCRIPTION} so search results show it whole"
            )
        if text in seen:
            problems.append(f"{page}: meta description is the same as {seen[text]}'s")
        else:
            seen[text] = page
    return problems


def record_description(app: Sphinx, doctree: nodes.document) -> None:
    """Keep the page's description with its metadata (doctree-read).

    ``env.metadata`` holds what a page says about itself, and Sphinx's own collector clears
    it when the page is read again and merges it from the processes of a parallel build.
    """
    app.env.metadata[app.env.docname][DESCRIPTION] = page_description(doctree)


def recorded_description(env: BuildEnvironment, docname: str) -> str | None:
    return env.metadata.get(docname, {}).get(DESCRIPTION)


def check_descriptions(app: Sphinx, env: BuildEnvironment) -> None:
    if not app.config.opskb_require_meta_description:
        return
    descriptions = {doc: recorded_description(env, doc) for doc in env.found_docs}
    skip = citable.uncited_pages(app)
    for problem in description_problems(descriptions, skip):
        page, _, message = problem.partition(": ")
        logger.warning(message, location=page, type="opskb", subtype="seo")


def generated_page_description(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The description of a page Sphinx writes without a source (html-page-context)."""
    if doctree is None and pagename in GENERATED_DESCRIPTIONS:
        text = escape(GENERATED_DESCRIPTIONS[pagename])
        context["metatags"] = (
            context.get("metatags", "") + f'\n<meta name="description" content="{text}" />'
        )


def opengraph_tags(title: str, url: str, site_name: str, description: str | None) -> str:
    """The OpenGraph ``<meta>`` tags of a page (values escaped)."""
    values = [("og:title", title), ("og:type", "website"), ("og:url", url)]
    values += [("og:site_name", site_name), ("og:description", description or "")]
    return "".join(
        f'\n<meta property="{name}" content="{escape(value)}" />' for name, value in values if value
    )


def add_opengraph_tags(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """A page made from a source gets its link-preview tags (html-page-context).

    The pages Sphinx generates (index, search) are nobody's link to share: none.
    """
    if doctree is None or app.builder.name not in SITE_BUILDERS:
        return
    config = app.config
    title = app.env.titles[pagename].astext() if pagename in app.env.titles else pagename
    # Two addresses, chosen on purpose (docs/how-to-cite.md, "cite-which-address"):
    # - ``canonical`` (Sphinx writes it from html_baseurl) stays at /en/latest/: every
    #   version of a page is a near-duplicate, and a search engine should send readers to
    #   the current text rather than rank old versions against it;
    # - ``og:url`` is this version's address: a shared link is a citation of what the sharer
    #   read, and link previews and chat apps record og:url, so it must keep showing that.
    # Reference managers read citation_public_url (opskb.sphinxext.cite), which Zotero
    # prefers over the canonical link.
    base = addresses.permanent_baseurl(app) or config.html_baseurl
    url = citation.canonical_url(base, app.builder.get_target_uri(pagename))
    tags = opengraph_tags(
        title, url, config.html_title or config.project, recorded_description(app.env, pagename)
    )
    context["metatags"] = context.get("metatags", "") + tags


def single_page_description(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The single-page edition describes itself, not the home page (html-page-context)."""
    if app.builder.name != "singlehtml":
        return
    # Sphinx gathers the meta tags of every page it inlines: keep one description.
    tag = f'<meta name="description" content="{escape(SINGLE_PAGE_DESCRIPTION)}" />'
    others = _META_DESCRIPTION.sub("", context.get("metatags", ""))
    context["metatags"] = f"{others}\n{tag}"


SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_xml(urls: list[str]) -> str:
    """A sitemap (sitemaps.org protocol 0.9) listing ``urls`` in the order given."""
    root = ElementTree.Element("urlset", xmlns=SITEMAP_NAMESPACE)
    for url in urls:
        ElementTree.SubElement(ElementTree.SubElement(root, "url"), "loc").text = url
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def sitemap_urls(app: Sphinx) -> list[str]:
    """Every page made from a source, but the uncited ones (404), at this version's address.

    From the environment, which knows every page, not from the pages this build wrote.
    """
    base = addresses.permanent_baseurl(app)
    skip = citable.uncited_pages(app)
    return [
        citation.canonical_url(base, app.builder.get_target_uri(docname))
        for docname in sorted(app.env.found_docs - skip)
    ]


def write_sitemap_and_robots_txt(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    base = addresses.permanent_baseurl(app)
    outdir = Path(app.outdir)
    _write_if_changed(outdir / "sitemap.xml", sitemap_xml(sitemap_urls(app)))
    sitemap = base.rstrip("/") + "/sitemap.xml"
    _write_if_changed(outdir / "robots.txt", publishing.robots_txt(sitemap))


def _write_if_changed(path: Path, text: str) -> None:
    """Leave an unchanged file alone, so a no-op build changes nothing in the output."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    # Which pages need a description (citable), robots.txt's address (addresses), and the
    # search page's template (site_files).
    for needed in ("citable", "addresses", "site_files"):
        app.setup_extension(f"opskb.sphinxext.{needed}")
    # The site requires one per page (docs/conf.py); purpose-made test sites need not.
    app.add_config_value("opskb_require_meta_description", False, "env", types=[bool])
    app.connect("doctree-read", record_description)
    app.connect("env-check-consistency", check_descriptions)
    app.connect("html-page-context", generated_page_description)
    app.connect("html-page-context", add_opengraph_tags)
    app.connect("html-page-context", single_page_description, priority=950)
    app.connect("build-finished", write_sitemap_and_robots_txt)
    return {
        "version": opskb.__version__,
        # 2: descriptions moved into env.metadata; an environment pickled before is read anew.
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
