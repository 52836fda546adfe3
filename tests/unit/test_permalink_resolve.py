"""opskb.permalinks.resolve: every way a build can break or keep a listed permalink."""

from __future__ import annotations

import datetime as dt

import pytest

from opskb.permalinks.contract import UPDATE_COMMAND, Contract, LabelPlace, Observed, PageRecord
from opskb.permalinks.resolve import KeptAnchor, old_anchor, resolve

FILE = "docs/permalinks.toml"
RECORD = PageRecord("0.1.0", dt.date(2026, 1, 2), "sha256:0")


def contract(pages=(), labels=None, **declared) -> Contract:
    return Contract(pages=dict.fromkeys(pages, RECORD), labels=labels or {}, **declared)


def build(pages=(), labels=None, duplicates=None) -> Observed:
    return Observed(
        release="0.2.0",
        pages=dict.fromkeys(pages, "sha256:1"),
        labels={
            label: LabelPlace(page, label, f"About {label}")
            for label, page in (labels or {}).items()
        },
        duplicates=duplicates or {},
    )


def only_problem(result) -> str:
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


def test_an_unchanged_site_has_no_problem_and_nothing_to_redirect():
    result = resolve(
        contract(["index", "a"], {"home": "index", "x": "a"}),
        build(["index", "a", "new"], {"home": "index", "x": "a", "fresh": "new"}),
        FILE,
    )
    assert result.problems == []
    assert result.page_redirects == {}
    assert result.kept_anchors == {}


# --- pages -------------------------------------------------------------------------------


def test_a_removed_page_without_a_declaration_is_one_problem_that_says_what_to_do():
    result = resolve(
        contract(["index", "gone"], {"home": "index", "gone-a": "gone", "gone-b": "gone"}),
        build(["index"], {"home": "index"}),
        FILE,
    )
    message = only_problem(result)  # its labels are not reported one by one
    for part in ("'gone'", FILE, "[redirects.pages]", "[removed.pages]", UPDATE_COMMAND):
        assert part in message
    assert '`"gone" = "<new-page>"`' in message


def test_a_removed_page_with_a_reason_is_fine_and_so_are_its_labels():
    result = resolve(
        contract(["index", "gone"], {"gone-a": "gone"}, removed_pages={"gone": "Merged."}),
        build(["index"]),
        FILE,
    )
    assert result.problems == []


@pytest.mark.parametrize("table", ["removed_pages", "removed_labels"])
def test_a_removal_needs_a_reason(table):
    key = "gone" if table == "removed_pages" else "index#gone"
    message = only_problem(resolve(contract(**{table: {key: "  "}}), build(["index"]), FILE))
    assert "without a reason" in message
    assert repr(key) in message


def test_a_redirected_page_forwards_its_labels_to_where_they_are_now():
    result = resolve(
        contract(
            ["old"],
            {"kept": "old", "renamed": "old", "dropped": "old"},
            page_redirects={"old": "new"},
            label_redirects={"old#renamed": "new-name"},
            removed_labels={"old#dropped": "Obsolete."},
        ),
        build(["new"], {"kept": "new", "new-name": "new"}),
        FILE,
    )
    assert result.problems == []
    assert result.page_redirects == {"old": "new"}
    assert result.fragments == {
        "old": {
            "kept": LabelPlace("new", "kept", "About kept"),
            "renamed": LabelPlace("new", "new-name", "About new-name"),
        }
    }


def test_a_redirected_page_whose_label_vanished_undeclared_is_a_problem():
    message = only_problem(
        resolve(
            contract(["old"], {"lost": "old"}, page_redirects={"old": "new"}),
            build(["new"]),
            FILE,
        )
    )
    assert "label 'lost'" in message
    assert "old#lost" in message


def test_page_redirects_are_followed_to_a_published_page():
    result = resolve(contract(["a"], page_redirects={"a": "b", "b": "c"}), build(["c"]), FILE)
    assert result.problems == []
    assert result.page_redirects == {"a": "c", "b": "c"}


