"""Relation proposals of one sentence from its triggers: each trigger's head and tail roles
give actor groups, and every head-tail pair that may hold the trigger's type is proposed.

Kept out: an interaction between an actor and its own state or organisation, a pair
naming one thing twice, arguments whose labels the trigger or the type does not allow,
and the place visited when the sentence names a person met ("travelled to Russia to
meet Putin" is a meeting with Putin).
"""
from __future__ import annotations

from typing import Callable, NamedTuple, Optional, Sequence

from ..schema import RELATION_TYPES, STATIC_TYPES, SYMMETRIC_TYPES, allowed_arguments
from .actors import Actor, INTERACTION_LABELS, same_side, same_thing
from .roles import SurfaceRoles
from .triggers import TriggerMatch
from .view import DocView

ARGUMENTS = {rel_type: allowed_arguments(rel_type) for rel_type in RELATION_TYPES}
ASSAULT_LABELS = INTERACTION_LABELS | {"LOCATION"}
IMPLICIT_TAIL_TYPES = frozenset({"SANCTION", "REJECT"})  # the tail an earlier sentence names
IMPLICIT_CONFIDENCE = 0.75
# actors of one role group paired with the trigger, nearest first: a list of states in a
# text without full stops would give a product of hundreds (the annotated texts' groups
# all fit: their output is the same)
MAX_GROUP = 16


class Proposal(NamedTuple):
    """A relation a rule proposes between two actors of a sentence, and where it came from:
    `trigger` the token where its trigger starts, `pattern` the trigger's id (or the title
    rule's name), `source` 'rules' or 'parse'."""

    head: Actor
    tail: Actor
    type: str
    confidence: float
    role: Optional[str] = None
    mode: Optional[str] = None
    trigger: Optional[int] = None
    pattern: Optional[str] = None
    source: str = "rules"


def valid(view: DocView, head: Actor, tail: Actor, rel_type: str) -> bool:
    """Argument labels allowed, two things, and an interaction between two parties."""
    heads, tails = ARGUMENTS.get(rel_type) or allowed_arguments(rel_type)
    if head.label not in heads or tail.label not in tails or head.ent == tail.ent or same_thing(view, head, tail):
        return False
    return rel_type in STATIC_TYPES or not same_side(view, head, tail)


def interaction_pool(actors: Sequence[Actor], rel_type: str) -> list[Actor]:
    """The actors that can take part in an interaction of the type; a named mention inside
    a reference gives way to it ("the Russian president" holds the STATE "Russian")."""
    labels = ASSAULT_LABELS if rel_type == "ASSAULT" else INTERACTION_LABELS
    virtual = [a for a in actors if a.virtual]
    if not virtual:
        return [a for a in actors if a.label in labels]
    return [a for a in actors if a.label in labels and (a.virtual or not any(
        v.start <= a.start and a.end <= v.end for v in virtual))]


def trigger_proposals(view: DocView, roles_of: Callable[[list[Actor]], SurfaceRoles], actors: Sequence[Actor],
                      matches: Sequence[TriggerMatch], implicit: Optional[Callable] = None,
                      owners: Optional[dict] = None) -> list[Proposal]:
    """Interaction proposals from the trigger matches of one sentence.

    view (DocView): the document.
    roles_of (Callable): pool of actors -> the role finder over it (surface or parse).
    actors (Sequence[Actor]): the sentence's actors, in text order.
    matches (Sequence[TriggerMatch]): its trigger matches.
    implicit (Optional[Callable]): (heads, match) -> an earlier actor that is the unnamed
        tail of an IMPLICIT_TAIL_TYPES trigger ("pursuing sanctions").
    owners (Optional[dict]): holder -> leader of trailing titles ("Guterres, the UN
        secretary-general, urged ..."): the leader, not the UN, is the head.
    RETURNS (list[Proposal]): proposals, possibly several per pair.
    """
    out, finders = [], {}
    for m in matches:
        kind = m.trigger.type == "ASSAULT"
        finder = finders.get(kind) or finders.setdefault(kind, roles_of(interaction_pool(actors, m.trigger.type)))
        found = _match_proposals(view, finder, m, implicit, owners or {})
        senses = (o for o in m.fallback if o.trigger.type != m.trigger.type) if not found else ()
        for shorter in senses:  # another sense of the words at its start
            found = _match_proposals(view, finder, shorter, implicit, owners or {})
            if found:
                break
        out += found
    return _without_prep_arguments(out, matches)


def _without_prep_arguments(props: list[Proposal], matches: Sequence[TriggerMatch]) -> list[Proposal]:
    """Drop another trigger's tail that sits inside a prepositional trigger ("deployed police
    to Mozambique at Maputo's request": Maputo is the request's, not the deployment's)."""
    preps = [(m.start, m.end) for m in matches if m.trigger.pos == "prep"]
    if not preps:
        return props
    return [p for p in props if p.trigger in {s for s, _ in preps} or not any(
        s <= p.tail.start and p.tail.end <= e for s, e in preps)]


