"""The actors of a sentence: its entity mentions, and the references that stand for one.

A reference is a pronoun or description the discourse component resolved to a named
mention ("he", "the country", "the Russian president"): `doc.spans["extractor_references"]`,
each span with `span._.refers_to` = the character offsets of that mention. In a sentence
it becomes a *virtual* actor: placed at the reference's tokens, pointing at the mention.
"""
from __future__ import annotations

from typing import NamedTuple, Sequence

from .view import DocView, Sentence
from ..components.references import REFERENCES

INTERACTION_LABELS = frozenset({"LEADER", "STATE", "ORG"})


class Actor(NamedTuple):
    """A mention in a sentence: the entity it stands for (an index into the Doc's entities),
    its tokens, its label, and whether it is a reference rather than the name itself."""

    ent: int
    start: int
    end: int
    label: str
    virtual: bool = False


def references(view: DocView) -> dict[int, list[Actor]]:
    """Sentence index -> the virtual actors of the Doc's references."""
    group = view.doc.spans.get(REFERENCES)
    if not group:
        return {}
    ents, by_chars = view.ents, {}
    for i, start in enumerate(ents.starts):
        by_chars[view.char_starts[start], view.char_ends[ents.ends[i] - 1]] = i
    found: dict[int, list[Actor]] = {}
    for span in group:
        offsets = span._.refers_to or ()
        for k in range(0, len(offsets) - 1, 2):  # a pair ("both leaders") refers to two mentions
            target = by_chars.get((offsets[k], offsets[k + 1]))
            if target is not None:
                actor = Actor(target, span.start, span.end, ents.labels[target], True)
                found.setdefault(view.sentence_of(span.start), []).append(actor)
    return found


def sentence_actors(view: DocView, sent: Sentence, named: Sequence[int], virtual: Sequence[Actor]) -> list[Actor]:
    """The actors of a sentence, named and references, in text order."""
    ents = view.ents
    actors = [Actor(i, ents.starts[i], ents.ends[i], ents.labels[i]) for i in named] + list(virtual)
    return sorted(actors, key=lambda a: (a.start, a.virtual))


def same_thing(view: DocView, a: Actor, b: Actor) -> bool:
    """Whether two actors name one thing (the same entity key)."""
    return view.ents.keys[a.ent] == view.ents.keys[b.ent]


def same_side(view: DocView, a: Actor, b: Actor) -> bool:
    """Whether two actors are one party: a leader or national body and its own state (an
    armed group and the state it fights are not: `Entities.sides`)."""
    ents = view.ents
    for state, other in ((a, b), (b, a)):
        if state.label == "STATE" and other.label in ("LEADER", "ORG"):
            own = ents.sides[other.ent]
            if own is not None and own == ents.kb_ids[state.ent]:
                return True
    return False
