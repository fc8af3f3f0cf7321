"""Relation P/R/F1 of spaCy Examples, through the package scorer (extractor.evaluate).

The reference Doc of each Example becomes a GoldDocument and the predicted
Doc a Document, so the component's `score` and `extractor evaluate` agree.
"""
from __future__ import annotations

from typing import Iterable

from ..evaluate import score
from ..pipeline import doc_to_document
from ..schema import GoldDocument, GoldRelation

REL_KEYS = ("rel_micro_p", "rel_micro_r", "rel_micro_f", "rel_per_type")


def doc_to_gold(doc) -> GoldDocument:
    """A GoldDocument from a Doc holding gold entities and doc._.relations."""
    document = doc_to_document(doc)
    relations = [GoldRelation(**r.model_dump(exclude={"confidence", "pattern", "source"})) for r in document.relations]
    return GoldDocument(
        doc_id=document.doc_id, doc_date=document.doc_date, text=doc.text,
        entities=document.entities, relations=relations,
    )


def score_relations(examples: Iterable) -> dict:
    """rel_micro_p/r/f and rel_per_type of Examples (predicted vs reference Docs).

    examples (Iterable[Example]): pairs whose reference Docs carry gold relations.
    RETURNS (dict): the relation keys of extractor.evaluate.score.
    """
    examples = list(examples)
    gold = [doc_to_gold(eg.reference) for eg in examples]
    pred = [doc_to_document(eg.predicted) for eg in examples]
    for i, (g, p) in enumerate(zip(gold, pred)):
        g.doc_id = p.doc_id = f"doc{i}"
    report = score(gold, pred)
    return {key: report[key] for key in REL_KEYS}
