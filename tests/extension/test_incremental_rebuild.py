"""What makes a rebuild fast, on the tiny site tests/roots/test-cite (the whole opskb.sphinxext).

A no-op rebuild reads no page and writes none; an edit to one page reads that page only and
writes it and the page whose table of contents lists it (Sphinx's own rule), no other. The sitemap keeps every page either way
(it is written from the environment, not from the pages a build happened to write).
Timings live in benchmarks/build.py; this tests the behaviour that keeps them low.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SITE = Path(__file__).parents[1] / "roots" / "test-cite"
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


class Seen:
    """The pages one build read and the pages made from a source that it wrote."""

    def __init__(self, app) -> None:
        self.read: list[str] = []
        self.written: set[str] = set()
        app.connect("env-before-read-docs", self._reading)
        app.connect("html-page-context", self._writing)

    def _reading(self, app, env, docnames) -> None:
        self.read.extend(docnames)

    def _writing(self, app, pagename, templatename, context, doctree) -> None:
        if doctree is not None:
            self.written.add(pagename)


def build(make_app, source: Path) -> tuple[Seen, Path]:
    app = make_app("html", srcdir=source)
    seen = Seen(app)
    app.build()
    return seen, Path(app.outdir)


def sitemap_pages(outdir: Path) -> set[str]:
    root = ET.parse(outdir / "sitemap.xml").getroot()
    return {loc.text.rsplit("/en/1.2.3/", 1)[1] for loc in root.findall("s:url/s:loc", SITEMAP)}


def test_a_rebuild_redoes_only_what_changed_and_keeps_the_whole_sitemap(make_app, tmp_path):
    source = tmp_path / "site"
    shutil.copytree(SITE, source)
    first, outdir = build(make_app, source)
    assert set(first.read) == {"404", "index", "page", "sub/nested"}
    everything = sitemap_pages(outdir)
    assert everything == {"index.html", "page.html", "sub/nested.html"}

    noop, _ = build(make_app, source)
    assert (noop.read, noop.written) == ([], set())

    with (source / "page.md").open("a", encoding="utf-8") as page:
        page.write("\nA sentence added by the test.\n")
    edit, _ = build(make_app, source)
    assert edit.read == ["page"]
    assert edit.written == {"page", "index"}  # index's toctree lists page: Sphinx redoes it
    assert sitemap_pages(outdir) == everything
