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
MONTHS_IN = {"quarter": 3, "decade": 120}
STEP = {"this": 0, "last": -1, "past": -1, "next": 1, "previous": -1, "following": 1, "same": 0, "that": 0}
SHIFT = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "last night": -1,
         "the day before yesterday": -2, "the day after tomorrow": 2}


class Context(NamedTuple):
    """What a phrase's value depends on besides its words."""

    doc_date: Optional[date]
    tense: Callable[[], bool]  # whether the governing verb is in the future tense (read only when asked: `future`)
    earlier: tuple  # the values of the text's earlier dates, nearest last
    words: object  # extractor.dates.DateWords

    @property
    def future(self) -> bool:
        return self.tense()


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
    """The day moved by `count` days, weeks, months, quarters, years or decades (months and
    longer keep the day where the month has it, else take the month's last day)."""
    if unit in MONTHS_IN:
        unit, count = "month", count * MONTHS_IN[unit]
    if unit == "day":
        return day + timedelta(days=count)
    if unit == "week":
        return day + timedelta(weeks=count)
    months = day.year * 12 + day.month - 1 + count * (12 if unit == "year" else 1)
    year, month = divmod(months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def unit_of(day: date, unit: str) -> Interval:
    """The day, week, month, quarter or year that holds the day."""
    if unit == "year":
        return year_span(day.year)
    if unit == "quarter":
        first = (day.month - 1) // 3 * 3 + 1
        return month_span(day.year, first, first + 2)
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


@resolver("month_year")
def _absolute(groups: dict, phrase: str, ctx: Context) -> Optional[Interval]:
    return simple(phrase, ctx.words)


def day_range(first: date, groups: dict, words) -> Interval:
    """A day, or the days from it to the range's last day ("Sept. 3-4", "Aug. 30-Sept. 2",
    "30 September-2 October"; into the next year when the last month comes first: "Dec. 30-Jan. 2")."""
    last_day = groups.get("to") or groups.get("to2") or groups.get("to3")
    if last_day is None:
        return first, first
    month = groups.get("tomonth") or groups.get("tomonth2")
    last = date(first.year, month_number(words, month) if month else first.month, int(NUMBER.match(last_day).group()))
    if last < first and month:
        last = last.replace(year=last.year + 1)
    if last < first:
        raise ValueError("a day range that runs backwards")
    return first, last


@resolver("full")
def _full(groups: dict, phrase: str, ctx: Context) -> Optional[Interval]:
    """A full date, a day range in one month ("Nov. 11-12, 2024") or a numeric date:
    "17.05.2024" is day.month.year; with slashes the number above 12 is the day, and a
    date both ways round ("05/06/2024") has no value."""
    if groups["ny"] is None:
        return day_range(simple(phrase, ctx.words)[0], groups, ctx.words)
    first, second = int(groups["n1"]), int(groups["n2"])
    if groups["sep"] == "." or first > 12:
        day, month = first, second
    elif second > 12 or first == second:
        day, month = second, first
    else:
        return None
    found = date(int(groups["ny"]), month, day)
    return found, found


@resolver("year")
def _year(groups: dict, phrase: str, ctx: Context) -> Optional[Interval]:
    """A year, an ISO date or month (2024-05-17, 2024/05/17, 2024-05) or a span of years (2019-2020, 2019-20)."""
    year = int(groups["year"])
    if groups["im"] or groups["sm"]:
        found = date(year, int(groups["im"] or groups["sm"]), int(groups["id"] or groups["sd"]))
        return found, found
    if groups["to"] is None:
        return year_span(year)
    if len(groups["to"]) == 4:
        last = int(groups["to"])
    elif int(groups["to"]) > year % 100:  # 2019-20, 1980-88
        last = year // 100 * 100 + int(groups["to"])
    else:  # 2024-05 is ISO's month; 2024-15 nothing
        return month_span(year, int(groups["to"])) if 1 <= int(groups["to"]) <= 12 else None
    return (date(year, 1, 1), date(last, 12, 31)) if last > year else None


@resolver("range")
def _range(groups: dict, phrase: str, ctx: Context) -> Optional[Interval]:
    """Two dates as one interval; a bare month at the end is placed as a bare month is
    (by the tense), and one at the start falls in the year before when it would come after the end."""
    a, b = groups["a"] or groups["a2"], groups["b"] or groups["b2"]
    if b.rstrip(".").lower() in ctx.words.months:
        last = None if ctx.doc_date is None else bare_month(ctx.doc_date, month_number(ctx.words, b), ctx.future)
    else:
        last = simple(b, ctx.words, ctx.doc_date.year if ctx.doc_date else None)
    first = simple(a, ctx.words, last[1].year if last else None)
    if first and last and first[0] > last[1] and a.rstrip(".").lower() in ctx.words.months:
        first = month_span(first[0].year - 1, first[0].month)
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
    start = int(groups["decade"][:4]) if groups["decade"][0].isdigit() else 1900 + int(groups["decade"][1:3])
    first, last = _thirds(ctx.words.thirds["decade"], groups["part"])
    return date(start + first, 1, 1), date(start + last, 12, 31)


@resolver("part_year")
def _part_year(groups: dict, phrase: str, ctx: Context) -> Interval:
    return month_span(int(groups["year"]), *_thirds(ctx.words.thirds["year"], groups["part"]))


def year_named(groups: dict, ctx: Context) -> Optional[int]:
    """The year of "of 2021" (`year`), "of the year", "of next year" (`rel`: D's year, the next)."""
    if groups.get("year"):
        return int(groups["year"])
    return None if ctx.doc_date is None else ctx.doc_date.year + STEP.get((groups.get("rel") or "this").lower(), 0)


@resolver("half", "quarter")
def _half_or_quarter(groups: dict, phrase: str, ctx: Context) -> Optional[Interval]:
    """A half or quarter of a year; a bare quarter ("the third quarter") is placed as a bare month is."""
    table = ctx.words.halves if " half " in phrase else ctx.words.quarters
    if groups.get("which2"):
        return bare_part(ctx, table[groups["which2"]])
    year = year_named(groups, ctx)
    return None if year is None else month_span(year, *table[groups["which"]])


def bare_part(ctx: Context, months: tuple) -> Optional[Interval]:
    """A quarter without a year: by the tense, as for a bare month (its first month decides)."""
    if ctx.doc_date is None:
        return None
    start = bare_month(ctx.doc_date.replace(day=1, month=(ctx.doc_date.month - 1) // 3 * 3 + 1), months[0], ctx.future)
    return month_span(start[0].year, *months)


@resolver("quarter_code")
def _quarter_code(groups: dict, phrase: str, ctx: Context) -> Optional[Interval]:
    """Q3, Q3 2024, H1 2024."""
    if groups["h"]:
        return month_span(int(groups["hyear"]), *tuple(ctx.words.halves.values())[int(groups["h"]) - 1])
    months = tuple(ctx.words.quarters.values())[int(groups["q"]) - 1]
    return month_span(int(groups["year"]), *months) if groups["year"] else bare_part(ctx, months)


@resolver("fiscal")
def _fiscal(groups: dict, phrase: str, ctx: Context) -> None:
    """FY2024, fiscal 2024: the fiscal calendar is the issuer's, so no value."""
    return None


@resolver("century")
def _century(groups: dict, phrase: str, ctx: Context) -> Interval:
    """the 20th century: 1900-1999, as news counts it."""
    start = (int(groups["c"]) - 1) * 100
    return date(start, 1, 1) if start else date(1, 1, 1), date(start + 99, 12, 31)


@resolver("holiday")
def _holiday(groups: dict, phrase: str, ctx: Context) -> Optional[Interval]:
    """A fixed holiday as a month and day (with its year, else the nearest to D); a movable one has no value."""
    fixed = ctx.words.holidays[groups["name"].lower().replace("’", "'")]
    if fixed is None:
        return None
    if groups["year"]:
        day = date(int(groups["year"]), *fixed)
    elif ctx.doc_date is None:
        return None
    else:
        day = nearest_day(ctx.doc_date, *fixed)
    return day, day


@resolver("period_part")
@deictic
def _period_part(groups: dict, phrase: str, ctx: Context) -> Interval:
    """early next year, late last month, the end of the year, the beginning of this month, early next week."""
    unit = groups["unit"].lower()
    first, last = unit_of(moved(ctx.doc_date, unit, STEP[(groups["rel"] or "this").lower()]), unit)
    return part_of(first, last, unit, groups["part"], groups["edge"], ctx.words)


def part_of(first: date, last: date, unit: str, part: Optional[str], edge: Optional[str], words) -> Interval:
    """A third (early / mid / late) or edge (beginning / end) of a week, month or year: the
    edges of a year are its first and last months, those of a week or month its early and late thirds."""
    if unit == "year" and edge:
        return month_span(first.year, 12 if edge.lower() == "end" else 1)
    name = part.lower() if part else ("late" if edge.lower() == "end" else "early")
    a, b = words.thirds[unit][name]
    if unit == "year":
        return month_span(first.year, a, b)
    if unit == "month":
        return first.replace(day=a), first.replace(day=min(b, last.day))
    return first + timedelta(days=a), first + timedelta(days=b)


@resolver("edge")
def _edge(groups: dict, phrase: str, ctx: Context) -> Optional[Interval]:
    """the end of 2015, end-2015 (its last month), the end of March 2023 (its late third); a bare month by the tense."""
    edge = groups["edge"] or groups["edge2"]
    if groups["year"]:
        return part_of(*year_span(int(groups["year"])), "year", None, edge, ctx.words)
    month = month_number(ctx.words, groups["month"])
    if groups["myear"]:
        span = month_span(int(groups["myear"]), month)
    elif ctx.doc_date is None:
        return None
    else:
        span = bare_month(ctx.doc_date, month, ctx.future)
    return part_of(*span, "month", None, edge, ctx.words)


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
    day = nearest_day(ctx.doc_date, month, int(NUMBER.match(groups["day"] or groups["day2"]).group()))
    return None if day is None else day_range(day, groups, ctx.words)


@resolver("decade")
def _decade(groups: dict, phrase: str, ctx: Context) -> Interval:
    start = int((groups["century"] or groups["century2"] or "19") + (groups["tens"] or groups["tens2"]) + "0")
    return date(start, 1, 1), date(start + 9, 12, 31)


def _count(words, text: str) -> int:
    return int(text) if text.isdigit() else words.numbers[text.lower()]


@resolver("ago")
@deictic
def _ago(groups: dict, phrase: str, ctx: Context) -> Interval:
    unit = groups["unit"].lower()
    found = moved(ctx.doc_date, unit, -_count(ctx.words, groups["count"]))
    return unit_of(found, "year" if unit == "decade" else unit)


@resolver("stretch")
@deictic
def _stretch(groups: dict, phrase: str, ctx: Context) -> Interval:
    """the past two weeks: from the day after D moved back two weeks to D; the coming days:
    from D+1 to D moved ahead (a few days are seven, a few weeks four; hours count whole days)."""
    day, few = ctx.doc_date, ctx.words.few
    if groups["back"]:
        if groups["count"]:
            unit, count = groups["unit"].lower(), _count(ctx.words, groups["count"])
        elif groups["few"]:
            unit = groups["funit"].lower()
            count = few[unit]
        else:  # the past week, the past seven days
            unit, count = (groups["unit1"].lower(), 1) if groups["unit1"] else ("day", 7)
        if unit == "hour":
            return day - timedelta(days=-(-count // 24)), day
        return moved(day, unit, -count) + timedelta(days=1), day
    unit = (groups["unit2"] or groups["ahead"]).lower()
    count = _count(ctx.words, groups["count2"]) if groups["count2"] else few[unit]
    if unit == "hour":
        return day, day + timedelta(days=-(-count // 24))
    return day + timedelta(days=1), moved(day, unit, count)


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
    rel, unit = groups["rel"].lower(), groups["unit"].lower()
    if unit == "weekend":  # this past weekend: the one just gone, as for 'the weekend' in the past tense
        return weekend(ctx.doc_date, None) if rel == "this past" else weekend(ctx.doc_date, STEP[rel])
    step = STEP[rel.replace("this past", "past")]
    return unit_of(moved(ctx.doc_date, unit, step), unit)


@resolver("weekday_step")
@deictic
def _weekday_step(groups: dict, phrase: str, ctx: Context) -> Interval:
    rel = groups["rel"].lower().replace("this past", "last")
    day = weekday_step(ctx.doc_date, ctx.words.weekdays[groups["weekday"].lower()], rel)
    return day, day


@resolver("weekend")
@deictic
def _weekend(groups: dict, phrase: str, ctx: Context) -> Interval:
    return weekend(ctx.doc_date, None, ctx.future and not groups["past"])


@resolver("weekday", "weekday_part")
@deictic
def _weekday(groups: dict, phrase: str, ctx: Context) -> Interval:
    name = groups.get("weekday") or groups.get("weekday2") or groups.get("weekday3") or phrase
    day = weekday_on(ctx.doc_date, ctx.words.weekdays[name.lower()], ctx.future)
    return day, day


@resolver("month")
@deictic
def _month(groups: dict, phrase: str, ctx: Context) -> Interval:
    return bare_month(ctx.doc_date, month_number(ctx.words, phrase), ctx.future)


PARTS_OF_DAY = ("morning", "afternoon", "evening", "night")


@resolver("anaphoric")
def _anaphoric(groups: dict, phrase: str, ctx: Context) -> Optional[Interval]:
    rel = groups["rel"] or groups["rel2"]
    if rel or groups["unit3"]:
        unit = (groups["unit"] or groups["unit2"] or groups["unit3"]).lower()
        return from_anchor(ctx.earlier, "day" if unit in PARTS_OF_DAY else unit, STEP[rel.lower()] if rel else 0)
    if groups["unit5"]:  # the week before, the night before, the day after
        unit = groups["unit5"].lower()
        return from_anchor(ctx.earlier, "day" if unit in PARTS_OF_DAY else unit, 1 if groups["side"].lower() == "after" else -1)
    if groups["rel4"] or groups["eve"]:  # the next morning, the previous night, the eve
        return from_anchor(ctx.earlier, "day", STEP[groups["rel4"].lower()] if groups["rel4"] else -1)
    if groups["count"]:
        count = _count(ctx.words, groups["count"]) * (1 if groups["dir"].lower() == "later" else -1)
        unit = groups["unit4"].lower()
        if unit in ("day", "week"):
            return from_anchor(ctx.earlier, "day", count * (7 if unit == "week" else 1))
        return from_anchor(ctx.earlier, unit, count)
    raise ValueError(f"an anaphoric phrase of no known form: {phrase!r}")
