"""DATE mentions with normalised values (see extractor/dates.py for the rules)."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Callable, Optional

import numpy
from spacy.attrs import LOWER, SHAPE
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_chain_spans

from .base import DEFAULT_ENTS_FILTER, EntityComponent, Found, UsesKnowledge
from ..dates import DateWords, Tokens, find_dates, text_tokens, token_anchors
from ..extensions import doc_text, token_offsets
from ..lexicon import Lexicon


@Language.factory("extractor_dates", assigns=["doc.ents", "span._.value"],
                  default_config={"lexicon": {"@misc": "extractor.lexicon.v1"}, "ents_filter": DEFAULT_ENTS_FILTER})
def make_dates(nlp: Language, name: str, lexicon: Lexicon, ents_filter: Callable) -> "DateTagger":
    """Create the date component."""
    return DateTagger(name, lexicon, ents_filter)


class DateTagger(UsesKnowledge, EntityComponent):
    """Adds date phrases as DATE entities with their `span._.value`."""

    def __init__(self, name: str, lexicon: Lexicon, ents_filter: Callable = filter_chain_spans) -> None:
        super().__init__(name, ents_filter)
        self.set_knowledge(None, lexicon)

    def set_knowledge(self, kb, lexicon: Lexicon) -> None:
        """Use this lexicon's date words."""
        super().set_knowledge(None, lexicon)
        self.words = DateWords(lexicon)

    def match(self, doc: Doc) -> list[Found]:
        """The date phrases of the doc's text over the tokens they touch."""
        text = doc_text(doc)
        starts, ends = token_offsets(doc)
        tokens, anchors = doc_anchors(doc, self.words)
        found = []
        for date in find_dates(text, doc._.doc_date, self.words, tokens, anchors):
            tokens = _covering_tokens(starts, ends, date.start, date.end)
            if tokens is not None:
                canonical = text[starts[tokens[0]]:ends[tokens[1] - 1]]
                found.append(Found(*tokens, "DATE", {"value": date.value, "canonical": canonical}))
        return found


def doc_anchors(doc: Doc, words: DateWords) -> tuple[Tokens, list]:
    """The Doc's tokens for the date finder and its anchors, read from one `to_array` of the
    lower-case forms and shapes (`find_dates` without them cuts and reads the text itself;
    a test holds both equal). spaCy keeps a number inside a token ("mid-2015", "US$2015"):
    such a token is cut as the finder cuts text."""
    text, (starts, ends) = doc_text(doc), token_offsets(doc)
    array = doc.to_array([LOWER, SHAPE])
    shapes = _shape_table(doc.vocab, array[:, 1])
    first, inside = _member(array[:, 1], shapes.first), _member(array[:, 1], shapes.inside)
    candidates = numpy.flatnonzero(_member(array[:, 0], words.anchor_hashes) | first).tolist()
    inner = numpy.flatnonzero(inside).tolist()
    if inner:
        starts, ends, candidates = _cut(text, starts, ends, inner, candidates)
    tokens = Tokens(text, starts, ends)
    return tokens, token_anchors(tokens, candidates, words)


def _member(values: numpy.ndarray, table: numpy.ndarray) -> numpy.ndarray:
    """Which values are in a sorted table (`numpy.isin` without its sort of the table)."""
    if not len(table):
        return numpy.zeros(len(values), dtype=bool)
    at = numpy.searchsorted(table, values).clip(max=len(table) - 1)
    return table[at] == values


class ShapeTable:
    """The shape hashes seen in a vocab's Docs, sorted, and those with a digit first
    ("dddd", "'dd") or after the first character ("xxx-dddd"; spaCy writes a digit 'd')."""

    def __init__(self) -> None:
        self.known = self.first = self.inside = numpy.zeros(0, dtype="uint64")

    def learn(self, strings, hashes: numpy.ndarray) -> None:
        if _member(hashes, self.known).all():
            return  # most Docs bring no new shape: a lookup is cheaper than `setdiff1d`'s sort
        new = numpy.setdiff1d(hashes, self.known)
        if len(new):
            shapes = [strings[int(h)] for h in new]
            first = [h for h, s in zip(new, shapes) if s[:1] == "d" or (s[:1] in "'’" and s[1:2] == "d")]
            inside = [h for h, s in zip(new, shapes) if "d" in s and h not in set(first)]
            self.known = numpy.union1d(self.known, new)
            self.first = numpy.union1d(self.first, numpy.array(first, dtype="uint64"))
            self.inside = numpy.union1d(self.inside, numpy.array(inside, dtype="uint64"))


_SHAPES: dict = {}


def _shape_table(vocab, hashes: numpy.ndarray) -> ShapeTable:
    """The vocab's ShapeTable, taught the shapes of these tokens."""
    table = _SHAPES.setdefault(id(vocab.strings), ShapeTable())
    table.learn(vocab.strings, hashes)
    return table


def _cut(text: str, starts: list, ends: list, tokens: list[int], candidates: list[int]) -> tuple[list, list, list]:
    """The token offsets with each of `tokens` (in text order) cut into the finder's pieces,
    and the candidate indexes moved to match (each cut token's pieces become candidates)."""
    starts, ends, cut = list(starts), list(ends), set(tokens)
    candidates = sorted(set(candidates) | cut)
    for i in reversed(tokens):
        pieces = text_tokens(text[starts[i]:ends[i]])
        starts[i:i + 1] = [starts[i] + s for s in pieces.starts]
        ends[i:i + 1] = [starts[i] + e for e in pieces.ends]
        extra = len(pieces.starts) - 1
        candidates = [c if c < i else c + extra for c in candidates if c != i] + list(range(i, i + extra + 1))
    return starts, ends, sorted(candidates)


def _covering_tokens(starts: list, ends: list, start_char: int, end_char: int) -> Optional[tuple[int, int]]:
    """The tokens a character range touches (`doc.char_span(..., alignment_mode="expand")`)."""
    first, last = bisect_right(ends, start_char), bisect_left(starts, end_char)
    return None if first >= last else (first, last)
