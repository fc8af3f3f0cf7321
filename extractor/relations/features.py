"""Features of a candidate pair: names, each set to 1.0, for the pair classifier.

The two labels and their order; the lemmas between the pair (its first, its last, and each
of the first MAX_BETWEEN) and the WINDOW lemmas around it; the triggers of the sentence by
where they lie relative to the pair (with their type and pattern); the rules' proposals for
the pair; the distance, the actors between, cue words, a clause break, negation between,
and whether an argument is a reference. All of these hold for any pair of any sentence,
so a classifier trained on them can score pairs no rule proposed.
"""
from __future__ import annotations

from typing import Sequence

from .actors import Actor, same_side
from .proposals import Proposal
from .triggers import TriggerMatch
from .view import DocView

DIST_BUCKETS = (0, 1, 2, 4, 8, 15)
WINDOW = 2
MAX_BETWEEN = 12
NEAR = 6  # tokens before or after the pair within which a trigger counts as near it


def pair_label(rel_type: str, head_first: bool, symmetric: bool) -> str:
    """The class of a pair: 'TYPE:fwd' when the head comes first (or the type is symmetric)."""
    return f"{rel_type}:{'fwd' if head_first or symmetric else 'rev'}"


def _distance(gap: int) -> str:
    return "dist=" + next((str(bound) for bound in DIST_BUCKETS if gap <= bound), f">{DIST_BUCKETS[-1]}")


def pair_features(view: DocView, a: Actor, b: Actor, actors: Sequence[Actor], matches: Sequence[TriggerMatch],
                  proposals: Sequence[Proposal], cues: frozenset, boundaries: frozenset,
                  negations: frozenset) -> list[str]:
    """The feature names of the pair (a, b), a before b.

    view (DocView): the document.
    a (Actor): the earlier actor.
    b (Actor): the later actor.
    actors (Sequence[Actor]): the actors of the sentence (those between the pair suffice).
    matches (Sequence[TriggerMatch]): trigger matches of the sentence (those near the pair suffice).
    proposals (Sequence[Proposal]): rule proposals for this pair.
    cues (frozenset): words whose presence between the pair is a feature.
    boundaries (frozenset): clause boundary words.
    negations (frozenset): negation words.
    RETURNS (list[str]): the names of the features the pair has.
    """
    between = view.lemmas[a.end:b.start]
    names = ["bias", f"pair={a.label}>{b.label}", f"a={a.label}", f"b={b.label}", _distance(max(b.start - a.end, 0)),
             f"n_between={min(sum(1 for x in actors if a.end <= x.start and x.end <= b.start), 3)}"]
    names += [f"bw={w}" for w in between[:MAX_BETWEEN]]
    names += [f"bw_first={w}" for w in between[:1]] + [f"bw_last={w}" for w in between[-1:]]
    names += [f"before={w}" for w in view.lemmas[max(a.start - WINDOW, 0):a.start]]
    names += [f"after={w}" for w in view.lemmas[b.end:b.end + WINDOW]]
    words = set(view.lower[a.end:b.start])
    names += [f"has={cue}" for cue in words & cues]
    if not words.isdisjoint(boundaries):
        names.append("clause_break")
    if not words.isdisjoint(negations):
        names.append("negation_between")
    if a.virtual or b.virtual:
        names.append("virtual")
    if same_side(view, a, b):
        names.append("same_side")
    names += _trigger_features(a, b, matches)
    for prop in proposals:
        names += [f"rule={prop.type}:{'fwd' if prop.head == a else 'rev'}", "rule_any", f"rule_source={prop.source}"]
    return names


def _trigger_features(a: Actor, b: Actor, matches: Sequence[TriggerMatch]) -> list[str]:
    """Where each trigger of the sentence lies relative to the pair, with its type and pattern."""
    names = []
    for m in matches:
        if m.gap and m.gap[0] <= b.start and b.end <= m.gap[1] and m.start >= a.end:
            where = "gap"
        elif a.end <= m.start and m.end <= b.start:
            where = "between"
        elif m.end <= a.start and a.start - m.end <= NEAR:
            where = "before"
        elif m.start >= b.end and m.start - b.end <= NEAR:
            where = "after"
        else:
            continue
        names += [f"trig_{where}={m.trigger.type}", f"trig_{where}", f"trig_{where}_pattern={m.trigger.pattern}"]
    return names
