"""Date phrases in news text and their values as ISO 8601 intervals.

Pure functions over strings (no spaCy): `find_dates(text, doc_date)` returns each
phrase's character span, kind and value (`extractor.date_values` says how each kind is
resolved). The words come from the lexicon (`data/lexicon/dates.json`).

Finding is driven by anchor words: a regular expression tried at every position of a
text costs as much as tokenising it, so each pattern is tried only where one of the anchor
classes it holds occurs (a month, weekday, unit, season or deictic word, a number that
can be a day or a year, a decade, a holiday, and words of a few patterns each: weekend,
half / quarter, century, beginning / start / end, fiscal / FY, hours), at that word and at the few words before it the
pattern allows. A test holds this equal to trying every pattern at every word start (`match_everywhere`).
"""
from __future__ import annotations

import re
from datetime import date

import numpy
from spacy.strings import hash_string
from functools import lru_cache, partial
from typing import NamedTuple, Optional

from spacy.util import filter_spans

from . import date_values as dv
from .date_values import RESOLVERS, Context
from .lemmas import lemma
from .lexicon import Lexicon, make_lexicon

WINDOW_BACK = 120  # characters of context read for the tense
WORD = re.compile(r"[A-Za-z]+|\d+")
DIGITS = re.compile(r"\d+")
DAY_OR_YEAR = re.compile(r"(?:[12]\d|3[01]|0?[1-9]|1[5-9]\d\d|20\d\d)(?!\d)")  # a number that can be a day or a year
FIRST = {  # the words (or word classes) a pattern can begin with
    "range": ("between", "from"), "full": ("<month>", "<digit>"), "part_month": ("early", "mid", "late"),
    "period_part": ("early", "mid", "late", "the"), "quarter_code": ("q", "h"), "fiscal": ("fy", "fiscal"),
    "century": ("the",), "holiday": (),  # a holiday's first words, from the lexicon
    "part_decade": ("the", "early", "mid", "late"), "half": ("the", "first", "second"),
    "quarter": ("the", "first", "second", "third", "fourth", "last"), "season_edge": ("the", "beginning", "start", "end"),
    "edge": ("the", "beginning", "start", "end"), "season": ("the", "<season>"), "season_of_that_year": ("the", "<season>"),
    "season_step": ("last", "this", "next"), "part_year": ("early", "mid", "late"), "month_step_year": ("<month>",),
    "month_year": ("<month>",), "month_day": ("<month>", "<digit>"), "decade": ("the", "<digit>"),
    "ago": ("<digit>", "<number>", "more", "over", "about", "almost", "nearly", "some", "less", "around", "roughly",
            "just", "at"),
    "stretch": ("the",), "within": ("earlier", "later"),
    "deictic": ("today", "tonight", "yesterday", "tomorrow", "overnight", "last", "this", "the"),
    "relative": ("this", "last", "next", "past"), "weekday_step": ("last", "next", "this"), "weekend": ("the",),
    "anaphoric": ("the", "following", "previous", "that", "later", "earlier", "<digit>", "<number>"),
    "weekday_part": ("early", "late", "earlier", "later", "overnight", "the", "<weekday>"), "weekday": ("<weekday>",), "month": ("<month>",), "year": ("<digit>",),
}
TENSED = frozenset({"weekday", "weekday_part", "month", "part_month", "weekend", "edge", "quarter", "range"})  # kinds whose value follows the tense
UNITS = ("day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades")
OTHER_CLASSES = {"weekend": "<weekend>", "half": "<part>", "quarter": "<part>", "century": "<century>",
                 "beginning": "<edge>", "start": "<edge>", "end": "<edge>",
                 "fiscal": "<fiscal>", "fy": "<fiscal>", "hour": "<hours>", "hours": "<hours>"}  # words of fewer patterns than a unit's
FIRST_KEYS_KEPT = 200_000  # words whose `first_key` is kept
DEICTIC = ("today", "tonight", "yesterday", "tomorrow", "overnight", "night", "morning", "afternoon", "evening", "eve")


