"""Citing a page or one of its sections: the cite block, the section links, the files and
the meta tags that reference managers read.

- **The "Cite this page" block** ends every content page: one closed disclosure (a
  ``<details>``), listed in "On this page" and linked from a "Cite" link by the page title.
  Open, it gives the facts (title, site, version, date, permanent and latest addresses), the
  page's Changes list, the citation in four CSL styles (rendered by citeproc-py,
  :mod:`opskb.citation`), BibTeX and a Markdown link, each with a copy button, and
  downloads of the same record as BibTeX, RIS and CSL-JSON.
- **Every labelled section** gets, under its heading and always visible (no hover), a
  "Copy link" button that copies the section's versioned permanent address and says so in a
  live region, and a "Cite this section" button. The section's citations are not in the
  page: they are rendered at build time into one small file per page
  (``_cite/<page>.sections.json``) that the script fetches when a reader asks for them, so
  a page with thirty sections weighs what a page with one does.
- **Meta tags**: Highwire Press ``citation_*`` tags and Dublin Core, with the versioned
  address and the date of the version (see :func:`citation_meta_tags` for what Zotero
  reads and which tag wins).

Two addresses: the **permanent URL** is the page in this version (``.../en/0.3.0/page.html``),
which keeps showing the text that was cited, and every format uses it; the **latest**
address (``.../en/latest/page.html``) follows the page as it changes and is labelled as
such. The date is the date recorded in the permalink contract for the version in which the
page last changed, never the build date: the same sources always give the same citation.

The block is added to the rendered body (``html-page-context``), not to the doctree, so it
stays out of the search index. Pages without a source (index, search) and the pages listed
in ``opskb_not_citable`` (:mod:`.citable`: the 404 page) get none.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import escape
from sphinx.application import Sphinx
from sphinx.util import logging

import opskb
from opskb import changes, citation, publishing
from opskb.sphinxext import (
    addresses,
    changelog,
    citable,
    edition_links,
    permalink_guard,
    site_files,
)

logger = logging.getLogger(__name__)

BLOCK_ID = "cite-this-page"
TOC_TITLE = "Cite this page"
# Where the per-page files (BibTeX, RIS, CSL-JSON, the sections' citations) are written.
CITE_DIR = "_cite"
# (key, heading, what the copy button copies): the four CSL styles, then BibTeX and Markdown.
FORMATS = (
    *((key, name, f"the {name} citation") for key, name, _style in citation.STYLES),
    ("bibtex", "BibTeX", "the BibTeX entry"),
    ("markdown", "Markdown link", "the Markdown link"),
)
# (suffix, link text, media type) of the downloads.
DOWNLOADS = (
    (".bib", "BibTeX", "application/x-bibtex"),
    (".ris", "RIS", "application/x-research-info-systems"),
    (".csl.json", "CSL-JSON", "application/vnd.citationstyles.csl+json"),
)
# Every id the block uses; a page must not define one of them itself.
RESERVED_IDS = frozenset(
    [BLOCK_ID, f"{BLOCK_ID}-title", *(f"{BLOCK_ID}-{key}" for key, *_ in FORMATS)]
)


# The block's HTML, autoescaped: every value in it is text.
BLOCK = jinja2.Environment(
    loader=jinja2.FileSystemLoader(site_files.TEMPLATES), autoescape=True
).get_template("opskb-cite-block.html")


def formats(item: citation.Citation) -> list[tuple[str, str, str, str]]:
    """(key, heading, what the copy button copies, text) of every format of ``item``."""
    texts = {key: text for key, _name, text in citation.styled(item)}
    texts["bibtex"] = citation.bibtex(item)
    texts["markdown"] = citation.markdown_link(item)
    return [(key, heading, what, texts[key]) for key, heading, what in FORMATS]


def cite_block(
    item: citation.Citation,
    last_changed: str,
    latest_url: str = "",
    page_changes: list[changes.Change] | None = None,
    downloads: list[tuple[str, str, str]] | None = None,
) -> str:
    """The block's HTML (``templates/opskb-cite-block.html``): a closed disclosure holding
    the facts, the page's Changes list (when given), one copyable ``<pre>`` per format and
    the downloads ((href, text, media type), when given).

    ``latest_url`` is the page's address in the newest version; shown, labelled, when it
    differs from the permanent (versioned) URL.
    """
    html = BLOCK.render(
        item=item,
        last_changed=last_changed,
        latest_url=latest_url,
        changes=page_changes,
        formats=formats(item),
        downloads=downloads or [],
        human_date=citation.human_date,
    )
    return html + "\n"


def page_addresses(app: Sphinx, pagename: str) -> tuple[str, str]:
    """(permanent URL of this version, latest URL) of a page.

    With a base address that names no version folder (a local preview), both are the
    page's address under that base.
    """
    uri = app.builder.get_target_uri(pagename)
    permanent = addresses.permanent_baseurl(app)
    latest = publishing.latest_base(app.config.html_baseurl)
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
        key=citation.citation_key(config.project, config.release, pagename),
        date=date,
    )
    return item, version


def section_citations(
    app: Sphinx, pagename: str, page: citation.Citation
) -> list[tuple[str, str, citation.Citation]]:
    """(label, html id, citation) of every labelled section of a page but its title's.

    A section is cited as "Section title, in Page title", at the page's address with the
    label as fragment, with the page's date (the contract dates pages).
    """
    data = permalink_guard.page_data(app.env, pagename)
    if data is None:
        return []
    found = []
    for label, anchor, title in data.labels:
        if not title or title == page.title:
            continue  # the page's own label: the block cites the page
        found.append(
            (
                label,
                anchor,
                citation.Citation(
                    title=f"{title}, in {page.title}",
                    site=page.site,
                    author=page.author,
                    version=page.version,
                    url=f"{page.url}#{label}",
                    key=citation.citation_key(
                        app.config.project, app.config.release, pagename, label
                    ),
                    date=page.date,
                ),
            )
        )
    return found


def page_change_list(app: Sphinx, pagename: str) -> list[changes.Change]:
    """What the changelog and the permalink contract record about this page."""
    data = permalink_guard.page_data(app.env, pagename)
    labels = [label for label, _anchor, _title in data.labels] if data is not None else []
    return changes.page_changes(
        permalink_guard.contract(app), changelog.entries(app), pagename, labels
    )


def is_citable(app: Sphinx, pagename: str) -> bool:
    return pagename in app.env.found_docs and pagename not in citable.uncited_pages(app)


def citation_meta_tags(item: citation.Citation, pdf_url: str, language: str) -> str:
    """Highwire Press ``citation_*`` and Dublin Core ``<meta>`` tags of a page.

    What Zotero's "Embedded Metadata" translator (zotero/translators, read as of its
    2024-06-13 version) does with them: ``citation_public_url`` becomes the item's URL, and
    the ``canonical`` link is read only when no meta tag gave one, so the versioned address
    wins over the canonical (latest) one; ``citation_publication_date`` becomes the date;
    ``citation_pdf_url`` attaches the PDF. Each ``citation_author`` value goes through
    Zotero's name cleaner, which splits a name without a comma into given and family names:
    the organisation is given as "Name," (a trailing comma) so that it is read as one family
    name. The item type is chosen by its RDF reader ("RDF.js", ``detectType``) from the
    ``og:*`` and ``DC.*`` statements: ``og:type`` "website" (written by
    :mod:`opskb.sphinxext.seo`) makes a web page, and it outranks the journal article that
    ``citation_title`` alone makes Zotero guess. ``DC.type`` "Text" is the DCMI term for a
    page; Zotero reads it only as a weaker guess, so it neither helps nor harms. No Highwire
    tag naming a container (``citation_journal_title`` and the like) may be added: those
    override every other tag. ``citation_version`` is not read by that translator; it is
    there for readers that look for it. tests/support/zotero.py models this choice and
    tests/site/test_citing.py checks it on every page.
    """
    date = item.date
    tags = [
        ("citation_title", item.title),
        ("citation_author", item.author + ","),
        ("citation_publication_date", date.strftime("%Y/%m/%d") if date else ""),
        ("citation_version", item.version),
        ("citation_publisher", item.author),
        ("citation_public_url", item.url),
        ("citation_pdf_url", pdf_url),
        ("citation_language", language),
        ("DC.title", item.title),
        ("DC.creator", item.author),
        ("DC.date", date.isoformat() if date else ""),
        ("DC.identifier", item.url),
        ("DC.publisher", item.site),
        ("DC.type", "Text"),
        ("DC.format", "text/html"),
        ("DC.language", language),
    ]
    lines = ['<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/" />']
    lines += [f'<meta name="{name}" content="{escape(value)}" />' for name, value in tags if value]
    return "\n" + "\n".join(lines)


def section_tools(label: str, title: str, url: str, data_href: str) -> str:
    """The always-visible row under a labelled heading: copy its address, cite it."""
    return (
        f'<div class="opskb-section-cite" data-cite-label="{escape(label)}" '
        f'data-cite-data="{escape(data_href)}">'
        f'<button type="button" class="opskb-cite-copy" data-copy-text="{escape(url)}" '
        f'aria-label="Copy the permanent link to the section {escape(title)}">Copy link</button>'
        f'<button type="button" class="opskb-cite-section" aria-expanded="false">'
        f"Cite this section</button>"
        f'<span class="opskb-cite-status" role="status" aria-live="polite"></span></div>'
    )


def title_tools(url: str) -> str:
    """Under the page title: copy the page's address; "Cite" jumps to the block."""
    return (
        '<div class="opskb-section-cite opskb-page-cite">'
        f'<button type="button" class="opskb-cite-copy" data-copy-text="{escape(url)}" '
        'aria-label="Copy the permanent link to this page">Copy link</button>'
        f'<a class="opskb-cite-jump" href="#{BLOCK_ID}">Cite</a>'
        '<span class="opskb-cite-status" role="status" aria-live="polite"></span></div>'
    )


