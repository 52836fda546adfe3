"""How long the site takes to build, what each page weighs, and whether the budgets hold.

    python benchmarks/build.py [--repeat 3] [--jobs auto]

Everything runs on copies of the same sources in a temporary folder, in one run:

- **opskb**: the real build, ``opskb.build.build`` (notebooks executed by opskb.execute,
  then strict Sphinx with furo, myst-nb and the site's own extension);
- **baseline**: a bare Sphinx build of the same ``docs/*.md`` pages with Sphinx's default
  theme (alabaster) and only the extensions the pages' markup needs to parse —
  myst_parser, sphinx_design, sphinxcontrib.bibtex — with the same MyST settings. The
  notebooks are not executed: their MyST text sources are built as plain pages at the same
  addresses (notebooks/<name>.html), and the executed ``.ipynb`` files of the opskb run
  are copied next to them only as the files the pages offer for download. Both keep every
  link resolvable: Sphinx re-reads, on every build, a page whose toctree or download names
  a missing file, which would make the baseline's rebuilds look slower than they are. Not strict (no ``-n -W``): the
  directives and roles of the extensions it leaves out (myst-nb's ``code-cell`` and
  ``glue``, the site's own) only warn there; the warnings are counted, not fatal.

For each: a clean build, a no-op rebuild, and a rebuild after appending a sentence to
``pros.md``; each step is repeated ``--repeat`` times, opskb and baseline runs alternating
(so both see the same load from other programs), and the median is printed. Then the
ratios against the baseline, the budgets of the site issue (no-op <= 1.5x the baseline's,
one-page edit <= 2x, CSS+JS <= 60 KB gzipped per page) as PASS/OVER, the machine's load
average before and after, and the gzipped transfer size of every page.

Then where the rebuilds spend their time beyond bare Sphinx: one more no-op rebuild and one
more one-page edit of each site, serial (``-j 1``) and through ``sphinx_timed.py``, which
times the phases of the run, the loading of each extension (import and ``setup()``), every
event handler and every post-transform. The breakdown comes from those extra runs (timers
add a little); the ratios come from the runs above. Never fails on a number: the exit
status is 0 unless a build breaks.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from opskb import build, paths
from page_weight import KB, Transfer, transfers

EDITED_PAGE = "pros.md"
NOOP_BUDGET = 1.5  # x the baseline's no-op rebuild
EDIT_BUDGET = 2.0  # x the baseline's one-page-edit rebuild
CSS_JS_BUDGET = 60 * KB  # bytes gzipped per page (page_weight.KB: 1000 bytes)
# The baseline's conf.py takes these from docs/conf.py, so both parse the pages alike.
SHARED_SETTINGS = (
    "root_doc",
    "exclude_patterns",
    "myst_enable_extensions",
    "myst_heading_anchors",
    "bibtex_bibfiles",
    "bibtex_default_style",
    "bibtex_reference_style",
)
BASELINE_EXTENSIONS = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex"]


STEPS = ("clean build", "no-op rebuild", f"one-page edit ({EDITED_PAGE})")


@dataclass
class Timings:
    """Seconds per repetition of each step; for opskb also the notebook part of each."""

    total: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STEPS})
    notebooks: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STEPS})
    warnings: int = 0

    def median(self, step: str) -> float:
        return median(self.total[step])


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def timed(step: Callable[..., object], *args: object, **kwargs: object) -> float:
    """Seconds ``step(*args, **kwargs)`` takes."""
    started = time.perf_counter()
    step(*args, **kwargs)
    return time.perf_counter() - started


def copy_docs(work: Path) -> Path:
    """A fresh copy of docs/ without build output or executed notebooks.

    CHANGELOG.md goes next to it, where conf.py's ``opskb_changelog`` finds it, so the
    pages' Changes lists are built as on the real site.
    """
    docs = work / "docs"
    shutil.copytree(paths.DOCS, docs, ignore=shutil.ignore_patterns("_build", "notebooks"))
    shutil.copy2(paths.REPO / "CHANGELOG.md", work / "CHANGELOG.md")
    return docs


def edit_page(docs: Path, round_number: int) -> None:
    """Append a sentence to the edited page, as an author fixing a typo would change it."""
    with (docs / EDITED_PAGE).open("a", encoding="utf-8") as page:
        page.write(f"\nThis sentence was added by the build benchmark (edit {round_number}).\n")


# --- opskb -------------------------------------------------------------------------------


def opskb_build(docs: Path, out: Path, jobs: str, timings: Timings, step: str) -> None:
    """The real build, quiet, timed; records the notebook runner's share of the time."""
    real_execute = build.execute_notebooks

    def execute_and_time(*args: object, **kwargs: object) -> None:
        timings.notebooks[step].append(timed(real_execute, *args, **kwargs))

    build.execute_notebooks = execute_and_time
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # the runner's progress lines
            seconds = timed(
                build.build, docs, out, notebooks_dir=paths.NOTEBOOKS, jobs=jobs, extra=("-q",)
            )
    finally:
        build.execute_notebooks = real_execute
    timings.total[step].append(seconds)


