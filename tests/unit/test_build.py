"""The build command is strict: a warning, a broken reference included, fails it."""

import os
import subprocess
from pathlib import Path

import opskb
from opskb import build, publishing, sphinx_runner
from opskb.kit import KitError
from opskb.kit import verify as kit_verify
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


def test_a_release_build_must_name_the_package_version(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv(publishing.RELEASE, "")  # restored after the test
    monkeypatch.setattr(build, "execute_notebooks", lambda *args, **kwargs: None)
    monkeypatch.setattr(build, "build_kit", lambda *args, **kwargs: None)  # needs a real site
    monkeypatch.setattr(build, "verify_kit", lambda kit_zip: None)  # installs from the registry
    monkeypatch.setattr(
        sphinx_runner.subprocess,
        "run",
        lambda command, **kwargs: subprocess.CompletedProcess(command, 0),
    )
    out = ["--docs", str(tmp_path), "--out", str(tmp_path / "out")]
    assert build.main([*out, "--release", "0.0.0-not-this"]) == 1
    assert "is not the package version" in capsys.readouterr().err
    assert not publishing.is_release_build({publishing.RELEASE: os.environ[publishing.RELEASE]})
    assert build.main([*out, "--release", opskb.__version__]) == 0
    assert publishing.is_release_build()  # what conf.py reads in the sphinx-build it runs


def _stub_site_and_kit(monkeypatch, tmp_path):
    """A build whose notebooks, Sphinx run and kit are stubs; returns the verified kits."""
    monkeypatch.setenv(publishing.RELEASE, "")  # restored after the test
    monkeypatch.setattr(build, "execute_notebooks", lambda *args, **kwargs: None)
    monkeypatch.setattr(
        sphinx_runner.subprocess,
        "run",
        lambda command, **kwargs: subprocess.CompletedProcess(command, 0),
    )
    kit_zip = tmp_path / "out" / "kit" / "opskb-notebooks-x.zip"
    monkeypatch.setattr(build, "build_kit", lambda *args, **kwargs: kit_zip)
    verified: list[Path] = []

    def failing_verify(kit, work, *args, **kwargs):
        verified.append(kit)
        raise KitError("notebooks/agent-loop.ipynb, cell 4: ModuleNotFoundError: no module x")

    monkeypatch.setattr(kit_verify, "verify", failing_verify)
    return kit_zip, verified


def test_a_release_build_fails_when_its_kit_fails_in_the_kits_environment(
    monkeypatch, tmp_path, capsys
):
    kit_zip, verified = _stub_site_and_kit(monkeypatch, tmp_path)
    out = ["--docs", str(tmp_path), "--out", str(tmp_path / "out")]
    assert build.main([*out, "--release", opskb.__version__]) == 1
    assert verified == [kit_zip]
    error = capsys.readouterr().err
    assert "notebooks/agent-loop.ipynb, cell 4: ModuleNotFoundError" in error


def test_an_everyday_build_does_not_install_its_kit(monkeypatch, tmp_path):
    _kit_zip, verified = _stub_site_and_kit(monkeypatch, tmp_path)
    assert build.main(["--docs", str(tmp_path), "--out", str(tmp_path / "out")]) == 0
    assert verified == []
