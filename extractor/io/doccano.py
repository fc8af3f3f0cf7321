"""Doccano: import a sequence-labelling export (JSON Lines) as gold.

Two documented export forms are read, one JSON object a line:
- with relations: `{"id", "text", "entities": [{"id", "label", "start_offset",
  "end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}]}`;
- the older span form: `{"id", "text" (or "data"), "label": [[start, end, label]]}`.

Conventions beyond the tool's own fields (see also `annotation_tools`):
- doc_id: the line's `doc_id`, else `meta.doc_id`, else its `id`;
  doc_date: `doc_date`, else `meta.doc_date`.
- an entity object may carry `canonical`, `kb_id`, `state`, `value` keys.
- a relation `type` is a relation type, optionally followed by '|'-separated
  extras: `AID|NEGATED`, `CONSULT|mode=letter`, `LEADER_OF|role=president`, `AID|modality=future`
  (define these as relation types in the Doccano project); a relation object
  may also carry `negated`, `mode`, `role`, `date` (an entity id) and
  `evidence` ([start, end]) keys. Relations always go from -> to.
- `link_states` fills the kb_id (and state, canonical) of a STATE the export leaves
  without one from the KB, as `extractor import doccano` does.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Optional

from ..schema import GoldDocument, GoldRelation
from .annotation_tools import (
    Link, Region, build_gold, check_doc_date, check_evidence, check_extras,
    entity_label, fail, parse_relation_labels, span_offsets, trim_span, META_KEYS,
)

ENTITY_KEYS = ("entities", "label", "labels")


def read_doccano(path: str | Path) -> list[GoldDocument]:
    """Read a Doccano JSONL export file as gold documents.

    path (str | Path): the export, one JSON object a line.
    RETURNS (list[GoldDocument]): one per non-empty line, in file order.
    """
    with Path(path).open(encoding="utf-8") as handle:
        return import_doccano(handle)


def import_doccano(lines: Iterable[str]) -> list[GoldDocument]:
    """Convert the lines of a Doccano export into gold documents.

    lines (Iterable[str]): JSON lines; blank lines are skipped.
    RETURNS (list[GoldDocument]): one per record, in input order.
    """
    docs = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            docs.append(record_to_gold(_parse_line(line, number), number))
    return docs


def _parse_line(line: str, number: int) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        fail(f"line {number}", "(line)", f"not JSON: {err}")
    if not isinstance(record, dict):
        fail(f"line {number}", "(line)", f"expected an object, got {type(record).__name__}")
    return record


def record_to_gold(record: dict, number: int) -> GoldDocument:
    """One Doccano record as a GoldDocument.

    record (dict): the parsed line.
    number (int): its line number, for error messages.
    RETURNS (GoldDocument): the document.
    """
    where = f"line {number} (id {record.get('id')})"
    text = record.get("text", record.get("data"))
    if not isinstance(text, str):
        fail(where, "text", "missing, or not a string")
    meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
    if "entities" in record:
        regions = [_entity_region(item, text, where, f"entities[{i}]")
                   for i, item in enumerate(_list(record, "entities", where))]
    else:
        regions = _span_regions(record, text, where)
    links = [_link(item, text, where, f"relations[{i}]")
             for i, item in enumerate(_list(record, "relations", where))]
    doc_id = record.get("doc_id", meta.get("doc_id", record.get("id")))
    doc_date = check_doc_date(record.get("doc_date", meta.get("doc_date")), where, "doc_date")
    return build_gold(text, regions, links, doc_id=doc_id, doc_date=doc_date, where=where)


def _list(record: dict, key: str, where: str) -> list:
    items = record.get(key) or []
    if not isinstance(items, list):
        fail(where, key, f"expected a list, got {type(items).__name__}")
    return items


def _entity_region(item, text: str, where: str, path: str) -> Region:
    if not isinstance(item, dict):
        fail(where, path, "expected an object")
    for key in ("id", "label", "start_offset", "end_offset"):
        if key not in item:
            fail(where, f"{path}.{key}", "missing")
    label = entity_label(item["label"], where, f"{path}.label")
    start, end = span_offsets(text, item["start_offset"], item["end_offset"], where, path)
    start, end = trim_span(text, start, end, where, path)
    extras = {key: item[key] for key in META_KEYS if key in item}
    return Region(item["id"], start, end, label, path, check_extras(extras, label, where, path))


def _span_regions(record: dict, text: str, where: str) -> list[Region]:
    key = next((key for key in ENTITY_KEYS if key in record), "label")
    regions = []
    for i, item in enumerate(_list(record, key, where)):
        path = f"{key}[{i}]"
        if not isinstance(item, (list, tuple)) or len(item) != 3:
            fail(where, path, f"expected [start, end, label], got {item!r}")
        start, end = trim_span(text, *span_offsets(text, item[0], item[1], where, path), where, path)
        regions.append(Region(i, start, end, entity_label(item[2], where, f"{path}[2]"), path))
    return regions


def _link(item, text: str, where: str, path: str) -> Link:
    if not isinstance(item, dict):
        fail(where, path, "expected an object")
    for key in ("from_id", "to_id", "type"):
        if key not in item:
            fail(where, f"{path}.{key}", "missing")
    labels = str(item["type"]).split("|") + _field_labels(item)
    found = parse_relation_labels(labels, where, f"{path}.type")
    return Link(
        item["from_id"], item["to_id"], found["type"], path, negated=found["negated"],
        mode=found["mode"], role=found["role"], modality=found["modality"], date=item.get("date"),
        evidence=check_evidence(item.get("evidence"), text, where, f"{path}.evidence"),
    )


def _field_labels(item: dict) -> list[str]:
    labels = ["NEGATED"] if item.get("negated") else []
    return labels + [f"{key}={item[key]}" for key in ("mode", "role", "modality") if item.get(key)]


def link_states(docs: list[GoldDocument], kb) -> tuple[list[GoldDocument], int, list[str]]:
    """The documents with each STATE that has no kb_id linked by the KB (its ISO code as
    kb_id and state, its canonical name where the export gave none).

    docs (list[GoldDocument]): imported documents.
    kb (KnowledgeBase): the knowledge base (`extractor.kb.load_kb()`).
    RETURNS (tuple): (documents, how many mentions were filled, texts the KB does not know).
    """
    filled, unknown, out = 0, [], []
    for doc in docs:
        entities = []
        for ent in doc.entities:
            entry = kb.lookup(ent.text, day=doc.doc_date, label="STATE") if ent.label == "STATE" and not ent.kb_id else None
            if entry is not None:
                canonical = entry.canonical if ent.canonical in (None, ent.text) else ent.canonical
                ent = ent.model_copy(update={"kb_id": entry.id, "state": ent.state or entry.id, "canonical": canonical})
                filled += 1
            elif ent.label == "STATE" and not ent.kb_id:
                unknown.append(ent.text)
            entities.append(ent)
        out.append(doc.model_copy(update={"entities": entities}))
    return out, filled, unknown


def document_to_gold(doc, text: str) -> GoldDocument:
    """A predicted Document as a gold document of the same entities and relations (the
    output's extra fields, such as confidence and references, dropped)."""
    data = doc.model_dump()
    relation_keys = set(GoldRelation.model_fields)
    data["relations"] = [{k: v for k, v in rel.items() if k in relation_keys} for rel in data["relations"]]
    data = {k: v for k, v in data.items() if k in GoldDocument.model_fields}
    return GoldDocument.model_validate({**data, "text": text})


def gold_to_doccano(doc: GoldDocument, record_id: Optional[int] = None) -> dict:
    """A gold document as a Doccano record with entities and relations.

    doc (GoldDocument): the document.
    record_id (Optional[int]): the record id; entity ids are the gold ids.
    RETURNS (dict): the record, importable back with `import_doccano`.
    """
    entities = [_entity_record(ent) for ent in doc.entities]
    relations = [_relation_record(number, rel) for number, rel in enumerate(doc.relations, start=1)]
    return {"id": record_id, "text": doc.text, "doc_id": doc.doc_id, "doc_date": doc.doc_date,
            "entities": entities, "relations": relations}


def _entity_record(ent) -> dict:
    record = {"id": ent.id, "label": ent.label, "start_offset": ent.start, "end_offset": ent.end}
    record.update((key, getattr(ent, key)) for key in META_KEYS if getattr(ent, key) is not None)
    if ent.canonical != ent.text:
        record["canonical"] = ent.canonical  # an explicit null: the importer's default is the text
    return record


def _relation_record(number: int, rel) -> dict:
    record = {"id": number, "from_id": rel.head, "to_id": rel.tail, "type": rel.type,
              "evidence": list(rel.evidence)}
    for key in ("negated", "mode", "role", "modality", "date"):
        if getattr(rel, key):
            record[key] = getattr(rel, key)
    return record
