"""Where am I: a breadcrumb trail above each page's content (home, part, page).

On a phone furo's header shows only the site's title, and the navigation that says which
page and part you are in sits in a drawer. The trail says it without opening anything:
``opskb > LLMOps in practice > Serving``. The part is the page's parent page (``LLMOps in
practice`` for the practice pages) or, for a page listed in a captioned toctree of the root
page, that caption (``Notebooks``). On wide screens the sidebar already says it, so the
site's CSS shows the trail only where furo shows its mobile header.

It is added to the page's HTML (``html-page-context``), so no theme template is overridden.
"""

from __future__ import annotations

from html import escape
from typing import Any

from sphinx import addnodes
from sphinx.application import Sphinx

#: The builders whose pages get a trail: the site, not the single-page or EPUB editions.
BUILDERS = frozenset({"html", "dirhtml"})


def root_captions(app: Sphinx) -> dict[str, str]:
    """Page name -> the caption of the root page's toctree that lists it (captioned ones)."""
    env = app.env
    toc = env.tocs.get(app.config.root_doc)
    captions: dict[str, str] = {}
    if toc is None:
        return captions
    for toctree in toc.findall(addnodes.toctree):
        caption = toctree.get("caption")
        if not caption:
            continue
        for _title, docname in toctree.get("entries", []):
            if docname:
                captions.setdefault(docname, caption)
    return captions


def trail_html(home: tuple[str, str], part: tuple[str | None, str] | None, page: str) -> str:
    """The trail: ``home`` and ``part`` as (link or None, label), ``page`` the current title.

    Labels are HTML already (Sphinx's titles); a caption is plain text and escaped by the
    caller.
    """
    items = [f'<li><a href="{escape(home[0])}">{home[1]}</a></li>']
    if part is not None:
        link, label = part
        items.append(
            f'<li><a href="{escape(link)}">{label}</a></li>' if link else f"<li>{label}</li>"
        )
    items.append(f'<li><span aria-current="page">{page}</span></li>')
    return (
        '<nav class="opskb-breadcrumbs" aria-label="Breadcrumb"><ol>'
        + "".join(items)
        + "</ol></nav>\n"
    )


def add_trail(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.name not in BUILDERS or doctree is None or "body" not in context:
        return
    root = app.config.root_doc
    if pagename == root:
        return
    pathto = context["pathto"]
    home = (pathto(root), escape(app.config.project))
    parents = context.get("parents") or []
    part: tuple[str | None, str] | None = None
    if parents:
        part = (parents[-1]["link"], parents[-1]["title"])
    elif caption := root_captions(app).get(pagename):
        part = (None, escape(caption))
    context["body"] = trail_html(home, part, context.get("title", "")) + context["body"]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", add_trail)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
