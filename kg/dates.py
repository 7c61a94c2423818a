"""Dates in news text, normalised against a reference (publication) date, tense-aware.

Only as precise as the text allows: "in 2002" is a year, "in May" a month, "on Saturday" a day
(when the reference date is known to the day), "later this week" the month it falls in.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

from .model import PartialDate

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
YEAR_RE = r"(?:19\d\d|20\d\d)"

ISO_DATE = re.compile(rf"\b({YEAR_RE})-(\d\d)-(\d\d)\b")
DOTTED_DATE = re.compile(rf"\b(\d\d)\.(\d\d)\.({YEAR_RE})\b")  # 24.01.2024, day first
# 14/08/2025: day first as most of the world writes it; month first only when the day cannot be
# first (08/14/2025).
SLASH_DATE = re.compile(rf"(?<![\d/])(\d{{1,2}})/(\d{{1,2}})/({YEAR_RE})\b")
MONTH_DAY_YEAR = re.compile(rf"\b({MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+({YEAR_RE})\b", re.I)
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_RE}),?\s+({YEAR_RE})\b", re.I)
MONTH_YEAR = re.compile(rf"\b({MONTH_RE})\s+(?:of\s+)?({YEAR_RE})\b", re.I)
MONTH_DAY = re.compile(rf"\b({MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.I)
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE})\b", re.I)
MONTH_ONLY = re.compile(rf"\b({MONTH_RE})\b", re.I)
YEAR_ONLY = re.compile(rf"(?<![\d-])({YEAR_RE})(?![\d-]|s\b)")
WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
TRAILING_DATE = re.compile(rf"\s*[-–—|,]\s*(?:{ISO_DATE.pattern}|{MONTH_DAY_YEAR.pattern}|{DAY_MONTH_YEAR.pattern})\s*$", re.I)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def full_dates(text: str) -> list[dt.date]:
    """Every complete calendar date written out in the text."""
    found: list[dt.date] = []
    for m in ISO_DATE.finditer(text):
        found.append(_date(int(m[1]), int(m[2]), int(m[3])))
    for m in DOTTED_DATE.finditer(text):
        found.append(_date(int(m[3]), int(m[2]), int(m[1])))
    for m in SLASH_DATE.finditer(text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        found.append(_date(year, second, first) if second <= 12 else _date(year, first, second))
    for m in MONTH_DAY_YEAR.finditer(text):
        found.append(_date(int(m[3]), MONTHS[m[1].lower().rstrip(".")], int(m[2])))
    for m in DAY_MONTH_YEAR.finditer(text):
        found.append(_date(int(m[3]), MONTHS[m[2].lower().rstrip(".")], int(m[1])))
    return [d for d in found if d]


def find_publication_date(header_lines: list[str]) -> PartialDate | None:
    """A full date stated in the article's header lines (headline suffix, dateline, date line)."""
    for line in header_lines:
        dates = full_dates(line)
        if dates:
            return PartialDate.from_date(dates[0])
    return None


def strip_trailing_date(title: str) -> str:
    return TRAILING_DATE.sub("", title).strip()


def reference_date(published: PartialDate | None, text: str) -> PartialDate | None:
    """The date the article speaks from: its publication date, else the latest full date it states."""
    if published:
        return published
    dates = full_dates(text)
    return PartialDate.from_date(max(dates)) if dates else None


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _week_span(start: dt.date, end: dt.date) -> PartialDate:
    """A span of days: its month when it lies within one month, else its year."""
    if (start.year, start.month) == (end.year, end.month):
        return PartialDate(start.year, start.month)
    return PartialDate(start.year) if start.year == end.year else PartialDate(end.year)


def resolve(expression: str, ref: PartialDate | None, tense: str | None) -> PartialDate | None:
    """Normalise one date expression. `tense` is 'past', 'future' or None (unknown)."""
    text = expression.lower().strip()
    if re.search(r"\d+\s*-?\s*(?:year|day|month|week|hour)s?[- ]old|\bages?\b|\d+s\b|\bdecades?\b|centur", text):
        return None
    explicit = _explicit(text, ref, tense)
    if explicit and ref and not explicit.day and explicit.month and explicit.year == ref.year:
        # "November last year", "in March next year": the month of the year the words name
        if re.search(r"\blast year\b|\ba year (?:ago|earlier)\b", text):
            return PartialDate(ref.year - 1, explicit.month)
        if re.search(r"\bnext year\b", text):
            return PartialDate(ref.year + 1, explicit.month)
    if explicit:
        return explicit
    if ref is None:
        return None
    return _relative(text, ref, tense)


