"""`doc.ents` read, merged and written as plain tuples, for the entity components' default merge.

spaCy's `doc.ents` getter builds a Span per entity (~45 us for a 60-entity Doc), its setter
validates each one (~130 us), and `filter_spans` sorts Spans in Python; four components
merge into `doc.ents`, so the default merge (`spacy.first_longest_spans_filter.v1`) runs
here on tuples through `Doc.to_array` / `Doc.from_array` (about a quarter of the time,
0.5 ms per document over the pipeline). Tests hold each function equal to spaCy's own:
`entity_tuples` and `labelled_entities` to `list(doc.ents)`, `write_entities` to
`doc.ents = ...`, `longest_first` to `spacy.util.filter_spans`, and `add_entities` (the
merge of mentions that overlap nothing, writing their tokens only) to the plain merge. The
components that only read entities use `labelled_entities` too (no Span built).
"""
from __future__ import annotations

from operator import itemgetter
from typing import Iterable

import numpy
from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE
from spacy.tokens import Doc, Span

ENT_ATTRS = [ENT_IOB, ENT_TYPE]
IOB_IN, IOB_OUT, IOB_BEGIN = 1, 2, 3  # spaCy's ENT_IOB codes for I, O and B


def entity_tuples(doc: Doc) -> list[tuple]:
    """The doc's entities in text order (`list(doc.ents)` as tuples).

    doc (Doc): the document.
    RETURNS (list[tuple]): (start, end, label hash) of each entity.
    """
    array = doc.to_array(ENT_ATTRS)
    iob = array[:, 0]
    starts = numpy.flatnonzero(iob == IOB_BEGIN)
    if not len(starts):
        return []
    outside = numpy.append(numpy.flatnonzero(iob != IOB_IN), len(doc))
    ends = outside[numpy.searchsorted(outside, starts, side="right")]
    return list(zip(starts.tolist(), ends.tolist(), array[starts, 1].tolist()))


def labelled_entities(doc: Doc) -> list[tuple[int, int, str]]:
    """The doc's entities in text order as (start, end, label) with the label's text.

    doc (Doc): the document.
    RETURNS (list[tuple[int, int, str]]): one tuple per entity.
    """
    ents = entity_tuples(doc)
    strings = doc.vocab.strings
    names = {label: strings[label] for label in {ent[2] for ent in ents}}
    return [(start, end, names[label]) for start, end, label in ents]


def write_entities(doc: Doc, ents: list[tuple]) -> None:
    """`doc.ents = ents` (every other token outside), in one `Doc.from_array` call. The
    tokens' ENT_KB_ID and ENT_ID stay as they are: a kept entity keeps spaCy's own kb_id
    and id (this package's identities are `Span._` attributes).

    doc (Doc): the document.
    ents (list[tuple]): non-overlapping (start, end, label hash) entities.
    """
    array = numpy.zeros((len(doc), 2), dtype="uint64")
    array[:, 0] = IOB_OUT
    if ents:
        table = numpy.array(ents, dtype="uint64")
        starts, lengths = table[:, 0].astype("int64"), (table[:, 1] - table[:, 0]).astype("int64")
        tokens = numpy.arange(lengths.sum()) - numpy.repeat(numpy.cumsum(lengths) - lengths, lengths)
        tokens += numpy.repeat(starts, lengths)
        array[tokens, 0] = IOB_IN
        array[starts, 0] = IOB_BEGIN
        array[tokens, 1] = numpy.repeat(table[:, 2], lengths)
    doc.from_array(ENT_ATTRS, array)


def add_entities(doc: Doc, ents: list[tuple]) -> bool:
    """Add entities that overlap neither each other nor `doc.ents` by writing only their
    tokens (`Doc.set_ents(..., default="unmodified")`: a component adds a few dates to
    sixty entities); what `write_entities(doc, longest_first(entity_tuples(doc) + ents))`
    writes, or nothing and False where that would write more: an overlap, a token with no
    entity annotation or with a kb_id left on it, an I that continues no entity (a test
    holds both equal).

    doc (Doc): the document.
    ents (list[tuple]): (start, end, label hash) entities.
    RETURNS (bool): whether they were added.
    """
    if not len(doc) or any(doc[start].ent_iob != IOB_OUT or doc[end - 1].ent_iob != IOB_OUT for start, end, _ in ents):
        return False  # the usual refusals first: a Doc without entity annotation, an overlap with one
    ents = sorted(ents, key=_start)
    if any(a[1] > b[0] for a, b in zip(ents, ents[1:])) or not all(ent[2] for ent in ents):
        return False  # an overlap, or a label 0 (which `set_ents` would skip)
    array = doc.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID])
    iob, types = array[:, 0], array[:, 1]
    tokens = [i for start, end, _ in ents for i in range(start, end)]
    if not (iob.all() and (iob[tokens] == IOB_OUT).all() and not array[tokens, 2].any()):
        return False
    continued = (iob[:-1] == IOB_IN) | (iob[:-1] == IOB_BEGIN)
    if iob[0] == IOB_IN or ((iob[1:] == IOB_IN) & ~(continued & (types[1:] == types[:-1]))).any():
        return False
    doc.set_ents([Span(doc, start, end, label=label) for start, end, label in ents], default="unmodified")
    return True


_start = itemgetter(0)


def longest_first(spans: Iterable[tuple]) -> list[tuple]:
    """`spacy.util.filter_spans` on (start, end, ...) tuples: non-overlapping ones in text
    order, the longer first where they overlap, the earlier at equal length, the earlier in
    the input for the same span. Each run of overlapping spans is resolved on its own:
    most spans overlap none.

    spans (Iterable[tuple]): (start, end, ...) tuples, none empty.
    RETURNS (list[tuple]): the kept ones, by start.
    """
    kept, run, run_end = [], [], 0
    for span in sorted(spans, key=_start):  # stable: input order within a start
        if span[0] >= run_end and run:
            kept += _longest_of(run) if len(run) > 1 else run
            run = []
        run.append(span)
        run_end = max(run_end, span[1])
    return kept + (_longest_of(run) if len(run) > 1 else run)


def _longest_of(run: list[tuple]) -> list[tuple]:
    kept: list = []
    for span in sorted(run, key=lambda s: (s[0] - s[1], s[0])):
        if not any(other[0] < span[1] and span[0] < other[1] for other in kept):
            kept.append(span)
    return sorted(kept, key=_start)
