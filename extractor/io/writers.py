"""Output files of batch runs: Documents (or PLOVER event records) as JSON Lines, and
relations, entities and events as CSV tables (columns: docs/SCHEMA.md).

All writers write to `<name>.partial` next to the target and rename it into
place (`os.replace`, atomic on one file system) only when `close()` is called
after a complete run. An interrupted run leaves the `.partial` file, never a
truncated file under the final name; opening with `resume=True` keeps the
complete lines of an existing `.partial` (or of a finished output) and appends.
A writer holds an exclusive lock on `<name>.lock` while open, so a second run on
the same output fails at once instead of mixing its lines into the first's.
"""
from __future__ import annotations

import csv
import fcntl
import json
import os
import shutil
from pathlib import Path
from typing import Callable, Iterable, Optional

from ..events import actor, event_id, events, evidence_text, offices, plover_records, quad_class
from ..schema import Document

PARTIAL_SUFFIX = ".partial"
LOCK_SUFFIX = ".lock"
CSV_COLUMNS = (
    "doc_id", "doc_date", "type", "head", "head_kb_id", "tail", "tail_kb_id", "negated",
    "mode", "role", "date", "date_value", "confidence", "evidence",
)
ENTITY_COLUMNS = ("doc_id", "id", "label", "text", "start", "end", "canonical", "kb_id", "state", "value")
EVENT_COLUMNS = (
    "doc_id", "doc_date", "event_id", "event_type", "quad_class", "mode", "role",
    "source", "source_iso3", "source_kb_id", "recipient", "recipient_iso3", "recipient_kb_id",
    "negated", "modality", "date", "date_value", "confidence", "evidence",
)


def partial_path(path: str | Path) -> Path:
    """The temporary file a writer fills before renaming it to `path`.

    path (str | Path): the final output path.
    RETURNS (Path): `path` with '.partial' appended.
    """
    path = Path(path)
    return path.with_name(path.name + PARTIAL_SUFFIX)


def lock_path(path: str | Path) -> Path:
    """The lock file a writer holds while it writes `path`: `path` with '.lock' appended."""
    path = Path(path)
    return path.with_name(path.name + LOCK_SUFFIX)


class OutputBusy(OSError):
    """Another process is writing the same output."""


def _lock(path: Path):
    """The lock file of `path`, open and exclusively locked; OutputBusy when another run holds it."""
    lock = lock_path(path)
    handle = lock.open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if os.fstat(handle.fileno()).st_ino != os.stat(lock).st_ino:  # the holder removed it meanwhile
            raise BlockingIOError
    except (BlockingIOError, FileNotFoundError):
        handle.close()
        raise OutputBusy(f"another extractor batch is writing {path} (it holds {lock})") from None
    return handle


def _unlock(handle) -> None:
    os.unlink(handle.name)  # while locked: a run that opened it before now sees another inode
    handle.close()


def document_line(document: Document, extra: Optional[dict] = None) -> str:
    """One JSON line for a Document, fields in schema order, extras appended.

    document (Document): the output object.
    extra (Optional[dict]): additional fields written after the schema's.
    RETURNS (str): the JSON text with a trailing newline.
    """
    data = document.model_dump(mode="json")
    data.update(extra or {})
    return _json_line(data)


