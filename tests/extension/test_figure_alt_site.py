"""Alt text of notebook figures, on the tiny site tests/roots/test-figure-alt.

Its notebook holds four outputs: a figure glued with a description (as
``opskb.examples.display.FigurePNG`` stores it), a glued number, an image whose cell
metadata names its alt, and a glued image that nothing describes. Its index page embeds
the number and both glued images across documents.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils import nodes

from opskb.sphinxext.figure_alt import GluedFigureAlt

pytestmark = pytest.mark.sphinx("html", testroot="figure-alt")

SITE = Path(__file__).parents[1] / "roots" / "test-figure-alt"


def _outputs() -> dict[str, dict]:
    """The notebook's outputs by cell id, read from the fixture so tests cannot drift."""
    notebook = json.loads((SITE / "notebook.ipynb").read_text(encoding="utf-8"))
    return {cell["id"]: cell for cell in notebook["cells"] if cell["cell_type"] == "code"}


def _plain(cell_id: str) -> str:
    return "".join(_outputs()[cell_id]["outputs"][0]["data"]["text/plain"])


DESCRIBED = _plain("cell-1")
METADATA_ALT = _outputs()["cell-3"]["metadata"]["mystnb"]["image"]["alt"]


@pytest.fixture
def built(app, warning):
    app.build()
    assert warning.getvalue() == ""
    return Path(app.outdir)


def image_alts(outdir: Path, page: str) -> list[str | None]:
    soup = BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "lxml")
    return [img.get("alt") for img in soup.select("article img, div[role=main] img")]


def test_fixture_describes_one_figure_and_overrules_another():
    """Guard: the expectations below are read from the fixture; check they differ."""
    assert DESCRIBED
    assert METADATA_ALT
    assert _plain("cell-3") != METADATA_ALT
    assert _plain("cell-4").startswith("<IPython")


def test_notebook_page_figure_alt_comes_from_its_plain_text(built):
    alts = image_alts(built, "notebook.html")
    assert len(alts) == 3
    assert alts[0] == DESCRIBED


def test_notebook_page_cell_metadata_alt_wins(built):
    assert image_alts(built, "notebook.html")[1] == METADATA_ALT


def test_default_repr_never_becomes_an_alt(built):
    for page in ("notebook.html", "index.html"):
        assert "<IPython.core.display.Image object>" not in image_alts(built, page)


def test_embedding_page_figure_gets_the_same_alt(built):
    alts = image_alts(built, "index.html")
    assert len(alts) == 2
    assert alts[0] == DESCRIBED


def test_embedding_page_text_glue_is_untouched(built):
    soup = BeautifulSoup((built / "index.html").read_text(encoding="utf-8"), "lxml")
    assert [span.get_text() for span in soup.select("span.pasted-text")] == ["3"]


def test_doctree_has_no_marker_after_the_post_transforms(built, app):
    doctree = app.env.get_doctree("index")
    app.env.apply_post_transforms(doctree, "index")
    assert not list(doctree.findall(GluedFigureAlt))
    # the undescribed image keeps no alt: nothing is made up for it
    assert [image.get("alt") for image in doctree.findall(nodes.image)] == [DESCRIBED, None]
