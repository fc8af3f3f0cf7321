"""Build the nlp object from configs/, load the shipped one from models/, and
turn a processed Doc into the schema's Document."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .extensions import get_ents, install_extensions, text_of
from .schema import Document, Entity, Relation

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
    return build_pipeline()


def doc_to_document(doc: Doc, text: Optional[str] = None) -> Document:
    """The schema Document of a processed Doc (entity ids e1, e2, ... in text order).

    doc (Doc): a Doc that went through the pipeline.
    text (Optional[str]): the caller's original text, when the Doc's differs in
        characters but not offsets (lone surrogates replaced); mention texts come from it.
    RETURNS (Document): the output object.
    """
    text = text_of(doc) if text is None else text
    ents = get_ents(doc)
    ids = [f"e{i}" for i in range(1, len(ents) + 1)]
    entities = [_entity(ent, ent_id, text) for ent, ent_id in zip(ents, ids)]
    relations = [_relation(rel, ids) for rel in (doc._.relations or [])]
    return Document(
        doc_id=doc._.doc_id, doc_date=doc._.doc_date,
        entities=entities, relations=relations,
    )


def _entity(ent, ent_id: str, text: str) -> Entity:
    ext = ent._
    mention = text[ent.start_char:ent.end_char]
    return Entity(
        id=ent_id, text=mention, label=ent.label_, start=ent.start_char, end=ent.end_char,
        canonical=ext.canonical or mention, kb_id=ext.kb_id, state=ext.state, value=ext.value,
    )


def _relation(rel: dict, ids: list[str]) -> Relation:
    date = rel.get("date")
    return Relation(
        type=rel["type"], head=ids[rel["head"]], tail=ids[rel["tail"]],
        date=None if date is None else ids[date], negated=rel.get("negated", False),
        evidence=tuple(rel["evidence"]), confidence=rel["confidence"],
        role=rel.get("role"), mode=rel.get("mode"),
    )
