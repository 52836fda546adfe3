"""Permalinks in the build: section links on labels, and the contract enforced.

- A labelled section's link symbol points at its explicit label (``#llmops-definition``),
  the id that never changes with the heading's wording (MyST puts it first), titled
  "Permanent link to this section".
- Each page's content hash and explicit labels are collected while reading, and for each
  label the facts of the section it names (:func:`opskb.sections.section_facts`: a hash of
  its text, the references it cites, the demonstrations it embeds). After reading,
  the build is checked against the permalink contract (``opskb_permalinks_file``): a listed
  page or label that no longer resolves, with no redirect or removal declared, is a warning
  (an error under ``-W``) that says what to do. Duplicate labels too.
- What the contract declares is honoured: a moved page gets a static redirect page at its
  old address; a moved label keeps its old id on the page that had it.
- What the build published is compared with the contract at the end of every build, a
  no-op rebuild included, as ``opskb_permalinks_mode`` says: ``report`` (the default) logs
  how many changes are pending; ``check`` makes each pending change a warning (CI fails
  on it under ``-W``, a section whose text changed since an older version recorded it
  included); ``update`` rewrites the contract's ``[pages]``, ``[labels]`` and ``[sections]``,
  unless the build does not honour the contract, in which case nothing is written. That is
  what ``python -m opskb.permalinks [--check|--update]`` runs: the update is the build's.

The rules themselves are pure functions in :mod:`opskb.permalinks`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import ENUM
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator

import opskb
from opskb.citation import canonical_url
from opskb.permalinks.contract import (
    FILENAME,
    UPDATE_COMMAND,
    Contract,
    ContractError,
    LabelPlace,
    Observed,
    last_change,
    load,
    pending_changes,
    save,
    updated,
)
from opskb.permalinks.hashing import content_hash
from opskb.permalinks.redirect_pages import Link, moved_section_note, redirect_page
from opskb.permalinks.resolve import Resolution, resolve
from opskb.sections import SectionFacts, section_facts, text_hash
from opskb.sphinxext import citable

logger = logging.getLogger(__name__)

PERMANENT_LINK_TITLE = "Permanent link to this section"
# The builders that write HTML with link symbols: the site and its editions.
HTML_BUILDERS = ("html", "dirhtml", "singlehtml", "epub")


@dataclass(frozen=True)
class PageData:
    """What reading one page tells the contract: its content hash and explicit labels."""

    hash: str
    labels: tuple[tuple[str, str, str], ...]  # (label, html id, title)
    sections: tuple[tuple[str, SectionFacts], ...] = ()  # (label, facts), as `labels`


# --- reading -----------------------------------------------------------------------------


def explicit_labels(env: BuildEnvironment, docname: str) -> list[tuple[str, str, str]]:
    """The explicit labels of a page, as Sphinx's ``std`` domain recorded them.

    The domain reads a page (transform 850) before ``doctree-read``, so they are there when
    the collector runs. Returns (label, html id, title of what it names or "").
    """
    # get_domain() works on every supported Sphinx: env.domains is a plain dict on Sphinx 7.4
    # (the Jupyter Book 1 lane) and gained `.standard_domain` only in Sphinx 8.2.
    std = env.get_domain("std")
    return sorted(
        (name, label_id, std.labels.get(name, ("", "", ""))[2])
        for name, (page, label_id) in std.anonlabels.items()
        if page == docname
    )


class PermalinkCollector(EnvironmentCollector):
    """Collects :class:`PageData` per page into ``env.opskb_permalink_pages``.

    Kept per page (not read from the merged domain afterwards) so that a label defined on
    two pages is caught in a parallel build too: Sphinx warns about a duplicate label only
    within one process, and its merge of the processes' data keeps one silently.
    """

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        _pages(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
    ) -> None:
        for docname in docnames:
            if docname in _pages(other):
                _pages(env)[docname] = _pages(other)[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        labels = tuple(explicit_labels(env, env.docname))
        _pages(env)[env.docname] = PageData(
            hash=content_hash(Path(env.doc2path(env.docname))),
            labels=labels,
            sections=tuple((label, _facts(doctree, anchor)) for label, anchor, _ in labels),
        )


def _facts(doctree: nodes.document, anchor: str) -> SectionFacts:
    """The facts of the element a label names (its section, usually)."""
    node = doctree.ids.get(anchor)
    return section_facts(node) if node is not None else SectionFacts(text_hash(""))


def page_data(env: BuildEnvironment, docname: str) -> PageData | None:
    """What reading ``docname`` recorded (its hash and explicit labels), if it was read."""
    return _pages(env).get(docname)


def _pages(env: BuildEnvironment) -> dict[str, PageData]:
    if not hasattr(env, "opskb_permalink_pages"):
        env.opskb_permalink_pages = {}
    return env.opskb_permalink_pages


# --- the contract ------------------------------------------------------------------------


def contract_path(app: Sphinx) -> Path:
    return Path(app.confdir, app.config.opskb_permalinks_file)


def contract(app: Sphinx) -> Contract:
    """The contract, read once per build (an unreadable one is reported and treated empty)."""
    cached = getattr(app.env, "_opskb_contract", None)
    if cached is None:
        try:
            cached = load(contract_path(app))
        except ContractError as error:
            logger.warning(str(error), type="opskb", subtype="permalinks")
            cached = Contract()
        app.env._opskb_contract = cached
    return cached


def observed(app: Sphinx) -> Observed:
    """What this build publishes, as the contract sees it."""
    env = app.env
    skip = citable.uncited_pages(app)
    pages: dict[str, str] = {}
    places: dict[str, list[LabelPlace]] = {}
    sections: dict[str, str] = {}
    for docname, data in sorted(_pages(env).items()):
        if docname in skip or docname not in env.found_docs:
            continue
        pages[docname] = data.hash
        for label, anchor, title in data.labels:
            places.setdefault(label, []).append(LabelPlace(docname, anchor, title))
        for label, facts in data.sections:
            sections.setdefault(label, facts.hash)
    return Observed(
        release=app.config.release,
        pages=pages,
        labels={label: found[0] for label, found in places.items()},
        duplicates={
            label: tuple(p.page for p in found) for label, found in places.items() if len(found) > 1
        },
        sections=sections,
    )


def resolution(app: Sphinx) -> Resolution:
    """The contract resolved against this build, computed once per build.

    Its problems are reported once, by :func:`check_contract`; writers only use the rest.
    """
    cached = getattr(app.env, "_opskb_resolution", None)
    if cached is None:
        cached = resolve(contract(app), observed(app), str(contract_path(app)))
        app.env._opskb_resolution = cached
    return cached


def page_last_change(app: Sphinx, docname: str) -> tuple[str, dt.date | None]:
    """(version, date or None) in which ``docname``'s content last changed."""
    data = _pages(app.env).get(docname)
    digest = data.hash if data is not None else ""
    return last_change(contract(app), docname, digest, app.config.release)


