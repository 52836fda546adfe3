"""Thin nox sessions: each installs a dependency group from pyproject.toml and calls src/."""

import os

import nox

nox.needs_version = ">=2025.2.9"
# uv makes the venvs (the Jupyter Book one is created inside the test run) in seconds
# instead of the better part of a minute; plain venv + pip when uv is not installed.
nox.options.default_venv_backend = "uv|venv"
# Compile bytecode at install time, as pip does, so the first import in a run does not.
os.environ.setdefault("UV_COMPILE_BYTECODE", "1")
nox.options.reuse_existing_virtualenvs = True

PYPROJECT = nox.project.load_toml("pyproject.toml")


def install(session: nox.Session, *groups: str) -> None:
    """Install the project (editable, with its `site` extra) and the named dependency groups.

    The extra holds Sphinx and the notebook runner; the project's own dependencies are only
    what the examples need (the wheel the notebooks kit ships).
    """
    requirements = [r for g in groups for r in nox.project.dependency_groups(PYPROJECT, g)]
    session.install("-e", ".[site]", *requirements)


@nox.session(default=False)
def docs(session: nox.Session) -> None:
    """Execute the notebooks and build the site strictly into docs/_build/html."""
    install(session, "docs")
    session.run("python", "-m", "opskb.build", *session.posargs)


@nox.session(name="jupyter-book", default=False)
def jupyter_book(session: nox.Session) -> None:
    """Build the same site with Jupyter Book 1 (Sphinx 7.4, own venv) into build/jupyter-book.

    Regenerates docs/_config.yml and docs/_toc.yml from conf.py, executes the notebooks
    through opskb.execute (unchanged ones are skipped), then runs `jupyter-book build` with
    warnings as errors. `-- --out DIR` builds elsewhere.
    """
    install(session, "jupyter-book")
    session.run("python", "-m", "opskb.jupyter_book", "build", *session.posargs)


@nox.session(default=False)
def editions(session: nox.Session) -> None:
    """The site plus its offline editions: single-page HTML, EPUB (epubcheck) and PDF."""
    install(session, "editions")
    session.run("python", "-m", "opskb.build", "--editions", *session.posargs)


@nox.session(default=False)
def publish(session: nox.Session) -> None:
    """What Read the Docs runs (.readthedocs.yaml): the site and its editions, one build.

    `-- --release X` builds release X (the package version): an overdue review fails it, as
    it does on Read the Docs when it builds a tag.
    """
    install(session, "editions")
    # Read the Docs' image has no Chromium; Playwright fetches its own there.
    session.run("python", "-m", "opskb.chromium", "--ensure")
    session.run("python", "-m", "opskb.build", "--editions", *session.posargs)


@nox.session(default=False)
def serve(session: nox.Session) -> None:
    """Live preview: rebuild on save (a changed notebook is executed first), reload the browser."""
    install(session, "serve")
    session.run("python", "-m", "opskb.serve", *session.posargs)


@nox.session(default=False)
def notebooks(session: nox.Session) -> None:
    """Execute every notebook (network blocked); unchanged notebooks are skipped."""
    install(session)
    session.run("python", "-m", "opskb.execute", *session.posargs)


@nox.session(default=False)
def lab(session: nox.Session) -> None:
    """Open the notebooks in JupyterLab; jupytext makes the .md files open as notebooks."""
    install(session, "lab")
    session.run("jupyter", "lab", "notebooks", *session.posargs)


@nox.session(default=False)
def permalinks(session: nox.Session) -> None:
    """Check the permalink contract; `-- --update` rewrites it from the current sources."""
    install(session, "docs")
    session.run("python", "-m", "opskb.permalinks", *session.posargs)


@nox.session(default=False)
def cited(session: nox.Session) -> None:
    """Check a guideline's citations of this site: `-- FILE... [--index PATH_OR_URL]`."""
    install(session)
    session.run("python", "-m", "opskb.cited", *session.posargs)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Benchmarks that print numbers (never pass/fail on time)."""
    install(session, "test")
    session.run("python", "benchmarks/notebooks.py", *session.posargs)
    session.run("python", "benchmarks/build.py", *session.posargs)
    session.run("python", "benchmarks/editions.py")


@nox.session
def tests(session: nox.Session) -> None:
    """Every test: unit, notebooks, built site, browser."""
    install(session, "test")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff over the code, the tests and the noxfile."""
    install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