def _explicit(text: str, ref: PartialDate | None, tense: str | None) -> PartialDate | None:
    if m := ISO_DATE.search(text):
        return PartialDate(int(m[1]), int(m[2]), int(m[3]))
    if m := MONTH_DAY_YEAR.search(text):
        return PartialDate(int(m[3]), MONTHS[m[1].rstrip(".")], int(m[2]))
    if m := DAY_MONTH_YEAR.search(text):
        return PartialDate(int(m[3]), MONTHS[m[2].rstrip(".")], int(m[1]))
    if m := MONTH_YEAR.search(text):
        return PartialDate(int(m[2]), MONTHS[m[1].rstrip(".")])
    if (m := MONTH_DAY.search(text)) and ref:
        month, day = MONTHS[m[1].rstrip(".")], int(m[2])
        if 1 <= day <= 31:
            return _in_year_of(ref, month, day, tense)
    if (m := DAY_MONTH.search(text)) and ref:
        month, day = MONTHS[m[2].rstrip(".")], int(m[1])
        if 1 <= day <= 31:
            return _in_year_of(ref, month, day, tense)
    if m := YEAR_ONLY.search(text):
        return PartialDate(int(m[1]))
    if (m := MONTH_ONLY.search(text)) and ref and m[1] != "may" or (m and ref and re.search(r"\b(?:in|since|early|late|mid-?|last|next|this)\s+may\b", text)):
        return _in_year_of(ref, MONTHS[m[1].rstrip(".")], None, tense)
    return None


def _in_year_of(ref: PartialDate, month: int, day: int | None, tense: str | None) -> PartialDate:
    """A month (and day) without a year: the reference year, moved by tense when it must be."""
    year = ref.year
    if ref.month:
        ref_key, key = (ref.month, ref.day or 0), (month, day or 0)
        if tense == "past" and key > ref_key and month - ref.month > 1:
            year -= 1
        elif tense == "future" and key < ref_key and ref.month - month > 1:
            year += 1
    if day and _date(year, month, day) is None:
        return PartialDate(year, month)
    return PartialDate(year, month, day)


def _relative(text: str, ref: PartialDate, tense: str | None) -> PartialDate | None:
    year = ref.year
    if re.search(r"\blast year\b|\ba year (?:ago|earlier)\b|\bprevious year\b", text):
        return PartialDate(year - 1)
    if re.search(r"\bnext year\b|\ba year (?:from now|later)\b", text):
        return PartialDate(year + 1)
    if re.search(r"\bthis year\b|\bearlier this year\b|\blater this year\b", text):
        return PartialDate(year)
    if not ref.month:
        return None
    if re.search(r"\blast month\b|\ba month ago\b", text):
        return PartialDate(*_shift_month(year, ref.month, -1))
    if re.search(r"\bnext month\b", text):
        return PartialDate(*_shift_month(year, ref.month, 1))
    if re.search(r"\bthis month\b", text):
        return PartialDate(year, ref.month)
    if not ref.day:
        return None
    today = ref.as_date()
    if re.search(r"\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b", text):
        return ref
    if "yesterday" in text or re.search(r"\blast night\b", text):
        return PartialDate.from_date(today - dt.timedelta(days=1))
    if "tomorrow" in text:
        return PartialDate.from_date(today + dt.timedelta(days=1))
    if m := re.search(r"\b(\w+) days? ago\b", text):
        n = _small_number(m[1])
        return PartialDate.from_date(today - dt.timedelta(days=n)) if n else None
    if m := WEEKDAY.search(text):
        return PartialDate.from_date(_weekday(today, WEEKDAYS[m[1]], text, tense))
    if re.search(r"\blast week\b|\bprevious week\b|\ba week ago\b", text):
        return _week_span(today - dt.timedelta(days=7 + today.weekday()), today - dt.timedelta(days=1 + today.weekday()))
    if re.search(r"\bnext week\b", text):
        start = today + dt.timedelta(days=7 - today.weekday())
        return _week_span(start, start + dt.timedelta(days=6))
    if re.search(r"\b(?:this|the) week\b|\bweek'?s end\b|\bcoming days\b", text):
        start = today - dt.timedelta(days=today.weekday())
        return _week_span(start, start + dt.timedelta(days=6))
    return None


def _weekday(today: dt.date, weekday: int, text: str, tense: str | None) -> dt.date:
    """The weekday nearest the reference date on the side the tense points to."""
    if "next" in text.split() or tense == "future" and "last" not in text.split():
        return today + dt.timedelta(days=(weekday - today.weekday()) % 7)
    return today - dt.timedelta(days=(today.weekday() - weekday) % 7)


def _small_number(word: str) -> int | None:
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    if word.isdigit():
        return int(word)
    return words.index(word) if word in words else None


HEADING_DATE = re.compile(rf"^[ \t]*(?:{DAY_MONTH.pattern}|{MONTH_DAY.pattern})(?:,?\s+{YEAR_RE})?[ \t]*$", re.I | re.M)
TIMELINE_HEADINGS = 3  # date lines it takes to make an article a timeline


def timeline_headings(text: str) -> list[tuple[int, str]]:
    """A timeline's dated entries ("11 April" on a line of its own, then what happened): the
    character offset and text of each heading, when the article has enough of them to be one."""
    found = [(m.end(), m.group(0).strip()) for m in HEADING_DATE.finditer(text)]
    return found if len(found) >= TIMELINE_HEADINGS else []

