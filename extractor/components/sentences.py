"""A news-aware sentence splitter that works on the text, not token by token.

Boundaries are found with one regular expression over `doc.text`, filtered by
an abbreviation list (U.S., U.N., Dr., Jan., No. 3), and written in one
`Doc.from_array` call, so the cost does not grow with a Python loop per token.
Blank lines (headlines, captions, paragraphs) always end a sentence.
"""
from __future__ import annotations

import re
from bisect import bisect_left

import numpy as np
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .batched import BatchedComponent
from ..extensions import text_of, token_bounds

ABBREVIATIONS = frozenset(
    "u.s u.n u.k e.u mr mrs ms dr prof gen lt col maj capt sgt adm sen rep gov "
    "pres st jr sr inc corp co ltd no nos vs etc e.g i.e approx dept est fig "
    "jan feb mar apr jun jul aug sep sept oct nov dec mt ft".split()
)
# sentence-final punctuation, optional closing quotes/brackets, then space and
# an opening quote/bracket or a capital letter or digit
END_THEN_START = re.compile(r"[.!?][\"”’'»)\]]*\s+(?=[\"“‘'«(\[]?[A-Z0-9])")
BLANK_LINE = re.compile(r"\n[ \t\r]*\n[ \t\r\n]*")
MAX_WORD_BEFORE = 12
# a period after this many letters or digits closes a word longer than any abbreviation
LONGER_THAN_ABBREVIATIONS = max(map(len, ABBREVIATIONS)) + 1


def _is_abbreviation(text: str, period: int) -> bool:
    """Whether the '.' at `period` closes an abbreviation or an initial."""
    if text[period] != ".":
        return False
    if period >= LONGER_THAN_ABBREVIATIONS and text[period - LONGER_THAN_ABBREVIATIONS:period].isalnum():
        return False  # the usual sentence end, after a long word: no walk back needed
    start, floor = period, max(0, period - MAX_WORD_BEFORE)
    while start > floor and (text[start - 1].isalnum() or text[start - 1] in "._"):
        start -= 1  # the word of letters, digits, '_' and '.' before the period (regex [\w.])
    if start == period:
        return False
    word = text[start:period].lower().strip(".")
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def sentence_starts(text: str) -> list[int]:
    """Character offsets where a new sentence starts (after the first).

    text (str): the document text.
    RETURNS (list[int]): sorted offsets of the first character of each sentence.
    """
    starts = {m.end() for m in BLANK_LINE.finditer(text)} if "\n" in text else set()
    for mark in _end_marks(text):
        match = END_THEN_START.match(text, mark)
        if match and not _is_abbreviation(text, mark):
            starts.add(match.end())
    return sorted(s for s in starts if 0 < s < len(text))


def _end_marks(text: str) -> list[int]:
    """Offsets of every '.', '!' and '?' (str.find: far cheaper than a regex scan)."""
    marks = []
    for mark in ".!?":
        found = text.find(mark)
        while found >= 0:
            marks.append(found)
            found = text.find(mark, found + 1)
    return marks


@Language.factory("extractor_sentences", assigns=["token.is_sent_start"], default_config={})
def make_sentence_splitter(nlp: Language, name: str) -> "SentenceSplitter":
    """Create the news-aware sentence splitter."""
    return SentenceSplitter(name)


class SentenceSplitter(BatchedComponent):
    """Sets `token.is_sent_start` from `sentence_starts` of the text."""

    def __init__(self, name: str = "extractor_sentences") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if len(doc):
            self.set_annotations(doc, sentence_starts(text_of(doc)))
        return doc

    def set_annotations(self, doc: Doc, starts: list[int]) -> None:
        """Mark the token at each start offset as a sentence start, the rest not."""
        token_starts = token_bounds(doc)[0]  # read once here, used by the later components too
        values = np.full((len(doc), 1), -1, dtype="int64")
        values[0] = 1
        positions = [bisect_left(token_starts, start) for start in starts]
        values[[p for p in positions if p < len(doc)], 0] = 1
        doc.from_array([SENT_START], values.astype("uint64"))
