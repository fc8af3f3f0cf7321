"""The trigger lexicon and the title lexicon: knowledge as data files.

`data/triggers.jsonl` holds one trigger a line: a relation type, a pattern of
words (matched by lookup lemma or by lower-cased form; `=word` by that exact
lower-cased form only, for a verb whose noun means something else: "=shelled";
`...` is a gap of up to GAP_MAX tokens), and optionally `mode` (CONSULT), `reverse` (the actor after
the trigger is the head: "receive ... from") and `arg` ("gap": the tail is the
first actor inside the gap: "link X to", "designate X as").
`data/roles.json` maps title phrases to LEADER_OF / OFFICIAL_OF.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

from ..lemmas import lemma

DATA_DIR = Path(__file__).resolve().parent / "data"
TRIGGERS_PATH = DATA_DIR / "triggers.jsonl"
ROLES_PATH = DATA_DIR / "roles.json"
GAP = "..."
GAP_MAX = 8
EXACT = "="


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry."""

    type: str
    pattern: str
    mode: Optional[str] = None
    reverse: bool = False
    arg: str = "after"
    confidence: float = 0.8
    mutual: bool = False

    @property
    def words(self) -> tuple[str, ...]:
        """The pattern's words, each reduced to its lookup lemma."""
        return tuple(w if w == GAP or w.startswith(EXACT) else lemma(w) for w in self.pattern.split())


@dataclass(frozen=True)
class TriggerMatch:
    """A trigger found in a sentence: token offsets in the Doc."""

    trigger: Trigger
    start: int
    end: int
    gap: Optional[tuple[int, int]] = None


def read_triggers(path: str | Path = TRIGGERS_PATH) -> list[Trigger]:
    """Read a trigger JSONL file.

    path (str | Path): the file.
    RETURNS (list[Trigger]): its entries in file order.
    """
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [triggers_from_records([json.loads(line)])[0] for line in lines if line.strip()]


def triggers_from_records(records: Iterable[dict]) -> list[Trigger]:
    """Trigger objects from plain dicts, with a clear error for a bad entry.

    records (Iterable[dict]): dicts with at least `type` and `pattern`.
    RETURNS (list[Trigger]): the triggers.
    """
    triggers = []
    for record in records:
        try:
            triggers.append(Trigger(**record))
        except TypeError as err:
            raise ValueError(f"bad trigger entry {record!r}: {err}") from None
    return triggers


def trigger_records(triggers: Sequence[Trigger]) -> list[dict]:
    """Plain dicts of triggers, for JSONL serialisation."""
    return [asdict(t) for t in triggers]


def read_roles(path: str | Path = ROLES_PATH) -> dict:
    """Read the title lexicon ({"titles": {phrase: type}, "modifiers": [...]})."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


class TriggerIndex:
    """Triggers indexed by their first word, for matching over a token window."""

    def __init__(self, triggers: Sequence[Trigger]):
        self.triggers = list(triggers)
        words = {trig: trig.words for trig in self.triggers}
        by_first: dict[str, dict[Trigger, None]] = {}
        for trig in sorted(self.triggers, key=lambda t: -len(words[t])):
            by_first.setdefault(words[trig][0], {})[trig] = None
        # Each first word's triggers, equal ones once, with their pattern words
        # (hashing a Trigger per lookup would cost more than the match itself).
        self._by_first = {first: [(t, words[t]) for t in trigs] for first, trigs in by_first.items()}
        self._exact = frozenset(first[len(EXACT):] for first in by_first if first.startswith(EXACT))

    def match(self, forms: Sequence[tuple[str, str]], positions: Sequence[int]) -> list[TriggerMatch]:
        """All trigger matches in a window, longest pattern first at each token.

        forms (Sequence[tuple]): (lower, lemma) per (non-space) token of the window.
        positions (Sequence[int]): the Doc index of each of those tokens.
        RETURNS (list[TriggerMatch]): matches with Doc token offsets.
        """
        found = []
        at = list(positions) + [positions[-1] + 1] if positions else []
        by_first, exact = self._by_first, self._exact
        for i, (lower, lem) in enumerate(forms):
            if lem not in by_first and lower not in by_first and lower not in exact:
                continue  # most words start no pattern
            for trig, words in self._candidates(lower, lem):
                hit = _match_at(words, forms, i)
                if hit is not None:
                    end, gap = hit
                    gap = None if gap is None else (at[gap[0]], at[gap[1]])
                    found.append(TriggerMatch(trig, at[i], at[end - 1] + 1, gap))
        return _drop_nested(found)

    def _candidates(self, lower: str, lem: str) -> list[tuple[Trigger, tuple[str, ...]]]:
        """(trigger, words) whose first word is the token's lemma, its lower-cased form
        or `=` + that form, in this order; a trigger once."""
        by_first = self._by_first
        keys = dict.fromkeys((lem, lower, EXACT + lower))  # lem may equal lower
        return [entry for key in keys for entry in by_first.get(key, ())]


def _same(word: str, form: tuple[str, str]) -> bool:
    if word.startswith(EXACT):
        return word[1:] == form[0]
    return word == form[0] or word == form[1]


def _match_at(words, forms, i) -> Optional[tuple[int, Optional[tuple[int, int]]]]:
    """Match pattern words from token i; returns (end, gap) or None."""
    pos, gap = i, None
    for k, word in enumerate(words):
        if word == GAP:
            continue
        if k > 0 and words[k - 1] == GAP:
            nxt = _find(word, forms, pos + 1, pos + 1 + GAP_MAX)
            if nxt is None:
                return None
            gap, pos = (pos + 1, nxt), nxt
            continue
        at = pos if k == 0 else pos + 1
        if at >= len(forms) or not _same(word, forms[at]):
            return None
        pos = at
    return pos + 1, gap


def _find(word, forms, start, stop) -> Optional[int]:
    for j in range(start, min(stop + 1, len(forms))):
        if _same(word, forms[j]):
            return j
    return None


def _drop_nested(matches: list[TriggerMatch]) -> list[TriggerMatch]:
    """Drop a match covered by a longer one, and a gap match whose gap holds
    another trigger ("received a letter from" is a letter, not an AID)."""
    if len(matches) < 2:
        return list(matches)  # a match neither covers nor holds itself
    inner = [m for m in matches if any(_in_gap(o, m) for o in matches)]
    return [
        m for m in matches
        if not any(_covers(o, m) for o in matches) and not any(_in_gap(m, o) for o in inner)
    ]


def _in_gap(outer: TriggerMatch, m: TriggerMatch) -> bool:
    return outer.gap is not None and outer.gap[0] <= m.start and m.end <= outer.gap[1]


def _covers(o: TriggerMatch, m: TriggerMatch) -> bool:
    longer = (o.end - o.start) > (m.end - m.start)
    return o is not m and longer and o.start <= m.start and m.end <= o.end and not _in_gap(o, m)