def reread_all_when_the_contract_changes(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Every page, when the contract changed since the last build (env-get-outdated).

    Each page shows its "last changed" version from the contract and may carry kept anchors,
    so an incremental build must redo them all. (A file dependency would not do: a missing
    contract, which is allowed, would mark every page outdated on every build.)
    """
    env._opskb_contract = env._opskb_resolution = None  # each build reads the contract afresh
    path = contract_path(app)
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "none"
    if getattr(env, "opskb_contract_digest", None) == digest:
        return []
    env.opskb_contract_digest = digest
    return sorted(env.found_docs)


def check_contract(app: Sphinx, env: BuildEnvironment) -> None:
    """After reading: warn about every broken permalink (env-check-consistency)."""
    # Every page is read now: resolve against all of them, once for the rest of the build.
    env._opskb_resolution = resolve(contract(app), observed(app), str(contract_path(app)))
    _warn(env._opskb_resolution.problems)
    app._opskb_contract_checked = True  # this build; a no-op rebuild never gets here


def _warn(messages: list[str]) -> None:
    for message in messages:
        logger.warning(message, type="opskb", subtype="permalinks")


def settle_contract(app: Sphinx, exception: Exception | None) -> None:
    """Report, check or update the contract, as ``opskb_permalinks_mode`` says (build-finished).

    At the end of every build, a no-op rebuild included (which reads no page and runs no
    consistency check), so checking or updating right after ``nox -s docs`` costs no
    second rendering of the site.
    """
    if exception is not None:
        return
    mode, path = app.config.opskb_permalinks_mode, contract_path(app)
    problems = resolution(app).problems
    if problems:
        if not getattr(app, "_opskb_contract_checked", False):
            _warn(problems)  # a no-op rebuild: nobody has reported them in this run
        if mode == "update":
            _warn([f"{path} is not updated: the build does not honour it (see above)"])
        return
    state = observed(app)
    pending = pending_changes(contract(app), state)
    if mode == "update":
        given = app.config.opskb_permalinks_date
        today = dt.date.fromisoformat(given) if given else dt.date.today()
        save(updated(contract(app), state, state.release, today), path)
        logger.info("updated %s (%d change(s))", path, len(pending))
        for change in pending:
            logger.info("- %s", change)
    elif mode == "check":
        _warn([f"{path} is out of date: {change}; run `{UPDATE_COMMAND}`" for change in pending])
    elif pending:
        # Not an error: new pages and edits are normal; the check (CI) is where they fail.
        logger.info(
            "permalink contract: %d change(s) to record with `%s` (e.g. %s)",
            len(pending),
            UPDATE_COMMAND,
            pending[0],
        )


# --- writing -----------------------------------------------------------------------------


def _is_html(app: Sphinx) -> bool:
    return app.builder.format == "html" and not getattr(app.builder, "embedded", False)


def keep_old_anchors(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give a page the old ids that the contract keeps on it (doctree-resolved)."""
    if not _is_html(app):
        return
    for kept in resolution(app).kept_anchors.get(docname, []):
        if kept.page == docname:
            # Renamed on the same page: the old id goes next to the new one.
            for node in doctree.findall(nodes.Element):
                if kept.anchor in node["ids"]:
                    node["ids"].append(kept.old_anchor)
                    break
            continue
        url = f"{app.builder.get_relative_uri(docname, kept.page)}#{kept.anchor}"
        note = moved_section_note(kept.old_anchor, Link(url, kept.title or kept.anchor))
        doctree.append(nodes.raw("", note, format="html"))


class PermanentLinkTranslator(HTML5Translator):
    """Titles the link symbol of a labelled section "Permanent link to this section"."""

    def add_permalink_ref(self, node: nodes.Element, title: str) -> None:
        if isinstance(node, nodes.section) and node["ids"]:
            data = _pages(self.builder.env).get(getattr(self.builder, "current_docname", ""))
            if data is not None and node["ids"][0] in {anchor for _, anchor, _ in data.labels}:
                title = PERMANENT_LINK_TITLE
        super().add_permalink_ref(node, title)


def write_redirect_pages(app: Sphinx, exception: Exception | None) -> None:
    """A static page at each moved page's old address (build-finished)."""
    if exception is not None or not _is_html(app):
        return
    result = resolution(app)
    for old, new in result.page_redirects.items():
        write_redirect_page(app, old, new, result.fragments.get(old, {}))


def write_redirect_page(app: Sphinx, old: str, new: str, fragments: dict[str, LabelPlace]) -> None:
    """The redirect page for ``old``, written where the page used to be."""
    builder = app.builder
    title = app.env.titles[new].astext() if new in app.env.titles else new
    target = Link(builder.get_relative_uri(old, new), title)
    sections = {
        anchor: Link(
            f"{builder.get_relative_uri(old, place.page)}#{place.anchor}",
            place.title or place.anchor,
        )
        for anchor, place in fragments.items()
    }
    base = app.config.html_baseurl
    canonical = canonical_url(base, builder.get_target_uri(new)) if base else target.url
    uri = builder.get_target_uri(old)
    path = Path(builder.outdir, uri + "index.html" if uri.endswith("/") or not uri else uri)
    path.parent.mkdir(parents=True, exist_ok=True)
    language = app.config.language or "en"
    page = redirect_page(target, canonical=canonical, sections=sections, language=language)
    path.write_text(page, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    # The contract file, relative to conf.py (or absolute).
    app.add_config_value("opskb_permalinks_file", FILENAME, "env", types=[str])
    # What the end of the build does with the contract, and the date an update records
    # (ISO, empty: today). Neither changes what a page shows, so neither forces a re-read.
    app.add_config_value(
        "opskb_permalinks_mode", "report", "", types=ENUM("report", "check", "update")
    )
    app.add_config_value("opskb_permalinks_date", "", "", types=[str])
    app.setup_extension("opskb.sphinxext.citable")  # the pages outside the contract
    app.add_env_collector(PermalinkCollector)
    app.connect("env-get-outdated", reread_all_when_the_contract_changes)
    app.connect("env-check-consistency", check_contract)
    app.connect("doctree-resolved", keep_old_anchors)
    for builder in HTML_BUILDERS:
        app.set_translator(builder, PermanentLinkTranslator, override=True)
    app.connect("build-finished", write_redirect_pages)
    app.connect("build-finished", settle_contract)
    return {
        "version": opskb.__version__,
        "env_version": 2,  # PageData records each section's facts
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
