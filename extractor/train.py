"""Gold annotations -> a fitted pipeline in models/, with leave-one-document-out scores.

The pipeline comes from the config (`build_pipeline`); the relation classifier
is fitted on candidate pairs of Docs that carry the GOLD entities, so it learns
relations, not entity errors. Leave-one-document-out: for each gold document,
fit on all the others plus the extra (synthetic) documents, run the FULL
pipeline on its text (predicted entities), and score all held-out predictions
together with `extractor.evaluate.score`. Everything is deterministic for a seed.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Optional, Sequence

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans, load_config

from . import pipeline
from .api import extract
from .evaluate import score
from .gold import read_gold
from .pipeline import DEFAULT_CONFIG, build_pipeline
from .schema import Document, GoldDocument

RELATION_PIPE = "extractor_relations"
SENTENCE_PIPES = ("extractor_sentences", "sentencizer", "senter")
# the repository's annotations (a checkout; an installed package has none)
ANNOTATIONS = Path(__file__).resolve().parent.parent / "annotations"
DEFAULT_GOLD = ANNOTATIONS / "gold"
DEFAULT_EXTRA = ANNOTATIONS / "train"
REL_KEYS = ("rel_micro_p", "rel_micro_r", "rel_micro_f", "rel_per_type")


def read_annotations(paths: Iterable[str | Path]) -> list[GoldDocument]:
    """Gold documents of JSONL files and of directories of them (sorted by name).

    paths (Iterable): files or directories.
    RETURNS (list[GoldDocument]): the documents.
    """
    docs = []
    for path in map(Path, paths):
        if not path.exists():
            raise FileNotFoundError(f"annotations not found: {path}")
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
        for file in files:
            docs.extend(read_gold(file))
    return docs


def gold_to_doc(nlp: Language, gold: GoldDocument) -> Doc:
    """A Doc with the pipeline's sentences and the gold entities, extensions and relations.

    nlp (Language): the pipeline (its tokenizer and sentence component are used).
    gold (GoldDocument): the gold document.
    RETURNS (Doc): the Doc, with doc._.relations indexing doc.ents.
    """
    doc = nlp.make_doc(gold.text)
    doc._.doc_id, doc._.doc_date = gold.doc_id, gold.doc_date
    for name in SENTENCE_PIPES:
        if name in nlp.pipe_names:
            doc = nlp.get_pipe(name)(doc)
    spans = {}
    for ent in gold.entities:
        span = doc.char_span(ent.start, ent.end, label=ent.label, alignment_mode="expand")
        if span is not None:
            spans[ent.id] = span
    doc.ents = filter_spans(list(spans.values()))
    _set_extensions(doc, gold, spans)
    doc._.relations = _gold_relations(doc, gold, spans)
    return doc


def _set_extensions(doc: Doc, gold: GoldDocument, spans: dict) -> None:
    kept = {(e.start, e.end) for e in doc.ents}
    for ent in gold.entities:
        span = spans.get(ent.id)
        if span is not None and (span.start, span.end) in kept:
            for attr in ("canonical", "kb_id", "state", "value"):
                setattr(span._, attr, getattr(ent, attr))


def _gold_relations(doc: Doc, gold: GoldDocument, spans: dict) -> list[dict]:
    index = {(e.start, e.end): i for i, e in enumerate(doc.ents)}
    pos = {eid: index.get((s.start, s.end)) for eid, s in spans.items()}
    rels = []
    for rel in gold.relations:
        head, tail = pos.get(rel.head), pos.get(rel.tail)
        if head is None or tail is None:
            continue
        rels.append({
            "type": rel.type, "head": head, "tail": tail,
            "date": pos.get(rel.date) if rel.date else None, "negated": rel.negated,
            "evidence": tuple(rel.evidence), "confidence": 1.0, "role": rel.role, "mode": rel.mode,
        })
    return rels


def relation_pipe(nlp: Language, config: Optional[str | Path] = None):
    """The pipeline's relation component; added last, with the settings of the
    config's [components.extractor_relations] section, when the pipeline lacks it."""
    if RELATION_PIPE not in nlp.pipe_names:
        section = dict(load_config(config or DEFAULT_CONFIG).get("components", {}).get(RELATION_PIPE, {}))
        section.pop("factory", None)
        nlp.add_pipe(RELATION_PIPE, last=True, config=section)
    return nlp.get_pipe(RELATION_PIPE)


def predict_gold(nlp: Language, golds: Sequence[GoldDocument]) -> list[Document]:
    """Run the full pipeline on gold texts (with their doc_id and doc_date)."""
    return [extract(g.text, doc_id=g.doc_id, doc_date=g.doc_date, nlp=nlp) for g in golds]


