"""The build command is strict: a warning, a broken reference included, fails it."""

import subprocess
from pathlib import Path

from opskb import build, sphinx_runner
from opskb.sphinx_runner import sphinx_command


def test_a_broken_reference_fails_the_build_and_every_one_is_reported(tmp_path, sphinx_builds):
    """Nitpicky (-n), warnings are errors (-W), and all of them are listed (--keep-going)."""
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["myst_parser"]\n', encoding="utf-8")
    (source / "index.md").write_text(
        "# Index\n\nSee {py:class}`nowhere.First` and {py:class}`nowhere.Second`.\n",
        encoding="utf-8",
    )
    command = sphinx_command(source, tmp_path / "out", jobs="1")
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode != 0
    assert "nowhere.First" in result.stderr
    assert "nowhere.Second" in result.stderr


def test_sphinx_command_passes_builder_and_extra_arguments():
    command = sphinx_command(Path("d"), Path("o"), builder="dirhtml", extra=("-E",))
    assert command[command.index("-b") + 1] == "dirhtml"
    assert "-E" in command


def test_a_failed_sphinx_build_fails_the_command_and_says_so(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(build, "execute_notebooks", lambda *args, **kwargs: None)
    monkeypatch.setattr(
        sphinx_runner.subprocess,
        "run",
        lambda command, **kwargs: subprocess.CompletedProcess(command, 2),
    )
    assert build.main(["--docs", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    assert "error: sphinx-build failed" in capsys.readouterr().err
