"""The "Cite this page" block at the end of every content page.

It names the page's title, the site, the version, the date and the permanent URL, and gives
three formats to paste (APA-style text, a BibTeX ``@misc`` entry, a Markdown link), each
with a copy button. It also says in which version the page last changed.

Two addresses: the **permanent URL** is the page in this version
(``.../en/0.2.0/page.html``), which keeps showing the text that was cited, and every format
uses it; the **latest** address (``.../en/latest/page.html``) follows the page as it changes
and is labelled as such. Both come from ``html_baseurl`` (:mod:`opskb.publishing`).

The date is the date recorded in the permalink contract for the version in which the page
last changed, never the build date: the same sources always give the same citation.

The block is added to the rendered body (``html-page-context``), not to the doctree, so it
stays out of the search index and the table of contents. Pages without a source (index,
search) and the pages listed in ``opskb_not_citable`` (the 404 page) get none.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

import opskb
from opskb import changes, citation, publishing
from opskb.sphinxext import permalink_guard

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


# The block's HTML, autoescaped: every value in it is text.
BLOCK = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True
).get_template("opskb-cite-block.html")


def cite_block(
    item: citation.Citation,
    last_changed: str,
    latest_url: str = "",
    page_changes: list[changes.Change] | None = None,
) -> str:
    """The block's HTML (``templates/opskb-cite-block.html``): facts, the page's Changes
    list (when given), then one copyable ``<pre>`` per format.

    ``latest_url`` is the page's address in the newest version; shown, labelled, when it
    differs from the permanent (versioned) URL.
    """
    formats = [(key, heading, what, render(item)) for key, heading, what, render in FORMATS]
    html = BLOCK.render(
        item=item,
        last_changed=last_changed,
        latest_url=latest_url,
        changes=page_changes,
        formats=formats,
        human_date=citation.human_date,
    )
    return html + "\n"


def page_addresses(app: Sphinx, pagename: str) -> tuple[str, str]:
    """(permanent URL of this version, latest URL) of a page.

    With a base address that names no version folder (a local preview), both are the
    page's address under that base.
    """
    base, uri = app.config.html_baseurl, app.builder.get_target_uri(pagename)
    permanent = publishing.permanent_base(base, app.config.release)
    latest = publishing.latest_base(base)
    return citation.canonical_url(permanent, uri), citation.canonical_url(latest, uri)


def page_citation(app: Sphinx, pagename: str) -> tuple[citation.Citation, str]:
    """The citation of a page, and the version in which it last changed."""
    config = app.config
    version, date = permalink_guard.page_last_change(app, pagename)
    title = app.env.titles[pagename].astext() if pagename in app.env.titles else pagename
    item = citation.Citation(
        title=title,
        site=config.html_title or config.project,
        author=config.author,
        version=config.release,
        url=page_addresses(app, pagename)[0],
        key=citation.citation_key(config.project, pagename),
        date=date,
    )
    return item, version


def page_change_list(app: Sphinx, pagename: str) -> list[changes.Change]:
    """What the changelog and the permalink contract record about this page."""
    data = permalink_guard.page_data(app.env, pagename)
    labels = [label for label, _anchor, _title in data.labels] if data is not None else []
    return changes.page_changes(permalink_guard.contract(app), changelog(app), pagename, labels)


def changelog_path(app: Sphinx) -> Path | None:
    value = app.config.opskb_changelog
    return Path(app.confdir, value) if value else None


def changelog(app: Sphinx) -> list[changes.ChangelogEntry]:
    """The entries of ``opskb_changelog``; none when it is unset or missing.

    Every page asks (its Changes list, an edition's note), so the file is parsed once per
    version of it, not once per page.
    """
    path = changelog_path(app)
    if path is None or not path.is_file():
        return []
    stat = path.stat()
    return _parsed_changelog(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _parsed_changelog(path: Path, mtime_ns: int, size: int) -> list[changes.ChangelogEntry]:
    del mtime_ns, size  # part of the cache key only: an edited file is parsed again
    return changes.read_changelog(path)


def note_the_changelog(app: Sphinx, doctree: Any) -> None:
    """Each page's Changes list is drawn from the changelog: an edit to it redoes every page
    (doctree-read)."""
    path = changelog_path(app)
    if path is not None and path.is_file():
        app.env.note_dependency(path)


def is_citable(app: Sphinx, pagename: str) -> bool:
    return pagename in app.env.found_docs and pagename not in permalink_guard.uncited_pages(app)


def add_cite_block(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Append the block to the body of a content page (html-page-context)."""
    if doctree is None or "body" not in context or not is_citable(app, pagename):
        return
    if app.builder.name not in {"html", "dirhtml"}:
        return  # the offline editions say version and address on their title page
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
    context["body"] += cite_block(
        item, last_changed, page_addresses(app, pagename)[1], page_change_list(app, pagename)
    )
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
    app.setup_extension("opskb.sphinxext.permalink_guard")
    # CHANGELOG.md, for each page's Changes list; relative to conf.py, or absolute. Empty:
    # the list shows only what the permalink contract records.
    app.add_config_value("opskb_changelog", "", "html", types=[str])
    app.connect("config-inited", add_static_path)
    app.connect("doctree-read", note_the_changelog)
    # Before the handlers at the default priority (500): the per-page CSS and JS must be
    # registered before any handler (opskb.sphinxext.assets) copies the page's asset lists.
    app.connect("html-page-context", add_cite_block, priority=450)
    return {"version": opskb.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
