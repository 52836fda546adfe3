"""Accessibility fixes for markup that Sphinx and docutils write (each found by axe-core)."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


def visit_citation(self: HTML5Translator, node: nodes.citation) -> None:
    # docutils gives each bibliography entry role="doc-biblioentry", a role DPUB-ARIA 1.1
    # deprecates (axe: aria-deprecated-role); the role="list" around the entries is then left
    # without list items (axe: aria-required-children). "listitem" says what they are.
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def visit_title(self: HTML5Translator, node: nodes.title) -> None:
    HTML5Translator.visit_title(self, node)
    # Sphinx writes a toctree caption as <p role="heading"> with no aria-level, which ARIA 1.2
    # requires (axe: aria-required-attr; sphinx-doc/sphinx#14030). Level 2 is what browsers
    # assume when it is missing, so the document outline does not change.
    if isinstance(node.parent, addnodes.compact_paragraph) and node.parent.get("toctree"):
        for index in range(len(self.body) - 1, -1, -1):
            if 'role="heading"' in self.body[index]:
                self.body[index] = self.body[index].replace(
                    'role="heading"', 'role="heading" aria-level="2"', 1
                )
                break


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(
        nodes.citation, override=True, html=(visit_citation, HTML5Translator.depart_citation)
    )
    app.add_node(nodes.title, override=True, html=(visit_title, HTML5Translator.depart_title))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
