"""Date phrases and their ISO interval values (extractor.dates, no spaCy)."""
import itertools
import re
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.dates import COMPILED, _matches, _moved, _Scan, find_dates

DOC_DATE = "2019-06-23"  # a Sunday


def _dates(text, doc_date=DOC_DATE):
    return [(text[m.start:m.end], m.value) for m in find_dates(text, doc_date)]


@pytest.mark.parametrize("text,span,value", [
    ("It happened on June 21, 2019 in the capital.", "June 21, 2019", "2019-06-21/2019-06-21"),
    ("It happened on 21 June 2019.", "21 June 2019", "2019-06-21/2019-06-21"),
    ("designated in December 1979 as", "December 1979", "1979-12-01/1979-12-31"),
    ("since Dec. 1979 the", "Dec. 1979", "1979-12-01/1979-12-31"),
    ("in the first half of 2021 alone", "the first half of 2021", "2021-01-01/2021-06-30"),
    ("in the second half of 2020", "the second half of 2020", "2020-07-01/2020-12-31"),
    ("in the third quarter of 2022", "the third quarter of 2022", "2022-07-01/2022-09-30"),
    ("a park, in late 2015.", "late 2015", "2015-09-01/2015-12-31"),
    ("by mid-2019 it", "mid-2019", "2019-05-01/2019-08-31"),
    ("In the 80s, the", "the 80s", "1980-01-01/1989-12-31"),
    ("since the 1960s they", "the 1960s", "1960-01-01/1969-12-31"),
    ("The 1960s were calm.", "The 1960s", "1960-01-01/1969-12-31"),
    ("Late 2015, it", "Late 2015", "2015-09-01/2015-12-31"),
    ("in the early 1990s", "the early 1990s", "1990-01-01/1993-12-31"),
    ("between 2012 and 2017 the", "between 2012 and 2017", "2012-01-01/2017-12-31"),
    ("from September 7 to October 1 the", "from September 7 to October 1", "2019-09-07/2019-10-01"),
    ("the end of 2018 saw", "the end of 2018", "2018-12-01/2018-12-31"),
    ("the Korean War in 1953.", "1953", "1953-01-01/1953-12-31"),
    ("talks this weekend amid", "this weekend", "2019-06-22/2019-06-23"),
    ("arrived on Friday for", "Friday", "2019-06-21/2019-06-21"),
    ("Last year, Syrian", "Last year", "2018-01-01/2018-12-31"),
    ("more than 10 years ago", "more than 10 years ago", "2009-01-01/2009-12-31"),
    ("two weeks ago", "two weeks ago", "2019-06-03/2019-06-09"),
    ("met in April.", "April", "2019-04-01/2019-04-30"),
    ("yesterday the", "yesterday", "2019-06-22/2019-06-22"),
])
def test_dates_each_form_has_its_interval(text, span, value):
    assert _dates(text) == [(span, value)]


@pytest.mark.parametrize("text,span", [
    ("arrived on Friday for", "Friday"), ("this weekend", "this weekend"),
    ("more than 10 years ago", "more than 10 years ago"), ("met in April.", "April"),
])
def test_dates_relative_forms_are_null_without_doc_date(text, span):
    assert _dates(text, None) == [(span, None)]


def test_dates_weekday_before_a_full_date_is_not_separate():
    assert _dates("on Friday, June 21, 2019") == [("June 21, 2019", "2019-06-21/2019-06-21")]


def test_dates_same_year_takes_the_previous_year():
    text = "The OPCW confirmed it in 2019. In the same year, the UN acted."
    assert _dates(text, None) == [("2019", "2019-01-01/2019-12-31"), ("the same year", "2019-01-01/2019-12-31")]


@pytest.mark.parametrize("text", [
    "It killed 2000 troops.", "a 2,019 km border", "price rose 2019%", "a two-day visit",
    "in 24 years", "The regime may fall.",
])
def test_dates_numbers_and_durations_are_not_dates(text):
    assert _dates(text) == []


