"""Citable sections: what a section's text is, and ``sections.json``, the list of them.

A guideline cites a section, not a page, so each explicit label (every entry of the
permalink contract's ``[labels]``) is tracked on its own:

- :func:`section_facts` reads one section of a page as Sphinx parsed it: a hash of its text
  (what authors wrote: headings, prose, code; not notebook outputs, which are regenerated on
  every run), the BibTeX keys it cites and the demonstrations it embeds (glued notebook
  values and links to ``demo-*`` labels);
- :func:`index` turns a build's sections and the contract into the ``sections.json``
  document: every published section with its versioned and latest addresses and the
  version in which its text last changed, and every moved or removed label with its target
  or its reason. :mod:`opskb.cited` judges a guideline's citations against it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from docutils import nodes

from opskb.permalinks.contract import Contract, split_permalink

FORMAT = 1
FILENAME = "sections.json"
# The id of the block that lists a page's Changes (the cite block of opskb.sphinxext.cite).
CHANGES_ANCHOR = "cite-this-page"
DEMO_PREFIX = "demo-"
_KEY = re.compile(r"[^\s,;{}]+")


@dataclass(frozen=True)
class SectionFacts:
    """What one citable section holds, as recorded while its page is read."""

    hash: str
    references: tuple[str, ...] = ()  # BibTeX keys, sorted
    demonstrations: tuple[str, ...] = ()  # glue keys ("notebook::key") and demo labels


def text_hash(text: str) -> str:
    """The hash of a section's text, whitespace runs collapsed (re-wrapping is no change)."""
    normalised = " ".join(text.split())
    return "sha256:" + hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


#: The class of content a build generates from run data (the execution report's totals and
#: table): it changes with every notebook run, not with what authors wrote.
GENERATED_CLASS = "opskb-generated"


def _is_output(node: nodes.Node) -> bool:
    if not isinstance(node, nodes.Element):
        return False
    classes = node.get("classes", [])
    return "cell_output" in classes or GENERATED_CLASS in classes


def section_text(node: nodes.Node) -> str:
    """The text authors wrote in ``node``: notebook cell outputs and generated run data
    (:data:`GENERATED_CLASS`) left out."""
    if _is_output(node):
        return ""
    if isinstance(node, nodes.Text):
        return node.astext()
    return " ".join(section_text(child) for child in node.children)


def _cited_keys(node: nodes.Element) -> Iterable[str]:
    for ref in node.findall(nodes.Element):
        if ref.tagname == "pending_xref" and ref.get("refdomain") == "cite":
            yield from _KEY.findall(ref.get("reftarget", ""))


def _demonstrations(node: nodes.Element) -> Iterable[str]:
    for ref in node.findall(nodes.Element):
        if ref is not node:  # a demonstration shown inside the section, under its own label
            yield from (i for i in ref.get("ids", []) if i.startswith(DEMO_PREFIX))
        if type(ref).__name__ == "PendingGlueReference":  # myst-nb's cross-page glue
            yield f"{ref.get('refdoc', '')}::{ref.get('key', '')}"
        elif ref.tagname == "pending_xref" and ref.get("refdomain") == "std":
            target = ref.get("reftarget", "")
            if target.startswith(DEMO_PREFIX):
                yield target


def section_facts(node: nodes.Element) -> SectionFacts:
    """Hash, references and demonstrations of the section (or element) ``node``."""
    return SectionFacts(
        hash=text_hash(section_text(node)),
        references=tuple(sorted(set(_cited_keys(node)))),
        demonstrations=tuple(sorted(set(_demonstrations(node)))),
    )


@dataclass(frozen=True)
class PublishedSection:
    """One section of this build: where it is and what it holds."""

    label: str
    page: str
    anchor: str
    title: str
    changed_in: str
    facts: SectionFacts


@dataclass(frozen=True)
class PublishedPage:
    """One page of this build, as an address without ``#label`` cites it."""

    page: str
    path: str  # the page's address relative to a version's base, e.g. "pros.html"
    title: str
    changed_in: str


def version_key(version: str) -> tuple:
    """Sort key for versions: numeric parts as numbers (``0.10.0`` after ``0.9.0``)."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"[.\-+]", version)
    )


def index(
    *,
    release: str,
    versions: Iterable[str],
    base: str,
    latest: str,
    pages: Iterable[PublishedPage],
    sections: Iterable[PublishedSection],
    contract: Contract,
    page_paths: Mapping[str, str],
) -> dict:
    """The ``sections.json`` document of one version.

    ``base`` and ``latest`` are this version's and the latest version's base addresses;
    ``page_paths`` maps every published page to its address relative to them (a moved
    label's target is looked up there).
    """
    published = {section.label: section for section in sections}
    entries: list[dict] = []
    for section in sorted(published.values(), key=lambda s: (s.page, s.label)):
        path = f"{page_paths[section.page]}#{section.anchor}"
        entries.append(
            {
                "label": section.label,
                "page": section.page,
                "status": "published",
                "title": section.title,
                "url": base + path,
                "latest_url": latest + path,
                "changed_in": section.changed_in,
                "hash": section.facts.hash,
                "references": list(section.facts.references),
                "demonstrations": list(section.facts.demonstrations),
            }
        )
    for key, new_label in sorted(contract.label_redirects.items()):
        page, label = split_permalink(key)
        target = published.get(new_label)
        entry = {"label": label, "page": page, "status": "moved", "moved_to": new_label}
        if target is not None:
            entry["url"] = f"{base}{page_paths[target.page]}#{target.anchor}"
        entries.append(entry)
    for key, reason in sorted(contract.removed_labels.items()):
        page, label = split_permalink(key)
        entries.append({"label": label, "page": page, "status": "removed", "reason": reason})
    return {
        "format": FORMAT,
        "version": release,
        "versions": sorted({v for v in (*versions, release) if v}, key=version_key),
        "base": base,
        "latest": latest,
        "changes_anchor": CHANGES_ANCHOR,
        "pages": [
            {
                "page": page.page,
                "path": page.path,
                "title": page.title,
                "url": base + page.path,
                "latest_url": latest + page.path,
                "changed_in": page.changed_in,
            }
            for page in sorted(pages, key=lambda p: p.page)
        ],
        "moved_pages": dict(sorted(contract.page_redirects.items())),
        "removed_pages": dict(sorted(contract.removed_pages.items())),
        "sections": entries,
    }
