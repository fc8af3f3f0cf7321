"""A news-aware sentence splitter that works on the text, not token by token.

Boundaries are found with one regular expression over the text, filtered by the
lexicon's abbreviation list (`sentences.abbreviations`: U.S., U.N., Dr., Jan., No. 3),
and written in one `Doc.from_array` call, so the cost does not grow with a Python loop
per token. Blank lines (headlines, captions, paragraphs) always end a sentence.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Optional

import numpy as np
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .base import BatchedComponent, UsesKnowledge
from ..extensions import doc_text, token_offsets
from ..lexicon import Lexicon, make_lexicon

# sentence-final punctuation, optional closing quotes/brackets, then space and
# an opening quote/bracket or a capital letter or digit
END_THEN_START = re.compile(r"[.!?][\"”’'»)\]]*\s+(?=[\"“‘'«(\[]?[A-Z0-9])")
BLANK_LINE = re.compile(r"\n[ \t\r]*\n[ \t\r\n]*")
MAX_WORD_BEFORE = 12


@Language.factory("extractor_sentences", assigns=["token.is_sent_start"],
                  default_config={"lexicon": {"@misc": "extractor.lexicon.v1"}})
def make_sentence_splitter(nlp: Language, name: str, lexicon: Lexicon) -> "SentenceSplitter":
    """Create the news-aware sentence splitter."""
    return SentenceSplitter(name, lexicon)


class SentenceSplitter(UsesKnowledge, BatchedComponent):
    """Sets `token.is_sent_start` from `sentence_starts` of the text."""

    def __init__(self, name: str, lexicon: Lexicon) -> None:
        self.name = name
        self.set_knowledge(None, lexicon)

    def set_knowledge(self, kb, lexicon: Lexicon) -> None:
        """Use this lexicon's abbreviations."""
        super().set_knowledge(None, lexicon)
        self.abbreviations = lexicon.words("sentences.abbreviations")

    def __call__(self, doc: Doc) -> Doc:
        if len(doc):
            self.set_annotations(doc, sentence_starts(doc_text(doc), self.abbreviations))
        return doc

    def set_annotations(self, doc: Doc, starts: list[int]) -> None:
        """Mark the token at each start offset as a sentence start, the rest not."""
        token_starts = token_offsets(doc)[0]
        values = np.full((len(doc), 1), -1, dtype="int64")
        values[0] = 1
        positions = [bisect_left(token_starts, start) for start in starts]
        values[[p for p in positions if p < len(doc)], 0] = 1
        doc.from_array([SENT_START], values.astype("uint64"))


def sentence_starts(text: str, abbreviations: Optional[frozenset] = None) -> list[int]:
    """Character offsets where a new sentence starts (after the first).

    text (str): the document text.
    abbreviations (Optional[frozenset]): words a period does not end a sentence after
        (lower case, without the final period); the packaged lexicon's when None.
    RETURNS (list[int]): sorted offsets of the first character of each sentence.
    """
    if abbreviations is None:
        abbreviations = make_lexicon().words("sentences.abbreviations")
    longest = max(map(len, abbreviations), default=0) + 1
    starts = {m.end() for m in BLANK_LINE.finditer(text)} if "\n" in text else set()
    for mark in _end_marks(text):
        match = END_THEN_START.match(text, mark)
        if match and not _is_abbreviation(text, mark, abbreviations, longest):
            starts.add(match.end())
    return sorted(s for s in starts if 0 < s < len(text))


def _is_abbreviation(text: str, period: int, abbreviations: frozenset, longest: int) -> bool:
    """Whether the '.' at `period` closes an abbreviation or an initial."""
    if text[period] != ".":
        return False
    if period >= longest and text[period - longest:period].isalnum():
        return False  # the usual sentence end, after a word longer than any abbreviation
    start, floor = period, max(0, period - MAX_WORD_BEFORE)
    while start > floor and (text[start - 1].isalnum() or text[start - 1] in "._"):
        start -= 1  # the word of letters, digits, '_' and '.' before the period
    if start == period:
        return False
    word = text[start:period].lower().strip(".")
    return word in abbreviations or (len(word) == 1 and word.isalpha())


def _end_marks(text: str) -> list[int]:
    """Offsets of every '.', '!' and '?' (str.find: far cheaper than a regex scan)."""
    marks = []
    for mark in ".!?":
        found = text.find(mark)
        while found >= 0:
            marks.append(found)
            found = text.find(mark, found + 1)
    return marks
