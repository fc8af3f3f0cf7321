"""The Python API: `extract` one text, `extract_many` as a stream."""
from __future__ import annotations

import multiprocessing
import re
from datetime import date
from collections import deque
from typing import Iterable, Iterator, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from .extensions import remember_text
from .pipeline import doc_to_document, document_data, load
from .schema import Document

Record = Union[str, tuple]
DATE_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# spaCy cannot encode lone surrogates; each becomes U+FFFD, one code point for
# one, so every offset still indexes the caller's text
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_text(text) -> str:
    if not isinstance(text, str):
        raise TypeError(f"extract() takes a str, not {type(text).__name__}")
    return text


def _check_date(doc_date: Optional[str]) -> Optional[str]:
    """The date if it is a real YYYY-MM-DD day (the date component parses it later)."""
    if doc_date is None:
        return None
    try:
        if DATE_FORMAT.match(str(doc_date)) and date.fromisoformat(doc_date):
            return doc_date
    except ValueError:
        pass
    raise ValueError(f"doc_date must be YYYY-MM-DD, got {doc_date!r}")


def _without_lone_surrogates(text: str) -> str:
    """The text with each lone surrogate replaced (the regex runs only when UTF-8 encoding fails)."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return LONE_SURROGATE.sub("\ufffd", text)


def _make_doc(nlp: Language, text: str, doc_id, doc_date) -> Doc:
    clean = _without_lone_surrogates(text)
    doc = nlp.make_doc(clean)
    remember_text(doc, clean)
    doc._.doc_id = doc_id
    doc._.doc_date = _check_date(doc_date)
    return doc


def extract(
    text: str, *, doc_id: Optional[str] = None, doc_date: Optional[str] = None,
    nlp: Optional[Language] = None,
) -> Document:
    """Entities and relations of one text, as a schema Document.

    text (str): the article text; offsets in the output index into it.
    doc_id (Optional[str]): an id copied to the output.
    doc_date (Optional[str]): publication date YYYY-MM-DD; resolves relative dates.
    nlp (Optional[Language]): a pipeline; the shipped one when None.
    RETURNS (Document): the output object.
    """
    nlp = nlp or load()
    doc = _make_doc(nlp, _check_text(text), doc_id, doc_date)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc_to_document(doc, text)


def _split_record(item: Record) -> tuple[str, dict]:
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], dict):
        return _check_text(item[0]), item[1]
    return _check_text(item), {}


def extract_many(
    items: Iterable[Record], *, batch_size: int = 32, n_process: int = 1,
    nlp: Optional[Language] = None,
) -> Iterator[Document]:
    """Stream Documents for many texts, in input order, through `nlp.pipe`.

    items (Iterable): strings, or (text, metadata) pairs whose metadata may hold
        'doc_id' and 'doc_date'.
    batch_size (int): documents per batch for `nlp.pipe`.
    n_process (int): worker processes; each runs `nlp.pipe` on batches of the
        input and sends back each Document's data (see `_in_workers`).
    nlp (Optional[Language]): a pipeline; the shipped one when None.
    YIELDS (Document): one per input item.
    """
    nlp = nlp or load()
    if n_process > 1:
        documents = _in_workers(map(_split_record, items), batch_size, n_process, nlp)
    else:
        documents = _documents_data(items, batch_size, nlp)
    for data in documents:
        yield Document.model_validate(data)


def _documents_data(items: Iterable[Record], batch_size: int, nlp: Language) -> Iterator[dict]:
    """`document_data` of each item, through `nlp.pipe`, in input order."""
    originals: deque = deque()

    def docs():
        for text, meta in map(_split_record, items):
            originals.append(text)
            yield _make_doc(nlp, text, meta.get("doc_id"), meta.get("doc_date"))

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        yield document_data(doc, originals.popleft())


# The pipeline of the worker processes (set by the pool's initializer).
_WORKER_NLP: Optional[Language] = None


def _in_workers(pairs: Iterator[tuple], batch_size: int, n_process: int, nlp: Language) -> Iterator[dict]:
    """`document_data` of (text, metadata) pairs processed in `n_process` worker processes.

    Each worker runs the whole pipeline on a batch and returns each Document's
    plain data (~6 KB; the parent validates it: unpickling a Document costs more
    than validating its data): spaCy's own `nlp.pipe(n_process=...)` ships every
    processed Doc back instead (~95 KB, `Doc.to_bytes` + `from_bytes` cost more
    than this pipeline itself). At most two batches per worker are in
    flight, so memory stays flat however long the input.
    """
    context = multiprocessing.get_context()
    with context.Pool(n_process, initializer=_start_worker, initargs=(nlp,)) as pool:
        in_flight: deque = deque()
        for batch in minibatch(pairs, size=batch_size):
            in_flight.append(pool.apply_async(_work, (batch, batch_size)))
            while len(in_flight) >= 2 * n_process:
                yield from in_flight.popleft().get()
        while in_flight:
            yield from in_flight.popleft().get()


def _start_worker(nlp: Language) -> None:
    global _WORKER_NLP
    _WORKER_NLP = nlp


def _work(batch: list, batch_size: int) -> list[dict]:
    return list(_documents_data(batch, batch_size, _WORKER_NLP))
