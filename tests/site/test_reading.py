"""Reading the evidence (issue 20): Demonstration boxes, tables, figures, search, tabs."""

from __future__ import annotations

import posixpath

from support import site_audit


def _demo_boxes(site: site_audit.Site):
    for page in site.written_pages():
        for box in page.soup.select("div.opskb-demo"):
            yield page, box


def test_every_demonstration_box_links_its_notebook_page_and_download(site):
    boxes = list(_demo_boxes(site))
    assert len(boxes) > 20, "the Demonstration boxes are missing"
    unlinked = []
    for page, box in boxes:
        targets = [
            posixpath.normpath(posixpath.join(posixpath.dirname(page.path), a["href"]))
            for a in box.find_all("a", href=True)
            if "://" not in a["href"]
        ]
        page_link = any(t.startswith("notebooks/") and ".html" in t for t in targets)
        download = any(t.split("#")[0].endswith(".ipynb") for t in targets)
        if not (page_link and download):
            title = box.select_one(".admonition-title")
            unlinked.append(f"{page.path}: {title.get_text(strip=True) if title else box}")
    assert unlinked == []


def test_tables_in_boxes_scroll_in_a_focusable_labelled_container(site):
    bare = []
    for page, box in _demo_boxes(site):
        for table in box.find_all("table"):
            scroller = table.find_parent(class_=["opskb-table-scroll", "table-wrapper"])
            if scroller is None:
                bare.append(page.path)
            elif "opskb-table-scroll" in scroller["class"]:
                assert scroller.get("tabindex") == "0", page.path
                assert scroller.get("aria-label", "").startswith("Table: "), page.path
    assert bare == []


def test_notebook_figures_open_full_size_from_a_link(site):
    figures = [
        (page.path, img)
        for page in site.written_pages()
        for img in page.soup.select("img.opskb-figure")
    ]
    assert figures, "no notebook figure on the site"
    for path, img in figures:
        link = img.find_parent("a")
        assert link is not None, (path, img["src"])
        assert link["href"] == img["src"], path


def test_no_tab_label_carries_aria_controls(site):
    """HTML allows no ARIA relation on a label; sphinx-design 0.8 writes one on every tab."""
    tab_pages = [p for p in site.written_pages() if p.soup.select("label.sd-tab-label")]
    assert {"challenges.html", "comparison.html"} <= {p.path for p in tab_pages}
    offending = [p.path for p in tab_pages if p.soup.select("label[aria-controls]")]
    assert offending == []


def test_the_sidebar_search_form_has_a_submit_button(site):
    forms = [
        (p.path, p.soup.select_one("form.sidebar-search-container")) for p in site.written_pages()
    ]
    assert forms
    assert [
        path for path, form in forms if form is None or not form.select("button[type=submit]")
    ] == []


def test_the_practice_index_lists_its_pages_once(site):
    article = site.pages["practice/index.html"].soup.select_one("article")
    assert article.select("div.toctree-wrapper a") == []
    linked = [a["href"].split("#")[0] for a in article.select("a[href]")]
    assert linked.count("serving.html") == 1


def _trail(site, path: str) -> list[str]:
    nav = site.pages[path].soup.select_one("article nav.opskb-breadcrumbs")
    assert nav is not None, path
    return [li.get_text(strip=True) for li in nav.find_all("li")]


def test_a_page_names_its_part_and_itself_above_the_content(site):
    assert _trail(site, "practice/serving.html") == [
        "opskb",
        "LLMOps in practice",
        "Serving, latency and cost",
    ]
    # The sidebar groups notebooks by the part they support (serving-cost: In practice).
    assert _trail(site, "notebooks/serving-cost.html")[1] == "Notebooks for In practice"
    assert len(_trail(site, "pros.html")) == 2
    assert site.pages["index.html"].soup.select("nav.opskb-breadcrumbs") == []
