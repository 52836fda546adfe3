"""The kit's converter: MyST text notebooks become notebooks whose text is CommonMark."""

import zlib
from pathlib import Path

import nbformat
import pytest

from opskb.kit import convert
from support.notebook_text import MYST_HEADER

BASE = "https://opskb.example/en/1.2.3/"
INVENTORY = convert.Inventory(
    {
        ("std:label", "practice-evaluation"): (BASE + "practice/eval.html#x", "Evaluation"),
        ("std:doc", "notebooks/other"): (BASE + "notebooks/other.html", "Other notebook"),
        ("std:term", "llmops"): (BASE + "glossary.html#term-LLMOps", "LLMOps"),
    },
    BASE,
)

NOTEBOOK = (
    MYST_HEADER
    + """
(notebook-sample)=
# Sample

This supports {ref}`practice-evaluation`, uses {term}`LLMOps` and follows {doc}`other`.
The set has {glue:text}`size:d` questions; see {ref}`the harness <practice-evaluation>`.

:::{note} Run it yourself
Install the kit.
:::

```{code-cell} ipython3
print("hello")
```
"""
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sample.md"
    path.write_text(text, encoding="utf-8")
    return path


def convert_text(tmp_path: Path, text: str):
    context = convert.Context(
        write(tmp_path, text), "notebooks/sample", INVENTORY, glued={"size": "42"}
    )
    return convert.convert(context)


def test_text_cells_become_commonmark_with_links_to_this_version(tmp_path):
    notebook = convert_text(tmp_path, NOTEBOOK)
    text = notebook.cells[0].source
    assert text.startswith("# Sample\n")  # the label is gone
    assert f"[Evaluation]({BASE}practice/eval.html#x)" in text
    assert f"[LLMOps]({BASE}glossary.html#term-LLMOps)" in text
    assert f"[Other notebook]({BASE}notebooks/other.html)" in text
    assert f"[the harness]({BASE}practice/eval.html#x)" in text
    assert "The set has 42 questions" in text
    assert "> **Run it yourself.** Install the kit." in text
    assert convert.myst_syntax(text) == []


def test_code_cells_are_kept_without_outputs(tmp_path):
    notebook = convert_text(tmp_path, NOTEBOOK)
    (code,) = [c for c in notebook.cells if c.cell_type == "code"]
    assert code.source == 'print("hello")'
    assert code.outputs == []
    assert "jupytext" not in notebook.metadata


def test_an_admonition_without_a_title_is_named_by_its_kind(tmp_path):
    text = NOTEBOOK.replace(":::{note} Run it yourself", ":::{warning}")
    assert "> **Warning.** Install the kit." in convert_text(tmp_path, text).cells[0].source


@pytest.mark.parametrize(
    ("replace", "by", "line", "says"),
    [
        ("{ref}`practice-evaluation`", "{ref}`nowhere`", 15, "no such target"),
        ("{doc}`other`", "{cite:p}`someone2024`", 15, "cannot turn this role"),
        ("{glue:text}`size:d`", "{glue:text}`missing`", 16, "glues no 'missing'"),
        (":::{note} Run it yourself", ":::{figure} plot.png", 18, "no plain form"),
    ],
)
def test_what_cannot_become_commonmark_fails_naming_file_and_line(
    tmp_path, replace, by, line, says
):
    text = NOTEBOOK.replace(replace, by)
    with pytest.raises(convert.ConversionError, match=says) as raised:
        convert_text(tmp_path, text)
    assert str(raised.value).startswith(f"{tmp_path / 'sample.md'}:{line}: ")


def test_the_inventory_is_read_from_a_sphinx_objects_inv(tmp_path):
    body = (
        "practice-evaluation std:label -1 practice/eval.html#$ Evaluation\n"
        "LLMOps std:term -1 glossary.html#term-LLMOps -\n"
    )
    header = b"# Sphinx inventory version 2\n# Project: p\n# Version: 1\n# zlib below\n"
    path = tmp_path / "objects.inv"
    path.write_bytes(header + zlib.compress(body.encode()))
    inventory = convert.Inventory.read(path, BASE)
    assert inventory.find("std:label", "practice-evaluation") == (
        BASE + "practice/eval.html#practice-evaluation",
        "Evaluation",
    )
    assert inventory.find("std:term", "llmops") == (BASE + "glossary.html#term-LLMOps", "LLMOps")


def test_glued_values_are_read_from_shown_and_hidden_outputs():
    executed = {
        "cells": [
            {
                "outputs": [
                    {"metadata": {"scrapbook": {"name": "shown"}}, "data": {"text/plain": "1"}},
                    {
                        "metadata": {"scrapbook": {"name": "hidden"}},
                        "data": {"application/papermill.record/text/plain": "2"},
                    },
                ]
            }
        ]
    }
    assert convert.glued_values(nbformat.from_dict(executed)) == {"shown": "1", "hidden": "2"}


@pytest.mark.parametrize(
    "text",
    ["{ref}`x`", "(some-label)=", ":::{note}", "> :::", "```{figure} a.png"],
)
def test_myst_syntax_is_found(text):
    assert convert.myst_syntax(f"Plain text.\n{text}\n") != []


def test_an_admonitions_options_are_dropped(tmp_path):
    text = NOTEBOOK.replace("Install the kit.", ":class: dropdown\nInstall the kit.")
    assert "> **Run it yourself.** Install the kit." in convert_text(tmp_path, text).cells[0].source
