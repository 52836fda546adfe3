"""The "Cite this page" block at the end of every content page.

It names the page's title, the site, the version, the date and the permanent URL, and gives
three formats to paste (APA-style text, a BibTeX ``@misc`` entry, a Markdown link), each
with a copy button. It also says in which version the page last changed.

The date is the date recorded in the permalink contract for the version in which the page
last changed, never the build date: the same sources always give the same citation.

The block is added to the rendered body (``html-page-context``), not to the doctree, so it
stays out of the search index and the table of contents. Pages without a source (index,
search) and the pages listed in ``opskb_not_citable`` (the 404 page) get none.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

import opskb
from opskb import citation
from opskb.sphinxext import permalinks

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
BLOCK_ID = "cite-this-page"
FORMATS = (
    # (key, heading, what the copy button copies, function)
    ("plain", "Plain text (APA style)", "the plain-text citation", citation.plain_text),
    ("bibtex", "BibTeX", "the BibTeX entry", citation.bibtex),
    ("markdown", "Markdown link", "the Markdown link", citation.markdown_link),
)
# Every id the block uses; a page must not define one of them itself.
RESERVED_IDS = frozenset(
    [BLOCK_ID, f"{BLOCK_ID}-title", *(f"{BLOCK_ID}-{key}" for key, *_ in FORMATS)]
)


def _date_html(date: dt.date | None) -> str:
    if date is None:
        return "n.d. (changed since the last recorded version)"
    return f'<time datetime="{date.isoformat()}">{citation.human_date(date)}</time>'


def cite_block(item: citation.Citation, last_changed: str) -> str:
    """The block's HTML: facts, then one copyable ``<pre>`` per format."""
    facts = [
        ("Title", escape(item.title)),
        ("Site", escape(item.site)),
        ("Version", escape(item.version)),
        ("Date", _date_html(item.date)),
        ("Permanent URL", f'<a href="{escape(item.url)}">{escape(item.url)}</a>'),
    ]
    parts = [
        f'<section id="{BLOCK_ID}" class="opskb-cite" aria-labelledby="{BLOCK_ID}-title">',
        f'<h2 id="{BLOCK_ID}-title">Cite this page</h2>',
        (
            f'<p class="opskb-last-changed">Last changed in version '
            f"<strong>{escape(last_changed)}</strong> ({_date_html(item.date)}).</p>"
        ),
        '<dl class="opskb-cite-facts">',
        *(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts),
        "</dl>",
    ]
    for key, heading, what, render in FORMATS:
        target = f"{BLOCK_ID}-{key}"
        parts += [
            '<div class="opskb-cite-format">',
            '<div class="opskb-cite-format-head">',
            f"<h3>{heading}</h3>",
            (
                f'<button type="button" class="opskb-cite-copy" data-cite-copy="{key}" '
                f'aria-controls="{target}" aria-label="Copy {what}">Copy</button>'
            ),
            '<span class="opskb-cite-status" role="status"></span>',
            "</div>",
            f'<pre id="{target}" class="cite-{key}"><code>{escape(render(item))}</code></pre>',
            "</div>",
        ]
    parts.append("</section>")
    return "\n".join(parts) + "\n"


def page_citation(app: Sphinx, pagename: str) -> tuple[citation.Citation, str]:
    """The citation of a page, and the version in which it last changed."""
    config = app.config
    version, date = permalinks.page_last_change(app, pagename)
    title = app.env.titles[pagename].astext() if pagename in app.env.titles else pagename
    item = citation.Citation(
        title=title,
        site=config.html_title or config.project,
        author=config.author,
        version=config.release,
        url=citation.canonical_url(config.html_baseurl, app.builder.get_target_uri(pagename)),
        key=citation.citation_key(config.project, pagename),
        date=date,
    )
    return item, version


def is_citable(app: Sphinx, pagename: str) -> bool:
    return pagename in app.env.found_docs and pagename not in permalinks.uncited_pages(app)


def add_cite_block(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Append the block to the body of a content page (html-page-context)."""
    if doctree is None or "body" not in context or not is_citable(app, pagename):
        return
    clashing = RESERVED_IDS & set(doctree.ids)
    if clashing:
        logger.warning(
            "id %s is used by the 'Cite this page' block; rename the label on this page",
            ", ".join(sorted(clashing)),
            location=pagename,
            type="opskb",
            subtype="cite",
        )
    item, last_changed = page_citation(app, pagename)
    context["body"] += cite_block(item, last_changed)
    # For this page only: pages without the block (search) carry no extra weight. Through the
    # builder, not app.add_*_file, which would also register them for every later build.
    app.builder.add_css_file("opskb-cite.css")
    app.builder.add_js_file("opskb-cite.js", defer="defer")


def add_static_path(app: Sphinx, config: Config) -> None:
    # At config-inited, before Sphinx compares this build's configuration with the saved
    # one: added later (builder-inited), the saved value would differ from conf.py's on
    # every build, and Sphinx would report "configuration has changed" each time.
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("opskb.sphinxext.permalinks")
    app.connect("config-inited", add_static_path)
    # Before the handlers at the default priority (500): the per-page CSS and JS must be
    # registered before any handler (opskb.sphinxext.assets) copies the page's asset lists.
    app.connect("html-page-context", add_cite_block, priority=450)
    return {"version": opskb.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
