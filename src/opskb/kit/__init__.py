"""The notebooks kit: every notebook as a plain ``.ipynb``, runnable without the repository.

Built by :func:`build_kit` after Sphinx (:func:`opskb.build.build`), into the HTML folder,
so every version of the site publishes its own kit (Read the Docs included):

- ``kit/notebooks/<name>.ipynb``: one per ``notebooks/<name>.md``, text cells in CommonMark
  whose cross-references link to this version of the site (:mod:`.convert`), no outputs;
- ``kit/opskb-notebooks-<version>.zip``: those notebooks, the ``opskb`` wheel (built with
  ``python -m build``, offline), ``requirements.txt`` pinned to this environment
  (:mod:`.pins`, the wheel by relative path) and a ``README.md`` with the three commands.

:mod:`.verify` installs a kit in a fresh venv and executes its notebooks there.
"""

from __future__ import annotations

import email.parser
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import nbformat
from packaging.requirements import Requirement

from opskb import paths
from opskb.kit import convert, pins

__all__ = ["KIT_DIR", "KitError", "build_kit", "kit_name"]

KIT_DIR = "kit"  # under the HTML output root
NOTEBOOKS_DIR = "notebooks"  # under KIT_DIR, and inside the zip
# A fixed time for every zip entry: the same sources give the same bytes.
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)

README = """\
# opskb notebooks, version {version}

Every notebook of the opskb site, version {version} ({base_url}), ready to run offline
without the repository. Each notebook links to the page of the site it supports.

With Python 3.11 or newer, in this folder:

```
python3 -m venv .venv
.venv/bin/pip install -r requirements.txt
.venv/bin/jupyter lab notebooks
```

`requirements.txt` pins every package to the version installed where this kit was built,
Python {python} on Linux, and installs `opskb` from the wheel in this folder: the examples'
code, which the notebooks import. Tested: the project's test suite builds the kit from the
same sources, installs it in a fresh virtual environment exactly as above and executes every
notebook with the network blocked, on the Python that builds it. Other Python versions
from 3.11 on are expected to work but are not tested. No notebook needs a network
connection once the packages are installed.
"""


class KitError(RuntimeError):
    """The kit cannot be built; the message names the file (and line, or cell)."""


def kit_name(version: str) -> str:
    """The zip's file name (under :data:`KIT_DIR`) for site version ``version``."""
    return f"opskb-notebooks-{version}.zip"


def build_wheel(project: Path, out_dir: Path) -> Path:
    """The project's wheel, built by ``python -m build`` without isolation (no network)."""
    command = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out_dir)]
    result = subprocess.run([*command, str(project)], capture_output=True, text=True, check=False)
    wheels = sorted(out_dir.glob("*.whl"))
    if result.returncode != 0 or len(wheels) != 1:
        raise KitError(f"building the opskb wheel failed:\n{result.stdout}\n{result.stderr}")
    return wheels[0]


def _wheel_requires(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        message = email.parser.Parser().parsestr(archive.read(name).decode())
    return message.get_all("Requires-Dist") or []


def requirements_txt(wheel: Path) -> str:
    """Exact pins of the wheel's closure and JupyterLab's; the wheel by relative path."""
    roots = [*pins.wheel_requirements(_wheel_requires(wheel)), Requirement("jupyterlab")]
    try:
        pinned = pins.pins(roots, exclude=["opskb"])
    except pins.PinError as error:
        raise KitError(str(error)) from error
    lines = [f"{name}=={version}" for name, version in pinned.items()]
    return "\n".join([f"./{wheel.name}", *lines]) + "\n"


def convert_notebooks(
    notebooks_dir: Path, executed_dir: Path, inventory: convert.Inventory
) -> dict[str, nbformat.NotebookNode]:
    """Every ``notebooks_dir/*.md`` as a plain notebook, by name; errors name file and line."""
    converted = {}
    for source in sorted(notebooks_dir.glob("*.md")):
        executed = executed_dir / f"{source.stem}.ipynb"
        glued = convert.glued_values(nbformat.read(executed, 4)) if executed.is_file() else {}
        context = convert.Context(
            source, f"{paths.EXECUTED_FOLDER}/{source.stem}", inventory, glued
        )
        try:
            converted[source.stem] = convert.convert(context)
        except convert.ConversionError as error:
            raise KitError(str(error)) from error
    return converted


def _write_zip(folder: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.tmp")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}")
            info.date_time = _ZIP_TIME
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    partial.replace(target)


def build_kit(
    site_dir: Path,
    *,
    notebooks_dir: Path,
    executed_dir: Path,
    base_url: str,
    version: str,
    project: Path = paths.REPO,
) -> Path:
    """Write ``site_dir/kit/``: the plain notebooks and the zip; returns the zip's path.

    ``base_url`` is this version's permanent address: every cross-reference links there.
    """
    started = time.perf_counter()
    inventory = convert.Inventory.read(site_dir / "objects.inv", base_url)
    notebooks = convert_notebooks(notebooks_dir, executed_dir, inventory)
    kit_dir = site_dir / KIT_DIR
    shutil.rmtree(kit_dir / NOTEBOOKS_DIR, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="opskb-kit-") as work:
        folder = Path(work, Path(kit_name(version)).stem)
        (folder / NOTEBOOKS_DIR).mkdir(parents=True)
        for name, notebook in notebooks.items():
            nbformat.write(notebook, folder / NOTEBOOKS_DIR / f"{name}.ipynb")
        wheel = build_wheel(project, Path(work, "wheel"))
        shutil.copy2(wheel, folder / wheel.name)
        (folder / "requirements.txt").write_text(requirements_txt(wheel), encoding="utf-8")
        python = f"{sys.version_info.major}.{sys.version_info.minor}"
        readme = README.format(version=version, base_url=base_url, python=python)
        (folder / "README.md").write_text(readme, encoding="utf-8")
        shutil.copytree(folder / NOTEBOOKS_DIR, kit_dir / NOTEBOOKS_DIR)
        target = kit_dir / kit_name(version)
        _write_zip(folder, target)
    size_mb = target.stat().st_size / 1e6
    took = time.perf_counter() - started
    print(f"The notebooks kit is built: {target} ({size_mb:.1f} MB, {took:.1f} s)")
    return target
