"""Read the Docs: the configuration is valid, and a build there publishes correctly.

The schema is Read the Docs' published one, as check-jsonschema ships it
(``--builtin-schema vendor.readthedocs``). The simulated build sets the variables Read the
Docs sets and evaluates ``conf.py`` (every address the site prints derives from it) and runs
the build command's publishing step, instead of rendering the real site a second time.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest
import yaml

import opskb
from opskb import build, editions, paths, publishing

CONFIG = paths.REPO / ".readthedocs.yaml"


@pytest.mark.child_run(
    sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.readthedocs", CONFIG
)
def test_readthedocs_yaml_is_valid(child_run):
    assert child_run.returncode == 0, child_run.stdout + child_run.stderr


def test_readthedocs_builds_through_the_project_build_path():
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    commands = config["build"]["commands"]
    # One build, the project's own: no `sphinx:` section (Read the Docs' own run) at all.
    assert "sphinx" not in config
    assert commands[-1] == "nox -s publish"


CANONICAL = "https://kb.example.org/en/latest/"
READ_THE_DOCS = {
    "READTHEDOCS": "True",
    "READTHEDOCS_CANONICAL_URL": CANONICAL,
    "READTHEDOCS_VERSION_NAME": "latest",
    "READTHEDOCS_VERSION_TYPE": "branch",
}


@pytest.fixture
def read_the_docs(monkeypatch, tmp_path) -> Path:
    """The variables Read the Docs sets while it builds a branch; returns $READTHEDOCS_OUTPUT."""
    output = tmp_path / "output"
    for name, value in {**READ_THE_DOCS, "READTHEDOCS_OUTPUT": str(output)}.items():
        monkeypatch.setenv(name, value)
    return output


def test_under_read_the_docs_the_site_takes_the_canonical_url_it_is_given(read_the_docs):
    """conf.py evaluated as Read the Docs runs it: every address derives from its URL.

    The extensions turn these values into the canonical links, cite blocks, sitemap and
    robots.txt (tests/extension build tiny sites with such values; the real site's build
    checks them with the default address), so the Read the Docs case needs no second
    build of the real site.
    """
    conf = runpy.run_path(str(paths.DOCS / "conf.py"))
    versioned = f"https://kb.example.org/en/{opskb.__version__}/"
    assert conf["html_baseurl"] == CANONICAL
    # What opskb.sphinxext.addresses derives for citations, the sitemap and robots.txt.
    assert publishing.permanent_base(conf["html_baseurl"], conf["release"]) == versioned
    assert conf["notfound_urls_prefix"] == "/en/latest/"


def test_under_read_the_docs_the_html_and_the_downloads_go_where_it_serves_them(
    read_the_docs, monkeypatch, tmp_path
):
    """``python -m opskb.build --editions`` (what `nox -s publish` runs) on Read the Docs."""
    built = {}

    def fake_build(docs_dir, out_dir, **options):
        built["html"] = out_dir
        return out_dir / "index.html"

    def fake_editions(docs_dir, html_dir, **options):
        files = {"single": html_dir / "single/index.html"}
        files["epub"] = html_dir / "editions/opskb.epub"
        files["pdf"] = html_dir / "editions/opskb.pdf"
        for path in files.values():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(path.suffix, encoding="utf-8")
        return files

    monkeypatch.setattr(build, "build", fake_build)
    monkeypatch.setattr(editions, "build_editions", fake_editions)
    # build.main tells conf.py through the environment that the editions are built: restore
    # it, or every later build in this process (the site's check rebuild) links editions
    # that the session's site does not have.
    monkeypatch.setenv(publishing.EDITIONS, "")
    assert build.main(["--docs", str(tmp_path), "--editions"]) == 0
    assert built["html"] == read_the_docs / "html"
    # One file per format in each downloads folder, as Read the Docs requires.
    assert sorted(p.relative_to(read_the_docs).as_posix() for p in read_the_docs.glob("*/*")) == [
        "epub/opskb.epub",
        "html/editions",
        "html/single",
        "pdf/opskb.pdf",
    ]
