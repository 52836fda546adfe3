"""tests/support/site_audit.py on small synthetic HTML and files: each finding is planted."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support import site_audit as sa


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


# --- URLs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "href", "path", "fragment"),
    [
        ("index.html", "pros.html#llmops-pro-speed", "pros.html", "llmops-pro-speed"),
        ("index.html", "#home", "index.html", "home"),
        ("index.html", "", "index.html", ""),
        ("notebooks/a.html", "../glossary.html#term-LLMOps", "glossary.html", "term-LLMOps"),
        ("notebooks/a.html", "b.html", "notebooks/b.html", ""),
        ("a/b/c.html", "../../_static/x.css?v=1234", "_static/x.css", ""),
        ("a/b/c.html", "./d.html", "a/b/d.html", ""),
        ("index.html", "sub/", "sub/index.html", ""),
        ("index.html", "my%20page.html#a%20b", "my page.html", "a b"),
    ],
)
def test_resolve_relative_paths_and_fragments(base, href, path, fragment):
    assert sa.resolve(base, href) == sa.Target(path, fragment)


@pytest.mark.parametrize(
    "href",
    ["../outside.html", "notebooks/../../x.html", "/absolute.html", "https://e.org/a", "//e.org"],
)
def test_resolve_refuses_what_is_not_inside_the_site(href):
    assert sa.resolve("index.html", href) is None


def test_element_ids_and_top_section_id():
    page = soup(
        '<article><section id="choosing-a-path"><span id="choosing"></span>'
        '<h1>Choosing</h1><section id="factor-resources"><h2>R</h2></section></section></article>'
    )
    assert sa.element_ids(page) == {"choosing-a-path", "choosing", "factor-resources"}
    assert sa.top_section_id(page) == "choosing-a-path"


def test_top_section_id_without_a_heading_is_none():
    assert sa.top_section_id(soup("<p>no heading</p>")) is None


def test_table_column_links_reads_the_named_column_only():
    page = soup("""
    <table><thead><tr><th>Claim</th><th> Covered at </th></tr></thead><tbody>
      <tr><td><a class="reference internal" href="x.html#no">not this column</a></td>
          <td><a class="reference internal" href="pros.html#llmops-pro-speed">Speed</a></td></tr>
      <tr><td>two</td><td><a class="reference external" href="https://e.org">ext</a></td></tr>
      <tr><td>three</td><td>no link</td></tr>
    </tbody></table>
    <table><thead><tr><th>Other</th></tr></thead><tbody><tr><td>x</td></tr></tbody></table>""")
    rows = sa.table_column_links(page, "covered at")
    assert [row.internal_links for row in rows] == [("pros.html#llmops-pro-speed",), (), ()]
    assert rows[0].text.startswith("not this column")


# --- A tiny site on disk -----------------------------------------------------------------


def page_html(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


@pytest.fixture
def tiny_site(tmp_path: Path) -> sa.Site:
    css_main = "@import 'extra.css';\n.a { background: url(img/a.png) }\n" + "x" * 2000
    write(
        tmp_path,
        {
            "index.html": page_html(
                '<a class="sidebar-brand" href="#">brand</a>'
                '<div class="sidebar-tree"><a href="pros.html">Pros</a>'
                '<a href="notebooks/nb.html">Notebook</a></div>'
                '<section id="home"><h1>Home</h1>'
                '<a href="pros.html#llmops-pro-speed">ok</a>'
                '<a href="pros.html#no-such-id">bad anchor</a>'
                '<a href="missing.html">bad file</a>'
                '<a href="#home">self</a><a href="#">top</a>'
                '<a href="https://example.org/x">external</a>'
                '<a href="mailto:a@example.org">mail</a></section>',
                head='<link rel="stylesheet" href="_static/main.css?v=1">'
                '<script src="_static/app.js"></script>',
            ),
            "pros.html": page_html(
                '<section id="pros"><h1>Pros</h1><section id="llmops-pro-speed"><h2>S</h2>'
                '<a href="glossary.html#term-LLMOps">LLMOps</a></section></section>',
                head='<link rel="stylesheet" href="_static/main.css"><script src="gone.js"></script>',
            ),
            "notebooks/nb.html": page_html(
                '<section id="nb-example"><h1>NB</h1>'
                '<a href="../glossary.html#term-Model-drift">drift</a>'
                '<a href="../index.html#home">home</a><img src="../_images/plot.png"></section>'
            ),
            "glossary.html": page_html(
                '<section id="glossary"><h1>Glossary</h1><dl class="simple glossary">'
                '<dt id="term-LLMOps">LLMOps</dt><dd>x <a href="#term-Unused">see</a></dd>'
                '<dt id="term-Model-drift">Model drift</dt><dd>y</dd>'
                '<dt id="term-Unused">Unused</dt><dd>z</dd></dl></section>'
            ),
            "genindex.html": page_html('<a href="glossary.html#term-Unused">Unused</a>'),
            "_static/main.css": css_main,
            "_static/extra.css": ".b { background: url(missing.png) }",
            "_static/img/a.png": b"\x89PNG",
            "_static/app.js": "console.log('hi');" * 50,
            "_static/not-a-page.html": "<p>vendored</p>",
            "_images/plot.png": b"\x89PNG",
        },
    )
    return sa.Site.load(tmp_path)


def test_site_lists_pages_but_not_static_files(tiny_site):
    assert sorted(tiny_site.pages) == [
        "genindex.html",
        "glossary.html",
        "index.html",
        "notebooks/nb.html",
        "pros.html",
    ]
    assert "genindex.html" not in {page.path for page in tiny_site.written_pages()}
    assert tiny_site.pages["notebooks/nb.html"].docname == "notebooks/nb"


def test_check_target_names_missing_files_and_anchors(tiny_site):
    assert tiny_site.check_target("index.html", "pros.html#llmops-pro-speed") is None
    assert "no id 'no-such-id' in pros.html" in tiny_site.check_target(
        "index.html", "pros.html#no-such-id"
    )
    assert "no file missing.html" in tiny_site.check_target("index.html", "missing.html")
    assert "not a path inside the site" in tiny_site.check_target("index.html", "https://x.org")


def test_sidebar_links_include_tree_and_brand(tiny_site):
    assert tiny_site.sidebar_links() == {"index.html", "pros.html", "notebooks/nb.html"}


def test_glossary_terms_and_their_uses_ignore_generated_pages_and_the_glossary(tiny_site):
    glossary = tiny_site.pages["glossary.html"]
    assert sa.glossary_terms(glossary) == {"term-LLMOps", "term-Model-drift", "term-Unused"}
    assert sa.glossary_links(tiny_site) == {
        "term-LLMOps": {"pros.html"},
        "term-Model-drift": {"notebooks/nb.html"},
    }


def test_gzip_size_matches_gzip():
    data = b"LLMOps and MLOps " * 500
    assert sa.gzip_size(data) == len(gzip.compress(data, compresslevel=6, mtime=0))
    assert sa.gzip_size(data) < len(data) / 10


def make_inventory(path: Path, entries: list[str]) -> Path:
    header = b"# Sphinx inventory version 2\n# Project: t\n# Version: 1\n"
    header += b"# The remainder of this file is compressed using zlib.\n"
    path.write_bytes(header + zlib.compress("".join(f"{e}\n" for e in entries).encode()))
    return path


def test_inventory_labels_expand_dollar_and_split_docname(tmp_path):
    inventory = make_inventory(
        tmp_path / "objects.inv",
        [
            "home std:label -1 index.html#$ LLMOps vs MLOps",
            "choosing-a-path std:label -1 choosing.html#$ Choosing a path",
            "factor-resources std:label -1 choosing.html#factor-resources Resources",
            "nb-example std:label -1 notebooks/example.html#$ Example",
            "genindex std:label -1 genindex.html Index",
            "LLMOps std:term -1 glossary.html#term-LLMOps -",
        ],
    )
    loaded = sa.load_inventory(inventory)
    assert loaded["std:term"] == {"LLMOps": "glossary.html#term-LLMOps"}
    labels = sa.std_labels(loaded)
    assert labels["home"] == sa.InventoryLabel("index", "home")
    assert labels["factor-resources"] == sa.InventoryLabel("choosing", "factor-resources")
    assert labels["nb-example"] == sa.InventoryLabel("notebooks/example", "nb-example")
    assert labels["genindex"] == sa.InventoryLabel("genindex", "")


def test_labels_in_markdown_skip_code_fences_but_not_colon_fences():
    text = """\
