"""The runner's driver and command line, on cases that need no kernel."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from opskb import paths
from opskb.execute import runner
from opskb.execute.report import REPORT_FILE

CASES = Path(__file__).resolve().parents[1] / "notebooks" / "cases"


@pytest.mark.parametrize(
    ("passed", "failed", "skipped", "line"),
    [
        (5, 0, 2, "5 passed, 0 failed, 2 skipped"),
        (3, 1, 0, "3 passed, 1 failed"),
        (0, 0, 0, "0 passed, 0 failed"),
    ],
)
def test_summary_line(passed, failed, skipped, line):
    summary = runner.Summary(
        passed=[f"p{i}" for i in range(passed)],
        failed=[f"f{i}" for i in range(failed)],
        skipped=[f"s{i}" for i in range(skipped)],
    )
    assert summary.line == line


def test_command_line_defaults_come_from_paths():
    args = runner.parse_args([])
    assert (args.source, args.out) == (paths.NOTEBOOKS, paths.EXECUTED)
    assert args.timeout == runner.DEFAULT_TIMEOUT == 60
    assert args.jobs == runner.default_jobs() >= 1
    assert (args.force, args.notebooks) == (False, [])


def test_command_line_options_and_notebook_names():
    args = runner.parse_args(
        ["--source", "s", "--out", "o", "--timeout", "2.5", "--jobs", "3", "--force", "a", "b.md"]
    )
    assert (args.source, args.out, args.timeout, args.jobs) == (Path("s"), Path("o"), 2.5, 3)
    assert args.force
    assert args.notebooks == ["a", "b.md"]


@pytest.mark.parametrize("option", ["--jobs=0", "--timeout=0", "--timeout=-1"])
def test_command_line_refuses_non_positive_limits(option, tmp_path, capsys):
    status = runner.main([option, "--source", str(tmp_path), "--out", str(tmp_path / "o")])
    assert status == 2
    assert option.partition("=")[0] in capsys.readouterr().err
    assert not (tmp_path / "o").exists()  # refused before anything ran


def test_an_unknown_notebook_name_is_an_error_that_lists_the_known_ones(tmp_path, capsys):
    shutil.copy(CASES / "good.md", tmp_path / "good.md")
    status = runner.main(["--source", str(tmp_path), "--out", str(tmp_path / "o"), "nope"])
    assert status == 2
    err = capsys.readouterr().err
    assert "no such notebook: nope" in err
    assert "good" in err


def test_a_malformed_notebook_fails_without_a_kernel_and_is_reported(tmp_path, capsys):
    source, out = tmp_path / "notebooks", tmp_path / "out"
    source.mkdir()
    shutil.copy(CASES / "malformed.md", source / "malformed.md")
    (out).mkdir()
    (out / "malformed.ipynb").write_text("{}")  # a stale output of an earlier, good version
    summary = runner.run_directory(source, out)
    captured = capsys.readouterr()
    assert (summary.failed, summary.executed) == (["malformed"], [])
    assert captured.out.splitlines()[-1] == "0 passed, 1 failed"
    assert "malformed.md:" in captured.err
    assert "NotebookParseError: invalid YAML in the header" in captured.err
    assert "NotebookParseError" not in captured.out
    assert not (out / "malformed.ipynb").exists()
    report = json.loads((out / REPORT_FILE).read_text())
    assert [(e["name"], e["status"]) for e in report["notebooks"]] == [("malformed", "failed")]
    assert report["notebooks"][0]["error"].startswith("NotebookParseError: ")
    assert report["notebooks"][0]["key"] is None  # a failed notebook is never cached


def test_the_command_exits_non_zero_when_a_notebook_fails(tmp_path):
    shutil.copy(CASES / "malformed.md", tmp_path / "malformed.md")
    assert runner.main(["--source", str(tmp_path), "--out", str(tmp_path / "o")]) == 1


def test_an_empty_folder_runs_nothing_and_says_so(tmp_path, capsys):
    summary = runner.run_directory(tmp_path, tmp_path / "out")
    assert summary.line == "0 passed, 0 failed"
    assert capsys.readouterr().out.strip() == "0 passed, 0 failed"
    assert runner.main(["--source", str(tmp_path), "--out", str(tmp_path / "out")]) == 0
