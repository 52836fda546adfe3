"""The quick subset: every pure test is in it, and none of its tests can build or execute.

These tests run in the quick subset themselves, under the guard they check.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from sphinx.application import Sphinx

from support.quick import HeavyWorkInQuickTest, markers_for


def test_a_quick_test_cannot_start_sphinx_in_this_process(tmp_path):
    with pytest.raises(HeavyWorkInQuickTest, match="runs Sphinx"):
        Sphinx(tmp_path, tmp_path, tmp_path / "out", tmp_path / "doctrees", "html")


@pytest.mark.parametrize(
    "argv",
    [
        [sys.executable, "-m", "sphinx", "--version"],
        ["sphinx-build", "--version"],
        [sys.executable, "-m", "opskb.build", "--help"],
        [sys.executable, "-m", "opskb.execute", "--help"],
        [sys.executable, "-m", "ipykernel_launcher", "-f", "kernel.json"],
        ["nox", "-s", "docs"],
    ],
)
def test_a_quick_test_cannot_start_a_build_or_a_kernel(argv):
    with pytest.raises(HeavyWorkInQuickTest, match="starts"):
        subprocess.run(argv, check=False)


def test_a_quick_test_can_still_start_other_processes():
    assert subprocess.run([sys.executable, "-c", "pass"], check=False).returncode == 0


@pytest.mark.parametrize(
    ("fixtures", "markers"),
    [
        (["tmp_path"], []),
        (["executed_notebooks"], ["slow"]),
        (["kernels"], ["slow"]),
        (["sphinx_builds", "tmp_path"], ["slow"]),
        (["app", "warning"], ["slow"]),
        (["site", "built_site", "executed_notebooks"], ["site", "slow"]),
        (["visit", "browser", "site_server", "built_site"], ["browser", "site", "slow"]),
    ],
)
def test_a_test_is_marked_by_the_fixtures_it_uses(fixtures, markers):
    assert markers_for(fixtures) == markers


def test_this_test_is_in_the_quick_subset(request):
    assert request.node.get_closest_marker("slow") is None
    assert request.node.get_closest_marker("browser") is None
