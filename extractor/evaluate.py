"""The scorer of SCHEMA.md 'Scoring': pure functions over gold and predicted Documents.

Entities are scored strict (exact span and label) and lenient (overlapping span,
same label); STATE linking and DATE values as accuracies over gold mentions;
relations at document level, as (type, head entity, tail entity, negated) tuples
over the gold entities. Nothing here needs spaCy except `predict`.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

from pydantic import ValidationError

from .gold import read_gold
from .schema import ENTITY_LABELS, RELATION_TYPES, SYMMETRIC_TYPES, Document, Entity, GoldDocument

Pair = tuple[GoldDocument, Document]


@dataclass
class PRF:
    """True positive, false positive and false negative counts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def as_dict(self) -> dict:
        """RETURNS (dict): p, r, f (0.0 where undefined) and the three counts."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": p, "r": r, "f": f, "tp": self.tp, "fp": self.fp, "fn": self.fn}


def _overlap(a: Entity, b: Entity) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _exact(a: Entity, b: Entity) -> bool:
    return a.start == b.start and a.end == b.end


def match_entities(gold: Sequence[Entity], pred: Sequence[Entity], lenient: bool) -> list[tuple[int, int]]:
    """One-to-one pairs of same-label mentions: exact spans first, then (lenient) overlaps.

    gold (Sequence[Entity]): the gold mentions.
    pred (Sequence[Entity]): the system mentions.
    lenient (bool): also pair overlapping spans, largest overlap first.
    RETURNS (list[tuple[int, int]]): (gold index, system index) pairs.
    """
    candidates = sorted(
        (not _exact(g, p), -_overlap(g, p), i, j)
        for i, g in enumerate(gold) for j, p in enumerate(pred)
        if g.label == p.label and (_exact(g, p) or (lenient and _overlap(g, p) > 0))
    )
    used_gold, used_pred, pairs = set(), set(), []
    for _, _, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return pairs


def counterpart(mention: Entity, others: Sequence[Entity]) -> Optional[Entity]:
    """The mention of `others` that stands for `mention`: exact span (any label),
    else the largest overlap with the same label.

    mention (Entity): the mention to match.
    others (Sequence[Entity]): the mentions of the other side.
    RETURNS (Optional[Entity]): the match, or None.
    """
    exact = [o for o in others if _exact(o, mention)]
    if exact:
        return exact[0]
    overlapping = [o for o in others if o.label == mention.label and _overlap(o, mention) > 0]
    return max(overlapping, key=lambda o: _overlap(o, mention), default=None)


def entity_key(ent: Entity) -> tuple:
    """The gold entity a gold mention belongs to: kb_id for a STATE, else the canonical."""
    if ent.label == "STATE" and ent.kb_id:
        return ("kb", ent.kb_id)
    return (ent.label, ent.canonical or ent.text)


def relation_key(rel_type: str, head: tuple, tail: tuple, negated: bool) -> tuple:
    """A relation tuple; symmetric types put their arguments in a fixed order."""
    if rel_type in SYMMETRIC_TYPES:
        head, tail = sorted((head, tail))
    return (rel_type, head, tail, bool(negated))


def gold_relations(doc: GoldDocument) -> dict[tuple, object]:
    """The gold relation tuples of a document, each with its first relation.

    doc (GoldDocument): the gold document.
    RETURNS (dict): relation tuple -> the first GoldRelation that states it.
    """
    keys = {ent.id: entity_key(ent) for ent in doc.entities}
    return _relation_tuples(doc.relations, keys)


def system_relations(gold: GoldDocument, pred: Document) -> dict[tuple, object]:
    """The system relation tuples of a document, over the gold entities.

    gold (GoldDocument): the gold document, whose mentions define the entities.
    pred (Document): the system document.
    RETURNS (dict): relation tuple -> the first system Relation that states it.
    """
    keys = {}
    for ent in pred.entities:
        match = counterpart(ent, gold.entities)
        keys[ent.id] = entity_key(match) if match else ("unmatched", ent.id)
    return _relation_tuples(pred.relations, keys)


def _relation_tuples(relations, keys: dict) -> dict[tuple, object]:
    """Relation tuple -> the first relation that states it (duplicates count once)."""
    found: dict = {}
    for rel in relations:
        head = keys.get(rel.head, ("dangling", rel.head))
        tail = keys.get(rel.tail, ("dangling", rel.tail))
        found.setdefault(relation_key(rel.type, head, tail, rel.negated), rel)
    return found


def pair_documents(gold_docs: Sequence[GoldDocument], pred_docs: Sequence[Document]) -> list[Pair]:
    """Pair each gold document with its prediction: by doc_id, else by position.

    gold_docs (Sequence[GoldDocument]): the gold.
    pred_docs (Sequence[Document]): the predictions.
    RETURNS (list[Pair]): (gold, prediction) in gold order.
    """
    by_id = {d.doc_id: d for d in pred_docs if d.doc_id is not None}
    if gold_docs and all(g.doc_id in by_id for g in gold_docs):
        return [(g, by_id[g.doc_id]) for g in gold_docs]
    conflicts = [
        (g.doc_id, p.doc_id) for g, p in zip(gold_docs, pred_docs)
        if g.doc_id and p.doc_id and g.doc_id != p.doc_id
    ]
    if len(gold_docs) != len(pred_docs) or conflicts:
        missing = [g.doc_id for g in gold_docs if g.doc_id not in by_id]
        raise ValueError(
            f"cannot pair {len(gold_docs)} gold with {len(pred_docs)} predicted documents: "
            f"no prediction for doc_id {missing}"
        )
    return list(zip(gold_docs, pred_docs))


def _count_entities(pairs: Iterable[Pair], lenient: bool) -> dict[str, PRF]:
    per_label: dict[str, PRF] = defaultdict(PRF)
    for gold, pred in pairs:
        matched = match_entities(gold.entities, pred.entities, lenient)
        for i, _ in matched:
            per_label[gold.entities[i].label].tp += 1
        for ent in _unmatched(gold.entities, {i for i, _ in matched}):
            per_label[ent.label].fn += 1
        for ent in _unmatched(pred.entities, {j for _, j in matched}):
            per_label[ent.label].fp += 1
    return per_label


def _unmatched(ents: Sequence[Entity], used: set) -> list[Entity]:
    return [ent for i, ent in enumerate(ents) if i not in used]


def _accuracy(pairs: Iterable[Pair], label: str, attr: str) -> tuple[int, int]:
    correct = total = 0
    for gold, pred in pairs:
        for ent in (e for e in gold.entities if e.label == label):
            match = counterpart(ent, pred.entities)
            total += 1
            correct += match is not None and getattr(match, attr) == getattr(ent, attr)
    return correct, total


def _count_relations(pairs: Iterable[Pair]) -> dict[str, PRF]:
    per_type: dict[str, PRF] = defaultdict(PRF)
    for gold, pred in pairs:
        gold_keys, pred_keys = set(gold_relations(gold)), set(system_relations(gold, pred))
        for key in gold_keys & pred_keys:
            per_type[key[0]].tp += 1
        for key in gold_keys - pred_keys:
            per_type[key[0]].fn += 1
        for key in pred_keys - gold_keys:
            per_type[key[0]].fp += 1
    return per_type


def _flat(prefix: str, per_key: dict[str, PRF]) -> dict:
    micro = PRF(*(sum(getattr(c, n) for c in per_key.values()) for n in ("tp", "fp", "fn")))
    scores = micro.as_dict()
    out = {f"{prefix}_micro_{k}": scores[k] for k in ("p", "r", "f", "tp", "fp", "fn")}
    order = RELATION_TYPES if prefix == "rel" else ENTITY_LABELS
    ordered = sorted(per_key, key=lambda k: (order.index(k) if k in order else len(order), k))
    out[f"{prefix}_per_{'type' if prefix == 'rel' else 'label'}"] = {k: per_key[k].as_dict() for k in ordered}
    return out


def score(gold_docs: Sequence[GoldDocument], pred_docs: Sequence[Document]) -> dict:
    """Score predictions against gold as SCHEMA.md 'Scoring' says.

    gold_docs (Sequence[GoldDocument]): the gold documents.
    pred_docs (Sequence[Document]): the predictions, paired by doc_id, else by position.
    RETURNS (dict): flat keys ents_micro_p/r/f, ents_per_label, ents_lenient_micro_p/r/f,
        ents_lenient_per_label, linking_accuracy, date_accuracy (None without gold
        mentions), rel_micro_p/r/f, rel_per_type, with tp/fp/fn counts throughout.
    """
    pairs = pair_documents(gold_docs, pred_docs)
    report = {"n_docs": len(pairs)}
    report.update(_flat("ents", _count_entities(pairs, lenient=False)))
    report.update(_flat("ents_lenient", _count_entities(pairs, lenient=True)))
    for name, label, attr in (("linking", "STATE", "kb_id"), ("date", "DATE", "value")):
        correct, total = _accuracy(pairs, label, attr)
        report[f"{name}_accuracy"] = correct / total if total else None
        report[f"{name}_correct"], report[f"{name}_total"] = correct, total
    report.update(_flat("rel", _count_relations(pairs)))
    return report


def read_predictions(path: str | Path) -> list[Document]:
    """Read predicted Documents from a JSON Lines file.

    path (str | Path): the file, one output Document a line.
    RETURNS (list[Document]): the documents in file order.
    """
    docs = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                docs.append(Document.model_validate(json.loads(line)))
            except (json.JSONDecodeError, ValidationError) as err:
                raise ValueError(f"{path}:{number}: not an output Document: {err}") from None
    return docs


def predict(gold_docs: Sequence[GoldDocument], model: str | Path | None = None,
            parser: bool = False) -> list[Document]:
    """Run the pipeline on the gold texts, with their doc_id and doc_date.

    gold_docs (Sequence[GoldDocument]): the gold documents.
    model (str | Path | None): a pipeline directory; the shipped one when None.
    parser (bool): with the optional parser (relation roles from a dependency parse).
    RETURNS (list[Document]): one prediction per gold document.
    """
    from .api import extract_many
    from .pipeline import load

    records = ((d.text, {"doc_id": d.doc_id, "doc_date": d.doc_date}) for d in gold_docs)
    return list(extract_many(records, nlp=load(model, parser=parser)))


def load_pair(
    gold_paths: Sequence[str | Path], pred_path: str | Path | None = None,
    model: str | Path | None = None, parser: bool = False,
) -> tuple[list[GoldDocument], list[Document]]:
    """Read the gold files and the predictions (or make them with the pipeline).

    gold_paths (Sequence[str | Path]): gold JSONL files.
    pred_path (str | Path | None): predicted Documents; None runs the pipeline.
    model (str | Path | None): the pipeline to run when pred_path is None.
    parser (bool): run it with the optional parser.
    RETURNS (tuple): (gold documents, predicted documents).
    """
    gold = [doc for path in gold_paths for doc in read_gold(path)]
    pred = read_predictions(pred_path) if pred_path else predict(gold, model, parser)
    return gold, pred


def evaluate(
    gold_paths: Sequence[str | Path], pred_path: str | Path | None = None,
    model: str | Path | None = None,
) -> dict:
    """Score predictions (or the pipeline's output) against gold files.

    gold_paths (Sequence[str | Path]): gold JSONL files.
    pred_path (str | Path | None): predicted Documents; None runs the pipeline.
    model (str | Path | None): the pipeline to run when pred_path is None.
    RETURNS (dict): the report of `score`.
    """
    return score(*load_pair(gold_paths, pred_path, model))
