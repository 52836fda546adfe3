"""How long the notebooks take to execute. Prints numbers; never passes or fails on time.

Measures, in one run on this machine:

- the floor: a kernel started, one trivial cell run, the kernel stopped -- through the same
  code path as a real notebook (network guard included), median of ``--repeat`` runs;
- each notebook's execution time, serial (``--jobs 1``) and parallel (``--jobs 2``);
- the total wall time of both, and of a run with nothing changed (everything skipped);

then the ratios between them. Usage: ``python benchmarks/notebooks.py [--source DIR]``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from opskb import paths
from opskb.execute import kernel
from opskb.execute.failures import format_failure
from opskb.execute.report import REPORT_FILE
from opskb.execute.runner import Summary, run_directory


def kernel_floor(work: Path, repeat: int) -> list[float]:
    """Seconds for start + one trivial cell + shutdown, ``repeat`` times."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    times = []
    for index in range(repeat):
        task = kernel.Task(
            source=work / "floor.md",
            notebook=nbformat.from_dict(notebook),
            cell_lines=(None,),
            out_path=work / f"floor-{index}.ipynb",
            timeout=60,
        )
        started = time.perf_counter()
        outcome = kernel.execute(task)
        times.append(time.perf_counter() - started)
        if not outcome.passed:
            print(format_failure(outcome.failure), file=sys.stderr)
    return times


def timed_run(source: Path, out: Path, **options: object) -> tuple[float, Summary]:
    """Wall seconds of one run, with the runner's own output kept off the screen."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        started = time.perf_counter()
        summary = run_directory(source, out, **options)
        wall = time.perf_counter() - started
    for failure in summary.failures:
        print(format_failure(failure), file=sys.stderr)
    return wall, summary


def durations(out: Path) -> dict[str, float]:
    report = json.loads((out / REPORT_FILE).read_text(encoding="utf-8"))
    return {entry["name"]: entry["duration_s"] for entry in report["notebooks"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=paths.NOTEBOOKS)
    parser.add_argument("--repeat", type=int, default=3, help="kernel floor samples")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="opskb-bench-") as tmp:
        work = Path(tmp)
        floor = kernel_floor(work, args.repeat)
        serial_wall, serial = timed_run(args.source, work / "serial", force=True, jobs=1)
        parallel_wall, parallel = timed_run(args.source, work / "parallel", force=True, jobs=2)
        unchanged_wall, unchanged = timed_run(args.source, work / "parallel", jobs=2)
        serial_times, parallel_times = durations(work / "serial"), durations(work / "parallel")

    floor_median = statistics.median(floor)
    names = sorted(serial_times)
    print(f"notebooks: {len(names)} from {args.source}")
    print(
        f"kernel floor (start + trivial cell + stop), median of {len(floor)}: "
        f"{floor_median:.2f} s  [{', '.join(f'{t:.2f}' for t in floor)}]"
    )
    print()
    width = max((len(name) for name in names), default=8)
    print(f"{'notebook':<{width}}  {'serial s':>8}  {'parallel s':>10}  {'above floor s':>13}")
    for name in names:
        above = serial_times[name] - floor_median
        print(
            f"{name:<{width}}  {serial_times[name]:>8.2f}  "
            f"{parallel_times.get(name, float('nan')):>10.2f}  {above:>13.2f}"
        )
    total = sum(serial_times.values())
    print(f"{'sum':<{width}}  {total:>8.2f}  {sum(parallel_times.values()):>10.2f}")
    print()
    print(f"wall, serial   (jobs=1): {serial_wall:6.2f} s   {serial.line}")
    print(f"wall, parallel (jobs=2): {parallel_wall:6.2f} s   {parallel.line}")
    print(f"wall, nothing changed  : {unchanged_wall:6.2f} s   {unchanged.line}")
    print()
    if parallel_wall and serial_wall and names:
        print(f"parallel speed-up (serial / parallel wall): {serial_wall / parallel_wall:.2f}x")
        print(
            f"kernel floor share of the serial wall ({len(names)} x floor / wall): "
            f"{len(names) * floor_median / serial_wall:.0%}"
        )
        print(f"nothing-changed run / serial wall: {unchanged_wall / serial_wall:.1%}")
        print(f"slowest notebook / floor: {max(serial_times.values()) / floor_median:.1f}x")
    failed = serial.failed + parallel.failed + unchanged.failed
    if failed:
        print(f"\n{failed} failed notebook run(s): the times above include failures.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
