"""Label Studio: import a JSON export as gold, export documents as tasks.

Import reads the documented export (a list of tasks: `data.text`,
`annotations[].result[]` with `labels` regions and `relation` items) and takes
the first annotation that was not cancelled; tasks with none are skipped unless
`use_predictions` is set, then the first prediction is used.

Conventions beyond the tool's own fields (see also `annotation_tools`):
- doc_id: `data.doc_id`, else `meta.doc_id`, else the task `id`;
  doc_date: `data.doc_date`, else `meta.doc_date`.
- a region's Meta field (`meta.text`, one 'key=value' a line) may set
  canonical, kb_id, state and a DATE's value, e.g. `value=2021-01-01/2021-06-30`.
- a relation's labels: one relation type plus optional `NEGATED`,
  `mode=letter`, `role=president`, `modality=future`; `direction` "right" is from -> to, "left"
  to -> from, "bi" only for a symmetric type. Optional extra fields `date`
  (a DATE region id) and `evidence` ([start, end]) are written by the exporter
  and kept on import.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Optional, Sequence, Union
from xml.sax.saxutils import quoteattr

from ..schema import CONSULT_MODES, ENTITY_LABELS, MODALITIES, RELATION_TYPES, SYMMETRIC_TYPES, Document, GoldDocument
from .annotation_tools import (
    NEGATED_LABEL, Link, Region, build_gold, check_doc_date, check_evidence, check_extras,
    entity_label, fail, parse_meta_lines, parse_relation_labels, span_offsets, trim_span,
)

FROM_NAME = "label"
TO_NAME = "text"
COMMON_ROLES = (
    "leader", "supreme leader", "president", "prime minister", "deputy prime minister",
    "foreign minister", "minister", "spokesperson", "ambassador", "envoy", "founder",
    "chairman", "secretary-general", "director-general",
)
LABEL_COLOURS = {"LEADER": "#e8a33d", "STATE": "#3d8fe8", "ORG": "#5cb85c",
                 "LOCATION": "#9b59b6", "DATE": "#95a5a6"}


def read_labelstudio(path: str | Path, *, use_predictions: bool = False) -> list[GoldDocument]:
    """Read a Label Studio JSON export file as gold documents.

    path (str | Path): the export (a JSON list of tasks).
    use_predictions (bool): take a task's first prediction when it has no annotation.
    RETURNS (list[GoldDocument]): one per annotated task, in file order.
    """
    try:
        tasks = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        fail(str(path), "file", f"not JSON: {err}")
    return import_labelstudio(tasks, use_predictions=use_predictions)


def predicted_only(path: str | Path) -> int:
    """How many tasks of an export hold predictions but no annotation (skipped unless
    predictions are used)."""
    tasks = json.loads(Path(path).read_text(encoding="utf-8"))
    tasks = [tasks] if isinstance(tasks, dict) else tasks if isinstance(tasks, list) else []
    return sum(1 for task in tasks if isinstance(task, dict) and task.get("predictions")
               and _pick_result(task, "", use_predictions=False) is None)


def import_labelstudio(tasks, *, use_predictions: bool = False) -> list[GoldDocument]:
    """Convert Label Studio tasks (the parsed export) into gold documents.

    tasks (list[dict]): the export; a single task dict is accepted too.
    use_predictions (bool): take a task's first prediction when it has no annotation.
    RETURNS (list[GoldDocument]): one per annotated task, in input order.
    """
    tasks = [tasks] if isinstance(tasks, dict) else tasks
    if not isinstance(tasks, list):
        fail("export", "(top level)", f"expected a list of tasks, got {type(tasks).__name__}")
    docs = [task_to_gold(task, index, use_predictions) for index, task in enumerate(tasks)]
    return [doc for doc in docs if doc is not None]


def task_to_gold(task, index: int, use_predictions: bool = False) -> Optional[GoldDocument]:
    """One task as a GoldDocument, or None when it holds no annotation to take.

    task (dict): a Label Studio task.
    index (int): its position in the export, for error messages.
    use_predictions (bool): fall back to the first prediction.
    RETURNS (Optional[GoldDocument]): the document, or None.
    """
    if not isinstance(task, dict):
        fail(f"task {index}", "(task)", f"expected an object, got {type(task).__name__}")
    where = f"task {index} (id {task.get('id')})"
    data, meta = _mapping(task, "data", where), _mapping(task, "meta", where)
    text = data.get("text")
    if not isinstance(text, str):
        fail(where, "data.text", "missing, or not a string")
    found = _pick_result(task, where, use_predictions)
    if found is None:
        return None
    path, result = found
    regions, links = _read_result(result, text, where, path)
    doc_id = data.get("doc_id", meta.get("doc_id", task.get("id")))
    doc_date = check_doc_date(data.get("doc_date", meta.get("doc_date")), where, "data.doc_date")
    return build_gold(text, regions, links, doc_id=doc_id, doc_date=doc_date, where=where)


def _mapping(task: dict, key: str, where: str) -> dict:
    value = task.get(key) or {}
    if not isinstance(value, dict):
        fail(where, key, f"expected an object, got {type(value).__name__}")
    return value


def _pick_result(task: dict, where: str, use_predictions: bool) -> Optional[tuple[str, list]]:
    sources = [("annotations", task.get("annotations") or [])]
    if use_predictions:
        sources.append(("predictions", task.get("predictions") or []))
    for key, items in sources:
        if not isinstance(items, list):
            fail(where, key, "expected a list")
        for number, item in enumerate(items):
            if isinstance(item, dict) and not item.get("was_cancelled"):
                result = item.get("result")
                if not isinstance(result, list):
                    fail(where, f"{key}[{number}].result", "missing, or not a list")
                return f"{key}[{number}].result", result
    return None


def _read_result(result: list, text: str, where: str, path: str) -> tuple[list, list]:
    regions, links = [], []
    for number, item in enumerate(result):
        item_path = f"{path}[{number}]"
        kind = item.get("type") if isinstance(item, dict) else None
        if kind == "labels":
            regions.append(_region(item, text, where, item_path))
        elif kind == "relation":
            links.append(_link(item, text, where, item_path))
        elif not isinstance(item, dict):
            fail(where, item_path, "expected an object")
    return regions, links


def _region(item: dict, text: str, where: str, path: str) -> Region:
    value = item.get("value")
    if not isinstance(value, dict):
        fail(where, f"{path}.value", "missing, or not an object")
    if "id" not in item:
        fail(where, f"{path}.id", "missing")
    labels = value.get("labels")
    if not isinstance(labels, list) or len(labels) != 1:
        fail(where, f"{path}.value.labels", f"expected exactly one label, got {labels!r}")
    label = entity_label(labels[0], where, f"{path}.value.labels")
    start, end = span_offsets(text, value.get("start"), value.get("end"), where, f"{path}.value")
    if "text" in value and value["text"] != text[start:end]:
        fail(where, f"{path}.value.text", f"{value['text']!r} differs from the text at "
             f"[{start}, {end}): {text[start:end]!r}")
    start, end = trim_span(text, start, end, where, f"{path}.value")
    extras = _region_extras(item, where, path)
    return Region(item["id"], start, end, label, path, check_extras(extras, label, where, f"{path}.meta"))


def _region_extras(item: dict, where: str, path: str) -> dict:
    meta = item.get("meta") or {}
    lines = meta.get("text", []) if isinstance(meta, dict) else None
    if isinstance(lines, str):
        lines = [lines]
    if not isinstance(lines, list):
        fail(where, f"{path}.meta", "expected {'text': ['key=value', ...]}")
    return parse_meta_lines(lines, where, f"{path}.meta.text")


def _link(item: dict, text: str, where: str, path: str) -> Link:
    for key in ("from_id", "to_id"):
        if key not in item:
            fail(where, f"{path}.{key}", "missing")
    labels = item.get("labels")
    if not isinstance(labels, list):
        fail(where, f"{path}.labels", f"expected a list of labels, got {labels!r}")
    found = parse_relation_labels(labels, where, f"{path}.labels")
    head, tail = _direction(item, found["type"], where, path)
    return Link(
        head, tail, found["type"], path, negated=found["negated"], mode=found["mode"],
        role=found["role"], modality=found["modality"], date=item.get("date"),
        evidence=check_evidence(item.get("evidence"), text, where, f"{path}.evidence"),
    )


def _direction(item: dict, rel_type: str, where: str, path: str) -> tuple:
    direction = item.get("direction", "right")
    if direction == "right":
        return item["from_id"], item["to_id"]
    if direction == "left":
        return item["to_id"], item["from_id"]
    if direction == "bi" and rel_type in SYMMETRIC_TYPES:
        return item["from_id"], item["to_id"]
    if direction == "bi":
        fail(where, f"{path}.direction", f"'bi' is only for symmetric types "
             f"({', '.join(sorted(SYMMETRIC_TYPES))}), not {rel_type}")
    fail(where, f"{path}.direction", f"expected 'right', 'left' or 'bi', got {direction!r}")


AnyDocument = Union[Document, GoldDocument]


def document_to_task(
    text: str, doc: AnyDocument, *, task_id: Optional[int] = None,
    as_annotation: bool = False, model_version: str = "extractor",
) -> dict:
    """A Label Studio task pre-annotated with a document's entities and relations.

    text (str): the document text the offsets index into.
    doc (Document | GoldDocument): extractor output or gold.
    task_id (Optional[int]): the task id to write.
    as_annotation (bool): write an annotation (gold) instead of a prediction.
    model_version (str): the prediction's model version.
    RETURNS (dict): the task.
    """
    data = {"text": text, "doc_id": doc.doc_id, "doc_date": doc.doc_date}
    task = {"data": data} if task_id is None else {"id": task_id, "data": data}
    if getattr(doc, "error", None):
        task["meta"] = {"error": doc.error}
        return task
    result = [_region_item(ent) for ent in doc.entities]
    result += [_relation_item(rel) for rel in doc.relations]
    if as_annotation:
        task["annotations"] = [{"result": result}]
    else:
        task["predictions"] = [{"model_version": model_version, "score": _score(doc), "result": result}]
    return task


def _region_item(ent) -> dict:
    item = {"id": ent.id, "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels",
            "value": {"start": ent.start, "end": ent.end, "text": ent.text, "labels": [ent.label]}}
    lines = [f"{key}={getattr(ent, key)}" for key in ("kb_id", "state", "value")
             if getattr(ent, key) is not None]
    if ent.canonical != ent.text:
        lines.insert(0, f"canonical={'null' if ent.canonical is None else ent.canonical}")
    if lines:
        item["meta"] = {"text": lines}
    return item


def _relation_item(rel) -> dict:
    labels = [rel.type] + ([NEGATED_LABEL] if rel.negated else [])
    labels += [f"{key}={getattr(rel, key)}" for key in ("mode", "role", "modality") if getattr(rel, key)]
    item = {"from_id": rel.head, "to_id": rel.tail, "type": "relation", "direction": "right",
            "labels": labels, "evidence": list(rel.evidence)}
    if rel.date is not None:
        item["date"] = rel.date
    if getattr(rel, "confidence", None) is not None:
        item["score"] = rel.confidence
    return item


def _score(doc: AnyDocument) -> float:
    scores = [rel.confidence for rel in doc.relations if hasattr(rel, "confidence")]
    return round(sum(scores) / len(scores), 4) if scores else 1.0


def gold_to_tasks(docs: Sequence[GoldDocument]) -> list[dict]:
    """Gold documents as Label Studio tasks with annotations (ids 1..N)."""
    return [document_to_task(doc.text, doc, task_id=number, as_annotation=True)
            for number, doc in enumerate(docs, start=1)]


def predict_tasks(records: Iterable[tuple[str, dict]], *, nlp=None) -> list[dict]:
    """Run the pipeline and write its output as pre-annotated tasks (ids 1..N).

    records (Iterable[tuple[str, dict]]): (text, {'doc_id', 'doc_date'}) pairs.
    nlp (Language): a pipeline; the shipped one when None.
    RETURNS (list[dict]): the tasks with predictions.
    """
    from ..api import extract_many  # the pipeline is loaded only when exporting

    records = list(records)
    docs = extract_many(records, nlp=nlp)
    return [document_to_task(text, doc, task_id=number)
            for number, ((text, _), doc) in enumerate(zip(records, docs), start=1)]


def labeling_config() -> str:
    """The Label Studio labeling config (XML) for the schema's labels and relations.

    RETURNS (str): the `<View>` to paste into the project's Labeling Interface.
    """
    relation_values = list(RELATION_TYPES) + [NEGATED_LABEL]
    relation_values += [f"mode={mode}" for mode in CONSULT_MODES]
    relation_values += [f"role={role}" for role in COMMON_ROLES]
    relation_values += [f"modality={modality}" for modality in MODALITIES]
    relations = "\n".join(f"    <Relation value={quoteattr(value)}/>" for value in relation_values)
    labels = "\n".join(
        f"    <Label value={quoteattr(label)} background={quoteattr(LABEL_COLOURS[label])}/>"
        for label in ENTITY_LABELS)
    return (
        "<View>\n  <Style>.htx-text{ white-space: pre-wrap; }</Style>\n"
        f"  <Relations choice=\"multiple\">\n{relations}\n  </Relations>\n"
        f"  <Labels name=\"{FROM_NAME}\" toName=\"{TO_NAME}\">\n{labels}\n  </Labels>\n"
        f"  <Text name=\"{TO_NAME}\" value=\"$text\"/>\n</View>\n"
    )


def write_tasks(tasks: list[dict], path: str | Path) -> None:
    """Write tasks as a Label Studio JSON import file."""
    Path(path).write_text(json.dumps(tasks, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
