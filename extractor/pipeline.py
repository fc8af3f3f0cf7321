"""Build the nlp object from configs/, load the shipped one from models/, and
turn a processed Doc into the schema's Document."""
from __future__ import annotations

import gc
from functools import lru_cache
from pathlib import Path
from typing import Optional

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .extensions import install_extensions, read_identity, text_of, token_bounds, write_ents
from .schema import Document

PACKAGE_ROOT = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_ROOT.parent
DEFAULT_CONFIG = REPO_ROOT / "configs" / "pipeline.cfg"
DEFAULT_MODEL = REPO_ROOT / "models" / "extractor-news"
# The rule components keep no per-token tensors, so texts far above spaCy's
# 1,000,000-character default are safe; batch refuses files above its own limit.
MAX_TEXT_CHARS = 20_000_000


def build_pipeline(config_path: str | Path | None = None) -> Language:
    """A fresh, untrained pipeline from a spaCy config file.

    config_path (str | Path | None): the config; configs/pipeline.cfg when None.
    RETURNS (Language): the nlp object, initialised.
    """
    install_extensions()
    config = spacy.util.load_config(config_path or DEFAULT_CONFIG)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    nlp.initialize()
    nlp.max_length = MAX_TEXT_CHARS
    return nlp


@lru_cache(maxsize=4)
def _load_cached(path: str) -> Language:
    install_extensions()
    nlp = spacy.load(path)
    nlp.max_length = MAX_TEXT_CHARS
    return _kept(nlp)


def _kept(nlp: Language) -> Language:
    """A cached pipeline lives as long as the process: its ~100,000 Python
    objects (KB, matchers, lexicon) move to the garbage collector's permanent
    generation, so that collections do not scan them again for every document
    (measured: ~1.0 -> ~0.4 ms of collection per document)."""
    gc.collect()
    gc.freeze()
    return nlp


def load(path: str | Path | None = None) -> Language:
    """Load a saved pipeline once and cache it (models/extractor-news by default).

    path (str | Path | None): a pipeline directory written by `extractor train`.
    RETURNS (Language): the nlp object.
    """
    if path is None and not DEFAULT_MODEL.exists():
        return _build_default()
    return _load_cached(str(Path(path or DEFAULT_MODEL).resolve()))


@lru_cache(maxsize=1)
def _build_default() -> Language:
    return _kept(build_pipeline())


def doc_to_document(doc: Doc, text: Optional[str] = None) -> Document:
    """The schema Document of a processed Doc (entity ids e1, e2, ... in text order).

    doc (Doc): a Doc that went through the pipeline.
    text (Optional[str]): the caller's original text, when the Doc's differs in
        characters but not offsets (lone surrogates replaced); mention texts come from it.
    RETURNS (Document): the output object.
    """
    return Document.model_validate(document_data(doc, text))


def document_data(doc: Doc, text: Optional[str] = None) -> dict:
    """The fields of `doc_to_document`'s Document as plain data, not yet validated:
    pydantic-core validates the nested lists in one call, much faster than a model
    object built per entity, and worker processes send this (smaller, quicker to
    pickle than a Document) to the parent.

    doc (Doc): a Doc that went through the pipeline.
    text (Optional[str]): as for `doc_to_document`.
    RETURNS (dict): schema field -> value.
    """
    text = text_of(doc) if text is None else text
    mentions = write_ents(doc)
    ids = [f"e{i}" for i in range(1, len(mentions) + 1)]
    starts, ends = token_bounds(doc)
    entities = [_entity(doc, label, starts[start], ends[end - 1], ent_id, text)
                for (start, end, label), ent_id in zip(mentions, ids)]
    relations = [_relation(rel, ids) for rel in (doc._.relations or [])]
    return {"doc_id": doc._.doc_id, "doc_date": doc._.doc_date, "entities": entities, "relations": relations}


def _entity(doc: Doc, label: str, start: int, end: int, ent_id: str, text: str) -> dict:
    canonical, kb_id, state, value = read_identity(doc, start, end)
    surface = text[start:end]
    return {"id": ent_id, "text": surface, "label": label, "start": start, "end": end,
            "canonical": canonical or surface, "kb_id": kb_id, "state": state, "value": value}


def _relation(rel: dict, ids: list[str]) -> dict:
    date = rel.get("date")
    return {
        "type": rel["type"], "head": ids[rel["head"]], "tail": ids[rel["tail"]],
        "date": None if date is None else ids[date], "negated": rel.get("negated", False),
        "evidence": tuple(rel["evidence"]), "confidence": rel["confidence"],
        "role": rel.get("role"), "mode": rel.get("mode"),
    }
