"""Date phrases in news text and their values as ISO 8601 intervals.

Pure functions over strings (no spaCy): `find_dates(text, doc_date)` returns
each phrase's character span and its interval `YYYY-MM-DD/YYYY-MM-DD`.
Periods ("the first half of 2021", "late 2015", "the 80s") and relative phrases
("Friday", "this weekend", "more than 10 years ago") follow the conventions in
annotations/GUIDELINES.md. Relative phrases resolve against `doc_date` and are
None without it.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import NamedTuple, Optional

from spacy.util import filter_spans

# English names, whatever the process's locale (calendar.month_name follows LC_TIME)
MONTH_NAMES = "january february march april may june july august september october november december".split()
MONTHS = {name: i for i, name in enumerate(MONTH_NAMES, 1)}
MONTHS.update({name[:3]: i for i, name in enumerate(MONTH_NAMES, 1)})
MONTHS["sept"] = 9
WEEKDAYS = {name: i for i, name in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
# thirds of a year for early/mid/late
PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
SHIFT = {"today": 0, "yesterday": -1, "tomorrow": 1}
STEP = {"this": 0, "last": -1, "past": -1, "next": 1}
HALVES = {"first": (1, 6), "second": (7, 12)}
QUARTERS = {"first": (1, 3), "second": (4, 6), "third": (7, 9), "fourth": (10, 12)}

MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
         r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
COUNT = r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a)"
UNIT = r"(?:year|month|week|day)s?"
FULL_DATE = rf"(?:{MONTH} {DAY},? {YEAR}|{DAY} {MONTH},? {YEAR})"
SIMPLE = rf"(?:{FULL_DATE}|{MONTH} {DAY}|{MONTH},? {YEAR}|{YEAR})"

PATTERNS = [
    ("range", rf"\b(?:between (?P<a1>{SIMPLE}) and (?P<b1>{SIMPLE})|from (?P<a2>{SIMPLE}) (?:to|until|through) (?P<b2>{SIMPLE}))\b"),
    ("full", rf"\b{FULL_DATE}\b"),
    ("part_decade", r"\b(?:[Tt]he )?(?P<part>[Ee]arly|[Mm]id|[Ll]ate)[- ](?P<decade>(?:1[5-9]|20)\d0s)\b"),
    ("half", rf"\b(?:[Tt]he )?(?P<which>first|second) half of (?P<year>{YEAR})\b"),
    ("quarter", rf"\b(?:[Tt]he )?(?P<which>first|second|third|fourth) quarter of (?P<year>{YEAR})\b"),
    ("edge", rf"\b(?:[Tt]he )?(?P<edge>beginning|start|end) of (?P<year>{YEAR})\b"),
    ("part_year", rf"\b(?P<part>[Ee]arly|[Mm]id|[Ll]ate)[- ](?P<year>{YEAR})\b"),
    ("month_year", rf"\b{MONTH},? {YEAR}\b"),
    ("month_day", rf"\b{MONTH} {DAY}\b(?!,? \d)"),
    ("decade", r"\b[Tt]he (?:(?P<century>1[5-9]|20)|')?(?P<tens>\d)0s\b"),
    ("ago", rf"\b(?:(?:more than|over|about|almost|nearly|some|less than) )?(?P<count>{COUNT}) (?P<unit>{UNIT}) ago\b"),
    ("relative", r"\b(?:(?P<rel>this|last|next|past) (?P<unit>weekend|week|month|year)|(?P<word>today|yesterday|tomorrow))\b"),
    ("same_year", r"\bthe same year\b"),
    ("weekday", rf"\b{WEEKDAY}\b"),
    ("month", r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"),
    ("year", rf"(?<![\d,.$£€])\b{YEAR}\b(?![\d,]\d|%| (?:people|troops|soldiers|dollars|tons|tonnes|km|miles)\b)"),
]
CASELESS = ("relative", "ago", "same_year")
COMPILED = [(name, re.compile(pattern, re.IGNORECASE if name in CASELESS else 0)) for name, pattern in PATTERNS]
# A pattern runs only on texts whose lower-cased form holds one of its words.
# Each match holds one, except a case-insensitive match with 'İ', 'ı' or 'ſ'
# (whose lower case is no ASCII letter): only on such texts is a guard tested.
GUARDS = {
    "range": ("between ", "from "), "part_decade": ("0s",), "decade": ("0s",),
    "half": ("half of",), "quarter": ("quarter of",), "edge": ("beginning of", "start of", "end of"),
    "part_year": ("early", "mid", "late"), "ago": (" ago",), "same_year": ("same year",),
    "relative": ("this ", "last ", "next ", "past ", "today", "yesterday", "tomorrow"),
    "weekday": ("day",),
}

# Where a pattern can start. A pattern led by \b makes `re` try every position of
# the text, so each pattern is tried only `back` characters before each place
# where one of its keys is found. A key is a string, found in the text's case-
# folded copy (which holds every case-sensitive occurrence too), or a token:
# <number> (a run of digits) or <month> (the first three letters of a month
# name), found case-sensitively in one pass of TOKENS, or a string right before
# a token ("half of <number>").
NUMBER, MONTH_NAME = "<number>", "<month>"
STARTS = {  # kind: {key: back}
    "range": {"between <number>": (0,), "between <month>": (0,), "from <number>": (0,), "from <month>": (0,)},
    "full": {"<month>": (0, 2, 3, 4, 5)},  # 21st |June
    "part_decade": {"0s": range(7, 14)},  # [the ]late-198|0s
    "half": {"half of <number>": range(6, 12)},  # [the ]second |half of 2019
    "quarter": {"quarter of <number>": range(6, 12)},
    "edge": {"beginning of <number>": (0, 4), "start of <number>": (0, 4), "end of <number>": (0, 4)},
    "part_year": {"<number>": (4, 5, 6)},  # early |2015
    "month_year": {"<month>": (0,)},
    "month_day": {"<month>": (0,)},
    "decade": {"0s": (5, 6, 7)},  # the 198|0s
    "ago": {" ago": range(5, 24)},  # [more than ]twelve months| ago
    "relative": {"week": (5,), "month": (5,), "year": (5,), "day": (2, 6), "tomorrow": (0,)},  # last |week
    "same_year": {"year": (9,)},  # the same |year
    "weekday": {"day": (3, 4, 5, 6)},  # Wednes|day
    "month": {"<month>": (0,)},
    "year": {"<number>": (0,)},
}
# The first character of every match, for patterns tried at starts that few fit.
FIRST = {
    "full": "0123456789JFMASOND", "part_decade": "TtEeMmLl", "half": "Ttfs", "quarter": "Ttfs",
    "part_year": "EeMmLl", "decade": "Tt", "weekday": "MTWFS",
}
KEYS = {key for keys in STARTS.values() for key in keys}
# Patterns tried right at each place where their one key is found.
AT_KEY = {kind: key for kind, keys in STARTS.items() for key, back in keys.items()
          if len(keys) == 1 and tuple(back) == (0,) and kind not in FIRST}
TOKEN_OF = dict.fromkeys("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), MONTH_NAME)
# Alternatives that each open with a literal character: `re` then skips ahead
# to those characters instead of trying every position.
TOKENS = re.compile("|".join([*TOKEN_OF, *(digit + "[0-9]*" for digit in "0123456789")]))
LED = 3  # a key "half of <number>" looks up the numbers after "of "
# The characters outside ASCII that match ASCII letters under re.IGNORECASE.
FOLD = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}


class DateMention(NamedTuple):
    """A date phrase: `[start, end)` in the text, its kind and its interval value."""

    start: int
    end: int
    kind: str
    value: Optional[str]


class _Found(NamedTuple):
    """A match of the pattern `kind`, before the longest-first choice."""

    start: int
    end: int
    kind: str
    match: re.Match


def interval(first: date, last: date) -> str:
    """ISO 8601 interval text of two dates."""
    return f"{first.isoformat()}/{last.isoformat()}"


def month_interval(year: int, first_month: int, last_month: int) -> str:
    """The interval from the first day of one month to the last day of another."""
    last_day = calendar.monthrange(year, last_month)[1]
    return interval(date(year, first_month, 1), date(year, last_month, last_day))


PARTS_OF_SIMPLE = re.compile(rf"(?P<month>{MONTH})|(?P<year>{YEAR})|(?P<day>\d{{1,2}})(?:st|nd|rd|th)?")


def parse_simple(text: str, doc_date: Optional[date]) -> Optional[tuple[date, date]]:
    """First and last day of a simple date phrase (full date, month+day,
    month+year, month, year); a phrase without a year takes the document's."""
    month = year = day = ""
    for month_part, year_part, day_part in PARTS_OF_SIMPLE.findall(text):  # the last of each
        month, year, day = month_part or month, year_part or year, day_part or day
    if not year and doc_date is None:
        return None
    year = int(year or doc_date.year)
    if not month:
        return date(year, 1, 1), date(year, 12, 31)
    month = MONTHS[month.rstrip(".").lower()]
    try:
        if day:
            day = date(year, month, int(day))
            return day, day
    except ValueError:
        return None
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _folded(text: str) -> str:
    """Lower-cased, with the letters a case-insensitive match takes for ASCII
    ones ('ı', 'İ', 'ſ', Kelvin 'K') made ASCII: "thıs week", "3 dayſ ago"."""
    return text.translate(FOLD).lower()


