"""What each page of a built site transfers, gzipped: HTML, CSS, JavaScript and images.

Used by build.py. Each file a page loads is counted once, stylesheets' ``@import`` included;
``KB`` is 1000 bytes, the definition the tests use (tests/support/site_audit.py).
"""

from __future__ import annotations

import gzip
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

KB = 1000
_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)""", re.IGNORECASE)


def gzip_size(data: bytes) -> int:
    """Bytes once gzipped as a web server would (zlib's default level)."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


@dataclass(frozen=True)
class Transfer:
    """Gzipped bytes a page transfers, by kind."""

    page: str
    html: int
    css: int
    js: int
    images: int

    @property
    def css_js(self) -> int:
        return self.css + self.js

    @property
    def total(self) -> int:
        return self.html + self.css_js + self.images


def _local(base: str, url: str) -> str | None:
    """The site-relative path of a relative URL found in the file ``base``, else None."""
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path)))


def page_transfer(root: Path, page: str) -> Transfer:
    """Weigh one page of the site in ``root`` (``page`` relative to it)."""
    html = (root / page).read_bytes()
    soup = BeautifulSoup(html, "lxml")
    files: dict[str, set[str]] = {"css": set(), "js": set(), "images": set()}

    def add(kind: str, base: str, url: str) -> None:
        path = _local(base, url)
        if path is None or path in files[kind] or not (root / path).is_file():
            return
        files[kind].add(path)
        if kind == "css":
            for imported in _IMPORT.findall((root / path).read_text("utf-8", errors="replace")):
                add("css", path, imported)

    for link in soup.find_all("link", href=True):
        rel = {token.lower() for token in link.get("rel") or []}
        kind = "css" if "stylesheet" in rel else "images" if "icon" in rel else None
        if kind:
            add(kind, page, str(link["href"]))
    for script in soup.find_all("script", src=True):
        add("js", page, str(script["src"]))
    for image in soup.find_all(["img", "source"], src=True):
        add("images", page, str(image["src"]))

    def size(kind: str) -> int:
        return sum(gzip_size((root / path).read_bytes()) for path in files[kind])

    return Transfer(page, gzip_size(html), size("css"), size("js"), size("images"))


def transfers(root: Path) -> list[Transfer]:
    """Every page of the built site in ``root`` (``_static`` and the like excluded)."""
    pages = sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*.html")
        if not any(part.startswith(("_", ".")) for part in path.relative_to(root).parts)
    )
    return [page_transfer(root, page) for page in pages]
