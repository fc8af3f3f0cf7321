"""The longest of overlapping spans: spaCy's `filter_spans` rule on plain tuples
(NamedTuples whose first two fields are `start` and `end`), for the entity
components' mentions and the date finder's matches."""
from __future__ import annotations

from operator import itemgetter
from typing import Iterable, TypeVar

Span = TypeVar("Span", bound=tuple)

_start = itemgetter(0)


def longest_first(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans in text order, longer first where they overlap
    (earlier first at equal length, earlier in the input at equal span):
    `spacy.util.filter_spans` on tuples (no span is empty). Each run of
    overlapping spans is resolved on its own: most spans overlap none.

    spans (Iterable[Span]): (start, end, ...) tuples.
    RETURNS (list[Span]): the kept spans, by start.
    """
    kept, run, run_end = [], [], 0
    for span in sorted(spans, key=_start):  # stable: input order within a start
        if span.start >= run_end and run:
            kept += _longest_of(run) if len(run) > 1 else run
            run = []
        run.append(span)
        if span.end > run_end:
            run_end = span.end
    return kept + (_longest_of(run) if len(run) > 1 else run)


def _longest_of(run: list[Span]) -> list[Span]:
    """The spans `longest_first` keeps of one run of overlapping ones."""
    kept: list = []
    for span in sorted(run, key=_length_then_start):
        if not any(other.start < span.end and span.start < other.end for other in kept):
            kept.append(span)
    return sorted(kept, key=_start)


def _length_then_start(span) -> tuple[int, int]:
    """Sort key: longer first, then earlier."""
    return span.start - span.end, span.start
