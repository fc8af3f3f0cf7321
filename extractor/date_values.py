"""The value of a date phrase: an interval of days, by the conventions of
annotations/GUIDELINES.md section 5 (the newsroom convention for weekdays and bare months).

Pure functions over `datetime.date`: each kind of phrase found by `extractor.dates` has a
resolver taking the match's groups and a `Context` (the document date, whether the
governing verb is in the future tense, and the values of the text's earlier dates, whose
nearest one of the precision an anaphoric phrase needs is its anchor). A resolver returns
(first day, last day), or None
where the phrase cannot be placed (a deictic phrase without a document date, an anaphoric
one without an anchor of the precision it needs, a day outside the calendar).
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Callable, NamedTuple, Optional

Interval = tuple[date, date]
STEP = {"this": 0, "last": -1, "past": -1, "next": 1, "previous": -1, "following": 1, "same": 0, "that": 0}
SHIFT = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "last night": -1,
         "the day before yesterday": -2, "the day after tomorrow": 2}


class Context(NamedTuple):
    """What a phrase's value depends on besides its words."""

    doc_date: Optional[date]
    future: bool
    earlier: tuple  # the values of the text's earlier dates, nearest last
    words: object  # extractor.dates.DateWords


def interval_text(value: Optional[Interval]) -> Optional[str]:
    """ISO 8601 interval text 'YYYY-MM-DD/YYYY-MM-DD' of an interval, None for None."""
    return None if value is None else f"{value[0].isoformat()}/{value[1].isoformat()}"


def month_span(year: int, first: int, last: Optional[int] = None) -> Interval:
    """From the first day of month `first` to the last day of month `last` (a later year
    when `last` comes before `first`: a winter)."""
    last = first if last is None else last
    end_year = year + (last < first)
    return date(year, first, 1), date(end_year, last, calendar.monthrange(end_year, last)[1])


def year_span(year: int) -> Interval:
    return date(year, 1, 1), date(year, 12, 31)


