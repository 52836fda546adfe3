"""Install a notebooks kit as its README says and execute every notebook in it.

``python -m opskb.kit.verify KIT.zip``: unpack into an empty folder, ``python -m venv
.venv``, ``.venv/bin/pip install -r requirements.txt`` (packages from the registry, the
wheel from the kit), then run each ``notebooks/*.ipynb`` with the runner's kernel
(:mod:`opskb.execute.kernel`), started from the kit's venv, network blocked as in the site
build (:mod:`opskb.execute.isolation`). A failing notebook is reported as the site build
reports one: notebook, cell and error.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from opskb.execute import failures, isolation, kernel
from opskb.kit import NOTEBOOKS_DIR, KitError

CELL_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class Verified:
    folder: Path  # the unpacked kit
    install_s: float
    execute_s: float
    notebooks: tuple[str, ...]


def unpack(kit: Path, into: Path) -> Path:
    """The kit's folder, unpacked under ``into``."""
    with zipfile.ZipFile(kit) as archive:
        archive.extractall(into)
        top = {name.split("/", 1)[0] for name in archive.namelist()}
    if len(top) != 1:
        raise KitError(f"{kit}: expected one top folder, found {sorted(top)}")
    return into / top.pop()


def install(folder: Path, python: str = sys.executable) -> Path:
    """The README's first two commands, in ``folder``; returns the venv's Python."""
    for command in (
        [python, "-m", "venv", ".venv"],
        [".venv/bin/pip", "install", "--quiet", "-r", "requirements.txt"],
    ):
        result = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise KitError(
                f"`{' '.join(command)}` failed in {folder}:\n{result.stdout}\n{result.stderr}"
            )
    return folder / ".venv" / "bin" / "python"


def execute(folder: Path, interpreter: Path, notebooks: Path | None = None) -> list[str]:
    """Run every notebook of the kit (or of ``notebooks``) in ``interpreter``'s kernel,
    network blocked; the failures' messages, as the site build prints them."""
    prefix = isolation.choose().prefix
    messages = []
    # Each kernel client runs its own event loop (asyncio.run), which a thread that already
    # runs one refuses (a caller driving Playwright, say): one worker thread of our own, as
    # the site's runner uses a pool of them.
    with (
        tempfile.TemporaryDirectory(prefix="opskb-kit-run-") as out,
        ThreadPoolExecutor(max_workers=1) as worker,
    ):
        for notebook_path in sorted((notebooks or folder / NOTEBOOKS_DIR).glob("*.ipynb")):
            notebook = nbformat.read(notebook_path, 4)
            task = kernel.Task(
                source=notebook_path,
                notebook=notebook,
                cell_lines=(None,) * len(notebook.cells),
                out_path=Path(out, notebook_path.name),
                timeout=CELL_TIMEOUT_S,
                network_prefix=prefix,
                interpreter=str(interpreter),
            )
            outcome = worker.submit(kernel.execute, task).result()
            if outcome.failure is not None:
                messages.append(failures.format_failure(outcome.failure))
    return messages


def verify(kit: Path, work: Path, python: str = sys.executable) -> Verified:
    """Unpack, install and execute ``kit`` under ``work``; :class:`KitError` on a failure."""
    folder = unpack(kit, work)
    started = time.perf_counter()
    interpreter = install(folder, python)
    installed = time.perf_counter()
    messages = execute(folder, interpreter)
    if messages:
        raise KitError(
            f"{len(messages)} notebook(s) of {kit.name} failed in the kit's environment:\n"
            + "\n".join(messages)
        )
    names = tuple(sorted(p.stem for p in (folder / NOTEBOOKS_DIR).glob("*.ipynb")))
    return Verified(folder, installed - started, time.perf_counter() - installed, names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m opskb.kit.verify", description=__doc__)
    parser.add_argument("kit", type=Path, help="the kit's zip")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="opskb-kit-verify-") as work:
        try:
            verified = verify(args.kit, Path(work))
        except KitError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    print(
        f"{len(verified.notebooks)} notebooks passed in the kit's environment "
        f"(install {verified.install_s:.0f} s, execution {verified.execute_s:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
