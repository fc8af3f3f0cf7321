"""Actors of a sentence and the candidate pairs between them.

An actor is an entity mention that can take part in a relation. Besides the
named mentions, a few descriptions stand for an earlier named actor, as the
schema asks ("the regime" -> the last actor called a regime, "the Syrian
regime leader" -> the last leader of Syria): they are *virtual* actors, placed
at the description's tokens but pointing at the named mention.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Callable, Iterable, NamedTuple, Optional, Sequence

from spacy.attrs import ORTH
from spacy.tokens import Span
from spacy.util import registry

from ..lemmas import lemma
from ..schema import RELATION_TYPES, allowed_arguments

ACTOR_LABELS = ("LEADER", "STATE", "ORG", "LOCATION")
LEADER_WORDS = frozenset({"leader", "president", "dictator", "ruler", "strongman"})
REGIME_WORDS = frozenset({"regime", "government", "administration"})
COUNTRY_WORDS = frozenset({"state", "country", "nation"})
DESCRIPTION_WORDS = REGIME_WORDS | LEADER_WORDS | COUNTRY_WORDS
LOOKBACK = 200
ALLOWED_PAIRS = frozenset(
    (head, tail) for rel_type in RELATION_TYPES
    for head in allowed_arguments(rel_type)[0] for tail in allowed_arguments(rel_type)[1]
)


class Actor(NamedTuple):
    """A mention in a sentence: the named entity it stands for and its tokens."""

    ent: int
    start: int
    end: int
    label: str
    virtual: bool = False


def entity_key(span: Span) -> str:
    """The identity of the real-world thing a mention names (kb_id for STATEs)."""
    return _key(span, span.label_, span._.kb_id, span._.canonical)


def _key(span: Span, label: str, kb_id: Optional[str], canonical: Optional[str]) -> str:
    if label == "STATE" and kb_id:
        return kb_id
    return (canonical or span.text).lower()


def allowed_pair(head_label: str, tail_label: str) -> bool:
    """Whether some relation type allows these labels in this order."""
    return (head_label, tail_label) in ALLOWED_PAIRS


@registry.misc("extractor.sentence_pairs.v1")
def make_sentence_pairs(max_distance: int) -> Callable:
    """The pairing policy: actors of one sentence at most max_distance tokens apart.

    max_distance (int): largest gap in tokens between the two mentions.
    RETURNS (Callable): actors -> list of (earlier, later) Actor pairs.
    """
    def sentence_pairs(actors: Sequence[Actor], ents: Sequence[Span]) -> list:
        pairs = []
        for i, a in enumerate(actors):
            for b in actors[i + 1:]:
                if b.start - a.end > max_distance:
                    break
                if keep(a, b, ents) and (allowed_pair(a.label, b.label) or allowed_pair(b.label, a.label)):
                    pairs.append((a, b))
        return pairs

    return sentence_pairs


class Sentence(NamedTuple):
    """A sentence's token and character offsets (a Span without its per-access costs)."""

    start: int
    end: int
    start_char: int
    end_char: int


class Entities(tuple):
    """A Doc's entity spans in text order, with their labels and offsets as lists,
    the Doc's token texts, and the extension values the rules read, each read
    at most once per mention (spaCy builds an Underscore object on every
    `span._` access): `ents.kb_id(i)` stands for `ents[i]._.kb_id`."""

    def __new__(cls, spans, texts: list[str]):
        ents = super().__new__(cls, spans)
        ents.texts = texts
        ents.labels = [span.label_ for span in ents]
        ents.starts = [span.start for span in ents]
        ents.ends = [span.end for span in ents]
        ents._ext = [None] * len(ents)
        ents._keys = [None] * len(ents)
        return ents

    def _extensions(self, i: int) -> tuple:
        """(kb_id, state, canonical) of mention i."""
        ext = self._ext[i]
        if ext is None:
            underscore = self[i]._
            ext = self._ext[i] = (underscore.kb_id, underscore.state, underscore.canonical)
        return ext

    def kb_id(self, i: int) -> Optional[str]:
        """`ents[i]._.kb_id`."""
        return self._extensions(i)[0]

    def state(self, i: int) -> Optional[str]:
        """`ents[i]._.state`."""
        return self._extensions(i)[1]

    def key(self, i: int) -> str:
        """`entity_key(ents[i])`."""
        key = self._keys[i]
        if key is None:
            kb_id, _, canonical = self._extensions(i)
            key = self._keys[i] = _key(self[i], self.labels[i], kb_id, canonical)
        return key


