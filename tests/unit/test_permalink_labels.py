"""Which targets count as labels, and which id a labelled section links to (no Sphinx build)."""

from __future__ import annotations

from docutils import nodes
from docutils.core import publish_doctree

from opskb.sphinxext.permalinks import ExplicitLabelFirst, explicit_labels

RST = """\
.. _page-label:

Title
=====

Text with a footnote [#note]_ and a `link <https://example.org>`_.

.. _section-label:

A section
---------

.. _list-label:

- item

.. [#note] The footnote.

.. _external: https://example.org/named

An unlabelled section
---------------------
"""


def doctree() -> nodes.document:
    # Keep the first heading a section (as Sphinx does), not the document title.
    return publish_doctree(RST, settings_overrides={"report_level": 5, "doctitle_xform": False})


def test_labels_are_explicit_targets_of_sections_and_blocks_only():
    assert explicit_labels(doctree()) == [
        ("list-label", "list-label", ""),
        ("page-label", "page-label", "Title"),
        ("section-label", "section-label", "A section"),
    ]


def section_ids(document: nodes.document) -> dict[str, list[str]]:
    return {
        section[0].astext(): list(section["ids"]) for section in document.findall(nodes.section)
    }


def test_reST_puts_the_heading_id_first_and_the_transform_puts_the_label_first():
    document = doctree()
    assert section_ids(document)["A section"] == ["a-section", "section-label"]
    ExplicitLabelFirst(document).apply()
    assert section_ids(document) == {
        "Title": ["page-label", "title"],
        "A section": ["section-label", "a-section"],
        "An unlabelled section": ["an-unlabelled-section"],
    }
