"""Link every mention to one entity: canonical name, kb_id and state.

- KB mentions keep the identity the gazetteer gave them; a person's state is that of
  the national office they hold on the document's date, else their own;
- a capital standing for its government becomes a STATE of that country (a place that
  stands for an organisation, "Brussels" for the EU, becomes that ORG);
- a short or variant name ("Kim", "Ryabkov") takes the identity of the person named
  in full nearest before it (after it, when none is before);
- other rule-found names are looked up in the KB, else keep their text as canonical name
  and take their state from a state named right before them ("Iranian Foreign Minister X");
- mentions of one canonical name share the first kb_id and state any of them has.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from .base import BatchedComponent, UsesKnowledge
from .names import short_forms
from ..entities import write_entities
from ..extensions import Identities, install_extensions
from ..kb import KnowledgeBase
from ..lexicon import Lexicon
from ..metonymy import Metonymy

STATE_WINDOW = 4  # tokens between a state and the LEADER it qualifies ("Iranian Foreign Minister X")
FIELDS = ("canonical", "kb_id", "state", "kind")


@Language.factory("extractor_linker", assigns=["doc.ents", "span._.canonical", "span._.kb_id", "span._.state"],
                  default_config={"kb": {"@misc": "extractor.kb.v1"}, "lexicon": {"@misc": "extractor.lexicon.v1"}})
def make_linker(nlp: Language, name: str, kb: KnowledgeBase, lexicon: Lexicon) -> "Linker":
    """Create the linker over a KB (`extractor.kb.v1`: the packaged data files)."""
    return Linker(name, kb, lexicon)


class Linker(UsesKnowledge, BatchedComponent):
    """Sets canonical, kb_id and state on every mention of a doc."""

    def __init__(self, name: str, kb: KnowledgeBase, lexicon: Lexicon) -> None:
        install_extensions()
        self.name = name
        self.set_knowledge(kb, lexicon)

    def set_knowledge(self, kb: KnowledgeBase, lexicon: Lexicon) -> None:
        """Use this KB and lexicon."""
        super().set_knowledge(kb, lexicon)
        self.metonymy = Metonymy(lexicon)
        self.particles = lexicon.words("names.particles")

    @classmethod
    def from_kb(cls, kb: KnowledgeBase, lexicon: Lexicon, name: str = "extractor_linker") -> "Linker":
        """A linker over an in-memory KB (tests use tiny fixture KBs)."""
        return cls(name, kb, lexicon)

    def __call__(self, doc: Doc) -> Doc:
        identities = Identities(doc)
        ents = self.resolve_metonymy(doc, list(doc.ents), identities)
        table = [dict(identities.get(e.start_char, e.end_char)) for e in ents]
        people = full_names_by_word(doc, ents, self.particles)
        open_ = [i for i, e in enumerate(ents) if not table[i].get("canonical") and e.label_ != "DATE"]
        for index in sorted(open_, key=lambda i: len(ents[i]), reverse=True):  # full names before short forms
            self.link(doc, ents, table, index, people)
        self.date_states(doc, ents, table)
        unify_groups(ents, table)
        for ent, fields in zip(ents, table):
            if fields != identities.get(ent.start_char, ent.end_char):
                identities.set(ent.start_char, ent.end_char, **{k: fields.get(k) for k in FIELDS})
        return doc

    def resolve_metonymy(self, doc: Doc, ents: list[Span], identities: Identities) -> list[Span]:
        """The entities, with capitals relabelled STATE (and places standing for an
        organisation, ORG) where they stand for the government (written to `doc.ents` when
        any changed, as tuples: `write_entities`, a third of the setter's time)."""
        resolved = list(ents)
        for i, ent in enumerate(ents):
            meant = self._stands_for(identities, ent) if ent.label_ == "LOCATION" else None
            if meant is None:
                continue
            before = resolved[i - 1] if i else None
            after_state = before is not None and before.label_ == "STATE" and ent.start - before.end == 1
            if self.metonymy.is_government(ent, after_state):
                resolved[i] = Span(doc, ent.start, ent.end, label=meant.label)
                identities.set(ent.start_char, ent.end_char, kb_id=meant.id, canonical=meant.canonical,
                               state=meant.state)
        if resolved != ents:
            write_entities(doc, [(ent.start, ent.end, ent.label) for ent in resolved])
        return resolved

    def _stands_for(self, identities: Identities, ent: Span):
        """The KB entry a LOCATION entity's place may stand for (a capital's state), else None."""
        entry = self.kb.entries.get(identities.get(ent.start_char, ent.end_char).get("kb_id"))
        meant = entry and (entry.stands_for or entry.capital_of)
        return self.kb.entries.get(meant) if meant else None

    def link(self, doc: Doc, ents: list[Span], table: list[dict], index: int, people: dict) -> None:
        """Fill the identity of entity `index`, which the earlier components left open."""
        ent = ents[index]
        entry = self.kb.lookup(ent.text, doc._.doc_date, label=ent.label_)
        person = same_person(ent, people, ents) if ent.label_ == "LEADER" else None
        fields = table[index]
        if entry is not None:
            fields.update(canonical=entry.canonical, kb_id=entry.id, state=entry.state, kind=entry.kind)
        elif person is not None:
            fields.update({k: table[person].get(k) for k in FIELDS})
        else:
            fields["canonical"] = " ".join(ent.text.split()).replace("–", "-")
            fields["state"] = fields.get("state") or _state_before(ents, table, index)

    def date_states(self, doc: Doc, ents: list[Span], table: list[dict]) -> None:
        """A KB person's state is that of the national office held on the doc's date."""
        day = doc._.doc_date
        for ent, fields in zip(ents, table):
            entry = self.kb.entries.get(fields.get("kb_id")) if ent.label_ == "LEADER" else None
            if entry is not None and entry.roles:
                national = [r.of for r in entry.roles_on(day) if r.of and r.of.isupper() and len(r.of) == 3]
                if national:
                    fields["state"] = national[0]


def unify_groups(ents: list[Span], table: list[dict]) -> None:
    """Mentions of one canonical name share the first kb_id and state any of them has
    ("MOFA" gets the state of "Syrian Ministry of Foreign Affairs")."""
    groups: dict = {}
    for index, ent in enumerate(ents):
        if ent.label_ != "DATE":
            groups.setdefault((ent.label_, table[index].get("canonical")), []).append(index)
    for members in (m for m in groups.values() if len(m) > 1):
        kb_id = next((table[i]["kb_id"] for i in members if table[i].get("kb_id")), None)
        state = next((table[i]["state"] for i in members if table[i].get("state")), None)
        for index in members:
            table[index].update(kb_id=kb_id, state=state)


def full_names_by_word(doc: Doc, ents: list[Span], particles: frozenset) -> dict:
    """Indexes of the LEADER entities of two or more words, by their short forms."""
    people: dict = {}
    for index, ent in enumerate(ents):
        if ent.label_ == "LEADER" and len(ent) > 1:
            for form in short_forms(doc, ent.start, ent.end, particles):
                people.setdefault(form, []).append(index)
    return people


def same_person(ent: Span, people: dict, ents: list[Span]) -> Optional[int]:
    """The full-name entity nearest before a short LEADER mention that is one of its
    short forms ("Kim" -> "Kim Jong Un"), else the first one after it."""
    candidates = [c for c in people.get(ent.text, []) if ents[c].start != ent.start]
    before = bisect_left([ents[c].start for c in candidates], ent.start)
    if before:
        return candidates[before - 1]
    return candidates[0] if candidates else None


def _state_before(ents: list[Span], table: list[dict], index: int) -> Optional[str]:
    """The state named within a few tokens before the entity."""
    ent = ents[index]
    for other in range(index - 1, -1, -1):
        before = ents[other]
        if ent.start - before.end > STATE_WINDOW:
            break
        if before.label_ == "STATE":
            return table[other].get("kb_id")
    return None

