"""CITATION.cff is valid CFF 1.2.0 and agrees with the package and the changelog.

The schema is the Citation File Format's own, vendored in tests/data/ (see the .md next to
it for its source and licence): validation needs no network. cffconvert would do the same
but pins jsonschema 3.2, which the Jupyter stack cannot share.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

import opskb
from opskb import paths
from opskb.citation import documentation_url

SCHEMA = Path(__file__).parents[1] / "data" / "citation-file-format-1.2.0.schema.json"
CFF = paths.REPO / "CITATION.cff"
CHANGELOG = paths.REPO / "CHANGELOG.md"


def as_json(value: object) -> object:
    """YAML reads ``2026-11-29`` as a date; CFF (JSON Schema) expects the ISO string."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def cff() -> dict:
    return as_json(yaml.safe_load(CFF.read_text(encoding="utf-8")))


def test_vendored_schema_is_the_cff_1_2_0_schema(validator):
    assert validator.schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"


def test_citation_cff_is_valid(validator, cff):
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(cff)]
    assert errors == []
    assert cff["cff-version"] == "1.2.0"


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"date-released": "29/11/2026"}, "date-released"),
        ({"license": "Not-A-Licence"}, "license"),
        ({"authors": []}, "authors"),
        ({"unknown-key": 1}, "unknown-key"),
    ],
)
def test_the_validation_catches_mistakes(validator, cff, change, complaint):
    broken = {**cff, **change}
    messages = [f"{list(e.path)} {e.message}" for e in validator.iter_errors(broken)]
    assert messages
    assert any(complaint in message for message in messages)


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
