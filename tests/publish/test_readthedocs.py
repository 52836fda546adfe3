"""Read the Docs: the configuration is valid, and a simulated build publishes correctly.

The schema is Read the Docs' published one, as check-jsonschema ships it
(``--builtin-schema vendor.readthedocs``). The simulated build sets the variables Read the
Docs sets and runs the project's own build command, on a copy of the site's sources with
their executed notebooks (unchanged, so nothing is executed again).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

import opskb
from opskb import paths

CONFIG = paths.REPO / ".readthedocs.yaml"
CHECK = [sys.executable, "-m", "check_jsonschema"]


def check_jsonschema(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CHECK, "--builtin-schema", "vendor.readthedocs", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_readthedocs_yaml_is_valid():
    result = check_jsonschema(CONFIG)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"version": 1}, "version"),
        ({"build": {"os": "windows-95", "commands": ["true"]}}, "os"),
        ({"formats": ["docx"]}, "formats"),
        ({"unknown-key": 1}, "unknown-key"),
    ],
)
def test_the_validation_catches_mistakes(tmp_path, change, complaint):
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    broken = tmp_path / ".readthedocs.yaml"
    broken.write_text(yaml.safe_dump({**config, **change}), encoding="utf-8")
    result = check_jsonschema(broken)
    assert result.returncode != 0
    assert complaint in result.stdout + result.stderr


def test_readthedocs_builds_through_the_project_build_path():
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    commands = config["build"]["commands"]
    # One build, the project's own: no `sphinx:` section (Read the Docs' own run) at all.
    assert "sphinx" not in config
    assert commands[-1] == "nox -s publish"
    noxfile = (paths.REPO / "noxfile.py").read_text(encoding="utf-8")
    assert "def publish(session" in noxfile
    assert '"opskb.build", "--editions"' in noxfile


CANONICAL = "https://kb.example.org/en/latest/"


@pytest.fixture(scope="module")
def rtd_build(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``python -m opskb.build`` as Read the Docs runs it, into $READTHEDOCS_OUTPUT."""
    work = tmp_path_factory.mktemp("rtd")
    docs = work / "checkout" / "docs"
    shutil.copytree(built_site.parent / "docs", docs, ignore=shutil.ignore_patterns("_build"))
    output = work / "output"
    environment = {
        **os.environ,
        "READTHEDOCS": "True",
        "READTHEDOCS_OUTPUT": str(output),
        "READTHEDOCS_CANONICAL_URL": CANONICAL,
        "READTHEDOCS_VERSION_NAME": "latest",
        "READTHEDOCS_VERSION_TYPE": "branch",
    }
    result = subprocess.run(
        [sys.executable, "-m", "opskb.build", "--docs", str(docs), "-q"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "skipped (unchanged)" in result.stdout
    assert ": passed in" not in result.stdout, "the notebooks ran again: " + result.stdout
    return output


@pytest.mark.slow
def test_a_readthedocs_build_writes_the_html_where_readthedocs_serves_it(rtd_build):
    assert (rtd_build / "html" / "index.html").is_file()
    assert (rtd_build / "html" / "objects.inv").is_file()


@pytest.mark.slow
def test_a_readthedocs_build_uses_the_canonical_url_it_is_given(rtd_build):
    html = rtd_build / "html"
    for page in ("index.html", "pros.html", "notebooks/tokenization.html"):
        soup = BeautifulSoup((html / page).read_text(encoding="utf-8"), "html.parser")
        assert soup.find("link", rel="canonical")["href"] == CANONICAL + page
        assert soup.find("meta", property="og:url")["content"] == CANONICAL + page
        permanent = f"https://kb.example.org/en/{opskb.__version__}/{page}"
        block = soup.find(id="cite-this-page")
        assert block.find("a", href=permanent) is not None, page
        assert block.find("a", href=CANONICAL + page) is not None, page
    sitemap = (html / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>https://kb.example.org/en/{opskb.__version__}/pros.html</loc>" in sitemap
    robots = (html / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: https://kb.example.org/en/{opskb.__version__}/sitemap.xml" in robots
