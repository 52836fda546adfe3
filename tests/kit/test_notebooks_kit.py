"""The notebooks kit of the session's built site: what it holds, and that it runs.

The kit is built once, with the site (``built_site``: :func:`opskb.build.build`); the
install-and-run test installs it once (``installed_kit``) as its README says.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import nbformat
import pytest

import opskb
from opskb import paths
from opskb.kit import KIT_DIR, NOTEBOOKS_DIR, convert, kit_name, verify

SOURCES = sorted(p.stem for p in paths.NOTEBOOKS.glob("*.md"))


@pytest.fixture(scope="session")
def kit_zip(built_site: Path) -> Path:
    return built_site / KIT_DIR / kit_name(opskb.__version__)


@pytest.fixture(scope="session")
def installed_kit(kit_zip: Path, tmp_path_factory: pytest.TempPathFactory, kernels):
    """The kit unpacked into an empty folder, installed and run as its README says."""
    return verify.verify(kit_zip, tmp_path_factory.mktemp("kit"))


def _shipped_notebooks(built_site: Path, kit_zip: Path) -> dict[str, nbformat.NotebookNode]:
    shipped = {
        f"site:{p.name}": nbformat.read(p, 4)
        for p in (built_site / KIT_DIR / NOTEBOOKS_DIR).glob("*.ipynb")
    }
    with zipfile.ZipFile(kit_zip) as archive:
        for name in archive.namelist():
            if name.endswith(".ipynb"):
                shipped[f"zip:{name}"] = nbformat.reads(archive.read(name).decode(), 4)
    return shipped


def test_the_kit_holds_the_notebooks_a_wheel_pinned_requirements_and_a_readme(kit_zip):
    top = kit_zip.stem
    with zipfile.ZipFile(kit_zip) as archive:
        names = set(archive.namelist())
        requirements = archive.read(f"{top}/requirements.txt").decode().splitlines()
        readme = archive.read(f"{top}/README.md").decode()
    assert {f"{top}/notebooks/{s}.ipynb" for s in SOURCES} <= names
    (wheel,) = [n for n in names if n.endswith(".whl")]
    assert requirements[0] == f"./{Path(wheel).name}"
    assert requirements[1:], "nothing pinned"
    assert all(re.fullmatch(r"[a-z0-9._-]+==\S+", line) for line in requirements[1:])
    assert any(line.startswith("jupyterlab==") for line in requirements)
    assert not any(line.startswith(("sphinx==", "myst-nb==")) for line in requirements)
    for command in ("python3 -m venv .venv", "pip install -r requirements.txt", "jupyter lab"):
        assert command in readme
    assert opskb.__version__ in readme


def test_every_notebook_page_has_its_plain_notebook_next_to_the_kit(built_site):
    shipped = sorted(p.stem for p in (built_site / KIT_DIR / NOTEBOOKS_DIR).glob("*.ipynb"))
    assert shipped == SOURCES


def test_no_text_cell_of_a_shipped_notebook_contains_myst(built_site, kit_zip):
    shipped = _shipped_notebooks(built_site, kit_zip)
    assert len(shipped) == 2 * len(SOURCES)
    left = {
        name: found
        for name, notebook in shipped.items()
        for cell in notebook.cells
        if cell.cell_type == "markdown" and (found := convert.myst_syntax(cell.source))
    }
    assert left == {}
    for notebook in shipped.values():
        assert all(not cell.get("outputs") for cell in notebook.cells)


def test_the_kit_installs_in_a_fresh_venv_and_every_notebook_runs_offline(installed_kit):
    assert installed_kit.notebooks == tuple(SOURCES)
    print(f"kit install {installed_kit.install_s:.0f} s, execution {installed_kit.execute_s:.0f} s")


def _run_in_kit(installed_kit, name: str, *cells: str) -> list[str]:
    """Run one notebook of ``cells`` in the installed kit's kernel; the failure messages."""
    folder = installed_kit.folder
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    (folder / name).mkdir()
    nbformat.write(notebook, folder / name / f"{name}.ipynb")
    return verify.execute(folder, folder / ".venv" / "bin" / "python", notebooks=folder / name)


def test_a_notebook_failing_in_the_kit_environment_is_named_with_its_cell(installed_kit):
    (message,) = _run_in_kit(installed_kit, "broken", "x = 1", "1 / 0")
    assert "broken.ipynb" in message
    assert "cell 2" in message
    assert "ZeroDivisionError" in message


def test_the_kit_notebooks_run_in_the_kits_own_venv(installed_kit):
    venv = installed_kit.folder / ".venv"
    check = f"import sys\nassert sys.prefix == {str(venv)!r}, sys.prefix"
    assert _run_in_kit(installed_kit, "which-python", check) == []


def test_the_kit_notebooks_run_with_the_network_blocked(installed_kit):
    connect = "import socket\nsocket.create_connection(('192.0.2.1', 80), timeout=5)"
    (message,) = _run_in_kit(installed_kit, "network", connect)
    assert "network.ipynb" in message
    assert "NetworkBlockedError" in message  # the guard refused it; no timeout
