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
from typing import NamedTuple, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from .batched import BatchedComponent
from ..extensions import (Mention, TokenTexts, char_offsets, get_mentions, install_extensions, read_identities,
                          read_identity, set_mentions, text_of, token_bounds, write_attrs, write_ents)
from ..kb import KnowledgeBase
from ..kb.loader import packaged_kb
from ..metonymy import is_government
from .gazetteer import set_entry
from .names import short_forms

STATE_WINDOW = 4  # tokens between a state and the LEADER it qualifies ("Iranian Foreign Minister X")


@Language.factory("extractor_linker", assigns=["doc.ents", "span._.canonical", "span._.kb_id", "span._.state"],
                  default_config={"gazetteer": "extractor_gazetteer"})
def make_linker(nlp: Language, name: str, gazetteer: str) -> "Linker":
    """Create the linker, sharing the gazetteer's knowledge base when there is one."""
    kb = nlp.get_pipe(gazetteer).kb if gazetteer in nlp.pipe_names else packaged_kb()
    return Linker(name, kb)


class Linker(BatchedComponent):
    """Sets canonical, kb_id and state on every mention of a doc and writes them
    to `doc.ents` (the one write of the entity components' work)."""

    def __init__(self, name: str, kb: KnowledgeBase) -> None:
        install_extensions()
        self.name = name
        self.kb = kb

    def __call__(self, doc: Doc) -> Doc:
        mentions = set_mentions(doc, self.resolve_metonymy(doc, get_mentions(doc)))
        table = IdentityTable.read_from(doc, mentions)
        people = full_names_by_word(doc, mentions)
        for index in table.open_indices():
            self.link(doc, table, index, people)
        unify_groups(table)
        table.write(doc)
        write_ents(doc)
        return doc

    def resolve_metonymy(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Capitals' mentions relabelled STATE where they stand for the government."""
        resolved = list(mentions)
        for index in [i for i, mention in enumerate(mentions) if mention.label == "LOCATION"]:
            mention, before = mentions[index], resolved[index - 1] if index else None
            entry = self._capital(doc, mention)
            after_state = before is not None and before.label == "STATE" and mention.start - before.end == 1
            if entry is not None and is_government(Span(doc, mention.start, mention.end), after_state):
                resolved[index] = mention._replace(label="STATE")
                set_entry(doc, resolved[index], self.kb.entries[entry.capital_of])
        return resolved

    def _capital(self, doc: Doc, mention: Mention):
        """The KB entry of a LOCATION mention that is a capital, else None."""
        entry = self.kb.entries.get(read_identity(doc, *char_offsets(doc, mention))[1])
        return entry if entry is not None and entry.capital_of else None

    def link(self, doc: Doc, table: "IdentityTable", index: int, people: dict) -> None:
        """Fill the identity of mention `index`, which the earlier stages left open."""
        mention, text = table.mentions[index], table.texts[index]
        kb_id = table.identities[index][1]
        entry = self.kb.lookup(text)
        person = same_person(mention, text, people, table.mentions) if mention.label == "LEADER" else None
        if entry is not None and entry.label == mention.label:
            table.identities[index] = (entry.canonical, entry.id, entry.state)
        elif person is not None:
            table.identities[index] = table.identities[person]
        else:
            words = TokenTexts(doc)
            inside = self.state_inside([words[i] for i in range(mention.start, mention.end)])
            state = inside or _state_near(table, index)
            table.identities[index] = (" ".join(text.split()).replace("–", "-"), kb_id, state)

    def state_inside(self, words: list[str]) -> Optional[str]:
        """The state a word or word pair of a mention names ("Syrian Ministry ...").

        words (list[str]): the mention's token texts.
        """
        for phrase in words + [" ".join(pair) for pair in zip(words, words[1:])]:
            entry = self.kb.lookup(phrase)
            if entry is not None and entry.label == "STATE":
                return entry.id
        return None


class IdentityTable(NamedTuple):
    """The doc's mentions, their character spans, texts and (canonical, kb_id,
    state), read once and written back once by the linker."""

    mentions: list
    spans: list
    texts: list
    read: list
    identities: list

    @classmethod
    def read_from(cls, doc: Doc, mentions: list[Mention]) -> "IdentityTable":
        """The identities the earlier stages gave the mentions."""
        (starts, ends), text = token_bounds(doc), text_of(doc)
        spans = [(starts[m.start], ends[m.end - 1]) for m in mentions]
        read = read_identities(doc, spans)
        return cls(mentions, spans, [text[start:end] for start, end in spans], read, list(read))

    def open_indices(self) -> list[int]:
        """The mentions without a canonical name (dates aside), longer ones first:
        a full name has its identity before its short forms."""
        mentions = self.mentions
        open_ = [i for i, (mention, identity) in enumerate(zip(mentions, self.identities))
                 if not identity[0] and mention.label != "DATE"]
        return sorted(open_, key=lambda i: mentions[i].end - mentions[i].start, reverse=True)

    def write(self, doc: Doc) -> None:
        """Write the identities that changed to the doc."""
        for span, before, after in zip(self.spans, self.read, self.identities):
            if before != after:
                write_attrs(doc, *span, canonical=after[0], kb_id=after[1], state=after[2])


def unify_groups(table: IdentityTable) -> None:
    """Mentions of one canonical name share the first kb_id and state any of them has
    ("MOFA" gets the state of "Syrian Ministry of Foreign Affairs")."""
    groups: dict = {}
    for index, (mention, identity) in enumerate(zip(table.mentions, table.identities)):
        if mention.label != "DATE":
            groups.setdefault((mention.label, identity[0]), []).append(index)
    identities = table.identities
    for members in groups.values():
        if len(members) > 1:
            kb_id = state = None
            for index in members:
                kb_id, state = kb_id or identities[index][1], state or identities[index][2]
            for index in members:
                if identities[index][1:] != (kb_id, state):
                    identities[index] = (identities[index][0], kb_id, state)


def full_names_by_word(doc: Doc, mentions: list[Mention]) -> dict:
    """Indexes of the named LEADER mentions of two or more words, by their short forms."""
    people: dict = {}
    for index, mention in enumerate(mentions):
        if mention.label == "LEADER" and mention.end - mention.start > 1:
            for form in short_forms(doc, mention):
                people.setdefault(form, []).append(index)
    return people


def same_person(mention: Mention, text: str, people: dict, mentions: list[Mention]) -> Optional[int]:
    """The full-name mention nearest before a short LEADER mention that is one
    of its short forms ("Kim" -> "Kim Jong Un"), else the first one after it."""
    candidates = [c for c in people.get(text, []) if mentions[c].start != mention.start]
    starts = [mentions[c].start for c in candidates]
    before = bisect_left(starts, mention.start)
    if before:
        return candidates[before - 1]
    return candidates[0] if candidates else None


def _state_near(table: IdentityTable, index: int) -> Optional[str]:
    """The state named within a few tokens before the mention."""
    mention = table.mentions[index]
    for other in range(index - 1, -1, -1):
        before = table.mentions[other]
        if before.label == "STATE" and mention.start - before.end <= STATE_WINDOW:
            return table.identities[other][1] if before.end <= mention.start else None
        if mention.start - before.end > STATE_WINDOW:
            break
    return None
