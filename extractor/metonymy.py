"""Is a capital city a place ("arrived in Pyongyang") or its government
("Moscow has opposed sanctions", "charges Pyongyang with", "sanctions on Tehran")?

Decided from the words right around the mention; lemmas come from the lookup
table for these few words only. A capital after a word of place or motion
("in", "to", "visit"), in "the capital of X", or before "-based" is a place;
after a government verb or before one, or with a possessive, it is the
government; a capital with neither cue is a place.
"""
from __future__ import annotations

from spacy.tokens import Span

from .lemmas import lemma

PLACE_BEFORE = frozenset(
    "in at to into from near around outside inside across via through arrive visit leave "
    "reach fly travel return capital city streets embassy embassies based outskirts".split()
)
PLACE_NOUNS_BEFORE_OF = frozenset("capital city outskirts streets centre center suburbs mayor".split())
GOVERNMENT_VERBS = frozenset(
    "say state announce deny accuse insist reject warn claim condemn support oppose begin "
    "pursue want demand respond sanction threaten agree refuse urge call seek plan hope "
    "believe consider maintain continue impose provide send supply sign vow pledge blame "
    "criticise criticize welcome praise dismiss ban expel recognise recognize retaliate "
    "protest declare confirm respond tell back veto push".split()
)
GOVERNMENT_OBJECT_CUES = frozenset(
    "charge charges accuse accused sanction sanctioned urge urged pressure pressured warn warned "
    "blame blamed punish punished between on against angering anger pressing".split()
)
AUXILIARIES = frozenset("has have had is was were will would could may might must can did does do has been also not".split())
POSSESSIVE = frozenset({"'s", "’s"})


def is_government(ent: Span, after_state: bool = False) -> bool:
    """Whether a capital mention stands for its state's government.

    ent (Span): the capital's mention.
    after_state (bool): the mention is coordinated ("X and Moscow") with a state.
    RETURNS (bool): True for the government reading, False for the place.
    """
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and (lemma(before.text) in PLACE_BEFORE or before.text == "-"):
        return False
    if before is not None and before.lower_ == "of" and ent.start > 1 and doc[ent.start - 2].lower_ in PLACE_NOUNS_BEFORE_OF:
        return False
    after = _words_after(ent, 5)
    if after and (after[0] in POSSESSIVE or after[0] == "-"):
        return after[0] in POSSESSIVE
    if before is not None and (before.lower_ in GOVERNMENT_OBJECT_CUES or _is_verb(before.text)):
        return True
    if before is not None and before.lower_ in ("and", "or") and after_state:
        return True
    if after[:1] in (["and"], ["or"]):  # "Beijing and Manila agreed"
        return _verb_follows(after[2:])
    return _verb_follows(after)


def _is_verb(word: str) -> bool:
    """A government verb, or a word shaped like a past form ('forced', 'lent', 'given')."""
    lower = word.lower()
    base = lemma(lower)
    return base in GOVERNMENT_VERBS or (lower.endswith("ed") and len(lower) > 4) or (
        base != lower and not lower.endswith("s") and lower.isalpha())


def _words_after(ent: Span, count: int) -> list[str]:
    doc = ent.doc
    return [t.text for t in doc[ent.end:ent.end + count] if not t.is_space]


def _verb_follows(words: list[str]) -> bool:
    """A verb right after the mention (past -ly adverbs): a government verb, a
    past form, or any word after an auxiliary ("Moscow has lent ...")."""
    auxiliary = False
    for word in words:
        lower = word.lower()
        if lower in AUXILIARIES:
            auxiliary = True
            continue
        if lower.endswith("ly") and len(lower) > 4:
            continue
        return auxiliary and lower.isalpha() or _is_verb(lower)
    return False
