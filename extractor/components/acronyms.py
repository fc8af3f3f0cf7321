"""Acronyms defined in parentheses: "Organization for the Prohibition of Chemical
Weapons (OPCW)", "Syrian Ministry of Foreign Affairs (MOFA)", "Foo Bar Agency (FBA)".

The acronym and every later use of it ("MOFA", "Mofa") become mentions of the long
form's entity, with its canonical name, kb_id and state; a long form no earlier
component found, whose capitalised words spell the acronym, becomes an ORG.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Callable, NamedTuple, Optional

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_chain_spans

from .base import DEFAULT_ENTS_FILTER, EntityComponent, Found, UsesKnowledge
from ..entities import labelled_entities
from ..extensions import Identities, doc_text, token_offsets
from ..lexicon import Lexicon

DEFINITION = re.compile(r"\(\s?([A-Z][A-Za-z&]{1,9})\s?\)")


@Language.factory("extractor_acronyms", assigns=["doc.ents", "span._.kb_id", "span._.canonical", "span._.state"],
                  default_config={"lexicon": {"@misc": "extractor.lexicon.v1"}, "ents_filter": DEFAULT_ENTS_FILTER})
def make_acronyms(nlp: Language, name: str, lexicon: Lexicon, ents_filter: Callable) -> "Acronyms":
    """Create the acronym component."""
    return Acronyms(name, lexicon, ents_filter)


def initials(words: list[str]) -> str:
    """Upper-case initials of the capitalised words ('Foreign Affairs' -> 'FA')."""
    return "".join(w[0] for w in words if w[:1].isupper())


class LongForm(NamedTuple):
    """What a defined acronym stands for: its tokens, label, identity, last character, and
    whether no earlier component found it (a new ORG)."""

    start: int
    end: int
    label: str
    fields: dict
    end_char: int
    new: bool = False


class Acronyms(UsesKnowledge, EntityComponent):
    """Finds '(ACR)' after a named entity and marks all its uses."""

    def __init__(self, name: str, lexicon: Lexicon, ents_filter: Callable = filter_chain_spans) -> None:
        super().__init__(name, ents_filter)
        self.set_knowledge(None, lexicon)

    def set_knowledge(self, kb, lexicon: Lexicon) -> None:
        """Use this lexicon's function words (allowed inside a spelled-out long form)."""
        super().set_knowledge(None, lexicon)
        self.function_words = lexicon.words("acronyms.function_words")

    def match(self, doc: Doc) -> list[Found]:
        """The new long forms and every use of each acronym after its definition."""
        text = doc_text(doc)
        if "(" not in text:
            return []
        definitions = self.definitions(doc, text)
        new = [Found(f.start, f.end, f.label, f.fields) for f in definitions.values() if f.new]
        return new + self.uses(doc, text, definitions)

    def definitions(self, doc: Doc, text: str) -> dict[str, LongForm]:
        """Acronym -> its long form, the first definition of each acronym."""
        ends = token_offsets(doc)[1]
        by_end = {ends[e[1] - 1]: e for e in labelled_entities(doc) if e[2] != "DATE"}
        identities, found = Identities(doc), {}
        for match in DEFINITION.finditer(text):
            acronym = match.group(1)
            if acronym in found:
                continue
            long_end = match.start()
            while long_end and text[long_end - 1].isspace():
                long_end -= 1
            long_form = self._entity_form(doc, identities, by_end.get(long_end)) or self._spelled_out(doc, long_end, acronym)
            if long_form is not None and _plausible(acronym, [t.text for t in doc[long_form.start:long_form.end]]):
                found[acronym] = long_form
        return found

    def _entity_form(self, doc: Doc, identities: Identities, ent) -> Optional[LongForm]:
        """The long form of an entity (start, end, label) the acronym follows."""
        if ent is None:
            return None
        starts, ends = token_offsets(doc)
        start_char, end_char = starts[ent[0]], ends[ent[1] - 1]
        fields = dict(identities.get(start_char, end_char))
        fields.setdefault("canonical", doc_text(doc)[start_char:end_char])
        return LongForm(ent[0], ent[1], ent[2], fields, end_char)

    def _spelled_out(self, doc: Doc, long_end: int, acronym: str) -> Optional[LongForm]:
        """An ORG of the capitalised words ending at `long_end` whose initials spell the
        acronym ("Foo Bar Agency (FBA)"), or None."""
        if not acronym.isupper():
            return None
        end = bisect_left(token_offsets(doc)[0], long_end)
        start = end
        while start > 0 and end - start < 2 * len(acronym) + 2:
            start -= 1
            word = doc[start].text
            if not (word[:1].isupper() or word in self.function_words):
                return None
            if word[:1].isupper() and initials([t.text for t in doc[start:end]]) == acronym:
                span = doc[start:end]
                return LongForm(start, end, "ORG", {"canonical": span.text}, span.end_char, new=True)
        return None

    def uses(self, doc: Doc, text: str, definitions: dict[str, LongForm]) -> list[Found]:
        """Each use of each acronym after its long form, as a mention of its entity."""
        if not definitions:
            return []
        pattern = re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, definitions)), re.IGNORECASE)
        starts, ends = token_offsets(doc)
        found = []
        for match in pattern.finditer(text):
            long_form = definitions.get(_defined_as(match.group(), definitions))
            if long_form is None or match.start() < long_form.end_char:
                continue
            first, last = bisect_left(starts, match.start()), bisect_left(ends, match.end())
            if first < len(starts) and starts[first] == match.start() and last < len(ends) and ends[last] == match.end():
                found.append(Found(first, last + 1, long_form.label, long_form.fields))
        return found


def _plausible(acronym: str, words: list[str]) -> bool:
    """An all-caps acronym, or one whose letters start the capitalised words of the long form."""
    letters = acronym.upper().replace("&", "")
    return acronym.isupper() or letters == initials([w for w in words if w[:1].isupper()])


def _defined_as(text: str, long_forms: dict) -> Optional[str]:
    """The acronym a use spells: exactly, or capitalised ('Mofa' for 'MOFA')."""
    if text in long_forms:
        return text
    upper = text.upper()
    return upper if upper in long_forms and text == upper.capitalize() else None