class DateMention(NamedTuple):
    """A date phrase: `[start, end)` in the text, its kind and its interval value."""

    start: int
    end: int
    kind: str
    value: Optional[str]


class DateWords:
    """The lexicon's date words, and the patterns built from them."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.month_names = lexicon.table("dates.month_names")
        self.months = {**self.month_names, **lexicon.table("dates.month_abbreviations")}
        self.weekdays = lexicon.table("dates.weekdays")
        self.numbers = lexicon.table("dates.numbers")
        self.seasons = lexicon.table("dates.seasons")
        self.thirds = {kind: lexicon.table(f"dates.thirds_of_{kind}") for kind in ("year", "month", "decade")}
        self.thirds["week"] = lexicon.table("dates.thirds_of_week")
        self.halves, self.quarters = lexicon.table("dates.halves"), lexicon.table("dates.quarters")
        self.few = lexicon.table("dates.few")
        fixed, movable = lexicon.table("dates.fixed_holidays"), lexicon.words("dates.movable_holidays")
        self.holiday_names = sorted({*fixed, *movable})
        self.holidays = {**{name.lower(): tuple(day) for name, day in fixed.items()}, **dict.fromkeys(map(str.lower, movable))}
        self.future_cues = {tuple(cue.split()) for cue in lexicon.words("dates.future_cues")}
        self.scheduling_verbs = lexicon.words("dates.scheduling_verbs")
        self.past_auxiliaries = lexicon.words("dates.past_auxiliaries")
        self.present_auxiliaries = lexicon.words("dates.present_auxiliaries")
        self.cue_ends = {cue[-1] for cue in self.future_cues if len(cue) <= 3}  # `is_future` reads up to three words
        self.before_past = self.present_auxiliaries | self.past_auxiliaries | {"be"}  # 'was signed' is no past form
        self.classes = {**dict.fromkeys(UNITS, "<unit>"), **OTHER_CLASSES, **dict.fromkeys(DEICTIC, "<deictic>"),
                        **dict.fromkeys(self.seasons, "<season>"), **dict.fromkeys(lexicon.words("dates.holiday_words"), "<holiday>")}
        self.holiday_anchors = _holiday_anchors(self)
        self.patterns = build_patterns(self, lexicon)
        self.by_anchor = _by_anchor(self.patterns)
        self.group_names = {p.kind: _group_names(p.regex) for p in self.patterns}
        self.first_keys: dict = {}  # word -> its `first_key`, filled as texts are read
        lowers = {*self.months, *(m + "." for m in self.months), *self.weekdays, *self.classes}
        self.anchor_hashes = numpy.array(sorted(map(hash_string, lowers)), dtype="uint64")  # spaCy's LOWER


class Pattern(NamedTuple):
    """A kind of date phrase: its regex, and the anchor classes it holds with the most words
    it can start before one (("<digit>", 4): "the first half of 2021")."""

    kind: str
    regex: re.Pattern
    anchors: tuple
    first: frozenset = frozenset()  # the keys (`first_key`) of the words it can begin with


def build_patterns(words: DateWords, lexicon: Lexicon) -> list[Pattern]:
    """The date patterns, most specific first (the longest match wins in the end anyway)."""
    alt = lambda names: "|".join(sorted(map(re.escape, names), key=len, reverse=True))  # noqa: E731
    month = "(?:%s)" % "|".join([alt(n.capitalize() for n in words.month_names)] + [
        re.escape(a.capitalize()) + r"\.?" for a in sorted(lexicon.table("dates.month_abbreviations"), key=len, reverse=True)])
    weekday = "(?:%s)" % alt(w.capitalize() for w in words.weekdays)
    day, year = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?", r"(?:1[5-9]\d\d|20\d\d)"
    count = r"(?:\d{1,3}|%s)" % alt(words.numbers)
    season = "(?:%s)" % alt(words.seasons)
    approx = "(?:%s)" % alt(lexicon.words("dates.approximators"))
    simple = rf"(?:{month} {day},? {year}|{day} (?:of )?{month},? {year}|{month} {day}|{month},? {year}|{year}|{month})"
    not_year_after = alt(lexicon.words("dates.not_after_year"))
    end = r"(?!\w)"
    to = r"[-–]"  # a day or year range: "Sept. 3-4", "2019-20"
    of_year = rf"of (?:(?P<year>{year})|(?:(?P<rel>this|last|next) |the )year)"  # of 2021, of the / next year
    parts = "(?:morning|afternoon|evening|night)"
    holidays = "|".join(sorted((re.escape(h).replace("'", "['’]") for h in words.holiday_names), key=len, reverse=True))
    table = [
        ("range", rf"(?i:between) (?P<a>{simple}) and (?P<b>{simple})|(?i:from) (?P<a2>{simple}) (?:to|until|through) (?P<b2>{simple})", (("<digit>", 1), ("<month>", 1))),
        ("full", rf"{month} {day}(?:{to}(?:(?P<tomonth>{month}) )?(?P<to>{day}))?,? {year}"
                 rf"|{day}(?:{to}(?P<to2>{day}))? (?:of )?{month}(?:{to}(?P<to3>{day}) (?:of )?(?P<tomonth2>{month}))?,? {year}"
                 rf"|(?P<n1>[0-3]?\d)(?P<sep>[/.])(?P<n2>[0-3]?\d)(?P=sep)(?P<ny>{year})", (("<month>", 0), ("<digit>", 0))),
        ("part_month", rf"(?P<part>(?i:early|mid|late))[- ](?P<month>{month})(?:,? (?P<year>{year}))?", (("<month>", 1),)),
        ("part_decade", rf"(?:(?i:the) )?(?P<part>(?i:early|mid|late))[- ](?P<decade>(?:1[5-9]|20)\d0s|['’]\d0s)", (("<decade>", 2),)),
        ("period_part", r"(?i:(?:(?P<part>early|mid|late)[- ]|the (?P<edge>beginning|start|end) of )(?:(?P<rel>this|last|next) |the )(?P<unit>week|month|year))", (("<unit>", 2), ("<edge>", 1))),
        ("half", rf"(?:(?i:the) )?(?P<which>first|second) half {of_year}", (("<part>", 2),)),
        ("quarter", rf"(?:(?i:the) )?(?P<which>first|second|third|fourth|last) quarter (?:{of_year})|(?i:the) (?P<which2>first|second|third|fourth) quarter(?! of)", (("<part>", 2),)),
        ("quarter_code", rf"Q(?P<q>[1-4])(?: (?P<year>{year}))?|H(?P<h>[12]) (?P<hyear>{year})", (("<digit>", 1),)),
        ("fiscal", rf"(?:FY ?|(?i:fiscal) (?:year )?)(?:{year}|\d\d)", (("<fiscal>", 0),)),
        ("century", r"(?i:the) (?P<c>1\d|2[01]|[1-9])(?:st|nd|rd|th) century", (("<century>", 3),)),
        ("holiday", rf"(?P<name>{holidays})(?:,? (?P<year>{year}))?", words.holiday_anchors),
        ("season_edge", rf"(?:(?i:the) )?(?P<edge>beginning|start|end) of the (?P<season>{season}) of (?P<year>{year})", (("<edge>", 1),)),
        ("edge", rf"(?:(?:(?i:the) )?(?P<edge>beginning|start|end) of |(?P<edge2>end|start)-)(?:(?P<year>{year})|(?P<month>{month})(?:,? (?P<myear>{year}))?)", (("<edge>", 1),)),
        ("season", rf"(?:(?i:the) )?(?P<season>(?i:{season})) (?:of )?(?P<year>{year})", (("<season>", 1),)),
        ("season_of_that_year", rf"(?:(?i:the) )?(?P<season>(?i:{season})) of (?:that|the same) year", (("<season>", 1),)),
        ("season_step", rf"(?P<rel>(?i:last|this|next)) (?P<season>{season})", (("<season>", 1),)),
        ("part_year", rf"(?P<part>(?i:early|mid|late))[- ](?P<year>{year})", (("<digit>", 1),)),
        ("month_step_year", rf"(?P<month>{month}) (?:of )?(?P<rel>last|next|this) year", (("<month>", 0),)),
        ("month_year", rf"(?P<month>{month}),? (?:of )?(?P<year>{year})", (("<month>", 0),)),
        ("month_day", rf"(?:(?P<month>{month}) (?P<day>{day})(?:{to}(?:(?P<tomonth>{month}) )?(?P<to>{day}))?"
                      rf"|(?P<day2>{day})(?:{to}(?P<to2>{day}))? (?:of )?(?P<month2>{month})(?:{to}(?P<to3>{day}) (?:of )?(?P<tomonth2>{month}))?)(?!,? \d)", (("<month>", 0), ("<digit>", 0))),
        ("decade", r"(?i:the) (?:(?P<century>1[5-9]|20)|['’])?(?P<tens>\d)0s|(?<![Tt]he )(?P<century2>1[5-9]|20)(?P<tens2>\d)0s", (("<decade>", 1),)),
        ("ago", rf"(?i:(?:{approx} )?(?P<count>{count}) (?P<unit>year|month|week|day|decade)s? ago)", (("<unit>", 3),)),
        ("stretch", rf"(?i:the (?P<back>past|last) (?:(?P<count>{count}) (?P<unit>hour|day|week|month|year|decade)s?|(?P<few>few) (?P<funit>day|week)s|(?P<unit1>week|month|year|decade)|seven days)"
                    rf"|the (?:coming|next) (?:(?P<count2>{count}) (?P<unit2>hour|day|week|month|year)s?|(?:few )?(?P<ahead>day|week)s))", (("<unit>", 3), ("<hours>", 3))),
        ("within", r"(?i:(?P<when>earlier|later) this (?P<unit>week|month|year))", (("<unit>", 2),)),
        ("deictic", r"(?i:today|tonight|yesterday|tomorrow|overnight|last night|this (?:morning|afternoon|evening)|the day (?:before yesterday|after tomorrow))", (("<deictic>", 3),)),
        ("relative", r"(?i:(?P<rel>this(?: past)?|last|next|past) (?P<unit>weekend|week|month|quarter|year))", (("<unit>", 1), ("<weekend>", 2), ("<part>", 1))),
        ("weekday_step", rf"(?P<rel>(?i:last|next|this(?: past)?)) (?P<weekday>{weekday})", (("<weekday>", 2),)),
        ("weekend", r"(?i:the (?P<past>past )?weekend)", (("<weekend>", 2),)),
        ("anaphoric", rf"(?i:the (?P<rel>same|following|next|previous) (?P<unit>day|week|month|year)|(?P<rel2>following|previous) (?P<unit2>day|week|month|year)"
                      rf"|(?:(?:later|earlier) (?:that|in the)|that) (?P<unit3>day|week|month|year|{parts})"
                      rf"|the (?P<unit5>day|week|month|year|night|evening) (?P<side>before|after)(?! (?:the|a|an|his|her|its|their|this|that)\b)"
                      rf"|the (?P<rel4>next|following|previous) {parts}|(?P<eve>the eve)(?! of\b)"
                      rf"|(?P<count>{count}) (?P<unit4>day|week|month|year)s? (?P<dir>later|earlier))", (("<unit>", 3), ("<deictic>", 3))),
        ("weekday_part", rf"(?i:early|late|earlier|later|overnight)(?: on)? (?P<weekday>{weekday})(?: (?i:{parts}))?|(?P<weekday2>{weekday}) (?i:{parts})"
                         rf"|(?i:the early hours of) (?P<weekday3>{weekday})", (("<weekday>", 2), ("<hours>", 2))),
        ("weekday", weekday, (("<weekday>", 0),)),
        ("month", "(?:%s)" % alt(n.capitalize() for n in words.month_names), (("<month>", 0),)),
        ("year", rf"(?<![\d,.$£€])(?P<year>{year})(?:-(?P<im>0[1-9]|1[0-2])-(?P<id>[0-3]\d)|/(?P<sm>0?[1-9]|1[0-2])/(?P<sd>[0-3]?\d)|{to}(?P<to>{year}|\d\d))?"
                 rf"(?![\d,]\d|%| (?:{not_year_after})\b)", (("<digit>", 0),)),
    ]
    first = {**FIRST, "holiday": tuple({name.split()[0].lower() for name in words.holiday_names})}
    return [Pattern(kind, re.compile(f"(?:{regex}){end}"), anchors, frozenset(first[kind]))
            for kind, regex, anchors in table]


def _group_names(regex: re.Pattern) -> tuple:
    """The name of each group of a regex in order (None for an unnamed one)."""
    names = {index: name for name, index in regex.groupindex.items()}
    return tuple(names.get(index) for index in range(1, regex.groups + 1))


def _holiday_anchors(words: DateWords) -> tuple:
    """The anchors of the holiday pattern: for each holiday name its first anchor word
    ("Christmas", "Year" of "New Year's Day"), as (class, most words before it)."""
    most: dict = {}
    for name in words.holiday_names:
        found = [(i, anchor_class(w, "", words)) for i, w in enumerate(WORD.findall(name))]
        i, anchor = next(((i, a) for i, a in found if a), (None, None))
        if anchor is None:
            raise ValueError(f"the holiday {name!r} holds no anchor word (dates.holiday_words)")
        most[anchor] = max(most.get(anchor, 0), i)
    return tuple(sorted(most.items()))


def _by_anchor(patterns: list[Pattern]) -> dict:
    """anchor class -> for each number of words back, up to the most any pattern goes, a
    dict: first key -> the patterns that hold such an anchor that many words or more after
    their start and can begin with such a word."""
    by_anchor: dict = {}
    for pattern in patterns:
        for anchor, most in pattern.anchors:
            backs = by_anchor.setdefault(anchor, [])
            backs += [{} for _ in range(most + 1 - len(backs))]
            for back in range(most + 1):
                for key in pattern.first:
                    backs[back][key] = backs[back].get(key, ()) + (pattern,)
    return by_anchor


@lru_cache(maxsize=1)
def packaged_words() -> DateWords:
    """The date words of the packaged lexicon."""
    return DateWords(make_lexicon())


class _Found(NamedTuple):
    start: int
    end: int
    kind: str
    groups: tuple  # the match's groups (`DateWords.group_names` names them; a dict is made only for the kept ones)


class Tokens(NamedTuple):
    """A text cut into tokens: spaCy's (from the Doc) or `text_tokens`'s."""

    text: str
    starts: list
    ends: list


TOKEN = re.compile(r"[A-Za-z]+|\d+|[^\sA-Za-z\d]")  # words, numbers and single marks


def text_tokens(text: str) -> Tokens:
    """The tokens of a text without spaCy: words, numbers and single marks."""
    spans = [m.span() for m in TOKEN.finditer(text)]
    return Tokens(text, [s for s, _ in spans], [e for _, e in spans])


def find_dates(text: str, doc_date: Optional[str] = None, words: Optional[DateWords] = None,
               tokens: Optional[Tokens] = None, anchors: Optional[list] = None,
               token_keys: Optional[list] = None) -> list[DateMention]:
    """Date phrases of a text, longest first where they overlap, in text order.

    text (str): the text.
    doc_date (Optional[str]): the document date YYYY-MM-DD for deictic phrases.
    words (Optional[DateWords]): the date words; the packaged lexicon's when None.
    tokens (Optional[Tokens]): the text's tokens (the date component passes spaCy's).
    anchors (Optional[list]): (token index, anchor class) of its anchor words, when known.
    token_keys (Optional[list]): each token's `first_key` from its text alone, when known.
    RETURNS (list[DateMention]): spans with their kinds and values.
    """
    words = words or packaged_words()
    tokens = tokens or text_tokens(text)
    if anchors is None:
        anchors = token_anchors(tokens, range(len(tokens.starts)), words)
    found = _drop_appositive_weekdays(filter_spans(match_near(tokens, anchors, words, token_keys)), text)
    return resolve(found, text, date.fromisoformat(doc_date) if doc_date else None, words)


def token_anchors(tokens: Tokens, indices, words: DateWords) -> list[tuple[int, str]]:
    """(token index, anchor class) of the anchor words among some tokens: a month or weekday
    name (capitalised), a word of `DateWords.classes` (a unit, season, deictic word ...), a decade ('1980s'), a number that can
    be a day or a year (no pattern holds another number: about a third of the bench corpus's numbers go)."""
    text, starts, ends = tokens
    anchors = []
    for i in indices:
        anchor = anchor_class(text[starts[i]:ends[i]], text[ends[i]:ends[i] + 1], words)
        if anchor:
            anchors.append((i, anchor))
    return anchors


def anchor_class(word: str, after: str, words: DateWords) -> Optional[str]:
    """The anchor class of a token, None for one that is no anchor (`after`: the next character)."""
    if word[:1].isdigit():
        digits = DIGITS.match(word)
        if digits is None:  # a digit outside \d ('¹')
            return None
        digits = digits.group()
        if digits.endswith("0") and (word[len(digits):] or after)[:1] == "s":  # "1990s", "1990s/", "1990" + "s"
            return "<decade>"
        return "<digit>" if DAY_OR_YEAR.match(word) else None
    lower = word.lower()
    if word[:1].isupper() and lower.rstrip(".") in words.months:
        return "<month>"
    if word[:1].isupper() and lower in words.weekdays:
        return "<weekday>"
    return words.classes.get(lower)


def words_before(tokens: Tokens, i: int, count: int) -> tuple[int, list[int]]:
    """The start of token i (an apostrophe right before it included: "'90s"), and the
    indexes of up to `count` words before it on its line, over commas and hyphens only."""
    text, starts, ends = tokens
    k, start = i, starts[i]
    if start and text[start - 1] in "'’":
        start -= 1
        k -= k > 0 and starts[k - 1] == start  # the apostrophe is a token of its own
    found = []
    for _ in range(count):
        k -= 1
        # a skipped mark is one character: its first is read before the token is cut out
        while k >= 0 and text[starts[k]] in SKIPPED_FIRST and text[starts[k]:ends[k]] in SKIPPED_MARKS and \
                "\n" not in text[ends[k]:starts[k + 1]]:
            k -= 1
        if k < 0 or not text[starts[k]].isalnum() or "\n" in text[ends[k]:starts[k + 1]]:
            break
        found.append(k)
    return start, found


SKIPPED_MARKS = frozenset({",", "-"})
SKIPPED_FIRST = frozenset(mark[0] for mark in SKIPPED_MARKS)


def match_near(tokens: Tokens, anchors: list[tuple[int, str]], words: DateWords,
               token_keys: Optional[list] = None) -> list[_Found]:
    """The matches of each pattern that holds an anchor's class, tried at the anchor's word
    and at the words before it that the pattern allows, where the pattern can begin.
    `token_keys`: each token's `first_key` read from its text alone, when known
    (`doc_anchors`): the key at a token that no word runs on from."""
    text, starts, ends = tokens
    found, keys, by_anchor, last = {}, {}, words.by_anchor, len(starts) - 1
    for i, anchor in anchors:
        backs = by_anchor.get(anchor)
        if backs is None:
            continue
        start, before = words_before(tokens, i, len(backs) - 1)
        for back, k in enumerate([i if start == starts[i] else -1, *before]):
            if back:
                start = starts[k]
            if start and text[start - 1].isalnum():
                continue  # inside a word ("weekend2019")
            if token_keys is not None and k >= 0 and (k == last or ends[k] != starts[k + 1]):
                key = token_keys[k]
            else:
                key = keys.get(start)
                if key is None:
                    key = keys[start] = first_key(text, start, words)
            for pattern in backs[back].get(key, ()):
                match = pattern.regex.match(text, start)
                if match:
                    end = match.end()
                    found[start, end, pattern.kind] = _Found(start, end, pattern.kind, match.groups())
    return sorted(found.values())


def match_everywhere(text: str, words: DateWords) -> list[_Found]:
    """Every pattern tried at every word start: what `match_near` must find (a test checks)."""
    found = {}
    for word in WORD.finditer(text):
        start = word.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "'’"):
            start -= text[start - 1] in "'’"
            if text[start - 1:start].isalnum():
                continue
        for pattern in words.patterns:
            match = pattern.regex.match(text, start)
            if match:
                found[start, match.end(), pattern.kind] = _Found(start, match.end(), pattern.kind, match.groups())
    return sorted(found.values())


