"""The extension attributes through which the components talk: the Doc is the only channel.

- `span._.canonical`, `span._.kb_id`, `span._.state`, `span._.value`: the identity of an
  entity mention (SCHEMA.md's entity fields); `span._.kind`: the KB kind of a linked
  organisation ("armed_group", "media", ...; not in the output). They read and write one table on the Doc,
  `doc._.identities` (character start -> character end -> field -> value), so a span keeps
  its identity when its label changes (a capital that becomes a STATE), and a component
  reads or writes many at once with `identity` / `set_identity` instead of an
  `Underscore` object per attribute (measured: 0.5 ms per 60-entity Doc for four
  `span._` reads each, about a fifth of the whole pipeline).
- `doc._.parse`: the optional parser component's parse of the sentences that need one
  (sentence start -> heads, relations and tags of its tokens);
- `doc._.doc_id`, `doc._.doc_date`, `doc._.doc_date_source`: the input's metadata; `doc._.relations`: the relation
  component's output (dicts indexing `doc.ents`).
- `doc_text(doc)` and `token_offsets(doc)`: `doc.text` and the tokens' character offsets,
  computed once per Doc and kept in `doc.user_data` under this package's own keys
  (`doc.text` joins every token in Python: 0.15 ms for a 700-token Doc, as much as
  tokenizing it).
"""
from __future__ import annotations

from functools import partial
from typing import Optional

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span

SPAN_ATTRIBUTES = ("canonical", "kb_id", "state", "value", "kind")
DOC_ATTRIBUTES = {"doc_id": None, "doc_date": None, "doc_date_source": None, "relations": None, "identities": None,
                  "parse": None}
TEXT_KEY = "extractor.text"
OFFSETS_KEY = "extractor.token_offsets"
NO_IDENTITY: dict = {}


def install_extensions() -> None:
    """Register the extension attributes once (idempotent, no `force`)."""
    for name in SPAN_ATTRIBUTES:
        if not Span.has_extension(name):
            Span.set_extension(name, getter=partial(_get_field, name), setter=partial(_set_field, name))
    for name, default in DOC_ATTRIBUTES.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def _get_field(name: str, span: Span):
    return identity(span.doc, span.start_char, span.end_char).get(name)


def _set_field(name: str, span: Span, value) -> None:
    set_identity(span.doc, span.start_char, span.end_char, **{name: value})


def identity_table(doc: Doc) -> dict:
    """`doc._.identities`, created empty on first use: {start_char: {end_char: {field: value}}}
    (integer keys, so `Doc.to_bytes` serialises it)."""
    table = doc._.identities
    if table is None:
        table = doc._.identities = {}
    return table


class Identities:
    """The identity table of one Doc, read once: each `doc._` access builds an Underscore
    object (about 5 us), so a component reading or writing many mentions holds this."""

    __slots__ = ("table",)

    def __init__(self, doc: Doc) -> None:
        self.table = identity_table(doc)

    def get(self, start_char: int, end_char: int) -> dict:
        """The identity fields set for the span at these character offsets (empty when none;
        do not modify it, use `set`)."""
        by_end = self.table.get(start_char)
        return NO_IDENTITY if by_end is None else by_end.get(end_char, NO_IDENTITY)

    def set(self, start_char: int, end_char: int, **fields) -> None:
        """Set identity fields (canonical, kb_id, state, value) of the span at these offsets."""
        by_end = self.table.setdefault(start_char, {})
        record = by_end.get(end_char)
        by_end[end_char] = dict(fields) if record is None else {**record, **fields}


def identity(doc: Doc, start_char: int, end_char: int) -> dict:
    """The identity fields of the span at these character offsets (see `Identities.get`)."""
    return Identities(doc).get(start_char, end_char)


def set_identity(doc: Doc, start_char: int, end_char: int, **fields) -> None:
    """Set identity fields of the span at these character offsets (see `Identities.set`)."""
    Identities(doc).set(start_char, end_char, **fields)


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once per Doc.

    doc (Doc): the document.
    RETURNS (str): its text.
    """
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """The start and end character offset of every token, read once per Doc.

    doc (Doc): the document.
    RETURNS (tuple[list[int], list[int]]): starts and ends, one per token.
    """
    offsets = doc.user_data.get(OFFSETS_KEY)
    if offsets is None or len(offsets[0]) != len(doc):
        array = doc.to_array([IDX, LENGTH])
        offsets = doc.user_data[OFFSETS_KEY] = (array[:, 0].tolist(), (array[:, 0] + array[:, 1]).tolist())
    return offsets
