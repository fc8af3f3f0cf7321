"""Input records for batch runs: text files, directories, JSON Lines, HTML, stdin.

Readers never raise on bad input: a file or line that cannot be read becomes an
`InputRecord` with `error` set ("<file>:<line>: <reason>"), at its place in the
stream, so the batch can write one output object per input document.

Decisions (see also `extractor batch --help`):
- Text is decoded as UTF-8 (a BOM is dropped); a file that is not valid UTF-8
  is decoded as CP1252, else Latin-1, and the record carries a note saying so.
  A UTF-16 file with a BOM is decoded as UTF-16.
- Line endings are kept as they are (CRLF stays CRLF), so entity offsets index
  the decoded file text exactly, as SCHEMA.md asks ("never a cleaned copy").
- HTML files (.html/.htm/.xhtml) are reduced to their text; offsets then index
  that extracted text, and the record's notes say so.
- Files with NUL bytes or mostly control bytes are refused as binary; files
  (and JSONL lines) over `max_bytes` are refused unread ("over the size budget").
- Anything else raised reading one file or line (MemoryError, RecursionError) is that
  file's or line's error record.
- In a directory, every file matching `glob` is read, recursively, in sorted
  path order; hidden files and directories (a name starting with '.') are skipped.
  Without a `glob`, only DEFAULT_SUFFIXES are read (notes such as `.md` are not articles).
  A file's id is its path relative to the directory (`sub/a.txt`), so `a.txt` and
  `a.html` do not collide.
- An id seen before in the same run gets a note naming where it was first seen.
- JSONL records may name their fields as batch input does (`id`, `text`, `date`) or as
  gold files do (`doc_id`, `text`, `doc_date`); a record with neither id field gets a
  note with the id it is given (`<file stem>:<line>`).
- The publication date: `ReadOptions.doc_date` when given, else the record's date field,
  else the HTML page's metadata, the text's dateline or a date in the file name
  (`io.docdate`); `InputRecord.doc_date_source` says which.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Optional

from ..budget import size_error
from .decoding import InputError, decode_bytes, replace_surrogates
from .docdate import infer_doc_date
from .html import html_to_text

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
DEFAULT_SUFFIXES = frozenset({".txt", ".html", ".htm", ".jsonl"})
ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ]\d\d:\d\d[^\s]*)?$")  # a day, or an ISO datetime
HTML_NOTE = "html: offsets index the text extracted from the HTML, not the file"
ID_FIELDS = ("id", "doc_id")  # batch input and gold files name these fields differently
DATE_FIELDS = ("date", "doc_date")


@dataclass
class InputRecord:
    """One input document, or the error that stopped it from being read.

    doc_id (str): the id written to the output.
    text (Optional[str]): the text to process; None when `error` is set.
    doc_date (Optional[str]): publication date YYYY-MM-DD, or None.
    doc_date_source (Optional[str]): where the date came from: given, metadata, dateline, filename.
    source (str): where it came from: a path, or 'path:line' for JSONL.
    error (Optional[str]): '<source>: <reason>' when the document is unreadable.
    notes (list[str]): warnings about how it was read (encoding fallback, HTML).
    """

    doc_id: str
    text: Optional[str] = None
    doc_date: Optional[str] = None
    doc_date_source: Optional[str] = None
    source: str = ""
    error: Optional[str] = None
    notes: list = field(default_factory=list)


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read.

    glob (Optional[str]): file pattern inside directories, matched recursively; None reads
        the files with DEFAULT_SUFFIXES.
    id_field (str): JSONL field holding the document id.
    text_field (str): JSONL field holding the text.
    date_field (str): JSONL field holding the optional date.
    max_bytes (int): largest file (or JSONL line) read, in bytes.
    skip (frozenset): resolved paths never read from directories (the run's own outputs).
    doc_date (Optional[str]): the publication date of every document (YYYY-MM-DD), over any
        date a document gives.
    """

    glob: Optional[str] = None
    id_field: str = "id"
    text_field: str = "text"
    date_field: str = "date"
    max_bytes: int = DEFAULT_MAX_BYTES
    skip: frozenset = frozenset()
    doc_date: Optional[str] = None


def normalise_date(value) -> tuple[Optional[str], list[str]]:
    """A record's date as YYYY-MM-DD (an ISO datetime is cut to its date); a value that is
    no date gives a warning note and no date.

    value: the raw field value.
    RETURNS (tuple): (date or None, notes explaining a dropped value).
    """
    if value is None or value == "":
        return None, []
    match = ISO_DATE.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        return None, [f"date: {value!r} is not a YYYY-MM-DD date; ignored"]
    try:
        return date.fromisoformat(match.group(1)).isoformat(), []
    except ValueError:
        return None, [f"date: {match.group(1)} is not a calendar date; ignored"]