def _count(text: str) -> int:
    text = _folded(text)
    return 1 if text == "a" else NUMBER_WORDS.get(text, None) or int(text)


def _ago(match: re.Match, doc_date: Optional[date]) -> Optional[str]:
    """'N units ago': the whole unit N units before the document date."""
    if doc_date is None:
        return None
    unit = _folded(match.group("unit")).rstrip("s")
    moment = _moved(doc_date, unit, -_count(match.group("count")))
    return None if moment is None else _unit_around(moment, unit)


def _moved(day: date, unit: str, count: int) -> Optional[date]:
    """`day` moved by `count` years, months, weeks or days (for years and months
    only the year and month count); None outside the calendar (years 1-9999)."""
    try:
        if unit == "year":
            return date(day.year + count, day.month, 1)
        if unit == "month":
            year, month = divmod(day.year * 12 + day.month - 1 + count, 12)
            return date(year, month + 1, 1)
        return day + timedelta(days=count * (7 if unit == "week" else 1))
    except (ValueError, OverflowError):
        return None


def _unit_around(moment: date, unit: str) -> str:
    """The year, month, week (Mon-Sun) or day that contains `moment`."""
    if unit == "year":
        return month_interval(moment.year, 1, 12)
    if unit == "month":
        return month_interval(moment.year, moment.month, moment.month)
    if unit == "week":
        monday = moment - timedelta(days=moment.weekday())
        return interval(monday, monday + timedelta(days=6))
    return interval(moment, moment)


