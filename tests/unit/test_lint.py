"""Lint is part of the test command, so CI enforces it: ruff check and ruff format."""

import subprocess
import sys

import pytest

from opskb import paths


@pytest.mark.parametrize(
    "command", [["check", "."], ["format", "--check", "."]], ids=["check", "format"]
)
def test_ruff_is_clean(command):
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command],
        cwd=paths.REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, (
        f"ruff {' '.join(command)} found problems; run `nox -s lint` (or ruff "
        f"{' '.join(command).replace('--check ', '')}) to see and fix them:\n"
        f"{result.stdout}{result.stderr}"
    )
