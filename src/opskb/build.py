"""Build the site: execute the notebooks once, then render everything with Sphinx.

This is the single build path. ``nox -s docs``, the test suite and the benchmarks all call
it, so what CI checks is exactly what a reader's laptop builds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

import opskb
from opskb import paths, publishing

# BuildError and run_sphinx live apart so that opskb.editions can use them without
# importing this module (which imports it): re-exported here for callers of opskb.build.
from opskb.sphinx_runner import BuildError, run_sphinx, sphinx_command

__all__ = [
    "BuildError",
    "build",
    "build_editions",
    "main",
    "run_sphinx",
    "sphinx_command",
    "verify_kit",
]


def execute_notebooks(notebooks_dir: Path, executed_dir: Path, *, force: bool = False) -> None:
    """Run every notebook through :mod:`opskb.execute`; raise if any failed."""
    from opskb.execute import runner  # noqa: PLC0415 - keep `--help` fast; nbclient is heavy

    summary = runner.run_directory(notebooks_dir, executed_dir, force=force)
    if summary.failed:
        raise BuildError(
            f"{len(summary.failed)} notebook(s) failed to execute; see the messages above. "
            "Fix them before building the site."
        )


def build(
    docs_dir: Path = paths.DOCS,
    out_dir: Path = paths.HTML,
    *,
    notebooks_dir: Path = paths.NOTEBOOKS,
    jobs: str = "auto",
    force_execute: bool = False,
    extra: tuple[str, ...] = (),
    verify: bool = False,
) -> Path:
    """Execute the notebooks into ``docs_dir/EXECUTED_FOLDER``, build the HTML site, then
    the notebooks kit into it (:mod:`opskb.kit`: its links need the site's inventory).

    With ``verify`` (a release build), the kit is then installed and run as its README says
    (:func:`verify_kit`); a notebook that fails there fails the build.

    Returns the path of the built ``index.html``.
    """
    execute_notebooks(notebooks_dir, docs_dir / paths.EXECUTED_FOLDER, force=force_execute)
    run_sphinx(docs_dir, out_dir, jobs=jobs, extra=extra)
    kit_zip = build_kit(out_dir, notebooks_dir, docs_dir / paths.EXECUTED_FOLDER)
    if verify:
        verify_kit(kit_zip)
    return out_dir / "index.html"


def verify_kit(kit_zip: Path) -> None:
    """Install ``kit_zip`` in a fresh venv and run every notebook in it (network blocked),
    as :mod:`opskb.kit.verify` does; a failure is a :class:`BuildError` naming the notebook
    and the cell.

    Packages come from the registry, so only release builds do it, not everyday ones.
    """
    from opskb.kit import KitError  # noqa: PLC0415 - as in build_kit
    from opskb.kit import verify as kit_verify  # noqa: PLC0415 - nbclient is heavy

    with tempfile.TemporaryDirectory(prefix="opskb-kit-verify-") as work:
        try:
            verified = kit_verify.verify(kit_zip, Path(work))
        except KitError as error:
            raise BuildError(f"the notebooks kit does not run as shipped: {error}") from error
    print(
        f"The notebooks kit runs as shipped: {len(verified.notebooks)} notebooks passed "
        f"(install {verified.install_s:.0f} s, execution {verified.execute_s:.0f} s)"
    )


def build_kit(out_dir: Path, notebooks_dir: Path, executed_dir: Path) -> Path:
    """The notebooks kit of this build, linked to this version's permanent address (the
    address conf.py gives the site, :mod:`opskb.sphinxext.addresses`)."""
    from opskb import kit  # noqa: PLC0415 - jupytext and packaging are needed only here

    version = opskb.__version__
    base_url = publishing.permanent_base(publishing.base_url(), version)
    try:
        return kit.build_kit(
            out_dir,
            notebooks_dir=notebooks_dir,
            executed_dir=executed_dir,
            base_url=base_url,
            version=version,
        )
    except kit.KitError as error:
        raise BuildError(f"the notebooks kit: {error}") from error


def build_editions(docs_dir: Path, out_dir: Path, *, jobs: str = "auto") -> None:
    """The offline editions next to the site (and where Read the Docs offers downloads)."""
    from opskb import editions  # noqa: PLC0415 - Playwright is needed only here

    built = editions.build_editions(docs_dir, out_dir, jobs=jobs)
    print("\nThe offline editions are built:", *built.values(), sep="\n  ")
    rtd_output = os.environ.get(publishing.OUTPUT)
    if rtd_output:
        # Read the Docs lists one file per format from these folders as the version's downloads.
        for kind in ("epub", "pdf"):
            folder = Path(rtd_output, kind)
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy2(built[kind], folder / built[kind].name)


def release_build(version: str) -> None:
    """Make every Sphinx run of this command a release build of ``version``.

    Through the environment (:data:`opskb.publishing.RELEASE`, read by ``conf.py``), so the
    editions' builds are release builds too.
    """
    if version != opskb.__version__:
        raise BuildError(
            f"--release {version} is not the package version {opskb.__version__}: "
            "a release is built from the version in pyproject.toml."
        )
    os.environ[publishing.RELEASE] = version


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m opskb.build", description=__doc__)
    parser.add_argument("--docs", type=Path, default=paths.DOCS, help="Sphinx source folder")
    parser.add_argument(
        "--out",
        type=Path,
        default=publishing.output_dir(paths.HTML),
        help="HTML output folder ($READTHEDOCS_OUTPUT/html on Read the Docs)",
    )
    parser.add_argument(
        "--editions",
        action="store_true",
        help="also build the single-page HTML, EPUB and PDF editions next to the site",
    )
    parser.add_argument(
        "--notebooks",
        type=Path,
        default=paths.NOTEBOOKS,
        help="folder of MyST text notebooks to execute",
    )
    parser.add_argument("-j", "--jobs", default="auto", help="sphinx-build parallel jobs")
    parser.add_argument(
        "--release",
        metavar="VERSION",
        help="build release VERSION (the package version): an overdue review fails the build",
    )
    parser.add_argument(
        "--force-execute", action="store_true", help="re-execute notebooks even when unchanged"
    )
    args, extra = parser.parse_known_args(argv)
    try:
        if args.release is not None:
            release_build(args.release)
        if args.editions:
            # The site's pages link to the editions of this build, not the published ones.
            os.environ[publishing.EDITIONS] = "1"
        index = build(
            args.docs,
            args.out,
            notebooks_dir=args.notebooks,
            jobs=args.jobs,
            force_execute=args.force_execute,
            extra=tuple(extra),
            # Only a release verifies its kit: it installs packages from the registry.
            verify=args.release is not None,
        )
        if args.editions:
            build_editions(args.docs, args.out, jobs=args.jobs)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"\nThe site is built. Open it in a browser:\n  {index.resolve().as_uri()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
