"""Clause-level context of a relation: negation cues and the DATE that dates it.

A clause is the stretch of a sentence between boundary words (punctuation
and conjunctions that open a new clause). The negation cue must precede the
anchor (the trigger, else the later mention) inside its clause: "denied the
reports about North Korea supplying" negates the supply, "declared support
... but denied" does not negate the support.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional, Sequence

from ..lemmas import lemma

CLAUSE_BOUNDARIES = frozenset({
    ",", ";", ":", "but", "while", "whereas", "although", "though", "however",
    "amid", "yet", "—", "--", "(", ")",
})
COORDINATORS = frozenset({"and", "but", ";", "while", "whereas", "although", "though", "yet", "or"})
NEGATION_WORDS = frozenset({"not", "n't", "n’t", "never", "no", "neither", "nor"})
NEGATION_LEMMAS = frozenset({"deny", "denial", "refuse", "dismiss", "rule"})


def clause_start(doc, sent, anchor: int) -> int:
    """Doc index where the clause holding token `anchor` begins (doc: a DocView)."""
    lower = doc.lower
    for i in range(anchor - 1, sent.start - 1, -1):
        if lower[i] in CLAUSE_BOUNDARIES:
            return i + 1
    return sent.start


def clause_end(doc, sent, anchor: int) -> int:
    """Doc index just after the clause holding token `anchor` (doc: a DocView)."""
    lower = doc.lower
    for i in range(anchor + 1, sent.end):
        if lower[i] in CLAUSE_BOUNDARIES:
            return i
    return sent.end


@lru_cache(maxsize=65536)
def is_negation(lower: str) -> bool:
    """Whether a token (its lower-cased text) is a negation or denial cue."""
    if lower in NEGATION_WORDS:
        return True
    return lemma(lower) in NEGATION_LEMMAS and lower != "rule"


def negated(doc, sent, anchor: int, start: Optional[int] = None) -> bool:
    """Whether a negation cue precedes `anchor` in its clause.

    doc (DocView): the document.
    sent (Sentence): the sentence.
    anchor (int): Doc index of the trigger (or of the later mention).
    start (Optional[int]): `clause_start(doc, sent, anchor)` when already known.
    RETURNS (bool): True when the clause denies the relation.
    """
    start = clause_start(doc, sent, anchor) if start is None else start
    return any(map(is_negation, doc.lower[start:anchor]))


def attach_date(doc, sent, anchor: int, dates: Sequence[tuple], start: Optional[int] = None) -> Optional[int]:
    """The DATE of the anchor's clause, else the nearest one before that clause ('In 2016,
    ...'), else one after it that no coordinated clause separates; else None.

    doc (DocView): the document.
    sent (Sentence): the sentence.
    anchor (int): Doc index of the trigger (or of the later mention).
    dates (Sequence[tuple]): (index into doc.ents, start, end) of the sentence's DATEs.
    start (Optional[int]): `clause_start(doc, sent, anchor)` when already known.
    RETURNS (Optional[int]): an index into doc.ents.
    """
    if not dates:
        return None
    lo = clause_start(doc, sent, anchor) if start is None else start
    hi = clause_end(doc, sent, anchor)
    in_clause = [d for d in dates if lo <= d[1] and d[2] <= hi]
    before = [d for d in dates if d[2] <= lo]
    after = [d for d in dates if d[1] >= hi and not _coordinated(doc, hi, d[1])]
    pool = in_clause or before or after
    return min(pool, key=lambda d: abs(d[1] - anchor))[0] if pool else None


def _coordinated(doc, start: int, end: int) -> bool:
    """A new coordinated clause between two tokens (', and the US imposed ...')."""
    return any(w in COORDINATORS for w in doc.lower[start:end])