# --- baseline ----------------------------------------------------------------------------


def baseline_conf() -> str:
    """conf.py of the bare baseline: default theme, the markup extensions, same settings."""
    ours = runpy.run_path(str(paths.DOCS / "conf.py"))
    settings = {name: ours[name] for name in SHARED_SETTINGS if name in ours}
    lines = [
        '"""Bare Sphinx baseline for benchmarks/build.py (generated)."""',
        f"project = {ours.get('project', 'baseline')!r}",
        f"extensions = {BASELINE_EXTENSIONS!r}",
        *(f"{name} = {value!r}" for name, value in settings.items()),
    ]
    return "\n".join(lines) + "\n"


def prepare_baseline(work: Path, conf: str, executed: Path) -> Path:
    """The baseline's sources: docs/ with its own conf.py, plus the notebooks' pages.

    ``executed`` holds the opskb run's executed notebooks, copied only as the files the
    pages offer for download.
    """
    docs = copy_docs(work)
    (docs / "conf.py").write_text(conf, encoding="utf-8")
    (docs / "notebooks").mkdir()
    for notebook in [*paths.NOTEBOOKS.glob("*.md"), *executed.glob("*.ipynb")]:
        shutil.copy2(notebook, docs / "notebooks" / notebook.name)
    return docs


def baseline_build(docs: Path, out: Path, jobs: str, timings: Timings, step: str) -> None:
    """A plain sphinx-build, timed; counts the warnings it printed."""
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-j", jobs, str(docs), str(out)]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    timings.total[step].append(time.perf_counter() - started)
    if result.returncode != 0:
        raise build.BuildError(f"baseline build failed:\n{result.stderr}")
    if step == STEPS[0]:  # rebuilds re-read, and so warn about, only what changed
        timings.warnings = sum("WARNING" in line for line in result.stderr.splitlines())


# --- the run -----------------------------------------------------------------------------


def bench(work: Path, repeat: int, jobs: str) -> tuple[Timings, Timings, Path, Path]:
    """Time both builds, step by step, alternating opskb and baseline runs.

    Alternating keeps both exposed to the same load when other programs share the machine.
    Rebuilds start from the last clean build, like an author's second ``nox -s docs``.
    Returns the timings and the HTML folders of opskb and of the baseline.
    """
    clean, noop, edit = STEPS
    opskb, baseline = Timings(), Timings()
    conf = baseline_conf()
    for run in range(repeat):
        ours = copy_docs(work / f"opskb-{run}")
        our_html = work / f"opskb-{run}" / "html"
        opskb_build(ours, our_html, jobs, opskb, clean)
        theirs = prepare_baseline(work / f"baseline-{run}", conf, ours / "notebooks")
        their_html = work / f"baseline-{run}" / "html"
        baseline_build(theirs, their_html, jobs, baseline, clean)
    for run in range(repeat):
        opskb_build(ours, our_html, jobs, opskb, noop)
        baseline_build(theirs, their_html, jobs, baseline, noop)
        edit_page(ours, run)
        edit_page(theirs, run)
        opskb_build(ours, our_html, jobs, opskb, edit)
        baseline_build(theirs, their_html, jobs, baseline, edit)
    return opskb, baseline, our_html, their_html


# --- page weight -------------------------------------------------------------------------


# --- where the rebuilds spend their time ------------------------------------------------

