"""A page without a meta description, or with a long or shared one, fails the build.

The real site relies on this check (it sets ``opskb_require_meta_description``) instead of
testing its pages' descriptions after the build; this tiny site shows the check fires.
"""

from __future__ import annotations

import re
from pathlib import Path

from opskb.sphinxext.seo import MAX_DESCRIPTION


def page(description: str | None) -> str:
    front = (
        f"---\nmyst:\n  html_meta:\n    description: {description}\n---\n" if description else ""
    )
    return f"{front}# A page\n\nText.\n"


def test_missing_long_and_shared_descriptions_are_warnings_naming_the_page(
    make_app, tmp_path: Path
):
    source = tmp_path / "site"
    source.mkdir()
    (source / "conf.py").write_text(
        'extensions = ["myst_parser", "opskb.sphinxext.seo"]\n'
        "opskb_require_meta_description = True\n"
        'html_baseurl = "https://kb.example.org/en/latest/"\n'
        # seo reads a value that opskb.sphinxext.permalink_guard registers (at f5d0f82).
        "def setup(app):\n"
        '    if "opskb_not_citable" not in app.config:\n'
        '        app.add_config_value("opskb_not_citable", [], "env")\n',
        encoding="utf-8",
    )
    pages = {
        "index": page("The home page.") + "\n```{toctree}\nfine\nnone\nlong\nshared\n```\n",
        "fine": page("A page of its own."),
        "none": page(None),
        "long": page("x" * (MAX_DESCRIPTION + 1)),
        "shared": page("The home page."),
    }
    for name, text in pages.items():
        (source / f"{name}.md").write_text(text, encoding="utf-8")
    app = make_app("html", srcdir=source)
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    flagged = set(re.findall(r"(\w+)\.md: WARNING", warnings)) | set(
        re.findall(r"(\w+): WARNING", warnings)
    )
    assert {"none", "long", "shared"} <= flagged, warnings
    assert not {"index", "fine"} & flagged, warnings
