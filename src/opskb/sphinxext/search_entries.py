"""Search that lands on sections: index entries for every labelled section, for the search only.

Sphinx's search ranks a page's full-text match far below an *index entry* that equals the
query (score 100 against 15 for a word in a title), and an index entry carries the anchor
it was made at. Its section-title match, on the other hand, needs the query to be at least
half the title's length, so "drift" never finds "Drift in LLM applications". So, for every
section with an explicit label, this module gives the search index the short phrases a
reader types for it, pointing at the section's own id:

- the title, and its parts (split at punctuation and at "and"/"or"): "Parameter-efficient
  fine-tuning: LoRA and QLoRA" gives "lora" and "qlora";
- each part's head, the words before its first linking word: "Drift in LLM applications"
  gives "drift";
- every glossary term whose words (plurals as singulars, hyphens as spaces) occur in the
  title, at the section with the shortest such title: "KV cache" lands on "KV-cache memory".

Notebook pages, the glossary and the 404 page get none (:func:`is_target`).

A glossary term placed at a section gives up the glossary's own "main" entry for it, so the
glossary's definition is listed after the section about the topic instead of tying with it.

The entries are added when a page is written (``doctree-resolved``), and only for a builder
that writes a search index: the general index (``genindex``), the page HTML, the ids and
the LaTeX/EPUB editions do not change. Jupyter Book 1 runs the same extension on Sphinx 7.4,
whose search reads index entries the same way. An incremental build re-makes the entries of
the pages it writes only: a new glossary term reaches an unchanged page at the next full build.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains.std import StandardDomain

#: Pages whose sections are not search targets: the glossary is the definitions' own page
#: (its terms stay in the search through Sphinx's own entries), the 404 page is no topic.
EXCLUDED_PAGES = frozenset({"glossary", "404"})
#: Nor are the notebook pages: each demonstrates a section, whose page is the answer (their
#: titles list the topics of several sections, and would tie with each of them).
EXCLUDED_FOLDERS = ("notebooks/",)


def is_target(docname: str) -> bool:
    """Whether the labelled sections of ``docname`` get search entries."""
    return docname not in EXCLUDED_PAGES and not docname.startswith(EXCLUDED_FOLDERS)


# Where a title splits into parts a reader might type alone.
_PART_SPLIT = re.compile(r"\s*[:;,()]\s*|\s+(?:and|or)\s+|\s+[-\u2013\u2014]\s+")
# Linking words: a part's head is what comes before the first of them.
_LINKING = frozenset(
    [
        "in",
        "of",
        "for",
        "as",
        "to",
        "from",
        "through",
        "with",
        "without",
        "is",
        "are",
        "not",
        "by",
        "on",
        "at",
        "when",
        "why",
        "what",
        "how",
        "that",
        "which",
        "who",
        "the",
        "a",
        "an",
        "their",
        "its",
        "each",
    ]
)
# Words a part may start with that nobody types first ("The EU AI Act", "Why perplexity ...").
_LEADING = frozenset(["and", "or", "the", "a", "an", "why", "how", "what", "when"])
#: The search page's script (in opskb.sphinxext's static folder).
SEARCH_SCRIPT = "opskb-search.js"
_VERSION = re.compile(r"v?\d+(?:\.\d+)+")
_WORD = re.compile(r"[\w@.]+")


@dataclass(frozen=True)
class Section:
    """A labelled section: its label (the id it is published at), page and title."""

    label: str
    docname: str
    title: str


def _singular(word: str) -> str:
    # Plurals only: a full stemmer would match "tokenization" with "Tokens as the unit ...".
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> tuple[str, ...]:
    """The words of ``text``: lowercased, hyphens and slashes read as spaces, singular."""
    raw = _WORD.findall(text.lower().replace("-", " ").replace("/", " "))
    return tuple(_singular(w.strip(".")) for w in raw if w.strip("."))


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def phrases(title: str) -> list[str]:
    """The phrases a section's title gives: itself, its parts and each part's head."""
    title = " ".join(title.lower().replace("*", "").split())
    found = [title]
    for raw_part in _PART_SPLIT.split(title):
        part_words = raw_part.strip(" .'\"").split()
        while part_words and part_words[0] in _LEADING:
            part_words.pop(0)
        part = " ".join(part_words)
        if not part:
            continue
        found.append(part)
        head = []
        for word in part.split():
            if word in _LINKING:
                break
            head.append(word)
        if head:
            found.append(" ".join(head))
        # A trailing version is rarely typed: "NIST AI RMF 1.0" is found as "nist ai rmf".
        if len(part_words) > 1 and _VERSION.fullmatch(part_words[-1]):
            found.append(" ".join(part_words[:-1]))
    # A hyphenated phrase is also typed with a space ("kv-cache" and "kv cache").
    found += [p.replace("-", " ") for p in found if "-" in p]
    # Sphinx reads ";" in an index entry as a sub-entry separator.
    return list(dict.fromkeys(p.replace(";", " ") for p in found))


def place_terms(terms: Iterable[str], sections: Iterable[Section]) -> dict[str, Section]:
    """Each glossary term whose words occur in a section title, with the section it names.

    Of the sections whose title contains the term, the one with the fewest words is the one
    about it ("Model cards" rather than "Documentation: model cards and datasheets").

    A term of three words or more that no title contains goes to the shortest title with a
    part that is the term's initials: "mean reciprocal rank" to "Retrieval metrics: recall@k
    and MRR" (a whole part, so "large language model" never goes to "Drift in LLM ...").
    """
    sections = list(sections)
    candidates = [(words(s.title), s) for s in sections]
    parts = [
        (len(w), i, s, set(_PART_SPLIT.split(s.title.lower())))
        for i, (w, s) in enumerate(candidates)
    ]
    placed: dict[str, Section] = {}
    for term in terms:
        needle = words(term)
        matches = [(len(w), i, s) for i, (w, s) in enumerate(candidates) if _contains(w, needle)]
        if not matches and len(needle) >= 3:
            initials = "".join(w[0] for w in needle)
            matches = [(n, i, s) for n, i, s, p in parts if initials in p]
        if matches:
            placed[term] = min(matches, key=lambda m: (m[0], m[1]))[2]
    return placed


def labelled_sections(std: StandardDomain) -> list[Section]:
    """Every section with an explicit label, on the pages :func:`is_target` accepts."""
    return [
        Section(label, docname, title)
        for label, (docname, labelid, title) in sorted(std.labels.items())
        if title and labelid == label and is_target(docname)
    ]


def glossary_terms(std: StandardDomain) -> list[str]:
    """The glossary's terms, as written."""
    return sorted(name for (objtype, name) in std.objects if objtype == "term")


