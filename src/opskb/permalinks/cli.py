"""``python -m opskb.permalinks``: record the published pages and labels in the contract.

By default (or with ``--check``) it fails when the contract is out of date, listing what an
update would record; ``--update`` rewrites the contract's [pages] and [labels].
Both build the site first (the same build as ``nox -s docs``, into a temporary folder)
unless ``--from-doctrees`` names the doctree folder of a build that already ran.

An update never drops a permalink silently: when a listed page or label no longer resolves
and no redirect or removal is declared for it, the build fails with the same messages, and
nothing is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from opskb import paths
from opskb.permalinks import STATE_FILENAME
from opskb.permalinks.contract import (
    FILENAME,
    ContractError,
    Observed,
    load,
    observed_from_json,
    pending_changes,
    save,
    updated,
)
from opskb.permalinks.resolve import resolve


def read_state(doctrees: Path) -> Observed:
    state = doctrees / STATE_FILENAME
    if not state.is_file():
        raise FileNotFoundError(
            f"{state} does not exist: build the site with the opskb.sphinxext extension first"
        )
    return observed_from_json(state.read_text(encoding="utf-8"))


def build_and_read_state(docs: Path, notebooks: Path) -> Observed:
    """Build the site into a temporary folder and return what it published."""
    from opskb import build  # noqa: PLC0415 - only needed when no doctrees are given

    with tempfile.TemporaryDirectory(prefix="opskb-permalinks-") as tmp:
        out = Path(tmp) / "html"
        build.build(docs, out, notebooks_dir=notebooks)
        return read_state(out / ".doctrees")


def run(contract_file: Path, observed: Observed, *, update: bool, today: dt.date) -> int:
    """Compare, then check or update; returns the exit status."""
    contract = load(contract_file)
    problems = resolve(contract, observed, str(contract_file)).problems
    if problems:
        print(f"The build does not honour {contract_file}:", file=sys.stderr)
        for message in problems:
            print(f"- {message}", file=sys.stderr)
        return 1
    changes = pending_changes(contract, observed)
    if update:
        save(updated(contract, observed, observed.release, today), contract_file)
        print(f"Updated {contract_file} ({len(changes)} change(s)):")
    elif changes:
        print(f"{contract_file} is out of date ({len(changes)} change(s)):")
    else:
        print(f"{contract_file} is up to date.")
    for change in changes:
        print(f"- {change}")
    if changes and not update:
        print(f"Run `python -m opskb.permalinks --update` and commit {contract_file.name}.")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m opskb.permalinks", description=__doc__)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--update", action="store_true", help="rewrite [pages] and [labels]")
    mode.add_argument(
        "--check", action="store_true", help="fail if an update would change it (the default)"
    )
    parser.add_argument("--docs", type=Path, default=paths.DOCS, help="Sphinx source folder")
    parser.add_argument("--notebooks", type=Path, default=paths.NOTEBOOKS)
    parser.add_argument("--contract", type=Path, help=f"contract file (default: DOCS/{FILENAME})")
    parser.add_argument(
        "--from-doctrees",
        type=Path,
        help="doctree folder of a finished build (skips building)",
    )
    parser.add_argument(
        "--date",
        type=dt.date.fromisoformat,
        default=dt.date.today(),
        help="date recorded for changed pages (default: today)",
    )
    args = parser.parse_args(argv)
    contract_file = args.contract or args.docs / FILENAME
    try:
        if args.from_doctrees:
            observed = read_state(args.from_doctrees)
        else:
            observed = build_and_read_state(args.docs, args.notebooks)
        return run(contract_file, observed, update=args.update, today=args.date)
    # RuntimeError: opskb.build.BuildError, after the build printed its warnings.
    except (ContractError, FileNotFoundError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
