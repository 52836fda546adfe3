"""Which pages are citable: every page with a source, except those listed here.

A page outside the list gets a cite block (:mod:`.cite`), is recorded in the permalink
contract (:mod:`.permalink_guard`) and must carry its own meta description (:mod:`.seo`).
The pages Sphinx generates without a source (search, index) are never citable.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

import opskb

#: The default of ``opskb_not_citable``: the 404 page (sphinx-notfound-page's page name),
#: which stands for every missing address and so has no address of its own to cite.
NOT_CITABLE: tuple[str, ...] = ("404",)


def uncited_pages(app: Sphinx) -> set[str]:
    """The pages with a source that get no cite block and stay outside the contract."""
    return set(app.config.opskb_not_citable)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("opskb_not_citable", list(NOT_CITABLE), "env", types=[list, tuple])
    return {"version": opskb.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
