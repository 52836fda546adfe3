"""Every Demonstration box links the notebook it shows, and the notebook's download.

A Demonstration box (an admonition with the class ``opskb-demo``) embeds outputs of one
notebook with ``{glue}``. The home and About pages promise that each box leads to its
notebook, but writing the links by hand was forgotten in several boxes. This transform
closes every box with what it lacks of::

    Full notebook: <the notebook's page> · Download: <the notebook file>

The notebooks are the ones the box's glue references name (``/notebooks/x.ipynb::key`` or
``:doc:``) and the ones it links with ``{doc}``; a box that names none is left alone, and
the site test ``test_every_demonstration_box_links_its_notebook_page_and_download`` catches
it. A box that already links a notebook's page gets only the download.

The download is the notebook's plain ``.ipynb`` in the notebooks kit, the same link as the
``{notebook-download}`` role writes (:mod:`opskb.sphinxext.notebook_panel`).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from myst_nb.ext.glue.utils import PendingGlueReference
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from opskb.sphinxext import notebook_panel

DEMO_CLASS = "opskb-demo"
NOTEBOOKS_PREFIX = "notebooks/"


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


def linked_notebook_pages(box: nodes.Element) -> list[str]:
    """The notebook pages the box links with ``{doc}``, as document names."""
    found: list[str] = []
    for xref in box.findall(addnodes.pending_xref):
        target = xref.get("reftarget", "").lstrip("/")
        if xref.get("reftype") == "doc" and target.startswith(NOTEBOOKS_PREFIX):
            found.append(target)
    return found


def has_download(box: nodes.Element) -> bool:
    return any(True for _ in box.findall(notebook_panel.notebook_download))


def notebook_links(
    notebook_docname: str, refdoc: str, *, page: bool = True, download: bool = True
) -> nodes.paragraph:
    """``Full notebook: <page> · Download: <file>`` for one notebook, or either part."""
    parts: list[nodes.Node] = []
    if page:
        parts += [
            nodes.Text("Full notebook: "),
            addnodes.pending_xref(
                "",
                nodes.inline("", "", classes=["xref", "std", "std-doc"]),
                refdomain="std",
                reftype="doc",
                reftarget=f"/{notebook_docname}",
                refexplicit=False,
                refwarn=True,
                refdoc=refdoc,
            ),
        ]
    if download:
        parts += [
            nodes.Text(" · Download: " if page else "Download: "),
            notebook_panel.download_node(notebook_docname.removeprefix(NOTEBOOKS_PREFIX)),
        ]
    return nodes.paragraph("", "", *parts, classes=["opskb-demo-links"])


class LinkDemoBoxesToNotebooks(SphinxTransform):
    """Close every Demonstration box with the links to its notebook it lacks."""

    # After myst-nb's parser made the glue references (the download is resolved later, at
    # doctree-resolved, by opskb.sphinxext.notebook_panel).
    default_priority = 800

    def apply(self, **kwargs: Any) -> None:
        for box in list(self.document.findall(_is_demo_box)):
            linked = linked_notebook_pages(box)
            want_download = not has_download(box)
            for notebook in dict.fromkeys(box_notebooks(box) + linked):
                want_page = notebook not in linked
                if want_page or want_download:
                    box.append(
                        notebook_links(
                            notebook, self.env.docname, page=want_page, download=want_download
                        )
                    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("opskb.sphinxext.notebook_panel")  # resolves the added downloads
    app.add_transform(LinkDemoBoxesToNotebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