TIMED = Path(__file__).with_name("sphinx_timed.py")
# The extensions whose handlers and loading the breakdown lists one by one.
OURS = "opskb."
TINY = 0.0005  # seconds: handlers of ours below this in both runs are counted, not listed


def timed_rebuild(docs: Path, out: Path, strict: bool, report: Path) -> dict:
    """One serial rebuild through sphinx_timed.py; what it measured."""
    options = ["-n", "-W", "--keep-going"] if strict else []
    command = [sys.executable, str(TIMED), str(report), *options, "-q", "-b", "html", "-j", "1"]
    result = subprocess.run(
        [*command, str(docs), str(out)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise build.BuildError(f"timed rebuild failed:\n{result.stderr}")
    return json.loads(report.read_text(encoding="utf-8"))


def breakdown(ours: Path, theirs: Path, work: Path) -> dict[str, dict[str, dict]]:
    """Timed no-op and one-page-edit rebuilds of both sites (their last copies)."""
    runs: dict[str, dict[str, dict]] = {}
    for name, docs, strict in (("opskb", ours, True), ("baseline", theirs, False)):
        out = docs.parent / "html"
        runs[name] = {"no-op": timed_rebuild(docs, out, strict, work / f"{name}-noop.json")}
        edit_page(docs, 99)
        runs[name]["edit"] = timed_rebuild(docs, out, strict, work / f"{name}-edit.json")
    return runs


def _handler_rows(run: dict) -> dict[tuple[str, str], float]:
    return {
        (event, handler): seconds
        for event, by_handler in run["handlers"].items()
        for handler, seconds in by_handler.items()
    }


def breakdown_tables(runs: dict[str, dict[str, dict]], top: int = 12) -> str:
    """Phases side by side, then extensions, handlers and post-transforms by cost."""
    ours, base = runs["opskb"], runs["baseline"]
    steps = ("no-op", "edit")
    lines = [
        "| phase (s) | " + " | ".join(f"opskb {s} | baseline {s}" for s in steps) + " |",
        "| --- |" + " ---: |" * 4,
    ]
    for phase, meaning in (
        ("startup", "interpreter and Sphinx imports"),
        ("setup", "configuration, extensions imported and set up, environment loaded"),
        ("build", "read, resolve, write, finish"),
        ("total", "the whole run"),
    ):
        cells = " | ".join(
            f"{ours[s]['phases'].get(phase, 0):.2f} | {base[s]['phases'].get(phase, 0):.2f}"
            for s in steps
        )
        lines.append(f"| {phase} ({meaning}) | {cells} |")

    loads = {n: t for n, t in ours["no-op"]["extensions"].items()}
    base_loads = base["no-op"]["extensions"]
    extra = sorted(
        ((t, n) for n, t in loads.items() if n not in base_loads or n.startswith(OURS)),
        reverse=True,
    )
    lines += [
        "",
        "Loading (import + setup, ms) of the extensions the baseline does not load, no-op run;",
        "opskb.sphinxext includes its modules, listed below it:",
        "",
        "| extension | ms |",
        "| --- | ---: |",
        *(f"| {name} | {1000 * seconds:.1f} |" for seconds, name in extra[:top]),
    ]

    rows = {s: _handler_rows(ours[s]) for s in steps}
    keys = set(rows["no-op"]) | set(rows["edit"])

    def cost(key: tuple[str, str]) -> float:
        return rows["no-op"].get(key, 0) + rows["edit"].get(key, 0)

    ranked = sorted(keys, key=lambda key: -cost(key))
    ours_ranked = [key for key in ranked if key[1].startswith(OURS)]
    theirs = [key for key in ranked if not key[1].startswith(OURS)]
    shown = [key for key in ours_ranked if cost(key) >= TINY] + theirs[:top]
    tiny = len(ours_ranked) - sum(key[1].startswith(OURS) for key in shown)
    lines += [
        "",
        f"Event handlers (ms): opskb's, then the {top} costliest of the other extensions:",
        "",
        "| event | handler | no-op | edit |",
        "| --- | --- | ---: | ---: |",
        *(
            f"| {event} | {handler} | {1000 * rows['no-op'].get((event, handler), 0):.1f} "
            f"| {1000 * rows['edit'].get((event, handler), 0):.1f} |"
            for event, handler in shown
        ),
        f"\n{tiny} more of opskb's handlers took under {1000 * TINY:g} ms in both runs together.",
    ]
    transforms = sorted(ours["edit"]["post_transforms"].items(), key=lambda item: -item[1])
    lines += [
        "",
        "Post-transforms, one-page edit (ms):",
        "",
        "| post-transform | edit |",
        "| --- | ---: |",
        *(f"| {name} | {1000 * seconds:.1f} |" for name, seconds in transforms[:top]),
    ]
    return "\n".join(lines)


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min)"


# --- report ------------------------------------------------------------------------------


def kb(size: int) -> str:
    return f"{size / KB:.1f}"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "OVER"


def time_table(opskb: Timings, baseline: Timings) -> str:
    """Medians per step; the Sphinx-only columns leave out the notebook runner's share."""
    budgets = {STEPS[1]: NOOP_BUDGET, STEPS[2]: EDIT_BUDGET}
    header = "step | opskb | of which notebooks | of which Sphinx | baseline | ratio"
    lines = [
        f"| {header} | ratio, Sphinx only | budget |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for step in STEPS:
        ours, theirs = opskb.median(step), baseline.median(step)
        notebooks = median(opskb.notebooks[step])
        ratio = ours / theirs
        budget = budgets.get(step)
        verdict_text = f"<= {budget:g}x: {verdict(ratio <= budget)}" if budget else ""
        lines.append(
            f"| {step} | {ours:.2f} | {notebooks:.2f} | {ours - notebooks:.2f} | {theirs:.2f} "
            f"| {ratio:.2f}x | {(ours - notebooks) / theirs:.2f}x | {verdict_text} |"
        )
    return "\n".join(lines)


def weight_table(rows: list[Transfer]) -> str:
    lines = [
        "| page | HTML | CSS | JS | images | total | CSS+JS <= 60 KB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    lines += [
        f"| {r.page} | {kb(r.html)} | {kb(r.css)} | {kb(r.js)} | {kb(r.images)} "
        f"| {kb(r.total)} | {verdict(r.css_js <= CSS_JS_BUDGET)} ({kb(r.css_js)}) |"
        for r in rows
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per step (median shown)")
    parser.add_argument("--jobs", default="auto", help="sphinx-build -j for both builds")
    args = parser.parse_args(argv)

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="opskb-bench-") as temp:
        work = Path(temp)
        print(f"Building on {cpus} CPU(s), sphinx -j {args.jobs}, median of {args.repeat} runs")
        opskb, baseline, opskb_html, baseline_html = bench(work, args.repeat, args.jobs)
        load_after = load_average()
        ours, theirs = transfers(opskb_html), transfers(baseline_html)
        runs = breakdown(opskb_html.parent / "docs", baseline_html.parent / "docs", work)

    print("\n## Build times (seconds, median; ratio = opskb / baseline)\n")
    print(time_table(opskb, baseline))
    print(
        f"\nopskb: furo, myst-nb, notebooks executed, sphinx -n -W. Baseline: alabaster, "
        f"{', '.join(BASELINE_EXTENSIONS)}, notebooks built as unexecuted text pages, not "
        f"strict ({baseline.warnings} warnings, from the directives and roles of the "
        "extensions it leaves out)."
    )
    print(f"\nLoad average before the timed runs: {load_before}; after: {load_after}.")
    print("\n## Where the rebuilds spend their time (one timed serial run of each)\n")
    print(breakdown_tables(runs))
    heaviest = max(ours, key=lambda r: r.css_js)
    over = [r.page for r in ours if r.css_js > CSS_JS_BUDGET]
    print(
        f"\nCSS+JS per page <= 60 KB gzipped: {verdict(not over)} "
        f"(heaviest {heaviest.page}: {kb(heaviest.css_js)} KB"
        + (f"; over: {', '.join(over)}" if over else "")
        + f"). Baseline's heaviest: {kb(max(r.css_js for r in theirs))} KB."
    )
    print(f"\n## Transfer size per page (KB gzipped, {len(ours)} pages)\n")
    print(weight_table(ours))
    return 0


if __name__ == "__main__":
    sys.exit(main())
