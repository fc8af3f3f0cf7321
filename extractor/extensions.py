"""Doc and Span extension attributes the components share.

Span attributes are keyed by character offsets in spaCy, so they survive a
label change of the same span (a capital that becomes a STATE).
"""
from spacy.tokens import Doc, Span

SPAN_ATTRIBUTES = ("canonical", "kb_id", "state", "value")
DOC_ATTRIBUTES = {"doc_id": None, "doc_date": None, "relations": None}


def install_extensions() -> None:
    """Register the extension attributes once (idempotent, no `force`)."""
    for name in SPAN_ATTRIBUTES:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    for name, default in DOC_ATTRIBUTES.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
