"""Acronyms defined in parentheses: "Organization for the Prohibition of
Chemical Weapons (OPCW)", "Syrian Ministry of Foreign Affairs (MOFA)".

The acronym and every later use of it ("MOFA", "Mofa") become mentions of the
long form's entity, with its canonical name, kb_id and state.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..extensions import install_extensions

DEFINITION = re.compile(r"\(\s?([A-Z][A-Za-z&]{1,9})\s?\)")
LINKED_ATTRIBUTES = ("canonical", "kb_id", "state")


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
        """(acronym, long-form entity) pairs defined in the doc."""
        ends = {ent.end_char: ent for ent in doc.ents if ent.label_ != "DATE"}
        found = []
        for match in DEFINITION.finditer(doc.text):
            acronym = match.group(1)
            long_form = ends.get(len(doc.text[:match.start()].rstrip())) or _spelled_out(doc, match.start(), acronym)
            if long_form is not None and _plausible(acronym, long_form):
                found.append((acronym, long_form))
        return found

    def set_annotations(self, doc: Doc, found: list[tuple[str, Span]]) -> None:
        """Mark each use of each acronym after its definition as the long form's entity."""
        spans = [long_form for _, long_form in found if long_form not in doc.ents]
        for acronym, long_form in found:
            pattern = re.compile(r"\b%s\b" % re.escape(acronym), re.IGNORECASE)
            for match in pattern.finditer(doc.text, long_form.end_char):
                span = doc.char_span(match.start(), match.end(), label=long_form.label_)
                if span is not None and _usable(match.group(), acronym):
                    _copy_identity(long_form, span)
                    spans.append(span)
        if spans:
            doc.ents = filter_spans(list(doc.ents) + spans)


FUNCTION_WORDS = frozenset({"of", "the", "for", "and", "on", "in", "&"})


def _spelled_out(doc: Doc, paren_char: int, acronym: str):
    """An ORG span of the capitalised words before '(' whose initials spell the
    acronym ("Foo Bar Agency (FBA)"), or None."""
    span = doc.char_span(0, paren_char, alignment_mode="contract")
    if span is None or not acronym.isupper():
        return None
    end = span.end
    while end > 0 and doc[end - 1].is_space:
        end -= 1
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


def _usable(text: str, acronym: str) -> bool:
    """The exact acronym, or its capitalised spelling ('Mofa' for 'MOFA')."""
    return text == acronym or text == acronym.capitalize()


def _copy_identity(source: Span, target: Span) -> None:
    for attr in LINKED_ATTRIBUTES:
        setattr(target._, attr, getattr(source._, attr))
    if target._.canonical is None:
        target._.canonical = source.text