def _relative(match: re.Match, doc_date: Optional[date]) -> Optional[str]:
    """this/last/next week, month, year, weekend; today, yesterday, tomorrow."""
    if doc_date is None:
        return None
    word = _folded(match.group("word") or "")
    if word:
        moment = _moved(doc_date, "day", SHIFT[word])
        return None if moment is None else _unit_around(moment, "day")
    rel, unit = _folded(match.group("rel")), _folded(match.group("unit"))
    step = STEP[rel]
    if unit == "weekend":
        saturday = doc_date + timedelta(days=(5 - doc_date.weekday()) % 7 - (7 if doc_date.weekday() == 6 else 0))
        saturday += timedelta(weeks=step)
        return interval(saturday, saturday + timedelta(days=1))
    moment = _moved(doc_date, unit, step)
    return None if moment is None else _unit_around(moment, unit)


def _bare_month(match: re.Match, doc_date: Optional[date]) -> Optional[str]:
    """A month name alone: that month in the most recent year where it is not after the document date."""
    if doc_date is None:
        return None
    month = MONTHS[match.group().lower()]
    return month_interval(doc_date.year - (month > doc_date.month), month, month)


def _weekday(match: re.Match, doc_date: Optional[date]) -> Optional[str]:
    """A weekday name: the most recent such day before the document date (news
    reports the past; the publication day itself is written "today")."""
    if doc_date is None:
        return None
    back = (doc_date.weekday() - WEEKDAYS[match.group().lower()]) % 7 or 7
    day = doc_date - timedelta(days=back)
    return interval(day, day)


