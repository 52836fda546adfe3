"""Execute the MyST text notebooks with nbclient: the one runner of opskb.

``python -m opskb.execute`` (and ``nox -s notebooks``, the site build, the tests) run every
notebook of ``notebooks/`` in its own kernel, several at once, with a per-cell timeout and
no network. Executed notebooks go to ``docs/notebooks/<name>.ipynb`` with
``execution-report.json``; a notebook whose source and inputs did not change since it last
passed is skipped. Failures are printed to stderr, located to the cell and line of the
``.md`` file; the last line on stdout is ``N passed, M failed[, K skipped]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import opskb
from opskb import paths
from opskb.execute import failures, kernel, sources
from opskb.execute.cache import notebook_key, shared_inputs_digest
from opskb.execute.failures import Failure
from opskb.execute.report import (
    REPORT_FILE,
    NotebookEntry,
    build_report,
    environment,
    previous_entries,
    utc_now,
    write_report,
)

DEFAULT_TIMEOUT = 60.0
# The code and data the notebooks import: a change there re-executes every notebook.
EXAMPLES_DIR = Path(opskb.__file__).resolve().parent / "examples"


def default_jobs() -> int:
    """One notebook per CPU this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass
class Summary:
    """What a run did: the notebooks by outcome, each a list of names."""

    passed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    executed: list[str] = field(default_factory=list)  # the notebooks that got a kernel
    failures: list[Failure] = field(default_factory=list)
    wall_time_s: float = 0.0

    @property
    def line(self) -> str:
        line = f"{len(self.passed)} passed, {len(self.failed)} failed"
        return f"{line}, {len(self.skipped)} skipped" if self.skipped else line


def _select(found: list[Path], only: Sequence[str]) -> list[Path]:
    """The notebooks named in ``only`` (names or paths); all when it is empty."""
    if not only:
        return found
    by_name = {path.stem: path for path in found}
    wanted = [Path(item).stem if item.endswith(".md") else item for item in only]
    unknown = [name for name in wanted if name not in by_name]
    if unknown:
        raise ValueError(f"no such notebook: {', '.join(unknown)} (found: {', '.join(by_name)})")
    return [by_name[name] for name in dict.fromkeys(wanted)]


class _Run:
    """The bookkeeping of one run: the summary and the report entries, kept in step.

    The report of the previous run is read once, here; its entries carry the cache keys.
    """

    def __init__(self, source_dir: Path, out_dir: Path) -> None:
        self.source_dir = source_dir
        self.out_dir = out_dir
        self.env = environment()
        self.entries = previous_entries(out_dir / REPORT_FILE)
        self.reported_names = set(self.entries)
        self.summary = Summary()

    def output(self, path: Path) -> Path:
        return self.out_dir / f"{path.stem}.ipynb"

    def fresh_entry(self, path: Path, key: str) -> NotebookEntry | None:
        """The entry of the last run that passed with exactly this key, if its output is there."""
        entry = self.entries.get(path.stem)
        if entry and entry.key == key and entry.status != "failed" and self.output(path).exists():
            return entry
        return None

    def _entry(self, path: Path, status: str, duration_s: float, executed_at: str, **extra: Any):
        self.entries[path.stem] = NotebookEntry(
            path.stem,
            f"{self.source_dir.name}/{path.relative_to(self.source_dir).as_posix()}",
            status,
            round(duration_s, 3),
            executed_at,
            self.env["python"],
            self.env["packages"],
            **extra,
        )

    def record_skipped(self, entry: NotebookEntry) -> None:
        self.summary.skipped.append(entry.name)
        self.entries[entry.name] = replace(entry, status="cached")
        print(f"{entry.name}: skipped (unchanged)", flush=True)

    def record_failed(
        self, failure: Failure, duration_s: float, executed_at: str, how: str = ""
    ) -> None:
        self._entry(failure.source, "failed", duration_s, executed_at, error=failure.headline)
        self.summary.failed.append(failure.source.stem)
        self.summary.failures.append(failure)
        print(f"{failure.source.stem}: FAILED {how or f'in {duration_s:.1f} s'}", flush=True)

    def record_finished(self, task: kernel.Task, key: str, outcome: kernel.Outcome) -> None:
        name = task.source.stem
        self.summary.executed.append(name)
        if outcome.failure is not None:
            self.record_failed(outcome.failure, outcome.duration_s, outcome.executed_at)
            return
        self._entry(task.source, "passed", outcome.duration_s, outcome.executed_at, key=key)
        self.summary.passed.append(name)
        print(f"{name}: passed in {outcome.duration_s:.1f} s", flush=True)

    def prepare(self, path: Path, timeout: float) -> kernel.Task | None:
        """The task that executes ``path``, or None (recorded as failed) if unreadable."""
        try:
            notebook = sources.read_notebook(path)
        except sources.NotebookParseError as error:
            # Never leave an earlier run's output standing in for a broken notebook.
            self.output(path).unlink(missing_ok=True)
            failure = failures.parse_error(path, error.problem, error.line)
            self.record_failed(failure, 0.0, utc_now(), how="(cannot read it)")
            return None
        return kernel.Task(path, notebook.notebook, notebook.cell_lines, self.output(path), timeout)

    def save(self, wall_time_s: float) -> None:
        self.summary.wall_time_s = wall_time_s
        if not self.summary.executed and set(self.entries) == self.reported_names:
            # Nothing ran and no notebook came or went: the report already describes the
            # last run that executed something. Rewriting it would make Sphinx re-read the
            # execution report page, so a no-op build would not be a no-op.
            return
        report = build_report(list(self.entries.values()), wall_time_s)
        write_report(self.out_dir / REPORT_FILE, report)


