"""sections.json of the built site lists every label of the permalink contract."""

from __future__ import annotations

import json
from pathlib import Path

from opskb.permalinks.contract import load, permalink


def test_sections_json_lists_every_label_of_the_permalink_contract(built_site: Path):
    contract = load(built_site.parent / "docs" / "permalinks.toml")  # the copy that was built
    index = json.loads((built_site / "sections.json").read_text(encoding="utf-8"))
    listed = {permalink(entry["page"], entry["label"]): entry for entry in index["sections"]}
    expected = {permalink(page, label) for label, page in contract.labels.items()}
    expected |= contract.label_redirects.keys() | contract.removed_labels.keys()
    assert sorted(expected - listed.keys()) == []
    published = [entry for entry in listed.values() if entry["status"] == "published"]
    assert all(entry["url"].startswith(index["base"]) for entry in published)
    assert all(entry["changed_in"] in index["versions"] for entry in published)
