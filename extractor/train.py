"""Gold annotations -> a fitted pipeline in models/, with leave-one-document-out scores.

The pipeline comes from the config (`build_pipeline`). Training reads Docs that carry the
GOLD entities, so it learns relations, not entity errors: first the trigger patterns the
gold teaches (`extractor.relations.learning`: kept beside the lexicon as learned
triggers), then the relation classifier on candidate pairs. The user's annotations are
trained on together with the repository's own gold (`annotations/gold` and
`annotations/train`, when the package runs from a checkout) unless `shipped_gold=False`.

Leave-one-document-out: for each of the user's gold documents, train on all the others
plus the extra documents, run the FULL pipeline on its text (predicted entities), and
score all held-out predictions together with `extractor.evaluate.score`: with the rules
alone, the rules and the classifier (no learned triggers: before), the rules and the
learned triggers, and all of them (after). The learning curve trains on 25/50/75/100% of
the documents and scores a held-out fold (a fifth of them, or a given file). Everything
is deterministic for a seed.
"""
from __future__ import annotations

import json
import math
import random
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
from .relations.classifier import PairClassifier
from .relations.learning import MIN_COUNT, learn_triggers
from .schema import Document, GoldDocument

RELATION_PIPE = "extractor_relations"
SENTENCE_PIPES = ("extractor_sentences", "sentencizer", "senter")
# the repository's annotations (a checkout; an installed package has none)
ANNOTATIONS = Path(__file__).resolve().parent.parent / "annotations"
DEFAULT_GOLD = ANNOTATIONS / "gold"
DEFAULT_EXTRA = ANNOTATIONS / "train"
SHIPPED_GOLD = (DEFAULT_GOLD, DEFAULT_EXTRA)
REL_KEYS = ("rel_micro_p", "rel_micro_r", "rel_micro_f", "rel_per_type")
REPORT_FILE = "train_report.json"
CURVE = (0.25, 0.5, 0.75, 1.0)
HELDOUT_SHARE = 5  # the learning curve's held-out fold: one document in five


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
                  extra_docs: Sequence[Doc], seed: int, learn: bool = False, min_count: int = MIN_COUNT) -> dict:
    """Leave-one-document-out relation scores over the gold documents.

    learn (bool): learn triggers on each fold's training documents too.
    RETURNS (dict): 'classifier' (the fitted model's) and 'rules' (the same triggers, no
        classifier) scores: rel_micro_p/r/f and rel_per_type of all held-out predictions.
    """
    rel = relation_pipe(nlp)
    preds: dict = {"rules": [], "classifier": []}
    for i, gold in enumerate(golds):
        docs = [d for j, d in enumerate(gold_docs) if j != i] + list(extra_docs)
        rel.set_learned(learn_triggers(rel, docs, min_count) if learn else [])
        rel.classifier = PairClassifier()
        preds["rules"].extend(predict_gold(nlp, [gold]))
        rel.fit(docs, seed=seed)
        preds["classifier"].extend(predict_gold(nlp, [gold]))
    rel.set_learned([])
    return {name: _rel_scores(golds, found) for name, found in preds.items()}


def _rel_scores(golds: Sequence[GoldDocument], preds: Sequence[Document]) -> dict:
    report = score(golds, preds)
    return {key: report[key] for key in REL_KEYS}


