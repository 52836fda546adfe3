"""objects.inv lists every explicit label, on the page whose source defines it."""

from __future__ import annotations

import pytest

from support.site_audit import LABEL_NAME


def test_sources_define_labels(source_labels):
    assert len(source_labels) >= 20, "fewer labels than pages and their citable sections"


def test_every_source_label_is_in_objects_inv_with_its_page(source_labels, inventory_labels):
    problems = []
    for label in source_labels:
        listed = inventory_labels.get(label.name)
        if listed is None:
            problems.append(f"{label.file}:{label.line}: {label.name!r} is not in objects.inv")
        elif listed.docname != label.docname:
            problems.append(
                f"{label.file}:{label.line}: {label.name!r} is listed on {listed.docname!r}, "
                f"expected {label.docname!r}"
            )
    assert problems == []


def test_labels_are_lowercase_and_hyphenated(source_labels):
    bad = [f"{s.file}:{s.line}: {s.name}" for s in source_labels if not LABEL_NAME.match(s.name)]
    assert bad == []


# The labels other pages, guidelines and the permalink contract rely on (issue 2).
PAGE_LABELS = {
    "home": "index",
    "choosing-a-path": "choosing",
    "source-and-traceability": "traceability",
    "llmops-definition": "definitions",
    "mlops-definition": "definitions",
    "llmops-mlops-relationship": "definitions",
    "mlops-con-complexity-and-expertise": "cons",
    "con-privacy-and-bias": "cons",
    "comparison-matrix": "comparison",
}


@pytest.mark.parametrize(("label", "docname"), sorted(PAGE_LABELS.items()))
def test_named_label_is_on_its_page(inventory_labels, label, docname):
    assert label in inventory_labels, f"{label!r} is not in objects.inv"
    assert inventory_labels[label].docname == docname


# Families of section labels: (prefix, page, how many the issue asks for, exact or at least).
FAMILIES = [
    ("llmops-pro-", "pros", 3, "exactly"),
    ("mlops-pro-", "pros", 3, "exactly"),
    ("llmops-con-", "cons", 2, "exactly"),
    ("challenge-", "challenges", 4, "exactly"),
    ("factor-", "choosing", 3, "exactly"),
    ("scenario-", "choosing", 3, "at least"),
]


@pytest.mark.parametrize(("prefix", "docname", "count", "how"), FAMILIES)
def test_label_family_is_complete_and_on_its_page(inventory_labels, prefix, docname, count, how):
    family = {n: label for n, label in inventory_labels.items() if n.startswith(prefix)}
    elsewhere = sorted(n for n, label in family.items() if label.docname != docname)
    assert elsewhere == [], f"{prefix}* labels outside {docname}"
    if how == "exactly":
        assert len(family) == count, sorted(family)
    else:
        assert len(family) >= count, sorted(family)


def test_editorial_notes_are_labelled(inventory_labels):
    assert [name for name in inventory_labels if name.startswith("editorial-note-")]
