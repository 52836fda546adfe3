"""opskb.permalinks.contract and .hashing: the contract file, page history, content hashes."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest

from opskb.permalinks import contract as c
from opskb.permalinks.hashing import content_hash

DAY = dt.date(2026, 1, 2)
TODAY = dt.date(2026, 11, 29)

CONTRACT = c.Contract(
    pages={
        "index": c.PageRecord("0.1.0", DAY, "sha256:aaaa"),
        "notebooks/drift": c.PageRecord("0.2.0", DAY, "sha256:bbbb"),
    },
    labels={"home": "index", "drift-check": "notebooks/drift"},
    page_redirects={"old": "index"},
    label_redirects={"index#old-name": "home"},
    removed_pages={"gone": 'Merged into "index"; nothing cited it.'},
    removed_labels={"index#tiny": "Too short to cite."},
)


def observed(pages: dict[str, str], labels: dict[str, str]) -> c.Observed:
    return c.Observed(
        release="0.3.0",
        pages=pages,
        labels={label: c.LabelPlace(page, label, label.title()) for label, page in labels.items()},
    )


# --- the file ----------------------------------------------------------------------------


def test_dumps_then_parse_gives_the_same_contract():
    assert c.parse(c.dumps(CONTRACT)) == CONTRACT


def test_dumps_is_sorted_valid_toml_with_a_header_that_says_how_to_update():
    text = c.dumps(CONTRACT)
    data = tomllib.loads(text)
    assert list(data["pages"]) == ["index", "notebooks/drift"]
    assert data["pages"]["index"] == {"version": "0.1.0", "date": DAY, "hash": "sha256:aaaa"}
    assert data["removed"]["pages"]["gone"] == 'Merged into "index"; nothing cited it.'
    assert text.startswith("# Permalink contract")
    assert c.UPDATE_COMMAND in text
    assert text.endswith('home = "index"\n\n[sections]\n')


def test_dumps_of_an_empty_contract_still_names_every_table():
    data = tomllib.loads(c.dumps(c.Contract()))
    assert data == {
        "redirects": {"pages": {}, "labels": {}},
        "removed": {"pages": {}, "labels": {}},
        "pages": {},
        "labels": {},
        "sections": {},
    }


def test_any_text_a_person_writes_survives_dumps():
    # DEL and other control characters are valid in a TOML file only when escaped.
    contract = c.Contract(removed_labels={"p#l": 'tab\t, quote ", DEL \x7f, line\nbreak'})
    assert c.parse(c.dumps(contract)) == contract


def test_load_of_a_missing_file_is_an_empty_contract(tmp_path):
    assert c.load(tmp_path / "permalinks.toml") == c.Contract()


def test_save_then_load(tmp_path):
    path = tmp_path / "permalinks.toml"
    c.save(CONTRACT, path)
    assert c.load(path) == CONTRACT


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[pages\n", "not valid TOML"),
        ('[labels]\n"home" = 3\n', r"\[labels\] 'home' must be a string"),
        ('[pages]\n"index" = "0.1.0"\n', r"\[pages\] 'index' must be a table"),
        ('[pages]\n"index" = { version = "1", date = 2026-01-02 }\n', "has no 'hash'"),
        (
            '[pages]\n"index" = { version = "1", date = "2026-01-02", hash = "h" }\n',
            "must be a TOML date",
        ),
        ('[removed.pages]\n"gone" = 1\n', r"\[removed.pages\] 'gone' must be a string"),
    ],
)
def test_parse_errors_name_the_file_and_the_entry(text, message):
    with pytest.raises(c.ContractError, match=message) as error:
        c.parse(text, Path("docs/permalinks.toml"))
    assert str(error.value).startswith("docs/permalinks.toml: ")


@pytest.mark.parametrize(
    ("key", "parts"),
    [("index#home", ("index", "home")), ("a/b#c-d", ("a/b", "c-d"))],
)
def test_split_permalink(key, parts):
    assert c.split_permalink(key) == parts
    assert c.permalink(*parts) == key


@pytest.mark.parametrize("key", ["index", "#home", "index#", ""])
def test_split_permalink_rejects_keys_without_page_and_label(key):
    with pytest.raises(c.ContractError, match="page#label"):
        c.split_permalink(key)


# --- history and update ------------------------------------------------------------------


def test_last_change_of_an_unchanged_page_is_the_recorded_version_and_date():
    assert c.last_change(CONTRACT, "index", "sha256:aaaa", "0.3.0") == ("0.1.0", DAY)


@pytest.mark.parametrize(("doc", "digest"), [("index", "sha256:edited"), ("new", "sha256:x")])
def test_last_change_of_a_changed_or_new_page_is_this_release_without_a_date(doc, digest):
    assert c.last_change(CONTRACT, doc, digest, "0.3.0") == ("0.3.0", None)


def test_updated_bumps_only_changed_and_new_pages_and_replaces_labels():
    build = observed(
        pages={"index": "sha256:aaaa", "notebooks/drift": "sha256:edited", "new": "sha256:n"},
        labels={"home": "index", "fresh": "new"},
    )
    new = c.updated(CONTRACT, build, "0.3.0", TODAY)
    assert new.pages == {
        "index": c.PageRecord("0.1.0", DAY, "sha256:aaaa"),
        "notebooks/drift": c.PageRecord("0.3.0", TODAY, "sha256:edited"),
        "new": c.PageRecord("0.3.0", TODAY, "sha256:n"),
    }
    assert new.labels == {"home": "index", "fresh": "new"}
    # What people declared is never rewritten.
    assert new.page_redirects == CONTRACT.page_redirects
    assert new.label_redirects == CONTRACT.label_redirects
    assert new.removed_pages == CONTRACT.removed_pages
    assert new.removed_labels == CONTRACT.removed_labels


def test_pending_changes_lists_every_difference():
    build = observed(
        pages={"index": "sha256:edited", "new": "sha256:n"},
        labels={"home": "new", "fresh": "index"},
    )
    assert c.pending_changes(CONTRACT, build) == [
        "new page 'new'",
        "page 'index' changed since it was recorded",
        "page 'notebooks/drift' is no longer published",
        "new label 'fresh' on page 'index'",
        "label 'drift-check' is no longer defined",
        "label 'home' moved from page 'index' to 'new'",
    ]


def test_no_pending_changes_after_an_update():
    build = observed(pages={"index": "sha256:x", "b": "sha256:y"}, labels={"home": "index"})
    assert c.pending_changes(c.updated(CONTRACT, build, "0.3.0", TODAY), build) == []


# --- content hash ------------------------------------------------------------------------


def test_content_hash_ignores_newline_style(tmp_path):
    unix, windows = tmp_path / "unix.md", tmp_path / "windows.md"
    unix.write_bytes(b"# Title\n\nText.\n")
    windows.write_bytes(b"# Title\r\n\r\nText.\r\n")
    assert content_hash(unix) == content_hash(windows)
    assert content_hash(unix).startswith("sha256:")
    assert len(content_hash(unix)) == len("sha256:") + 16


def test_content_hash_changes_with_the_text(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Title\n", encoding="utf-8")
    before = content_hash(page)
    page.write_text("# Title, reworded\n", encoding="utf-8")
    assert content_hash(page) != before


def notebook(source: str, outputs: list[dict], execution_count: int | None) -> str:
    cell = {
        "cell_type": "code",
        "source": source.splitlines(keepends=True),
        "metadata": {"execution": {"iopub.execute_input": f"2026-11-29T0{execution_count}:00"}},
        "outputs": outputs,
        "execution_count": execution_count,
    }
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_notebook_hash_covers_cell_sources_not_outputs_or_timings(tmp_path):
    first, rerun, edited = (tmp_path / f"{name}.ipynb" for name in ("first", "rerun", "edited"))
    first.write_text(notebook("x = 1\nprint(x)\n", [{"text": "1"}], 1), encoding="utf-8")
    rerun.write_text(notebook("x = 1\nprint(x)\n", [{"text": "1.0"}], 7), encoding="utf-8")
    edited.write_text(notebook("x = 2\nprint(x)\n", [{"text": "1"}], 1), encoding="utf-8")
    assert content_hash(first) == content_hash(rerun)
    assert content_hash(first) != content_hash(edited)
