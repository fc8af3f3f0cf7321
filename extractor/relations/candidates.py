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

from spacy.tokens import Span
from spacy.util import registry

from ..schema import RELATION_TYPES, allowed_arguments

ACTOR_LABELS = ("LEADER", "STATE", "ORG", "LOCATION")
LEADER_WORDS = frozenset({"leader", "president", "dictator", "ruler", "strongman"})
REGIME_WORDS = frozenset({"regime", "government", "administration"})
COUNTRY_WORDS = frozenset({"state", "country", "nation"})
LOOKBACK = 200


class Actor(NamedTuple):
    """A mention in a sentence: the named entity it stands for and its tokens."""

    ent: int
    start: int
    end: int
    label: str
    virtual: bool = False


def entity_key(span: Span) -> str:
    """The identity of the real-world thing a mention names (kb_id for STATEs)."""
    if span.label_ == "STATE" and span._.kb_id:
        return span._.kb_id
    return (span._.canonical or span.text).lower()


def allowed_pair(head_label: str, tail_label: str) -> bool:
    """Whether some relation type allows these labels in this order."""
    for rel_type in RELATION_TYPES:
        heads, tails = allowed_arguments(rel_type)
        if head_label in heads and tail_label in tails:
            return True
    return False


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


class DocView:
    """A Doc whose `ents` are computed once: spaCy rebuilds the tuple of Spans on
    every `doc.ents` access, which the rules would otherwise pay for each pair."""

    def __init__(self, doc):
        self.doc = doc
        self.ents = tuple(doc.ents)

    def __getitem__(self, index):
        return self.doc[index]

    def __len__(self) -> int:
        return len(self.doc)

    def __getattr__(self, name):
        return getattr(self.doc, name)


