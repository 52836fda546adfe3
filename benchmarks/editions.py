"""How long each offline edition takes to build, and how big it is.

    python benchmarks/editions.py

Builds the site once on a copy of the sources in a temporary folder (the real build:
notebooks executed, strict Sphinx), then each edition next to it with the steps of
``opskb.editions.build_editions``, which reuse the executed notebooks, and prints one row
per edition. Never fails on a number: the exit status is 0 unless a build breaks.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

from opskb import build, editions, paths
from opskb.sphinxext.edition_links import EDITIONS


def size(path: Path) -> int:
    """Bytes on disk (a folder: every file in it)."""
    files = path.rglob("*") if path.is_dir() else [path]
    return sum(f.stat().st_size for f in files if f.is_file())


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="opskb-editions-") as temp:
        work = Path(temp)
        docs, html = work / "docs", work / "html"
        shutil.copytree(paths.DOCS, docs, ignore=shutil.ignore_patterns("_build", "notebooks"))
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            build.build(docs, html, notebooks_dir=paths.NOTEBOOKS, extra=("-q",))
        site = f"{time.perf_counter() - started:.1f} s ({size(html) / 1024:.0f} KB"
        single = html / EDITIONS["single"][1]
        steps = {
            "single-page HTML": lambda: editions.build_single(docs, html).parent,
            "EPUB": lambda: editions.build_epub(docs, html),
            "PDF": lambda: editions.print_pdf_in_own_process(
                single, html / EDITIONS["pdf"][1], editions.site_labels(html)
            ),
        }
        print("## Offline editions (one run; sizes on disk)\n")
        print("| edition | file | size | build time |\n| --- | --- | ---: | ---: |")
        total = 0.0
        for name, step in steps.items():
            started = time.perf_counter()
            path = step()
            seconds = time.perf_counter() - started
            total += seconds
            where = path.relative_to(html).as_posix()
            print(f"| {name} | {where} | {size(path) / 1024:.0f} KB | {seconds:.1f} s |")
        print(f"\nAll editions: {total:.1f} s.")
        print(f"\nThe site's own build, which they reuse: {site}; notebooks executed there).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
