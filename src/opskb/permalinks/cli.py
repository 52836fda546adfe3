"""``python -m opskb.permalinks``: check or update the contract, by building the site.

By default (or with ``--check``) the build fails when the contract is out of date, one
warning per change an update would record; ``--update`` has the build rewrite the
contract's [pages] and [labels] at its end. Both are the ordinary build (the same as
``nox -s docs``, into the same folder by default), run with ``opskb_permalinks_mode`` set:
right after ``nox -s docs`` nothing is rendered again. The comparison and the writing are
the build's own (:mod:`opskb.sphinxext.permalink_guard`): nothing passes through a file.

An update never drops a permalink silently: when a listed page or label no longer resolves
and no redirect or removal is declared for it, the build fails with the same messages, and
nothing is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from opskb import paths
from opskb.permalinks.contract import FILENAME


def sphinx_overrides(mode: str, contract: Path | None, date: dt.date | None) -> tuple[str, ...]:
    """The ``sphinx-build -D`` options that make a build check or update the contract."""
    options = ["-D", f"opskb_permalinks_mode={mode}"]
    if contract is not None:
        options += ["-D", f"opskb_permalinks_file={contract.resolve()}"]
    if date is not None:
        options += ["-D", f"opskb_permalinks_date={date.isoformat()}"]
    return tuple(options)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m opskb.permalinks", description=__doc__)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--update", action="store_true", help="rewrite [pages] and [labels]")
    mode.add_argument(
        "--check", action="store_true", help="fail if an update would change it (the default)"
    )
    parser.add_argument("--docs", type=Path, default=paths.DOCS, help="Sphinx source folder")
    parser.add_argument("--notebooks", type=Path, default=paths.NOTEBOOKS)
    parser.add_argument(
        "--out", type=Path, help="HTML output folder (default: DOCS/_build/html, as nox -s docs)"
    )
    parser.add_argument("--contract", type=Path, help=f"contract file (default: DOCS/{FILENAME})")
    parser.add_argument(
        "--date",
        type=dt.date.fromisoformat,
        help="date recorded for changed pages (default: today)",
    )
    args = parser.parse_args(argv)
    from opskb import build  # noqa: PLC0415 - keep `--help` fast

    out = args.out or args.docs / "_build" / "html"
    extra = sphinx_overrides("update" if args.update else "check", args.contract, args.date)
    try:
        build.build(args.docs, out, notebooks_dir=args.notebooks, extra=extra)
    except build.BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        if not args.update:
            print(
                "The warnings above say what to fix; pending changes ('is out of date: ...') "
                "are recorded with `nox -s permalinks -- --update`.",
                file=sys.stderr,
            )
        return 1
    print(f"The permalink contract is {'updated' if args.update else 'up to date'}.")
    return 0
