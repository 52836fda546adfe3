"""Lighthouse's SEO score (mobile) for one page of each type of the built site.

    python benchmarks/lighthouse.py [--site docs/_build/html] [--lighthouse PATH]

Needs Lighthouse from npm (``npm install lighthouse``; found on PATH, through
``--lighthouse`` or ``$LIGHTHOUSE``) and Chromium (``$CHROME_PATH``, default
/usr/bin/chromium). Serves the site on 127.0.0.1 and prints each page's score and any audit
below 1. Without Lighthouse it says so and exits 0: the tests in tests/publish/test_seo*.py
check the same audit items without it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from opskb import paths


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        del format, args


PAGE_TYPES = {
    "home": "index.html",
    "content": "pros.html",
    "notebook": "notebooks/tokenization.html",
    "glossary": "glossary.html",
    "how-to-cite": "how-to-cite.html",
    "references": "references.html",
    "execution report": "execution-report.html",
    "index": "genindex.html",
    "search": "search.html",
}


def seo(lighthouse: str, url: str, out: Path) -> dict:
    """Lighthouse's JSON report for ``url``, SEO category only, mobile."""
    chrome = "--headless=new --no-sandbox --disable-gpu"
    command = [lighthouse, url, "--only-categories=seo", "--form-factor=mobile", "--quiet"]
    command += [f"--chrome-flags={chrome}", "--output=json", f"--output-path={out}"]
    environment = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(command, check=True, env=environment, timeout=600)
    return json.loads(out.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=paths.HTML)
    parser.add_argument("--lighthouse", default=os.environ.get("LIGHTHOUSE", "lighthouse"))
    args = parser.parse_args(argv)
    lighthouse = shutil.which(args.lighthouse)
    if lighthouse is None:
        print(f"Lighthouse not found ({args.lighthouse}): npm install lighthouse; skipped.")
        return 0
    print("| page type | page | SEO | audits below 1 |\n| --- | --- | ---: | --- |")
    handler = partial(QuietHandler, directory=str(args.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    with tempfile.TemporaryDirectory() as temp:
        for kind, page in PAGE_TYPES.items():
            report = seo(lighthouse, origin + page, Path(temp, "report.json"))
            category = report["categories"]["seo"]
            ids = {ref["id"] for ref in category["auditRefs"]}
            below = [
                f"{key} ({audit['score']})"
                for key, audit in report["audits"].items()
                if key in ids and audit.get("score") is not None and audit["score"] < 1
            ]
            score = round(category["score"] * 100)
            print(f"| {kind} | {page} | {score} | {', '.join(below) or '-'} |", flush=True)
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