class LexemeTable:
    """What the rules read of a word, per lexeme (orth id): its text, lower-cased
    form, lookup lemma and lexical flags. These are properties of the lexeme,
    not of the token, so each is read from spaCy once per word, not per token
    and Doc. Bounded: cleared when it exceeds `max_size` lexemes."""

    def __init__(self, max_size: int = 200_000):
        self.max_size = max_size
        self._rows: dict[int, tuple] = {}
        self._vocab = None

    def rows(self, doc) -> list[tuple]:
        """Per token of a Doc: (text, lower, lemma, is_space, is_punct, like_num, is_alpha, is_title)."""
        if doc.vocab is not self._vocab or len(self._rows) > self.max_size:
            self._rows, self._vocab = {}, doc.vocab
        rows = self._rows
        orths = doc.to_array(ORTH).tolist()
        try:
            return [rows[orth] for orth in orths]
        except KeyError:
            return [rows[orth] if orth in rows else self._add(doc.vocab[orth]) for orth in orths]

    def _add(self, lex) -> tuple:
        lower = lex.lower_
        row = self._rows[lex.orth] = (
            lex.orth_, lower, lemma(lower), lex.is_space, lex.is_punct, lex.like_num, lex.is_alpha, lex.is_title,
        )
        return row


class DocView:
    """A Doc read once into plain lists: its `ents`, sentences, and per token the
    text, lower-cased form, lookup lemma, a few lexical flags and its
    sentence. spaCy builds a new Token, Span or tuple of Spans on every
    `doc[i]`, `token.sent` or `doc.ents`, which the rules would otherwise pay
    for each pair; the rules read `view.lower[i]` instead of `doc[i].lower_`."""

    def __init__(self, doc, lexemes: Optional[LexemeTable] = None):
        self.doc = doc
        rows = (lexemes or LexemeTable()).rows(doc)
        columns = [list(column) for column in zip(*rows)] or [[] for _ in range(8)]
        self.texts, self.lower, self.lemmas, self.is_space, self.is_punct, self.like_num, \
            self.is_alpha, self.is_title = columns
        self.ents = Entities(doc.ents, self.texts)
        self.sents = [Sentence(s.start, s.end, s.start_char, s.end_char) for s in doc.sents]
        self.sent_of = [sent for sent in self.sents for _ in range(sent.start, sent.end)]

    def __len__(self) -> int:
        return len(self.texts)

    def __getattr__(self, name):
        return getattr(self.doc, name)


