"""Lemmas from spacy-lookups-data's English lookup table, looked up on demand.

A lemmatizer pass over every token costs most of a rule pipeline's speed, so
components ask for the lemma of the few words they inspect instead. The table's few
wrong bases for words of this field ('annexed' -> 'annexe') are corrected by
`data/lexicon/lemmas.json`.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import srsly
from spacy.util import load_language_data, registry

CORRECTIONS = Path(__file__).parent / "data" / "lexicon" / "lemmas.json"


@lru_cache(maxsize=1)
def _table() -> dict:
    """The English lemma lookup table as a plain dict: the data spaCy's `load_lookups` reads,
    without its Table, which hashes each of the 41k keys into a dict of its own (that cost
    twice the reading; a test holds the two equal)."""
    return load_language_data(registry.lookups.get("en")["lemma_lookup"])


@lru_cache(maxsize=1)
def _corrections() -> dict:
    return srsly.read_json(CORRECTIONS)["corrections"]


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The lookup lemma of a word, lower-cased ('supplied' -> 'supply').

    word (str): a token text.
    RETURNS (str): its lemma, or the lower-cased word when the table lacks it.
    """
    lower = word.lower()
    corrected = _corrections().get(lower)
    if corrected is not None:
        return corrected
    table = _table()
    return (table.get(lower) or table.get(word) or lower).lower()