def read_inputs(inputs: Iterable[str], options: ReadOptions = ReadOptions()) -> Iterator[InputRecord]:
    """Stream the documents of all inputs, in order.

    inputs (Iterable[str]): file paths, directory paths, or '-' for stdin.
    options (ReadOptions): globbing, JSONL field names and the size limit.
    YIELDS (InputRecord): one per document, with `error` set where unreadable; one whose
        id an earlier record has gets a note saying so.
    """
    return _flag_duplicate_ids(_read_all(inputs, options))


def _read_all(inputs: Iterable[str], options: ReadOptions) -> Iterator[InputRecord]:
    for name in inputs:
        if name == "-":
            yield from read_stdin(options)
            continue
        path = Path(name)
        if path.is_dir():
            for file_path in _walk(path, options.glob, options.skip):
                yield from read_file(file_path, options, _relative_id(file_path, path))
        else:
            yield from read_file(path, options, path.stem)


def _flag_duplicate_ids(records: Iterator[InputRecord]) -> Iterator[InputRecord]:
    """The records, a note on each whose id was seen before (joins key on ids)."""
    first_seen: dict[str, str] = {}
    for record in records:
        if record.doc_id in first_seen:
            record.notes.append(f"duplicate id {record.doc_id!r} (first at {first_seen[record.doc_id]})")
        else:
            first_seen[record.doc_id] = record.source
        yield record


def _walk(root: Path, pattern: Optional[str], skip: frozenset) -> list[Path]:
    found = root.rglob(pattern) if pattern else (p for p in root.rglob("*") if p.suffix.lower() in DEFAULT_SUFFIXES)
    paths = (p for p in found if p.is_file() and p.resolve() not in skip)
    visible = (p for p in paths if not any(part.startswith(".") for part in p.relative_to(root).parts))
    return sorted(visible)


