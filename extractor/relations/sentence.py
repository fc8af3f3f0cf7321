"""One sentence's candidate pairs with their rule proposals, and the decision that turns
proposals and classifier probabilities into relations."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

from spacy.util import registry

from ..schema import RELATION_TYPES, STATIC_TYPES, SYMMETRIC_TYPES, allowed_arguments
from .actors import Actor, same_thing
from .features import NEAR, pair_label
from .participles import participle_proposals
from .proposals import Proposal, drop_places_of_meetings, trigger_proposals, unnamed_leaders, valid
from .titles import TitleLexicon, title_proposals
from .triggers import FEW, ByStart, TriggerMatch
from .view import DocView, Sentence

ENVOY_CONFIDENCE = 0.6
ALLOWED_PAIRS = frozenset(
    (head, tail) for rel_type in RELATION_TYPES
    for head in allowed_arguments(rel_type)[0] for tail in allowed_arguments(rel_type)[1])
ALLOWED_EITHER_WAY = ALLOWED_PAIRS | {(tail, head) for head, tail in ALLOWED_PAIRS}


class SentencePairing:
    """The pairing policy: actors of one sentence at most `max_distance` tokens apart that
    some relation type allows, naming two things."""

    def __init__(self, max_distance: int) -> None:
        self.max_distance = max_distance

    def __call__(self, actors: Sequence[Actor], view: DocView) -> list[tuple[Actor, Actor]]:
        pairs = []
        for i, a in enumerate(actors):
            for k in range(i + 1, len(actors)):
                b = actors[k]
                if b.start - a.end > self.max_distance:
                    break
                if (a.label, b.label) in ALLOWED_EITHER_WAY and a.ent != b.ent and not same_thing(view, a, b):
                    pairs.append((a, b))
        return pairs


@registry.misc("extractor.sentence_pairs.v1")
def make_sentence_pairs(max_distance: int) -> SentencePairing:
    """The pairing policy: actors of one sentence at most max_distance tokens apart.

    max_distance (int): largest gap in tokens between the two mentions.
    RETURNS (SentencePairing): actors -> list of (earlier, later) Actor pairs.
    """
    return SentencePairing(max_distance)


@dataclass
class SentencePairs:
    """A sentence, its actors, candidate pairs, trigger matches, rule proposals (by pair),
    and (index into the entities, start, end) of its DATE mentions."""

    view: DocView
    sent: Sentence
    actors: list[Actor]
    pairs: list[tuple[Actor, Actor]]
    matches: list[TriggerMatch]
    proposals: dict = field(default_factory=dict)
    dates: list = field(default_factory=list)
    _by_start: Optional[ByStart] = field(default=None, repr=False)
    _modes: Optional[ByStart] = field(default=None, repr=False)
    _starts: Optional[list] = field(default=None, repr=False)

    def near_matches(self, a: Actor, b: Actor) -> list[TriggerMatch]:
        """The trigger matches that may lie in, between or within NEAR tokens of the pair
        (a before b), in text order: the features' triggers, without a pass over all (but
        over a sentence's few, as `ByStart.holding` does)."""
        if len(self.matches) <= FEW:
            return self.matches
        if self._by_start is None:
            self._by_start = ByStart(self.matches)
        return self._by_start.starting(a.start - NEAR - self._by_start.reach, b.end + NEAR)

    def actors_between(self, a: Actor, b: Actor) -> list[Actor]:
        """The actors that start between the pair (a before b): all the features count."""
        if self._starts is None:
            self._starts = [x.start for x in self.actors]
        return self.actors[bisect_left(self._starts, a.end):bisect_left(self._starts, b.start)]

    def nearest_mode(self, anchor: int) -> Optional[str]:
        """The mode of the CONSULT trigger with a mode nearest the anchor (the earlier on a tie)."""
        if self._modes is None:
            self._modes = ByStart([m for m in self.matches if m.trigger.type == "CONSULT" and m.trigger.mode])
        found, starts = self._modes.matches, self._modes.starts
        k = bisect_left(starts, anchor)
        near = ([found[bisect_left(starts, starts[k - 1])]] if k else []) + found[k:k + 1]
        return min(near, key=lambda m: abs(m.start - anchor)).trigger.mode if near else None

    @classmethod
    def build(cls, view: DocView, sent: Sentence, actors: list[Actor], matches: list[TriggerMatch],
              candidates: Callable, titles: TitleLexicon, roles_of: Callable, implicit: Optional[Callable],
              dates: list, role_words) -> "SentencePairs":
        """Run the rules and the pairing over one sentence."""
        static = title_proposals(view, sent, actors, titles)
        unnamed = unnamed_leaders(view, actors, role_words)
        parties = [a for a in actors if a not in unnamed]
        props = static + trigger_proposals(view, roles_of, parties, matches, implicit, _owners(view, static))
        props += _envoys(view, static, props)
        props += participle_proposals(view, sent, parties, matches, {p.trigger for p in props},
                                      role_words.head_boundaries, roles_of)
        props = _aid_from_holders(view, static, actors, props)
        by_pair: dict = {}
        for prop in drop_places_of_meetings(view, props):
            key = (prop.head, prop.tail) if prop.head.start <= prop.tail.start else (prop.tail, prop.head)
            by_pair.setdefault(key, []).append(prop)
        pairs = list(candidates(actors, view))
        paired = set(pairs)
        pairs += [key for key in by_pair if key not in paired]
        return cls(view, sent, actors, pairs, matches, by_pair, dates)