def add_heading_tools(
    body: str, page_url: str, sections: list[tuple[str, str, str, str]], data_href: str
) -> str:
    """``body`` with the page's tools after its ``<h1>`` and each section's after its heading.

    ``sections``: (label, html id, title, url). A heading is found by its permanent link
    (``permalink_guard`` points it at the label); a section whose heading is not found gets
    none rather than a row in the wrong place.
    """
    body = re.sub(r"</h1>", lambda m: m.group(0) + title_tools(page_url), body, count=1)
    for label, anchor, title, url in sections:
        for target in dict.fromkeys((label, anchor)):
            pattern = re.compile(
                rf'<a class="headerlink" href="#{re.escape(target)}"[^>]*>.*?</a></h[2-6]>'
            )
            tools = section_tools(label, title, url, data_href)
            body, count = pattern.subn(lambda m, tools=tools: m.group(0) + tools, body, count=1)
            if count:
                break
    return body


def toc_with_block(toc: str) -> str:
    """furo's "On this page" list with the block as the last entry under the page title,
    next to the page's sections (a list of its own when the page has none)."""
    entry = f'<li><a class="reference internal" href="#{BLOCK_ID}">{TOC_TITLE}</a></li>'
    nested = toc.rfind("</ul>\n</li>")
    if nested != -1:
        return toc[:nested] + entry + "\n" + toc[nested:]
    last_item = toc.rfind("</li>")
    if last_item != -1:
        return toc[:last_item] + f"<ul>\n{entry}\n</ul>\n" + toc[last_item:]
    return f"<ul>\n{entry}\n</ul>\n"


