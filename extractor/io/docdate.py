"""A document's publication date when none is given, from what the document itself says.

In order of trust: the HTML page's metadata (`article:published_time` and the other
publication-date meta tags, `<time datetime>`, JSON-LD `datePublished`), the dateline at
the top of the text ("BEIRUT, June 21, 2019 (Reuters) -", "Posted on Friday, June 21,
2019", "SEOUL, South Korea, Nov. 3 (AP) -" with the year from another source), and a date
in the file name ("2019-06-21-talks.txt", "talks_20190621.html"). Each finder reads a
bounded prefix of its input with linear regular expressions.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import NamedTuple, Optional

from ..dates import packaged_words

HTML_HEAD = 200_000  # characters of a page searched for metadata
DATELINE_HEAD = 400  # characters of a text searched for a dateline
ISO_DAY = r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
META = re.compile(
    r"""<meta\b[^<>]{0,300}?(?:property|name|itemprop)\s*=\s*["']?(?:article:published_time|og:published_time|"""
    r"""datePublished|date|pubdate|publishdate|publish-date|DC\.date\.issued|dcterms\.created|sailthru\.date|"""
    r"""parsely-pub-date|article\.published)["']?[^<>]{0,300}?content\s*=\s*["']\s*""" + ISO_DAY, re.I)
META_CONTENT_FIRST = re.compile(
    r"""<meta\b[^<>]{0,300}?content\s*=\s*["']\s*""" + ISO_DAY + r"""[^"']{0,40}["'][^<>]{0,300}?"""
    r"""(?:property|name|itemprop)\s*=\s*["']?(?:article:published_time|og:published_time|datePublished|date|pubdate)""",
    re.I)
TIME_TAG = re.compile(r"<time\b[^<>]{0,200}?datetime\s*=\s*[\"']\s*" + ISO_DAY, re.I)
JSON_LD = re.compile(r"[\"']datePublished[\"']\s*:\s*[\"']\s*" + ISO_DAY)
FILE_NAME = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-_.]?(?P<m>[01]\d)[-_.]?(?P<d>[0-3]\d)(?!\d)")


class DocDate(NamedTuple):
    """A publication date and where it was read: given, metadata, dateline or filename."""

    value: str
    source: str


def _day(match: Optional[re.Match]) -> Optional[str]:
    if match is None:
        return None
    try:
        return date(int(match.group("y")), int(match.group("m")), int(match.group("d"))).isoformat()
    except ValueError:
        return None


def from_html(html: str) -> Optional[str]:
    """The publication day of an HTML page's metadata, else None."""
    head = html[:HTML_HEAD]
    for pattern in (META, META_CONTENT_FIRST, JSON_LD, TIME_TAG):
        day = _day(pattern.search(head))
        if day:
            return day
    return None


def from_file_name(name: str) -> Optional[str]:
    """A YYYY-MM-DD (or YYYYMMDD, YYYY_MM_DD) day in a file name, else None."""
    return _day(FILE_NAME.search(name))


@lru_cache(maxsize=1)
def _dateline_patterns() -> tuple[re.Pattern, re.Pattern]:
    words = packaged_words()
    month = "|".join(sorted((re.escape(m.capitalize()) + r"\.?" for m in words.months), key=len, reverse=True))
    caps = r"(?:[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})"
    full = re.compile(
        rf"^\s*(?:(?:Posted|Published|Updated)(?: on)?:? |{caps}(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?,? )?"
        rf"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? )?(?P<month>{month}) (?P<day>\d{{1,2}})(?:,? (?P<year>(?:19|20)\d\d))?"
        rf"(?= ?[(,—–-]|\s|$)", re.M)
    day_first = re.compile(
        rf"^\s*(?:(?:Posted|Published|Updated)(?: on)?:? |{caps},? )?(?P<day>\d{{1,2}}) (?P<month>{month}),? (?P<year>(?:19|20)\d\d)",
        re.M)
    return full, day_first


def from_dateline(text: str, year: Optional[int] = None) -> Optional[str]:
    """The day of a dateline in the first lines of a text ("BEIRUT, June 21, 2019 (Reuters) -");
    one without a year takes `year` (from another source), else gives None."""
    head, months = text[:DATELINE_HEAD], packaged_words().months
    for pattern in _dateline_patterns():
        match = pattern.search(head)
        if match is None:
            continue
        found_year = int(match.group("year")) if match.group("year") else year
        if found_year is None:
            return None
        try:
            return date(found_year, months[match.group("month").lower().rstrip(".")], int(match.group("day"))).isoformat()
        except ValueError:
            return None
    return None


def infer_doc_date(text: str, html: Optional[str] = None, file_name: Optional[str] = None) -> Optional[DocDate]:
    """The publication date of a document with none given, and where it was read.

    text (str): the document's text.
    html (Optional[str]): the page, for an HTML document.
    file_name (Optional[str]): the file's name.
    RETURNS (Optional[DocDate]): the date and its source, or None.
    """
    from_meta = from_html(html) if html else None
    if from_meta:
        return DocDate(from_meta, "metadata")
    from_name = from_file_name(file_name) if file_name else None
    dateline = from_dateline(text, int(from_name[:4]) if from_name else None)
    if dateline:
        return DocDate(dateline, "dateline")
    return DocDate(from_name, "filename") if from_name else None
