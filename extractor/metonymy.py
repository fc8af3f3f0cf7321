"""Is a capital city a place ("arrived in Pyongyang") or its government
("Moscow has opposed sanctions", "charges Pyongyang with")?

Decided from the words right around the mention; lemmas come from the lookup
table for these few words only.
"""
from __future__ import annotations

from spacy.tokens import Span

from .lemmas import lemma

PLACE_BEFORE = frozenset(
    "in at to into from near around outside inside across via through arrive visit leave "
    "reach fly travel return capital city streets embassy embassies based".split()
)
GOVERNMENT_VERBS = frozenset(
    "say state announce deny accuse insist reject warn claim condemn support oppose begin "
    "pursue want demand respond sanction threaten agree refuse urge call seek plan hope "
    "believe consider maintain continue impose provide send supply sign vow pledge blame "
    "criticise criticize welcome praise dismiss ban expel recognise recognize retaliate "
    "protest declare confirm respond tell back veto push".split()
)
GOVERNMENT_OBJECT_CUES = frozenset(
    "charge charges accuse accused sanction sanctioned urge urged pressure pressured warn warned "
    "blame blamed punish punished between".split()
)
AUXILIARIES = frozenset("has have had is was were will would could may might must can did does do has been also not".split())
POSSESSIVE = frozenset({"'s", "’s"})


def is_government(ent: Span) -> bool:
    """Whether a capital mention stands for its state's government.

    ent (Span): the capital's mention.
    RETURNS (bool): True for the government reading, False for the place.
    """
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and (lemma(before.text) in PLACE_BEFORE or before.text == "-"):
        return False
    after = _words_after(ent, 4)
    if after and (after[0] in POSSESSIVE or after[0] == "-"):
        return after[0] in POSSESSIVE
    if before is not None and (before.lower_ in GOVERNMENT_OBJECT_CUES or lemma(before.text) in GOVERNMENT_VERBS):
        return True
    return _verb_follows(after)


def _words_after(ent: Span, count: int) -> list[str]:
    doc = ent.doc
    return [t.text for t in doc[ent.end:ent.end + count] if not t.is_space]


def _verb_follows(words: list[str]) -> bool:
    """A government verb right after, past auxiliaries and -ly adverbs."""
    for word in words:
        lower = word.lower()
        if lower in AUXILIARIES or (lower.endswith("ly") and len(lower) > 4):
            continue
        return lemma(lower) in GOVERNMENT_VERBS
    return False
