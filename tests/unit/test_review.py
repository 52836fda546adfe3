"""The dates behind the as-of directive and the review status (opskb.sphinxext.review)."""

from __future__ import annotations

import datetime as dt

import pytest

from opskb.sphinxext.review import ReviewedSection, human_date, parse_date, status_order, today


def section(label: str, review_by: str) -> ReviewedSection:
    return ReviewedSection(
        docname="page",
        label=label,
        title=label,
        as_of=dt.date(2026, 1, 1),
        review_by=dt.date.fromisoformat(review_by),
        note="",
        source="page.md",
        line=1,
    )


@pytest.mark.parametrize("text", ["20261206", "2026-W49-7", "6 December 2026", "2026-12-6", ""])
def test_only_dashed_iso_dates_are_dates(text):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date(text)


def test_an_impossible_day_is_not_a_date():
    with pytest.raises(ValueError, match="not a calendar date"):
        parse_date("2027-02-29")


def test_dates_read_in_english_with_the_day_first():
    assert human_date(parse_date("2027-06-06")) == "6 June 2027"


def test_a_review_is_overdue_only_after_its_review_by_day():
    due = section("due", "2027-06-06")
    assert not due.overdue(dt.date(2027, 6, 6))
    assert due.overdue(dt.date(2027, 6, 7))


def test_overdue_sections_come_first_then_the_earliest_review():
    later, overdue, sooner = (
        section("b", "2027-09-01"),
        section("c", "2027-01-01"),
        section("a", "2027-03-01"),
    )
    ordered = status_order([later, sooner, overdue], on=dt.date(2027, 2, 1))
    assert [s.label for s in ordered] == ["c", "a", "b"]


def test_the_build_date_is_injected_when_configured():
    assert today("2030-01-02") == dt.date(2030, 1, 2)
