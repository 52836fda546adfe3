"""The project's changelog, as the pages read it: ``opskb_changelog`` and its entries.

Each page's Changes list (:mod:`.cite`) and an edition's release date (:mod:`.edition_links`)
come from it; an edit to it redoes every page.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

import opskb
from opskb import changes


def changelog_path(app: Sphinx) -> Path | None:
    value = app.config.opskb_changelog
    return Path(app.confdir, value) if value else None


def entries(app: Sphinx) -> list[changes.ChangelogEntry]:
    """The entries of ``opskb_changelog``; none when it is unset or missing.

    Every page asks (its Changes list, an edition's note), so the file is parsed once per
    version of it, not once per page.
    """
    path = changelog_path(app)
    if path is None or not path.is_file():
        return []
    stat = path.stat()
    return _parsed_changelog(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _parsed_changelog(path: Path, mtime_ns: int, size: int) -> list[changes.ChangelogEntry]:
    del mtime_ns, size  # part of the cache key only: an edited file is parsed again
    return changes.read_changelog(path)


def note_the_changelog(app: Sphinx, doctree: Any) -> None:
    """Pages draw on the changelog: an edit to it redoes every page (doctree-read)."""
    path = changelog_path(app)
    if path is not None and path.is_file():
        app.env.note_dependency(path)


def setup(app: Sphinx) -> dict[str, Any]:
    # CHANGELOG.md, relative to conf.py, or absolute. Empty: no changelog (a page's Changes
    # list shows only what the permalink contract records; an edition has no release date).
    app.add_config_value("opskb_changelog", "", "html", types=[str])
    app.connect("doctree-read", note_the_changelog)
    return {"version": opskb.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
