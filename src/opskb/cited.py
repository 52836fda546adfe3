"""``python -m opskb.cited FILE...``: did the sections a guideline cites from this site change?

A guideline cites a section of this site at its versioned address
(``https://<host>/en/0.3.0/practice/evaluation.html#practice-evaluation-gate``). This
command finds every address of the site in the given files (Markdown, reStructuredText,
HTML or plain text: any text, read line by line) and judges each against ``sections.json``
of the latest version:

- ``unchanged``: the section's text is the same in the latest version;
- ``changed in <version>``: its text changed after the cited version (with the address
  of the page's Changes list, which says what changed);
- ``moved to <address>`` / ``removed: <reason>``: as the permalink contract declares;
- ``latest address``: the address follows the newest text and so cites no version;
- ``unknown ...``: the page, section or version is not one this site ever published.

Exit status: 0 when every cited section is unchanged, 1 otherwise (a guideline to review),
2 on bad input (a file or index that cannot be read or decoded: the message names it). The
only network use is fetching the index from a URL (``--index``; by default the published
latest version's ``sections.json``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from opskb import publishing
from opskb.sections import FILENAME, version_key

LATEST = publishing.LATEST
# An address ends at whitespace or at what encloses it in Markdown, reST or HTML.
_URL = re.compile(r"https?://[^\s<>\"'`()\[\]{}|\\]+")
_TRAILING = ".,;:!?*_"


class BadInput(Exception):
    """A file or index that cannot be used; the message names it and says why."""


@dataclass(frozen=True)
class Finding:
    """One address found in a file, and what became of what it cites."""

    where: str  # "file:line"
    address: str
    version: str  # the version it cites ("" for a latest address or an unknown one)
    verdict: str
    unchanged: bool = False

    def line(self) -> str:
        cites = f"cites {self.version}" if self.version else "cites no version"
        return f"{self.where}: {self.address} ({cites}): {self.verdict}"


# --- the index ---------------------------------------------------------------------------


def default_index() -> str:
    """The published latest version's ``sections.json``."""
    return publishing.latest_base(publishing.base_url({})) + FILENAME


def load_index(source: str) -> dict:
    """``sections.json`` from a path or an http(s) URL."""
    try:
        if re.match(r"https?://", source):
            with urllib.request.urlopen(source, timeout=30) as response:
                raw = response.read()
        else:
            raw = Path(source).read_bytes()
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError) as error:
        raise BadInput(f"{source}: cannot read the sections index: {error}") from None
    if not isinstance(data, dict) or not {"base", "latest", "sections", "pages"} <= data.keys():
        raise BadInput(f"{source}: not a sections.json index (no base, latest, pages, sections)")
    return data


class Index:
    """``sections.json`` of the latest version, as lookups."""

    def __init__(self, data: Mapping) -> None:
        self.version = str(data.get("version", ""))
        self.versions = set(data.get("versions", [])) | {self.version}
        self.base = str(data["base"])
        self.latest = str(data["latest"])
        self.root = publishing.version_root(self.latest)
        self.changes_anchor = str(data.get("changes_anchor", ""))
        self.pages = {page["path"]: page for page in data["pages"]}
        self.moved_pages: dict[str, str] = dict(data.get("moved_pages", {}))
        self.removed_pages: dict[str, str] = dict(data.get("removed_pages", {}))
        by_doc = {page["page"]: page for page in data["pages"]}
        self.page_by_doc = by_doc
        self.sections: dict[tuple[str, str], dict] = {}
        for entry in data["sections"]:
            key = (entry["page"], entry["label"])
            if entry.get("status") == "published" or key not in self.sections:
                self.sections[key] = entry

    def doc_of(self, path: str) -> tuple[str, dict | None]:
        """The page (docname) an address path names, and its entry if it is published."""
        if not path or path.endswith("/"):
            path += "index.html"  # a folder address serves its index page
        page = self.pages.get(path)
        if page is not None:
            return page["page"], page
        return path.removesuffix(".html"), None

    def changes_url(self, doc: str) -> str:
        page = self.page_by_doc.get(doc)
        if page is None:
            return ""
        return f"{page['url']}#{self.changes_anchor}" if self.changes_anchor else page["url"]


def index_from(data: Mapping, source: str) -> Index:
    """An :class:`Index`, or :class:`BadInput` naming ``source`` when an entry is malformed."""
    try:
        return Index(data)
    except (KeyError, TypeError, AttributeError, publishing.PublishingError) as error:
        raise BadInput(f"{source}: not a usable sections.json index: {error!r}") from None


