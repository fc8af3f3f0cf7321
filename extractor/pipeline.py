"""Build the nlp object from the packaged config, load the shipped pipeline, add a user's
knowledge files to a pipeline, and turn a processed Doc into the schema's Document.

The config (`extractor/configs/pipeline.cfg`) and the shipped pipeline
(`extractor/models/extractor-news/`) are package data, so an installed wheel holds both.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .entities import labelled_entities
from .extensions import Identities, doc_text, install_extensions, token_offsets
from .kb import read_user_records
from .lexicon import read_user_entries
from .components.references import REFERENCES
from .schema import Document

PACKAGE_ROOT = Path(__file__).resolve().parent
DEFAULT_CONFIG = PACKAGE_ROOT / "configs" / "pipeline.cfg"
DEFAULT_MODEL = PACKAGE_ROOT / "models" / "extractor-news"
# The rule components keep no per-token tensors, so texts far above spaCy's
# 1,000,000-character default are safe; batch refuses files above its own limit.
MAX_TEXT_CHARS = 20_000_000


def build_pipeline(config_path: str | Path | None = None, kb: Sequence[str] = (),
                   lexicon: Sequence[str] = ()) -> Language:
    """A fresh, untrained pipeline from a spaCy config file, initialised.

    config_path (str | Path | None): the config; the packaged pipeline.cfg when None.
    kb (Sequence[str]): user KB files, added to the config's `[paths] kb`.
    lexicon (Sequence[str]): user lexicon files, added to its `[paths] lexicon`.
    RETURNS (Language): the nlp object.
    """
    install_extensions()
    config = spacy.util.load_config(config_path or DEFAULT_CONFIG)
    paths = config.setdefault("paths", {})
    paths["kb"] = [*(paths.get("kb") or []), *map(str, kb)]
    paths["lexicon"] = [*(paths.get("lexicon") or []), *map(str, lexicon)]
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    nlp.initialize()
    nlp.max_length = MAX_TEXT_CHARS
    return nlp


def add_knowledge(nlp: Language, kb: Iterable[str] = (), lexicon: Iterable[str] = ()) -> Language:
    """Add a user's KB and lexicon files to every component of a pipeline that uses them.

    nlp (Language): the pipeline (changed in place).
    kb (Iterable[str]): KB files (JSONL records with a `label`).
    lexicon (Iterable[str]): lexicon files (JSONL entries, see extractor.lexicon).
    RETURNS (Language): the same pipeline.
    """
    records, entries = read_user_records(kb), read_user_entries(lexicon)
    if records or entries:
        for _, component in nlp.pipeline:
            if hasattr(component, "add_knowledge"):
                component.add_knowledge(records, entries)
    return nlp


def add_parser(nlp: Language, models: Optional[Sequence[str]] = None) -> Language:
    """Add the optional parser component right before the relation component, so that the
    relations' argument roles come from a dependency parse (see components/parser.py).

    nlp (Language): the pipeline (changed in place).
    models (Optional[Sequence[str]]): the spaCy pipelines with a parser to try, in order.
    RETURNS (Language): the same pipeline.
    """
    if "extractor_parser" not in nlp.pipe_names:
        config = {} if models is None else {"model": list(models)}
        before = "extractor_relations" if "extractor_relations" in nlp.pipe_names else None
        nlp.add_pipe("extractor_parser", before=before, config=config).parser  # load it now: a clear error
    return nlp


def load(path: str | Path | None = None, kb: Sequence[str] = (), lexicon: Sequence[str] = (),
         parser: bool = False) -> Language:
    """Load a saved pipeline once and cache it (the shipped one by default), with a user's
    KB and lexicon files added, and the optional parser.

    path (str | Path | None): a pipeline directory written by `extractor train`.
    kb (Sequence[str]): user KB files.
    lexicon (Sequence[str]): user lexicon files.
    parser (bool): read the relations' argument roles from a dependency parse.
    RETURNS (Language): the nlp object (shared by callers with the same arguments).
    """
    knowledge = (tuple(map(str, kb)), tuple(map(str, lexicon)), parser)
    if path is None and not DEFAULT_MODEL.exists():
        return _build_cached(*knowledge)
    return _load_cached(str(Path(path or DEFAULT_MODEL).resolve()), *knowledge)


@lru_cache(maxsize=4)
def _load_cached(path: str, kb: tuple, lexicon: tuple, parser: bool) -> Language:
    install_extensions()
    with gc_paused():
        nlp = load_saved(path)
        nlp.max_length = MAX_TEXT_CHARS
        add_knowledge(nlp, kb, lexicon)
        return add_parser(nlp) if parser else nlp


def load_saved(path: str | Path) -> Language:
    """`spacy.load(path)`, the saved tokenizer read only where it differs from the one the
    config builds (spaCy builds that one first; reading the same rules again cost a tenth of
    the shipped pipeline's load: 0.06 s).

    path (str | Path): a saved pipeline directory.
    RETURNS (Language): the nlp object.
    """
    nlp = spacy.load(path, exclude=["tokenizer"])
    saved = Path(path) / "tokenizer"
    if saved.exists() and saved.read_bytes() != nlp.tokenizer.to_bytes(exclude=["vocab"]):
        nlp.tokenizer.from_disk(saved, exclude=["vocab"])
    return nlp


@lru_cache(maxsize=2)
def _build_cached(kb: tuple, lexicon: tuple, parser: bool) -> Language:
    with gc_paused():
        nlp = build_pipeline(kb=kb, lexicon=lexicon)
        return add_parser(nlp) if parser else nlp


@contextmanager
def gc_paused():
    """Python's cyclic garbage collector off while a pipeline is built, and as it was after:
    what the KB's ~30k forms and records allocate is kept, so the collector's passes over it
    free little and cost a fifth of the load time (measured: 2.2 s -> 1.7 s). It is held off
    by its threshold as well: srsly's msgpack reader (the vocab's first file) calls
    `gc.enable()` when it is done, and the passes came back (0.1 s more of the load)."""
    enabled, thresholds = gc.isenabled(), gc.get_threshold()
    gc.disable()
    gc.set_threshold(0)  # no automatic collection, enabled or not
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        (gc.enable if enabled else gc.disable)()


def doc_to_document(doc: Doc, text: Optional[str] = None) -> Document:
    """The schema Document of a processed Doc (entity ids e1, e2, ... in text order).

    doc (Doc): a Doc that went through the pipeline.
    text (Optional[str]): the caller's original text, when the Doc's differs in
        characters but not offsets (lone surrogates replaced); mention texts come from it.
    RETURNS (Document): the output object.
    """
    return Document.model_validate(document_data(doc, text))


def document_data(doc: Doc, text: Optional[str] = None) -> dict:
    """The fields of `doc_to_document`'s Document as plain data, not yet validated
    (worker processes send this to the parent, which validates it).

    doc (Doc): a Doc that went through the pipeline.
    text (Optional[str]): as for `doc_to_document`.
    RETURNS (dict): schema field -> value.
    """
    text = doc_text(doc) if text is None else text
    ents, (starts, ends) = labelled_entities(doc), token_offsets(doc)
    ids = [f"e{i}" for i in range(1, len(ents) + 1)]
    identities = Identities(doc)
    entities = [_entity(identities, label, starts[start], ends[end - 1], ent_id, text)
                for (start, end, label), ent_id in zip(ents, ids)]
    relations = [_relation(rel, ids) for rel in (doc._.relations or [])]
    by_chars = {(e["start"], e["end"]): e["id"] for e in entities}
    references = [ref for span in doc.spans.get(REFERENCES, []) for ref in _references(identities, span, by_chars, text)]
    return {"doc_id": doc._.doc_id, "doc_date": doc._.doc_date, "entities": entities, "relations": relations,
            "doc_date_source": doc._.doc_date_source, "references": references}


def _references(identities: Identities, span, by_chars: dict, text: str) -> list[dict]:
    """The output references of one span: one per mention it refers to (two for "both
    leaders"), or one carrying the KB holder's identity."""
    offsets = span._.refers_to or []
    fields = {} if offsets else identities.get(span.start_char, span.end_char)
    targets = [by_chars.get((offsets[k], offsets[k + 1])) for k in range(0, len(offsets) - 1, 2)] or [None]
    return [{"text": text[span.start_char:span.end_char], "label": span.label_, "start": span.start_char,
             "end": span.end_char, "refers_to": target, "canonical": fields.get("canonical"),
             "kb_id": fields.get("kb_id"), "state": fields.get("state")} for target in targets]


def _entity(identities: Identities, label: str, start: int, end: int, ent_id: str, text: str) -> dict:
    fields = identities.get(start, end)
    surface = text[start:end]
    return {"id": ent_id, "text": surface, "label": label, "start": start, "end": end,
            "canonical": fields.get("canonical") or surface, "kb_id": fields.get("kb_id"),
            "state": fields.get("state"), "value": fields.get("value")}


def _relation(rel: dict, ids: list[str]) -> dict:
    date = rel.get("date")
    return {
        "type": rel["type"], "head": ids[rel["head"]], "tail": ids[rel["tail"]],
        "date": None if date is None else ids[date], "negated": rel.get("negated", False),
        "evidence": tuple(rel["evidence"]), "confidence": rel["confidence"],
        "role": rel.get("role"), "mode": rel.get("mode"), "modality": rel.get("modality", "asserted"),
        "pattern": rel.get("pattern"), "source": rel.get("source"),
    }
