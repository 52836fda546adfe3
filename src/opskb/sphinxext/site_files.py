"""The package's own static files and templates, on Sphinx's search paths.

``static/`` holds the stylesheets and scripts the other modules add to pages (the cite
block's, the editions block's); ``templates/`` holds the templates they render or override
(the editions sidebar block, the search page). Every module that uses one of them sets this
module up, so each works on its own, in any order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

import opskb

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"


def add_paths(app: Sphinx, config: Config) -> None:
    # At config-inited, before Sphinx compares this build's configuration with the saved
    # one: added later (builder-inited), the saved value would differ from conf.py's on
    # every build, and Sphinx would report "configuration has changed" each time.
    # New lists, not appends: a value conf.py leaves unset is Sphinx's default list, which
    # would carry the folder into every later Sphinx application in the same process.
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC)]
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(TEMPLATES)]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", add_paths)
    return {"version": opskb.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