# --- judging -----------------------------------------------------------------------------


def _changed(changed_in: str, cited: str) -> bool:
    return version_key(changed_in) > version_key(cited)


def _unlisted_verdict(index: Index, doc: str, label: str) -> str:
    """What became of ``doc#label`` when the index lists no such section on that page."""
    final = index.moved_pages.get(doc)
    if final is not None:
        entry = index.sections.get((final, label))
        if entry is not None and entry.get("status") == "published":
            return f"moved to {entry['url']}"
    if doc in index.removed_pages:
        return f"removed: {index.removed_pages[doc]}"
    if doc not in index.page_by_doc and final is None:
        return f"unknown page {doc!r}"
    return f"unknown section #{label} on page {doc!r}"


def _section_verdict(index: Index, doc: str, label: str, cited: str) -> tuple[str, bool]:
    entry = index.sections.get((doc, label))
    if entry is None:
        return _unlisted_verdict(index, doc, label), False
    status = entry.get("status")
    if status == "moved":
        return f"moved to {entry.get('url') or '#' + entry['moved_to']}", False
    if status == "removed":
        return f"removed: {entry.get('reason', '')}", False
    if not cited:
        return f"latest address; in version {index.version} it is {entry['url']}", False
    if _changed(entry["changed_in"], cited):
        changes = index.changes_url(entry["page"])
        return f"changed in {entry['changed_in']} (see {changes})", False
    return "unchanged", True


def _page_verdict(index: Index, doc: str, page: dict | None, cited: str) -> tuple[str, bool]:
    if page is None:
        if doc in index.moved_pages:
            target = index.page_by_doc.get(index.moved_pages[doc])
            return f"moved to {target['url'] if target else index.moved_pages[doc]}", False
        if doc in index.removed_pages:
            return f"removed: {index.removed_pages[doc]}", False
        return f"unknown page {doc!r}", False
    if not cited:
        return f"latest address; in version {index.version} it is {page['url']}", False
    if _changed(page["changed_in"], cited):
        return f"changed in {page['changed_in']} (see {index.changes_url(doc)})", False
    return "unchanged", True


def judge(index: Index, address: str) -> tuple[str, str, bool]:
    """(cited version, verdict, unchanged?) for one address of the site."""
    parts = urlsplit(address)
    rest = f"{parts.scheme}://{parts.netloc}{parts.path}"[len(index.root) :]
    version, _, path = rest.partition("/")
    fragment = unquote(parts.fragment)
    if not version:
        return "", "unknown version: the address names none", False
    cited = "" if version == LATEST else version
    if cited and cited not in index.versions:
        return cited, f"unknown version {cited!r}: not one of {index.root}", False
    doc, page = index.doc_of(path)
    if fragment:
        verdict, ok = _section_verdict(index, doc, fragment, cited)
    else:
        verdict, ok = _page_verdict(index, doc, page, cited)
    return cited, verdict, ok


# --- reading files -----------------------------------------------------------------------


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise BadInput(f"{path}: cannot read it: {error.strerror or error}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInput(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None


def addresses(text: str, roots: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(line number, address) for every address under one of ``roots``, in order."""
    roots = tuple(roots)
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _URL.finditer(line):
            address = match.group().rstrip(_TRAILING).replace("&amp;", "&")
            if address.startswith(roots):
                yield number, address


def site_roots(index: Index) -> tuple[str, ...]:
    """The site's address prefix, over http and https (a guideline may use either)."""
    root = index.root.split("://", 1)[1]
    return (f"https://{root}", f"http://{root}")


def check_file(index: Index, path: Path) -> list[Finding]:
    text = read_text(path)
    findings = []
    for number, address in addresses(text, site_roots(index)):
        normal = "https://" + address.split("://", 1)[1]
        version, verdict, ok = judge(index, normal)
        findings.append(Finding(f"{path}:{number}", address, version, verdict, ok))
    return findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m opskb.cited", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument(
        "--index",
        metavar="PATH_OR_URL",
        help="sections.json to judge against (default: the published latest version's)",
    )
    args = parser.parse_args(argv)
    try:
        source = args.index or default_index()
        index = index_from(load_index(source), source)
        findings = [finding for path in args.files for finding in check_file(index, path)]
    except BadInput as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for finding in findings:
        print(finding.line())
    changed = sum(not finding.unchanged for finding in findings)
    print(
        f"{len(findings)} address(es) of {index.root} checked against version "
        f"{index.version}: {len(findings) - changed} unchanged, {changed} to review.",
        file=sys.stderr,
    )
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
