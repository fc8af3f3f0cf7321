"""Features of a candidate pair, as a sparse dict for the classifier.

Computed only for candidate pairs, from the lookup lemmas of the sentence's
tokens: the two labels and their order, the words between and around them,
trigger hits by position, the rules' proposals, distance, punctuation and
clause cues.
"""
from __future__ import annotations

from typing import Sequence

from .candidates import Actor
from .context import CLAUSE_BOUNDARIES, is_negation
from .lexicon import TriggerMatch
from .rules import Proposal, same_side

DIST_BUCKETS = (0, 1, 2, 4, 8, 15)
WINDOW = 2
MAX_BETWEEN = 12
NONE = "NONE"
CUES = (",", "(", ";", "and", "by", "'s", "’s", "from", "to", "with", "of")
# 'dist=B' for a gap of 0, 1, ... tokens: B is the least bound >= the gap
DISTANCE_FEATURES = [
    "dist=" + next((str(bound) for bound in DIST_BUCKETS if gap <= bound), f">{DIST_BUCKETS[-1]}")
    for gap in range(DIST_BUCKETS[-1] + 2)
]


def pair_label(rel_type: str, head_first: bool, symmetric: bool) -> str:
    """The class of a pair: 'TYPE:fwd' when the head comes first (or the type is symmetric)."""
    return f"{rel_type}:{'fwd' if head_first or symmetric else 'rev'}"


def pair_features(doc, a: Actor, b: Actor, actors: Sequence[Actor],
                  matches: Sequence[TriggerMatch], proposals: Sequence[Proposal]) -> dict:
    """The feature dict of the pair (a, b), a before b.

    doc (Doc): the document.
    a (Actor): the earlier actor.
    b (Actor): the later actor.
    actors (Sequence[Actor]): all actors of the sentence.
    matches (Sequence[TriggerMatch]): trigger matches in the sentence.
    proposals (Sequence[Proposal]): rule proposals for this pair.
    RETURNS (dict): feature name -> value.
    """
    feats = {"bias": 1.0, f"pair={a.label}>{b.label}": 1.0, f"a={a.label}": 1.0, f"b={b.label}": 1.0}
    feats.update(_words(doc, a, b))
    feats.update(_shape(doc, a, b, actors))
    feats.update(_triggers(a, b, matches))
    for prop in proposals:
        direction = "fwd" if prop.head == a else "rev"
        feats[f"rule={prop.type}:{direction}"] = 1.0
        feats["rule_any"] = 1.0
    if same_side(a, b, doc.ents):
        feats["same_side"] = 1.0
    return feats


def _words(doc, a: Actor, b: Actor) -> dict:
    start = max(a.start - WINDOW, 0)
    forms = doc.forms(start, min(b.end + WINDOW, len(doc)))  # a, b and the words around them
    between = forms[a.end - start:b.start - start]
    feats = dict.fromkeys([f"bw={w}" for w in between[:MAX_BETWEEN]], 1.0)
    if between:
        feats[f"bw_first={between[0]}"] = 1.0
        feats[f"bw_last={between[-1]}"] = 1.0
    for w in forms[:a.start - start]:
        feats[f"before={w}"] = 1.0
    for w in forms[b.end - start:]:
        feats[f"after={w}"] = 1.0
    return feats


def _shape(doc, a: Actor, b: Actor, actors: Sequence[Actor]) -> dict:
    gap = b.start - a.end
    inner = sum(1 for x in actors if a.end <= x.start and x.end <= b.start)
    words = set(doc.lower[a.end:b.start])
    feats = {DISTANCE_FEATURES[min(max(gap, 0), len(DISTANCE_FEATURES) - 1)]: 1.0, f"n_between={min(inner, 3)}": 1.0}
    for cue in CUES:
        if cue in words:
            feats[f"has={cue}"] = 1.0
    if not words.isdisjoint(CLAUSE_BOUNDARIES):
        feats["clause_break"] = 1.0
    if any(map(is_negation, words)):
        feats["negation_between"] = 1.0
    if a.virtual or b.virtual:
        feats["virtual"] = 1.0
    return feats


def _triggers(a: Actor, b: Actor, matches: Sequence[TriggerMatch]) -> dict:
    feats = {}
    for m in matches:
        t = m.trigger
        kind = t.type + (":rev" if t.reverse else "")
        if m.gap and m.gap[0] <= b.start and b.end <= m.gap[1] and m.start >= a.end:
            where = "gap"
        elif a.end <= m.start and m.end <= b.start:
            where = "between"
        elif m.end <= a.start and a.start - m.end <= 6:
            where = "before"
        elif m.start >= b.end and m.start - b.end <= 6:
            where = "after"
        else:
            continue
        feats[f"trig_{where}={kind}"] = 1.0
        feats[f"trig_{where}"] = 1.0
    return feats
