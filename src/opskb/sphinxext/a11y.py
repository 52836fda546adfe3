"""Accessibility fixes for markup that Sphinx, docutils and extensions write.

Most were found by axe-core; two it does not report: furo's sidebar search form has no submit
button (WCAG technique H32; ``templates/sidebar/search.html`` overrides it, with a button),
and sphinx-design's tab labels carry ``aria-controls`` (:class:`DropTabLabelAriaControls`).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
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


def _is_tab_label(node: nodes.Node) -> bool:
    # sphinx-design's node for a tab's <label>; matched by name so that sites without
    # sphinx-design need not import it.
    return type(node).__name__ == "sd_tab_label"


class DropTabLabelAriaControls(SphinxPostTransform):
    """sphinx-design (0.8) writes ``<label for=... aria-controls=...>`` for each tab.

    ARIA in HTML gives a ``label`` no role and allows none, so ``aria-controls`` has nothing
    to attach to there (the HTML validator rejects it; axe does not check it). The label
    already names its radio input (``for``), and the panel shown is the one after the
    checked input, so dropping the attribute loses no relation a browser exposes.
    """

    default_priority = 210  # after sphinx-design's TabSetHtmlTransform (200) sets it
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for label in self.document.findall(_is_tab_label):
            label.attributes.pop("aria_controls", None)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("opskb.sphinxext.site_files")  # the sidebar search template
    app.add_post_transform(DropTabLabelAriaControls)
    app.add_node(
        nodes.citation, override=True, html=(visit_citation, HTML5Translator.depart_citation)
    )
    app.add_node(nodes.title, override=True, html=(visit_title, HTML5Translator.depart_title))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
