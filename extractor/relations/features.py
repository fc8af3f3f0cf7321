"""Features of a candidate pair, as a sparse dict for the classifier.

Computed only for candidate pairs, from the lookup lemmas of the sentence's
tokens: the two labels and their order, the words between and around them,
trigger hits by position, the rules' proposals, distance, punctuation and
clause cues. `pair_parts` finds them; `pair_features` names them (training),
`PairColumns` turns them straight into a fitted classifier's columns
(prediction: no feature name is built for a word the model has a column for).
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
CUE_FEATURES = {cue: f"has={cue}" for cue in CUES}
# 'dist=B' for a gap of 0, 1, ... tokens: B is the least bound >= the gap
DISTANCE_FEATURES = [
    "dist=" + next((str(bound) for bound in DIST_BUCKETS if gap <= bound), f">{DIST_BUCKETS[-1]}")
    for gap in range(DIST_BUCKETS[-1] + 2)
]
# The word features: 'bw=<form>' for each word between (at most MAX_BETWEEN), the
# first and last of them, and the WINDOW words before and after the pair.
WORD_PREFIXES = ("bw=", "bw_first=", "bw_last=", "before=", "after=")


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
    names, words = pair_parts(doc, a, b, actors, matches, proposals)
    feats = dict.fromkeys(names, 1.0)
    for prefix, forms in zip(WORD_PREFIXES, words):
        feats.update(dict.fromkeys([prefix + form for form in forms], 1.0))
    return feats


class PairColumns:
    """A pair's features (`pair_parts`) as the columns of a fitted classifier that they
    set, each once: the features of `pair_features` the model has, without naming
    a word feature again once its column is known."""

    def __init__(self, classifier):
        self.named = classifier.columns("")
        self.words = [classifier.columns(prefix) for prefix in WORD_PREFIXES]

    def __call__(self, names: list[str], words: Sequence[list[str]]) -> list[int]:
        """The column indexes of a pair's feature names and word forms (see `pair_parts`)."""
        columns = set(map(self.named.__getitem__, names))
        for family, forms in zip(self.words, words):
            columns.update(map(family.__getitem__, forms))
        columns.discard(-1)
        return list(columns)


def pair_parts(doc, a: Actor, b: Actor, actors: Sequence[Actor], matches: Sequence[TriggerMatch],
               proposals: Sequence[Proposal]) -> tuple[list[str], tuple[list[str], ...]]:
    """The features of the pair (a, b) in two parts: the names of those that are not word
    features, and the word forms of each WORD_PREFIXES feature (arguments: `pair_features`)."""
    names = ["bias", f"pair={a.label}>{b.label}", f"a={a.label}", f"b={b.label}"]
    _shape(doc, a, b, actors, names)
    _triggers(a, b, matches, names)
    for prop in proposals:
        names.append(f"rule={prop.type}:{'fwd' if prop.head == a else 'rev'}")
        names.append("rule_any")
    if same_side(a, b, doc.ents):
        names.append("same_side")
    return names, _words(doc, a, b)


def _words(doc, a: Actor, b: Actor) -> tuple[list[str], ...]:
    """The forms between the pair, its first and last, and those before and after it."""
    start = max(a.start - WINDOW, 0)
    forms = doc.forms(start, min(b.end + WINDOW, len(doc)))  # a, b and the words around them
    between = forms[a.end - start:b.start - start]
    return between[:MAX_BETWEEN], between[:1], between[-1:], forms[:a.start - start], forms[b.end - start:]


def _shape(doc, a: Actor, b: Actor, actors: Sequence[Actor], names: list[str]) -> None:
    """Add distance, actors between, cue words, clause break, negation and virtual features."""
    gap = b.start - a.end
    inner = sum(1 for x in actors if a.end <= x.start and x.end <= b.start)
    words = set(doc.lower[a.end:b.start])
    names.append(DISTANCE_FEATURES[min(max(gap, 0), len(DISTANCE_FEATURES) - 1)])
    names.append(f"n_between={min(inner, 3)}")
    names += [CUE_FEATURES[cue] for cue in words.intersection(CUE_FEATURES)]
    if not words.isdisjoint(CLAUSE_BOUNDARIES):
        names.append("clause_break")
    if any(map(is_negation, words)):
        names.append("negation_between")
    if a.virtual or b.virtual:
        names.append("virtual")


def _triggers(a: Actor, b: Actor, matches: Sequence[TriggerMatch], names: list[str]) -> None:
    """Add where each trigger of the sentence lies relative to the pair, with its kind."""
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
        names.append(f"trig_{where}={kind}")
        names.append(f"trig_{where}")
