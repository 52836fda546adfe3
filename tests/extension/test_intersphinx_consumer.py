"""Citing from another site: a separate Sphinx project resolves our section labels.

An ``objects.inv`` of ours (from the tiny site, and from the real built site) is handed to
the consumer project under tests/roots/test-intersphinx-consumer/ as a local file (no
network), with our published address as base. Every way of citing that
docs/how-to-cite.md shows must resolve to the section's permanent URL.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from opskb.citation import documentation_url

CONSUMER = Path(__file__).parents[1] / "roots" / "test-intersphinx-consumer"
# The consumer's page cites one section in this many ways (one list item each).
WAYS_OF_CITING = 5


def build_consumer(make_app, tmp_path: Path, inventory: Path) -> list[str]:
    """Build the consumer against ``inventory``; return the href of each citing link."""
    source = tmp_path / "consumer"
    shutil.copytree(CONSUMER, source)
    mapping = {"opskb": (documentation_url(), str(inventory))}
    consumer = make_app("html", srcdir=source, confoverrides={"intersphinx_mapping": mapping})
    consumer.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", consumer.warning.getvalue())
    assert warnings == ""
    page = BeautifulSoup((Path(consumer.outdir) / "index.html").read_text("utf-8"), "lxml")
    items = page.find("section").find("ul").find_all("li", recursive=False)
    assert len(items) == WAYS_OF_CITING
    return [item.find("a")["href"] for item in items]


@pytest.mark.sphinx("html", testroot="cite", srcdir="cite-intersphinx-producer")
def test_consumer_resolves_a_label_of_our_tiny_site(app, make_app, tmp_path):
    app.build()
    app.cleanup()  # one Sphinx application at a time: they share docutils' global registry
    hrefs = build_consumer(make_app, tmp_path, Path(app.outdir) / "objects.inv")
    assert hrefs == [f"{documentation_url()}page.html#llmops-definition"] * WAYS_OF_CITING


@pytest.mark.site
def test_consumer_resolves_a_section_of_the_real_site(built_site, make_app, tmp_path):
    hrefs = build_consumer(make_app, tmp_path, built_site / "objects.inv")
    expected = f"{documentation_url()}definitions.html#llmops-definition"
    assert hrefs == [expected] * WAYS_OF_CITING
    # The URL the consumer links to is a real page and section of our site.
    page = BeautifulSoup((built_site / "definitions.html").read_text("utf-8"), "lxml")
    assert page.find(id="llmops-definition") is not None
