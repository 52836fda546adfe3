"""A strict build stops on a broken cross-reference or an unknown directive, and says where.

Each case is a tiny site under tests/sites/test-<case>/ with one fault on a known line.
The project's own build command is run on a copy; the same site is also built through
sphinx.testing with warnings as errors, so the behaviour does not hang on one entry point.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from opskb.build import sphinx_command

pytestmark = pytest.mark.slow

SITES = Path(__file__).parents[1] / "sites"

# (tiny site, what the message must name besides the file and line)
CASES = [
    pytest.param("broken-xref", "no-such-label", id="broken-xref"),
    pytest.param("unknown-directive", "no-such-directive", id="unknown-directive"),
]
FAULT_LINE = "index.md:7"


def fault_line(case: str) -> str:
    """Where the planted fault is, read from the page so the test cannot drift from it."""
    lines = (SITES / f"test-{case}" / "index.md").read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if "no-such-" in line)
    return f"index.md:{number}"


@pytest.mark.parametrize(("case", "name"), CASES)
def test_fault_sits_on_the_line_the_tests_expect(case, name):
    assert fault_line(case) == FAULT_LINE
    assert name in (SITES / f"test-{case}" / "index.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("case", "name"), CASES)
def test_project_build_command_fails_and_names_file_and_line(case, name, tmp_path):
    source = tmp_path / "src"
    shutil.copytree(SITES / f"test-{case}", source)
    command = sphinx_command(source, tmp_path / "html", jobs="1")
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode != 0, result.stdout + result.stderr
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert any(f"{source}/{FAULT_LINE}" in line and name in line for line in warnings), (
        result.stderr
    )


# sphinx.testing with warnings as errors, as `-W` sets them: the build runs to the end, then
# its status is a failure (Sphinx >= 8.1 no longer stops at the first warning).
STRICT = {"warningiserror": True, "confoverrides": {"nitpicky": True}}


@pytest.mark.sphinx("html", testroot="broken-xref", **STRICT)
def test_broken_xref_fails_a_strict_build_at_its_line(app):
    app.build()
    assert app.statuscode == 1
    warnings = app.warning.getvalue()
    assert f"{FAULT_LINE}: WARNING: undefined label: 'no-such-label'" in warnings


@pytest.mark.sphinx("html", testroot="unknown-directive", **STRICT)
def test_unknown_directive_fails_a_strict_build_at_its_line(app):
    app.build()
    assert app.statuscode == 1
    warnings = app.warning.getvalue()
    assert f"{FAULT_LINE}: WARNING: Unknown directive type: 'no-such-directive'" in warnings