def entries_by_label(std: StandardDomain) -> dict[str, list[str]]:
    """For each labelled section: the phrases its search entries are made of."""
    sections = labelled_sections(std)
    by_label = {s.label: phrases(s.title) for s in sections}
    for term, section in place_terms(glossary_terms(std), sections).items():
        if term.lower() not in by_label[section.label]:
            by_label[section.label].append(term.lower())
    return by_label


def _demote(entries: list[tuple[Any, ...]], placed: Collection[str]) -> list[tuple[Any, ...]]:
    return [
        (kind, value, target, "" if value.lower() in placed else main, key)
        for kind, value, target, main, key in entries
    ]


def add_search_entries(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give each labelled section of ``docname`` its search entries (search builders only)."""
    if getattr(app.builder, "indexer", None) is None:
        return
    std = app.env.get_domain("std")  # Sphinx 7.4 (the Jupyter Book lane) has no .domains.std
    if docname == "glossary":
        placed = {t.lower() for t in place_terms(glossary_terms(std), labelled_sections(std))}
        for index in doctree.findall(addnodes.index):
            index["entries"] = _demote(index["entries"], placed)
        return
    if not is_target(docname):
        return
    entries = entries_by_label(std)
    for section in doctree.findall(nodes.section):
        for label in section["ids"]:
            if label in entries:
                index = addnodes.index(
                    entries=[("single", p, label, "main", None) for p in entries[label]],
                    inline=False,
                )
                section.insert(1, index)


def name_sections_in_results(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """On the search page, a result at a section reads "Page > Section" (html-page-context).

    Sphinx resets its script list after each page, so the script is on this page only. This
    runs before opskb.sphinxext.assets prunes the page's assets (priority 500), which copies
    the list.
    """
    del templatename, context, doctree
    if pagename == "search" and getattr(app.builder, "indexer", None) is not None:
        app.add_js_file(SEARCH_SCRIPT, defer="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("opskb.sphinxext.site_files")  # the static folder the script is in
    app.connect("doctree-resolved", add_search_entries)
    app.connect("html-page-context", name_sections_in_results, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
