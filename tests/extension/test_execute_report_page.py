"""The ``execution-report`` directive, built strictly in a tiny Sphinx project."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bs4 import BeautifulSoup

from opskb.build import sphinx_command
from opskb.execute.report import NotebookEntry, build_report, write_report

CONF = """
extensions = ["myst_parser", "opskb.sphinxext.execution_report"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
"""
INDEX = """# Tiny site

```{toctree}
report
notebooks/alpha
```
"""
REPORT_PAGE = """(execution-report)=
# Execution report

:::{execution-report}
:::
"""
PACKAGES = {"nbclient": "0.11.0", "numpy": "2.4.6"}


def make_site(root: Path, *, with_report: bool) -> Path:
    docs = root / "docs"
    (docs / "notebooks").mkdir(parents=True)
    (docs / "conf.py").write_text(CONF)
    (docs / "index.md").write_text(INDEX)
    (docs / "report.md").write_text(REPORT_PAGE)
    (docs / "notebooks" / "alpha.md").write_text("# Alpha notebook\n")
    if with_report:
        entries = [
            NotebookEntry(
                "alpha",
                "notebooks/alpha.md",
                "cached",
                3.21,
                "2026-01-02T03:04:05+00:00",
                "3.11.7",
                PACKAGES,
            ),
            # "broken" has no page (it could not be read): named, not linked.
            NotebookEntry(
                "broken",
                "notebooks/broken.md",
                "failed",
                0.0,
                "2026-01-02T03:05:00+00:00",
                "3.11.7",
                PACKAGES,
                error="NotebookParseError: invalid YAML in the header",
            ),
        ]
        write_report(docs / "notebooks" / "execution-report.json", build_report(entries, 3.5))
    return docs


def sphinx_build(docs: Path, out: Path) -> subprocess.CompletedProcess:
    """The site's own strict build command (opskb.build), quiet, on the tiny site."""
    command = sphinx_command(docs, out, jobs="1", extra=("-q",))
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_the_report_renders_as_a_table_linking_each_notebook(tmp_path, sphinx_builds):
    docs = make_site(tmp_path, with_report=True)
    built = sphinx_build(docs, tmp_path / "html")
    assert built.returncode == 0, built.stderr
    soup = BeautifulSoup((tmp_path / "html" / "report.html").read_text(), "lxml")
    table = soup.select_one("table.opskb-execution-report")
    assert table is not None
    header = [th.get_text(strip=True) for th in table.select("thead th")]
    assert header == ["Notebook", "Status", "Duration", "Executed (UTC)", "Python", "Packages"]
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")
    ]
    assert rows[0][:5] == [
        "alpha",
        "cached (passed, unchanged since)",
        "3.2 s",
        "2026-01-02 03:04",
        "3.11.7",
    ]
    assert rows[0][5] == "nbclient 0.11.0, numpy 2.4.6"
    assert rows[1][0] == "broken"
    assert rows[1][1] == "failed: NotebookParseError: invalid YAML in the header"
    links = [a["href"] for a in table.select("a")]
    assert links == ["notebooks/alpha.html"]
    summary = table.find_previous("p").get_text(" ", strip=True)
    assert summary.startswith("2 notebooks: 0 passed, 1 cached, 1 failed.")


def test_a_missing_report_is_a_warning_that_fails_a_strict_build(tmp_path, sphinx_builds):
    docs = make_site(tmp_path, with_report=False)
    built = sphinx_build(docs, tmp_path / "html")
    assert built.returncode != 0
    expected = docs / "notebooks" / "execution-report.json"
    assert str(expected) in built.stderr
    assert "nox -s notebooks" in built.stderr
    assert "report.md" in built.stderr  # located at the directive
