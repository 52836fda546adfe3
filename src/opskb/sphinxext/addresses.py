"""The permanent base address of this version, computed once per build.

``html_baseurl`` is where the site is published (:func:`opskb.publishing.base_url`); the
address of this version under it (``.../en/<release>/``) is what citations, the sitemap,
robots.txt and the editions give. It is computed here, at ``config-inited``, into
``opskb_permanent_baseurl``, and every module reads that value. When the configuration
already sets ``opskb_permanent_baseurl``, it is kept.

The sitemap (:mod:`.seo`) lists every page under this address too.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

import opskb
from opskb import publishing


def permanent_baseurl(app: Sphinx) -> str:
    """The base address of this version (``.../en/1.2.3/``); ``""`` without ``html_baseurl``."""
    return app.config.opskb_permanent_baseurl


def compute(app: Sphinx, config: Config) -> None:
    # config-inited, so the value is part of the configuration Sphinx saves and compares.
    if not config.opskb_permanent_baseurl and config.html_baseurl:
        config.opskb_permanent_baseurl = publishing.permanent_base(
            config.html_baseurl, config.release
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("opskb_permanent_baseurl", "", "html", types=[str])
    app.connect("config-inited", compute)
    return {"version": opskb.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