def _owners(view: DocView, static: Sequence[Proposal]) -> dict:
    """Holder -> leader where a title follows the leader's name closely, or sets off the
    holder by a comma right before it ("the president of Kazakhstan, Tokayev, received")."""
    lower = view.lower
    return {p.tail: p.head for p in static if not p.head.virtual and (
        p.head.end <= p.tail.start <= p.head.end + 4 or (p.tail.end + 1 == p.head.start and lower[p.tail.end] == ","))}


def _aid_from_holders(view: DocView, static: Sequence[Proposal], actors: Sequence[Actor],
                      props: list[Proposal]) -> list[Proposal]:
    """AID a leader gives is the state's or organisation's the sentence names as the one
    they lead or serve ("Russian President Vladimir Putin, who granted a loan to Minsk":
    Russian -> Minsk), else their own state named in the sentence; the guideline's giver."""
    if not any(p.type == "AID" and p.head.label == "LEADER" for p in props):
        return props
    ents, held = view.ents, {p.head: p.tail for p in static}
    out = []
    for p in props:
        if p.type == "AID" and p.head.label == "LEADER":
            own = ents.states[p.head.ent]
            holder = held.get(p.head) or next(
                (a for a in actors if a.label == "STATE" and own and ents.kb_ids[a.ent] == own), None)
            if holder is not None and holder != p.tail:
                p = p._replace(head=holder)
        out.append(p)
    return out


def _envoys(view: DocView, static: Sequence[Proposal], props: Sequence[Proposal]) -> list[Proposal]:
    """Talks between two states take in an official of one named in the sentence: 'sent its
    vice foreign minister Im Chon Il ... to attend negotiations between the DPRK and Russian
    foreign ministries' -> Im Chon Il CONSULT Russian."""
    keys, out = view.ents.keys, []
    for talk in (p for p in props if p.type == "CONSULT" and p.head.label == p.tail.label == "STATE"):
        for title in (p for p in static if p.type == "OFFICIAL_OF" and p.tail.label == "STATE"):
            for own, other in ((talk.head, talk.tail), (talk.tail, talk.head)):
                if keys[own.ent] == keys[title.tail.ent]:
                    out.append(talk._replace(head=title.head, tail=other, confidence=ENVOY_CONFIDENCE))
    return out


def decide(sp: SentencePairs, a: Actor, b: Actor, probs: Optional[dict], threshold: float,
           veto: float) -> list[tuple[str, Optional[Proposal], float, str]]:
    """The classes a pair holds: (class, rule proposal or None, confidence, decided by).

    sp (SentencePairs): the sentence.
    a (Actor): the earlier actor.
    b (Actor): the later actor.
    probs (Optional[dict]): class -> probability, None without a fitted classifier; a class
        the classifier never saw gets no say.
    threshold (dict | float): least probability for a class no rule proposed (per type).
    veto (float): a rule proposal is dropped when the classifier gives less.
    RETURNS (list[tuple]): the decisions.
    """
    rules: dict = {}
    for prop in sp.proposals.get((a, b), []):
        cls = pair_label(prop.type, prop.head == a, prop.type in SYMMETRIC_TYPES)
        if cls not in rules or prop.confidence > rules[cls].confidence:
            rules[cls] = prop
    out = []
    for cls, prop in rules.items():
        p = None if probs is None else probs.get(cls)
        if p is not None and p < veto:
            continue
        out.append((cls, prop, prop.confidence if p is None else 1 - (1 - prop.confidence) * (1 - p), prop.source))
    floor = _floor(threshold)
    for cls, p in (probs or {}).items():
        if p >= floor and cls not in rules and p >= _threshold(threshold, cls):
            out.append((cls, None, p, "classifier"))
    return out


def _threshold(threshold, cls: str) -> float:
    if isinstance(threshold, dict):
        return threshold.get(cls.split(":")[0], threshold.get("default", 1.01))
    return threshold


def _floor(threshold) -> float:
    """The least value `_threshold` can give: a probability below it passes no class's."""
    return min([*threshold.values(), 1.01]) if isinstance(threshold, dict) else threshold


def gold_labels(sp: SentencePairs, a: Actor, b: Actor, gold: Sequence[dict]) -> set[str]:
    """The classes of a pair under gold relations whose evidence is this sentence; a
    reference matches a gold argument by entity (the annotator may have picked another
    mention of the same thing), a named actor by mention."""
    labels = set()
    for rel in gold:
        start, end = rel["evidence"]
        if end <= sp.sent.start_char or start >= sp.sent.end_char:
            continue
        symmetric = rel["type"] in SYMMETRIC_TYPES
        if _same(sp, a, rel["head"]) and _same(sp, b, rel["tail"]):
            labels.add(pair_label(rel["type"], True, symmetric))
        elif _same(sp, b, rel["head"]) and _same(sp, a, rel["tail"]):
            labels.add(pair_label(rel["type"], False, symmetric))
    return labels


def _same(sp: SentencePairs, actor: Actor, ent: int) -> bool:
    if not actor.virtual:
        return actor.ent == ent
    return sp.view.ents.keys[actor.ent] == sp.view.ents.keys[ent]


def relation_valid(view: DocView, cls: str, a: Actor, b: Actor) -> Optional[tuple[str, Actor, Actor]]:
    """(type, head, tail) of a class of the pair (a, b), None when the arguments do not fit."""
    rel_type, direction = cls.split(":")
    head, tail = (a, b) if direction == "fwd" else (b, a)
    return (rel_type, head, tail) if valid(view, head, tail, rel_type) else None


def is_static(rel_type: str) -> bool:
    return rel_type in STATIC_TYPES
