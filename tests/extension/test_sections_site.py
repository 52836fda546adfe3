"""sections.json from a real (tiny) build, and opskb.cited reading it.

tests/roots/test-sections is version 0.2.0 of a site whose contract 0.1.0 wrote: one
section kept, one edited since, one label renamed, one removed. The module is loaded alone,
so the test also fails if it stops setting up what it relies on.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from opskb import cited

BASE = "https://kb.example.org/en/0.2.0/index.html"
LATEST = "https://kb.example.org/en/latest/index.html"


@pytest.mark.sphinx("html", testroot="sections")
def test_sections_json_lists_every_label_with_its_history(app, warning):
    app.build()
    assert warning.getvalue() == ""
    index = json.loads((Path(app.outdir) / "sections.json").read_text(encoding="utf-8"))
    entries = {entry["label"]: entry for entry in index["sections"]}
    assert set(entries) == {"home", "kept-section", "edited-section", "old-name", "retired"}
    kept = entries["kept-section"]
    assert (kept["url"], kept["latest_url"]) == (f"{BASE}#kept-section", f"{LATEST}#kept-section")
    assert kept["title"] == "A section that has not changed"
    assert kept["changed_in"] == "0.1.0"  # recorded hash matches: the old version stays
    assert entries["edited-section"]["changed_in"] == "0.2.0"
    assert entries["old-name"] == {
        "label": "old-name",
        "page": "index",
        "status": "moved",
        "moved_to": "kept-section",
        "url": f"{BASE}#kept-section",
    }
    assert entries["retired"]["reason"] == "no longer advised"
    assert index["versions"] == ["0.1.0", "0.2.0"]


@pytest.mark.sphinx("html", testroot="sections", srcdir="sections-cited")
def test_cited_judges_a_guideline_against_the_built_index(app, tmp_path, capsys):
    app.build()
    guideline = tmp_path / "guideline.md"
    old = "https://kb.example.org/en/0.1.0/index.html"
    guideline.write_text(
        f"- kept: {old}#kept-section\n- edited: {old}#edited-section\n- renamed: {old}#old-name\n",
        encoding="utf-8",
    )
    status = cited.main(["--index", str(Path(app.outdir) / "sections.json"), str(guideline)])
    verdicts = [line.split("): ", 1)[1] for line in capsys.readouterr().out.splitlines()]
    assert verdicts == [
        "unchanged",
        f"changed in 0.2.0 (see {BASE}#cite-this-page)",
        f"moved to {BASE}#kept-section",
    ]
    assert status == 1


@pytest.mark.sphinx(
    "html",
    testroot="sections",
    srcdir="sections-check",
    confoverrides={"opskb_permalinks_mode": "check"},
)
def test_check_fails_on_a_section_edited_since_an_older_version_recorded_it(app, warning):
    app.build()
    messages = [line for line in warning.getvalue().splitlines() if "WARNING" in line]
    edited = [m for m in messages if "section 'edited-section'" in m]
    assert len(edited) == 1
    assert "changed since version 0.1.0 recorded it" in edited[0]
    assert "record it as changed in 0.2.0" in edited[0]
    assert not [m for m in messages if "section 'kept-section'" in m]
