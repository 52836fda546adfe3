"""Where the sidebar's edition links lead: this build's editions, or the published ones."""

from __future__ import annotations

import subprocess

from opskb import build, publishing, sphinx_runner
from opskb.sphinxext import edition_links


def test_the_caption_says_when_the_links_lead_to_the_published_editions():
    assert edition_links.editions_caption(True, "1.2.3") == "Offline editions"
    assert edition_links.editions_caption(False, "1.2.3") == (
        "Offline editions (published, version 1.2.3)"
    )


def test_only_a_build_with_the_editions_tells_conf_py_they_exist(monkeypatch, tmp_path):
    """conf.py's ``opskb_editions_built`` reads what ``opskb.build --editions`` sets."""
    monkeypatch.setenv(publishing.EDITIONS, "")  # unset for conf.py, restored after the test
    monkeypatch.setattr(build, "execute_notebooks", lambda *args, **kwargs: None)
    monkeypatch.setattr(build, "build_editions", lambda *args, **kwargs: None)
    monkeypatch.setattr(build, "build_kit", lambda *args, **kwargs: None)  # needs a real site
    seen = []

    def sphinx(command, **kwargs):
        seen.append(publishing.editions_built())
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(sphinx_runner.subprocess, "run", sphinx)
    out = ["--docs", str(tmp_path), "--out", str(tmp_path / "out")]
    assert build.main(out) == 0
    assert build.main([*out, "--editions"]) == 0
    assert seen == [False, True]
