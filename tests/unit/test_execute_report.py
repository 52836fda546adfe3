"""The execution report: entries, totals, versions, and reading it back."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib.metadata import version

import pytest

from opskb.execute.report import (
    KEY_PACKAGES,
    NotebookEntry,
    build_report,
    environment,
    package_versions,
    previous_entries,
    read_report,
    utc_now,
    write_report,
)


def entry(name, status, **extra):
    fields = {
        "duration_s": 1.25,
        "executed_at": "2026-01-02T03:04:05+00:00",
        "python": "3.11.7",
        "packages": {"numpy": "2.0.0"},
    }
    return NotebookEntry(name, f"notebooks/{name}.md", status, **{**fields, **extra})


def test_utc_now_is_iso_8601_in_utc():
    stamp = datetime.fromisoformat(utc_now())
    assert stamp.utcoffset() == UTC.utcoffset(None)


def test_versions_name_the_key_packages_and_python():
    env = environment()
    assert env["python"].count(".") == 2
    assert set(env["packages"]) == set(KEY_PACKAGES)
    assert env["packages"]["nbclient"] == version("nbclient")
    assert package_versions(("opskb-surely-not-installed",)) == {"opskb-surely-not-installed": None}


def test_report_sorts_entries_and_counts_each_status():
    report = build_report(
        [entry("b", "failed", error="ValueError: x"), entry("a", "passed"), entry("c", "cached")],
        wall_time_s=4.56789,
    )
    assert [e["name"] for e in report["notebooks"]] == ["a", "b", "c"]
    totals = report["totals"]
    assert (totals["passed"], totals["failed"], totals["cached"]) == (1, 1, 1)
    assert totals["notebooks"] == 3
    assert totals["wall_time_s"] == pytest.approx(4.568)
    assert report["notebooks"][1]["error"] == "ValueError: x"
    assert datetime.fromisoformat(report["generated_at"]).tzinfo is not None


def test_report_round_trips_through_its_file(tmp_path):
    path = tmp_path / "execution-report.json"
    written = [entry("a", "passed", key="k1"), entry("b", "cached", key="k2"), entry("c", "failed")]
    report = build_report(written, 1.0)
    write_report(path, report)
    assert read_report(path) == (json.loads(json.dumps(report)), written)
    assert previous_entries(path) == {e.name: e for e in written}
    assert previous_entries(path)["a"].key == "k1"
    assert json.loads(path.read_text())["format"] == 2
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically: no partial file left


@pytest.mark.parametrize(
    "content", ["", "{", "[]", '{"notebooks": {}}', '{"notebooks": [1]}', '{"notebooks": [{}]}']
)
def test_an_unusable_report_is_refused_on_read_and_ignored_as_history(tmp_path, content):
    path = tmp_path / "execution-report.json"
    path.write_text(content)
    with pytest.raises(ValueError):  # noqa: PT011 - the message varies with the defect
        read_report(path)
    assert previous_entries(path) == {}


def test_no_previous_report_means_no_history(tmp_path):
    assert previous_entries(tmp_path / "missing.json") == {}
