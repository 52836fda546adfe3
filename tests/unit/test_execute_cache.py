"""Cache keys: what makes a notebook run again (the report's entries keep them)."""

from __future__ import annotations

from opskb.execute import kernel
from opskb.execute.cache import digest_tree, notebook_key, shared_inputs_digest

ENV = {"python": "3.11.7", "packages": {"numpy": "2.0.0"}}


def make_examples(root):
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "module.py").write_text("VALUE = 1\n")
    (root / "data.txt").write_text("corpus\n")
    return root


def test_digest_tree_follows_content_and_names_but_not_bytecode(tmp_path):
    root = make_examples(tmp_path / "examples")
    first = digest_tree(root)
    assert digest_tree(root) == first
    (root / "pkg" / "__pycache__").mkdir()
    (root / "pkg" / "__pycache__" / "module.cpython-311.pyc").write_bytes(b"\0")
    assert digest_tree(root) == first
    (root / "data.txt").write_text("corpus, edited\n")
    edited = digest_tree(root)
    assert edited != first
    (root / "data.txt").rename(root / "renamed.txt")
    assert digest_tree(root) not in {first, edited}


def test_a_missing_examples_folder_still_gives_a_digest(tmp_path):
    assert digest_tree(tmp_path / "absent") == digest_tree(tmp_path / "also-absent")


def test_shared_inputs_cover_examples_preamble_and_versions(tmp_path):
    root = make_examples(tmp_path / "examples")
    base = shared_inputs_digest(root, "preamble", ENV)
    assert shared_inputs_digest(root, "preamble", ENV) == base
    assert shared_inputs_digest(root, "other preamble", ENV) != base
    newer = {"python": "3.11.7", "packages": {"numpy": "2.1.0"}}
    assert shared_inputs_digest(root, "preamble", newer) != base
    (root / "pkg" / "module.py").write_text("VALUE = 2\n")
    assert shared_inputs_digest(root, "preamble", ENV) != base


def test_notebook_key_changes_with_the_source_or_the_shared_inputs():
    key = notebook_key("print(1)", "shared")
    assert notebook_key("print(1)", "shared") == key
    assert notebook_key("print(2)", "shared") != key
    assert notebook_key("print(1)", "changed") != key


def test_the_preamble_fingerprint_changes_with_the_preamble(monkeypatch):
    before = kernel.preamble_fingerprint()
    assert kernel.preamble_fingerprint() == before
    monkeypatch.setattr(kernel, "PREAMBLE", kernel.PREAMBLE + "pass\n")
    assert kernel.preamble_fingerprint() != before