def run_directory(
    source_dir: Path,
    out_dir: Path,
    *,
    force: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    jobs: int | None = None,
    only: Sequence[str] = (),
    examples_dir: Path = EXAMPLES_DIR,
) -> Summary:
    """Execute the notebooks of ``source_dir`` into ``out_dir``; print progress and failures.

    ``only`` restricts the run to some notebooks (names or ``.md`` paths); the report keeps
    the others' entries. ``force`` re-executes notebooks even when they are unchanged.
    """
    started = time.perf_counter()
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1 or timeout <= 0:
        raise ValueError(
            f"--jobs must be at least 1 and --timeout above 0 (got {jobs}, {timeout:g})"
        )
    found = sources.discover(source_dir)
    selected = _select(found, only)
    out_dir.mkdir(parents=True, exist_ok=True)
    run = _Run(source_dir, out_dir)
    if not only:
        _prune_removed(out_dir, {p.stem for p in found}, run.entries)
    shared = shared_inputs_digest(examples_dir, kernel.preamble_fingerprint(), run.env)

    tasks: list[tuple[kernel.Task, str]] = []
    for path in selected:
        key = notebook_key(path.read_text(encoding="utf-8", errors="replace"), shared)
        entry = None if force else run.fresh_entry(path, key)
        if entry is not None:
            run.record_skipped(entry)
        elif task := run.prepare(path, timeout):
            tasks.append((task, key))

    if tasks:
        print(
            f"executing {len(tasks)} notebook(s), {min(jobs, len(tasks))} at a time, "
            f"per-cell timeout {timeout:g} s",
            flush=True,
        )
        _execute_all(tasks, jobs, run.record_finished)

    run.save(time.perf_counter() - started)
    for failure in sorted(run.summary.failures, key=lambda failure: failure.source):
        print("\n" + failures.format_failure(failure), file=sys.stderr, flush=True)
    print(run.summary.line, flush=True)
    return run.summary


def _execute_all(
    tasks: list[tuple[kernel.Task, str]],
    jobs: int,
    finished: Callable[[kernel.Task, str, kernel.Outcome], None],
) -> None:
    """Run the tasks, ``jobs`` kernels at a time; call ``finished`` as each one ends.

    Threads are enough: each one only waits on its own kernel process, which does the work.
    """
    with ThreadPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
        futures = {pool.submit(kernel.execute, task): (task, key) for task, key in tasks}
        try:
            for future in as_completed(futures):
                task, key = futures[future]
                finished(task, key, future.result())
        except KeyboardInterrupt:
            # Start no further kernel; the running ones got the same Ctrl-C and stop.
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _prune_removed(out_dir: Path, names: set[str], entries: dict[str, NotebookEntry]) -> None:
    """Forget notebooks whose source is gone, and delete their executed copies.

    Only files this runner wrote (listed in its report) are deleted.
    """
    for name in set(entries) - names:
        entries.pop(name)
        (out_dir / f"{name}.ipynb").unlink(missing_ok=True)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m opskb.execute",
        description="Execute the MyST text notebooks (no network; unchanged ones are skipped).",
    )
    parser.add_argument(
        "--source", type=Path, default=paths.NOTEBOOKS, help="folder of .md notebooks"
    )
    parser.add_argument(
        "--out", type=Path, default=paths.EXECUTED, help="where executed .ipynb files go"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help="seconds allowed per cell (default: %(default)g)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=default_jobs(),
        help="notebooks executed at once (default: CPU count, %(default)s)",
    )
    parser.add_argument(
        "--force", action="store_true", help="re-execute notebooks even when unchanged"
    )
    parser.add_argument(
        "notebooks", nargs="*", metavar="NOTEBOOK", help="only these (names or .md paths)"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        summary = run_directory(
            args.source,
            args.out,
            force=args.force,
            timeout=args.timeout,
            jobs=args.jobs,
            only=args.notebooks,
        )
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 1 if summary.failed else 0
