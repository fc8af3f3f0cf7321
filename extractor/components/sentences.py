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
CLAUSE_ENDS = frozenset(",;:")


@Language.factory("extractor_sentences", assigns=["token.is_sent_start"],
                  default_config={"lexicon": {"@misc": "extractor.lexicon.v1"}, "max_tokens": 300})
def make_sentence_splitter(nlp: Language, name: str, lexicon: Lexicon, max_tokens: int) -> "SentenceSplitter":
    """Create the news-aware sentence splitter; a run of text longer than max_tokens
    without a sentence end is split (see `split_long`)."""
    return SentenceSplitter(name, lexicon, max_tokens)


class SentenceSplitter(UsesKnowledge, BatchedComponent):
    """Sets `token.is_sent_start` from `sentence_starts` of the text."""

    def __init__(self, name: str, lexicon: Lexicon, max_tokens: int = 300) -> None:
        self.name, self.max_tokens = name, max_tokens
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
        positions = sorted({0} | {p for p in (bisect_left(token_starts, start) for start in starts) if p < len(doc)})
        if max(np.diff(positions + [len(doc)])) > self.max_tokens:
            positions = split_long(positions, len(doc), self.max_tokens, _clause_ends(doc, token_starts))
        values[positions, 0] = 1
        doc.from_array([SENT_START], values.astype("uint64"))


def split_long(starts: list[int], length: int, max_tokens: int, clause_ends: frozenset) -> list[int]:
    """Sentence starts with no sentence longer than max_tokens: a longer one (a list or a
    text without full stops; no sentence of the annotated texts is longer than 55 tokens)
    is split after its last clause end (',', ';', ':') in the second half of each window,
    else at the window's end. This keeps the per-sentence work of later components bounded.

    starts (list[int]): sorted token indexes of sentence starts, 0 first.
    length (int): the number of tokens.
    max_tokens (int): the longest sentence kept whole.
    clause_ends (frozenset): token indexes of clause-ending punctuation.
    RETURNS (list[int]): the starts, split ones added.
    """
    out = []
    for start, end in zip(starts, starts[1:] + [length]):
        while end - start > max_tokens:
            out.append(start)
            start = next((i + 1 for i in range(start + max_tokens - 1, start + max_tokens // 2, -1)
                          if i in clause_ends), start + max_tokens)
        out.append(start)
    return out


def _clause_ends(doc: Doc, token_starts: list[int]) -> frozenset:
    """Token indexes of the one-character ',', ';' and ':' tokens of a Doc."""
    text = doc_text(doc)
    return frozenset(i for i, (start, token) in enumerate(zip(token_starts, doc)) if len(token) == 1
                     and text[start] in CLAUSE_ENDS)


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
