"""Rules that propose relations in one sentence.

Structural rules give LEADER_OF / OFFICIAL_OF from titles and appositions:
"Russian President Vladimir Putin", "Syria's Assad", "sent its vice foreign
minister Im Chon Il", "Kim Il-sung, the founder of North Korea", "the Syrian
regime leader", and a titled leader whose KB state is named in the sentence.
Trigger rules give the interactions: the actor (group) nearest before a
trigger is the head, the actor (group) right after it, or inside its gap, is
the tail; `reverse` triggers swap them; symmetric types also pair a conjoined
subject ("Kim and Assad exchanged letters") or a "between A and B" object.
"""
from __future__ import annotations

from typing import Callable, NamedTuple, Optional, Sequence

from ..schema import RELATION_TYPES, STATIC_TYPES, SYMMETRIC_TYPES, allowed_arguments
from .candidates import Actor, keep
from .lexicon import TriggerMatch

CONJ = frozenset({",", "and", "or", "(", ")", "both", "as", "well", "&", "the"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
BE = frozenset({"was", "were", "been", "being", "is", "are", "be", "get", "got"})
TITLE_WORDS = frozenset({
    "leader", "president", "minister", "foreign", "prime", "deputy", "vice", "supreme", "dictator",
    "counterpart", "chancellor", "secretary", "general", "spokesman", "spokesperson", "envoy",
    "ambassador", "king", "chief", "head", "junta", "commander", "premier", "chairman", "-",
})
ARMY_OR_TITLE_WORDS = TITLE_WORDS | {"army", "military"}
LEADER_NOUNS = frozenset({"leader", "president", "dictator", "chancellor", "premier", "king", "minister", "chief"})
SUBJECT_GAP_WORDS = frozenset({
    "have", "has", "had", "also", "reportedly", "long", "been", "both", "again", "already", "recently",
    "formally", "officially", "hold", "held", "holds", "maintain", "maintained", "maintains", "close",
    "strong", "friendly", "established", "establish", "restored", "restore", "will", "would", "to",
    "agreed", "agree", "signed", "sign", "mutual", "a", "an", "diplomatic", "economic", "military", "full", "formal", "not", "n't", "n’t", "never", "yet", "did", "do", "does",
})
HEAD_BOUNDARIES = frozenset({";", "but", "while", "whereas", "although", "amid", "which", "who"})
MAX_HEAD_GAP = 12
MAX_TAIL_GAP = 8
INTERACTION_LABELS = frozenset({"LEADER", "STATE", "ORG"})
ASSAULT_LABELS = INTERACTION_LABELS | {"LOCATION"}
CONJUNCTIONS = frozenset({"and", "or", "&"})
IMPLICIT_TAIL_TYPES = frozenset({"SANCTION"})
TITLE_HOP_MAX = 4
ARGUMENTS = {rel_type: allowed_arguments(rel_type) for rel_type in RELATION_TYPES}
TAIL_BLOCKERS = frozenset({",", ";", ":", "since", "during", "until", "amid", "because", "despite",
                           "when", "while", "although", "whereas", "but"})
ASSAULT_TAIL_BLOCKERS = TAIL_BLOCKERS | {"along"}
OTHER_TAIL_BLOCKERS = TAIL_BLOCKERS | {"at"}


class Proposal(NamedTuple):
    """A relation a rule proposes between two actors of a sentence."""

    head: Actor
    tail: Actor
    type: str
    confidence: float
    role: Optional[str] = None
    mode: Optional[str] = None
    trigger: Optional[int] = None


def same_side(a: Actor, b: Actor, ents) -> bool:
    """Whether two actors are one party (a leader or national body and its own state)."""
    if a.label == "STATE" and b.label in ("LEADER", "ORG"):
        state = ents.states[b.ent]
        return state is not None and state == ents.kb_ids[a.ent]
    if b.label == "STATE" and a.label in ("LEADER", "ORG"):
        state = ents.states[a.ent]
        return state is not None and state == ents.kb_ids[b.ent]
    return False


def valid(head: Actor, tail: Actor, rel_type: str, ents) -> bool:
    """Argument labels allowed, and an interaction between two parties."""
    heads, tails = ARGUMENTS.get(rel_type) or allowed_arguments(rel_type)
    if head.label not in heads or tail.label not in tails or head.ent == tail.ent:
        return False
    return rel_type in STATIC_TYPES or not same_side(head, tail, ents)


# --- triggers -------------------------------------------------------------

def trigger_proposals(doc, actors: Sequence[Actor], matches: Sequence[TriggerMatch],
                      implicit: Optional[Callable] = None, owners: Optional[dict] = None) -> list[Proposal]:
    """Interaction proposals from trigger matches in one sentence.

    doc (Doc): the document.
    actors (Sequence[Actor]): the sentence's actors, in text order.
    matches (Sequence[TriggerMatch]): trigger matches in the sentence.
    implicit (Optional[Callable]): (heads, match) -> an earlier actor that is the
        unnamed tail of an IMPLICIT_TAIL_TYPES trigger ("pursuing sanctions").
    owners (Optional[dict]): holder -> leader of trailing titles ("Guterres, the UN
        secretary-general, urged ..."): the leader, not the UN, is the head.
    RETURNS (list[Proposal]): proposals, possibly several per pair.
    """
    ents = doc.ents
    out, pools = [], {}
    for m in matches:
        assault = m.trigger.type == "ASSAULT"  # the only type whose pool differs
        pool = pools.get(assault)
        if pool is None:
            pool = pools[assault] = interaction_actors(actors, m.trigger.type, doc)
        if len(pool) < 2 and m.trigger.type not in IMPLICIT_TAIL_TYPES:
            continue  # a pair needs two actors, or one and an implicit tail
        tails = _tail_group(doc, pool, m, matches)
        if not tails and not _pairs_without_tail(m.trigger):
            continue
        heads = _head_group(doc, pool, m, tails[0] if tails else None, ents)
        if owners:
            heads = [owners.get(h, h) for h in heads]
        conf = m.trigger.confidence
        if heads and not tails and implicit is not None and m.trigger.type in IMPLICIT_TAIL_TYPES:
            tails, conf = [t for t in [implicit(heads, m)] if t is not None], conf * 0.75
        passive = bool(tails) and _by_agent(doc, m, tails[0])
        for head, tail in _pairs(doc, heads, tails, m, passive):
            if valid(head, tail, m.trigger.type, ents):
                out.append(Proposal(head, tail, m.trigger.type, conf, mode=m.trigger.mode, trigger=m.start))
    return out


def _by_agent(doc, m: TriggerMatch, tail: Actor) -> bool:
    """'was called a sham vote by the United Nations': in a passive, the tail is the agent."""
    i = tail.start - 1
    lower = doc.lower
    if i >= 0 and lower[i] == "the":
        i -= 1
    if i < 0 or lower[i] != "by":
        return False
    for k in range(max(m.start - 3, 0), m.end):
        if lower[k].endswith(("ed", "en")) and any(lower[j] in BE for j in range(max(k - 2, 0), k)):
            return True
    return False


def interaction_actors(actors: Sequence[Actor], rel_type: str, doc=None) -> list[Actor]:
    """Actors that can take part: a mention inside a virtual description gives way to
    it, and 'North Korean leader's' (a leader the text does not name) drops out."""
    labels = ASSAULT_LABELS if rel_type == "ASSAULT" else INTERACTION_LABELS
    pool = [a for a in actors if a.label in labels]
    virtual = [a for a in actors if a.virtual]
    if virtual:
        pool = [a for a in pool if a.virtual or not any(v.start <= a.start and a.end <= v.end for v in virtual)]
    if doc is not None:
        starts = {a.start for a in actors}
        pool = [a for a in pool if a.virtual or a.label != "STATE" or not _unnamed_leader(doc, a, starts)]
    return pool


def _unnamed_leader(doc, actor: Actor, starts: set) -> bool:
    """'North Korean leader's' (a STATE actor): a leader the text does not name."""
    i, lower = actor.end, doc.lower
    if i < len(lower) and lower[i] in POSSESSIVE:
        i += 1
    if i >= len(lower) or lower[i] not in ARMY_OR_TITLE_WORDS:
        return False
    while i < len(lower) and lower[i] in ARMY_OR_TITLE_WORDS:
        i += 1
    return lower[i - 1] in LEADER_NOUNS and i not in starts


def _pairs_without_tail(trigger) -> bool:
    """Whether a trigger with no actor after it can still pair actors: a conjoined
    subject of a symmetric or mutual trigger, or an implicit tail."""
    return trigger.type in SYMMETRIC_TYPES or trigger.mutual or trigger.type in IMPLICIT_TAIL_TYPES


def _pairs(doc, heads, tails, m: TriggerMatch, passive: bool) -> list[tuple[Actor, Actor]]:
    rel_type = m.trigger.type
    if rel_type in SYMMETRIC_TYPES:
        if not heads and len(tails) > 1:  # 'talks between A and B', 'alongside A, B ...'
            return _all_pairs(tails)
        if not tails and len(heads) > 1 and _subject_of(doc, heads[-1], m):
            return _all_pairs(heads)
    if m.trigger.mutual and not tails and len(heads) > 1 and _subject_of(doc, heads[-1], m):
        return _all_pairs(heads) + [(b, a) for a, b in _all_pairs(heads)]
    if m.trigger.reverse != passive:
        return [(t, h) for h in heads for t in tails]
    return [(h, t) for h in heads for t in tails]


def _subject_of(doc, last: Actor, m: TriggerMatch) -> bool:
    """'Syria and North Korea have held close diplomatic relations': only auxiliaries,
    adverbs and light verbs between the conjoined subject and the trigger."""
    words = [doc.lower[i] for i in doc.non_space(last.end, m.start)]
    return all(w in SUBJECT_GAP_WORDS or w.endswith("ly") for w in words)


def _all_pairs(group):
    return [(a, b) for i, a in enumerate(group) for b in group[i + 1:]]


def _tail_group(doc, pool: Sequence[Actor], m: TriggerMatch, others=()) -> list[Actor]:
    """The actor group a trigger points at: inside its gap, else right after it
    (no boundary word, nor another trigger, in between)."""
    if m.trigger.arg == "gap" and m.gap is not None:
        inside = [a for a in pool if m.gap[0] <= a.start and a.end <= m.gap[1]]
        return _possessor_hop(doc, pool, inside[0]) if inside else []
    first = next((k for k, a in enumerate(pool) if a.start >= m.end), len(pool))
    if first == len(pool) or pool[first].start - m.end > MAX_TAIL_GAP:
        return []
    blockers = ASSAULT_TAIL_BLOCKERS if m.trigger.type == "ASSAULT" else OTHER_TAIL_BLOCKERS
    if blocked(doc, m.end, pool[first].start, blockers):
        return []
    if any(m.end <= o.start and o.end <= pool[first].start for o in others):
        return []
    group = [pool[first]]
    for nxt in pool[first + 1:]:
        if not _conjoined(doc, group[-1].end, nxt.start) or _new_clause(doc, group[-1].end, nxt.start):
            break
        group.append(nxt)
    return [_possessor_hop(doc, pool, a)[0] for a in group]


def _possessor_hop(doc, pool, actor: Actor) -> list[Actor]:
    """'North Korea's Kim' and 'North Korean leader Kim' stand for Kim."""
    if actor.label == "LEADER":
        return [actor]
    for nxt in pool:
        if nxt.label != "LEADER" or not actor.end <= nxt.start <= actor.end + TITLE_HOP_MAX:
            continue
        words = range(actor.end, nxt.start)
        if words and doc.lower[words[0]] in POSSESSIVE and len(words) == 1:
            return [nxt]
        if words and all(doc.lexeme(w).is_title or doc.lower[w] in TITLE_WORDS for w in words):
            return [nxt]
    return [actor]


def _head_group(doc, pool, m: TriggerMatch, target: Optional[Actor], ents) -> list[Actor]:
    before = [a for a in pool if a.end <= m.start]
    for idx in range(len(before) - 1, -1, -1):
        cand = before[idx]
        if m.start - cand.end > MAX_HEAD_GAP or blocked(doc, cand.end, m.start, HEAD_BOUNDARIES):
            return []
        if target is not None and (same_side(cand, target, ents) or not keep(cand, target, doc)):
            continue
        return _left_group(doc, before[:idx + 1])
    return []


def _left_group(doc, before: Sequence[Actor]) -> list[Actor]:
    group, left = [before[-1]], before[-1].start
    for prev in reversed(before[:-1]):
        if _titled(doc, prev, group[0]) and prev.start < left:
            left = prev.start
            continue
        if not _conjoined(doc, prev.end, left):
            break
        group.insert(0, prev)
        left = prev.start
    return group


def _new_clause(doc, end: int, start: int) -> bool:
    """', and the United States imposed ...' opens a clause rather than extending a list."""
    words = doc.lower[end:start]
    return any(a == "," and b in ("and", "but") for a, b in zip(words, words[1:]))


def _conjoined(doc, end: int, start: int) -> bool:
    words = doc.lower[end:start]
    if "the" in words and CONJUNCTIONS.isdisjoint(words):
        return False  # 'Russia, the French foreign ministry said' is no list
    return 0 < len(words) <= 4 and CONJ.issuperset(words)


def _titled(doc, holder: Actor, leader: Actor) -> bool:
    """'Eritrean President Isaias Afwerki': a holder that only titles the next leader."""
    words = range(holder.end, leader.start)
    return holder.label != "LEADER" and leader.label == "LEADER" and 0 < len(words) <= 3 \
        and all(doc.lower[w] in TITLE_WORDS or doc.lexeme(w).is_title for w in words)


def blocked(doc, start: int, end: int, words: frozenset) -> bool:
    """A boundary word or a line break between two tokens."""
    window = doc.lower[start:end]
    return not words.isdisjoint(window) or "\n" in "".join(window)