# Each pattern is tried only where STARTS says it can start: it must find what
# a finditer over the whole text finds. The first and last distance back from a
# key to a match start, for each pattern:
EDGE_PHRASES = [
    "mid-1990s", "The early 2000s", "the 80s", "the '80s", "The 1980s", "first half of 2019",
    "The second half of 2019", "third quarter of 2019", "The fourth quarter of 2019", "beginning of 2019",
    "the beginning of 2019", "The end of 2019", "start of 2019", "mid-2019", "Mid 2019", "Late 2019",
    "late-2019", "early 2019", "Early 2019", "a day ago", "more than twelve months ago", "less than 100 years ago",
    "Nearly ELEVEN WEEKS AGO", "5 June 2019", "21st June, 2019", "05th Sept. 2019", "Sept. 3rd 2019",
    "June 21, 2019", "Dec. 5", "Dec. 5, 2019", "between 2012 and 2017", "between June 2019 and July 2019",
    "from September 7 to October 1", "from Jan. 2019 until March 2019", "this weekend", "Last Month",
    "past week", "Today", "YESTERDAY", "tomorrow", "The same year", "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday, June 21, 2019", "Saturday", "Sunday", "May 2019", "December, 2019", "April", "1999",
]
PIECES = [
    "between ", "from ", " and ", " to ", " through ", "the ", "The ", "THE ", "early", "Mid", "late", "-", " ",
    ", ", ",", ".", "'", "\n", "first", "second", "fourth", " half of ", " quarter of ", "beginning of ", "end of ",
    "weekend", "week", "month", "year", "years", "day", "days", " ago", " AGO", "more than ", "nearly ", "a ",
    "twelve", "this", "Last", "next", "PAST", "today", "yesterday", "tomorrow", "same year", "the same year",
    "Monday", "Wednesday", "Sunday", "Sunni", "January", "May", "September", "Jan", "Jan.", "Sept.", "Dec",
    "1", "2", "03", "21", "21st", "31", "80s", "1980s", "2000s", "1500", "2019", "20199", "2,019", "$2019", "%",
    " troops", " km", "x", "_", "\u0130", "\u0131", "\u017f", "\u212a", "\u0663", "20\u0661\u0669", "\u00e9",
]


def _same_as_finditer(text):
    scan = _Scan(text)
    for kind, pattern in COMPILED:
        spans = [(m.start, m.end) for m in _matches(kind, pattern, text, scan.starts(kind))]
        assert spans == [m.span() for m in pattern.finditer(text)], (kind, text)


@pytest.mark.parametrize("phrase", EDGE_PHRASES)
def test_dates_patterns_tried_at_their_starts_find_what_finditer_finds(phrase):
    for before, after in itertools.product(["", "x ", "(", "on ", "1"], ["", " y", ".", "0"]):
        _same_as_finditer(before + phrase + after)


@settings(max_examples=400, deadline=None)
@given(text=st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=40).map("".join))
def test_dates_patterns_tried_at_their_starts_find_what_finditer_finds_in_any_text(text):
    _same_as_finditer(text)


def _year_month_or_day(day, unit):
    return (day.year, day.month) if unit in ("year", "month") else day


@pytest.mark.parametrize("unit", ["year", "month", "week", "day"])
def test_dates_moving_a_date_agrees_with_relativedelta(unit):
    days = [date(2019, 1, 31), date(2020, 2, 29), date(2019, 12, 31), date(1, 1, 1), date(1, 2, 3), date(9999, 12, 31)]
    for day, count in itertools.product(days, [-13, -12, -1, 0, 1, 11, 12, 999]):
        try:
            expected = day + relativedelta(**{unit + "s": count})
        except (ValueError, OverflowError):
            assert _moved(day, unit, count) is None  # outside the calendar
        else:
            assert _year_month_or_day(_moved(day, unit, count), unit) == _year_month_or_day(expected, unit)


@pytest.mark.parametrize("text,ascii_text", [
    ("thıs week and last month", "this week and last month"),  # dotless i
    ("THİS WEEK last year", "THIS WEEK last year"),  # dotted capital I
    ("3 dayſ ago", "3 days ago"),  # long s
])
def test_dates_letters_a_caseless_match_takes_for_ascii_ones_give_the_same_values(text, ascii_text):
    assert [m.value for m in find_dates(text, "2019-06-23")] == [m.value for m in find_dates(ascii_text, "2019-06-23")]


def test_dates_relative_values_outside_the_calendar_are_none():
    assert [(m.kind, m.value) for m in find_dates("3 years ago, yesterday and Friday", "0001-01-01")] == [
        ("ago", None), ("relative", None), ("weekday", None)]


@pytest.mark.parametrize("text,value", [
    ("on Sunday", "2019-06-16/2019-06-16"),  # doc_date is a Sunday: the same day would be "today"
    ("on Saturday", "2019-06-22/2019-06-22"),
    ("in December", "2018-12-01/2018-12-31"),  # the most recent December not after doc_date
    ("in June", "2019-06-01/2019-06-30"),
])
def test_dates_weekdays_and_bare_months_look_back_as_the_guideline_says(text, value):
    assert [m.value for m in find_dates(text, "2019-06-23")] == [value]
