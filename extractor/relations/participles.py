"""Participle clauses, whose actor is the sentence's subject, not the nearest name:
"Russia has been an ally of the North Korean regime, providing support" (subject ->
object), "Maduro ordered troops to the border, accusing Bogota of ..." (subject -> the
trigger's own object), "Appreciating the courage of President Trump, Kim Jong Un said"
(the name after the comma -> the one before it).
"""
from __future__ import annotations

from typing import Callable, Sequence

from ..schema import STATIC_TYPES
from .actors import Actor
from .proposals import Proposal, first_filled, interaction_pool, valid
from .triggers import TriggerMatch
from .view import DocView, Sentence

PARTICIPLE_CONFIDENCE = 0.7


def participle_proposals(doc: DocView, sent: Sentence, actors: Sequence[Actor], matches: Sequence[TriggerMatch],
                         taken: set, boundaries: frozenset, roles_of: Callable) -> list[Proposal]:
    """Proposals of triggers inside a participle clause that no trigger rule used.

    doc (DocView): the document.
    sent (Sentence): the sentence.
    actors (Sequence[Actor]): the sentence's actors, in text order.
    matches (Sequence[TriggerMatch]): trigger matches in the sentence.
    taken (set): trigger starts that already gave proposals.
    boundaries (frozenset): words no subject reaches over (`relations.head_boundaries`).
    roles_of (Callable): pool of actors -> the role finder over it.
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
        fronted = _fronted(doc, sent, pool, m, verb)
        pairs = [fronted] if fronted else _trailing(doc, pool, m, verb, boundaries, roles_of(pool))
        out += [Proposal(head, tail, m.trigger.type, PARTICIPLE_CONFIDENCE, mode=m.trigger.mode, trigger=m.start,
                         pattern=m.trigger.id) for head, tail in pairs if valid(doc, head, tail, m.trigger.type)]
    return out


def _participle_start(doc, sent: Sentence, m: TriggerMatch):
    """The -ing word opening the trigger's clause ('providing crucial ... support'), or None."""
    i = m.start
    while i > sent.start and doc.lower[i - 1] not in {",", "“", '"'} and m.start - i < 8:
        i -= 1
    while i < m.start and doc.lower[i].endswith("ly"):
        i += 1
    return i if doc.lower[i].endswith("ing") else None


def _trailing(doc, pool, m: TriggerMatch, verb: int, boundaries: frozenset, finder) -> list[tuple[Actor, Actor]]:
    """A participle clause after a comma: its actor is the clause's subject (a title's
    holder stands for its leader); the trigger's own tail after the participle, else the
    last actor before the comma, is the other party."""
    i = verb - 1
    while i >= 0 and doc.lower[i].endswith("ly") and verb - i <= 3:
        i -= 1
    if i < 0 or doc.lower[i] != ",":
        return []
    before = [a for a in pool if a.end <= i and boundaries.isdisjoint(doc.lower[a.end:i])]
    if not before:
        return []
    tails = [t for t in first_filled(finder, m, m.trigger.tail, m.trigger.tail_labels) if t.start > verb]
    if tails:
        subject = finder.possessor_hop(before[0])
        return [(subject, tail) for tail in tails]
    return [(before[0], before[-1])] if len(before) > 1 else []


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
