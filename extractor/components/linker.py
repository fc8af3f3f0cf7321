"""Link every mention to one entity: canonical name, kb_id and state.

- KB mentions keep the identity the gazetteer gave them;
- a capital standing for its government becomes a STATE of that country;
- a short or variant name ("Kim", "Ryabkov") takes the identity of the
  person named in full nearest before it (after it, when none is before);
- rule-found names take their state from a state named in or right before them
  ("Iranian Foreign Minister X", "Syrian Ministry of Foreign Affairs").
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import copy_identity, get_ents, install_extensions, set_ents
from ..kb import KnowledgeBase
from ..kb.loader import packaged_kb
from ..metonymy import is_government
from .gazetteer import set_entry
from .names import short_forms

STATE_WINDOW = 4  # tokens between a state and the LEADER it qualifies ("Iranian Foreign Minister X")


@Language.factory("extractor_linker", assigns=["span._.canonical", "span._.kb_id", "span._.state"],
                  default_config={"gazetteer": "extractor_gazetteer"})
def make_linker(nlp: Language, name: str, gazetteer: str) -> "Linker":
    """Create the linker, sharing the gazetteer's knowledge base when there is one."""
    kb = nlp.get_pipe(gazetteer).kb if gazetteer in nlp.pipe_names else packaged_kb()
    return Linker(name, kb)


class Linker:
    """Sets canonical, kb_id and state on every entity of a doc."""

    def __init__(self, name: str, kb: KnowledgeBase) -> None:
        install_extensions()
        self.name = name
        self.kb = kb

    def __call__(self, doc: Doc) -> Doc:
        ents = set_ents(doc, self.resolve_metonymy(get_ents(doc)))
        people = full_names_by_word(ents)
        # longer mentions first: a full name has its identity before its short forms
        for index in sorted(range(len(ents)), key=lambda i: len(ents[i]), reverse=True):
            self.link(ents, index, people)
        unify_groups(ents)
        return doc

    def resolve_metonymy(self, ents: tuple) -> list[Span]:
        """Capitals' mentions relabelled STATE where they stand for the government."""
        resolved: list[Span] = []
        for ent in ents:
            # only a LOCATION can be a capital (span._ costs an object per access)
            entry = self.kb.entries.get(ent._.kb_id) if ent.label_ == "LOCATION" else None
            after_state = bool(resolved) and resolved[-1].label_ == "STATE" and ent.start - resolved[-1].end == 1
            if entry is not None and entry.capital_of and is_government(ent, after_state):
                ent = Span(ent.doc, ent.start, ent.end, label="STATE")
                set_entry(ent, self.kb.entries[entry.capital_of])
            resolved.append(ent)
        return resolved

    def link(self, ents: tuple, index: int, people: dict) -> None:
        """Fill the identity of `ents[index]` where the earlier stages left it open."""
        ent = ents[index]
        if ent.label_ == "DATE" or ent._.canonical:
            return
        entry = self.kb.lookup(ent.text)
        person = same_person(ent, people) if ent.label_ == "LEADER" else None
        if entry is not None and entry.label == ent.label_:
            set_entry(ent, entry)
        elif person is not None:
            copy_identity(person, ent)
        else:
            ent._.canonical = " ".join(ent.text.split()).replace("–", "-")
            ent._.state = self.state_inside(ent) or _state_near(ents, index)

    def state_inside(self, ent: Span) -> Optional[str]:
        """The state a word or word pair of the mention names ("Syrian Ministry ...")."""
        words = [t.text for t in ent]
        for phrase in words + [" ".join(pair) for pair in zip(words, words[1:])]:
            entry = self.kb.lookup(phrase)
            if entry is not None and entry.label == "STATE":
                return entry.id
        return None


def unify_groups(ents: tuple) -> None:
    """Mentions of one canonical name share the first kb_id and state any of them has
    ("MOFA" gets the state of "Syrian Ministry of Foreign Affairs")."""
    known: dict = {}
    mentions = []
    for ent in ents:
        if ent.label_ != "DATE":
            ext = ent._
            key, own = (ent.label_, ext.canonical), (ext.kb_id, ext.state)
            kb_id, state = known.get(key, (None, None))
            known[key] = (kb_id or own[0], state or own[1])
            mentions.append((ext, key, own))
    for ext, key, own in mentions:
        if known[key] != own:
            ext.kb_id, ext.state = known[key]


def full_names_by_word(ents: tuple) -> dict:
    """Named LEADER mentions of two or more words, by their short forms."""
    people: dict = {}
    for ent in ents:
        if ent.label_ == "LEADER" and len(ent) > 1:
            for form in short_forms(ent):
                people.setdefault(form, []).append(ent)
    return people


def same_person(ent: Span, people: dict) -> Optional[Span]:
    """The full-name mention nearest before a short LEADER mention that is one
    of its short forms ("Kim" -> "Kim Jong Un"), else the first one after it."""
    candidates = [c for c in people.get(ent.text, []) if c.start != ent.start]
    starts = [c.start for c in candidates]
    before = bisect_left(starts, ent.start)
    if before:
        return candidates[before - 1]
    return candidates[0] if candidates else None


def _state_near(ents: tuple, index: int) -> Optional[str]:
    """The state named within a few tokens before the mention."""
    ent = ents[index]
    for other in reversed(ents[:index]):
        if other.label_ == "STATE" and ent.start - other.end <= STATE_WINDOW:
            return other._.kb_id if other.end <= ent.start else None
        if ent.start - other.end > STATE_WINDOW:
            break
    return None