def _decade(match: re.Match, doc_date: Optional[date]) -> str:
    century = match.group("century")
    start = int((century or "19") + match.group("tens") + "0")
    return interval(date(start, 1, 1), date(start + 9, 12, 31))


def _part_decade(match: re.Match, doc_date: Optional[date]) -> str:
    start = int(match.group("decade")[:4])
    first, last = {"early": (0, 3), "mid": (3, 6), "late": (7, 9)}[match.group("part").lower()]
    return interval(date(start + first, 1, 1), date(start + last, 12, 31))


def _months_of(table: dict, key: str):
    def value(match: re.Match, doc_date: Optional[date]) -> str:
        first, last = table[match.group(key).lower()]
        return month_interval(int(match.group("year")), first, last)
    return value


def _edge(match: re.Match, doc_date: Optional[date]) -> str:
    year = int(match.group("year"))
    months = (1, 1) if match.group("edge").lower() in ("beginning", "start") else (12, 12)
    return month_interval(year, *months)


def _simple(match: re.Match, doc_date: Optional[date]) -> Optional[str]:
    days = parse_simple(match.group(), doc_date)
    return interval(*days) if days else None


def _range(match: re.Match, doc_date: Optional[date]) -> Optional[str]:
    first = parse_simple(match.group("a1") or match.group("a2"), doc_date)
    last = parse_simple(match.group("b1") or match.group("b2"), doc_date)
    return interval(first[0], last[1]) if first and last and first[0] <= last[1] else None


def _drop_appositive_weekdays(mentions: list[_Found], text: str) -> list[_Found]:
    """'Friday, June 21, 2019' is one date: the weekday before a dated phrase goes."""
    starts = {m.start for m in mentions}
    return [m for m in mentions if not (
        m.kind == "weekday" and text[m.end:m.end + 2] == ", " and m.end + 2 in starts)]


VALUE_OF = {
    "range": _range, "full": _simple, "month_year": _simple, "month_day": _simple,
    "month": _bare_month, "year": _simple, "part_decade": _part_decade, "decade": _decade,
    "half": _months_of(HALVES, "which"), "quarter": _months_of(QUARTERS, "which"),
    "part_year": _months_of(PARTS, "part"), "edge": _edge, "ago": _ago,
    "relative": _relative, "weekday": _weekday, "same_year": lambda m, d: None,
}


class _Scan:
    """Where in one text each pattern can start (see STARTS)."""

    def __init__(self, text: str) -> None:
        self.text, self.lower = text, text.lower()
        aligned = text.isascii() or (
            len(self.lower) == len(text) and "\u0131" not in self.lower and "\u017f" not in self.lower)
        self.folded = self.lower if aligned else text.translate(FOLD).lower()
        numbers, months = [], []
        for token in TOKENS.finditer(text):
            (months if token.group() in TOKEN_OF else numbers).append(token.start())
        self.tokens = {NUMBER: numbers, MONTH_NAME: months}
        self.led = {token: self._led_by(token) for token in self.tokens}
        self.found = {key: self._find(key) for key in KEYS}

    def starts(self, kind: str) -> list[int]:
        """Positions where the pattern `kind` may match, in text order."""
        if kind in AT_KEY:
            return self.found[AT_KEY[kind]]
        text, first, found = self.text, FIRST.get(kind), self.found
        starts = {at - n for key, back in STARTS[kind].items() for at in found[key] for n in back
                  if at >= n and (first is None or text[at - n] in first)}
        # every pattern opens with \b and a word character: not after a letter or digit
        return sorted(at for at in starts if not (at and text[at - 1].isalnum()))

    def guarded(self, kind: str) -> bool:
        """Whether GUARDS rule the pattern `kind` out (see GUARDS)."""
        if self.folded is self.lower or kind not in GUARDS:
            return False
        return not any(word in self.lower for word in GUARDS[kind])

    def _find(self, key: str) -> list[int]:
        """Where `key` (see STARTS) occurs, in text order."""
        lead, _, token = key.rpartition("<")
        if not token.endswith(">"):
            return _occurrences(self.folded, key)
        token = "<" + token
        if not lead:
            return self.tokens[token]
        size = len(lead)
        after = self.led[token].get(lead[-LED:], ()) if size >= LED else self.tokens[token]
        return [at - size for at in after if at >= size and self.folded.startswith(lead, at - size)]

    def _led_by(self, token: str) -> dict[str, list[int]]:
        """The starts of a token by the LED characters before them."""
        led = {}
        for at in self.tokens[token]:
            led.setdefault(self.folded[max(at - LED, 0):at], []).append(at)
        return led


