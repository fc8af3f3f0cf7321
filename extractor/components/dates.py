"""DATE mentions with normalised values (see extractor/dates.py for the rules)."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Callable, Optional

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_chain_spans

from .base import DEFAULT_ENTS_FILTER, EntityComponent, Found
from ..dates import find_dates
from ..extensions import doc_text, token_offsets


@Language.factory("extractor_dates", assigns=["doc.ents", "span._.value"],
                  default_config={"ents_filter": DEFAULT_ENTS_FILTER})
def make_dates(nlp: Language, name: str, ents_filter: Callable) -> "DateTagger":
    """Create the date component."""
    return DateTagger(name, ents_filter)


class DateTagger(EntityComponent):
    """Adds date phrases as DATE entities with their `span._.value`."""

    def __init__(self, name: str = "extractor_dates", ents_filter: Callable = filter_chain_spans) -> None:
        super().__init__(name, ents_filter)

    def match(self, doc: Doc) -> list[Found]:
        """The date phrases of the doc's text over the tokens they touch."""
        text = doc_text(doc)
        starts, ends = token_offsets(doc)
        found = []
        for date in find_dates(text, doc._.doc_date):
            tokens = _covering_tokens(starts, ends, date.start, date.end)
            if tokens is not None:
                canonical = text[starts[tokens[0]]:ends[tokens[1] - 1]]
                found.append(Found(*tokens, "DATE", {"value": date.value, "canonical": canonical}))
        return found


def _covering_tokens(starts: list, ends: list, start_char: int, end_char: int) -> Optional[tuple[int, int]]:
    """The tokens a character range touches (`doc.char_span(..., alignment_mode="expand")`)."""
    first, last = bisect_right(ends, start_char), bisect_left(starts, end_char)
    return None if first >= last else (first, last)
