"""DATE mentions with normalised values (see extractor/dates.py for the rules)."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .batched import BatchedComponent
from ..dates import DateMention, find_dates
from ..extensions import (Mention, WorkingSetStep, filter_mentions, get_mentions, install_extensions, text_of,
                          token_bounds, write_attrs)


@Language.factory("extractor_dates", assigns=["doc.ents", "span._.value"], default_config={})
def make_dates(nlp: Language, name: str) -> "DateTagger":
    """Create the date component."""
    return DateTagger(name, nlp)


class DateTagger(BatchedComponent):
    """Adds date phrases to the doc's mentions as DATEs and sets `span._.value`."""

    def __init__(self, name: str = "extractor_dates", nlp: Optional[Language] = None) -> None:
        install_extensions()
        self.name = name
        self.step = WorkingSetStep(nlp, name)

    def __call__(self, doc: Doc) -> Doc:
        self.step.finish(doc, self.with_dates(doc, find_dates(text_of(doc), doc._.doc_date)))
        return doc

    def with_dates(self, doc: Doc, dates: list[DateMention]) -> list[Mention]:
        """The doc's mentions plus the dates; a longer name already found keeps its place."""
        if not dates:
            return get_mentions(doc)
        text, mentions = text_of(doc), []
        starts, ends = token_bounds(doc)
        for date in dates:
            mention = _covering_tokens(starts, ends, date.start, date.end)
            if mention is not None:
                start_char, end_char = starts[mention.start], ends[mention.end - 1]
                write_attrs(doc, start_char, end_char, value=date.value, canonical=text[start_char:end_char])
                mentions.append(mention)
        return filter_mentions(get_mentions(doc) + mentions)


def _covering_tokens(starts: list, ends: list, start_char: int, end_char: int) -> Optional[Mention]:
    """The DATE mention over the tokens a character range touches
    (`doc.char_span(..., alignment_mode="expand")`), None if it touches none."""
    first = bisect_right(ends, start_char)
    last = bisect_left(starts, end_char)
    if first >= last:
        return None
    return Mention(first, last, "DATE")
