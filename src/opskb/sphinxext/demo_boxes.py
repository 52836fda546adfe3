"""Every Demonstration box links the notebook it shows, and the notebook's download.

A Demonstration box (an admonition with the class ``opskb-demo``) embeds outputs of one
notebook with ``{glue}``. The home and About pages promise that each box leads to its
notebook, but writing the links by hand was forgotten in several boxes. This transform adds,
to every box that does not already link a notebook page, one closing line::

    Full notebook: <the notebook's page> · Download: <the notebook file>

The notebook is the one the box's glue references name (``/notebooks/x.ipynb::key`` or
``:doc:``); a box that embeds nothing from another document is left alone, and the site
test ``test_every_demonstration_box_links_its_notebook`` catches it.

Where the download points is decided in one place, :func:`notebook_download_target`.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from myst_nb.ext.glue.utils import PendingGlueReference
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

DEMO_CLASS = "opskb-demo"
NOTEBOOKS_PREFIX = "notebooks/"


def notebook_download_target(notebook_docname: str) -> str:
    """The file the box's Download link copies into the site, as a ``{download}`` target.

    Today the executed notebook next to the page's source (``/notebooks/<name>.ipynb``);
    the notebooks kit, once published, is wired here and nowhere else.
    """
    return f"/{notebook_docname}.ipynb"


def _is_demo_box(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and DEMO_CLASS in node.get("classes", [])


def box_notebooks(box: nodes.Element) -> list[str]:
    """The notebook documents a box embeds outputs from, in order of first use."""
    found: list[str] = []
    for pending in box.findall(PendingGlueReference):
        docname = pending.refdoc.lstrip("/")
        if docname.startswith(NOTEBOOKS_PREFIX) and docname not in found:
            found.append(docname)
    return found


def links_a_notebook_page(box: nodes.Element) -> bool:
    """Whether the box already holds a ``{doc}`` link to a page under ``notebooks/``."""
    return any(
        xref.get("reftype") == "doc"
        and xref.get("reftarget", "").lstrip("/").startswith(NOTEBOOKS_PREFIX)
        for xref in box.findall(addnodes.pending_xref)
    )


def notebook_links(notebook_docname: str, refdoc: str) -> nodes.paragraph:
    """``Full notebook: <page> · Download: <file>`` for one notebook."""
    page = addnodes.pending_xref(
        "",
        nodes.inline("", "", classes=["xref", "std", "std-doc"]),
        refdomain="std",
        reftype="doc",
        reftarget=f"/{notebook_docname}",
        refexplicit=False,
        refwarn=True,
        refdoc=refdoc,
    )
    target = notebook_download_target(notebook_docname)
    download = addnodes.download_reference(
        "",
        nodes.literal("", "executed notebook", classes=["xref", "download"]),
        refdomain="",
        reftype="download",
        reftarget=target,
        refexplicit=True,
        refwarn=False,
        refdoc=refdoc,
    )
    return nodes.paragraph(
        "",
        "",
        nodes.Text("Full notebook: "),
        page,
        nodes.Text(" · Download: "),
        download,
        classes=["opskb-demo-links"],
    )


class LinkDemoBoxesToNotebooks(SphinxTransform):
    """Close every Demonstration box that lacks them with links to its notebook."""

    # After myst-nb's parser made the glue references, before the environment collects
    # the downloads (doctree-read), so the added download is copied like a written one.
    default_priority = 800

    def apply(self, **kwargs: Any) -> None:
        for box in list(self.document.findall(_is_demo_box)):
            if links_a_notebook_page(box):
                continue
            for notebook in box_notebooks(box):
                box.append(notebook_links(notebook, self.env.docname))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(LinkDemoBoxesToNotebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
