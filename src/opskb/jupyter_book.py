"""The Jupyter Book lane: ``docs/_config.yml`` and ``docs/_toc.yml`` generated from conf.py.

Jupyter Book 1 (the Sphinx-based line) ignores ``conf.py``: it starts Sphinx without a
configuration file and passes everything it derives from ``_config.yml`` as overrides. Kept
by hand, that file would repeat every setting of ``conf.py`` and drift from it. So the two
YAML files are *generated* from ``conf.py`` (the one source of truth), committed so that a
plain ``jupyter-book build docs`` works from a fresh clone, and checked by a test that fails
when the committed copies differ from what ``conf.py`` gives today.

- ``_config.yml`` passes every setting of ``conf.py`` through ``sphinx.config``, with the
  extension list replaced by ``conf.py``'s own (plus the two Jupyter Book needs), and the
  defaults Jupyter Book adds that would change the pages switched back off.
- ``_toc.yml`` names only the root page. Navigation comes from the ``toctree`` directives of
  the pages, the same ones the main build uses, so a new page (``docs/practice/...``) needs
  no YAML edit and both builds list the pages in the same order.

``python -m opskb.jupyter_book`` writes the two files (``--check`` only compares them);
``python -m opskb.jupyter_book build`` writes them, executes the notebooks through
:mod:`opskb.execute` and runs ``jupyter-book build`` strictly (``nox -s jupyter-book``).
"""

from __future__ import annotations

import argparse
import runpy
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from opskb import paths

CONFIG_FILE = "_config.yml"
TOC_FILE = "_toc.yml"
#: Where ``nox -s jupyter-book`` writes by default; Jupyter Book adds ``_build/html``.
OUTPUT = paths.REPO / "build" / "jupyter-book"

HEADER = """\
# Generated from docs/conf.py by `python -m opskb.jupyter_book` (run by `nox -s jupyter-book`).
# Do not edit: change docs/conf.py and regenerate. A test fails when this file is stale.
"""

#: Jupyter Book's own extensions the build needs. ``jupyter_book`` and ``sphinx_comments``
#: declare settings Jupyter Book always passes (use_jupyterbook_latex,
#: use_multitoc_numbering; comments_config, with comments off, so no script is added);
#: without them Sphinx warns "unknown config value". ``sphinx_external_toc`` reads
#: ``_toc.yml``. Its other defaults (sphinx-book-theme, thebe, copy and toggle buttons)
#: are left out: the site is the main build's.
JUPYTER_BOOK_EXTENSIONS = ("jupyter_book", "sphinx_comments", "sphinx_external_toc")

#: Warnings that only the Jupyter Book build gives, by design: sphinx-external-toc warns
#: about every ``toctree`` directive, and the pages' directives are the navigation here.
SUPPRESSED_WARNINGS = ("etoc.toctree",)

#: Settings whose Jupyter Book default differs from Sphinx's and would change the pages:
#: reset to Sphinx's default unless conf.py sets them.
SPHINX_DEFAULTS = {
    "numfig": False,  # Jupyter Book numbers figures and tables ("Fig. 1"); Sphinx does not
    "pygments_style": None,  # Jupyter Book's "sphinx" would override furo's code colours
    "html_sourcelink_suffix": ".txt",
    "suppress_warnings": [],
}

#: The top-level _config.yml keys that are not Sphinx settings: what Jupyter Book should
#: *not* do. Execution is off (opskb.execute ran the notebooks before the build), and the
#: two extensions Jupyter Book would append on its own stay out.
BOOK_SETTINGS: dict[str, Any] = {
    "execute": {"execute_notebooks": "off"},
    "only_build_toc_files": False,
    "html": {"use_multitoc_numbering": False},
    "latex": {"use_jupyterbook_latex": False},
}


class JupyterBookError(RuntimeError):
    """The generated files are stale or the Jupyter Book build failed."""


def read_conf(docs_dir: Path = paths.DOCS) -> dict[str, Any]:
    """The settings ``docs_dir/conf.py`` defines: public names, no modules or functions."""
    namespace = runpy.run_path(str(docs_dir / "conf.py"), run_name="conf")
    return {
        name: value
        for name, value in namespace.items()
        if not name.startswith("_") and not isinstance(value, ModuleType) and not callable(value)
    }


def _plain(value: Any) -> Any:
    """A value as YAML can hold it (tuples become lists); fail on anything else."""
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if value is None or isinstance(value, str | bool | int | float):
        return value
    raise TypeError(f"conf.py value {value!r} cannot be written to {CONFIG_FILE}")