def _match_proposals(view: DocView, finder: SurfaceRoles, m: TriggerMatch, implicit, owners: dict) -> list[Proposal]:
    trig = m.trigger
    tails = first_filled(finder, m, trig.tail, trig.tail_labels)
    if trig.type == "CONSULT":
        tails = [t for t in tails if not finder.is_venue(t)]
    if trig.type == "ASSAULT":
        tails = tails + [p for p in finder.target_places(m, tails) if p not in tails]
    if not tails and not _pairs_without_tail(trig, implicit):
        return []
    avoid = (lambda cand: same_side(view, cand, tails[0]) or same_thing(view, cand, tails[0])) if tails else None
    heads = first_filled(finder, m, trig.head, trig.head_labels, avoid)
    heads = [owners.get(h, h) for h in heads]
    conf = trig.confidence
    if heads and not tails and implicit is not None and trig.type in IMPLICIT_TAIL_TYPES:
        tails, conf = [t for t in [implicit(heads, m)] if t is not None], conf * IMPLICIT_CONFIDENCE
    pairs = _pairs(finder, nearest(heads, m), nearest(tails, m), m)
    if heads and len(tails) > 1 and trig.type in SYMMETRIC_TYPES and trig.pos == "noun" and "between" in trig.tail and \
            finder.find(m, "between") == tails:  # "Egypt hosted talks between Israel and Hamas"
        pairs += _all_pairs(nearest(tails, m))
    return [Proposal(h, t, trig.type, conf, mode=trig.mode, trigger=m.start, pattern=trig.id, source=finder.source)
            for h, t in pairs if valid(view, h, t, trig.type)]


def _pairs_without_tail(trig, implicit) -> bool:
    """Whether a trigger with no tail found can still give pairs: from a conjoined subject
    of a symmetric or mutual trigger, or with an implicit tail."""
    return trig.type in SYMMETRIC_TYPES or trig.mutual or (implicit is not None and trig.type in IMPLICIT_TAIL_TYPES)


def first_filled(finder, m: TriggerMatch, roles: Sequence[str], labels: frozenset, avoid=None) -> list[Actor]:
    """The group of the first role that holds an actor (of the allowed labels) that `avoid`
    does not rule out: a head role that finds only the tail's own side gives way to the next
    ("China and Russia held joint drills": `mod` finds Russia, the tail; `subj` finds China)."""
    for role in roles:
        group = finder.find(m, role, avoid)
        if labels:
            group = [a for a in group if a.label in labels]
        if avoid is not None and all(map(avoid, group)):
            continue
        if group:
            return group
    return []


def _pairs(finder, heads: list[Actor], tails: list[Actor], m: TriggerMatch) -> list[tuple[Actor, Actor]]:
    """The (head, tail) pairs: the product, or the pairs of a conjoined subject of a
    symmetric or mutual trigger ("Kim and Assad exchanged letters")."""
    trig = m.trigger
    symmetric = trig.type in SYMMETRIC_TYPES or trig.mutual
    if symmetric and not tails and len(heads) > 1 and finder.subject_of(heads[-1], m):
        pairs = _all_pairs(heads)
        return pairs + [(b, a) for a, b in pairs] if trig.mutual else pairs
    if symmetric and not heads and len(tails) > 1:
        return _all_pairs(tails)  # 'talks between A and B'
    if symmetric and not tails and len(heads) <= 1:  # 'A and B agreed ..., after talks', 'A told B in a call'
        group = finder.adjunct_participants(m)
        if len(group) > 1 and (not heads or heads[0] in group):
            return _all_pairs(group)
    pairs = [(h, t) for h in heads for t in tails if h != t]
    return pairs + [(t, h) for h, t in pairs] if trig.mutual else pairs  # 'A traded blame with B'


def nearest(group: list[Actor], m: TriggerMatch) -> list[Actor]:
    """The group, cut to its MAX_GROUP actors nearest the trigger, in text order."""
    if len(group) <= MAX_GROUP:
        return group
    kept = set(sorted(group, key=lambda a: abs(a.start - m.start))[:MAX_GROUP])
    return [a for a in group if a in kept]


def _all_pairs(group: list[Actor]) -> list[tuple[Actor, Actor]]:
    return [(a, b) for i, a in enumerate(group) for b in group[i + 1:]]


def unnamed_leaders(view: DocView, actors: Sequence[Actor], words) -> set[Actor]:
    """The STATE actors that only qualify a leader the text does not name ("North Korean
    leader's most frequent pen pal"): no actors of an interaction."""
    starts, lower, found = {a.start for a in actors}, view.lower, set()
    for actor in actors:
        if actor.label != "STATE" or actor.virtual:
            continue
        i = actor.end + (actor.end < len(lower) and lower[actor.end] in words.possessive)
        k = i
        while k < len(lower) and lower[k] in words.title_words:
            k += 1
        named = k in starts or (k + 1 in starts and lower[k] == ",")  # "Uganda's defence minister, Vincent Ssempijja"
        if k > i and lower[k - 1] in words.leader_nouns and not named:
            found.add(actor)
    return found


def drop_places_of_meetings(view: DocView, props: list[Proposal]) -> list[Proposal]:
    """'travelled to Russia to meet Putin': no CONSULT with the state visited when the
    sentence has one with a person of that state."""
    ents = view.ents
    people = {(p.head.ent, ents.states[p.tail.ent]) for p in props if p.type == "CONSULT" and p.tail.label == "LEADER"}
    people |= {(p.tail.ent, ents.states[p.head.ent]) for p in props if p.type == "CONSULT" and p.head.label == "LEADER"}
    return [p for p in props if not (
        p.type == "CONSULT" and p.tail.label == "STATE" and (p.head.ent, ents.kb_ids[p.tail.ent]) in people)]
