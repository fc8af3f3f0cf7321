"""Doc and Span extension attributes the components share.

Span attributes are keyed by character offsets in spaCy, so they survive a
label change of the same span (a capital that becomes a STATE).
"""
import weakref

from spacy.attrs import ENT_IOB, ENT_TYPE
from spacy.tokens import Doc, Span

SPAN_ATTRIBUTES = ("canonical", "kb_id", "state", "value")
DOC_ATTRIBUTES = {"doc_id": None, "doc_date": None, "relations": None}


IDENTITY_ATTRIBUTES = ("canonical", "kb_id", "state")


def copy_identity(source: Span, target: Span) -> None:
    """Give `target` the entity identity (canonical, kb_id, state) of `source`."""
    src, dst = source._, target._
    dst.canonical, dst.kb_id, dst.state = src.canonical, src.kb_id, src.state


def attr_key(name: str, start_char: int, end_char: int) -> tuple:
    """The `doc.user_data` key under which spaCy keeps `span._.<name>` of a span
    with these character offsets (see spacy.tokens.underscore.Underscore)."""
    return ("._.", name, start_char, end_char)


def read_identity(doc: Doc, start_char: int, end_char: int) -> tuple:
    """(canonical, kb_id, state, value) of the span at these character offsets:
    `span._.canonical` etc., read straight from `doc.user_data` without building
    a Span and an Underscore object per access."""
    data = doc.user_data
    return (data.get(("._.", "canonical", start_char, end_char)), data.get(("._.", "kb_id", start_char, end_char)),
            data.get(("._.", "state", start_char, end_char)), data.get(("._.", "value", start_char, end_char)))


def write_attrs(doc: Doc, start_char: int, end_char: int, **values) -> None:
    """Set `span._.<name> = value` for the span at these character offsets."""
    data = doc.user_data
    for name, value in values.items():
        data[("._.", name, start_char, end_char)] = value


def install_extensions() -> None:
    """Register the extension attributes once (idempotent, no `force`)."""
    for name in SPAN_ATTRIBUTES:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    for name, default in DOC_ATTRIBUTES.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


# Reading `doc.ents` builds every span again with a Python-level walk over all
# tokens; components read the entities several times per document, so the
# last list written through `set_ents` is kept, as (start, end, label) only (a
# Span would keep its Doc alive through this cache), while the Doc's entity
# annotation (IOB and type per token) is unchanged.
_ENTS: "weakref.WeakKeyDictionary[Doc, tuple]" = weakref.WeakKeyDictionary()


def _fingerprint(doc: Doc) -> bytes:
    return doc.to_array([ENT_IOB, ENT_TYPE]).tobytes()


def _remember(doc: Doc, ents) -> None:
    _ENTS[doc] = (_fingerprint(doc), tuple((e.start, e.end, e.label) for e in ents))


def get_ents(doc: Doc) -> tuple:
    """The doc's entities in text order, as `doc.ents` gives them, cached.

    doc (Doc): the document.
    RETURNS (tuple[Span, ...]): its entity spans.
    """
    cached = _ENTS.get(doc)
    if cached is not None and cached[0] == _fingerprint(doc):
        return tuple(Span(doc, start, end, label=label) for start, end, label in cached[1])
    ents = doc.ents
    _remember(doc, ents)
    return ents


def set_ents(doc: Doc, spans) -> tuple:
    """Write entities (non-overlapping spans) and remember them for `get_ents`.

    doc (Doc): the document.
    spans (Iterable[Span]): the new entities.
    RETURNS (tuple[Span, ...]): the entities in text order.
    """
    ents = tuple(sorted(spans, key=lambda span: span.start))
    doc.ents = ents
    _remember(doc, ents)
    return ents


# `doc.text` joins every token's text in Python on each access; a Doc's text
# never changes, so it is joined once.
_TEXTS: "weakref.WeakKeyDictionary[Doc, str]" = weakref.WeakKeyDictionary()


def remember_text(doc: Doc, text: str) -> None:
    """Record the text a Doc was made from (`nlp.make_doc(text).text == text`)."""
    _TEXTS[doc] = text


def text_of(doc: Doc) -> str:
    """`doc.text`, computed once per Doc."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text
