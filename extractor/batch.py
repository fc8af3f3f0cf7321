"""Run a stream of input records through the pipeline, losing no document.

`process_records` yields one (record, Document) pair per input record, in input
order: unreadable records become error Documents at their place, readable ones
stream through `extract_many` (so `nlp.pipe` batches and multiprocessing work).
A document the pipeline fails on, or that runs over the time budget (`budget`), gets its
error Document from `extract_many`.
`run_batch` writes the pairs with the atomic, resumable writers of `io.writers`.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from spacy.language import Language

from .api import extract_many
from .budget import DEFAULT_MAX_SECONDS
from .io.readers import InputRecord
from .io.writers import EntitiesCsvWriter, EventsCsvWriter, JsonlWriter, PloverWriter, RelationsCsvWriter
from .pipeline import load
from .schema import Document

# A run of this many unreadable records ends a pipeline stream so that their
# error Documents are written (memory stays bounded) before streaming resumes.
MAX_ERROR_RUN = 1000
MAX_KEPT_NOTES = 1000

Pair = tuple[InputRecord, Document]
OUTPUT_WRITERS = {"documents": JsonlWriter, "plover": PloverWriter}
TABLE_WRITERS = {"relations": RelationsCsvWriter, "entities": EntitiesCsvWriter, "events": EventsCsvWriter}


@dataclass
class BatchSummary:
    """Counts of a batch run.

    processed (int): output objects written in this run, failed ones included.
    failed (int): those with `error` set.
    skipped (int): input documents skipped because `resume` found them written.
    notes (list[str]): reading warnings ('<source>: <note>'), the first MAX_KEPT_NOTES.
    notes_total (int): how many warnings there were in all.
    """

    processed: int = 0
    failed: int = 0
    skipped: int = 0
    notes: list = field(default_factory=list)
    notes_total: int = 0

    def add(self, record: InputRecord, document: Document) -> None:
        """Count one written document and keep its reading notes."""
        self.processed += 1
        self.failed += document.error is not None
        for note in record.notes:
            self.notes_total += 1
            if len(self.notes) < MAX_KEPT_NOTES:
                self.notes.append(f"{record.source}: {note}")


def error_document(record: InputRecord, reason: Optional[str] = None) -> Document:
    """The output object of a document that could not be read or processed.

    record (InputRecord): the input record.
    reason (Optional[str]): the failure; the record's own error when None.
    RETURNS (Document): empty entities and relations, `error` set.
    """
    error = record.error if reason is None else f"{record.source}: {reason}"
    return Document(doc_id=record.doc_id, doc_date=record.doc_date, error=error,
                    doc_date_source=record.doc_date_source if record.doc_date else None)


class _Feed:
    """Feeds readable records to the pipeline and remembers every record pulled.

    `pending` holds, in input order, the records pulled from the input whose
    output has not been yielded yet: error records and documents in flight.
    """

    def __init__(self, records: Iterator[InputRecord]):
        self.records = records
        self.pending: deque = deque()
        self.exhausted = False
        self.input_error: Optional[BaseException] = None

    def texts(self) -> Iterator[tuple]:
        """(text, metadata) pairs for `extract_many`; stops after a long error run."""
        errors_in_a_row = 0
        while errors_in_a_row < MAX_ERROR_RUN:
            record = self._next()
            if record is None:
                return
            self.pending.append(record)
            if record.error is not None:
                errors_in_a_row += 1
                continue
            errors_in_a_row = 0
            yield record.text, {"doc_id": record.doc_id, "doc_date": record.doc_date,
                                "doc_date_source": record.doc_date_source}

    def _next(self) -> Optional[InputRecord]:
        try:
            return next(self.records)
        except StopIteration:
            self.exhausted = True
        except BaseException as err:  # a reader bug: stop, report after flushing
            self.exhausted, self.input_error = True, err
        return None

    def errors_first(self) -> Iterator[Pair]:
        """Pop the error records that precede the next readable one."""
        while self.pending and self.pending[0].error is not None:
            record = self.pending.popleft()
            yield record, error_document(record)


def finished(record: InputRecord, document: Document) -> Pair:
    """The output pair of a processed record: a failed Document's error names the record's source.

    record (InputRecord): the input record.
    document (Document): what the pipeline gave for it.
    RETURNS (tuple): (record, Document).
    """
    return record, document if document.error is None else error_document(record, document.error)


def process_records(
    records: Iterable[InputRecord], *, nlp: Optional[Language] = None,
    batch_size: int = 64, n_process: int = 1, max_seconds: Optional[float] = DEFAULT_MAX_SECONDS,
) -> Iterator[Pair]:
    """One output Document per input record, in input order, never raising for one document.

    records (Iterable[InputRecord]): the input stream (from `io.readers.read_inputs`).
    nlp (Optional[Language]): the pipeline; the shipped one when None.
    batch_size (int): documents per batch for `nlp.pipe`.
    n_process (int): worker processes (see `api.extract_many`).
    max_seconds (Optional[float]): time budget of one document (see `budget`); None or 0: none.
    YIELDS (tuple): (record, Document) pairs.
    """
    nlp = nlp or load()
    feed = _Feed(iter(records))
    while not feed.exhausted:
        for document in extract_many(feed.texts(), nlp=nlp, batch_size=batch_size, n_process=n_process,
                                     max_seconds=max_seconds):
            yield from feed.errors_first()
            yield finished(feed.pending.popleft(), document)
        yield from feed.errors_first()
    if feed.input_error is not None:
        raise feed.input_error


def provenance(record: InputRecord) -> dict:
    """Extra output fields saying where a document came from and how it was read.

    record (InputRecord): the input record.
    RETURNS (dict): {'source': ..., 'notes': [...]}.
    """
    return {"source": record.source, "notes": list(record.notes)}


def run_batch(
    records: Iterable[InputRecord], out: str | Path, *, nlp: Optional[Language] = None,
    batch_size: int = 64, n_process: int = 1, resume: bool = False,
    relations_csv: str | Path | None = None, with_provenance: bool = False,
    on_document: Optional[Callable[[BatchSummary], None]] = None,
    output_format: str = "documents", entities_csv: str | Path | None = None,
    events_csv: str | Path | None = None,
    pairs: Optional[Callable[[Iterable[InputRecord]], Iterator[Pair]]] = None,
    max_seconds: Optional[float] = DEFAULT_MAX_SECONDS,
) -> BatchSummary:
    """Write one JSON line per input record to `out` (atomically), and optionally CSV tables.

    records (Iterable[InputRecord]): the input stream.
    out (str | Path): the JSONL output; filled as `<out>.partial`, renamed at the end.
    nlp (Optional[Language]): the pipeline; the shipped one when None.
    batch_size (int): documents per batch for `nlp.pipe`.
    n_process (int): worker processes (see `api.extract_many`).
    resume (bool): keep what an interrupted run wrote and skip that many input records
        (their ids must match).
    relations_csv (str | Path | None): also write one CSV row per relation here.
    with_provenance (bool): add 'source' and 'notes' fields to each output line.
    on_document (Optional[Callable]): called with the summary after each document.
    output_format (str): 'documents' (one Document a line) or 'plover' (one PLOVER event
        record a line, see `events.plover_records`).
    entities_csv (str | Path | None): also write one CSV row per entity here.
    events_csv (str | Path | None): also write one CSV row per event here.
    pairs (Optional[Callable]): records -> (record, Document) pairs in input order, to process
        elsewhere (`distributed.dask_pairs`); `process_records` with `nlp` when None.
    max_seconds (Optional[float]): time budget of one document: one over it gets an error
        record saying so (see `budget`); None or 0: none.
    RETURNS (BatchSummary): the counts.
    """
    writer, tables = OUTPUT_WRITERS[output_format](out, resume=resume), []
    summary = BatchSummary()
    try:
        written = writer.written_ids() if writer.resumed else []
        open_tables(tables, {"relations": relations_csv, "entities": entities_csv, "events": events_csv},
                    resume, set(written))
        todo = _skip_written(records, written, summary, writer)
        if pairs is None:
            pairs = partial(process_records, nlp=nlp, batch_size=batch_size, n_process=n_process,
                            max_seconds=max_seconds)
        for record, document in pairs(todo):
            _write(record, document, writer, tables, with_provenance)
            summary.add(record, document)
            if on_document is not None:
                on_document(summary)
    except BaseException:
        for handle in tables + [writer]:
            handle.abandon()
        raise
    for handle in tables + [writer]:
        handle.close()
    return summary


def open_tables(tables: list, paths: dict, resume: bool, done: set) -> None:
    """Open the CSV writers of the tables given a path, resumed to the documents in `done`.

    tables (list): each writer is appended here once open (to be closed or abandoned).
    paths (dict): table kind (a TABLE_WRITERS key) -> path, or None for no such table.
    resume (bool): keep rows an interrupted run wrote.
    done (set): doc_ids the JSONL output holds; a resumed table keeps only their rows.
    """
    for kind, path in paths.items():
        if path:
            tables.append(TABLE_WRITERS[kind](path, resume=resume))
            if tables[-1].resumed:
                tables[-1].keep_only(done)


def _write(record, document, writer: JsonlWriter, tables: list, with_provenance: bool) -> None:
    # CSV rows reach the disk before the JSON line, so a resumed run (which
    # trusts the JSONL) can drop extra rows and never misses any.
    for table in tables:
        table.write(document, record.text)
        table.flush()
    writer.write(document, provenance(record) if with_provenance else None, text=record.text)
    writer.flush()


def _skip_written(records: Iterable[InputRecord], written: list, summary: BatchSummary,
                  writer: JsonlWriter) -> Iterator[InputRecord]:
    """The records after those whose output `writer` holds (skipped and counted): by position,
    so repeated ids are kept, with the ids checked to match in order. Where a document may
    write no line (PLOVER without events), records between matching ones are passed over."""
    records = iter(records)
    for number, doc_id in enumerate(written, start=1):
        for record in records:
            summary.skipped += 1
            if record.doc_id == doc_id:
                break
            if writer.line_per_document:
                raise ValueError(f"cannot resume: {writer.partial} document {number} is {doc_id!r}, "
                                 f"input document {summary.skipped} is {record.doc_id!r}")
        else:
            raise ValueError(f"cannot resume: {writer.partial} holds {doc_id!r} (document {number}), "
                             "which the inputs do not have there")
    yield from records
