"""How long each offline edition takes to build, and how big it is.

    python benchmarks/editions.py

Builds the site once on a copy of the sources in a temporary folder (the real build:
notebooks executed, strict Sphinx), then the editions next to it with
``opskb.editions.build_editions``, which reuses the executed notebooks, and prints one
row per edition. Never fails on a number: the exit status is 0 unless a build breaks.
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


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="opskb-editions-") as temp:
        work = Path(temp)
        docs = work / "docs"
        shutil.copytree(paths.DOCS, docs, ignore=shutil.ignore_patterns("_build", "notebooks"))
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            build.build(docs, work / "html", notebooks_dir=paths.NOTEBOOKS, extra=("-q",))
        site_seconds = time.perf_counter() - started
        site_bytes = sum(f.stat().st_size for f in (work / "html").rglob("*") if f.is_file())
        built = editions.build_editions(docs, work / "html")
        print("## Offline editions (one run; sizes on disk)\n")
        print(built.report())
        print(
            f"\nThe site's own build, which they reuse: {site_seconds:.1f} s "
            f"({site_bytes / 1024:.0f} KB; notebooks executed there, not again)."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
