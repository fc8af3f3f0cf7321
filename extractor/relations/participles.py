"""Participle clauses, whose actor is the sentence's subject, not the nearest name:
"Russia has been an ally of the North Korean regime, providing support" (subject ->
object), "Appreciating the courage of President Trump, Kim Jong Un said" (the name
after the comma -> the one before it).
"""
from __future__ import annotations

from typing import Sequence

from ..schema import STATIC_TYPES
from .actors import Actor
from .proposals import Proposal, interaction_pool, valid
from .triggers import TriggerMatch
from .view import DocView, Sentence

PARTICIPLE_CONFIDENCE = 0.7


def participle_proposals(doc: DocView, sent: Sentence, actors: Sequence[Actor], matches: Sequence[TriggerMatch],
                         taken: set, boundaries: frozenset) -> list[Proposal]:
    """Proposals of triggers inside a participle clause that no trigger rule used.

    doc (DocView): the document.
    sent (Sentence): the sentence.
    actors (Sequence[Actor]): the sentence's actors, in text order.
    matches (Sequence[TriggerMatch]): trigger matches in the sentence.
    taken (set): trigger starts that already gave proposals.
    boundaries (frozenset): words no subject reaches over (`relations.head_boundaries`).
    RETURNS (list[Proposal]): the proposals.
    """
    out = []
    for m in matches:
        if m.start in taken or m.trigger.type in STATIC_TYPES:
            continue
        verb = _participle_start(doc, sent, m)
        if verb is None:
            continue
        pool = interaction_pool(actors, m.trigger.type)
        if any(verb <= a.start < m.start for a in pool):
            continue
        pair = _fronted(doc, sent, pool, m, verb) or _trailing(doc, pool, verb, boundaries)
        if pair and valid(doc, pair[0], pair[1], m.trigger.type):
            out.append(Proposal(pair[0], pair[1], m.trigger.type, PARTICIPLE_CONFIDENCE, mode=m.trigger.mode,
                                trigger=m.start, pattern=m.trigger.id))
    return out


def _participle_start(doc, sent: Sentence, m: TriggerMatch):
    """The -ing word opening the trigger's clause ('providing crucial ... support'), or None."""
    i = m.start
    while i > sent.start and doc.lower[i - 1] not in {",", "“", '"'} and m.start - i < 8:
        i -= 1
    while i < m.start and doc.lower[i].endswith("ly"):
        i += 1
    return i if doc.lower[i].endswith("ing") else None


def _trailing(doc, pool, verb: int, boundaries: frozenset):
    i = verb - 1
    while i >= 0 and doc.lower[i].endswith("ly") and verb - i <= 3:
        i -= 1
    if i < 0 or doc.lower[i] != ",":
        return None
    before = [a for a in pool if a.end <= i and boundaries.isdisjoint(doc.lower[a.end:i])]
    if len(before) < 2:
        return None
    return before[0], before[-1]


def _fronted(doc, sent: Sentence, pool, m: TriggerMatch, verb: int):
    if any(a.end <= m.start for a in pool) or any(doc.is_alpha[i] for i in range(sent.start, verb)):
        return None
    comma = next((i for i in range(m.end, sent.end) if doc.lower[i] == ","), None)
    if comma is None:
        return None
    before = [a for a in pool if a.end <= comma]
    after = [a for a in pool if a.start > comma]
    if not before or not after or after[0].start - comma > 3:
        return None
    return after[0], before[-1]
