"""One sentence's candidate pairs with their rule proposals, and the decision
that turns rule proposals and classifier probabilities into relations."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

from ..schema import STATIC_TYPES, SYMMETRIC_TYPES
from .candidates import Actor, Sentence, keep
from .context import attach_date, clause_start, negated
from .features import pair_features, pair_label, pair_parts
from .lexicon import TriggerIndex, TriggerMatch
from .participles import participle_proposals
from .rules import Proposal, trigger_proposals, valid
from .titles import TitleLexicon, title_proposals


ENVOY_CONFIDENCE = 0.6


@dataclass
class SentencePairs:
    """A sentence, its actors, candidate pairs, trigger matches and rule proposals
    (by pair), and (index into doc.ents, start, end) of its DATE mentions."""

    doc: object
    sent: Sentence
    actors: list[Actor]
    pairs: list[tuple[Actor, Actor]]
    matches: list[TriggerMatch]
    proposals: dict = field(default_factory=dict)
    dates: list = field(default_factory=list)

    @classmethod
    def build(cls, doc, sent: Sentence, actors: list[Actor], candidates: Callable,
              triggers: TriggerIndex, titles: TitleLexicon, implicit: Optional[Callable] = None,
              dates: Optional[list] = None, unproposed: bool = True) -> Optional["SentencePairs"]:
        """Run trigger matching, rules and candidates over one sentence; None when no
        rule proposes anything and pairs no rule proposed are not wanted (`unproposed`)."""
        matches = triggers.match(doc, doc.non_space(sent.start, sent.end))
        static = title_proposals(doc, sent, actors, titles)
        if not (matches or static or unproposed):
            return None
        props = static + trigger_proposals(doc, actors, matches, implicit, _owners(static))
        props += _envoys(doc, static, props)
        props += participle_proposals(doc, sent, actors, matches, {p.trigger for p in props})
        by_pair: dict = {}
        for prop in props:
            if keep(prop.head, prop.tail, doc):
                key = (prop.head, prop.tail) if prop.head.start <= prop.tail.start else (prop.tail, prop.head)
                by_pair.setdefault(key, []).append(prop)
        if not (by_pair or unproposed):
            return None
        pairs = list(candidates(actors, doc))
        pairs += [key for key in by_pair if key not in pairs]
        return cls(doc, sent, actors, pairs, matches, by_pair, dates or [])

    def features(self, a: Actor, b: Actor) -> dict:
        """The classifier features of the pair (a, b)."""
        return pair_features(self.doc, a, b, self.actors, self.matches, self.proposals.get((a, b), []))

    def parts(self, a: Actor, b: Actor) -> tuple[list[str], tuple[list[str], ...]]:
        """The classifier features of the pair (a, b) as `features.pair_parts`."""
        return pair_parts(self.doc, a, b, self.actors, self.matches, self.proposals.get((a, b), []))


def _owners(static: Sequence[Proposal]) -> dict:
    """Holder -> leader where a title follows the leader's name closely."""
    return {
        p.tail: p.head for p in static
        if not p.head.virtual and p.head.end <= p.tail.start <= p.head.end + 4
    }


def _envoys(doc, static: Sequence[Proposal], props: Sequence[Proposal]) -> list[Proposal]:
    """Talks between two states take in an official of one named in the sentence:
    'sent its vice foreign minister Im Chon Il ... to attend negotiations between
    the DPRK and Russian foreign ministries' -> Im Chon Il CONSULT Russian."""
    ents = doc.ents
    out = []
    for talk in (p for p in props if p.type == "CONSULT" and p.head.label == p.tail.label == "STATE"):
        for title in (p for p in static if p.type == "OFFICIAL_OF" and p.tail.label == "STATE"):
            for own, other in ((talk.head, talk.tail), (talk.tail, talk.head)):
                if ents.keys[own.ent] == ents.keys[title.tail.ent]:
                    out.append(talk._replace(head=title.head, tail=other, confidence=ENVOY_CONFIDENCE))
    return out


def decide(sp: SentencePairs, a: Actor, b: Actor, probs: Optional[dict],
           threshold: float, veto: float) -> list[dict]:
    """Relations of one pair from its rule proposals and classifier probabilities.

    sp (SentencePairs): the sentence.
    a (Actor): the earlier actor.
    b (Actor): the later actor.
    probs (Optional[dict]): class -> probability, None without a fitted classifier;
        a class the classifier never saw gets no say.
    threshold (float): least probability for a class no rule proposed.
    veto (float): a rule proposal is dropped when the classifier gives less.
    RETURNS (list[dict]): relation dicts (doc._.relations format).
    """
    rules = {}
    for prop in sp.proposals.get((a, b), []):
        cls = pair_label(prop.type, prop.head == a, prop.type in SYMMETRIC_TYPES)
        if cls not in rules or prop.confidence > rules[cls].confidence:
            rules[cls] = prop
    wanted = set(rules)
    if probs:
        wanted.update([c for c, p in probs.items() if p >= threshold])
    out = []
    for cls in sorted(wanted):
        p = None if probs is None else probs.get(cls)
        prop = rules.get(cls)
        if prop is not None and p is not None and p < veto:
            continue
        conf = p if prop is None else (prop.confidence if p is None else 1 - (1 - prop.confidence) * (1 - p))
        rel = _relation(sp, a, b, cls, prop, conf)
        if rel is not None:
            out.append(rel)
    return out


def _relation(sp: SentencePairs, a: Actor, b: Actor, cls: str, prop: Optional[Proposal], conf: float):
    """The relation dict of class `cls` ('TYPE:fwd'/'TYPE:rev') of the pair (a, b),
    or None when its arguments do not fit the type."""
    rel_type, direction = cls.split(":")
    head, tail = (a, b) if direction == "fwd" else (b, a)
    if not valid(head, tail, rel_type, sp.doc.ents):
        return None
    static = rel_type in STATIC_TYPES
    anchor = prop.trigger if prop is not None and prop.trigger is not None else max(a.start, b.start)
    anchor = min(anchor, sp.sent.end - 1)
    start = None if static else clause_start(sp.doc, sp.sent, anchor)
    return {
        "type": rel_type, "head": head.ent, "tail": tail.ent,
        "date": None if static or not sp.dates else attach_date(sp.doc, sp.sent, anchor, sp.dates, start),
        "negated": False if static else negated(sp.doc, sp.sent, anchor, start),
        "evidence": (sp.sent.start_char, sp.sent.end_char),
        "confidence": round(float(0.0 if conf < 0.0 else 1.0 if conf > 1.0 else conf), 4),
        "role": prop.role if prop is not None and static else None,
        "mode": _mode(sp, prop, anchor) if rel_type == "CONSULT" else None,
    }


def _mode(sp: SentencePairs, prop: Optional[Proposal], anchor: int) -> Optional[str]:
    """The CONSULT mode: the proposal's, else that of the sentence's nearest CONSULT trigger."""
    if prop is not None and prop.mode:
        return prop.mode
    modes = [m for m in sp.matches if m.trigger.type == "CONSULT" and m.trigger.mode]
    return min(modes, key=lambda m: abs(m.start - anchor)).trigger.mode if modes else None


def gold_labels(sp: SentencePairs, a: Actor, b: Actor, gold: Sequence[dict]) -> set[str]:
    """The classes of a pair under gold relations whose evidence is this sentence.

    A named actor matches a gold argument by mention; a virtual actor (a
    description) by entity (kb_id for STATEs, canonical otherwise), since the
    annotator may have picked another mention of the same thing.
    """
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
    return sp.doc.ents.keys[actor.ent] == sp.doc.ents.keys[ent]