def week_of(day: date) -> Interval:
    """The Monday-Sunday week holding the day."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def moved(day: date, unit: str, count: int) -> date:
    """The day moved by `count` days, weeks, months or years (months and years keep the
    day where the month has it, else take the month's last day)."""
    if unit == "day":
        return day + timedelta(days=count)
    if unit == "week":
        return day + timedelta(weeks=count)
    months = day.year * 12 + day.month - 1 + count * (12 if unit == "year" else 1)
    year, month = divmod(months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def unit_of(day: date, unit: str) -> Interval:
    """The day, week, month or year that holds the day."""
    if unit == "year":
        return year_span(day.year)
    if unit == "month":
        return month_span(day.year, day.month)
    if unit == "week":
        return week_of(day)
    return day, day


def precision(value: Interval) -> str:
    """'day', 'week', 'month', 'year' or 'other': the unit an interval is exactly."""
    first, last = value
    if first == last:
        return "day"
    if first.weekday() == 0 and last - first == timedelta(days=6):
        return "week"
    if (first.day, last) == (1, month_span(first.year, first.month)[1]):
        return "month"
    return "year" if (first, last) == year_span(first.year) else "other"


# --- deictic dates (relative to the document date) -----------------------------

def weekday_on(doc_date: date, weekday: int, future: bool) -> date:
    """A bare weekday: the most recent on or before the document date, or (future tense)
    the nearest on or after it."""
    if future:
        return doc_date + timedelta(days=(weekday - doc_date.weekday()) % 7)
    return doc_date - timedelta(days=(doc_date.weekday() - weekday) % 7)


def weekday_step(doc_date: date, weekday: int, rel: str) -> date:
    """last / next / this Friday: strictly before, strictly after, in the document's week."""
    if rel == "last":
        return doc_date - timedelta(days=(doc_date.weekday() - weekday) % 7 or 7)
    if rel == "next":
        return doc_date + timedelta(days=(weekday - doc_date.weekday()) % 7 or 7)
    return week_of(doc_date)[0] + timedelta(days=weekday)


def weekend(doc_date: date, step: Optional[int] = None, future: bool = False) -> Interval:
    """this / last / next weekend (`step` 0, -1, 1: of the document's week or the week
    before or after), or 'the weekend' by tense (`step` None)."""
    if step is not None:
        saturday = week_of(doc_date)[0] + timedelta(days=5, weeks=step)
    elif future:
        saturday = doc_date + timedelta(days=(5 - doc_date.weekday()) % 7) if doc_date.weekday() != 6 \
            else doc_date - timedelta(days=1)
    else:
        saturday = doc_date - timedelta(days=(doc_date.weekday() - 5) % 7)
    return saturday, saturday + timedelta(days=1)


def bare_month(doc_date: date, month: int, future: bool) -> Interval:
    """A month without a year: the most recent not after the document's month, or (future
    tense) the nearest on or after it."""
    if future:
        return month_span(doc_date.year + (month < doc_date.month), month)
    return month_span(doc_date.year - (month > doc_date.month), month)


def nearest_day(doc_date: date, month: int, day: int) -> Optional[date]:
    """A month and day without a year: in the year that puts it nearest the document date."""
    found = []
    for year in (doc_date.year - 1, doc_date.year, doc_date.year + 1):
        try:
            found.append(date(year, month, day))
        except ValueError:
            continue
    return min(found, key=lambda d: (abs((d - doc_date).days), d)) if found else None


def season_span(year: int, season: str, words) -> Interval:
    """A season of a year (a winter runs into the next year)."""
    first, last = words.seasons[season]
    return month_span(year, first, last)


def season_step(doc_date: date, season: str, rel: str, words) -> Interval:
    """last / this / next summer: the most recent that ended before the document date, the
    one of its year, the next that starts after it."""
    if rel == "this":
        return season_span(doc_date.year, season, words)
    years = range(doc_date.year - 2, doc_date.year + 2)
    spans = [season_span(year, season, words) for year in years]
    if rel == "next":
        return next(s for s in spans if s[0] > doc_date)
    return [s for s in spans if s[1] < doc_date][-1]


# --- anaphoric dates (relative to the anchor) ----------------------------------

ANCHOR_PRECISIONS = {"day": ("day",), "week": ("day", "week"), "month": ("day", "week", "month"),
                     "year": ("day", "week", "month", "year", "other")}
MAX_ANCHOR_BACK = 20


def anchor_of(earlier: tuple, unit: str) -> Optional[Interval]:
    """The nearest earlier value precise enough for a phrase of `unit` ("two days later" needs a
    day, "the following year" any date), None when there is none."""
    needed = ANCHOR_PRECISIONS[unit]
    return next((value for value in reversed(earlier[-MAX_ANCHOR_BACK:]) if precision(value) in needed), None)


def from_anchor(earlier: tuple, unit: str, count: int) -> Optional[Interval]:
    """The unit `count` units from the anchor's (see `anchor_of`)."""
    anchor = anchor_of(earlier, unit)
    return None if anchor is None else unit_of(moved(anchor[0], unit, count), unit)


# --- the resolvers of each kind of phrase ------------------------------------

Resolver = Callable[[dict, str, Context], Optional[Interval]]
RESOLVERS: dict[str, Resolver] = {}


def resolver(*kinds: str):
    """Register a function as the resolver of these kinds of phrase."""
    def register(function: Resolver) -> Resolver:
        RESOLVERS.update(dict.fromkeys(kinds, function))
        return function
    return register


def deictic(function: Resolver) -> Resolver:
    """A resolver that needs the document date: None without one."""
    def resolve(groups: dict, phrase: str, ctx: Context) -> Optional[Interval]:
        return None if ctx.doc_date is None else function(groups, phrase, ctx)
    return resolve


def month_number(words, name: str) -> int:
    return words.months[name.lower().rstrip(".")]


NUMBER, NAME = re.compile(r"\d+"), re.compile(r"[A-Za-z]+\.?")


def simple(text: str, words, default_year: Optional[int] = None) -> Optional[Interval]:
    """A simple date phrase: full date, month and day (with `default_year`), month and year, year."""
    numbers = NUMBER.findall(text)
    year = next((int(p) for p in numbers if len(p) == 4), default_year)
    month = next((month_number(words, p) for p in NAME.findall(text) if p.lower().rstrip(".") in words.months), None)
    day = next((int(p) for p in numbers if len(p) <= 2), None)
    if year is None:
        return None
    if month is None:
        return year_span(year)
    if day is None:
        return month_span(year, month)
    return date(year, month, day), date(year, month, day)


def _thirds(table: dict, part: str) -> tuple[int, int]:
    first, last = table[part.lower()]
    return first, last


@resolver("full", "month_year", "year")
def _absolute(groups: dict, phrase: str, ctx: Context) -> Optional[Interval]:
    return simple(phrase, ctx.words)


@resolver("range")
def _range(groups: dict, phrase: str, ctx: Context) -> Optional[Interval]:
    last = simple(groups["b"] or groups["b2"], ctx.words, ctx.doc_date.year if ctx.doc_date else None)
    first = simple(groups["a"] or groups["a2"], ctx.words, last[1].year if last else None)
    return (first[0], last[1]) if first and last and first[0] <= last[1] else None


@resolver("part_month")
def _part_month(groups: dict, phrase: str, ctx: Context) -> Optional[Interval]:
    month = month_number(ctx.words, groups["month"])
    if groups["year"]:
        span = month_span(int(groups["year"]), month)
    elif ctx.doc_date is not None:
        span = bare_month(ctx.doc_date, month, ctx.future)
    else:
        return None
    first, last = _thirds(ctx.words.thirds["month"], groups["part"])
    return span[0].replace(day=first), span[1].replace(day=min(last, span[1].day))


@resolver("part_decade")
def _part_decade(groups: dict, phrase: str, ctx: Context) -> Interval:
    start = int(groups["decade"][:4])
    first, last = _thirds(ctx.words.thirds["decade"], groups["part"])
    return date(start + first, 1, 1), date(start + last, 12, 31)


@resolver("part_year")
def _part_year(groups: dict, phrase: str, ctx: Context) -> Interval:
    return month_span(int(groups["year"]), *_thirds(ctx.words.thirds["year"], groups["part"]))


@resolver("half", "quarter")
def _half_or_quarter(groups: dict, phrase: str, ctx: Context) -> Interval:
    table = ctx.words.halves if " half " in phrase else ctx.words.quarters
    return month_span(int(groups["year"]), *table[groups["which"]])


@resolver("edge")
def _edge(groups: dict, phrase: str, ctx: Context) -> Interval:
    month = 12 if groups["edge"] == "end" else 1
    return month_span(int(groups["year"]), month)


@resolver("season_edge")
def _season_edge(groups: dict, phrase: str, ctx: Context) -> Interval:
    first, last = season_span(int(groups["year"]), groups["season"].lower(), ctx.words)
    day = last if groups["edge"] == "end" else first
    return month_span(day.year, day.month)


@resolver("season")
def _season(groups: dict, phrase: str, ctx: Context) -> Interval:
    return season_span(int(groups["year"]), groups["season"].lower(), ctx.words)


@resolver("season_of_that_year")
def _season_of_that_year(groups: dict, phrase: str, ctx: Context) -> Optional[Interval]:
    anchor = anchor_of(ctx.earlier, "year")
    return None if anchor is None else season_span(anchor[0].year, groups["season"].lower(), ctx.words)


@resolver("season_step")
@deictic
def _season_step(groups: dict, phrase: str, ctx: Context) -> Interval:
    return season_step(ctx.doc_date, groups["season"].lower(), groups["rel"].lower(), ctx.words)


@resolver("month_step_year")
@deictic
def _month_step_year(groups: dict, phrase: str, ctx: Context) -> Interval:
    return month_span(ctx.doc_date.year + STEP[groups["rel"]], month_number(ctx.words, groups["month"]))


@resolver("month_day")
@deictic
def _month_day(groups: dict, phrase: str, ctx: Context) -> Optional[Interval]:
    month = month_number(ctx.words, groups["month"] or groups["month2"])
    day = nearest_day(ctx.doc_date, month, int(re.match(r"\d+", groups["day"] or groups["day2"]).group()))
    return None if day is None else (day, day)


@resolver("decade")
def _decade(groups: dict, phrase: str, ctx: Context) -> Interval:
    start = int((groups["century"] or "19") + groups["tens"] + "0")
    return date(start, 1, 1), date(start + 9, 12, 31)


def _count(words, text: str) -> int:
    return int(text) if text.isdigit() else words.numbers[text.lower()]


@resolver("ago")
@deictic
def _ago(groups: dict, phrase: str, ctx: Context) -> Interval:
    unit = groups["unit"].lower()
    return unit_of(moved(ctx.doc_date, unit, -_count(ctx.words, groups["count"])), unit)


@resolver("stretch")
@deictic
def _stretch(groups: dict, phrase: str, ctx: Context) -> Interval:
    day = ctx.doc_date
    if groups["back"]:
        start = moved(day, "month", -1) + timedelta(days=1) if groups["unit"] == "month" else day - timedelta(days=6)
        return start, day
    return day + timedelta(days=1), day + timedelta(days=7 if groups["ahead"].lower() == "days" else 28)


@resolver("within")
@deictic
def _within(groups: dict, phrase: str, ctx: Context) -> Interval:
    first, last = unit_of(ctx.doc_date, groups["unit"].lower())
    return (first, ctx.doc_date) if groups["when"].lower() == "earlier" else (ctx.doc_date, last)


@resolver("deictic")
@deictic
def _deictic(groups: dict, phrase: str, ctx: Context) -> Interval:
    words = phrase.lower()
    if words == "overnight":
        return ctx.doc_date - timedelta(days=1), ctx.doc_date
    day = ctx.doc_date + timedelta(days=SHIFT.get(words, 0))
    return day, day


@resolver("relative")
@deictic
def _relative(groups: dict, phrase: str, ctx: Context) -> Interval:
    step, unit = STEP[groups["rel"].lower()], groups["unit"].lower()
    if unit == "weekend":
        return weekend(ctx.doc_date, step)
    return unit_of(moved(ctx.doc_date, unit, step), unit)


@resolver("weekday_step")
@deictic
def _weekday_step(groups: dict, phrase: str, ctx: Context) -> Interval:
    day = weekday_step(ctx.doc_date, ctx.words.weekdays[groups["weekday"].lower()], groups["rel"].lower())
    return day, day


@resolver("weekend")
@deictic
def _weekend(groups: dict, phrase: str, ctx: Context) -> Interval:
    return weekend(ctx.doc_date, None, ctx.future)


@resolver("weekday", "weekday_part")
@deictic
def _weekday(groups: dict, phrase: str, ctx: Context) -> Interval:
    name = groups.get("weekday") or groups.get("weekday2") or phrase
    day = weekday_on(ctx.doc_date, ctx.words.weekdays[name.lower()], ctx.future)
    return day, day


@resolver("month")
@deictic
def _month(groups: dict, phrase: str, ctx: Context) -> Interval:
    return bare_month(ctx.doc_date, month_number(ctx.words, phrase), ctx.future)


@resolver("anaphoric")
def _anaphoric(groups: dict, phrase: str, ctx: Context) -> Optional[Interval]:
    rel = groups["rel"] or groups["rel2"]
    if rel or groups["unit3"]:
        unit = (groups["unit"] or groups["unit2"] or groups["unit3"]).lower()
        return from_anchor(ctx.earlier, unit, STEP[rel.lower()] if rel else 0)
    if groups["count"]:
        count = _count(ctx.words, groups["count"]) * (1 if groups["dir"].lower() == "later" else -1)
        unit = groups["unit4"].lower()
        if unit in ("day", "week"):
            return from_anchor(ctx.earlier, "day", count * (7 if unit == "week" else 1))
        return from_anchor(ctx.earlier, unit, count)
    return from_anchor(ctx.earlier, "day", -1 if phrase.lower() == "the day before" else 0)
