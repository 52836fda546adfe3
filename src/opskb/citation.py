"""How a page of the knowledge base is cited: the facts, and three formats to paste.

Pure functions over a :class:`Citation`; the Sphinx extension (``opskb.sphinxext.cite``)
fills one per page and renders the "Cite this page" block from these strings.

The date of a citation is the date of the version in which the page last changed (from the
permalink contract), never the build date: two builds of the same sources give the same
citation, and a citation stays true for as long as the page does not change.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from importlib import metadata
from urllib.parse import quote

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

# LaTeX's special characters, as BibTeX field text must spell them.
_BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


@dataclass(frozen=True)
class Citation:
    """Everything a citation of one page says."""

    title: str
    site: str
    author: str
    version: str
    url: str
    key: str
    # The date of the version in which the page last changed; None when it is not recorded
    # yet (the page changed after the contract was last updated): cited as "n.d.".
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
    """The permanent address of a page: ``base_url`` joined with its site-relative URI."""
    if not base_url:
        return target_uri
    return posixpath.join(base_url if base_url.endswith("/") else base_url + "/", target_uri)


def citation_key(site_key: str, docname: str) -> str:
    """A BibTeX key for a page, e.g. ``opskb-notebooks-drift`` for ``notebooks/drift``."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", docname).strip("-").lower()
    return f"{site_key}-{slug}" if slug else site_key


def human_date(date: dt.date) -> str:
    """``29 November 2026``: unambiguous in every locale."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def plain_text(citation: Citation) -> str:
    """An APA-style reference for a web page with a version.

    Author. (Year, Month Day). Title (Version X). Site. URL
    """
    if citation.date is None:
        when = "n.d."
    else:
        date = citation.date
        when = f"{date.year}, {MONTHS[date.month - 1]} {date.day}"
    title = citation.title.rstrip(".")
    return (
        f"{citation.author}. ({when}). {title} (Version {citation.version}). "
        f"{citation.site}. {citation.url}"
    )


def bibtex_escape(text: str) -> str:
    """Text made safe for a BibTeX field (LaTeX specials escaped)."""
    return text.translate(_BIBTEX_ESCAPES)


def bibtex(citation: Citation) -> str:
    """A ``@misc`` entry that BibTeX and biblatex styles both understand.

    ``howpublished`` carries the URL for classic BibTeX styles, ``url`` for biblatex and
    natbib; the title is double-braced so styles keep its capitals.
    """
    fields = [
        ("author", f"{{{bibtex_escape(citation.author)}}}"),
        ("title", f"{{{bibtex_escape(citation.title)}}}"),
        ("howpublished", f"\\url{{{citation.url}}}"),
        ("url", citation.url),
        ("note", f"{bibtex_escape(citation.site)}, version {bibtex_escape(citation.version)}"),
    ]
    if citation.date is not None:
        fields.insert(2, ("year", str(citation.date.year)))
        fields.insert(3, ("month", MONTHS[citation.date.month - 1][:3].lower()))
    width = max(len(name) for name, _ in fields)
    lines = []
    for name, value in fields:
        # month takes BibTeX's predefined macro (jan, feb, ...) unbraced, so styles localise it.
        text = value if name == "month" else f"{{{value}}}"
        lines.append(f"  {name.ljust(width)} = {text},")
    return "\n".join([f"@misc{{{citation.key},", *lines, "}"])


def markdown_escape(text: str) -> str:
    """Link text made safe for Markdown: brackets, emphasis marks and backslashes escaped."""
    return re.sub(r"([\\\[\]*_`<>])", r"\\\1", text)


def markdown_link(citation: Citation) -> str:
    """``[Title (Site, version X)](URL)``; the URL keeps no space or parenthesis unescaped."""
    text = markdown_escape(f"{citation.title} ({citation.site}, version {citation.version})")
    url = quote(citation.url, safe=":/#?&=%@+,;~!$*'")
    return f"[{text}]({url})"