def leave_one_out(nlp: Language, golds: Sequence[GoldDocument], gold_docs: Sequence[Doc],
                  extra_docs: Sequence[Doc], seed: int) -> dict:
    """Leave-one-document-out relation scores over the gold documents.

    RETURNS (dict): rel_micro_p/r/f and rel_per_type of all held-out predictions.
    """
    rel = relation_pipe(nlp)
    preds = []
    for i, gold in enumerate(golds):
        rel.fit([d for j, d in enumerate(gold_docs) if j != i] + list(extra_docs), seed=seed)
        preds.extend(predict_gold(nlp, [gold]))
    report = score(golds, preds)
    return {key: report[key] for key in REL_KEYS}


def train(
    annotations: Sequence[str | Path] = (DEFAULT_GOLD,), extra: Sequence[str | Path] = (DEFAULT_EXTRA,),
    config: Optional[str | Path] = None, out: Optional[str | Path] = None, seed: int = 0,
    loo: bool = True, kb: Sequence[str] = (), lexicon: Sequence[str] = (), force: bool = False,
) -> dict:
    """Build the pipeline from the config, fit the relation classifier, save it.

    annotations (Sequence): gold JSONL files or directories (scored leave-one-out).
    extra (Sequence): more training JSONL files or directories (never scored).
    config (Optional[str | Path]): the pipeline config; configs/pipeline.cfg when None.
    out (Optional[str | Path]): the directory to write the pipeline to; not saved when None.
    seed (int): the classifier's random seed.
    loo (bool): whether to compute the leave-one-document-out scores.
    kb (Sequence[str]): user KB files, saved into the pipeline.
    lexicon (Sequence[str]): user lexicon files, saved into the pipeline.
    force (bool): replace `out` when it is a directory with files (else FileExistsError).
    RETURNS (dict): counts, 'loo' and 'loo_rules_only' relation scores, 'train' scores
        of the final model on the gold documents, and 'out'.
    """
    if out is not None:
        check_out(Path(out), force)
    golds = read_annotations(annotations)
    extras = read_annotations([p for p in extra if Path(p).exists()])
    nlp, report = fit_pipeline(golds, extras, config=config, seed=seed, loo=loo, kb=kb, lexicon=lexicon)
    if out is not None:
        save_pipeline(nlp, Path(out))
        report["out"] = str(out)
    return report


def check_out(out: Path, force: bool) -> None:
    """Refuse to save into the shipped pipeline, a file, or a directory with files unless `force`.

    out (Path): where the pipeline would be saved.
    force (bool): replace a directory with files.
    """
    if out.resolve() == pipeline.DEFAULT_MODEL.resolve():
        raise ValueError(f"{out} is the shipped pipeline: save to another directory "
                         "(copy it there by hand to ship it)")
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"{out} exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise FileExistsError(f"{out} exists: pass force=True (--force) to replace it")


def save_pipeline(nlp: Language, out: Path) -> None:
    """Write the pipeline to a new directory beside `out`, then put it in `out`'s place, so
    an interrupted save never leaves a half-written pipeline."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        nlp.to_disk(staging)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def fit_pipeline(golds: Sequence[GoldDocument], extras: Sequence[GoldDocument] = (),
                 config: Optional[str | Path] = None, seed: int = 0, loo: bool = True,
                 kb: Sequence[str] = (), lexicon: Sequence[str] = ()) -> tuple:
    """The fitted pipeline and its report (see `train`), without writing anything.

    golds (Sequence[GoldDocument]): gold documents (scored leave-one-out).
    extras (Sequence[GoldDocument]): more training documents.
    RETURNS (tuple): (Language, dict).
    """
    if not golds and not extras:
        raise ValueError("no annotated documents to train on")
    nlp = build_pipeline(config, kb=kb, lexicon=lexicon)
    rel = relation_pipe(nlp, config)
    gold_docs = [gold_to_doc(nlp, g) for g in golds]
    extra_docs = [gold_to_doc(nlp, g) for g in extras]
    report = {"n_gold": len(golds), "n_extra": len(extras), "seed": seed}
    if loo and len(golds) > 1:
        report["loo_rules_only"] = _rules_only(nlp, golds)
        report["loo"] = leave_one_out(nlp, golds, gold_docs, extra_docs, seed)
    report.update(rel.fit(gold_docs + extra_docs, seed=seed))
    if golds:
        full = score(golds, predict_gold(nlp, golds))
        report["train"] = {key: full[key] for key in REL_KEYS}
    return nlp, report


def _rules_only(nlp: Language, golds: Sequence[GoldDocument]) -> dict:
    """Relation scores with no classifier (the rules alone), for comparison."""
    from .relations.classifier import PairClassifier

    relation_pipe(nlp).classifier = PairClassifier()
    report = score(golds, predict_gold(nlp, golds))
    return {key: report[key] for key in REL_KEYS}
