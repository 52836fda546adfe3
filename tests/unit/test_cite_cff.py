"""CITATION.cff is valid CFF and agrees with the package and the changelog.

The schema is the Citation File Format's own, as check-jsonschema ships it
(``--builtin-schema vendor.citation-file-format``): validation needs no network and the
repository vendors no schema. (cffconvert would do the same but pins jsonschema 3.2, which
the Jupyter stack cannot share.)
"""

from __future__ import annotations

import datetime as dt
import re
import sys

import pytest
import yaml

import opskb
from opskb import paths
from opskb.citation import documentation_url

CFF = paths.REPO / "CITATION.cff"
CHANGELOG = paths.REPO / "CHANGELOG.md"


def as_json(value: object) -> object:
    """YAML reads ``2026-11-29`` as a date; written back as the ISO string CFF expects."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value


@pytest.fixture(scope="module")
def cff() -> dict:
    return as_json(yaml.safe_load(CFF.read_text(encoding="utf-8")))


# check-jsonschema with one of the schemas it ships, as CI would run it.
@pytest.mark.child_run(
    sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.citation-file-format", CFF
)
def test_citation_cff_is_valid(cff, child_run):
    assert child_run.returncode == 0, child_run.stdout + child_run.stderr
    assert cff["cff-version"] == "1.2.0"


def test_no_schema_is_vendored():
    assert list((paths.REPO / "tests" / "data").glob("*schema*")) == []


def test_citation_cff_names_the_package_version_and_the_published_site(cff):
    assert cff["version"] == opskb.__version__
    assert cff["url"] == documentation_url()


def changelog_releases() -> dict[str, str]:
    """Version -> date of each released version in CHANGELOG.md (Keep a Changelog)."""
    text = CHANGELOG.read_text(encoding="utf-8")
    return dict(re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", text, re.MULTILINE))


def test_changelog_follows_keep_a_changelog():
    text = CHANGELOG.read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n")
    assert "## [Unreleased]" in text
    assert "https://keepachangelog.com/" in text


def test_changelog_dates_the_current_version_as_citation_cff_does(cff):
    releases = changelog_releases()
    assert opskb.__version__ in releases, f"CHANGELOG.md has no entry for {opskb.__version__}"
    assert releases[opskb.__version__] == cff["date-released"]
