"""DATE mentions with normalised values (see extractor/dates.py for the rules)."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Callable, Optional
from weakref import WeakKeyDictionary

import numpy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_chain_spans

from .base import DEFAULT_ENTS_FILTER, EntityComponent, Found, UsesKnowledge
from ..dates import TOKEN, DateWords, Tokens, anchor_class, find_dates, first_key, text_tokens, token_anchors
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
        found = []
        for date in find_dates(text, doc._.doc_date, self.words, *doc_anchors(doc, self.words)):
            tokens = _covering_tokens(starts, ends, date.start, date.end)
            if tokens is not None:
                canonical = text[starts[tokens[0]]:ends[tokens[1] - 1]]
                found.append(Found(*tokens, "DATE", {"value": date.value, "canonical": canonical}))
        return found


def doc_anchors(doc: Doc, words: DateWords) -> tuple[Tokens, list, Optional[list]]:
    """The Doc's tokens for the date finder, its anchors and each token's `first_key`, read
    from one `to_array` of the token texts looked up in the date words' `TokenTable`
    (`find_dates` without them cuts and reads the text itself; a test holds both equal).
    spaCy keeps a number inside a token ("mid-2015", "US$2015"): such a token is cut as the
    finder cuts text, and the keys are then read from the text."""
    text, (starts, ends) = doc_text(doc), token_offsets(doc)
    table = _token_table(words, doc.vocab)
    bits = table.bits(doc.to_array(ORTH), doc.vocab)
    inner = numpy.flatnonzero(bits & INSIDE).tolist()
    if inner:
        candidates = numpy.flatnonzero(bits & CANDIDATE).tolist()
        starts, ends, candidates = _cut(text, starts, ends, inner, candidates)
        tokens = Tokens(text, starts, ends)
        return tokens, token_anchors(tokens, candidates, words), None
    tokens, anchors = Tokens(text, starts, ends), []
    at = numpy.flatnonzero(bits & (CLASS | AFTER))
    for i, b in zip(at.tolist(), bits[at].tolist()):
        anchor = anchor_class(text[starts[i]:ends[i]], text[ends[i]:ends[i] + 1], words) if b & AFTER else \
            ANCHOR_CLASSES[b & CLASS]
        if anchor:
            anchors.append((i, anchor))
    return tokens, anchors, table.keys[bits >> KEY_SHIFT].tolist()


ANCHOR_CLASSES = (None, "<digit>", "<month>", "<weekday>", "<unit>", "<deictic>", "<season>", "<decade>", "<holiday>",
                  "<weekend>", "<part>", "<edge>", "<century>", "<fiscal>", "<hours>")  # at most 15 (CLASS)
CLASS, AFTER, INSIDE, CANDIDATE = 15, 16, 32, 64  # the anchor class; the next character decides it; a digit inside
KEY_SHIFT = 8  # the bits from here on: the token's `first_key` (its index in `TokenTable.keys`)
KEPT = 100_000  # token texts a table keeps


class TokenTable:
    """What the date finder reads of each token text (ORTH hash) seen: its anchor class,
    its `first_key` as the whole text (what the finder reads at a token followed by a space)
    and whether a digit is inside it. A cuckoo hash table: each hash is held in one of two
    slots (its low bits, or its high bits), so a Doc's tokens are looked up in two gathers."""

    def __init__(self, words: DateWords) -> None:
        self.words = words
        self.anchor_lowers = set(words.anchor_hashes.tolist())  # spaCy's LOWER of the anchor words
        first = sorted({key for backs in words.by_anchor.values() for keys in backs for key in keys})
        self.keys = numpy.array(["", *first], dtype=object)  # "": a key no pattern begins with
        self.key_codes = {key: code for code, key in enumerate(self.keys.tolist())}
        self._clear(1 << 12)

    def _clear(self, size: int) -> None:
        self.hashes, self.values, self.count = numpy.zeros(size, dtype="uint64"), numpy.zeros(size, dtype="int64"), 0

    def bits(self, orths: numpy.ndarray, vocab) -> numpy.ndarray:
        """The bits of each ORTH hash of a Doc."""
        mask = numpy.uint64(len(self.hashes) - 1)
        low = (orths & mask).astype("intp")
        found = self.values[low]
        other = numpy.flatnonzero(self.hashes[low] != orths)  # not in its low slot: read the high one
        if len(other):
            rest = orths[other]
            high = ((rest >> numpy.uint64(32)) & mask).astype("intp")
            found[other] = numpy.where(self.hashes[high] == rest, self.values[high], -1)
        missed = numpy.flatnonzero(found < 0)
        if len(missed):  # words not seen before
            found[missed] = [self._add(h, vocab) for h in orths[missed].tolist()]
        return found

    def _add(self, h: int, vocab) -> int:
        """Learn an ORTH hash's bits (again, for one repeated in a Doc) and hold them."""
        bits = self._learn(vocab[vocab.strings[h]])
        if h and not self._holds(h):
            if self.count >= KEPT:  # a bound on a long stream's new words
                self._clear(len(self.hashes))
            if 3 * (self.count + 1) > len(self.hashes):
                self._grow()
            if not self._place(h, bits):
                self._grow()
                self._place(h, bits)
            self.count += 1
        return bits

    def _holds(self, h: int) -> bool:
        mask = len(self.hashes) - 1
        return self.hashes[h & mask] == h or self.hashes[(h >> 32) & mask] == h

    def _place(self, h: int, bits: int) -> bool:
        """Put a hash in one of its slots, moving the one there to its other slot and so on;
        False if that runs too long (the table is then grown)."""
        mask = len(self.hashes) - 1
        slot = h & mask
        for _ in range(64):
            if self.hashes[slot] and not self.hashes[(h >> 32) & mask]:
                slot = (h >> 32) & mask
            h, bits, self.hashes[slot], self.values[slot] = int(self.hashes[slot]), int(self.values[slot]), h, bits
            if not h:
                return True
            low, high = h & mask, (h >> 32) & mask
            slot = high if slot == low else low
        return False

    def _grow(self) -> None:
        held = self.hashes.nonzero()[0]
        entries = list(zip(self.hashes[held].tolist(), self.values[held].tolist()))
        size = len(self.hashes) * 2
        while True:
            self._clear(size)
            if all(self._place(h, bits) for h, bits in entries):
                self.count = len(entries)
                return
            size *= 2

    def _word_inside(self, text: str) -> bool:
        """Whether the finder cuts a token text into words that the token's own text hides:
        an anchor glued to a mark ("Christmas/") or a word a pattern begins with after one ("x/the")."""
        pieces = TOKEN.findall(text)
        if len(pieces) < 2:
            return False
        after = text[len(pieces[0]):len(pieces[0]) + 1]
        if anchor_class(pieces[0], after, self.words) != anchor_class(text, "", self.words):
            return True
        return any(piece[0].isalnum() and (anchor_class(piece, "", self.words) or
                                           self.key_codes.get(first_key(piece, 0, self.words)))
                   for piece in pieces[1:])

    def _learn(self, lex) -> int:
        """The bits of a token text, from its lexeme (spaCy's LOWER and SHAPE, as `to_array` reads them)."""
        text, shape = lex.orth_, lex.shape_
        first = shape[:1] == "d" or (shape[:1] in "'’" and shape[1:2] == "d")
        bits = INSIDE if (not first and "d" in shape) or self._word_inside(text) else 0
        if first or lex.lower in self.anchor_lowers:
            bits |= CANDIDATE
            if text[:1].isdigit() and text.endswith("0") and not text.endswith("0s"):
                bits |= AFTER  # "1980" before "s"
            else:
                bits |= ANCHOR_CLASSES.index(anchor_class(text, "", self.words))
        return bits | self.key_codes.get(first_key(text, 0, self.words), 0) << KEY_SHIFT


_TABLES: "WeakKeyDictionary[DateWords, dict]" = WeakKeyDictionary()  # date words -> vocab -> its table


def _token_table(words: DateWords, vocab) -> TokenTable:
    """The TokenTable of these date words over this vocab's lexemes."""
    tables = _TABLES.setdefault(words, {})
    table = tables.get(id(vocab.strings))
    if table is None:
        table = tables[id(vocab.strings)] = TokenTable(words)
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
