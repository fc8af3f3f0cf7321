"""DATE mentions with normalised values (see extractor/dates.py for the rules)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from ..dates import DateMention, find_dates
from ..extensions import get_ents, install_extensions, set_ents, text_of


@Language.factory("extractor_dates", assigns=["doc.ents", "span._.value"], default_config={})
def make_dates(nlp: Language, name: str) -> "DateTagger":
    """Create the date component."""
    return DateTagger(name)


class DateTagger:
    """Marks date phrases as DATE entities and sets `span._.value`."""

    def __init__(self, name: str = "extractor_dates") -> None:
        install_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, find_dates(text_of(doc), doc._.doc_date))
        return doc

    def set_annotations(self, doc: Doc, mentions: list[DateMention]) -> None:
        """Add the dates as entities; a longer name already found keeps its place."""
        spans = []
        for mention in mentions:
            span = doc.char_span(mention.start, mention.end, label="DATE", alignment_mode="expand")
            if span is not None:
                ext = span._
                ext.value, ext.canonical = mention.value, span.text
                spans.append(span)
        set_ents(doc, filter_spans(list(get_ents(doc)) + spans))
