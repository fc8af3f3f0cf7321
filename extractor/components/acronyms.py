"""Acronyms defined in parentheses: "Organization for the Prohibition of
Chemical Weapons (OPCW)", "Syrian Ministry of Foreign Affairs (MOFA)".

The acronym and every later use of it ("MOFA", "Mofa") become mentions of the
long form's entity, with its canonical name, kb_id and state.
"""
from __future__ import annotations

import re

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..extensions import copy_identity, get_ents, install_extensions, set_ents, text_of

DEFINITION = re.compile(r"\(\s?([A-Z][A-Za-z&]{1,9})\s?\)")


@Language.factory("extractor_acronyms", assigns=["doc.ents"], default_config={})
def make_acronyms(nlp: Language, name: str) -> "Acronyms":
    """Create the acronym component."""
    return Acronyms(name)


def initials(words: list[str]) -> str:
    """Upper-case initials of the capitalised words ('Foreign Affairs' -> 'FA')."""
    return "".join(w[0] for w in words if w[:1].isupper())


class Acronyms:
    """Finds '(ACR)' after a named entity and marks all its uses."""

    def __init__(self, name: str = "extractor_acronyms") -> None:
        install_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[tuple[str, Span]]:
        """(acronym, long-form entity) pairs, the first definition of each acronym."""
        ends = {ent.end_char: ent for ent in get_ents(doc) if ent.label_ != "DATE"}
        found: dict = {}
        text = text_of(doc)
        for match in DEFINITION.finditer(text):
            acronym = match.group(1)
            if acronym in found:
                continue
            long_end = match.start()
            while long_end and text[long_end - 1].isspace():
                long_end -= 1
            long_form = ends.get(long_end) or _spelled_out(doc, long_end, acronym)
            if long_form is not None and _plausible(acronym, long_form):
                found[acronym] = long_form
        return list(found.items())

    def set_annotations(self, doc: Doc, found: list[tuple[str, Span]]) -> None:
        """Mark each use of each acronym after its definition as the long form's entity."""
        if not found:
            return
        long_forms = dict(found)
        spans = [span for span in long_forms.values() if span not in get_ents(doc)]
        pattern = re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, long_forms)), re.IGNORECASE)
        for match in pattern.finditer(text_of(doc)):
            acronym = _defined_as(match.group(), long_forms)
            long_form = long_forms.get(acronym)
            if long_form is None or match.start() < long_form.end_char:
                continue
            span = doc.char_span(match.start(), match.end(), label=long_form.label_)
            if span is not None:
                _copy_identity(long_form, span)
                spans.append(span)
        set_ents(doc, filter_spans(list(get_ents(doc)) + spans))


FUNCTION_WORDS = frozenset({"of", "the", "for", "and", "on", "in", "&"})


def _token_ending_at(doc: Doc, char: int) -> int:
    """Index just past the last token that ends at or before `char`."""
    starts = doc.to_array("IDX")
    return int(np.searchsorted(starts, char, side="left"))


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
            return Span(doc, start, end, label="ORG")
    return None


def _plausible(acronym: str, long_form: Span) -> bool:
    """An all-caps acronym, or one whose letters start words of the long form."""
    letters = acronym.upper().replace("&", "")
    words = [t.text for t in long_form if t.text[:1].isupper()]
    return acronym.isupper() or letters == initials(words)


def _defined_as(text: str, long_forms: dict):
    """The acronym a use spells: exactly, or capitalised ('Mofa' for 'MOFA')."""
    if text in long_forms:
        return text
    upper = text.upper()
    return upper if upper in long_forms and text == upper.capitalize() else None


def _copy_identity(source: Span, target: Span) -> None:
    copy_identity(source, target)
    if target._.canonical is None:
        target._.canonical = source.text
