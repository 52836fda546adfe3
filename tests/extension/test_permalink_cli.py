"""Checking and updating the permalink contract: the build does it, at its end.

``opskb_permalinks_mode`` (``report``, ``check``, ``update``) on the tiny cite site, whose
contract records ``sub/nested`` with an old hash (one pending change), and on the
removed-page site, whose build does not honour its contract. Then
``python -m opskb.permalinks``, which runs that build.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from opskb.permalinks import cli
from opskb.permalinks.contract import UPDATE_COMMAND, PageRecord, load
from opskb.permalinks.hashing import content_hash

SITES = Path(__file__).parents[1] / "roots"
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def warnings_of(warning) -> list[str]:
    text = ANSI_COLOUR.sub("", warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line]


@pytest.mark.sphinx(
    "html",
    testroot="cite",
    srcdir="contract-check",
    confoverrides={"opskb_permalinks_mode": "check"},
)
def test_check_fails_while_a_page_changed_since_the_contract_was_written(app, warning):
    app.build()
    [message] = warnings_of(warning)
    assert "permalinks.toml is out of date: page 'sub/nested' changed since it was recorded" in (
        message
    )
    assert UPDATE_COMMAND in message


@pytest.mark.sphinx("html", testroot="cite", srcdir="contract-report")
def test_by_default_a_pending_change_is_reported_not_failed(app, warning, status):
    app.build()
    assert warnings_of(warning) == []
    assert "permalink contract: 1 change(s) to record" in ANSI_COLOUR.sub("", status.getvalue())


def check_after_a_build(make_app, site: Path, tmp_path: Path) -> list[str]:
    """The warnings of a check-mode rebuild that reads no page (as after `nox -s docs`)."""
    srcdir = tmp_path / site.name
    shutil.copytree(site, srcdir)
    first = make_app("html", srcdir=srcdir)
    first.build()
    first.cleanup()  # its node and role registrations, before the next app makes its own
    again = make_app("html", srcdir=srcdir, confoverrides={"opskb_permalinks_mode": "check"})
    again.build()
    assert "0 source files that are out of date" in ANSI_COLOUR.sub("", again._status.getvalue())
    return warnings_of(again._warning)


def test_a_no_op_rebuild_still_checks(make_app, rootdir, tmp_path):
    [message] = check_after_a_build(make_app, rootdir / "test-cite", tmp_path)
    assert "page 'sub/nested' changed since it was recorded" in message


def test_a_no_op_rebuild_repeats_a_broken_permalink(make_app, rootdir, tmp_path):
    # The first build failed on it; the rebuild must not pass just because it reads nothing.
    [message] = check_after_a_build(make_app, rootdir / "test-permalink-removed-page", tmp_path)
    assert "page 'gone' is listed in" in message


def test_update_records_changed_pages_only_then_check_passes(make_app, rootdir, tmp_path):
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-cite", srcdir)
    before = load(srcdir / "permalinks.toml")
    update = {"opskb_permalinks_mode": "update", "opskb_permalinks_date": "2026-11-29"}
    updating = make_app("html", srcdir=srcdir, confoverrides=update)
    updating.build()
    assert warnings_of(updating._warning) == []
    updating.cleanup()
    after = load(srcdir / "permalinks.toml")
    assert after.pages["sub/nested"] == PageRecord(
        "1.2.3", dt.date(2026, 11, 29), content_hash(srcdir / "sub" / "nested.md")
    )
    assert after.pages["index"] == before.pages["index"]
    assert after.pages["page"] == before.pages["page"]
    assert after.labels == before.labels
    checking = make_app("html", srcdir=srcdir, confoverrides={"opskb_permalinks_mode": "check"})
    checking.build()
    assert warnings_of(checking._warning) == []


@pytest.mark.sphinx(
    "html",
    testroot="permalink-removed-page",
    srcdir="contract-update-refused",
    confoverrides={"opskb_permalinks_mode": "update"},
)
def test_update_refuses_to_drop_an_undeclared_page(app, warning):
    contract = Path(app.srcdir) / "permalinks.toml"
    text = contract.read_text(encoding="utf-8")
    app.build()
    listed, refused = warnings_of(warning)
    assert "page 'gone' is listed in" in listed
    assert "permalinks.toml is not updated: the build does not honour it" in refused
    assert contract.read_text(encoding="utf-8") == text


def test_the_command_builds_into_the_docs_build_folder_then_updates(
    tmp_path, capsys, sphinx_builds
):  # runs sphinx-build three times
    site, notebooks = tmp_path / "site", tmp_path / "notebooks"
    shutil.copytree(SITES / "test-cite", site)
    notebooks.mkdir()
    common = ["--docs", str(site), "--notebooks", str(notebooks)]
    assert cli.main([*common, "--check"]) == 1
    assert "nox -s permalinks -- --update" in capsys.readouterr().err
    assert (site / "_build" / "html" / "index.html").is_file()  # where nox -s docs builds
    assert cli.main([*common, "--update", "--date", "2026-11-29"]) == 0
    assert load(site / "permalinks.toml").pages["sub/nested"].date == dt.date(2026, 11, 29)
    assert cli.main(common) == 0  # checking is the default
    assert "The permalink contract is up to date." in capsys.readouterr().out


def test_runs_as_a_module():
    result = subprocess.run(
        [sys.executable, "-m", "opskb.permalinks", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0
    assert "--update" in result.stdout
