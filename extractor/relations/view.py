"""What the relation rules read of a Doc, read once per Doc.

spaCy builds a new Token on every `doc[i]` and a Span on every `doc.sents` step, which the
rules would pay for at every word they look at; `DocView` reads the columns they use
with one `Doc.to_array` call (a test holds every field equal to spaCy's own attributes):
each token's lower-cased form and lookup lemma, whether it is alphabetic, title-cased or
whitespace (read once per word form from its lexeme: spaCy's `to_array` of the lexeme
flags costs more than all the rules' reads of them), the sentences, the entities with
their identities (and which tokens they cover), and the optional parse.
"""
from __future__ import annotations

from bisect import bisect_right
from itertools import compress
from typing import NamedTuple, Optional

import numpy as np
from spacy.attrs import ORTH, SENT_START
from spacy.tokens import Doc

from ..entities import labelled_entities
from ..extensions import Identities, doc_text, token_offsets
from ..lemmas import lemma

ACTOR_LABELS = frozenset({"LEADER", "STATE", "ORG", "LOCATION"})


class Sentence(NamedTuple):
    """A sentence's token and character offsets."""

    start: int
    end: int
    start_char: int
    end_char: int


class Form(NamedTuple):
    """What the rules read of a word form (spaCy's lexeme attributes)."""

    lower: str
    lemma: str
    is_alpha: bool
    is_title: bool
    is_space: bool


class Column:
    """One field of every token's Form, read when asked: token i -> its value."""

    __slots__ = ("forms", "field")

    def __init__(self, forms: list, field: int) -> None:
        self.forms, self.field = forms, field

    def __getitem__(self, i: int):
        return self.forms[i][self.field]

    def __len__(self) -> int:
        return len(self.forms)


class Entities:
    """A Doc's entities as lists: token offsets, labels and, for actors, kb_id, state,
    canonical name and key (the kb_id of a STATE, else the lower-cased canonical name:
    what makes two mentions one thing), and side: the state an actor speaks for (its
    state, but none for an organisation of one of `other_side_kinds`, such as an armed
    group fighting its own state or a party its government bans)."""

    def __init__(self, doc: Doc, other_side_kinds: frozenset = frozenset()):
        mentions = labelled_entities(doc)
        self.starts = [m[0] for m in mentions]
        self.ends = [m[1] for m in mentions]
        self.labels = [m[2] for m in mentions]
        count = len(mentions)
        self.kb_ids: list = [None] * count
        self.states: list = [None] * count
        self.canonicals: list = [None] * count
        self.keys: list = [None] * count
        self.sides: list = [None] * count
        (char_starts, char_ends), identities, text = token_offsets(doc), Identities(doc), doc_text(doc)
        for i, (start, end, label) in enumerate(mentions):
            if label in ACTOR_LABELS:
                start_char, end_char = char_starts[start], char_ends[end - 1]
                fields = identities.get(start_char, end_char)
                canonical = fields.get("canonical") or text[start_char:end_char]
                self.kb_ids[i], self.states[i], self.canonicals[i] = fields.get("kb_id"), fields.get("state"), canonical
                self.keys[i] = fields.get("kb_id") if label == "STATE" and fields.get("kb_id") else canonical.lower()
                self.sides[i] = None if fields.get("kind") in other_side_kinds else self.states[i]

    def covering(self, token: int) -> Optional[int]:
        """The index of the entity holding a token, else None."""
        i = bisect_right(self.starts, token) - 1
        return i if i >= 0 and token < self.ends[i] else None


class DocView:
    """A Doc's columns for the relation rules (see the module docstring)."""

    def __init__(self, doc: Doc, forms: Optional[dict] = None, other_side_kinds: frozenset = frozenset()):
        self.doc = doc
        array = doc.to_array([ORTH, SENT_START])
        forms = {} if forms is None else forms  # orth hash -> Form, shared across Docs
        keys = array[:, 0].tolist()
        for key in set(keys).difference(forms):
            lex = doc.vocab[key]
            forms[key] = Form(lex.lower_, lemma(lex.lower_), lex.is_alpha, lex.is_title, lex.is_space)
        found = list(map(forms.__getitem__, keys))
        self.lower = [f[0] for f in found]
        self.lemmas = [f[1] for f in found]
        self.is_alpha, self.is_title = Column(found, 2), Column(found, 3)
        self.spaces = list(compress(range(len(found)), [f[4] for f in found]))
        self.sent_starts = [0] + (np.flatnonzero(array[1:, 1] == 1) + 1).tolist() if len(array) else []
        self.char_starts, self.char_ends = token_offsets(doc)
        self.ents = Entities(doc, other_side_kinds)
        self.in_entity = bytearray(len(self.lower))  # per token: 1 inside an entity
        for start, end in zip(self.ents.starts, self.ents.ends):
            self.in_entity[start:end] = b"\x01" * (end - start)
        self.parse = doc._.parse or {}

    def __len__(self) -> int:
        return len(self.lower)

    def sentence(self, k: int) -> Sentence:
        """Sentence k of the Doc."""
        start = self.sent_starts[k]
        end = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else len(self.lower)
        return Sentence(start, end, self.char_starts[start], self.char_ends[end - 1])

    def sentence_of(self, token: int) -> int:
        """The index of the sentence holding a token."""
        return bisect_right(self.sent_starts, token) - 1

    def non_space(self, start: int, end: int) -> list[int]:
        """The indexes of the tokens in [start, end) that are not whitespace."""
        lo = bisect_right(self.spaces, start - 1)
        hi = bisect_right(self.spaces, end - 1)
        if lo == hi:
            return list(range(start, end))
        spaces = set(self.spaces[lo:hi])
        return [i for i in range(start, end) if i not in spaces]
