"""The Python API: `extract` one text, `extract_many` as a stream.

`extract_many` never ends a stream for one document: a text the pipeline fails on, or
whose metadata is wrong (a `doc_date` that is no calendar day), gets a Document with
`error` set, at its place.
"""
from __future__ import annotations

import multiprocessing
import re
import tempfile
from collections import deque
from datetime import date
from typing import Iterable, Iterator, Optional, Union

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from .extensions import TEXT_KEY, install_extensions
from .pipeline import MAX_TEXT_CHARS, doc_to_document, document_data, load
from .schema import Document

Record = Union[str, tuple]
DATE_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# spaCy cannot encode lone surrogates; each becomes U+FFFD, one code point for
# one, so every offset still indexes the caller's text
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
IN_FLIGHT_PER_WORKER = 2


def check_text(text) -> str:
    """The text, or TypeError for anything that is not a str."""
    if not isinstance(text, str):
        raise TypeError(f"extract() takes a str, not {type(text).__name__}")
    return text


def check_date(doc_date: Optional[str]) -> Optional[str]:
    """The date if it is a real YYYY-MM-DD day, else ValueError saying what is wrong."""
    if doc_date is None:
        return None
    if not isinstance(doc_date, str) or not DATE_FORMAT.match(doc_date):
        raise ValueError(f"doc_date must be YYYY-MM-DD, got {doc_date!r}")
    try:
        date.fromisoformat(doc_date)
    except ValueError:
        raise ValueError(f"doc_date {doc_date} is not a calendar date") from None
    return doc_date


def _without_lone_surrogates(text: str) -> str:
    """The text with each lone surrogate replaced (the regex runs only when UTF-8 encoding fails)."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return LONE_SURROGATE.sub("\ufffd", text)


def make_doc(nlp: Language, text: str, doc_id=None, doc_date=None, doc_date_source: Optional[str] = None) -> Doc:
    """The tokenised Doc of a text with its metadata, ready for the pipeline's components.

    nlp (Language): the pipeline.
    text (str): the text.
    doc_id: copied to `doc._.doc_id`.
    doc_date (Optional[str]): YYYY-MM-DD, checked (ValueError), copied to `doc._.doc_date`.
    doc_date_source (Optional[str]): where the date came from; 'given' for a date without one.
    RETURNS (Doc): the Doc.
    """
    clean = _without_lone_surrogates(check_text(text))
    doc = nlp.make_doc(clean)
    doc.user_data[TEXT_KEY] = clean  # `doc.text` without joining the tokens again
    doc._.doc_id = doc_id
    doc._.doc_date = check_date(doc_date)
    doc._.doc_date_source = (doc_date_source or "given") if doc_date else None
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
    doc = make_doc(nlp, text, doc_id, doc_date)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc_to_document(doc, text)


def _split_record(item: Record) -> tuple[object, dict]:
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], dict):
        return item[0], item[1]
    return item, {}


def extract_many(
    items: Iterable[Record], *, batch_size: int = 32, n_process: int = 1,
    nlp: Optional[Language] = None, start_method: Optional[str] = None,
) -> Iterator[Document]:
    """Stream Documents for many texts, in input order, through `nlp.pipe`.

    items (Iterable): strings, or (text, metadata) pairs whose metadata may hold
        'doc_id', 'doc_date' and 'doc_date_source'.
    batch_size (int): documents per batch for `nlp.pipe`.
    n_process (int): worker processes; each loads the pipeline once, runs `nlp.pipe` on
        batches of the input and sends back each Document's data.
    nlp (Optional[Language]): a pipeline; the shipped one when None.
    start_method (Optional[str]): 'fork', 'spawn' or 'forkserver' for the workers; the
        platform's default when None.
    YIELDS (Document): one per input item; one that failed has `error` set.
    """
    nlp = nlp or load()
    batches = minibatch(map(_split_record, items), size=batch_size)
    if n_process > 1:
        results = _in_workers(batches, n_process, nlp, start_method)
    else:
        results = (data for batch in batches for data in process_batch(nlp, batch))
    for data in results:
        yield Document.model_validate(data)


def process_batch(nlp: Language, batch: list[tuple]) -> list[dict]:
    """`document_data` of each (text, metadata) pair, through `nlp.pipe`; when the batch
    fails, each document again alone, the failing ones as error data.

    nlp (Language): the pipeline.
    batch (list[tuple]): (text, metadata) pairs.
    RETURNS (list[dict]): one Document's data per pair, in order.
    """
    made = [_made(nlp, text, meta) for text, meta in batch]
    docs = [doc for doc in made if isinstance(doc, Doc)]
    try:
        done = iter(list(nlp.pipe(docs, batch_size=max(len(docs), 1))))
    except Exception:  # isolate the document(s) that fail
        done = iter([_alone(nlp, doc) for doc in docs])
    out = []
    for (text, meta), doc in zip(batch, made):
        result = doc if not isinstance(doc, Doc) else next(done)
        out.append(result if isinstance(result, dict) else document_data(result, text))
    return out


def _made(nlp: Language, text, meta: dict):
    """The Doc of a pair, or the error data of one that cannot be made."""
    try:
        return make_doc(nlp, text, meta.get("doc_id"), meta.get("doc_date"), meta.get("doc_date_source"))
    except (TypeError, ValueError) as err:
        return error_data(meta, f"{type(err).__name__}: {err}")


def _alone(nlp: Language, doc: Doc):
    """The processed Doc, or the error data of the pipeline's failure on it."""
    try:
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        return doc
    except Exception as err:
        return error_data({"doc_id": doc._.doc_id, "doc_date": doc._.doc_date},
                          f"pipeline failed: {type(err).__name__}: {err}")


