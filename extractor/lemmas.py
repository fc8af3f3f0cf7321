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
from spacy.lookups import load_lookups

CORRECTIONS = Path(__file__).parent / "data" / "lexicon" / "lemmas.json"


@lru_cache(maxsize=1)
def _table():
    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


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
