"""A readable evaluation report: the errors behind the scores and rich tables of both.

`find_errors` lists each false positive and false negative with its sentence, using
the same matching as `extractor.evaluate.score`; the `*_table` functions build rich
renderables and leave printing to the CLI.
"""
from __future__ import annotations

import re
from typing import Optional, Sequence

from rich.table import Table

from .evaluate import (
    counterpart, gold_relations, match_entities, pair_documents, system_relations,
)
from .schema import Document, Entity, GoldDocument

SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
MAX_SENTENCE = 300


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence (or line) around a span, for showing an error in context.

    text (str): the document text.
    start (int): span start.
    end (int): span end.
    RETURNS (str): the sentence, cut to MAX_SENTENCE characters.
    """
    left = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in SENTENCE_END.finditer(text, end)), len(text))
    return text[left:right].strip()[:MAX_SENTENCE]


def _record(doc_id, kind: str, error: str, label: str, what: str, sentence: str, detail: str = "") -> dict:
    return {"doc_id": doc_id, "kind": kind, "error": error, "label": label,
            "what": what, "detail": detail, "sentence": sentence}


def _entity_errors(gold: GoldDocument, pred: Document) -> list[dict]:
    pairs = match_entities(gold.entities, pred.entities, lenient=False)
    errors = []
    for side, ents, used, others in (
        ("fn", gold.entities, {i for i, _ in pairs}, pred.entities),
        ("fp", pred.entities, {j for _, j in pairs}, gold.entities),
    ):
        for ent in (e for k, e in enumerate(ents) if k not in used):
            near = counterpart(ent, others)
            detail = f"{'system' if side == 'fn' else 'gold'}: {near.label} {near.text!r}" if near else ""
            sentence = sentence_of(gold.text, ent.start, ent.end)
            errors.append(_record(gold.doc_id, "entity", side, ent.label,
                                  f"{ent.text!r} [{ent.start}, {ent.end})", sentence, detail))
    return errors


def _value_errors(gold: GoldDocument, pred: Document) -> list[dict]:
    errors = []
    for kind, label, attr in (("linking", "STATE", "kb_id"), ("date", "DATE", "value")):
        for ent in (e for e in gold.entities if e.label == label):
            match = counterpart(ent, pred.entities)
            got = getattr(match, attr) if match else "no mention"
            if match is None or got != getattr(ent, attr):
                errors.append(_record(
                    gold.doc_id, kind, "wrong", label, f"{ent.text!r} [{ent.start}, {ent.end})",
                    sentence_of(gold.text, ent.start, ent.end),
                    f"gold {getattr(ent, attr)}, system {got}",
                ))
    return errors


def _describe(rel, ents: dict[str, Entity]) -> str:
    names = [_name(ents.get(ent_id), ent_id) for ent_id in (rel.head, rel.tail)]
    return f"{'NOT ' if rel.negated else ''}{names[0]} -> {names[1]}"


def _name(ent: Optional[Entity], ent_id: str) -> str:
    return f"{ent.canonical or ent.text}" if ent else f"<missing {ent_id}>"


def _relation_errors(gold: GoldDocument, pred: Document) -> list[dict]:
    expected, found = gold_relations(gold), system_relations(gold, pred)
    errors = []
    for side, rels, other, doc in (("fn", expected, found, gold), ("fp", found, expected, pred)):
        ents = {e.id: e for e in doc.entities}
        for key in (k for k in rels if k not in other):
            rel = rels[key]
            start, end = rel.evidence
            errors.append(_record(gold.doc_id, "relation", side, rel.type, _describe(rel, ents),
                                  gold.text[start:end].strip()[:MAX_SENTENCE]))
    return errors


def find_errors(gold_docs: Sequence[GoldDocument], pred_docs: Sequence[Document]) -> list[dict]:
    """Every false positive, false negative and wrong link or date value, with its sentence.

    gold_docs (Sequence[GoldDocument]): the gold documents.
    pred_docs (Sequence[Document]): the predictions, paired as `score` pairs them.
    RETURNS (list[dict]): records with doc_id, kind (entity, linking, date, relation),
        error (fp, fn, wrong), label, what, detail and sentence.
    """
    errors = []
    for gold, pred in pair_documents(gold_docs, pred_docs):
        errors += _entity_errors(gold, pred) + _value_errors(gold, pred) + _relation_errors(gold, pred)
    return errors


def _pct(value: Optional[float]) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}"


def _prf_table(title: str, first: str, rows: dict, micro: dict) -> Table:
    table = Table(title=title)
    for column in (first, "P", "R", "F", "TP", "FP", "FN"):
        table.add_column(column, justify="left" if column == first else "right")
    for name, s in rows.items():
        table.add_row(name, *_prf_cells(s))
    table.add_section()
    table.add_row("micro", *_prf_cells(micro))
    return table


def _prf_cells(s: dict) -> list[str]:
    return [_pct(s["p"]), _pct(s["r"]), _pct(s["f"]), str(s["tp"]), str(s["fp"]), str(s["fn"])]


def _micro(report: dict, prefix: str) -> dict:
    return {k: report[f"{prefix}_micro_{k}"] for k in ("p", "r", "f", "tp", "fp", "fn")}


def entity_table(report: dict, lenient: bool = False) -> Table:
    """Entity P/R/F per label and micro (strict, or lenient)."""
    prefix = "ents_lenient" if lenient else "ents"
    title = f"Entities ({'lenient: overlapping span' if lenient else 'strict: exact span'}, same label)"
    return _prf_table(title, "label", report[f"{prefix}_per_label"], _micro(report, prefix))


def relation_table(report: dict) -> Table:
    """Relation P/R/F per type and micro, at document level."""
    return _prf_table("Relations (document level)", "type", report["rel_per_type"], _micro(report, "rel"))


def accuracy_table(report: dict) -> Table:
    """STATE linking and DATE value accuracy over gold mentions."""
    table = Table(title="Linking and dates (share of gold mentions)")
    for column in ("measure", "accuracy", "correct", "gold"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    for name, key in (("STATE kb_id", "linking"), ("DATE value", "date")):
        table.add_row(name, _pct(report[f"{key}_accuracy"]),
                      str(report[f"{key}_correct"]), str(report[f"{key}_total"]))
    return table


def error_table(errors: Sequence[dict]) -> Table:
    """The errors of `find_errors`, one row each."""
    table = Table(title=f"Errors ({len(errors)})", show_lines=True, expand=True)
    for column in ("doc", "kind", "err", "label"):
        table.add_column(column, no_wrap=True)
    for column, ratio in (("what", 2), ("detail", 2), ("sentence", 5)):
        table.add_column(column, overflow="fold", ratio=ratio)
    for err in errors:
        table.add_row(str(err["doc_id"]), err["kind"], err["error"], err["label"],
                      err["what"], err["detail"], err["sentence"])
    return table


def report_tables(report: dict) -> list[Table]:
    """All score tables of a report, in reading order."""
    return [entity_table(report), entity_table(report, lenient=True),
            accuracy_table(report), relation_table(report)]
