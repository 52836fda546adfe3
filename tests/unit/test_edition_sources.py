"""The editions are written from an HTML build's environment, and refuse to start without one."""

from __future__ import annotations

import pytest

from opskb import editions
from opskb.sphinx_runner import BuildError


@pytest.mark.parametrize("build", [editions.build_single, editions.build_epub])
def test_an_edition_needs_the_html_build_it_is_written_from(tmp_path, build):
    with pytest.raises(BuildError, match="holds no HTML build"):
        build(tmp_path / "docs", tmp_path / "html")


def test_each_edition_renders_next_to_the_html_folder(tmp_path):
    """Next to it: myst-nb's jupyter_execute folder is shared by output folders' parent."""
    html = tmp_path / "out" / "html"
    assert editions.edition_dir(html, "epub").parent == html.parent
    assert editions.edition_dir(html, "epub") != editions.edition_dir(html, "singlehtml")
