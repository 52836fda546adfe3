"""Dated sections: the ``as-of`` directive, the review status table, the release check.

A section whose content can date (regulation, standards, vendor products, prices, tool
lists) says so right after its label and heading::

    (practice-governance-eu-ai-act)=
    ## The EU AI Act

    :::{as-of} 2026-12-06
    :review-by: 2027-06-06
    The omnibus's Official Journal reference is pending.
    :::

The reader sees one compact line, "As of 6 December 2026 · review by 6 June 2027.", then
the optional sentence. The section (page, explicit label, title, both dates) is recorded in
the environment per page, so parallel reads merge and a re-read page replaces its own
entries. Bad input is a warning at the directive's file and line (a strict build fails):
a date that is not ``YYYY-MM-DD``, a missing ``:review-by:``, a review-by date not after
the as-of date, a body longer than one paragraph, a directive that is not the first thing
in a section with an explicit label, two in one section.

The ``review-status`` directive renders every recorded section as a table, overdue ones
first and marked, judged against the build date (``opskb_review_today``, an ISO date,
defaults to today in UTC; tests inject it). Everyday builds only list overdue reviews;
with ``opskb_fail_on_overdue_review`` true (release builds, see
:func:`opskb.publishing.is_release_build`) an overdue review fails the build.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.errors import SphinxError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import opskb
from opskb.citation import MONTHS  # English names, not the process locale's

logger = logging.getLogger(__name__)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- dates -------------------------------------------------------------------------------


def parse_date(text: str) -> dt.date:
    """``"2026-12-06"`` -> a date; anything but a real ``YYYY-MM-DD`` date is a ValueError."""
    text = text.strip()
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a calendar date") from None


def human_date(day: dt.date) -> str:
    """``2026-12-06`` -> ``6 December 2026`` (English, whatever the locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def today(config_value: str) -> dt.date:
    """The date reviews are judged against: the configured ISO date, else today in UTC."""
    return parse_date(config_value) if config_value else dt.datetime.now(dt.UTC).date()


@dataclass(frozen=True)
class ReviewedSection:
    """One dated section, as the ``as-of`` directive recorded it."""

    docname: str
    label: str
    title: str
    as_of: dt.date
    review_by: dt.date
    note: str  # the optional sentence, as plain text
    source: str  # file and line, for messages
    line: int

    def overdue(self, on: dt.date) -> bool:
        """Overdue once the review-by day has passed (on that day it is still due)."""
        return on > self.review_by


def status_order(sections: Iterable[ReviewedSection], on: dt.date) -> list[ReviewedSection]:
    """Overdue sections first, then the rest; within each, the earliest review-by first."""
    return sorted(sections, key=lambda s: (not s.overdue(on), s.review_by, s.docname, s.label))


# --- the as-of directive -------------------------------------------------------------------


class as_of_line(nodes.paragraph):  # docutils names nodes in lowercase
    """The visible line; a paragraph to every builder (Sphinx visits a node's base classes).

    Attributes: ``as_of`` and ``review_by`` (ISO dates), ``note`` (plain text).
    """


class AsOfDirective(SphinxDirective):
    """``:::{as-of} YYYY-MM-DD`` with ``:review-by: YYYY-MM-DD`` and an optional sentence."""

    required_arguments = 1
    optional_arguments = 0
    final_argument_whitespace = True  # so that "6 December 2026" gets our message
    has_content = True
    option_spec = {"review-by": directives.unchanged}  # noqa: RUF012 - docutils' API

    def run(self) -> list[nodes.Node]:
        try:
            as_of = parse_date(self.arguments[0])
        except ValueError as error:
            return self._reject(f"as-of date {error}")
        if "review-by" not in self.options or not self.options["review-by"]:
            return self._reject("missing :review-by: YYYY-MM-DD (when to check it again)")
        try:
            review_by = parse_date(self.options["review-by"])
        except ValueError as error:
            return self._reject(f"review-by date {error}")
        if review_by <= as_of:
            return self._reject(
                f"review-by date {review_by} must be later than the as-of date {as_of}"
            )
        note: list[nodes.Node] = []
        if self.content:
            parsed = self.parse_content_to_nodes()
            if len(parsed) != 1 or not isinstance(parsed[0], nodes.paragraph):
                return self._reject("the body must be one short sentence (one paragraph)")
            note = [nodes.Text(" "), *parsed[0].children]
        line = as_of_line(
            "",
            "",
            nodes.inline(
                "",
                f"As of {human_date(as_of)} · review by {human_date(review_by)}.",
                classes=["opskb-as-of-dates"],
            ),
            *note,
            classes=["opskb-as-of"],
        )
        line["as_of"] = as_of.isoformat()
        line["review_by"] = review_by.isoformat()
        line["note"] = "".join(n.astext() for n in note).strip()
        self.set_source_info(line)
        return [line]

    def _reject(self, why: str) -> list[nodes.Node]:
        logger.warning(
            "as-of: %s",
            why,
            location=self.get_location(),
            type="opskb",
            subtype="as_of",
        )
        return []


# --- recording ---------------------------------------------------------------------------


def _sections(env: BuildEnvironment) -> dict[str, list[ReviewedSection]]:
    if not hasattr(env, "opskb_reviewed_sections"):
        env.opskb_reviewed_sections = {}
    return env.opskb_reviewed_sections


def _status_pages(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "opskb_review_status_pages"):
        env.opskb_review_status_pages = set()
    return env.opskb_review_status_pages


def reviewed_sections(env: BuildEnvironment) -> list[ReviewedSection]:
    """Every recorded dated section of the site, in page order of their names."""
    return [s for docname in sorted(_sections(env)) for s in _sections(env)[docname]]


def _explicit_label(env: BuildEnvironment, docname: str, section: nodes.section) -> str | None:
    """The first explicit label (``(name)=``) that names ``section``, or None."""
    std = env.get_domain("std")
    by_id = {
        label_id: name
        for name, (page, label_id) in std.anonlabels.items()
        if page == docname and name in std.labels  # a label before a heading has a title
    }
    return next((by_id[i] for i in section["ids"] if i in by_id), None)


def _first_in_section(node: nodes.Element) -> bool:
    """Whether only the title and invisible nodes (targets, comments) come before it.

    Another as-of line may: that is a second date for the section, reported as such.
    """
    for sibling in node.parent.children[: node.parent.index(node)]:
        if not isinstance(sibling, nodes.title | nodes.Invisible | as_of_line):
            return False
    return True


class ReviewCollector(EnvironmentCollector):
    """Records each page's dated sections into ``env.opskb_reviewed_sections``."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        _sections(env).pop(docname, None)
        _status_pages(env).discard(docname)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
    ) -> None:
        for docname in docnames:
            if docname in _sections(other):
                _sections(env)[docname] = _sections(other)[docname]
            if docname in _status_pages(other):
                _status_pages(env).add(docname)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        found: list[ReviewedSection] = []
        dated: set[int] = set()
        for line in list(doctree.findall(as_of_line)):
            section = line.parent
            label = (
                _explicit_label(env, env.docname, section)
                if isinstance(section, nodes.section)
                else None
            )
            if label is None or not _first_in_section(line):
                logger.warning(
                    "as-of: place it right after a section's label and heading: "
                    "`(a-label)=`, then the heading, then the directive",
                    location=line,
                    type="opskb",
                    subtype="as_of",
                )
                line.parent.remove(line)
                continue
            if id(section) in dated:
                logger.warning(
                    "as-of: section %r is already dated; one as-of per section",
                    label,
                    location=line,
                    type="opskb",
                    subtype="as_of",
                )
                line.parent.remove(line)
                continue
            dated.add(id(section))
            found.append(
                ReviewedSection(
                    docname=env.docname,
                    label=label,
                    title=section.next_node(nodes.title).astext(),
                    as_of=dt.date.fromisoformat(line["as_of"]),
                    review_by=dt.date.fromisoformat(line["review_by"]),
                    note=line["note"],
                    source=line.source or env.doc2path(env.docname),
                    line=line.line or 0,
                )
            )
        if found:
            _sections(env)[env.docname] = found
        if any(doctree.findall(review_status_table)):
            _status_pages(env).add(env.docname)


# --- the review status table ---------------------------------------------------------------


class review_status_table(nodes.General, nodes.Element):
    """Placeholder, replaced when the page is written (every page has been read by then)."""


class ReviewStatusDirective(SphinxDirective):
    """``:::{review-status}`` -- no arguments, no content: the table of dated sections."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = review_status_table()
        self.set_source_info(node)
        return [node]


COLUMNS = ("Section", "Page", "As of", "Review by", "Status")


def _cell(*children: nodes.Node | str) -> nodes.entry:
    texts = [nodes.Text(c) if isinstance(c, str) else c for c in children]
    return nodes.entry("", nodes.paragraph("", "", *texts))


class ReviewStatusTransform(SphinxPostTransform):
    """Fills each ``review-status`` placeholder before references are resolved (priority 10),
    so its section links are ordinary ``std:ref`` references, right in every builder."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(review_status_table))
        if not placeholders:
            return
        on = today(self.config.opskb_review_today)
        sections = status_order(reviewed_sections(self.env), on)
        for placeholder in placeholders:
            placeholder.replace_self(self._render(sections, on))

    def _ref(self, target: str, text: str, *, reftype: str) -> addnodes.pending_xref:
        """A reference; a ``doc`` one shows the page's title (``text`` is its fallback)."""
        ref = addnodes.pending_xref(
            "",
            refdomain="std",
            reftype=reftype,
            reftarget=target,
            refexplicit=reftype != "doc",
            refwarn=True,
            refdoc=self.env.docname,
        )
        ref += nodes.inline(text=text)
        return ref

    def _render(self, sections: list[ReviewedSection], on: dt.date) -> list[nodes.Node]:
        overdue = [s for s in sections if s.overdue(on)]
        summary = nodes.paragraph(
            text=f"Built on {human_date(on)}: reviews are judged against this date. "
            f"{len(sections)} dated sections, {len(overdue)} overdue.",
            classes=["opskb-review-summary"],
        )
        group = nodes.tgroup(cols=len(COLUMNS))
        group.extend(nodes.colspec(colwidth=1) for _ in COLUMNS)
        group += nodes.thead("", nodes.row("", *(_cell(c) for c in COLUMNS)))
        body = nodes.tbody()
        for section in sections:
            late = section.overdue(on)
            status = (
                nodes.strong(text=f"overdue since {human_date(section.review_by)}")
                if late
                else nodes.Text("current")
            )
            row = nodes.row(
                "",
                _cell(self._ref(section.label, section.title, reftype="ref")),
                _cell(self._ref(f"/{section.docname}", section.docname, reftype="doc")),
                _cell(section.as_of.isoformat()),
                _cell(section.review_by.isoformat()),
                _cell(status),
                classes=["opskb-review-overdue"] if late else [],
            )
            body += row
        group += body
        table = nodes.table("", group, classes=["opskb-review-status"])
        return [summary, table]


# --- the release check -------------------------------------------------------------------


class OverdueReviewError(SphinxError):
    category = "Overdue review"


def overdue_message(sections: list[ReviewedSection], on: dt.date) -> str:
    lines = [
        (
            f"{len(sections)} dated section(s) are overdue for review on {on.isoformat()}; "
            "a release build needs every review current (review the section, then move its "
            "as-of and review-by dates):"
        )
    ]
    lines += [
        f"  {s.source}:{s.line}: {s.label} ({s.title}): review by {s.review_by.isoformat()}"
        for s in sections
    ]
    return "\n".join(lines)


def check_overdue(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated (every build, after every page is read): fail a release build on an
    overdue review; everyday builds only list them (and the status page marks them)."""
    on = today(app.config.opskb_review_today)
    overdue = [s for s in status_order(reviewed_sections(env), on) if s.overdue(on)]
    if overdue and app.config.opskb_fail_on_overdue_review:
        raise OverdueReviewError(overdue_message(overdue, on))
    if overdue:
        logger.info(overdue_message(overdue, on))


def reread_status_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """env-get-outdated: the status pages, always (their table depends on every page)."""
    return sorted(_status_pages(env) & env.found_docs)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("opskb_review_today", "", "", types=[str])
    app.add_config_value("opskb_fail_on_overdue_review", False, "", types=[bool])
    app.add_node(as_of_line)
    app.add_directive("as-of", AsOfDirective)
    app.add_directive("review-status", ReviewStatusDirective)
    app.add_env_collector(ReviewCollector)
    app.add_post_transform(ReviewStatusTransform)
    app.connect("env-get-outdated", reread_status_pages)
    app.connect("env-updated", check_overdue)
    return {"version": opskb.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
