"""The ``{notebook-download}`` role (opskb.sphinxext.notebook_panel): a name that is no
notebook of the site warns, naming the file and the line."""

from __future__ import annotations

import pytest


@pytest.mark.sphinx("html", testroot="notebook-download")
def test_an_unknown_notebook_name_warns_with_file_and_line(app, warning):
    app.build()
    message = warning.getvalue()
    assert "index.md:5" in message
    assert "'no-such-notebook' is no notebook of the site" in message