class ActorFinder:
    """Walks a Doc's sentences in order, collecting actors and resolving descriptions."""

    def __init__(self, doc):
        self.doc = doc
        self.ents = doc.ents
        self.regime: Optional[int] = None
        self._labels = self.ents.labels
        self._starts = self.ents.starts
        self._ent_at = {t: i for i, (s, e) in enumerate(zip(self._starts, self.ents.ends)) for t in range(s, e)}
        self.dates: dict[int, list[tuple[int, Span]]] = {}

    def sentences(self) -> Iterable[tuple[Sentence, list[Actor]]]:
        """Yield (sentence, actors) for sentences with at least two actors; fills
        `dates` (sentence start -> (index, span) of its DATEs) on the way."""
        by_sent: dict[int, list[int]] = {}
        sent_of = self.doc.sent_of
        for i, (label, start) in enumerate(zip(self._labels, self._starts)):
            if label in ACTOR_LABELS:
                by_sent.setdefault(sent_of[start].start, []).append(i)
            elif label == "DATE":
                self.dates.setdefault(sent_of[start].start, []).append((i, self.ents[i]))
        for sent in self.doc.sents:
            named = by_sent.get(sent.start, [])
            if not named:
                continue
            actors = self._actors(sent, named)
            if len(actors) >= 2:
                yield sent, actors

    def _actors(self, sent: Sentence, named: list[int]) -> list[Actor]:
        ents = self.ents
        actors = [Actor(i, ents.starts[i], ents.ends[i], ents.labels[i]) for i in named]
        lowers = self.doc.lower
        for i in range(sent.start, sent.end):
            lower = lowers[i]
            if lower in DESCRIPTION_WORDS:
                virtual = self._description(i)
                if virtual is not None:
                    actors.append(virtual)
        return sorted(actors, key=lambda a: (a.start, a.virtual))

    def _description(self, i: int) -> Optional[Actor]:
        """A virtual actor for 'the regime' / 'the Syrian regime leader' (token i), else None."""
        prev = self._named_before(i)
        lower = self.doc.lower[i]
        if lower in REGIME_WORDS:
            if prev is not None:
                self.regime = prev if self._labels[prev] == "STATE" else self.regime
                return None
            return self._virtual(self.regime, i, i + 1) if _bare(self.doc, i) else None
        if lower in COUNTRY_WORDS:
            return self._country(i)
        if i + 1 < len(self.doc) and i + 1 in self._ent_at:
            return None
        return self._leader_description(i, prev)

    def _leader_description(self, i: int, prev: Optional[int]) -> Optional[Actor]:
        state_idx = prev if prev is not None else self._regime_before(i)
        if state_idx is None or self._labels[state_idx] not in ("STATE", "LEADER"):
            return None
        leader = state_idx
        if self._labels[state_idx] == "STATE":
            leader = self.leader_of_state(self.ents.kb_id(state_idx), self._starts[state_idx])
        start = self._starts[state_idx] if prev is not None else i
        return self._virtual(leader, start, i + 1)

    def leader_of_state(self, kb_id: Optional[str], before: int) -> Optional[int]:
        """The nearest earlier LEADER mention whose KB state is kb_id."""
        if kb_id is None:
            return None
        for i in self._back_from(before):
            if self._labels[i] == "LEADER" and self.ents.state(i) == kb_id:
                return i
        return None

    def _back_from(self, position: int) -> range:
        """Indexes of the entities starting before a token, nearest first, at most
        LOOKBACK of them: descriptions point at recent mentions, and a bound keeps
        a very long Doc linear."""
        end = bisect_left(self._starts, position)
        return range(end - 1, max(end - LOOKBACK, 0) - 1, -1)

    def _country(self, i: int) -> Optional[Actor]:
        """'the Asian state' (not a bare 'the country', token i): the nearest earlier STATE mention."""
        doc = self.doc
        det = i - 2
        if det < 0 or doc.lower[det] != "the" or i + 1 in self._ent_at:
            return None
        if i + 1 < len(doc) and doc.lower[i + 1] in {"'s", "’s", "media", "department"}:
            return None
        if i - 1 in self._ent_at or not doc.is_alpha[i - 1]:
            return None
        sent_start = doc.sent_of[i].start
        earlier = next((k for k in self._back_from(sent_start) if self._labels[k] == "STATE"), None)
        return self._virtual(earlier, det, i + 1)

    def implicit_tail(self, heads: list, match) -> Optional[Actor]:
        """The unnamed tail of a trigger: the nearest earlier STATE of another party.

        heads (list[Actor]): the trigger's heads.
        match (TriggerMatch): the trigger.
        RETURNS (Optional[Actor]): a virtual actor placed right after the trigger.
        """
        ents, own = self.ents, set()
        for head in heads:
            own |= {ents.kb_id(head.ent), ents.state(head.ent), ents.key(head.ent)}
        own.discard(None)
        for i in self._back_from(min(h.start for h in heads)):
            if self._labels[i] == "STATE" and not own & {ents.kb_id(i), ents.key(i)}:
                return Actor(i, match.end, match.end, "STATE", True)
        return None

    def _named_before(self, i: int) -> Optional[int]:
        """The entity right before token i ('Assad regime', "Assad's regime", 'Syrian regime leader')."""
        j = i - 1
        while j >= 0 and self.doc.lower[j] in {"'s", "’s", "regime"}:
            j -= 1
        idx = self._ent_at.get(j)
        return idx if idx is not None and self._labels[idx] in ("LEADER", "STATE", "ORG") else None

    def _regime_before(self, i: int) -> Optional[int]:
        if i > 0 and self.doc.lower[i - 1] == "regime":
            return self.regime
        return None

    def _virtual(self, target: Optional[int], start: int, end: int) -> Optional[Actor]:
        if target is None:
            return None
        return Actor(target, start, end, self._labels[target], True)


def keep(a: Actor, b: Actor, ents) -> bool:
    """Whether two actors can be a pair: two things, not one named twice."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    return ents.key(a.ent) != ents.key(b.ent) and not _bracketed(first, second, ents)


def _bracketed(a: Actor, b: Actor, ents) -> bool:
    """'Organization for the Prohibition of Chemical Weapons (OPCW)': one thing named twice."""
    texts = ents.texts
    return b.start == a.end + 1 and texts[a.end] == "(" and b.end < len(texts) and texts[b.end] == ")"


def _bare(doc: DocView, i: int) -> bool:
    """'the regime' or 'the communist regime' (token i), not 'regime change'."""
    window = doc.lower[max(i - 2, 0):i]
    return "the" in window or "its" in window
