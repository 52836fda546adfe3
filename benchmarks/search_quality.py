"""How many queries of tests/data/search-queries.toml land on their section, in Chromium.

    python benchmarks/search_quality.py [SITE_HTML_FOLDER]   # default docs/_build/html

Serves the built site on 127.0.0.1, opens its search page once and runs Sphinx's own search
function on every query, twice: on the search index as built, and on the index as Sphinx
alone would write it (no section entries: only the glossary's, all of them "main"), which
is what the site searched before opskb.sphinxext.search_entries. Prints both hit counts and
the first result of every miss. Never fails on the numbers: the browser test does.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
import tomllib
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

from opskb.chromium import ARGS, path

QUERIES = Path(__file__).resolve().parents[1] / "tests" / "data" / "search-queries.toml"

# The first result Sphinx shows is the last of _performSearch's list (it pops them).
_FIRST_RESULTS = """([queries, sphinxOnly]) => {
  const built = Search._index.indexentries;
  if (sphinxOnly) {
    const glossary = Search._index.docnames.indexOf("glossary");
    const kept = {};
    for (const [entry, found] of Object.entries(built)) {
      const own = found.filter(([file]) => file === glossary).map(([f, id]) => [f, id, true]);
      if (own.length) kept[entry] = own;
    }
    Search._index.indexentries = kept;
  }
  const first = queries.map(q => {
    const results = Search._performSearch(...Search._parseQuery(q));
    const top = results[results.length - 1];
    return top ? top[0] + ".html" + top[2] : null;
  });
  Search._index.indexentries = built;
  return first;
}"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        del format, args


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "site", type=Path, nargs="?", default=Path("docs/_build/html"), help="built HTML folder"
    )
    args = parser.parse_args(argv)
    queries = tomllib.loads(QUERIES.read_text("utf-8"))["query"]
    expected = [f"{q['page']}.html#{q['label']}" for q in queries]
    texts = [q["text"] for q in queries]
    with ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(args.site))) as h:
        threading.Thread(target=h.serve_forever, daemon=True).start()
        with sync_playwright() as playwright:
            chromium = path()
            browser = playwright.chromium.launch(
                executable_path=str(chromium) if chromium else None, args=list(ARGS)
            )
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{h.server_address[1]}/search.html")
            page.wait_for_function("() => Search.hasIndex()")
            for name, sphinx_only in (("Sphinx alone", True), ("with section entries", False)):
                start = time.perf_counter()
                first = page.evaluate(_FIRST_RESULTS, [texts, sphinx_only])
                took = (time.perf_counter() - start) * 1000
                hits = sum(f == e for f, e in zip(first, expected, strict=True))
                print(f"{name}: {hits}/{len(texts)} first results are the section ({took:.0f} ms)")
                for text, got, want in zip(texts, first, expected, strict=True):
                    if got != want:
                        print(f"  miss {text!r}: {got} (expected {want})")
            browser.close()
        h.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
