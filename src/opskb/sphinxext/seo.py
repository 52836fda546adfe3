"""What search engines and link previews read: meta descriptions and robots.txt.

- Every page carries a meta description written for it (when
  ``opskb_require_meta_description`` is on, as the site's conf.py sets it), in its front matter
  (``myst: html_meta: description: ...``; a text notebook's jupytext header takes the same
  key). While reading, each page's description is recorded; after reading, a page without
  one, one longer than :data:`MAX_DESCRIPTION` characters, or two pages with the same one,
  is a warning (an error under ``-W``) that names the page.
- The pages Sphinx generates without a source (the index and the search page) get theirs
  from :data:`GENERATED_DESCRIPTIONS`.
- The search page may be indexed too (``templates/search.html`` drops furo's ``noindex``):
  Lighthouse's SEO audit fails a page that forbids it, and the page is only a form.
- ``robots.txt`` lets every page be crawled and names the sitemap at this version's
  address (sphinx-sitemap writes ``sitemap.xml``).

Only the HTML builder writes these; the offline editions need neither.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

import opskb
from opskb import publishing
from opskb.sphinxext import addresses, citable

logger = logging.getLogger(__name__)

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


_OG_DESCRIPTION = re.compile(r'<meta property="og:description" content="[^"]*" />')


def og_description_is_the_meta_description(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """A link preview shows the description written for the page, not its first words.

    sphinxext-opengraph takes ``og:description`` from the page's opening text; after it
    has run (a later priority), the page's own description replaces it.
    """
    text = recorded_description(app.env, pagename) if doctree is not None else None
    text = text or GENERATED_DESCRIPTIONS.get(pagename)
    metatags = context.get("metatags", "")
    if text and _OG_DESCRIPTION.search(metatags):
        tag = f'<meta property="og:description" content="{escape(text)}" />'
        context["metatags"] = _OG_DESCRIPTION.sub(lambda _match: tag, metatags, count=1)


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


def write_robots_txt(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in {"html", "dirhtml"}:
        return
    sitemap = addresses.permanent_baseurl(app).rstrip("/") + "/sitemap.xml"
    Path(app.outdir, "robots.txt").write_text(publishing.robots_txt(sitemap), encoding="utf-8")


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
    app.connect("html-page-context", og_description_is_the_meta_description, priority=900)
    app.connect("html-page-context", single_page_description, priority=950)
    app.connect("build-finished", write_robots_txt)
    return {
        "version": opskb.__version__,
        # 2: descriptions moved into env.metadata; an environment pickled before is read anew.
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