def _relative_id(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def read_file(path: Path, options: ReadOptions, doc_id: str) -> Iterator[InputRecord]:
    """The documents of one file: one for text/HTML, one a line for JSONL.

    path (Path): the file.
    options (ReadOptions): how to read it.
    doc_id (str): the id of a text/HTML document (JSONL records bring their own).
    YIELDS (InputRecord): its documents.
    """
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        try:
            handle = path.open("rb")
        except OSError as err:
            yield _error(doc_id, str(path), f"cannot open: {err.strerror or err}")
            return
        with handle:
            yield from read_jsonl(handle, str(path), options)
        return
    yield _read_text_file(path, options, doc_id, html=suffix in HTML_SUFFIXES)


def _read_text_file(path: Path, options: ReadOptions, doc_id: str, html: bool) -> InputRecord:
    try:
        return _text_record(path, options, doc_id, html)
    except Exception as err:  # MemoryError, RecursionError, a bug: this file's error record
        return _error(doc_id, str(path), f"cannot read: {type(err).__name__}: {err}")


def _text_record(path: Path, options: ReadOptions, doc_id: str, html: bool) -> InputRecord:
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            raise InputError(size_error(options.max_bytes, f"file of {size} bytes"))
        text, notes = decode_bytes(path.read_bytes())
    except OSError as err:
        return _error(doc_id, str(path), f"cannot read: {err.strerror or err}")
    except InputError as err:
        return _error(doc_id, str(path), str(err))
    page = text if html else None
    if html:
        text, notes = html_to_text(text), notes + [HTML_NOTE]
    return dated(InputRecord(doc_id=doc_id, text=text, source=str(path), notes=notes), options, page, path.name)


def dated(record: InputRecord, options: ReadOptions, page: Optional[str] = None,
          file_name: Optional[str] = None) -> InputRecord:
    """The record with its publication date: the one given for the run, its own, else one
    read from the page, the text or the file name (see `io.docdate`)."""
    if options.doc_date:
        record.doc_date, record.doc_date_source = options.doc_date, "given"
    elif record.doc_date:
        record.doc_date_source = "given"
    elif record.text is not None:
        found = infer_doc_date(record.text, page, file_name)
        if found is not None:
            record.doc_date, record.doc_date_source = found
    return record


def read_stdin(options: ReadOptions, stream: Optional[BinaryIO] = None) -> Iterator[InputRecord]:
    """Standard input: JSON Lines when its first non-blank byte is '{', else one text.

    options (ReadOptions): how to read it.
    stream (Optional[BinaryIO]): the byte stream; sys.stdin's buffer when None.
    YIELDS (InputRecord): its documents (doc_id 'stdin' for a single text).
    """
    stream = stream or sys.stdin.buffer
    head = stream.read(options.max_bytes + 1)
    if head.lstrip()[:1] == b"{":
        yield from read_jsonl(_Chained(head, stream), "<stdin>", options)
    elif len(head) > options.max_bytes:
        yield _error("stdin", "<stdin>", size_error(options.max_bytes, "input too large"))
    else:
        try:
            text, notes = decode_bytes(head)
        except InputError as err:
            yield _error("stdin", "<stdin>", str(err))
            return
        yield dated(InputRecord(doc_id="stdin", text=text, source="<stdin>", notes=notes), options)


class _Chained:
    """A byte stream that first replays bytes already read from another."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head, self._rest = head, rest

    def readline(self, limit: int = -1) -> bytes:
        if not self._head:
            return self._rest.readline(limit)
        end = self._head.find(b"\n")
        cut = len(self._head) if end < 0 else end + 1
        if 0 <= limit < cut:
            cut = limit
        line, self._head = self._head[:cut], self._head[cut:]
        if not line.endswith(b"\n") and not self._head and (limit < 0 or len(line) < limit):
            line += self._rest.readline(-1 if limit < 0 else limit - len(line))
        return line


def read_jsonl(handle, source: str, options: ReadOptions) -> Iterator[InputRecord]:
    """The documents of a JSON Lines byte stream, one a non-blank line.

    handle: a binary stream with `readline(limit)`.
    source (str): the file name used in ids and errors.
    options (ReadOptions): field names and the per-line size limit.
    YIELDS (InputRecord): one per line, with `error` set for broken lines.
    """
    stem = Path(source).stem if source != "<stdin>" else "stdin"
    for number, raw in _lines(handle, options.max_bytes):
        where = f"{source}:{number}"
        if raw is None:
            yield _error(f"{stem}:{number}", where, size_error(options.max_bytes, "line too long"))
        elif raw.strip():
            yield _jsonl_record(raw, where, f"{stem}:{number}", options)


def _lines(handle, max_bytes: int) -> Iterator[tuple[int, Optional[bytes]]]:
    """Numbered lines, None for one longer than max_bytes (consumed, not kept)."""
    number = 0
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = handle.readline(max_bytes + 1)
            yield number, None
        else:
            yield number, line


def _jsonl_record(raw: bytes, where: str, fallback_id: str, options: ReadOptions) -> InputRecord:
    try:
        return _parse_jsonl_line(raw, where, fallback_id, options)
    except Exception as err:  # MemoryError, a bug: this line's error record
        return _error(fallback_id, where, f"cannot read: {type(err).__name__}: {err}")


def _parse_jsonl_line(raw: bytes, where: str, fallback_id: str, options: ReadOptions) -> InputRecord:
    try:
        line, notes = decode_bytes(raw)
        record = json.loads(line.rstrip("\r\n"))  # else an error at the end reads "column 1"
    except InputError as err:
        return _error(fallback_id, where, str(err))
    except json.JSONDecodeError as err:
        return _error(fallback_id, where, f"broken JSON line: {err.msg} at column {err.colno}")
    except RecursionError:  # json.loads recurses once per nesting level
        return _error(fallback_id, where, "broken JSON line: nested too deeply")
    if not isinstance(record, dict):
        return _error(fallback_id, where, f"a JSON object is needed, not {type(record).__name__}")
    doc_id = _field(record, options.id_field, ID_FIELDS)
    doc_id = fallback_id if doc_id is None or doc_id == "" else str(doc_id)
    text = record.get(options.text_field)
    if not isinstance(text, str):
        found = "missing" if text is None else f"of type {type(text).__name__}"
        return _error(doc_id, where, f"field {options.text_field!r} must be a string, is {found}")
    doc_date, date_notes = normalise_date(_field(record, options.date_field, DATE_FIELDS))
    if not any(name in record for name in (options.id_field, *ID_FIELDS)):
        date_notes.append(f"no 'id' or 'doc_id' field: id {doc_id}")
    text, text_notes = replace_surrogates(text)
    return dated(InputRecord(doc_id=doc_id, text=text, doc_date=doc_date, source=where,
                             notes=notes + date_notes + text_notes), options)


def _field(record: dict, name: str, aliases: tuple) -> object:
    """A record's field by its configured name, else by the batch or gold name of it."""
    if record.get(name) not in (None, ""):
        return record[name]
    return next((record[alias] for alias in aliases if record.get(alias) not in (None, "")), None)


def _error(doc_id: str, source: str, reason: str) -> InputRecord:
    return InputRecord(doc_id=doc_id, source=source, error=f"{source}: {reason}")
