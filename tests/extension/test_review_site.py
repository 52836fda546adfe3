"""Dated sections and the review status, on the tiny sites tests/roots/test-review*.

``test-review`` dates the whole of ``regulation`` (review by 2026-12-01) and two of its
sections, and one section on each of four more pages (enough pages for a parallel read);
its build date is injected (``opskb_review_today = "2027-01-01"``), never the calendar, so
exactly one review is overdue. ``test-review-invalid`` holds one wrong directive per section.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from opskb.sphinxext.review import OverdueReviewError, reviewed_sections

ANSI = re.compile(r"\x1b\[[0-9;]*m")
OVERDUE = "tiny-regulation"  # review by 2026-12-01, overdue on the injected 2027-01-01


def soup_of(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "lxml")


def warnings_of(warning) -> str:
    return ANSI.sub("", warning.getvalue())


def recorded(app) -> dict[str, tuple[str, str, str, str]]:
    return {
        s.label: (s.docname, s.title, s.as_of.isoformat(), s.review_by.isoformat())
        for s in reviewed_sections(app.env)
    }


@pytest.mark.sphinx("html", testroot="review", freshenv=True)
def test_a_dated_section_shows_both_dates_and_its_sentence(app, warning):
    app.build()
    assert warnings_of(warning) == ""
    lines = soup_of(app, "regulation.html").select("p.opskb-as-of")
    assert [line.get_text(" ", strip=True) for line in lines] == [
        (
            "As of 1 June 2026 · review by 1 December 2026. "
            "The whole page follows a law that is still moving ."
        ),
        "As of 6 December 2026 · review by 6 June 2027.",
        "As of 6 December 2026 · review by 1 January 2027.",
    ]
    assert lines[0].find("em").get_text() == "still moving"  # the sentence keeps its markup


@pytest.mark.sphinx("html", testroot="review", freshenv=True)
def test_every_dated_section_is_recorded_with_its_label_title_and_dates(app):
    app.build()
    assert recorded(app) == {
        "tiny-regulation": ("regulation", "Regulation", "2026-06-01", "2026-12-01"),
        "tiny-regulation-dates": ("regulation", "Application dates", "2026-12-06", "2027-06-06"),
        "tiny-regulation-standard": ("regulation", "A standard", "2026-12-06", "2027-01-01"),
        **{
            f"{page}-dated": (page, f"A dated part of {page}", "2026-12-06", "2027-03-01")
            for page in ("prices", "standards", "tools", "vendors")
        },
    }


@pytest.mark.sphinx("html", testroot="review", freshenv=True, parallel=2, srcdir="review-parallel")
def test_a_parallel_read_records_the_same_sections(app, warning):
    app.build()
    assert app.parallel == 2
    assert warnings_of(warning) == ""
    assert len(recorded(app)) == 7
    assert {s.docname for s in reviewed_sections(app.env)} == {
        "regulation",
        "prices",
        "standards",
        "tools",
        "vendors",
    }


@pytest.mark.sphinx("html", testroot="review", freshenv=True)
def test_the_status_page_lists_overdue_reviews_first_marked_and_shows_the_build_date(app):
    app.build()
    soup = soup_of(app, "review-status.html")
    assert "Built on 1 January 2027" in soup.select_one("p.opskb-review-summary").get_text()
    rows = soup.select("table.opskb-review-status tbody tr")
    links = [row.select_one("td a")["href"] for row in rows]
    assert len(rows) == 7
    assert links[0] == f"regulation.html#{OVERDUE}"
    assert links[1] == "regulation.html#tiny-regulation-standard"  # due on the build date
    assert [("opskb-review-overdue" in row["class"]) for row in rows] == [True] + [False] * 6
    assert rows[0].find("strong").get_text() == "overdue since 1 December 2026"


@pytest.mark.sphinx("html", testroot="review", srcdir="review-incremental", freshenv=True)
def test_a_reread_page_replaces_its_entries_and_the_status_page_follows(make_app, app_params):
    args, kwargs = app_params
    make_app(*args, **kwargs).build()
    page = Path(kwargs["srcdir"]) / "vendors.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            ":review-by: 2027-03-01", ":review-by: 2027-04-01"
        ),
        encoding="utf-8",
    )
    tools = Path(kwargs["srcdir"]) / "tools.md"
    tools.write_text("(tools-page)=\n# Tools\n\nNo longer dated.\n", encoding="utf-8")
    app = make_app(*args, **{**kwargs, "freshenv": False})
    app.build()
    assert recorded(app)["vendors-dated"][3] == "2027-04-01"
    assert "tools-dated" not in recorded(app)
    table = soup_of(app, "review-status.html").select_one("table.opskb-review-status")
    assert "2027-04-01" in table.get_text()
    assert "tools-dated" not in str(table)


@pytest.mark.sphinx("html", testroot="review-invalid", freshenv=True)
def test_bad_input_is_rejected_at_its_file_and_line(app, warning):
    app.build()
    page = Path(app.srcdir) / "index.md"
    expected = {
        7: "'6 December 2026' is not a date written YYYY-MM-DD",
        14: "'2026-02-30' is not a calendar date",
        21: "missing :review-by:",
        27: "review-by date 2026-06-06 must be later than the as-of date 2026-12-06",
        34: "the body must be one short sentence",
        43: "place it right after a section's label and heading",  # no label
        52: "place it right after a section's label and heading",  # not first
        63: "section 'bad-twice' is already dated",
    }
    lines = [line for line in warnings_of(warning).splitlines() if "WARNING" in line]
    assert len(lines) == len(expected)
    for line, (number, message) in zip(lines, expected.items(), strict=True):
        assert line.startswith(f"{page}:{number}: WARNING: as-of: ")
        assert message in line
    assert [s.label for s in reviewed_sections(app.env)] == ["bad-twice", "bad-good"]


@pytest.mark.sphinx(
    "html", testroot="review", freshenv=True, confoverrides={"opskb_fail_on_overdue_review": True}
)
def test_an_overdue_review_fails_the_release_build(app):
    with pytest.raises(OverdueReviewError, match=rf"regulation\.md:4: {OVERDUE} \(Regulation\)"):
        app.build()


@pytest.mark.sphinx(
    "html", testroot="review", freshenv=True, confoverrides={"opskb_fail_on_overdue_review": False}
)
def test_an_overdue_review_does_not_fail_the_everyday_build(app, warning, status):
    app.build()
    assert warnings_of(warning) == ""
    assert f"{OVERDUE} (Regulation): review by 2026-12-01" in warnings_of(status)


@pytest.mark.sphinx(
    "html",
    testroot="review",
    freshenv=True,
    confoverrides={"opskb_fail_on_overdue_review": True, "opskb_review_today": "2026-12-01"},
)
def test_a_release_build_with_every_review_current_succeeds(app, warning):
    app.build()
    assert warnings_of(warning) == ""
    assert "overdue" not in soup_of(app, "review-status.html").select_one("table").get_text()
