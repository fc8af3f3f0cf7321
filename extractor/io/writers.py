"""Output files of batch runs: Documents as JSON Lines, relations as CSV.

Both writers write to `<name>.partial` next to the target and rename it into
place (`os.replace`, atomic on one file system) only when `close()` is called
after a complete run. An interrupted run leaves the `.partial` file, never a
truncated file under the final name; opening with `resume=True` keeps the
complete lines of an existing `.partial` (or of a finished output) and appends.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path
from typing import Iterable, Optional

from ..schema import Document

PARTIAL_SUFFIX = ".partial"
CSV_COLUMNS = (
    "doc_id", "type", "head", "head_kb_id", "tail", "tail_kb_id", "negated",
    "date", "date_value", "confidence", "evidence",
)


def partial_path(path: str | Path) -> Path:
    """The temporary file a writer fills before renaming it to `path`.

    path (str | Path): the final output path.
    RETURNS (Path): `path` with '.partial' appended.
    """
    path = Path(path)
    return path.with_name(path.name + PARTIAL_SUFFIX)


def document_line(document: Document, extra: Optional[dict] = None) -> str:
    """One JSON line for a Document, fields in schema order, extras appended.

    document (Document): the output object.
    extra (Optional[dict]): additional fields written after the schema's.
    RETURNS (str): the JSON text with a trailing newline.
    """
    data = document.model_dump(mode="json")
    data.update(extra or {})
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
        self.resumed = self._prepare(resume)
        self._handle = self.partial.open("a" if self.resumed else "w", encoding="utf-8", newline="")

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

    def abandon(self) -> None:
        """Stop without renaming: the `.partial` file stays for `resume`."""
        self._handle.flush()
        self._handle.close()


class JsonlWriter(_AtomicFile):
    """Documents as JSON Lines, written atomically, resumable by doc_id.

    path (str | Path): the final output file.
    resume (bool): keep documents already written by an interrupted run.
    """

    def written_ids(self) -> set[str]:
        """The doc_ids already in the file (after resuming), to be skipped.

        RETURNS (set[str]): the ids.
        """
        ids = set()
        with self.partial.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    ids.add(_line_id(line, f"{self.partial}:{number}"))
        return ids

    def write(self, document: Document, extra: Optional[dict] = None) -> None:
        """Append one Document.

        document (Document): the output object.
        extra (Optional[dict]): additional fields written after the schema's.
        """
        self._handle.write(document_line(document, extra))


def _line_id(line: str, where: str) -> Optional[str]:
    try:
        return json.loads(line).get("doc_id")
    except (json.JSONDecodeError, AttributeError):
        raise ValueError(f"{where}: not an output line; cannot resume from this file") from None


class RelationsCsvWriter(_AtomicFile):
    """One CSV row per relation, for a spreadsheet (columns CSV_COLUMNS).

    path (str | Path): the final CSV file.
    resume (bool): keep rows already written; `keep_only` then drops rows of
        documents the JSONL output does not hold.
    """

    def __init__(self, path: str | Path, resume: bool = False):
        super().__init__(path, resume)
        self._writer = csv.writer(self._handle)
        if not self.resumed:
            self._writer.writerow(CSV_COLUMNS)

    def keep_only(self, doc_ids: set) -> None:
        """Drop rows of documents not in `doc_ids` (written after the JSONL's last line).

        doc_ids (set): ids the JSONL output holds.
        """
        self._handle.close()
        kept = self.partial.with_name(self.partial.name + ".kept")
        with self.partial.open(encoding="utf-8", newline="") as source, \
                kept.open("w", encoding="utf-8", newline="") as target:
            rows, writer = csv.reader(source), csv.writer(target)
            next(rows, None)  # the header, written afresh
            writer.writerow(CSV_COLUMNS)
            writer.writerows(row for row in rows if row and row[0] in doc_ids)
        os.replace(kept, self.partial)
        self._handle = self.partial.open("a", encoding="utf-8", newline="")
        self._writer = csv.writer(self._handle)

    def write(self, document: Document, text: Optional[str]) -> None:
        """Append the rows of one Document's relations.

        document (Document): the output object.
        text (Optional[str]): the processed text, for the evidence column.
        """
        for row in relation_rows(document, text or ""):
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
            document.doc_id, rel.type, _canonical(head), head.kb_id if head else "",
            _canonical(tail), tail.kb_id if tail else "", rel.negated,
            date.text if date else "", (date.value or "") if date else "",
            rel.confidence, " ".join(text[rel.evidence[0]:rel.evidence[1]].split()),
        ]


def _canonical(entity) -> str:
    return "" if entity is None else entity.canonical or entity.text


def _csv_safe(value):
    """Values as text a spreadsheet shows: no lone surrogates, no formula injection."""
    if not isinstance(value, str):
        return "" if value is None else value
    value = value.encode("utf-8", "replace").decode("utf-8")
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
