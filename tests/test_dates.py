"""Date expressions normalised against a reference (publication) date, tense-aware."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.dates import reference_date, resolve
from kg.model import PartialDate as P

# Wednesday 15 March 2023.
REF = P(2023, 3, 15)
assert dt.date(2023, 3, 15).weekday() == 2


@pytest.mark.parametrize("expression", ["in 2019", "2019", "during 2019", "back in 2019"])
def test_year(expression: str) -> None:
    assert resolve(expression, REF, "past") == P(2019)
    assert resolve(expression, REF, "past").precision == "year"


@pytest.mark.parametrize("expression,expected", [
    ("July 28, 2001", P(2001, 7, 28)),
    ("on July 28, 2001", P(2001, 7, 28)),
    ("28 July 2001", P(2001, 7, 28)),
    ("2001-07-28", P(2001, 7, 28)),
    ("Sept. 3, 2011", P(2011, 9, 3)),
    ("in August 2011", P(2011, 8)),
])
def test_absolute_dates_need_no_reference(expression: str, expected: P) -> None:
    assert resolve(expression, None, None) == expected
    assert resolve(expression, REF, "future") == expected  # the reference never overrides them


def test_month_in_the_past_is_the_latest_such_month_before_the_reference() -> None:
    assert resolve("in October", REF, "past") == P(2022, 10)
    assert resolve("in January", REF, "past") == P(2023, 1)


def test_month_in_the_future_is_the_next_such_month() -> None:
    assert resolve("in October", REF, "future") == P(2023, 10)
    assert resolve("in May", P(2011, 8, 24), "future") == P(2012, 5)


def test_may_the_month_is_told_from_may_the_modal() -> None:
    assert resolve("in May", P(2011, 8, 24), "past") == P(2011, 5)
    assert resolve("may", REF, "future") is None


@pytest.mark.parametrize("weekday,past,future", [
    ("Monday", P(2023, 3, 13), P(2023, 3, 20)),
    ("Tuesday", P(2023, 3, 14), P(2023, 3, 21)),
    ("Friday", P(2023, 3, 10), P(2023, 3, 17)),
    ("Sunday", P(2023, 3, 12), P(2023, 3, 19)),
])
def test_weekday_past_is_previous_future_is_next(weekday: str, past: P, future: P) -> None:
    assert resolve(f"on {weekday}", REF, "past") == past
    assert resolve(f"on {weekday}", REF, "future") == future


def test_explicit_next_and_last_weekday_override_unknown_tense() -> None:
    assert resolve("next Monday", REF, None) == P(2023, 3, 20)
    assert resolve("last Friday", REF, None) == P(2023, 3, 10)


def test_relative_days() -> None:
    assert resolve("yesterday", REF, "past") == P(2023, 3, 14)
    assert resolve("tomorrow", REF, "future") == P(2023, 3, 16)
    assert resolve("today", REF, None) == REF
    assert resolve("three days ago", REF, "past") == P(2023, 3, 12)


def test_year_relative_expressions() -> None:
    assert resolve("last year", REF, "past") == P(2022)
    assert resolve("next year", REF, "future") == P(2024)
    assert resolve("earlier this year", REF, "past") == P(2023)
    assert resolve("last month", REF, "past") == P(2023, 2)
    assert resolve("next month", P(2023, 12, 5), "future") == P(2024, 1)


@pytest.mark.parametrize("expression", ["next week", "later this week", "this week"])
def test_weeks_are_month_precision(expression: str) -> None:
    result = resolve(expression, REF, "future")
    assert result == P(2023, 3)
    assert result.precision == "month"


def test_next_week_across_a_month_boundary_is_the_next_month() -> None:
    # Thursday 30 March 2023: next week runs 3-9 April.
    assert resolve("next week", P(2023, 3, 30), "future") == P(2023, 4)


def test_last_week_is_month_precision() -> None:
    assert resolve("last week", REF, "past") == P(2023, 3)


def test_month_and_day_take_the_reference_year() -> None:
    assert resolve("August 20", P(2011, 8, 24), "past") == P(2011, 8, 20)
    assert resolve("on August 20", P(2011, 8, 24), None) == P(2011, 8, 20)
    assert resolve("20 August", P(2011, 8, 24), "past") == P(2011, 8, 20)


def test_month_and_day_move_year_by_tense() -> None:
    # Said in March 2023: a future "December 3" is this year, a past "December 3" last year.
    assert resolve("December 3", REF, "future") == P(2023, 12, 3)
    assert resolve("December 3", REF, "past") == P(2022, 12, 3)


@pytest.mark.parametrize("expression", [
    "59-year-old", "the 59-year-old leader", "nine-day", "a nine-day journey", "ten days",
    "the 1990s", "for decades", "two centuries", "aged 70",
])
def test_ages_and_durations_are_not_dates(expression: str) -> None:
    assert resolve(expression, REF, "past") is None


@pytest.mark.parametrize("expression", ["on Tuesday", "last year", "in May", "next week", "yesterday", "August 20"])
def test_without_reference_only_absolute_dates_resolve(expression: str) -> None:
    assert resolve(expression, None, "past") is None
    assert resolve(expression, None, "future") is None


def test_day_relative_expressions_need_a_day_precise_reference() -> None:
    assert resolve("on Tuesday", P(2023), "past") is None
    assert resolve("last month", P(2023), "past") is None
    assert resolve("last year", P(2023), "past") == P(2022)


def test_reference_date_prefers_the_publication_date() -> None:
    assert reference_date(P(2010, 1, 1), "They met on July 28, 2001.") == P(2010, 1, 1)


def test_reference_date_without_publication_is_the_latest_full_date_in_the_text() -> None:
    text = "They met on July 28, 2001 and again on 3 August 2001; the 2001-07-30 talks were cancelled."
    assert reference_date(None, text) == P(2001, 8, 3)


def test_reference_date_ignores_partial_dates() -> None:
    assert reference_date(None, "They met in August 2011 and again in 2012.") is None
    assert reference_date(None, "Nothing dated here.") is None


def test_partial_date_lexical_forms() -> None:
    assert P(2011, 8).as_datetime_lexical() == "2011-08-01T00:00:00"
    assert P(2011).precision == "year" and P(2011, 8).precision == "month" and P(2011, 8, 24).precision == "day"
    assert P(2011).contains(P(2011, 8, 24)) and not P(2011, 9).contains(P(2011, 8, 24))


@pytest.mark.parametrize(("line", "expected"), [
    ("Published on 14/08/2025 - 11:02 GMT+2", P(2025, 8, 14)),   # day first, as most of the world writes it
    ("Posted 08/14/2025", P(2025, 8, 14)),                        # month first only when the day cannot be
    ("Updated 03/04/2025", P(2025, 4, 3)),                        # ambiguous: day first
])
def test_numeric_dates_with_slashes(line: str, expected: P) -> None:
    assert reference_date(None, line) == expected


def test_last_night_is_the_day_before() -> None:
    assert resolve("late last night", REF, "past") == P(2023, 3, 14)


def test_a_timelines_headings_are_found_only_in_a_timeline() -> None:
    from kg.dates import timeline_headings
    timeline = "Intro.\n\n12 February\nA call.\n\n18 February\nTalks.\n\nMarch 3\nA pause.\n"
    assert [text for _, text in timeline_headings(timeline)] == ["12 February", "18 February", "March 3"]
    assert timeline_headings("June 25, 2025\n\nLeaders met on Tuesday.\n") == []
