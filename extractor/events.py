"""Events: a Document's interaction relations as the event data of the field reads them.

An event is a relation of an INTERACTION_TYPES type; its head is the source actor and its
tail the recipient. `plover_record` writes one as a PLOVER/NGEC-style event record;
`quad_class` gives a relation type's PLOVER quad class (data/plover/quad_classes.json:
verbal or material cooperation or conflict, and 'affiliation' for LEADER_OF and OFFICIAL_OF).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

from .schema import INTERACTION_TYPES, STATIC_TYPES, Document, Entity, Relation

QUAD_CLASSES = Path(__file__).resolve().parent / "data" / "plover" / "quad_classes.json"


@lru_cache(maxsize=1)
def quad_classes() -> dict[str, dict]:
    """The quad classes by name, each with its `label`, `colour` and relation `types`."""
    return json.loads(QUAD_CLASSES.read_text(encoding="utf-8"))["classes"]


def quad_class(rel_type: str) -> str:
    """The quad class name of a relation type, e.g. 'material_conflict' for SANCTION."""
    for name, spec in quad_classes().items():
        if rel_type in spec["types"]:
            return name
    raise KeyError(f"relation type {rel_type!r} has no quad class in {QUAD_CLASSES.name}")


def events(document: Document) -> Iterator[tuple[int, Relation]]:
    """(index in `document.relations`, relation) of each event of a Document."""
    for index, rel in enumerate(document.relations):
        if rel.type in INTERACTION_TYPES:
            yield index, rel


def event_id(document: Document, index: int) -> str:
    """A record id stable across runs: the document id and the relation's index."""
    return f"{document.doc_id}:r{index + 1}"


def evidence_text(text: str, rel: Relation) -> str:
    """The evidence of a relation on one line."""
    return " ".join(text[rel.evidence[0]:rel.evidence[1]].split())


def actor(entity: Optional[Entity]) -> dict:
    """An actor as event records give it: its text, canonical name, label, ISO3 country, kb id."""
    if entity is None:
        return {"text": None, "canonical": None, "label": None, "country": None, "kb_id": None}
    return {"text": entity.text, "canonical": entity.canonical or entity.text, "label": entity.label,
            "country": entity.state, "kb_id": entity.kb_id}


def offices(document: Document) -> dict[str, str]:
    """Entity id -> the office the document gives it (the role of its LEADER_OF/OFFICIAL_OF)."""
    found = {}
    for rel in document.relations:
        if rel.type in STATIC_TYPES and rel.role:
            found.setdefault(rel.head, rel.role)
    return found


def plover_record(document: Document, index: int, text: str) -> dict:
    """One event as a PLOVER/NGEC-style record (README, 'Event data exports').

    document (Document): the output object.
    index (int): the event's index in `document.relations`.
    text (str): the processed text, for `event_text`.
    RETURNS (dict): the record.
    """
    rel = document.relations[index]
    date = document.entity(rel.date)
    day = date.value.split("/")[0] if date is not None and date.value else None
    return {
        "id": event_id(document, index), "story_id": document.doc_id,
        "date": day or document.doc_date, "date_source": "text" if day else "doc_date",
        "date_interval": date.value if date is not None else None, "pub_date": document.doc_date,
        "event_type": rel.type, "quad_class": quad_class(rel.type), "event_mode": rel.mode,
        "event_text": evidence_text(text, rel), "source": actor(document.entity(rel.head)),
        "recipient": actor(document.entity(rel.tail)), "confidence": rel.confidence,
        "negated": rel.negated, "modality": rel.modality,
    }


def plover_records(document: Document, text: Optional[str]) -> list[dict]:
    """The PLOVER records of a Document's events; a failed document's one error record.

    document (Document): the output object.
    text (Optional[str]): the processed text.
    RETURNS (list[dict]): one record per event, in relation order.
    """
    if document.error is not None:
        return [{"id": None, "story_id": document.doc_id, "error": document.error}]
    return [plover_record(document, index, text or "") for index, _ in events(document)]