def write_files(
    outdir: Path,
    pagename: str,
    item: citation.Citation,
    sections: list[tuple[str, str, citation.Citation]],
) -> None:
    """The page's downloads and its sections' citations, under ``_cite/``."""
    base = outdir / CITE_DIR / pagename
    base.parent.mkdir(parents=True, exist_ok=True)
    texts = {
        ".bib": citation.bibtex(item) + "\n",
        ".ris": citation.ris(item),
        ".csl.json": json.dumps([citation.csl_json(item)], indent=2, ensure_ascii=False) + "\n",
    }
    data = {
        label: {
            "url": cited.url,
            "formats": [[key, heading, text] for key, heading, _what, text in formats(cited)],
            "csl": citation.csl_json(cited),
        }
        for label, _anchor, cited in sections
    }
    texts[".sections.json"] = json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"
    for suffix, text in texts.items():
        path = Path(f"{base}{suffix}")
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def add_cite_block(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The block, the section tools, the files and the meta tags of a content page
    (html-page-context)."""
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
    sections = section_citations(app, pagename, item)
    write_files(Path(app.outdir), pagename, item, sections)
    pathto = context["pathto"]
    downloads = [
        (pathto(f"{CITE_DIR}/{pagename}{suffix}", 1), text, media)
        for suffix, text, media in DOWNLOADS
    ]
    body = add_heading_tools(
        context["body"],
        item.url,
        [(label, anchor, cited.title, cited.url) for label, anchor, cited in sections],
        pathto(f"{CITE_DIR}/{pagename}.sections.json", 1),
    )
    context["body"] = body + cite_block(
        item,
        last_changed,
        page_addresses(app, pagename)[1],
        page_change_list(app, pagename),
        downloads,
    )
    context["toc"] = toc_with_block(context.get("toc", ""))
    pdf = addresses.permanent_baseurl(app).rstrip("/") + "/" + edition_links.EDITIONS["pdf"][1]
    context["metatags"] = context.get("metatags", "") + citation_meta_tags(
        item, pdf if addresses.permanent_baseurl(app) else "", app.config.language or "en"
    )
    # For this page only: pages without the block (search) carry no extra weight. Through the
    # builder, not app.add_*_file, which would also register them for every later build.
    app.builder.add_css_file("opskb-cite.css")
    app.builder.add_js_file("opskb-cite.js", defer="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    # What the block draws on: the contract (last change, labels), the changelog (Changes
    # list), the addresses, which pages are citable, the editions (the PDF's address), and
    # its CSS and JS in static/.
    for needed in (
        "permalink_guard",
        "changelog",
        "addresses",
        "citable",
        "edition_links",
        "site_files",
    ):
        app.setup_extension(f"opskb.sphinxext.{needed}")
    # Before the handlers at the default priority (500): the per-page CSS and JS must be
    # registered before any handler (opskb.sphinxext.assets) copies the page's asset lists,
    # and the "On this page" entry must be in the toc before furo decides whether to show it.
    app.connect("html-page-context", add_cite_block, priority=450)
    return {"version": opskb.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
