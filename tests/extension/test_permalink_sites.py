"""The permalink contract in real Sphinx builds: the five cases, each on a tiny site.

tests/roots/test-permalink-<case>/ holds the pages and a contract (``permalinks.toml``);
a second contract file in the same site declares what the first one lacks, and is picked
with ``confoverrides``. Each declared variant builds in its own folder (``srcdir``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from opskb.build import sphinx_command
from opskb.permalinks.contract import UPDATE_COMMAND

SITES = Path(__file__).parents[1] / "roots"


ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def warnings_of(warning) -> list[str]:
    """The warning lines of a build, without terminal colours."""
    text = ANSI_COLOUR.sub("", warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line]


def html(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "lxml")


def contract_file(app, name: str = "permalinks.toml") -> str:
    return str(Path(app.srcdir, name))


# --- removed page ------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="permalink-removed-page")
def test_removed_page_fails_the_build_with_what_to_do(app, warning):
    app.build()
    [message] = warnings_of(warning)
    assert "page 'gone' is listed in" in message
    assert contract_file(app) in message
    assert "[redirects.pages]" in message
    assert "[removed.pages]" in message
    assert UPDATE_COMMAND in message
    assert message.endswith("[opskb.permalinks]")


@pytest.mark.sphinx(
    "html",
    testroot="permalink-removed-page",
    srcdir="permalink-removed-page-declared",
    confoverrides={"opskb_permalinks_file": "permalinks-declared.toml"},
)
def test_removed_page_with_a_reason_builds_cleanly(app, warning):
    app.build()
    assert warnings_of(warning) == []
    assert not (Path(app.outdir) / "gone.html").exists()


def test_removed_page_stops_the_project_build_command(tmp_path, sphinx_builds):
    """End to end: the project's strict sphinx-build (-W) exits non-zero and says why."""
    source = tmp_path / "src"
    shutil.copytree(SITES / "test-permalink-removed-page", source)
    command = sphinx_command(source, tmp_path / "html", jobs="1")
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode != 0
    assert "page 'gone' is listed in" in result.stderr
    assert str(source / "permalinks.toml") in result.stderr


# --- removed label -----------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="permalink-removed-label")
def test_removed_label_fails_the_build_with_what_to_do(app, warning):
    app.build()
    [message] = warnings_of(warning)
    assert "label 'old-section' (permalink index#old-section)" in message
    assert contract_file(app) in message
    assert '"index#old-section" = "<new-label>"' in message
    assert '"index#old-section" = "<reason>"' in message
    assert UPDATE_COMMAND in message


@pytest.mark.sphinx(
    "html",
    testroot="permalink-removed-label",
    srcdir="permalink-removed-label-declared",
    confoverrides={"opskb_permalinks_file": "permalinks-declared.toml"},
)
def test_removed_label_with_a_reason_builds_cleanly(app, warning):
    app.build()
    assert warnings_of(warning) == []


# --- redirected page ---------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="permalink-redirected-page")
def test_redirected_page_gets_a_redirect_page_at_its_old_address(app, warning):
    app.build()
    assert warnings_of(warning) == []
    old = html(app, "guide/old-place.html")
    refresh = old.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"] == "0; url=../new-place.html"
    assert old.find("link", rel="canonical")["href"] == (
        "https://tiny.example.org/en/latest/new-place.html"
    )
    assert old.find("main").find("a")["href"] == "../new-place.html"
    assert old.find("main").find("a").get_text() == "The new place"


@pytest.mark.sphinx("html", testroot="permalink-redirected-page")
def test_redirected_page_keeps_its_old_section_ids_leading_to_the_new_ones(app):
    app.build()
    old = html(app, "guide/old-place.html")
    sections = {li["id"]: li.find("a")["href"] for li in old.find_all("li")}
    assert sections == {
        "moved-section": "../new-place.html#moved-section",
        "old-name": "../new-place.html#renamed-section",
    }
    new_ids = {tag["id"] for tag in html(app, "new-place.html").find_all(id=True)}
    assert {"moved-section", "renamed-section"} <= new_ids


# --- redirected label --------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="permalink-redirected-label")
def test_renamed_label_keeps_its_old_id_beside_the_new_one(app, warning):
    app.build()
    assert warnings_of(warning) == []
    page = html(app, "index.html")
    old = page.find(id="old-name")
    assert old is not None
    section = page.find("section", id="new-name")
    assert old.find_parent("section") is section or old.find_next_sibling() is section


@pytest.mark.sphinx("html", testroot="permalink-redirected-label")
def test_label_moved_to_another_page_leaves_a_note_with_its_old_id(app):
    app.build()
    note = html(app, "index.html").find(id="moved-away")
    assert note.name == "p"
    assert note.find("a")["href"] == "other.html#moved-away"
    assert "A section that moved here from the home page" in note.get_text()
    assert html(app, "other.html").find("section", id="moved-away") is not None


@pytest.mark.sphinx(
    "html",
    testroot="permalink-redirected-label",
    srcdir="permalink-redirected-label-undeclared",
    confoverrides={"opskb_permalinks_file": "permalinks-undeclared.toml"},
)
def test_label_moves_without_declarations_fail_the_build(app, warning):
    app.build()
    moved, renamed = warnings_of(warning)
    assert "label 'moved-away' moved from page 'index' to page 'other'" in moved
    assert '"index#moved-away" = "moved-away"' in moved
    assert "label 'old-name' (permalink index#old-name)" in renamed
    for message in (moved, renamed):
        assert contract_file(app, "permalinks-undeclared.toml") in message


# --- duplicate label ---------------------------------------------------------------------


def assert_duplicate_reported(warning, app) -> None:
    ours = [line for line in warnings_of(warning) if "[opskb.permalinks]" in line]
    assert len(ours) == 1
    assert "label 'shared-name' is defined more than once (on pages 'index', 'other')" in ours[0]
    assert contract_file(app) in ours[0]


@pytest.mark.sphinx("html", testroot="permalink-duplicate-label")
def test_duplicate_label_fails_clearly(app, warning):
    app.build()
    assert_duplicate_reported(warning, app)


@pytest.mark.sphinx(
    "html", testroot="permalink-duplicate-label", srcdir="permalink-duplicate-parallel", parallel=2
)
def test_duplicate_label_is_caught_in_a_parallel_build_too(app, warning):
    # Reading in two processes, Sphinx's own duplicate-label check never sees both pages
    # (its merge step keeps one silently); ours works on the merged data.
    app.build()
    assert_duplicate_reported(warning, app)
