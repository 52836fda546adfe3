"""The one Chromium the project drives (the PDF edition, the browser tests), and its flags.

Debian's Chromium when installed (``apt-get install chromium``): a browser download is not
possible everywhere this runs. ``OPSKB_CHROMIUM`` names another one. Without either,
Playwright's own build is used, which ``python -m opskb.chromium --ensure`` installs (Read
the Docs' image has no Chromium: ``nox -s publish`` runs it).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

CANDIDATES = (Path("/usr/bin/chromium"), Path("/usr/bin/chromium-browser"))
OVERRIDE = "OPSKB_CHROMIUM"
# Headless, no network chatter of its own (the network may be closed: each attempt would
# log a refused connection), and able to run as root in a container.
ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def path(environ: Mapping[str, str] | None = None) -> Path | None:
    """``$OPSKB_CHROMIUM`` if set, else the installed Chromium, else None (Playwright's)."""
    environ = os.environ if environ is None else environ
    if environ.get(OVERRIDE):
        return Path(environ[OVERRIDE])
    return next((candidate for candidate in CANDIDATES if candidate.is_file()), None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m opskb.chromium", description=__doc__)
    parser.add_argument(
        "--ensure",
        action="store_true",
        help="install Playwright's Chromium when no Chromium is installed",
    )
    args = parser.parse_args(argv)
    found = path()
    if found is None and args.ensure:
        subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=True)
    print(found or "Playwright's own Chromium")
    return 0


if __name__ == "__main__":
    sys.exit(main())
