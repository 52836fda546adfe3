"""Each way a notebook can fail, run through the real command next to a good notebook.

The purpose-made notebooks in ``cases/`` raise, hang, reach for the network (after using
loopback, which must still work) and have a broken header. One run of
``python -m opskb.execute`` executes them all; the tests read its stdout, stderr, exit
status, report and executed notebooks.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jupytext
import nbformat
import pytest

from opskb.execute.report import KEY_PACKAGES, REPORT_FILE

CASES = Path(__file__).parent / "cases"
TIMEOUT = 2  # seconds per cell: the hanging cell sleeps far longer


@dataclass(frozen=True)
class Run:
    folder: Path
    returncode: int
    stdout: str
    stderr: str

    @property
    def out(self) -> Path:
        return self.folder / "out"

    def block(self, name: str) -> str:
        """The stderr message about one notebook (from its FAILED line to the next)."""
        blocks = self.stderr.split("\nFAILED ")
        mine = [
            b for b in blocks if b.lstrip().removeprefix("FAILED ").startswith(f"src/{name}.md")
        ]
        assert len(mine) == 1, f"expected one message for {name} in:\n{self.stderr}"
        return "FAILED " + mine[0].lstrip().removeprefix("FAILED ")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, kernels: None) -> Run:
    folder = tmp_path_factory.mktemp("failure-paths")
    shutil.copytree(CASES, folder / "src")
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "opskb.execute",
            "--source",
            "src",
            "--out",
            "out",
            "--timeout",
            str(TIMEOUT),
            "--jobs",
            "2",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Run(folder, completed.returncode, completed.stdout, completed.stderr)


def line_of(name: str, needle: str) -> int:
    """The 1-based line of the case file that contains ``needle``."""
    lines = (CASES / f"{name}.md").read_text().splitlines()
    return next(number for number, text in enumerate(lines, 1) if needle in text)


def cell_number_of(name: str, needle: str) -> int:
    """The 1-based number of the cell whose source contains ``needle``."""
    cells = jupytext.read(CASES / f"{name}.md").cells
    return next(index for index, cell in enumerate(cells, 1) if needle in cell.source)


def test_the_run_ends_with_the_summary_line_and_a_non_zero_exit(run):
    assert run.stdout.splitlines()[-1] == "1 passed, 4 failed"
    assert run.returncode == 1


def test_failures_go_to_stderr_and_progress_to_stdout(run):
    assert "FAILED src/" not in run.stdout
    assert run.stderr.count("\nFAILED src/") + run.stderr.startswith("FAILED src/") == 4
    for name in ("good", "raising", "hanging", "network", "malformed"):
        assert f"{name}: " in run.stdout
    assert "good: passed" in run.stdout


def test_no_ansi_codes_anywhere(run):
    assert "\x1b" not in run.stdout
    assert "\x1b" not in run.stderr


def test_a_raising_cell_is_located_and_shown(run):
    block = run.block("raising")
    line = line_of("raising", "raise ValueError")
    cell = cell_number_of("raising", "raise ValueError")
    message = "ValueError: score 0.9 is above the threshold 0.5"
    assert block.splitlines()[0] == f"FAILED src/raising.md:{line}: cell {cell}: {message}"
    assert f"> {line} | raise ValueError(" in block  # the cell's source, failing line marked
    assert f"{line - 1} | best = max(scores)" in block
    assert "Cell In[2], line 3" in block  # the plain IPython traceback
    assert block.rstrip().endswith(message)


def test_a_hanging_cell_ends_in_a_timeout_that_names_the_cell(run):
    block = run.block("hanging")
    line = line_of("hanging", "time.sleep(600)")
    cell = cell_number_of("hanging", "time.sleep(600)")
    assert block.splitlines()[0] == (
        f"FAILED src/hanging.md:{line}: cell {cell}: CellTimeoutError: "
        f"cell {cell} did not finish within {TIMEOUT} s"
    )
    assert "time.sleep(600)" in block


def test_a_network_call_is_blocked_and_says_so_while_loopback_works(run):
    block = run.block("network")
    line = line_of("network", '198.51.100.1", 80')
    cell = cell_number_of("network", 'create_connection(("198.51.100.1"')
    first = block.splitlines()[0]
    assert first.startswith(f"FAILED src/network.md:{line}: cell {cell}: NetworkBlockedError: ")
    assert "network access is blocked" in first
    assert "198.51.100.1:80" in first
    executed = nbformat.read(run.out / "network.ipynb", as_version=4)
    loopback_cell = executed.cells[cell_number_of("network", "create_server") - 1]
    assert [o.get("text") for o in loopback_cell.outputs] == ["loopback: ping\n"]


def test_a_malformed_file_gives_a_parse_error_naming_file_and_line(run):
    block = run.block("malformed")
    first = block.splitlines()[0]
    unclosed = line_of("malformed", "[unclosed")
    assert first.startswith("FAILED src/malformed.md:")
    assert "NotebookParseError: invalid YAML in the header" in first
    assert f"started on line {unclosed}" in first
    assert not (run.out / "malformed.ipynb").exists()


def test_the_good_notebook_passes_with_its_own_cell_numbering(run):
    executed = nbformat.read(run.out / "good.ipynb", as_version=4)
    code = [cell for cell in executed.cells if cell.cell_type == "code"]
    # The network guard ran before cell 1 without taking an execution count.
    assert [cell.execution_count for cell in code] == [1, 2, 3]
    assert code[0].outputs[0]["text"] == "[1, 2, 3]\n"
    assert code[1].outputs[0]["data"]["text/plain"] == "6"


def test_stream_output_is_merged_whatever_the_timing(run):
    executed = nbformat.read(run.out / "good.ipynb", as_version=4)
    flushed = executed.cells[cell_number_of("good", 'print("first", flush=True)') - 1]
    assert [(o["output_type"], o["text"]) for o in flushed.outputs] == [
        ("stream", "first\nsecond\n")
    ]


def test_the_report_records_every_notebook(run):
    report = json.loads((run.out / REPORT_FILE).read_text())
    statuses = {entry["name"]: entry["status"] for entry in report["notebooks"]}
    assert statuses == {
        "good": "passed",
        "raising": "failed",
        "hanging": "failed",
        "network": "failed",
        "malformed": "failed",
    }
    assert report["totals"]["passed"] == 1
    assert report["totals"]["failed"] == 4
    for entry in report["notebooks"]:
        assert entry["source_path"] == f"src/{entry['name']}.md"
        assert datetime.fromisoformat(entry["executed_at"]).utcoffset().total_seconds() == 0
        assert entry["python"] == ".".join(map(str, sys.version_info[:3]))
        assert set(entry["packages"]) == set(KEY_PACKAGES)
        assert entry["duration_s"] >= 0
        assert (entry["error"] is None) == (entry["status"] == "passed")
        assert (entry["key"] is None) == (entry["status"] != "passed")  # only a pass is cached
    hanging = next(e for e in report["notebooks"] if e["name"] == "hanging")
    assert hanging["duration_s"] >= TIMEOUT
    assert hanging["error"].startswith("CellTimeoutError: ")
