"""Features of a candidate pair: names, each set to 1.0, for the pair classifier.

The two labels and their order; the lemmas between the pair (its first, its last, and each
of the first MAX_BETWEEN) and the WINDOW lemmas around it; the triggers of the sentence by
where they lie relative to the pair (with their type and pattern); the rules' proposals for
the pair; the distance, the actors between, cue words, a clause break, negation between, the
modality cues before the later argument, the lemmas on the dependency path between them
(with a parse), the word that governs the pair (its lemma and form: with a parse, the two
mentions' lowest common ancestor; else the first content word between them), triggers
learned from gold, and whether an argument is a reference. All of these hold for any pair
of any sentence, so a classifier trained on them can score pairs no rule proposed.
"""
from __future__ import annotations

from typing import Optional, Sequence

from .actors import Actor, same_side
from .context import ContextWords
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
                  proposals: Sequence[Proposal], cues: frozenset, context: ContextWords,
                  function_words: frozenset) -> list[str]:
    """The feature names of the pair (a, b), a before b.

    view (DocView): the document.
    a (Actor): the earlier actor.
    b (Actor): the later actor.
    actors (Sequence[Actor]): the actors of the sentence (those between the pair suffice).
    matches (Sequence[TriggerMatch]): trigger matches of the sentence (those near the pair suffice).
    proposals (Sequence[Proposal]): rule proposals for this pair.
    cues (frozenset): words whose presence between the pair is a feature.
    context (ContextWords): clause boundary, negation and modality words.
    function_words (frozenset): words that never govern a pair.
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
    if not words.isdisjoint(context.boundaries):
        names.append("clause_break")
    if not words.isdisjoint(context.negation):
        names.append("negation_between")
    names += [f"modal={kind}" for kind in context.modal_cues(view.lower[max(a.start - WINDOW, 0):b.start])]
    names += [f"path={view.lemmas[i]}" for i in _parsed_path(view, a, b)]
    gov = governor(view, a, b, function_words)
    if gov is not None:
        names += [f"gov={view.lemmas[gov]}", f"gov_word={view.lower[gov]}",
                  f"gov_{'between' if a.end <= gov < b.start else 'outside'}={view.lemmas[gov]}"]
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
        if m.trigger.source == "learned":
            names.append(f"learned_{where}={m.trigger.type}")
    return names


def _parsed_path(view: DocView, a: Actor, b: Actor) -> list[int]:
    """The tokens on the dependency path between the pair, none without a parse; no mention's."""
    found = _parse_of(view, a, b)
    if found is None:
        return []
    inside = set(range(a.start, a.end)) | set(range(b.start, b.end))
    return [i for i in dependency_path(found[0], found[1], a, b) or [] if i not in inside]


def _parse_of(view: DocView, a: Actor, b: Actor) -> Optional[tuple[dict, int]]:
    """(parse, first token) of the pair's sentence, None when it has no parse or an argument
    has no tokens of its own (an implicit one)."""
    start = view.sent_starts[view.sentence_of(a.start)] if view.sent_starts else 0
    parse = view.parse.get(start)
    if parse is None or a.end <= a.start or b.end <= b.start or b.end - start > len(parse["heads"]):
        return None
    return parse, start


def governor(view: DocView, a: Actor, b: Actor, function_words: frozenset) -> Optional[int]:
    """The token that governs the pair: with a parse of the sentence, the lowest common
    ancestor of the two mentions' heads (when no mention holds it); else the first word
    between them that is not a function word."""
    found = _parse_of(view, a, b)
    if found is not None:
        common = _paths_up(found[0]["heads"], found[1], a, b)[2]
        top = None if common is None else common + found[1]
        if top is not None and not (a.start <= top < a.end or b.start <= top < b.end):
            return top
    return next((i for i in range(a.end, b.start) if view.is_alpha[i] and view.lower[i] not in function_words),
                None)


def ancestors(heads: Sequence[int], i: int) -> list[int]:
    """Token i of a parsed sentence and its heads up to the root."""
    out = [i]
    while heads[out[-1]] != out[-1] and len(out) <= len(heads):
        out.append(heads[out[-1]])
    return out


def span_top(heads: Sequence[int], start: int, end: int) -> int:
    """The token of [start, end) whose head lies outside it (or the root)."""
    inside = range(start, end)
    return next((i for i in inside if heads[i] not in inside or heads[i] == i), inside[0])


def dependency_path(parse: dict, start: int, a: Actor, b: Actor) -> Optional[list[int]]:
    """The Doc tokens on the dependency path between the heads of two actors' spans (their
    common ancestor included), None when the parse does not join them."""
    up_a, up_b, common = _paths_up(parse["heads"], start, a, b)
    if common is None:
        return None
    path = up_a[1:up_a.index(common) + 1] + up_b[1:up_b.index(common)]
    return sorted(i + start for i in path)


def _paths_up(heads: Sequence[int], start: int, a: Actor, b: Actor) -> tuple[list[int], list[int], Optional[int]]:
    """The two mentions' heads and their ancestors (sentence indexes, each up to the root),
    and their lowest common ancestor (None when the parse does not join them)."""
    up_a = ancestors(heads, span_top(heads, a.start - start, a.end - start))
    up_b = ancestors(heads, span_top(heads, b.start - start, b.end - start))
    on_b = set(up_b)
    return up_a, up_b, next((i for i in up_a if i in on_b), None)
