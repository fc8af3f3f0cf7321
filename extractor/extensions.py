"""Doc and Span extension attributes the components share.

Span attributes are keyed by character offsets in spaCy, so they survive a
label change of the same span (a capital that becomes a STATE).
"""
import weakref
from typing import Iterable, NamedTuple

import numpy
from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, LENGTH
from spacy.tokens import Doc, Span

from .overlaps import longest_first

SPAN_ATTRIBUTES = ("canonical", "kb_id", "state", "value")
DOC_ATTRIBUTES = {"doc_id": None, "doc_date": None, "relations": None}


def read_identity(doc: Doc, start_char: int, end_char: int) -> tuple:
    """(canonical, kb_id, state, value) of the span at these character offsets:
    `span._.canonical` etc., read straight from `doc.user_data` without building
    a Span and an Underscore object per access."""
    data = doc.user_data
    return (data.get(("._.", "canonical", start_char, end_char)), data.get(("._.", "kb_id", start_char, end_char)),
            data.get(("._.", "state", start_char, end_char)), data.get(("._.", "value", start_char, end_char)))


def read_identities(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple]:
    """(canonical, kb_id, state) of the spans at these (start_char, end_char) offsets."""
    get = doc.user_data.get
    return [(get(("._.", "canonical", start, end)), get(("._.", "kb_id", start, end)), get(("._.", "state", start, end)))
            for start, end in spans]


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


class Mention(NamedTuple):
    """An entity mention as the entity components pass it on: token offsets and label."""

    start: int
    end: int
    label: str


# Non-overlapping mentions in text order, the longest where they overlap
# (`spacy.util.filter_spans` on Mentions).
filter_mentions = longest_first


# The entity components (gazetteer, names, acronyms, dates) refine one working
# set of mentions per Doc, and the linker writes it to `doc.ents` once: writing
# `doc.ents` walks every token and builds a Span per entity (~0.3 ms for a
# 600-word article), and reading it builds them all again. Readers through
# `get_mentions` see the working set, or `doc.ents` once written.
_WORKING: "weakref.WeakKeyDictionary[Doc, list]" = weakref.WeakKeyDictionary()
# The last entities written or read, as Mentions, with the Doc's entity
# annotation they match (a user may set `doc.ents` in between).
_WRITTEN: "weakref.WeakKeyDictionary[Doc, tuple]" = weakref.WeakKeyDictionary()


def _fingerprint(doc: Doc) -> bytes:
    return doc.to_array([ENT_IOB, ENT_TYPE]).tobytes()


def get_mentions(doc: Doc) -> list[Mention]:
    """The doc's entity mentions in text order: the working set, else `doc.ents`.

    doc (Doc): the document.
    RETURNS (list[Mention]): (start, end, label) of each mention.
    """
    working = _WORKING.get(doc)
    if working is not None:
        return working
    written = _WRITTEN.get(doc)
    if written is None and not doc.ents:
        return []  # a new Doc: `doc.ents` of one without entities builds nothing
    fingerprint = _fingerprint(doc)
    if written is None or written[0] != fingerprint:
        written = _WRITTEN[doc] = (fingerprint, [Mention(e.start, e.end, e.label_) for e in doc.ents])
    return written[1]


def set_mentions(doc: Doc, mentions: Iterable[Mention]) -> list[Mention]:
    """Replace the working set (non-overlapping mentions); `doc.ents` is written later.

    doc (Doc): the document.
    mentions (Iterable[Mention]): the new mentions.
    RETURNS (list[Mention]): them, in text order.
    """
    working = _WORKING[doc] = sorted(mentions)
    return working


def write_ents(doc: Doc) -> list[Mention]:
    """Write the working set to `doc.ents` (once per Doc) and close it.

    doc (Doc): the document.
    RETURNS (list[Mention]): the entities written.
    """
    mentions = _WORKING.pop(doc, None)
    if mentions is None:
        return get_mentions(doc)
    _WRITTEN[doc] = (_write(doc, mentions).tobytes(), mentions)
    return mentions