def error_data(meta: dict, error: str) -> dict:
    """The data of a Document that could not be processed."""
    doc_date = meta.get("doc_date")
    return {"doc_id": meta.get("doc_id"), "doc_date": doc_date if _is_day(doc_date) else None,
            "entities": [], "relations": [], "error": error}


def _is_day(value) -> bool:
    try:
        return check_date(value) is not None
    except ValueError:
        return False


# The pipeline of a worker process, loaded by the pool's initializer (or the reason it could not be).
_WORKER_NLP: Optional[Language] = None
_WORKER_ERROR: Optional[str] = None


def _in_workers(batches: Iterator[list], n_process: int, nlp: Language, start_method: Optional[str]) -> Iterator[dict]:
    """`process_batch` of each batch in `n_process` worker processes, results in input order.

    The pipeline is saved once to a temporary directory, and each worker loads it from
    there (under 'spawn' nothing of it is pickled; spaCy's own `nlp.pipe(n_process=...)`
    would also ship every processed Doc back, ~95 KB each). At most IN_FLIGHT_PER_WORKER
    batches per worker are in flight, so memory stays flat however long the input.
    """
    context = multiprocessing.get_context(start_method)
    with tempfile.TemporaryDirectory(prefix="extractor-") as path:
        nlp.to_disk(path)
        with context.Pool(n_process, initializer=_start_worker, initargs=(path,)) as pool:
            in_flight: deque = deque()
            for batch in batches:
                in_flight.append(pool.apply_async(_work, (batch,)))
                while len(in_flight) >= IN_FLIGHT_PER_WORKER * n_process:
                    yield from in_flight.popleft().get()
            while in_flight:
                yield from in_flight.popleft().get()


def _start_worker(path: str) -> None:
    global _WORKER_NLP, _WORKER_ERROR
    try:
        install_extensions()
        _WORKER_NLP = spacy.load(path)
        _WORKER_NLP.max_length = MAX_TEXT_CHARS
    except Exception as err:  # every document of this worker gets the reason
        _WORKER_ERROR = f"worker could not load the pipeline: {type(err).__name__}: {err}"


def _work(batch: list) -> list[dict]:
    if _WORKER_NLP is None:
        return [error_data(meta, _WORKER_ERROR or "worker has no pipeline") for _, meta in batch]
    return process_batch(_WORKER_NLP, batch)