class ActorFinder:
    """Walks a Doc's sentences in order, collecting actors and resolving descriptions."""

    def __init__(self, doc):
        self.doc = doc
        self.ents = list(doc.ents)
        self.regime: Optional[int] = None
        self._ent_at = {t: i for i, e in enumerate(self.ents) for t in range(e.start, e.end)}
        self._starts = [e.start for e in self.ents]
        self.dates: dict[int, list[tuple[int, Span]]] = {}

    def sentences(self) -> Iterable[tuple[Span, list[Actor]]]:
        """Yield (sentence, actors) for sentences with at least two actors; fills
        `dates` (sentence start -> (index, span) of its DATEs) on the way."""
        by_sent: dict[int, list[int]] = {}
        for i, ent in enumerate(self.ents):
            if ent.label_ in ACTOR_LABELS:
                by_sent.setdefault(ent.sent.start, []).append(i)
            elif ent.label_ == "DATE":
                self.dates.setdefault(ent.sent.start, []).append((i, ent))
        for sent in self.doc.sents:
            named = by_sent.get(sent.start, [])
            if not named:
                continue
            actors = self._actors(sent, named)
            if len(actors) >= 2:
                yield sent, actors

    def _actors(self, sent: Span, named: list[int]) -> list[Actor]:
        actors = [Actor(i, self.ents[i].start, self.ents[i].end, self.ents[i].label_) for i in named]
        for token in sent:
            lower = token.lower_
            if lower in REGIME_WORDS or lower in LEADER_WORDS or lower in COUNTRY_WORDS:
                virtual = self._description(token)
                if virtual is not None:
                    actors.append(virtual)
        return sorted(actors, key=lambda a: (a.start, a.virtual))

    def _description(self, token) -> Optional[Actor]:
        """A virtual actor for 'the regime' / 'the Syrian regime leader', else None."""
        prev = self._named_before(token)
        if token.lower_ in REGIME_WORDS:
            if prev is not None:
                self.regime = prev if self.ents[prev].label_ == "STATE" else self.regime
                return None
            return self._virtual(self.regime, token.i, token.i + 1) if _bare(token) else None
        if token.lower_ in COUNTRY_WORDS:
            return self._country(token)
        if token.i + 1 < len(self.doc) and token.i + 1 in self._ent_at:
            return None
        return self._leader_description(token, prev)

    def _leader_description(self, token, prev: Optional[int]) -> Optional[Actor]:
        state_idx = prev if prev is not None else self._regime_before(token)
        if state_idx is None or self.ents[state_idx].label_ not in ("STATE", "LEADER"):
            return None
        leader = state_idx
        if self.ents[state_idx].label_ == "STATE":
            leader = self.leader_of_state(self.ents[state_idx]._.kb_id, self.ents[state_idx].start)
        start = self.ents[state_idx].start if prev is not None else token.i
        return self._virtual(leader, start, token.i + 1)

    def leader_of_state(self, kb_id: Optional[str], before: int) -> Optional[int]:
        """The nearest earlier LEADER mention whose KB state is kb_id."""
        if kb_id is None:
            return None
        for i in self._back_from(before):
            ent = self.ents[i]
            if ent.label_ == "LEADER" and ent._.state == kb_id:
                return i
        return None

    def _back_from(self, position: int) -> range:
        """Indexes of the entities starting before a token, nearest first, at most
        LOOKBACK of them: descriptions point at recent mentions, and a bound keeps
        a very long Doc linear."""
        end = bisect_left(self._starts, position)
        return range(end - 1, max(end - LOOKBACK, 0) - 1, -1)

    def _country(self, token) -> Optional[Actor]:
        """'the Asian state' (not a bare 'the country'): the nearest earlier STATE mention."""
        doc = self.doc
        det = token.i - 2
        if det < 0 or doc[det].lower_ != "the" or token.i + 1 in self._ent_at:
            return None
        if token.i + 1 < len(doc) and doc[token.i + 1].lower_ in {"'s", "’s", "media", "department"}:
            return None
        if token.i - 1 in self._ent_at or not doc[token.i - 1].is_alpha:
            return None
        sent_start = token.sent.start
        earlier = next((i for i in self._back_from(sent_start) if self.ents[i].label_ == "STATE"), None)
        return self._virtual(earlier, det, token.i + 1)

    def implicit_tail(self, heads: list, match) -> Optional[Actor]:
        """The unnamed tail of a trigger: the nearest earlier STATE of another party.

        heads (list[Actor]): the trigger's heads.
        match (TriggerMatch): the trigger.
        RETURNS (Optional[Actor]): a virtual actor placed right after the trigger.
        """
        own = set()
        for head in heads:
            ent = self.ents[head.ent]
            own |= {ent._.kb_id, ent._.state, entity_key(ent)}
        own.discard(None)
        for i in self._back_from(min(h.start for h in heads)):
            ent = self.ents[i]
            if ent.label_ == "STATE" and not own & {ent._.kb_id, entity_key(ent)}:
                return Actor(i, match.end, match.end, "STATE", True)
        return None

    def _named_before(self, token) -> Optional[int]:
        """The entity right before a word ('Assad regime', "Assad's regime", 'Syrian regime leader')."""
        j = token.i - 1
        while j >= 0 and self.doc[j].lower_ in {"'s", "’s", "regime"}:
            j -= 1
        idx = self._ent_at.get(j)
        return idx if idx is not None and self.ents[idx].label_ in ("LEADER", "STATE", "ORG") else None

    def _regime_before(self, token) -> Optional[int]:
        if token.i > 0 and self.doc[token.i - 1].lower_ == "regime":
            return self.regime
        return None

    def _virtual(self, target: Optional[int], start: int, end: int) -> Optional[Actor]:
        if target is None:
            return None
        return Actor(target, start, end, self.ents[target].label_, True)


def keep(a: Actor, b: Actor, ents) -> bool:
    """Whether two actors can be a pair: two things, not one named twice."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    return entity_key(ents[a.ent]) != entity_key(ents[b.ent]) and not _bracketed(first, second, ents)


def _bracketed(a: Actor, b: Actor, ents) -> bool:
    """'Organization for the Prohibition of Chemical Weapons (OPCW)': one thing named twice."""
    doc = ents[0].doc
    return b.start == a.end + 1 and doc[a.end].text == "(" and b.end < len(doc) and doc[b.end].text == ")"


def _bare(token) -> bool:
    """'the regime' or 'the communist regime', not 'regime change'."""
    window = [t.lower_ for t in token.doc[max(token.i - 2, 0):token.i]]
    return "the" in window or "its" in window
