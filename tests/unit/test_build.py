"""The build command is strict: the flags that make warnings fatal are always there."""

import subprocess
from pathlib import Path

from opskb import build
from opskb.build import sphinx_command


def test_sphinx_command_is_nitpicky_and_fails_on_warnings():
    command = sphinx_command(Path("docs"), Path("out"))
    assert {"-n", "-W", "--keep-going"} <= set(command)
    assert command[-2:] == ["docs", "out"]


def test_sphinx_command_passes_builder_and_extra_arguments():
    command = sphinx_command(Path("d"), Path("o"), builder="dirhtml", extra=("-E",))
    assert command[command.index("-b") + 1] == "dirhtml"
    assert "-E" in command


def test_a_failed_sphinx_build_fails_the_command_and_says_so(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(build, "execute_notebooks", lambda *args, **kwargs: None)
    monkeypatch.setattr(
        build.subprocess, "run", lambda command, **kwargs: subprocess.CompletedProcess(command, 2)
    )
    assert build.main(["--docs", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    assert "error: sphinx-build failed" in capsys.readouterr().err