def _occurrences(text: str, key: str) -> list[int]:
    """Where `key` occurs in `text`, overlapping occurrences too."""
    found, at = [], text.find(key)
    while at >= 0:
        found.append(at)
        at = text.find(key, at + 1)
    return found


def _matches(kind: str, pattern: re.Pattern, text: str, starts: list[int]) -> list[_Found]:
    """What `pattern.finditer(text)` finds, given every position where it can match."""
    found, end = [], 0
    for start in starts:
        if start >= end:
            match = pattern.match(text, start)
            if match:
                end = match.end()
                found.append(_Found(start, end, kind, match))
    return found


def find_dates(text: str, doc_date: Optional[str] = None) -> list[DateMention]:
    """Date phrases of a text, longest first where they overlap, in text order.

    text (str): the text.
    doc_date (Optional[str]): the document date YYYY-MM-DD for relative phrases.
    RETURNS (list[DateMention]): spans with their kinds and values.
    """
    anchor = date.fromisoformat(doc_date) if doc_date else None
    scan = _Scan(text)
    found = []
    for kind, pattern in COMPILED:
        starts = scan.starts(kind)
        if starts and not scan.guarded(kind):
            found += _matches(kind, pattern, text, starts)
    return resolve_same_year(_valued(_drop_appositive_weekdays(filter_spans(found), text), anchor))


def _value(mention: "_Found", doc_date: Optional[date]) -> Optional[str]:
    """The interval of a mention; None where it would leave the calendar (years 1-9999).
    Values are remembered by all a value depends on: the same phrase recurs ("2019", "Friday")."""
    match = mention.match
    key = (mention.kind, match.group(), match.groups(), doc_date)
    value = _VALUES.get(key, _UNKNOWN)
    if value is _UNKNOWN:
        if len(_VALUES) >= MAX_VALUES:
            _VALUES.clear()
        value = _VALUES[key] = _computed_value(mention.kind, match, doc_date)
    return value


_VALUES: dict = {}  # (kind, phrase, groups, doc_date) -> value
_UNKNOWN = object()
MAX_VALUES = 8192


def _computed_value(kind: str, match: re.Match, doc_date: Optional[date]) -> Optional[str]:
    """The value of a match of the pattern `kind` (None outside the calendar)."""
    try:
        return VALUE_OF[kind](match, doc_date)
    except (ValueError, OverflowError):
        return None


def _valued(kept: list[_Found], doc_date: Optional[date]) -> list[DateMention]:
    """The kept mentions with their values."""
    return [DateMention(m.start, m.end, m.kind, _value(m, doc_date)) for m in kept]


def resolve_same_year(mentions: list[DateMention]) -> list[DateMention]:
    """'the same year' takes the year of the nearest earlier dated mention."""
    resolved, last_year = [], None
    for mention in mentions:
        if mention.kind == "same_year" and last_year is not None:
            mention = mention._replace(value=month_interval(last_year, 1, 12))
        elif mention.value:
            last_year = int(mention.value[:4]) if mention.value[:4] == mention.value[11:15] else last_year
        resolved.append(mention)
    return resolved