def book_config(conf: dict[str, Any]) -> dict[str, Any]:
    """The content of ``_config.yml`` for the settings of conf.py."""
    settings = {name: _plain(value) for name, value in sorted(conf.items())}
    extensions = settings.pop("extensions", [])
    sphinx_config = {
        **SPHINX_DEFAULTS,
        **settings,
        "extensions": [*extensions, *JUPYTER_BOOK_EXTENSIONS],
    }
    suppressed = [w for w in SUPPRESSED_WARNINGS if w not in sphinx_config["suppress_warnings"]]
    sphinx_config["suppress_warnings"] = [*sphinx_config["suppress_warnings"], *suppressed]
    return {
        "title": settings.get("html_title", settings.get("project", "")),
        "author": settings.get("author", ""),
        "copyright": settings.get("copyright", ""),
        **BOOK_SETTINGS,
        "sphinx": {"recursive_update": False, "config": dict(sorted(sphinx_config.items()))},
    }


def book_toc(conf: dict[str, Any]) -> dict[str, Any]:
    """The content of ``_toc.yml``: the root page only (navigation is in the pages)."""
    return {"format": "jb-book", "root": conf.get("root_doc", conf.get("master_doc", "index"))}


TOC_HEADER = """\
# Only the root page: the navigation is the pages' own toctree directives (as in the main
# build), so new pages need no entry here.
"""


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def generated_files(docs_dir: Path = paths.DOCS) -> dict[Path, str]:
    """Each YAML file Jupyter Book reads, and the text conf.py gives for it."""
    conf = read_conf(docs_dir)
    return {
        docs_dir / CONFIG_FILE: HEADER + _dump(book_config(conf)),
        docs_dir / TOC_FILE: HEADER + TOC_HEADER + _dump(book_toc(conf)),
    }


def stale_files(docs_dir: Path = paths.DOCS) -> dict[Path, str]:
    """The generated files that are missing or differ from what conf.py gives, with that text."""
    return {
        path: text
        for path, text in generated_files(docs_dir).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    }


def write_files(docs_dir: Path = paths.DOCS) -> list[Path]:
    """Write the generated files that changed; return them."""
    stale = stale_files(docs_dir)
    for path, text in stale.items():
        path.write_text(text, encoding="utf-8")
    return list(stale)


def build_command(docs_dir: Path, out_dir: Path) -> list[str]:
    """The strict ``jupyter-book build``: warnings are errors, nitpicky, all reported."""
    return [
        "jupyter-book",
        "build",
        str(docs_dir),
        "--path-output",
        str(out_dir),
        "--warningiserror",
        "--nitpick",
        "--keep-going",
    ]


def html_dir(out_dir: Path) -> Path:
    """Where Jupyter Book writes the HTML for ``--path-output out_dir``."""
    return out_dir / "_build" / "html"


def build(
    docs_dir: Path = paths.DOCS,
    out_dir: Path = OUTPUT,
    *,
    notebooks_dir: Path = paths.NOTEBOOKS,
) -> Path:
    """Regenerate the YAML files, execute the notebooks, build with Jupyter Book.

    Returns the HTML folder. The notebooks run through the project's runner into
    ``docs_dir/notebooks``, where unchanged ones are skipped, so a notebook the main build
    already executed is not executed again; Jupyter Book only renders (execution off).
    """
    from opskb.build import BuildError, execute_notebooks  # noqa: PLC0415 - heavy import

    for path in write_files(docs_dir):
        print(f"regenerated {path.name} from conf.py", flush=True)
    try:
        execute_notebooks(notebooks_dir, docs_dir / paths.EXECUTED_FOLDER)
    except BuildError as error:
        raise JupyterBookError(str(error)) from error
    command = build_command(docs_dir, out_dir)
    started = time.perf_counter()
    if subprocess.run(command, check=False).returncode != 0:
        raise JupyterBookError(
            f"jupyter-book build failed (command: {' '.join(command)}); "
            "the warnings above name the file and line to fix."
        )
    print(f"jupyter-book build took {time.perf_counter() - started:.1f} s", flush=True)
    return html_dir(out_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m opskb.jupyter_book",
        description="Generate docs/_config.yml and docs/_toc.yml from conf.py; "
        "`build` also builds the site with Jupyter Book 1.",
    )
    parser.add_argument("action", nargs="?", choices=["write", "build"], default="write")
    parser.add_argument("--check", action="store_true", help="only say whether they are stale")
    parser.add_argument("--docs", type=Path, default=paths.DOCS, help="Sphinx source folder")
    parser.add_argument("--out", type=Path, default=OUTPUT, help="Jupyter Book output folder")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files(args.docs)
        for path in stale:
            print(
                f"{path} is stale: run `python -m opskb.jupyter_book` and commit it",
                file=sys.stderr,
            )
        return 1 if stale else 0
    if args.action == "write":
        for path in write_files(args.docs):
            print(f"wrote {path}")
        return 0
    try:
        html = build(args.docs, args.out)
    except JupyterBookError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"\nThe Jupyter Book build is done. Open it in a browser:\n  {html.resolve().as_uri()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