def first_key(text: str, start: int, words: DateWords) -> str:
    """What a pattern's `first` is checked against: the class of the word at `start`
    ('<digit>', '<month>', '<weekday>', '<season>', '<number>') or the word in lower case."""
    word = WORD.match(text, start)
    if word is None:
        return ""
    word = word.group()
    if word[0].isdigit():
        return "<digit>"
    key = words.first_keys.get(word)
    if key is None:
        if len(words.first_keys) > FIRST_KEYS_KEPT:
            words.first_keys.clear()  # a bound on a long stream's new words
        key = words.first_keys[word] = _word_key(word, words)
    return key


def _word_key(word: str, words: DateWords) -> str:
    """`first_key` of a word (kept per word in `DateWords.first_keys`)."""
    lower = word.lower()
    if word[0].isupper() and lower in words.months:
        return "<month>"
    if word[0].isupper() and lower in words.weekdays:
        return "<weekday>"
    if lower in words.seasons:
        return "<season>"
    if lower in words.numbers:
        return "<number>"
    return lower


def _drop_appositive_weekdays(found: list[_Found], text: str) -> list[_Found]:
    """'Friday, June 21, 2019' is one date: the weekday before a dated phrase goes."""
    starts = {f.start for f in found}
    return [f for f in found if not (f.kind == "weekday" and text[f.end:f.end + 2] == ", " and f.end + 2 in starts)]


