"""The build command is strict: the flags that make warnings fatal are always there."""

from pathlib import Path

from opskb.build import sphinx_command


def test_sphinx_command_is_nitpicky_and_fails_on_warnings():
    command = sphinx_command(Path("docs"), Path("out"))
    assert {"-n", "-W", "--keep-going"} <= set(command)
    assert command[-2:] == ["docs", "out"]


def test_sphinx_command_passes_builder_and_extra_arguments():
    command = sphinx_command(Path("d"), Path("o"), builder="dirhtml", extra=("-E",))
    assert command[command.index("-b") + 1] == "dirhtml"
    assert "-E" in command
