"""What the Label Studio and Doccano importers share: regions and links in the
tools' terms, the conventions for the extras a tool cannot express, and the
step that turns them into a checked GoldDocument.

Conventions (the same for both tools):
- entity ids are e1..eN in text order (start, then end); whitespace a
  selection took along at either end of a region is trimmed off;
- `canonical` defaults to the span text; `kb_id`, `state` and (for DATE)
  `value` are null unless the region carries them (see `parse_meta_lines`);
- a relation's labels hold exactly one relation type, and optionally
  `NEGATED`, `mode=<mode>`, `role=<role>` and `modality=<modality>`;
- `evidence` is the sentence that contains both arguments (the pipeline's own
  sentence splitter), else the span from the first to the last argument
  character; `date` is null unless the relation names a DATE region.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, NoReturn, Optional

from ..components.sentences import sentence_starts
from ..schema import (
    CONSULT_MODES, ENTITY_LABELS, MODALITIES, RELATION_TYPES, SYMMETRIC_TYPES,
    GoldDocument, GoldRelation, Entity, allowed_arguments,
)

META_KEYS = ("canonical", "kb_id", "state", "value")
DATE_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INTERVAL_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}$")
NEGATED_LABEL = "NEGATED"


class AnnotationImportError(ValueError):
    """An annotation export that cannot become gold; names the task and field."""


def fail(where: str, path: str, reason: str) -> NoReturn:
    """Raise an AnnotationImportError 'where: path: reason'.

    where (str): the task, e.g. 'task 2 (id 17)'.
    path (str): the field, e.g. 'annotations[0].result[3].value.labels'.
    reason (str): what is wrong.
    """
    raise AnnotationImportError(f"{where}: {path}: {reason}")


@dataclass
class Region:
    """An entity span as the tool gives it; `key` is the tool's region id."""

    key: object
    start: int
    end: int
    label: str
    path: str
    extras: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.key = str(self.key)  # a tool may write an id as 7 in one place, "7" in another


@dataclass
class Link:
    """A relation as the tool gives it, between region keys."""

    head: object
    tail: object
    type: str
    path: str
    negated: bool = False
    mode: Optional[str] = None
    role: Optional[str] = None
    modality: Optional[str] = None
    date: object = None
    evidence: Optional[tuple] = None


def entity_label(raw, where: str, path: str) -> str:
    """The schema label of a tool label, or an error naming the known ones."""
    label = str(raw).upper()
    if label not in ENTITY_LABELS:
        fail(where, path, f"unknown label {raw!r} (known: {', '.join(ENTITY_LABELS)})")
    return label


def span_offsets(text: str, start, end, where: str, path: str) -> tuple[int, int]:
    """Checked integer offsets of a span inside the text."""
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
        fail(where, path, f"start/end must be integers, got {start!r}/{end!r}")
    if not 0 <= start < end <= len(text):
        fail(where, path, f"span [{start}, {end}) is outside the text (length {len(text)})")
    return start, end


def trim_span(text: str, start: int, end: int, where: str, path: str) -> tuple[int, int]:
    """A region span without the whitespace a selection often takes along."""
    chunk = text[start:end]
    if not chunk.strip():
        fail(where, path, f"span [{start}, {end}) holds only whitespace")
    start += len(chunk) - len(chunk.lstrip())
    return start, start + len(chunk.strip())


def parse_relation_labels(labels: Iterable, where: str, path: str) -> dict:
    """The type and extras of a relation from its labels.

    labels (Iterable): e.g. ['AID', 'NEGATED'] or ['CONSULT', 'mode=letter'].
    RETURNS (dict): keys type, negated, mode, role, modality.
    """
    found = {"type": None, "negated": False, "mode": None, "role": None, "modality": None}
    for raw in labels:
        _apply_relation_label(found, str(raw).strip(), where, path)
    if found["type"] is None:
        fail(where, path, f"no relation type among {list(labels)!r} (known: {', '.join(RELATION_TYPES)})")
    return found


def _apply_relation_label(found: dict, label: str, where: str, path: str) -> None:
    name, _, arg = label.partition("=")
    if label.upper() in RELATION_TYPES:
        if found["type"] is not None:
            fail(where, path, f"two relation types {found['type']!r} and {label!r}")
        found["type"] = label.upper()
    elif label.upper() == NEGATED_LABEL:
        found["negated"] = True
    elif name.strip().lower() == "mode" and arg.strip() in CONSULT_MODES:
        found["mode"] = arg.strip()
    elif name.strip().lower() == "role" and arg.strip():
        found["role"] = arg.strip()
    elif name.strip().lower() == "modality" and arg.strip() in MODALITIES:
        found["modality"] = arg.strip()
    else:
        fail(where, path, f"unknown relation type {label!r} (known: {', '.join(RELATION_TYPES)}, "
             f"{NEGATED_LABEL}, mode=<{'|'.join(CONSULT_MODES)}>, role=<role>, "
             f"modality=<{'|'.join(MODALITIES)}>)")


def parse_meta_lines(lines: Iterable[str], where: str, path: str) -> dict:
    """Entity extras from 'key=value' lines (keys canonical, kb_id, state, value).

    lines (Iterable[str]): lines; a line may hold several separated by newlines.
    RETURNS (dict): the extras given; 'null' or an empty value means None.
    """
    extras = {}
    for line in "\n".join(str(item) for item in lines).splitlines():
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        if not sep or key.strip() not in META_KEYS:
            fail(where, path, f"expected 'key=value' with key in {', '.join(META_KEYS)}, got {line!r}")
        value = value.strip()
        extras[key.strip()] = None if value in ("", "null") else value
    return extras


