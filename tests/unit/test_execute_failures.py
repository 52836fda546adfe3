"""Failure messages: located to file, cell and .md line, with a plain traceback."""

from __future__ import annotations

from pathlib import Path

from opskb.execute.failures import (
    Failure,
    cell_error,
    cell_timeout,
    display_path,
    failing_line,
    format_failure,
    kernel_died,
    parse_error,
    strip_ansi,
)

RED, GREEN, RESET = "\x1b[31m", "\x1b[1;32m", "\x1b[0m"
# The shape of an IPython traceback as a kernel sends it: a list of ANSI-coloured strings.
# Cell In[2] calls a function defined in Cell In[1]; the failing cell is In[2].
REPLY = {
    "status": "error",
    "execution_count": 2,
    "ename": "ZeroDivisionError",
    "evalue": "division by zero",
    "traceback": [
        f"{RED}---------------------------------------------------------------------------{RESET}",
        f"{RED}ZeroDivisionError{RESET}                         Traceback (most recent call last)",
        f"Cell {GREEN}In[2], line 3{RESET}\n      1 a = 1\n      2 b = 0\n{GREEN}----> 3{RESET} ratio(a, b)",
        (
            f"Cell {GREEN}In[1], line 2{RESET}, in {GREEN}ratio{RESET}(x, y)\n"
            f"      1 def ratio(x, y):\n{GREEN}----> 2{RESET}     return x / y"
        ),
        f"{RED}ZeroDivisionError{RESET}: division by zero",
        "\x1b]8;;file:///tmp/x.py\x1b\\link\x1b]8;;\x1b\\",
    ],
}
CELL = "a = 1\nb = 0\nratio(a, b)"


def test_strip_ansi_removes_colour_and_hyperlink_codes():
    text = "\n".join(REPLY["traceback"])
    plain = strip_ansi(text)
    assert "\x1b" not in plain
    assert "Cell In[2], line 3" in plain
    assert "link" in plain


def test_the_failing_line_is_the_first_frame_of_the_failing_cell():
    plain = strip_ansi("\n".join(REPLY["traceback"]))
    assert failing_line(plain, 2) == 3
    assert failing_line(plain, 1) == 2
    assert failing_line(plain, 7) is None
    assert failing_line(plain, None) is None


def test_a_cell_error_points_at_the_md_line_of_the_failing_statement():
    failure = cell_error(
        Path("notebooks/ratio.md"), cell_index=4, cell_source=CELL, cell_start_line=40, reply=REPLY
    )
    assert failure.cell_number == 5
    assert failure.line == 42  # line 3 of a cell whose source starts on line 40
    assert failure.headline == "ZeroDivisionError: division by zero"
    assert "\x1b" not in failure.traceback


def test_without_a_known_cell_line_the_message_still_names_the_cell():
    failure = cell_error(
        Path("n.md"), cell_index=0, cell_source=CELL, cell_start_line=None, reply=REPLY
    )
    assert failure.line is None
    assert format_failure(failure).startswith("FAILED n.md: cell 1: ZeroDivisionError")


def test_the_message_shows_file_line_cell_source_error_and_plain_traceback():
    source = Path("notebooks/ratio.md")
    text = format_failure(
        cell_error(source, cell_index=4, cell_source=CELL, cell_start_line=40, reply=REPLY)
    )
    first, *rest = text.splitlines()
    assert first == f"FAILED {source}:42: cell 5: ZeroDivisionError: division by zero"
    assert f"cell 5 ({source}, lines 40-42):" in text
    assert any(line.startswith("  >") and "42 | ratio(a, b)" in line for line in rest)
    assert any("40 | a = 1" in line and not line.startswith("  >") for line in rest)
    assert "Cell In[2], line 3" in text
    assert text.rstrip().endswith("ZeroDivisionError: division by zero")
    assert "\x1b" not in text


def test_a_timeout_names_the_cell_and_the_limit():
    failure = cell_timeout(
        Path("slow.md"), cell_index=2, cell_source="sleep(600)", cell_start_line=20, timeout=2
    )
    text = format_failure(failure)
    assert text.splitlines()[0] == "FAILED slow.md:20: cell 3: CellTimeoutError: " + (
        "cell 3 did not finish within 2 s"
    )
    assert "slow.md, line 20" in text
    assert "--timeout" in text


def test_a_dead_kernel_names_the_cell_it_was_running():
    failure = kernel_died(
        Path("crash.md"), cell_index=1, cell_source="os.abort()", cell_start_line=12
    )
    assert failure.headline == "DeadKernelError: the kernel died while running cell 2"
    assert format_failure(failure).startswith("FAILED crash.md:12: cell 2:")


def test_a_parse_error_names_the_file_and_line_and_says_nothing_ran():
    text = format_failure(parse_error(Path("bad.md"), "invalid YAML in the header: x", 5))
    assert text.startswith("FAILED bad.md:5: NotebookParseError: invalid YAML in the header: x")
    assert "not executed" in text


def test_paths_below_the_working_directory_are_shown_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inside = tmp_path / "notebooks" / "a.md"
    assert display_path(inside) == str(Path("notebooks") / "a.md")
    outside = tmp_path.parent / "elsewhere.md"
    assert display_path(outside) == str(outside)


def test_a_failure_without_cell_or_traceback_is_one_line_plus_note():
    text = format_failure(Failure(Path("x.md"), "RuntimeError", "kernel did not start"))
    assert text == "FAILED x.md: RuntimeError: kernel did not start"
