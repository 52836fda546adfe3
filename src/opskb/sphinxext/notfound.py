"""The 404 page: a self-contained page whose links work at any address.

A web server answers every unknown address, however deep (``/en/latest/a/b/c.html``), with
the same ``404.html``, so links relative to that file would break. The page named by
``opskb_404_page`` is therefore rendered with its own small template: no theme files to
fetch, and a ``<base>`` element naming the site's root path, so its relative links (home,
search) resolve from the root at any depth, without JavaScript. Its links stay relative in
the file, so they also work where the site is served at its root.

The root path is ``opskb_404_root`` when set, else the path of Read the Docs'
``READTHEDOCS_CANONICAL_URL`` (set while Read the Docs builds a version), else ``/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

import opskb

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = "opskb-404.html"
# Link symbols point at "#id": behind a <base> they would lead to the home page instead.
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)


def site_root(configured: str | None, environ: Mapping[str, str]) -> str:
    """The URL path of the site's root, with a trailing slash."""
    path = configured or urlsplit(environ.get("READTHEDOCS_CANONICAL_URL", "")).path or "/"
    path = path if path.startswith("/") else "/" + path
    return path if path.endswith("/") else path + "/"


def add_templates(app: Sphinx, config: Config) -> None:
    config.templates_path.append(str(TEMPLATES))


def render_404(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> str | None:
    """Render the 404 page with its own template (html-page-context)."""
    if pagename != app.config.opskb_404_page:
        return None
    if "/" in pagename:
        logger.warning(
            "the 404 page must sit at the site's root, not in a folder",
            location=pagename,
            type="opskb",
            subtype="404",
        )
    context["opskb_404_root"] = site_root(app.config.opskb_404_root, os.environ)
    context["body"] = _HEADERLINK.sub("", context.get("body", ""))
    return TEMPLATE


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("opskb_404_page", "404", "html", types=[str])
    app.add_config_value("opskb_404_root", None, "html", types=[str, type(None)])
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", render_404)
    return {"version": opskb.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