def _write(doc: Doc, mentions: list[Mention]) -> numpy.ndarray:
    """`doc.ents = mentions` (every other token outside), in one `from_array` call
    instead of a Span per mention and a Python walk over all tokens.

    RETURNS (numpy.ndarray): the ENT_IOB, ENT_TYPE columns written (`_fingerprint`'s array).
    """
    strings = doc.vocab.strings
    starts = numpy.array([m.start for m in mentions], dtype="int64")
    lengths = numpy.array([m.end - m.start for m in mentions], dtype="int64")
    labels = numpy.array([strings.add(m.label) for m in mentions], dtype="uint64")
    # the tokens of each mention in turn: its start, plus 0 .. length-1
    offsets = numpy.arange(lengths.sum()) - numpy.repeat(numpy.cumsum(lengths) - lengths, lengths)
    tokens = numpy.repeat(starts, lengths) + offsets
    annotation = numpy.zeros((len(doc), 2), dtype="uint64")
    annotation[:, 0] = 2  # O
    annotation[tokens, 0] = 1  # I
    annotation[starts, 0] = 3  # B
    annotation[tokens, 1] = numpy.repeat(labels, lengths)
    doc.from_array([ENT_IOB, ENT_TYPE], annotation)
    return annotation


# Components that read and refine the working set; the last of them in a
# pipeline writes `doc.ents` (the linker always does).
MENTION_FACTORIES = frozenset({
    "extractor_gazetteer", "extractor_names", "extractor_acronyms", "extractor_dates", "extractor_linker",
})


class WorkingSetStep:
    """What an entity component needs to know of its pipeline: whether a later
    component takes over the working set, or it must write `doc.ents` itself
    (a pipeline of the gazetteer alone still gives `doc.ents`)."""

    def __init__(self, nlp, name: str) -> None:
        self.nlp, self.name = nlp, name  # nlp None: a component used on its own
        self._known: dict = {}

    def finish(self, doc: Doc, mentions: Iterable[Mention]) -> None:
        """Set the working set; write `doc.ents` unless a later component goes on with it."""
        set_mentions(doc, mentions)
        if not self.handed_on():
            write_ents(doc)

    def handed_on(self) -> bool:
        """Whether a later component of the pipeline takes the working set."""
        if self.nlp is None:
            return False
        names = tuple(self.nlp.pipe_names)
        known = self._known.get(names)
        if known is None:
            later = names[names.index(self.name) + 1:] if self.name in names else ()
            known = self._known[names] = any(
                self.nlp.get_pipe_meta(name).factory in MENTION_FACTORIES for name in later)
        return known


# Token character offsets, read once per Doc with one `to_array` call.
_BOUNDS: "weakref.WeakKeyDictionary[Doc, tuple]" = weakref.WeakKeyDictionary()


def token_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end character offset of every token.

    doc (Doc): the document.
    RETURNS (tuple[list[int], list[int]]): starts and ends, one per token.
    """
    bounds = _BOUNDS.get(doc)
    if bounds is None:
        array = doc.to_array([IDX, LENGTH])
        starts = array[:, 0].tolist()
        bounds = _BOUNDS[doc] = (starts, (array[:, 0] + array[:, 1]).tolist())
    return bounds


def char_offsets(doc: Doc, mention: Mention) -> tuple[int, int]:
    """(start_char, end_char) of a mention."""
    starts, ends = token_bounds(doc)
    return starts[mention.start], ends[mention.end - 1]


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


class TokenTexts:
    """A Doc's token texts, cut from its text when asked for: `words[i]` is
    `doc[i].text` without building a Token."""

    __slots__ = ("text", "starts", "ends")

    def __init__(self, doc: Doc) -> None:
        self.text = text_of(doc)
        self.starts, self.ends = token_bounds(doc)

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i: int) -> str:
        return self.text[self.starts[i]:self.ends[i]]

    def space_after(self, i: int) -> bool:
        """Whether whitespace follows token i (`doc[i].whitespace_`)."""
        following = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
        return self.ends[i] < following
