"""Check gold (or batch output) JSON Lines files against the contract, reporting every
problem at once.

Each problem names file, line and field (`gold.jsonl:3: entities[4].start: ...`).
The checks run on the raw JSON, after pydantic's field checks, so one broken field
does not hide the others.
"""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Iterable, NamedTuple, Optional

from pydantic import ValidationError

from .schema import CONSULT_MODES, ENTITY_LABELS, RELATION_TYPES, Document, GoldDocument, allowed_arguments

INTERVAL = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_CODE = re.compile(r"^[A-Z]{3}[A-Z]?$")
# Field errors that the semantic checks below report with a clearer message.
OWN_CHECKS = {("entities", "label"), ("relations", "type")}
KINDS = {"gold": GoldDocument, "output": Document}
PROVENANCE_KEYS = ("source", "notes")  # what `extractor batch --provenance` adds to a Document

Issue = tuple[str, str]  # (field, message)


class Problem(NamedTuple):
    """One contract violation in a gold file."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "document"


def schema_issues(obj: dict, kind: str = "gold") -> list[Issue]:
    """pydantic's field errors of a gold (or output) document, as (field path, message).

    obj (dict): the parsed JSON object.
    kind (str): 'gold' (a GoldDocument) or 'output' (a Document, provenance fields allowed).
    RETURNS (list[Issue]): the issues, minus those the semantic checks report.
    """
    if kind == "output":
        obj = {key: value for key, value in obj.items() if key not in PROVENANCE_KEYS}
    try:
        KINDS[kind].model_validate(obj)
    except ValidationError as err:
        return [
            (_loc(e["loc"]), e["msg"]) for e in err.errors()
            if (e["loc"][0], e["loc"][-1]) not in OWN_CHECKS
        ]
    return []


def interval_issue(value) -> Optional[str]:
    """Why a DATE value is not a well-formed ISO interval, or None when it is.

    value: the value, e.g. '1979-12-01/1979-12-31'.
    RETURNS (Optional[str]): the reason, or None.
    """
    match = INTERVAL.match(value) if isinstance(value, str) else None
    if not match:
        return f"{value!r} is not an ISO interval YYYY-MM-DD/YYYY-MM-DD"
    try:
        first, last = date.fromisoformat(match[1]), date.fromisoformat(match[2])
    except ValueError as err:
        return f"{value!r} holds an impossible date ({err})"
    return f"{value!r} starts after it ends" if first > last else None


def _doc_date_issues(doc_date) -> list[Issue]:
    if doc_date is None:
        return []
    try:
        ok = isinstance(doc_date, str) and DAY.match(doc_date) and date.fromisoformat(doc_date)
    except ValueError:
        ok = False
    return [] if ok else [("doc_date", f"{doc_date!r} is not a date YYYY-MM-DD")]


def _span_issues(ent: dict, where: str, text: Optional[str]) -> list[Issue]:
    start, end, got = ent.get("start"), ent.get("end"), ent.get("text")
    if text is None or not (_is_int(start) and _is_int(end)):
        return []
    if not 0 <= start < end <= len(text):
        return [(f"{where}.start", f"span [{start}, {end}) is not a non-empty span of the text (length {len(text)})")]
    if text[start:end] != got:
        return [(f"{where}.start", f"span [{start}, {end}) cuts {text[start:end]!r} not {got!r}")]
    if got != got.strip():
        return [(f"{where}.text", f"{got!r} starts or ends with whitespace")]
    return []


def _code_issues(ent: dict, where: str) -> list[Issue]:
    fields = ["state"] + (["kb_id"] if ent.get("label") == "STATE" else [])
    return [
        (f"{where}.{name}", f"{ent[name]!r} is not an ISO 3166 alpha-3 code")
        for name in fields
        if isinstance(ent.get(name), str) and not ISO_CODE.match(ent[name])
    ]


def _value_issues(ent: dict, where: str) -> list[Issue]:
    label, value = ent.get("label"), ent.get("value")
    if value is None:
        return []
    if label != "DATE":
        return [(f"{where}.value", f"only DATE entities carry a value, this is a {label}")]
    reason = interval_issue(value)
    return [(f"{where}.value", reason)] if reason else []


def entity_issues(ent: dict, where: str, text: Optional[str]) -> list[Issue]:
    """Label, span, code and value problems of one raw entity.

    ent (dict): the entity object.
    where (str): its field path, e.g. 'entities[4]'.
    text (Optional[str]): the document text, None when missing.
    RETURNS (list[Issue]): the issues.
    """
    issues = []
    if ent.get("label") not in ENTITY_LABELS:
        issues.append((f"{where}.label", f"unknown label {ent.get('label')!r} (known: {', '.join(ENTITY_LABELS)})"))
    return issues + _span_issues(ent, where, text) + _code_issues(ent, where) + _value_issues(ent, where)


def _argument_issues(rel: dict, where: str, ents: dict[str, dict]) -> list[Issue]:
    issues = []
    allowed = dict(zip(("head", "tail"), allowed_arguments(rel["type"])))
    for role in ("head", "tail", "date"):
        ent_id = rel.get(role)
        if ent_id is None and role == "date":
            continue
        ent = ents.get(ent_id) if isinstance(ent_id, str) else None
        labels = allowed.get(role, {"DATE"})
        if ent is None:
            issues.append((f"{where}.{role}", f"dangling id {ent_id!r}: no entity has it"))
        elif ent.get("label") not in labels:
            issues.append((f"{where}.{role}", f"{ent.get('label')} {ent.get('text')!r} ({ent_id}) cannot be "
                           f"the {role} of {rel['type']} (allowed: {', '.join(sorted(labels))})"))
    if rel.get("head") == rel.get("tail"):
        issues.append((f"{where}.tail", "head and tail are the same entity"))
    return issues


def _evidence_issues(rel: dict, where: str, text: Optional[str]) -> list[Issue]:
    evidence = rel.get("evidence")
    if text is None or not (isinstance(evidence, list) and len(evidence) == 2 and all(map(_is_int, evidence))):
        return []
    start, end = evidence
    if 0 <= start < end <= len(text):
        return []
    return [(f"{where}.evidence", f"[{start}, {end}) is not a non-empty span of the text (length {len(text)})")]


def relation_issues(rel: dict, where: str, ents: dict[str, dict], text: Optional[str]) -> list[Issue]:
    """Type, argument, date, evidence and mode problems of one raw relation.

    rel (dict): the relation object.
    where (str): its field path, e.g. 'relations[2]'.
    ents (dict[str, dict]): the document's entities by id.
    text (Optional[str]): the document text, None when missing.
    RETURNS (list[Issue]): the issues.
    """
    if rel.get("type") not in RELATION_TYPES:
        return [(f"{where}.type", f"unknown relation type {rel.get('type')!r}")] + _evidence_issues(rel, where, text)
    issues = _argument_issues(rel, where, ents) + _evidence_issues(rel, where, text)
    mode = rel.get("mode")
    if mode is not None and mode not in CONSULT_MODES:
        issues.append((f"{where}.mode", f"unknown mode {mode!r} (known: {', '.join(CONSULT_MODES)})"))
    return issues


def _entities_by_id(entities: list) -> tuple[dict[str, dict], list[Issue]]:
    by_id, issues = {}, []
    for i, ent in enumerate(entities):
        ent_id = ent.get("id")
        if isinstance(ent_id, str) and ent_id in by_id:
            issues.append((f"entities[{i}].id", f"duplicate id {ent_id!r} (first at entities[{by_id[ent_id][0]}])"))
        elif isinstance(ent_id, str):
            by_id[ent_id] = (i, ent)
    return {k: ent for k, (_, ent) in by_id.items()}, issues


def _overlap_issues(entities: list, text: Optional[str]) -> list[Issue]:
    """Entity spans that overlap an earlier one (mentions never overlap: GUIDELINES.md);
    spans that are broken themselves are reported by `_span_issues` alone."""
    limit = len(text) if text is not None else float("inf")
    spans = sorted((e["start"], i, e["end"]) for i, e in enumerate(entities)
                   if _is_int(e.get("start")) and _is_int(e.get("end")) and 0 <= e["start"] < e["end"] <= limit)
    issues, reach = [], None  # reach: (end, index) of the span reaching furthest so far
    for start, i, end in spans:
        if reach is not None and start < reach[0]:
            other = entities[reach[1]]
            issues.append((f"entities[{i}].start", f"span [{start}, {end}) overlaps entities[{reach[1]}] "
                           f"{other.get('text')!r} [{other['start']}, {other['end']})"))
        if reach is None or end > reach[0]:
            reach = (end, i)
    return sorted(issues)


def _duplicate_relations(relations: list) -> list[Issue]:
    seen, issues = {}, []
    for j, rel in enumerate(relations):
        key = json.dumps(rel, sort_keys=True)
        if key in seen:
            issues.append((f"relations[{j}]", f"duplicate of relations[{seen[key]}]"))
        seen.setdefault(key, j)
    return issues


def _objects(obj: dict, name: str) -> list[dict]:
    items = obj.get(name)
    return [x if isinstance(x, dict) else {} for x in items] if isinstance(items, list) else []


def document_issues(obj: dict, kind: str = "gold") -> list[Issue]:
    """Every problem of one parsed gold (or output) document.

    obj (dict): the parsed JSON object.
    kind (str): 'gold' or 'output' (batch output: no text, so spans are checked only
        for overlaps).
    RETURNS (list[Issue]): (field path, message) pairs, in document order.
    """
    text = obj.get("text") if isinstance(obj.get("text"), str) else None
    entities, relations = _objects(obj, "entities"), _objects(obj, "relations")
    ents, issues = _entities_by_id(entities)
    issues = schema_issues(obj, kind) + _doc_date_issues(obj.get("doc_date")) + issues
    # Non-objects were reported by the schema check; their fields cannot be checked.
    for i, ent in ((i, e) for i, e in enumerate(entities) if e):
        issues += entity_issues(ent, f"entities[{i}]", text)
    issues += _overlap_issues(entities, text)
    for j, rel in ((j, r) for j, r in enumerate(relations) if r):
        issues += relation_issues(rel, f"relations[{j}]", ents, text)
    return issues + _duplicate_relations(relations)


def line_issues(line: str, kind: str = "gold") -> tuple[list[Issue], Optional[str]]:
    """Every problem of one JSONL line, and the document's doc_id.

    line (str): the line.
    kind (str): 'gold' or 'output'.
    RETURNS (tuple): (issues, doc_id or None).
    """
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return [("json", f"not valid JSON: {err.msg} at column {err.colno}")], None
    if not isinstance(obj, dict):
        return [("json", f"a document is a JSON object, not {type(obj).__name__}")], None
    doc_id = obj.get("doc_id") if isinstance(obj.get("doc_id"), str) else None
    return document_issues(obj, kind), doc_id


def validate_file(path: str | Path, seen_ids: Optional[dict[str, str]] = None, kind: str = "gold") -> list[Problem]:
    """Every problem of one gold (or batch output) file.

    path (str | Path): the JSONL file.
    seen_ids (Optional[dict[str, str]]): doc_id -> 'file:line' of documents already
        read, to find doc_ids repeated across files; updated in place.
    kind (str): 'gold' or 'output'.
    RETURNS (list[Problem]): the problems, in file order.
    """
    seen_ids = {} if seen_ids is None else seen_ids
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        return [Problem(str(path), 0, "file", f"cannot read: {err}")]
    problems = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        issues, doc_id = line_issues(line, kind)
        if doc_id is not None and doc_id in seen_ids:
            issues.append(("doc_id", f"duplicate doc_id {doc_id!r} (first at {seen_ids[doc_id]})"))
        elif doc_id is not None:
            seen_ids[doc_id] = f"{path}:{number}"
        problems += [Problem(str(path), number, field, message) for field, message in issues]
    return problems


def validate_files(paths: Iterable[str | Path], kind: str = "gold") -> list[Problem]:
    """Every problem of several gold (or output) files (doc_ids must be unique across them).

    paths (Iterable[str | Path]): the JSONL files.
    kind (str): 'gold' or 'output'.
    RETURNS (list[Problem]): the problems; empty when all files keep the contract.
    """
    seen_ids: dict[str, str] = {}
    return [problem for path in paths for problem in validate_file(path, seen_ids, kind)]


def count_documents(path: str | Path) -> int:
    """The number of non-blank lines (documents) of a JSONL file."""
    return sum(1 for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip())
