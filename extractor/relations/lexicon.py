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
from typing import Iterable, NamedTuple, Optional, Sequence

from ..lemmas import lemma

GAP = "..."
GAP_MAX = 8
EXACT = "="
MAX_CACHED_WORDS = 100_000


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


class TriggerMatch(NamedTuple):
    """A trigger found in a sentence: token offsets in the Doc."""

    trigger: Trigger
    start: int
    end: int
    gap: Optional[tuple[int, int]] = None


class Step(NamedTuple):
    """A pattern word after the first: the word, whether only its exact lower-cased
    form matches (`=word`), whether it follows a gap (`...`)."""

    word: str
    exact: bool
    after_gap: bool


def pattern_steps(words: Sequence[str]) -> tuple[Step, ...]:
    """The steps that match a pattern's words after the first."""
    steps = []
    for k in range(1, len(words)):
        word = words[k]
        if word != GAP:
            exact = word.startswith(EXACT)
            steps.append(Step(word[len(EXACT):] if exact else word, exact, words[k - 1] == GAP))
    return tuple(steps)


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


class TriggerIndex:
    """Triggers indexed by their first word, for matching over a token window."""

    def __init__(self, triggers: Sequence[Trigger]):
        self.triggers = list(triggers)
        words = {trig: trig.words for trig in self.triggers}
        by_first: dict[str, dict[Trigger, None]] = {}
        for trig in sorted(self.triggers, key=lambda t: -len(words[t])):
            by_first.setdefault(words[trig][0], {})[trig] = None
        # Each first word's triggers, equal ones once, with the steps of their
        # other words (hashing a Trigger per lookup would cost more than the match).
        self._by_first = {first: [(t, pattern_steps(words[t])) for t in trigs] for first, trigs in by_first.items()}
        self._starting: dict[str, list] = {}  # lower-cased word -> _entries(word)

    def match(self, doc, positions: Sequence[int]) -> list[TriggerMatch]:
        """All trigger matches over some tokens of a Doc, longest pattern first at each token.

        doc (DocView): the document (its `lower` is read).
        positions (Sequence[int]): the Doc indexes of the window's (non-space) tokens.
        RETURNS (list[TriggerMatch]): matches with Doc token offsets.
        """
        lower = doc.lower
        words = [lower[i] for i in positions]
        starting = self._starting
        try:
            starts = [k for k, word in enumerate(words) if starting[word]]  # most words start no pattern
        except KeyError:  # a word not seen before
            for word in set(words).difference(starting):
                self._add(word)
            starts = [k for k, word in enumerate(words) if starting[word]]
        found = []
        for k in starts:
            for trig, steps in starting[words[k]]:
                if not steps:
                    found.append(TriggerMatch(trig, positions[k], positions[k] + 1))
                    continue
                hit = _match_steps(steps, words, k)
                if hit is not None:
                    end, gap = hit
                    gap = None if gap is None else (_at(positions, gap[0]), _at(positions, gap[1]))
                    found.append(TriggerMatch(trig, positions[k], positions[end - 1] + 1, gap))
        return _drop_nested(found)

    def _add(self, lower: str) -> None:
        """Record the (trigger, steps) whose first word is the lookup lemma of a lower-cased
        word, the word itself or `=` + the word, in this order; a trigger once."""
        if len(self._starting) > MAX_CACHED_WORDS:
            self._starting.clear()
        by_first = self._by_first
        keys = dict.fromkeys((lemma(lower), lower, EXACT + lower))  # the lemma may equal the word
        self._starting[lower] = [entry for key in keys for entry in by_first.get(key, ())]


def _at(positions: Sequence[int], k: int) -> int:
    """The Doc index of window token k; one past the last token for k == len(positions)."""
    return positions[k] if k < len(positions) else positions[-1] + 1


def _match_steps(steps, words, k) -> Optional[tuple[int, Optional[tuple[int, int]]]]:
    """Match a pattern's steps after its first word, at window token k: (end, gap)
    as window offsets, or None. A word matches by lower-cased form or lookup lemma."""
    pos, gap = k, None
    for word, exact, after_gap in steps:
        if after_gap:
            for nxt in range(pos + 1, min(pos + 2 + GAP_MAX, len(words))):
                if words[nxt] == word or (not exact and lemma(words[nxt]) == word):
                    break
            else:
                return None
            gap, pos = (pos + 1, nxt), nxt
            continue
        pos += 1
        if pos >= len(words) or not (words[pos] == word or (not exact and lemma(words[pos]) == word)):
            return None
    return pos + 1, gap


def _drop_nested(matches: list[TriggerMatch]) -> list[TriggerMatch]:
    """Drop a match covered by a longer one, and a gap match whose gap holds
    another trigger ("received a letter from" is a letter, not an AID)."""
    longer = [o for o in matches if o.end - o.start > 1] if len(matches) > 1 else []
    if not longer:  # only a match of two or more tokens covers or holds another
        return list(matches)
    inner = [m for m in matches if any(_in_gap(o, m) for o in longer)]
    return [
        m for m in matches
        if not any(_covers(o, m) for o in longer) and not any(_in_gap(m, o) for o in inner)
    ]


def _in_gap(outer: TriggerMatch, m: TriggerMatch) -> bool:
    return outer.gap is not None and outer.gap[0] <= m.start and m.end <= outer.gap[1]


def _covers(o: TriggerMatch, m: TriggerMatch) -> bool:
    longer = (o.end - o.start) > (m.end - m.start)
    return o is not m and longer and o.start <= m.start and m.end <= o.end and not _in_gap(o, m)
