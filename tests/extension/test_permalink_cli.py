"""``python -m opskb.permalinks``: report, check and update the contract from a finished build."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from opskb.permalinks import cli
from opskb.permalinks.contract import PageRecord, load
from opskb.permalinks.hashing import content_hash

SITES = Path(__file__).parents[1] / "roots"


@pytest.fixture
def contract_copy(tmp_path):
    """The tiny cite site's contract, copied so the update can rewrite it."""
    path = tmp_path / "permalinks.toml"
    shutil.copy(SITES / "test-cite" / "permalinks.toml", path)
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.sphinx("html", testroot="cite")
def test_check_fails_while_a_page_changed_since_the_contract_was_written(
    app, contract_copy, capsys
):
    app.build()
    doctrees = str(app.doctreedir)
    status, out, _ = run(
        capsys, "--from-doctrees", doctrees, "--contract", str(contract_copy), "--check"
    )
    assert status == 1
    assert "out of date (1 change(s))" in out
    assert "- page 'sub/nested' changed since it was recorded" in out
    assert "python -m opskb.permalinks --update" in out


@pytest.mark.sphinx("html", testroot="cite")
def test_checking_is_the_default(app, contract_copy, capsys):
    app.build()
    args = ["--from-doctrees", str(app.doctreedir), "--contract", str(contract_copy)]
    status, out, _ = run(capsys, *args)
    assert status == 1
    assert "out of date" in out


@pytest.mark.sphinx("html", testroot="cite")
def test_update_records_changed_pages_only_then_check_passes(app, contract_copy, capsys):
    app.build()
    before = load(contract_copy)
    common = ["--from-doctrees", str(app.doctreedir), "--contract", str(contract_copy)]
    status, out, _ = run(capsys, *common, "--update", "--date", "2026-11-29")
    assert status == 0
    assert out.startswith(f"Updated {contract_copy} (1 change(s)):")
    after = load(contract_copy)
    assert after.pages["sub/nested"] == PageRecord(
        "1.2.3", dt.date(2026, 11, 29), content_hash(SITES / "test-cite" / "sub" / "nested.md")
    )
    assert after.pages["index"] == before.pages["index"]
    assert after.pages["page"] == before.pages["page"]
    assert after.labels == before.labels
    status, out, _ = run(capsys, *common, "--check")
    assert (status, out.strip()) == (0, f"{contract_copy} is up to date.")


@pytest.mark.sphinx("html", testroot="permalink-removed-page", srcdir="permalink-cli-refuses")
def test_update_refuses_to_drop_an_undeclared_page(app, capsys):
    app.build()
    contract = Path(app.srcdir) / "permalinks.toml"
    text = contract.read_text(encoding="utf-8")
    status, _, err = run(
        capsys, "--from-doctrees", str(app.doctreedir), "--contract", str(contract), "--update"
    )
    assert status == 1
    assert "page 'gone' is listed in" in err
    assert contract.read_text(encoding="utf-8") == text


def test_a_missing_build_state_is_explained(tmp_path, capsys):
    status, _, err = run(capsys, "--from-doctrees", str(tmp_path), "--check")
    assert status == 1
    assert "opskb-permalinks.json does not exist" in err


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
    assert "--check" in result.stdout


def test_without_doctrees_it_builds_the_site_first(tmp_path, capsys, sphinx_builds):
    site, notebooks = tmp_path / "site", tmp_path / "notebooks"
    shutil.copytree(SITES / "test-cite", site)
    notebooks.mkdir()
    status, out, _ = run(capsys, "--docs", str(site), "--notebooks", str(notebooks), "--check")
    assert status == 1
    assert f"{site / 'permalinks.toml'} is out of date (1 change(s))" in out
    assert not (site / "_build").exists()  # built in a temporary folder, not in the sources
