"""Where the site is published, and the addresses that follow from it.

Read the Docs serves one copy of the site per version, at ``<root><version>/``: a tag
``0.2.0`` is served at ``https://opskb.readthedocs.io/en/0.2.0/`` and the newest sources at
``.../en/latest/``. A citation must keep landing on the text it cited, so it gives the
address of the version it was made from; the "latest" address is offered next to it,
labelled as such.

- The base address of this build: ``READTHEDOCS_CANONICAL_URL`` when Read the Docs builds,
  otherwise the ``Documentation`` URL in pyproject.toml (one configured place).
- The version comes from one place, the package version; a release is a git tag of the same
  name, and a Read the Docs build of a tag whose name differs from the package version fails.

Pure functions over an environment mapping, so tests need no real Read the Docs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from opskb.citation import documentation_url

LATEST = "latest"
# Read the Docs sets these in every build (its "environment variable reference").
CANONICAL_URL = "READTHEDOCS_CANONICAL_URL"
OUTPUT = "READTHEDOCS_OUTPUT"
VERSION_NAME = "READTHEDOCS_VERSION_NAME"
VERSION_TYPE = "READTHEDOCS_VERSION_TYPE"
# Set by `python -m opskb.build --release VERSION` (`nox -s publish -- --release VERSION`).
RELEASE = "OPSKB_RELEASE"
# Set by `python -m opskb.build --editions`: the editions are built next to this site.
EDITIONS = "OPSKB_EDITIONS"


class PublishingError(RuntimeError):
    """The build environment contradicts the package (e.g. a tag that is not the version)."""


def base_url(environ: Mapping[str, str] | None = None) -> str:
    """This build's canonical base address, always ending in ``/``."""
    environ = os.environ if environ is None else environ
    url = environ.get(CANONICAL_URL) or documentation_url()
    return url if url.endswith("/") else url + "/"


def served_path(environ: Mapping[str, str] | None = None) -> str:
    """The URL path the site is served under, ``/``-terminated: on Read the Docs the path of
    its canonical URL (``/en/latest/``), elsewhere ``/`` (a site served at its root)."""
    environ = os.environ if environ is None else environ
    path = urlsplit(environ.get(CANONICAL_URL, "")).path
    return path.rstrip("/") + "/"


def version_root(url: str) -> str:
    """The address the versions hang from: ``https://h/en/latest/`` -> ``https://h/en/``."""
    match = re.fullmatch(r"(?P<root>[a-z][a-z0-9+.-]*://[^/]+/(?:.*/)?)[^/]+/?", url)
    if match is None:
        raise PublishingError(f"{url!r} names no version folder (expected .../<version>/)")
    return match.group("root")


def versioned_base(url: str, version: str) -> str:
    """The base address of one version: ``https://h/en/latest/`` -> ``https://h/en/0.2.0/``."""
    return f"{version_root(url)}{version}/"


def permanent_base(url: str, version: str) -> str:
    """:func:`versioned_base`, or ``url`` itself when it names no version folder.

    A site served at a domain's root (one version only) has no other address to give.
    """
    try:
        return versioned_base(url, version)
    except PublishingError:
        return url


def latest_base(url: str) -> str:
    """The base address of the newest sources, which changes under a citation.

    Like :func:`permanent_base`, ``url`` itself when it names no version folder.
    """
    return permanent_base(url, LATEST)


def check_version_name(release: str, environ: Mapping[str, str] | None = None) -> None:
    """Fail a Read the Docs build of a tag whose name is not the package version."""
    environ = os.environ if environ is None else environ
    name, kind = environ.get(VERSION_NAME, ""), environ.get(VERSION_TYPE, "")
    if kind == "tag" and name != release:
        raise PublishingError(
            f"Read the Docs is building tag {name!r}, but the package version is {release!r}: "
            "a release is a git tag named exactly like the version in pyproject.toml."
        )


def is_release_build(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this build publishes a release: Read the Docs building a tag, or a build run
    with ``--release`` (:data:`RELEASE` set). A release fails on an overdue review
    (``opskb_fail_on_overdue_review``); every other build only lists them."""
    environ = os.environ if environ is None else environ
    return environ.get(VERSION_TYPE) == "tag" or bool(environ.get(RELEASE))


def editions_built(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this build makes the offline editions next to the site (:data:`EDITIONS`)."""
    environ = os.environ if environ is None else environ
    return bool(environ.get(EDITIONS))


def output_dir(default: Path, environ: Mapping[str, str] | None = None) -> Path:
    """Where the HTML goes: ``$READTHEDOCS_OUTPUT/html`` on Read the Docs, else ``default``."""
    environ = os.environ if environ is None else environ
    output = environ.get(OUTPUT)
    return Path(output) / "html" if output else default


def robots_txt(sitemap_url: str) -> str:
    """Every page may be crawled; the sitemap lists them with their versioned addresses."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"
