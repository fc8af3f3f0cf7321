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
    lower-case forms and shapes looked up at once (`find_dates` without them cuts and reads
    the text itself; a test holds both equal). spaCy keeps a number inside a token
    ("mid-2015", "US$2015"): such a token is cut as the finder cuts text."""
    text, (starts, ends) = doc_text(doc), token_offsets(doc)
    bits = _shape_table(doc.vocab).bits(doc.to_array([LOWER, SHAPE]), words, doc.vocab.strings)
    candidates = numpy.flatnonzero((bits[:, 0] & ANCHOR) | (bits[:, 1] & FIRST)).tolist()
    inner = numpy.flatnonzero(bits[:, 1] & INSIDE).tolist()
    if inner:
        starts, ends, candidates = _cut(text, starts, ends, inner, candidates)
    tokens = Tokens(text, starts, ends)
    return tokens, token_anchors(tokens, candidates, words)


FIRST, INSIDE, KNOWN, ANCHOR = 1, 2, 4, 8  # a shape with a digit first or inside, a shape seen, an anchor's LOWER
LAST_HASH = numpy.iinfo("uint64").max  # ends each table: `searchsorted` then never runs past it


class ShapeTable:
    """The shape hashes seen in a vocab's Docs with their bits: FIRST for a digit first
    ("dddd", "'dd"), INSIDE for one after the first character ("xxx-dddd"; spaCy writes a
    digit 'd'); with the date words' LOWER hashes (ANCHOR) in one sorted table, so a Doc's
    two columns are looked up in one `searchsorted`."""

    def __init__(self) -> None:
        self.shapes: dict = {}  # shape hash -> bits
        self.table: tuple = (None, None, None)  # the anchor hashes it was built with, hashes, bits

    def bits(self, array: numpy.ndarray, words: DateWords, strings) -> numpy.ndarray:
        """The bits of each LOWER (first column) and SHAPE (second column) hash of a Doc."""
        found = self._look_up(array, words)
        if not (found[:, 1] & KNOWN).all():  # most Docs bring no new shape
            self.learn(strings, array[:, 1][(found[:, 1] & KNOWN) == 0])
            found = self._look_up(array, words)
        return found

    def learn(self, strings, hashes: numpy.ndarray) -> None:
        for h in set(hashes.tolist()):
            shape = strings[h]
            first = shape[:1] == "d" or (shape[:1] in "'’" and shape[1:2] == "d")
            self.shapes[h] = KNOWN | (FIRST if first else INSIDE if "d" in shape else 0)
        self.table = (None, None, None)

    def _look_up(self, array: numpy.ndarray, words: DateWords) -> numpy.ndarray:
        built_for, hashes, bits = self.table
        if built_for is not words.anchor_hashes:
            table = dict(self.shapes)
            for h in words.anchor_hashes.tolist():
                table[h] = table.get(h, 0) | ANCHOR
            table.setdefault(int(LAST_HASH), 0)
            keys = sorted(table)
            hashes, bits = numpy.array(keys, dtype="uint64"), numpy.array([table[k] for k in keys], dtype="uint64")
            self.table = (words.anchor_hashes, hashes, bits)
        at = hashes.searchsorted(array)
        return numpy.where(hashes[at] == array, bits[at], 0)


_SHAPES: dict = {}


def _shape_table(vocab) -> ShapeTable:
    """The vocab's ShapeTable."""
    return _SHAPES.setdefault(id(vocab.strings), ShapeTable())


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
