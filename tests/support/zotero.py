"""Which item type Zotero gives a page saved from its ``<meta>`` tags (test-only code).

A model of two translators of zotero/translators, read with the search tool on
2026-12-06 (docs/references.bib: ``zotero-embedded-metadata``, ``zotero-rdf-translator``):
"Embedded Metadata.js" (last updated 2024-06-13) collects the tags and "RDF.js" (its
``detectType``, version of 2018-05-08) chooses the type. Zotero itself cannot run here
(its translation server is not packaged for PyPI, npm or Debian), so the model covers the
tags that decide the type, in the translators' order, and refuses any other type-bearing
vocabulary instead of guessing what Zotero would do with it.

The order, first match wins:

1. a Highwire tag that names a container (``citation_journal_title`` and the like);
2. an exact type from RDF statements: ``og:type`` (``website`` is a web page), then
   ``DC.type`` when it is itself a Zotero item type;
3. the default: ``journalArticle`` when ``citation_title`` is present (the translator's
   comment: "fall back to journalArticle, since this is quite common"), else ``webpage``.
   The weaker guesses of ``detectType`` (``og:type`` ``article``, ``DC.type`` ``Text``)
   come after this default, which is never empty once there are RDF statements, so they
   never decide.
"""

from __future__ import annotations

from bs4 import BeautifulSoup

# Embedded Metadata: Highwire tags that fix the type outright (hwType).
HIGHWIRE_TYPES = {
    "citation_journal_title": "journalArticle",
    "citation_technical_report_institution": "report",
    "citation_conference_title": "conferencePaper",
    "citation_conference": "conferencePaper",
    "citation_book_title": "bookSection",
    "citation_inbook_title": "bookSection",
    "citation_dissertation_institution": "thesis",
}
# RDF.detectType: og:type values that name a type (t.og); "article" only guesses.
OG_TYPES = {
    "website": "webpage",
    "book": "book",
    "video.movie": "videoRecording",
    "video.episode": "videoRecording",
    "video.tv_show": "videoRecording",
    "video.other": "videoRecording",
    "music.song": "audioRecording",
    "music.album": "audioRecording",
}
# DC.type values that are Zotero item types themselves (ZU.itemTypeExists), among those a
# web page could plausibly declare; any other value only guesses.
ZOTERO_TYPES = {"webpage", "blogPost", "journalArticle", "report", "book", "document"}
# Prefixes whose type statements RDF.detectType reads but this model does not.
UNMODELLED_PREFIXES = ("bib", "bibo", "prism", "eprints", "eprint", "z", "so", "dcterms")


def zotero_item_type(html: BeautifulSoup) -> str:
    """The Zotero item type of a page, or ValueError for a tag this model does not cover."""
    named = {
        tag["name"]: tag.get("content", "") for tag in html.find_all("meta", attrs={"name": True})
    }
    properties = {
        tag["property"]: tag.get("content", "")
        for tag in html.find_all("meta", attrs={"property": True})
    }
    for name in [*named, *properties]:
        prefix = name.replace(":", ".").split(".")[0].lower()
        if prefix in UNMODELLED_PREFIXES:
            raise ValueError(f"the Zotero model does not cover the <meta> tag {name!r}")
    for name, item_type in HIGHWIRE_TYPES.items():
        if named.get(name):
            return item_type
    og_type = properties.get("og:type", "")
    dc_type = named.get("DC.type", "")
    # Both tags are RDF statements, so a type they name outranks the default below.
    exact = OG_TYPES.get(og_type) or (dc_type if dc_type in ZOTERO_TYPES else None)
    if exact:
        return exact
    # hwTypeGuess; without it, a page with RDF statements defaults to a web page, and one
    # with neither is saved as Zotero's generic web page snapshot.
    return "journalArticle" if named.get("citation_title") else "webpage"
