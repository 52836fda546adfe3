"""Notebook pages lead to a running notebook, and no link of the site is a 404.

Over the site as ``nox -s docs`` builds it (``built_site``): no offline editions, no kit.
"""

from __future__ import annotations

import opskb
from opskb import paths, publishing
from opskb.citation import documentation_url, repository_url
from opskb.execute import sources
from opskb.sphinxext import notebook_panel as panel
from support import site_audit

VERSION = opskb.__version__
NOTEBOOKS = [path.stem for path in sources.discover(paths.NOTEBOOKS)]


def facts(name: str) -> panel.NotebookFacts:
    return panel.facts_from_metadata(panel.read_metadata(paths.NOTEBOOKS / f"{name}.md"))


def target(page: str, href: str) -> site_audit.Target:
    found = site_audit.resolve(page, href)
    assert found is not None, (page, href)
    return found


def test_every_notebook_page_links_its_ipynb_the_kit_its_source_and_the_repository(site):
    repository = repository_url()
    for name in NOTEBOOKS:
        page = f"notebooks/{name}.html"
        box = site.pages[page].soup.select_one("aside.opskb-run-notebook")
        assert box is not None, page
        hrefs = [str(a["href"]) for a in box.find_all("a", href=True)]
        internal = {target(page, href).path for href in hrefs if "://" not in href}
        assert internal == {f"kit/notebooks/{name}.ipynb", f"kit/opskb-notebooks-{VERSION}.zip"}
        assert f"{repository}/blob/{VERSION}/notebooks/{name}.md" in hrefs, page
        assert box.find("p", string=facts(name).summary) is not None, page
        stylesheets = [str(link["href"]) for link in site.pages[page].soup.select("link[href]")]
        assert any("opskb-notebook-panel.css" in href for href in stylesheets), page


def test_every_page_names_the_repository_once_in_its_footer(site):
    repository = repository_url()
    for page in site.written_pages():
        if page.path == "404.html":
            continue
        links = [a for a in page.soup.find_all("a", href=True) if a["href"] == repository]
        assert len(links) == 1, page.path
        assert links[0].find_parent("footer") is not None, page.path


def test_previous_goes_back_to_the_supported_section_and_next_on_from_its_page(
    site, inventory_labels
):
    for name in NOTEBOOKS:
        page = f"notebooks/{name}.html"
        label = inventory_labels[facts(name).supports]
        soup = site.pages[page].soup
        previous = target(page, str(soup.select_one("a.prev-page")["href"]))
        assert (previous.path, previous.fragment) == (f"{label.docname}.html", label.anchor)
        supported = f"{label.docname}.html"
        after = site.pages[supported].soup.select_one("a.next-page")
        following = soup.select_one("a.next-page")
        if after is None:
            assert following is None, page
        else:
            expected = target(supported, str(after["href"])).path
            assert target(page, str(following["href"])).path == expected, page


def test_the_sidebar_groups_the_notebooks_by_the_part_they_support(site, inventory_labels):
    soup = site.pages["index.html"].soup
    groups: dict[str, set[str]] = {}
    for caption in soup.select(".sidebar-tree p.caption"):
        listing = caption.find_next_sibling("ul")
        links = listing.find_all("a", href=True) if listing else []
        paths_ = {target("index.html", str(a["href"])).path for a in links}
        groups[caption.get_text(strip=True)] = {p for p in paths_ if p.startswith("notebooks/")}
    by_part = {"Notebooks for the article": set(), "Notebooks for In practice": set()}
    for name in NOTEBOOKS:
        in_practice = inventory_labels[facts(name).supports].docname.startswith("practice/")
        part = "Notebooks for In practice" if in_practice else "Notebooks for the article"
        by_part[part].add(f"notebooks/{name}.html")
    assert {caption: groups.get(caption) for caption in by_part} == by_part


def test_the_sidebar_links_the_published_editions_of_this_version_and_says_so(site):
    published = publishing.permanent_base(documentation_url(), VERSION)
    for page in site.written_pages():
        block = page.soup.select_one("nav.opskb-editions")
        if page.path == "404.html":
            continue
        assert block is not None, page.path
        assert block.select_one(".caption").get_text(strip=True) == (
            f"Offline editions (published, version {VERSION})"
        )
        hrefs = [str(a["href"]) for a in block.find_all("a", href=True)]
        assert hrefs == [
            published + "editions/opskb.pdf",
            published + "editions/opskb.epub",
            published + "single/index.html",
        ], page.path


def test_every_internal_link_of_every_page_names_a_file_and_an_id_of_the_build(site):
    """The link checker: each relative ``href`` and ``src`` of each page, the sidebar's too,
    names a file of this build and, for a page, an element id in it."""
    broken = []
    for page in site.pages.values():
        for tag in page.soup.find_all(["a", "link", "img", "script"]):
            href = tag.get("href") or tag.get("src")
            if not href or site_audit.resolve(page.path, str(href)) is None:
                continue  # another site, or the 404 page's root-absolute links
            problem = site.check_target(page.path, str(href))
            if problem is not None:
                broken.append(f"{page.path}: {problem}")
    assert broken == []
