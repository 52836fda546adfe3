"""Which notebook a Demonstration box shows, and the links it gets (opskb.sphinxext.demo_boxes)."""

from types import SimpleNamespace

from docutils import nodes
from myst_nb.ext.glue.utils import PendingGlueReference
from sphinx import addnodes

from opskb.sphinxext import demo_boxes, notebook_panel


def _box(*children: nodes.Node) -> nodes.admonition:
    return nodes.admonition("", *children, classes=["tip", "opskb-demo"])


def _glue(notebook: str) -> PendingGlueReference:
    return PendingGlueReference(refdoc=notebook, key="k")


def test_a_box_shows_the_notebooks_its_glue_references_name_once_each_in_order():
    box = _box(
        _glue("notebooks/b"), nodes.paragraph("", "", _glue("notebooks/a")), _glue("notebooks/b")
    )
    assert demo_boxes.box_notebooks(box) == ["notebooks/b", "notebooks/a"]


def test_glue_from_a_page_that_is_not_a_notebook_names_no_notebook():
    assert demo_boxes.box_notebooks(_box(_glue("pros"))) == []


def test_a_box_links_the_notebook_pages_of_its_doc_references():
    written = addnodes.pending_xref(reftype="doc", reftarget="/notebooks/serving-cost")
    other = addnodes.pending_xref(reftype="doc", reftarget="/pros")
    box = _box(nodes.paragraph("", "", written, other))
    assert demo_boxes.linked_notebook_pages(box) == ["notebooks/serving-cost"]


def test_the_added_line_links_the_page_and_the_download_from_one_function():
    line = demo_boxes.notebook_links("notebooks/guardrails", "practice/guardrails")
    (page,) = line.findall(addnodes.pending_xref)
    (download,) = line.findall(notebook_panel.notebook_download)
    assert (page["reftype"], page["reftarget"]) == ("doc", "/notebooks/guardrails")
    assert download["notebook"] == "guardrails"  # the plain notebook of the kit
    assert line[0].astext() == "Full notebook: "


def test_a_line_can_carry_the_download_alone():
    line = demo_boxes.notebook_links("notebooks/agent-loop", "practice/agents", page=False)
    assert list(line.findall(addnodes.pending_xref)) == []
    assert line[0].astext() == "Download: "


class _Builder:
    def __init__(self, name: str) -> None:
        self.name = name

    def get_target_uri(self, docname: str) -> str:
        return f"{docname}.html"


def _app(builder: str, base: str = "https://example.org/en/1.2.3/"):
    config = SimpleNamespace(opskb_permanent_baseurl=base)
    return SimpleNamespace(builder=_Builder(builder), config=config)


def test_a_notebook_download_is_relative_in_the_site_and_absolute_in_the_editions():
    url = notebook_panel.notebook_download_url
    assert url(_app("html"), "practice/agents", "agent-loop") == (
        "../kit/notebooks/agent-loop.ipynb"
    )
    assert url(_app("epub"), "practice/agents", "agent-loop") == (
        "https://example.org/en/1.2.3/kit/notebooks/agent-loop.ipynb"
    )
    assert url(_app("singlehtml"), "index", "agent-loop") == (
        "https://example.org/en/1.2.3/kit/notebooks/agent-loop.ipynb"
    )