(definitions)=
# Definitions
```markdown
(example-in-a-code-block)=
```
````md
```
(still-in-the-outer-fence)=
```
````
:::{note}
(inside-a-note)=
:::
~~~
(tilde-fenced)=
~~~
(llmops-definition)=
not (inline)= text
"""
    assert sa.labels_in_markdown(text) == [
        ("definitions", 1),
        ("inside-a-note", 12),
        ("llmops-definition", 17),
    ]


def test_labels_in_sources_give_docnames_with_prefix(tmp_path):
    docs = write(
        tmp_path / "docs",
        {
            "index.md": "(home)=\n# Home\n",
            "guide/choosing.md": "(choosing-a-path)=\n# Choosing\n\n(factor-resources)=\n## R\n",
            "_build/html/_sources/index.md": "(home)=\n",
        },
    )
    notebooks = write(tmp_path / "notebooks", {"drift.md": "---\n---\n(nb-drift)=\n# Drift\n"})
    found = sa.labels_in_sources([(docs, ""), (notebooks, "notebooks/")])
    assert {(label.name, label.docname, label.line) for label in found} == {
        ("home", "index", 1),
        ("choosing-a-path", "guide/choosing", 1),
        ("factor-resources", "guide/choosing", 4),
        ("nb-drift", "notebooks/drift", 3),
    }


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("llmops-pro-speed", True),
        ("scenario-1", True),
        ("LLMOps", False),
        ("llmops_pro", False),
        ("-x", False),
        ("a--b", False),
    ],
)
def test_label_name_convention(name, ok):
    assert bool(sa.LABEL_NAME.match(name)) is ok
