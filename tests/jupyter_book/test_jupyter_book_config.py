"""docs/_config.yml and docs/_toc.yml are what docs/conf.py gives (no Jupyter Book needed)."""

from __future__ import annotations

import shutil

import yaml

from opskb import jupyter_book, paths


def test_committed_yaml_files_match_conf_py():
    stale = [path.name for path in jupyter_book.stale_files()]
    assert stale == [], (
        f"{', '.join(stale)} differ from what docs/conf.py gives: run "
        "`python -m opskb.jupyter_book` (or `nox -s jupyter-book`) and commit the result"
    )


def test_config_passes_every_conf_py_setting_and_its_extensions():
    conf = jupyter_book.read_conf()
    config = yaml.safe_load((paths.DOCS / jupyter_book.CONFIG_FILE).read_text(encoding="utf-8"))
    sphinx = config["sphinx"]["config"]
    assert sphinx["extensions"][: len(conf["extensions"])] == conf["extensions"]
    for name in ("html_theme", "nitpicky", "myst_enable_extensions", "nb_execution_mode"):
        assert sphinx[name] == conf[name], name
    assert config["execute"]["execute_notebooks"] == "off", "opskb.execute runs the notebooks"


def test_toc_names_only_the_root_so_new_pages_need_no_entry():
    toc = yaml.safe_load((paths.DOCS / jupyter_book.TOC_FILE).read_text(encoding="utf-8"))
    assert toc == {"format": "jb-book", "root": jupyter_book.read_conf()["root_doc"]}


def test_a_changed_setting_makes_the_files_stale_and_writing_fixes_it(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("conf.py", jupyter_book.CONFIG_FILE, jupyter_book.TOC_FILE):
        shutil.copy(paths.DOCS / name, docs / name)
    assert list(jupyter_book.stale_files(docs)) == []
    with (docs / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nhtml_title = "another title"\n')
    assert list(jupyter_book.stale_files(docs)) == [docs / jupyter_book.CONFIG_FILE]
    assert jupyter_book.main(["--check", "--docs", str(docs)]) == 1
    assert jupyter_book.write_files(docs) == [docs / jupyter_book.CONFIG_FILE]
    assert list(jupyter_book.stale_files(docs)) == []
    assert "another title" in (docs / jupyter_book.CONFIG_FILE).read_text(encoding="utf-8")


def test_build_command_is_strict(tmp_path):
    command = jupyter_book.build_command(paths.DOCS, tmp_path)
    assert command[:3] == ["jupyter-book", "build", str(paths.DOCS)]
    for flag in ("--warningiserror", "--nitpick", "--keep-going"):
        assert flag in command
    assert jupyter_book.html_dir(tmp_path) == tmp_path / "_build" / "html"
    assert jupyter_book.html_dir(jupyter_book.OUTPUT) != paths.HTML