@pytest.mark.parametrize(
    ("redirects", "broken"),
    [({"a": "nowhere"}, ["a"]), ({"a": "b", "b": "a"}, ["a", "b"])],
    ids=["dead-end", "loop"],
)
def test_a_page_redirect_must_end_on_a_published_page(redirects, broken):
    result = resolve(contract(["a"], page_redirects=redirects), build(["c"]), FILE)
    assert len(result.problems) == len(broken)
    for page, message in zip(broken, result.problems, strict=True):
        assert f"redirects page {page!r}" in message
        assert "not a published page" in message
    assert result.page_redirects == {}


def test_a_redirect_for_a_page_that_is_published_again_is_a_problem():
    message = only_problem(
        resolve(contract(["a"], page_redirects={"a": "b"}), build(["a", "b"]), FILE)
    )
    assert "page 'a' is published" in message
    assert "remove that redirect" in message


# --- labels ------------------------------------------------------------------------------


def test_a_removed_label_without_a_declaration_says_what_to_do():
    message = only_problem(
        resolve(contract(["index"], {"old-section": "index"}), build(["index"]), FILE)
    )
    for part in (
        "label 'old-section'",
        "index#old-section",
        FILE,
        '`"index#old-section" = "<new-label>"` under [redirects.labels]',
        '`"index#old-section" = "<reason>"` under [removed.labels]',
        UPDATE_COMMAND,
    ):
        assert part in message


def test_a_removed_label_with_a_reason_is_fine():
    result = resolve(
        contract(["index"], {"old": "index"}, removed_labels={"index#old": "Too short."}),
        build(["index"]),
        FILE,
    )
    assert result.problems == []


def test_a_label_renamed_on_its_page_keeps_its_old_id_there():
    result = resolve(
        contract(["index"], {"old-name": "index"}, label_redirects={"index#old-name": "new"}),
        build(["index"], {"new": "index"}),
        FILE,
    )
    assert result.problems == []
    assert result.kept_anchors == {"index": [KeptAnchor("old-name", "index", "new", "About new")]}


def test_a_label_that_moved_page_without_a_declaration_is_a_problem():
    message = only_problem(
        resolve(
            contract(["index", "other"], {"x": "index"}),
            build(["index", "other"], {"x": "other"}),
            FILE,
        )
    )
    assert "label 'x' moved from page 'index' to page 'other'" in message
    assert '`"index#x" = "x"`' in message


def test_a_label_that_moved_page_with_a_declaration_leaves_a_note_on_the_old_page():
    result = resolve(
        contract(["index", "other"], {"x": "index"}, label_redirects={"index#x": "x"}),
        build(["index", "other"], {"x": "other"}),
        FILE,
    )
    assert result.problems == []
    assert result.kept_anchors == {"index": [KeptAnchor("x", "other", "x", "About x")]}


@pytest.mark.parametrize(
    ("declared", "labels", "expected"),
    [
        ({"index#old": "missing"}, {}, "which is not defined"),
        ({"index#old": "new"}, {"old": "index", "new": "index"}, "defined on page 'index' again"),
        ({"no-hash": "new"}, {"new": "index"}, "page#label"),
    ],
    ids=["unknown-target", "old-label-back", "malformed-key"],
)
def test_label_redirect_mistakes(declared, labels, expected):
    message = only_problem(
        resolve(contract(["index"], label_redirects=declared), build(["index"], labels), FILE)
    )
    assert expected in message


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ({"removed_pages": {"gone": "Merged."}}, "is under [removed.pages]"),
        ({}, "is not published"),
    ],
    ids=["page-removed", "page-missing"],
)
def test_a_label_redirect_needs_its_old_page_to_exist_or_redirect(declared, expected):
    result = resolve(
        contract(label_redirects={"gone#old": "new"}, **declared),
        build(["index"], {"new": "index"}),
        FILE,
    )
    assert expected in only_problem(result)


def test_a_duplicate_label_names_every_page_that_defines_it():
    message = only_problem(
        resolve(contract(), build(["a", "b"], duplicates={"twice": ("a", "b")}), FILE)
    )
    assert "label 'twice' is defined more than once (on pages 'a', 'b')" in message
    assert FILE in message


@pytest.mark.parametrize(
    ("label", "anchor"), [("plain-label", "plain-label"), ("Odd_Name", "odd-name")]
)
def test_old_anchor_is_the_id_docutils_makes(label, anchor):
    assert old_anchor(label) == anchor
