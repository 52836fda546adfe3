"""Reading MyST text notebooks: cells mapped to .md lines, malformed files located."""

from __future__ import annotations

from pathlib import Path

import pytest

from opskb.execute.sources import NotebookParseError, discover, read_notebook
from support.notebook_text import MYST_HEADER

HEADER = MYST_HEADER

BODY = """
# Title

```{code-cell} ipython3
first = 1
```

+++

Text, with an example that is not a cell:

````markdown
```{code-cell} ipython3
not_a_cell = True
```
````

```{code-cell} ipython3
---
tags: [hide-input]
---
second = 2
```

```{code-cell} ipython3
:tags: [hide-output]

third = 3
more = 4
```
"""


def write(tmp_path: Path, text: str, name: str = "nb.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_discover_sorts_markdown_files_and_leaves_out_the_readme(tmp_path):
    for name in ("b.md", "a.md", "README.md", "notes.txt"):
        write(tmp_path, HEADER, name)
    assert [p.name for p in discover(tmp_path)] == ["a.md", "b.md"]


def test_each_code_cell_maps_to_the_md_line_where_its_source_starts(tmp_path):
    path = write(tmp_path, HEADER + BODY)
    source = read_notebook(path)
    lines = path.read_text().splitlines()
    code = [(i, c) for i, c in enumerate(source.notebook.cells) if c.cell_type == "code"]
    assert [c.source.splitlines()[0] for _, c in code] == ["first = 1", "second = 2", "third = 3"]
    for index, cell in code:
        line = source.cell_lines[index]
        assert lines[line - 1] == cell.source.splitlines()[0]
    assert all(
        source.cell_lines[i] is None
        for i, c in enumerate(source.notebook.cells)
        if c.cell_type != "code"
    )


def test_invalid_yaml_in_the_header_names_the_file_and_line(tmp_path):
    text = HEADER.replace("format_name: myst", "format_name: [myst")
    path = write(tmp_path, text + BODY)
    with pytest.raises(NotebookParseError) as caught:
        read_notebook(path)
    error = caught.value
    assert error.path == path
    assert "invalid YAML in the header" in error.problem
    bracket_line = next(i for i, t in enumerate(text.splitlines(), 1) if "[myst" in t)
    assert f"started on line {bracket_line}" in error.problem
    assert error.line is not None
    assert error.line >= bracket_line
    assert str(path) in str(error)


def test_a_file_without_header_is_not_a_notebook(tmp_path):
    path = write(tmp_path, BODY)
    with pytest.raises(NotebookParseError, match="no jupytext header") as caught:
        read_notebook(path)
    assert caught.value.line == 1


def test_a_header_that_is_not_myst_is_refused(tmp_path):
    path = write(tmp_path, HEADER.replace("format_name: myst", "format_name: markdown") + BODY)
    with pytest.raises(NotebookParseError, match="format_name: myst"):
        read_notebook(path)


def test_an_unclosed_header_is_refused(tmp_path):
    path = write(tmp_path, HEADER.rstrip().removesuffix("---") + "\n# Title\n")
    with pytest.raises(NotebookParseError, match="never closed") as caught:
        read_notebook(path)
    assert caught.value.line == 1


def test_an_unclosed_code_cell_is_located_at_its_fence(tmp_path):
    text = HEADER + "\n```{code-cell} ipython3\nx = 1\n```\n\n```{code-cell} ipython3\ny = 2\n"
    path = write(tmp_path, text)
    with pytest.raises(NotebookParseError, match="never closed") as caught:
        read_notebook(path)
    lines = text.splitlines()
    assert lines[caught.value.line - 1].startswith("```{code-cell}")
    assert lines[caught.value.line] == "y = 2"


def test_invalid_cell_options_are_located_at_the_cell(tmp_path):
    text = HEADER + "\n```{code-cell} ipython3\n:tags: [oops\nx = 1\n```\n"
    path = write(tmp_path, text)
    with pytest.raises(NotebookParseError, match="jupytext cannot read it") as caught:
        read_notebook(path)
    assert text.splitlines()[caught.value.line - 1].startswith("```{code-cell}")


def test_non_utf8_text_is_a_parse_error(tmp_path):
    path = tmp_path / "latin.md"
    path.write_bytes(HEADER.encode() + "caf\xe9".encode("latin-1"))
    with pytest.raises(NotebookParseError, match="not UTF-8"):
        read_notebook(path)