def resolve(found: list[_Found], text: str, doc_date: Optional[date], words: DateWords) -> list[DateMention]:
    """The values of the found phrases in text order; anaphoric ones are resolved against the
    values before them."""
    out, earlier = [], ()
    for f in found:
        tense = partial(is_future, text, f.start, words) if f.kind in TENSED and doc_date else _past
        context = Context(doc_date, tense, earlier, words)
        try:
            names = words.group_names[f.kind]
            value = RESOLVERS[f.kind](dict(zip(names, f.groups)) if names else {}, text[f.start:f.end], context)
        except (ValueError, OverflowError, StopIteration, IndexError):
            value = None  # outside the calendar
        out.append(DateMention(f.start, f.end, f.kind, dv.interval_text(value)))
        if value is not None:
            earlier += (value,)
    return out


def _past() -> bool:
    return False


def is_future(text: str, start: int, words: DateWords) -> bool:
    """Whether the verb a date belongs to is in the future tense: the nearest tense cue
    before it in its sentence (a future cue, a past form, a scheduling verb in the present)."""
    window = text[max(0, start - WINDOW_BACK):start]
    cut = max(window.rfind("."), window.rfind("!"), window.rfind("?"), window.rfind("\n"), window.rfind(";"))
    tokens = [w.lower() for w in WORD.findall(window[cut + 1:])]
    for i in range(len(tokens) - 1, -1, -1):
        word = tokens[i]
        if word in words.cue_ends and any(
                tuple(tokens[i - n + 1:i + 1]) in words.future_cues for n in (1, 2, 3) if i - n + 1 >= 0):
            return True
        if word in words.scheduling_verbs:
            return True
        if word in words.past_auxiliaries:
            return False
        if _past_form(word) and not (i and tokens[i - 1] in words.before_past):
            return False
    return False


@lru_cache(maxsize=1 << 16)
def _past_form(word: str) -> bool:
    """A word shaped like a past tense ('signed', 'met', 'spoke'): not a noun in -s or an -ing."""
    if word.endswith("ed") and len(word) > 3:
        return True
    base = lemma(word)
    return base != word and word.isalpha() and not word.endswith(("s", "ing")) and base[:1] == word[:1] or \
        word in ("said", "went", "was", "were")