def check_extras(extras: dict, label: str, where: str, path: str) -> dict:
    """Entity extras limited to META_KEYS, with a DATE value in interval form."""
    unknown = set(extras) - set(META_KEYS)
    if unknown:
        fail(where, path, f"unknown keys {sorted(unknown)} (known: {', '.join(META_KEYS)})")
    value = extras.get("value")
    if value is not None and not INTERVAL_FORMAT.match(str(value)):
        fail(where, path, f"value {value!r} is not an ISO interval YYYY-MM-DD/YYYY-MM-DD")
    if value is not None and label != "DATE":
        fail(where, path, f"only a DATE has a value, not a {label}")
    return extras


def check_doc_date(doc_date, where: str, path: str) -> Optional[str]:
    """A document date in YYYY-MM-DD form, or None."""
    if doc_date is not None and not DATE_FORMAT.match(str(doc_date)):
        fail(where, path, f"doc_date must be YYYY-MM-DD, got {doc_date!r}")
    return doc_date


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The `[start, end)` of each sentence, whitespace trimmed.

    text (str): the document text.
    RETURNS (list[tuple[int, int]]): the sentences in text order.
    """
    bounds = [0] + sentence_starts(text) + [len(text)]
    spans = []
    for start, end in zip(bounds, bounds[1:]):
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        if chunk.strip():
            spans.append((start + lead, start + len(chunk.rstrip())))
    return spans


def evidence_span(sentences: list[tuple[int, int]], low: int, high: int) -> tuple[int, int]:
    """The sentence holding `[low, high)`, else `(low, high)` itself."""
    for start, end in sentences:
        if start <= low and high <= end:
            return (start, end)
    return (low, high)


def build_gold(
    text: str, regions: list[Region], links: list[Link], *, doc_id, doc_date, where: str,
) -> GoldDocument:
    """A GoldDocument from a task's regions and links, checked against the schema.

    text (str): the document text.
    regions (list[Region]): the entity regions.
    links (list[Link]): the relations between region keys.
    doc_id: the document id; doc_date: its date or None.
    where (str): the task, for error messages.
    RETURNS (GoldDocument): entities e1..eN in text order, relations in input order.
    """
    ordered = sorted(regions, key=lambda region: (region.start, region.end, region.label))
    _check_unique(ordered, where)
    ids = {region.key: f"e{number}" for number, region in enumerate(ordered, start=1)}
    entities = [_entity(text, region, ids[region.key]) for region in ordered]
    by_key = {region.key: region for region in ordered}
    sentences = sentence_spans(text)
    relations = [_relation(link, by_key, ids, sentences, where) for link in links]
    return GoldDocument(
        doc_id=None if doc_id is None else str(doc_id), doc_date=doc_date,
        text=text, entities=entities, relations=relations,
    )


def _check_unique(regions: list[Region], where: str) -> None:
    seen = {}
    for region in regions:
        if region.key in seen:
            fail(where, region.path, f"region id {region.key!r} is used twice (also {seen[region.key]})")
        seen[region.key] = region.path
    spans = {}
    for region in regions:
        span = (region.start, region.end, region.label)
        if span in spans:
            fail(where, region.path, f"same span and label as {spans[span]}")
        spans[span] = region.path


def _entity(text: str, region: Region, ent_id: str) -> Entity:
    extras = region.extras
    span_text = text[region.start:region.end]
    return Entity(
        id=ent_id, text=span_text, label=region.label, start=region.start, end=region.end,
        canonical=extras.get("canonical", span_text), kb_id=extras.get("kb_id"),
        state=extras.get("state"), value=extras.get("value"),
    )


def _relation(link: Link, by_key: dict, ids: dict, sentences, where: str) -> GoldRelation:
    head = _region(by_key, link.head, where, link.path, "head")
    tail = _region(by_key, link.tail, where, link.path, "tail")
    _check_arguments(link, head, tail, where)
    date = None if link.date is None else _region(by_key, link.date, where, link.path, "date")
    if date is not None and date.label != "DATE":
        fail(where, link.path, f"date region {link.date!r} is a {date.label}, not a DATE")
    evidence = link.evidence or evidence_span(
        sentences, min(head.start, tail.start), max(head.end, tail.end))
    return GoldRelation(
        type=link.type, head=ids[head.key], tail=ids[tail.key],
        date=None if date is None else ids[date.key], negated=link.negated,
        evidence=tuple(evidence), role=link.role, mode=link.mode, modality=link.modality,
    )


def _region(by_key: dict, key, where: str, path: str, role: str) -> Region:
    key = str(key)
    if key not in by_key:
        fail(where, path, f"{role} region {key!r} does not exist")
    return by_key[key]


def _check_arguments(link: Link, head: Region, tail: Region, where: str) -> None:
    if head.key == tail.key:
        fail(where, link.path, f"head and tail are the same region {head.key!r}")
    heads, tails = allowed_arguments(link.type)
    if head.label not in heads or tail.label not in tails:
        hint = " (is the direction reversed?)" if link.type not in SYMMETRIC_TYPES else ""
        fail(where, link.path, f"{link.type} cannot join {head.label} -> {tail.label}; "
             f"allowed {sorted(heads)} -> {sorted(tails)}{hint}")


def check_evidence(raw, text: str, where: str, path: str) -> Optional[tuple]:
    """An explicit `[start, end)` evidence span, checked, or None."""
    if raw is None:
        return None
    if not isinstance(raw, (list, tuple)) or len(raw) != 2:
        fail(where, path, f"evidence must be [start, end], got {raw!r}")
    return span_offsets(text, raw[0], raw[1], where, path)
