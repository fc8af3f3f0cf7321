"""The Python API: `extract` one text, `extract_many` as a stream.

`extract_many` never ends a stream for one document: a text the pipeline fails on, or
whose metadata is wrong (a `doc_date` that is no calendar day), gets a Document with
`error` set, at its place.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Iterable, Iterator, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from .budget import OverBudget, time_budget, time_error
from .extensions import TEXT_KEY
from .pipeline import doc_to_document, document_data, load
from .schema import Document
from .tokenizing import make_tokens

Record = Union[str, tuple]
DATE_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# spaCy cannot encode lone surrogates; each becomes U+FFFD, one code point for
# one, so every offset still indexes the caller's text
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


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
    doc = make_tokens(nlp, clean)
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
    max_seconds: Optional[float] = None,
) -> Iterator[Document]:
    """Stream Documents for many texts, in input order, through `nlp.pipe`.

    items (Iterable): strings, or (text, metadata) pairs whose metadata may hold
        'doc_id', 'doc_date' and 'doc_date_source'.
    batch_size (int): documents per batch for `nlp.pipe`.
    n_process (int): worker processes; each loads the pipeline once, runs `nlp.pipe` on
        batches of the input and sends back each Document's data (see `workers`).
    nlp (Optional[Language]): a pipeline; the shipped one when None.
    start_method (Optional[str]): 'fork', 'spawn' or 'forkserver' for the workers; the
        platform's default when None.
    max_seconds (Optional[float]): time budget of one document (see `budget`); None or 0: none.
    YIELDS (Document): one per input item; one that failed has `error` set.
    """
    nlp = nlp or load()
    batches = minibatch(map(_split_record, items), size=batch_size)
    if n_process > 1:
        from .workers import in_workers

        results = in_workers(batches, n_process, nlp, start_method, max_seconds)
    else:
        results = (data for batch in batches for data in process_batch(nlp, batch, max_seconds))
    for data in results:
        yield _validated(data)


def process_batch(nlp: Language, batch: list[tuple], max_seconds: Optional[float] = None) -> list[dict]:
    """`document_data` of each (text, metadata) pair, through `nlp.pipe` within one time budget;
    when the batch fails or runs over it, each document again alone within its own budget,
    the failing ones and the ones over budget as error data.

    nlp (Language): the pipeline.
    batch (list[tuple]): (text, metadata) pairs.
    max_seconds (Optional[float]): time budget of one document; None or 0: none.
    RETURNS (list[dict]): one Document's data per pair, in order.
    """
    try:
        with time_budget(max_seconds):
            return _piped(nlp, batch)
    except (Exception, OverBudget):  # isolate the document(s) that fail or are slow
        return [_alone(nlp, text, meta, max_seconds) for text, meta in batch]


def _piped(nlp: Language, batch: list[tuple]) -> list[dict]:
    made = [_made(nlp, text, meta) for text, meta in batch]
    done = nlp.pipe([doc for doc in made if isinstance(doc, Doc)], batch_size=max(len(made), 1))
    return [doc if isinstance(doc, dict) else document_data(next(done), text)
            for (text, _), doc in zip(batch, made)]


def _made(nlp: Language, text, meta: dict):
    """The Doc of a pair, or the error data of one that cannot be made."""
    try:
        return make_doc(nlp, text, meta.get("doc_id"), meta.get("doc_date"), meta.get("doc_date_source"))
    except (TypeError, ValueError) as err:
        return error_data(meta, f"{type(err).__name__}: {err}")


def _alone(nlp: Language, text, meta: dict, max_seconds: Optional[float]) -> dict:
    """The data of one processed pair (a fresh Doc), or the error data of its failure or timeout."""
    try:
        with time_budget(max_seconds):
            doc = _made(nlp, text, meta)
            if isinstance(doc, dict):
                return doc
            for _, proc in nlp.pipeline:
                doc = proc(doc)
            return document_data(doc, text)
    except OverBudget:
        return error_data(meta, time_error(max_seconds))
    except Exception as err:  # RecursionError and MemoryError too
        return error_data(meta, f"pipeline failed: {type(err).__name__}: {err}")


def _validated(data: dict) -> Document:
    try:
        return Document.model_validate(data)
    except ValueError as err:  # pydantic's ValidationError: the output of one bad document
        return Document.model_validate(error_data(data, f"pipeline failed: invalid output: {err}"))


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
