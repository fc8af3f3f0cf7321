"""Acronyms defined in parentheses: "Organization for the Prohibition of
Chemical Weapons (OPCW)", "Syrian Ministry of Foreign Affairs (MOFA)".

The acronym and every later use of it ("MOFA", "Mofa") become mentions of the
long form's entity, with its canonical name, kb_id and state.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .batched import BatchedComponent
from ..extensions import (Mention, WorkingSetStep, char_offsets, filter_mentions, get_mentions, install_extensions,
                          read_identity, text_of, token_bounds, write_attrs)

DEFINITION = re.compile(r"\(\s?([A-Z][A-Za-z&]{1,9})\s?\)")


@Language.factory("extractor_acronyms", assigns=["doc.ents"], default_config={})
def make_acronyms(nlp: Language, name: str) -> "Acronyms":
    """Create the acronym component."""
    return Acronyms(name, nlp)


def initials(words: list[str]) -> str:
    """Upper-case initials of the capitalised words ('Foreign Affairs' -> 'FA')."""
    return "".join(w[0] for w in words if w[:1].isupper())


class Acronyms(BatchedComponent):
    """Finds '(ACR)' after a named entity and marks all its uses."""

    def __init__(self, name: str = "extractor_acronyms", nlp: Optional[Language] = None) -> None:
        install_extensions()
        self.name = name
        self.step = WorkingSetStep(nlp, name)

    def __call__(self, doc: Doc) -> Doc:
        self.step.finish(doc, self.with_uses(doc, self.match(doc)))
        return doc

    def match(self, doc: Doc) -> list[tuple[str, Mention]]:
        """(acronym, long-form mention) pairs, the first definition of each acronym."""
        text = text_of(doc)
        if "(" not in text:
            return []
        ends = {char_offsets(doc, m)[1]: m for m in get_mentions(doc) if m.label != "DATE"}
        found: dict = {}
        for match in DEFINITION.finditer(text):
            acronym = match.group(1)
            if acronym in found:
                continue
            long_end = match.start()
            while long_end and text[long_end - 1].isspace():
                long_end -= 1
            long_form = ends.get(long_end) or _spelled_out(doc, long_end, acronym)
            if long_form is not None and _plausible(acronym, _words(doc, long_form)):
                found[acronym] = long_form
        return list(found.items())

    def with_uses(self, doc: Doc, found: list[tuple[str, Mention]]) -> list[Mention]:
        """The doc's mentions plus each use of each acronym after its definition,
        as a mention of the long form's entity."""
        if not found:
            return get_mentions(doc)
        long_forms = dict(found)
        mentions = get_mentions(doc)
        new = [m for m in long_forms.values() if m not in mentions]
        pattern = re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, long_forms)), re.IGNORECASE)
        starts, ends = token_bounds(doc)
        for match in pattern.finditer(text_of(doc)):
            acronym = _defined_as(match.group(), long_forms)
            long_form = long_forms.get(acronym)
            if long_form is None or match.start() < char_offsets(doc, long_form)[1]:
                continue
            first = bisect_left(starts, match.start())
            last = bisect_left(ends, match.end())
            if first < len(starts) and starts[first] == match.start() and last < len(ends) and ends[last] == match.end():
                use = Mention(first, last + 1, long_form.label)
                _copy_identity(doc, long_form, use)
                new.append(use)
        return filter_mentions(mentions + new)


FUNCTION_WORDS = frozenset({"of", "the", "for", "and", "on", "in", "&"})


def _token_ending_at(doc: Doc, char: int) -> int:
    """Index just past the last token that ends at or before `char`."""
    return bisect_left(token_bounds(doc)[0], char)


def _spelled_out(doc: Doc, long_end: int, acronym: str):
    """An ORG span of the capitalised words ending at `long_end` whose initials
    spell the acronym ("Foo Bar Agency (FBA)"), or None."""
    if not acronym.isupper():
        return None
    end = _token_ending_at(doc, long_end)
    start = end
    while start > 0 and end - start < 2 * len(acronym) + 2:
        start -= 1
        word = doc[start].text
        if not (word[:1].isupper() or word in FUNCTION_WORDS):
            return None
        if word[:1].isupper() and initials([t.text for t in doc[start:end]]) == acronym:
            return Mention(start, end, "ORG")
    return None


def _words(doc: Doc, mention: Mention) -> list[str]:
    return [t.text for t in doc[mention.start:mention.end]]


def _plausible(acronym: str, words: list[str]) -> bool:
    """An all-caps acronym, or one whose letters start the capitalised words of the long form."""
    letters = acronym.upper().replace("&", "")
    return acronym.isupper() or letters == initials([w for w in words if w[:1].isupper()])


def _defined_as(text: str, long_forms: dict):
    """The acronym a use spells: exactly, or capitalised ('Mofa' for 'MOFA')."""
    if text in long_forms:
        return text
    upper = text.upper()
    return upper if upper in long_forms and text == upper.capitalize() else None


def _copy_identity(doc: Doc, source: Mention, target: Mention) -> None:
    """The use gets the long form's identity; its canonical name is the long form's text at least."""
    start_char, end_char = char_offsets(doc, source)
    canonical, kb_id, state, _ = read_identity(doc, start_char, end_char)
    if canonical is None:
        canonical = text_of(doc)[start_char:end_char]
    write_attrs(doc, *char_offsets(doc, target), canonical=canonical, kb_id=kb_id, state=state)