def learning_curve(nlp: Language, docs: Sequence[Doc], golds: Sequence[GoldDocument], seed: int,
                   heldout: Sequence[GoldDocument] = (), min_count: int = MIN_COUNT) -> list[dict]:
    """Relation scores on a held-out fold after training on 25/50/75/100% of the documents.

    docs (Sequence[Doc]): the training Docs (gold entities and relations), golds their GoldDocuments.
    heldout (Sequence[GoldDocument]): the fold to score; when empty, one document in
        HELDOUT_SHARE of `docs` (seeded shuffle), left out of training.
    RETURNS (list[dict]): per share: 'share', 'n_docs', 'learned' (patterns), rel_micro_p/r/f.
    """
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    if not heldout:
        cut = max(1, len(order) // HELDOUT_SHARE)
        heldout, order = [golds[i] for i in order[:cut]], order[cut:]
    rel, curve = relation_pipe(nlp), []
    for share in CURVE:
        train_docs = [docs[i] for i in order[:max(1, math.ceil(share * len(order)))]]
        rel.set_learned(learn_triggers(rel, train_docs, min_count))
        rel.fit(train_docs, seed=seed)
        scores = _rel_scores(heldout, predict_gold(nlp, heldout))
        curve.append({"share": share, "n_docs": len(train_docs), "n_heldout": len(heldout),
                      "learned": len(rel.learned), **{k: scores[k] for k in REL_KEYS[:3]}})
    rel.set_learned([])
    return curve


def train(
    annotations: Sequence[str | Path] = (DEFAULT_GOLD,), extra: Sequence[str | Path] = (),
    config: Optional[str | Path] = None, out: Optional[str | Path] = None, seed: int = 0,
    loo: bool = True, kb: Sequence[str] = (), lexicon: Sequence[str] = (), force: bool = False,
    shipped_gold: bool = True, learn: bool = True, min_count: int = MIN_COUNT, curve: bool = False,
    heldout: Sequence[str | Path] = (),
) -> dict:
    """Build the pipeline from the config, learn triggers, fit the relation classifier, save it.

    annotations (Sequence): gold JSONL files or directories (scored leave-one-out).
    extra (Sequence): more training JSONL files or directories (never scored).
    config (Optional[str | Path]): the pipeline config; configs/pipeline.cfg when None.
    out (Optional[str | Path]): the directory to write the pipeline (and REPORT_FILE) to;
        not saved when None.
    seed (int): the classifier's random seed.
    loo (bool): whether to compute the leave-one-document-out scores.
    kb (Sequence[str]): user KB files, saved into the pipeline.
    lexicon (Sequence[str]): user lexicon files, saved into the pipeline.
    force (bool): replace `out` when it is a directory with files (else FileExistsError).
    shipped_gold (bool): train on the repository's gold too (SHIPPED_GOLD, where present).
    learn (bool): learn trigger patterns from the gold.
    min_count (int): least annotated relations a learned pattern proposes.
    curve (bool): measure the learning curve (see `learning_curve`).
    heldout (Sequence): gold files the learning curve scores (else a fold of the training documents).
    RETURNS (dict): counts, the 'learned' patterns, 'loo' (after), 'loo_before' (no learned
        triggers), 'loo_rules_only' and 'loo_rules_learned' (no classifier) relation scores,
        'curve', 'thresholds' (per type, where the classifier proposes pairs no rule proposes:
        extractor.relations.thresholds), 'train' scores of the final model on the gold documents, and 'out'.
    """
    if out is not None:
        check_out(Path(out), force)
    golds = read_annotations(annotations)
    extras = _with_shipped(golds, read_annotations(extra)) if shipped_gold else read_annotations(extra)
    nlp, report = fit_pipeline(golds, extras, config=config, seed=seed, loo=loo, kb=kb, lexicon=lexicon,
                               learn=learn, min_count=min_count, curve=curve, heldout=read_annotations(heldout))
    if out is not None:
        report["out"] = str(out)
        save_pipeline(nlp, Path(out), report)
    return report


def _with_shipped(golds: Sequence[GoldDocument], extras: list[GoldDocument]) -> list[GoldDocument]:
    """The extra documents plus those of SHIPPED_GOLD that exist, each document once (by doc_id)."""
    seen = {g.doc_id for g in [*golds, *extras]}
    shipped = [g for g in read_annotations(p for p in SHIPPED_GOLD if p.exists()) if g.doc_id not in seen]
    return extras + list({g.doc_id: g for g in shipped}.values())


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


def save_pipeline(nlp: Language, out: Path, report: Optional[dict] = None) -> None:
    """Write the pipeline (and the training report, as REPORT_FILE) to a new directory beside
    `out`, then put it in `out`'s place, so an interrupted save never leaves a half-written
    pipeline."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        nlp.to_disk(staging)
        if report is not None:
            (staging / REPORT_FILE).write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def fit_pipeline(golds: Sequence[GoldDocument], extras: Sequence[GoldDocument] = (),
                 config: Optional[str | Path] = None, seed: int = 0, loo: bool = True,
                 kb: Sequence[str] = (), lexicon: Sequence[str] = (), learn: bool = True,
                 min_count: int = MIN_COUNT, curve: bool = False,
                 heldout: Sequence[GoldDocument] = ()) -> tuple:
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
    report: dict = {"n_gold": len(golds), "n_extra": len(extras), "seed": seed, "min_count": min_count}
    if loo and len(golds) > 1:
        before = leave_one_out(nlp, golds, gold_docs, extra_docs, seed)
        report["loo_rules_only"], report["loo_before"] = before["rules"], before["classifier"]
        report["loo"] = before["classifier"]
        if learn:
            after = leave_one_out(nlp, golds, gold_docs, extra_docs, seed, learn=True, min_count=min_count)
            report["loo_rules_learned"], report["loo"] = after["rules"], after["classifier"]
    if curve:
        report["curve"] = learning_curve(nlp, gold_docs + extra_docs, [*golds, *extras], seed, heldout, min_count)
    rel.set_learned(learn_triggers(rel, gold_docs + extra_docs, min_count) if learn else [])
    report["learned"] = rel.learned
    report.update(rel.fit(gold_docs + extra_docs, seed=seed))
    if golds:
        report["train"] = _rel_scores(golds, predict_gold(nlp, golds))
    return nlp, report