def _json_line(data: dict) -> str:
    line = json.dumps(data, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: keep them as JSON escapes
        line = json.dumps(data)
    return line + "\n"


def _drop_torn_line(path: Path, chunk: int = 65536) -> None:
    """Cut `path` after its last newline, dropping a line torn by an interruption."""
    with path.open("r+b") as handle:
        end = handle.seek(0, os.SEEK_END)
        while end > 0:
            start = max(0, end - chunk)
            handle.seek(start)
            cut = handle.read(end - start).rfind(b"\n")
            if cut >= 0:
                handle.truncate(start + cut + 1)
                return
            end = start
        handle.truncate(0)


class _AtomicFile:
    """A text file written as `<path>.partial` and renamed into place on close."""

    def __init__(self, path: str | Path, resume: bool = False):
        self.path = Path(path)
        self.partial = partial_path(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = _lock(self.path)
        try:
            self.resumed = self._prepare(resume)
            self._handle = self.partial.open("a" if self.resumed else "w", encoding="utf-8", newline="")
        except BaseException:
            _unlock(self._lock)
            raise

    def _prepare(self, resume: bool) -> bool:
        if not resume or not (self.partial.exists() or self.path.exists()):
            return False
        if not self.partial.exists():  # a finished run: continue from its output
            shutil.copyfile(self.path, self.partial)
        _drop_torn_line(self.partial)
        return True

    def flush(self) -> None:
        """Push written lines to the operating system (they survive a crash of the process)."""
        self._handle.flush()

    def close(self) -> None:
        """Finish the run: sync the file and rename it into place."""
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        os.replace(self.partial, self.path)
        _unlock(self._lock)

    def abandon(self) -> None:
        """Stop without renaming: the `.partial` file stays for `resume`."""
        self._handle.flush()
        self._handle.close()
        _unlock(self._lock)


class JsonlWriter(_AtomicFile):
    """Documents as JSON Lines, written atomically, resumable by doc_id.

    path (str | Path): the final output file.
    resume (bool): keep documents already written by an interrupted run.
    """

    id_field = "doc_id"
    line_per_document = True  # every document writes exactly one line

    def written_ids(self) -> list[str]:
        """The doc_ids of the documents already in the file (after resuming), in order.

        RETURNS (list[str]): one id per document written (ids may repeat).
        """
        ids = []
        with self.partial.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    ids.append(_line_id(line, f"{self.partial}:{number}", self.id_field))
        return ids

    def write(self, document: Document, extra: Optional[dict] = None, text: Optional[str] = None) -> None:
        """Append one Document.

        document (Document): the output object.
        extra (Optional[dict]): additional fields written after the schema's.
        text (Optional[str]): the processed text (not written: the offsets index it).
        """
        self._handle.write(document_line(document, extra))


class PloverWriter(JsonlWriter):
    """PLOVER event records as JSON Lines (`events.plover_records`), resumable by story_id.

    A document with no event writes no line (a resumed run reads it again); a failed one
    writes one record with `story_id` and `error`.
    """

    id_field = "story_id"
    line_per_document = False

    def written_ids(self) -> list[str]:
        """The story_ids of the documents already in the file, in order (a document's
        events are consecutive lines; documents without events are not in the file)."""
        ids = super().written_ids()
        return [doc_id for index, doc_id in enumerate(ids) if index == 0 or ids[index - 1] != doc_id]

    def write(self, document: Document, extra: Optional[dict] = None, text: Optional[str] = None) -> None:
        """Append the event records of one Document (`extra`, if any, as each one's `provenance`)."""
        for record in plover_records(document, text):
            if extra:
                record["provenance"] = extra
            self._handle.write(_json_line(record))


def _line_id(line: str, where: str, id_field: str = "doc_id") -> Optional[str]:
    try:
        return json.loads(line).get(id_field)
    except (json.JSONDecodeError, AttributeError):
        raise ValueError(f"{where}: not an output line; cannot resume from this file") from None


class CsvTableWriter(_AtomicFile):
    """One CSV row per item of a Document, for a spreadsheet; the first column is doc_id.

    path (str | Path): the final CSV file.
    resume (bool): keep rows already written; `keep_only` then drops rows of
        documents the JSONL output does not hold.
    """

    columns: tuple = ()
    rows: Callable[[Document, str], Iterable[list]]

    def __init__(self, path: str | Path, resume: bool = False):
        super().__init__(path, resume)
        self._writer = csv.writer(self._handle)
        if not self.resumed:
            self._writer.writerow(self.columns)

    def keep_only(self, doc_ids: set) -> None:
        """Drop rows of documents not in `doc_ids` (written after the JSONL's last line).

        doc_ids (set): ids the JSONL output holds.
        """
        written = {_csv_safe(doc_id) for doc_id in doc_ids}  # as the rows spell them
        self._handle.close()
        kept = self.partial.with_name(self.partial.name + ".kept")
        with self.partial.open(encoding="utf-8", newline="") as source, \
                kept.open("w", encoding="utf-8", newline="") as target:
            rows, writer = csv.reader(source), csv.writer(target)
            next(rows, None)  # the header, written afresh
            writer.writerow(self.columns)
            writer.writerows(row for row in rows if row and row[0] in written)
        os.replace(kept, self.partial)
        self._handle = self.partial.open("a", encoding="utf-8", newline="")
        self._writer = csv.writer(self._handle)

    def write(self, document: Document, text: Optional[str]) -> None:
        """Append the rows of one Document.

        document (Document): the output object.
        text (Optional[str]): the processed text, for the evidence column.
        """
        for row in type(self).rows(document, text or ""):
            self._writer.writerow([_csv_safe(value) for value in row])


def relation_rows(document: Document, text: str) -> Iterable[list]:
    """The CSV rows of a Document's relations, entities by canonical name.

    document (Document): the output object.
    text (str): the processed text, for the evidence sentence (on one line).
    YIELDS (list): one row per relation, in CSV_COLUMNS order.
    """
    entities = {entity.id: entity for entity in document.entities}
    for rel in document.relations:
        head, tail = entities.get(rel.head), entities.get(rel.tail)
        date = entities.get(rel.date) if rel.date else None
        yield [
            document.doc_id, document.doc_date, rel.type, _canonical(head), head.kb_id if head else "",
            _canonical(tail), tail.kb_id if tail else "", rel.negated, rel.mode, rel.role,
            date.text if date else "", (date.value or "") if date else "",
            rel.confidence, evidence_text(text, rel),
        ]


def entity_rows(document: Document, text: str = "") -> Iterable[list]:
    """The CSV rows of a Document's entities, in ENTITY_COLUMNS order."""
    for ent in document.entities:
        yield [document.doc_id, ent.id, ent.label, ent.text, ent.start, ent.end,
               ent.canonical, ent.kb_id, ent.state, ent.value]


def event_rows(document: Document, text: str) -> Iterable[list]:
    """The CSV rows of a Document's events (its interaction relations), in EVENT_COLUMNS order;
    `role` is the relation's, else the office the document gives the source actor."""
    held = offices(document)
    for index, rel in events(document):
        source, recipient = actor(document.entity(rel.head)), actor(document.entity(rel.tail))
        date = document.entity(rel.date)
        yield [
            document.doc_id, document.doc_date, event_id(document, index), rel.type, quad_class(rel.type),
            rel.mode, rel.role or held.get(rel.head), source["canonical"], source["country"],
            source["kb_id"], recipient["canonical"], recipient["country"], recipient["kb_id"],
            rel.negated, rel.modality, date.text if date else None, date.value if date else None,
            rel.confidence, evidence_text(text, rel),
        ]


class RelationsCsvWriter(CsvTableWriter):
    """One row per relation (CSV_COLUMNS)."""

    columns, rows = CSV_COLUMNS, relation_rows


class EntitiesCsvWriter(CsvTableWriter):
    """One row per entity mention (ENTITY_COLUMNS)."""

    columns, rows = ENTITY_COLUMNS, entity_rows


class EventsCsvWriter(CsvTableWriter):
    """One row per event, a dyad table (EVENT_COLUMNS)."""

    columns, rows = EVENT_COLUMNS, event_rows


def _canonical(entity) -> str:
    return "" if entity is None else entity.canonical or entity.text


def _csv_safe(value):
    """Values as text a spreadsheet shows: no lone surrogates, no formula injection."""
    if not isinstance(value, str):
        return "" if value is None else value
    value = value.encode("utf-8", "replace").decode("utf-8")
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
