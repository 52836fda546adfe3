"""Every row of the source-and-traceability table lands on a labelled place of a page."""

from __future__ import annotations

import pytest

from support.site_audit import docname_of, resolve, table_column_links

PAGE = "traceability.html"
COLUMN = "Covered at"


@pytest.fixture(scope="module")
def rows(site):
    assert PAGE in site.pages, f"{PAGE} is not built"
    found = table_column_links(site.pages[PAGE].soup, COLUMN)
    assert found, f"{PAGE} has no table with a {COLUMN!r} column"
    return found


def test_every_row_links_somewhere(rows):
    assert [row.text for row in rows if not row.internal_links] == []


def test_every_row_resolves_to_an_element_id_on_the_page_it_names(site, rows):
    problems = []
    for row in rows:
        for href in row.internal_links:
            target = resolve(PAGE, href)
            if target is None or not target.fragment:
                problems.append(f"{row.text[:60]!r}: {href!r} names no anchor")
                continue
            broken = site.check_target(PAGE, href)
            if broken is not None:
                problems.append(f"{row.text[:60]!r}: {broken}")
    assert problems == []


def test_every_row_points_at_an_explicit_label(rows, inventory_labels):
    """A row's anchor is a label of objects.inv on that page, never a heading's own id."""
    problems = []
    for row in rows:
        for href in row.internal_links:
            target = resolve(PAGE, href)
            if target is None or not target.fragment:
                continue  # reported by the test above
            label = inventory_labels.get(target.fragment)
            if label is None or label.docname != docname_of(target.path):
                problems.append(f"{row.text[:60]!r}: {href!r} is not an explicit label")
    assert problems == []
