"""Clause-level context of a relation: negation, modality, and the DATE that dates it.

A clause is the stretch of a sentence between boundary words (punctuation and
conjunctions that open a new clause). A negation cue must precede the anchor (the
trigger, else the later mention) inside its clause: "denied the reports about North Korea
supplying" negates the supply, "declared support ... but denied" does not negate the
support. Modality is PLOVER's context of the event: `future` ("is due to meet", "will
sign"), `hypothetical` ("could impose sanctions if"), `alleged` ("reportedly",
"according to"), else `asserted`; third-party speculation ("analysts speculated that X may
supply Y") gives no event at all, and a stated threat or wish to act ("threatened to
strike", "wants to attack") is THREATEN, not the act. The cue words are the lexicon's
(`context.*`, `modality.*` in data/lexicon/words.json).
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Optional, Sequence

from ..lexicon import Lexicon
from .view import DocView, Sentence

THREAT_WINDOW = 6  # words between a threat verb and the act it threatens


class ContextWords:
    """The cue words of negation, modality and clauses."""

    def __init__(self, lexicon: Lexicon) -> None:
        words = lexicon.words
        self.boundaries = words("context.clause_boundaries")
        self.coordinators = words("context.coordinators")
        self.quotes = words("relations.quote_marks")
        self.negation = words("context.negation_words")
        self.denial = words("context.negation_lemmas")
        self.cancellers = words("context.negation_cancellers")  # "did not rule out sanctions" is no negation
        self.future = _phrases(words("modality.future"))
        self.hypothetical = _phrases(words("modality.hypothetical"))
        self.alleged = _phrases(words("modality.alleged"))
        self.speculators = words("modality.speculation_subjects")
        self.speculation_nouns = words("modality.speculation_nouns")
        self.speculation = words("modality.speculation_verbs")
        self.threat_verbs = words("modality.threat_verbs")
        self.threat_types = words("modality.threat_types")
        self.request_verbs = words("modality.request_verbs")
        self.accusation_verbs = words("modality.accusation_verbs")
        self.marked = frozenset().union(  # the forms `Marks` looks for (and the `denial` lemmas)
            self.boundaries, self.coordinators, self.quotes, self.negation, self.speculation_nouns,
            self.speculators, self.speculation, self.future, self.hypothetical)

    def modal_cues(self, words: Sequence[str]) -> list[str]:
        """The kinds of modality cue ('future', 'hypothetical', 'alleged') in the words."""
        kinds = (("future", self.future), ("hypothetical", self.hypothetical), ("alleged", self.alleged))
        return [kind for kind, phrases in kinds if _has_phrase(words, phrases)]


def _phrases(words: frozenset) -> dict[str, frozenset]:
    """Cue phrases (as word tuples) by their first word."""
    by_first: dict[str, set] = {}
    for phrase in words:
        parts = tuple(phrase.split())
        by_first.setdefault(parts[0], set()).add(parts)
    return {first: frozenset(found) for first, found in by_first.items()}


def _has_phrase(words: Sequence[str], phrases: dict[str, frozenset]) -> bool:
    """Whether a cue phrase occurs in the words."""
    if phrases.keys().isdisjoint(words):
        return False  # no phrase's first word: the usual case, decided in one set operation
    return any(tuple(words[i:i + len(parts)]) == parts
               for i, word in enumerate(words) if word in phrases for parts in phrases[word])


class Marks:
    """Where the cue words of one sentence are (sorted Doc indexes), read once, so that each
    relation's context costs no pass over its sentence."""

    def __init__(self, view: DocView, sent: Sentence, w: ContextWords) -> None:
        lower, lemmas, marked, denial = view.lower, view.lemmas, w.marked, w.denial
        span = [i for i in range(sent.start, sent.end) if lower[i] in marked or lemmas[i] in denial]
        self.boundaries = [i for i in span if lower[i] in w.boundaries]
        self.scope_ends = [i for i in span if lower[i] in w.coordinators or lower[i] in w.quotes]
        self.negations = [i for i in span if (lower[i] in w.negation and not (
            i + 1 < sent.end and lemmas[i + 1] in w.cancellers)) or (lemmas[i] in w.denial and lower[i] != "rule")]
        self.first_speculation = [next((i for i in span if lower[i] in words), sent.end)
                                  for words in (w.speculation_nouns, w.speculators, w.speculation)]
        self.phrase_starts = {id(phrases): [i for i in span if lower[i] in phrases]
                              for phrases in (w.future, w.hypothetical)}
        self.alleged = _has_phrase(lower[sent.start:sent.end], w.alleged)


def last_before(positions: list[int], end: int) -> Optional[int]:
    """The last position before `end`, else None."""
    k = bisect_left(positions, end)
    return positions[k - 1] if k else None


class Context:
    """Negation, modality and dating of the relations of one Doc."""

    def __init__(self, view: DocView, words: ContextWords) -> None:
        self.view, self.w = view, words
        self._marks: dict = {}

    def marks(self, sent: Sentence) -> Marks:
        """The cue positions of a sentence (read on first use)."""
        if sent.start not in self._marks:
            self._marks[sent.start] = Marks(self.view, sent, self.w)
        return self._marks[sent.start]

    def clause_start(self, sent: Sentence, anchor: int) -> int:
        """Doc index where the clause holding token `anchor` begins."""
        last = last_before(self.marks(sent).boundaries, anchor)
        return sent.start if last is None else last + 1

    def clause_end(self, sent: Sentence, anchor: int) -> int:
        """Doc index just after the clause holding token `anchor`."""
        bounds = self.marks(sent).boundaries
        k = bisect_left(bounds, anchor + 1)
        return bounds[k] if k < len(bounds) else sent.end

    def negated(self, sent: Sentence, anchor: int) -> bool:
        """Whether a negation or denial cue precedes the anchor in its clause, after the
        last coordinator or quote mark: 'said it "does not need permission" and accused
        Iran' does not negate the accusation."""
        last = last_before(self.marks(sent).negations, anchor)
        return last is not None and last >= self.negation_scope(sent, anchor)

    def negation_scope(self, sent: Sentence, anchor: int) -> int:
        """Doc index where a negation before token `anchor` can start."""
        start, last = self.clause_start(sent, anchor), last_before(self.marks(sent).scope_ends, anchor)
        return last + 1 if last is not None and last >= start else start

    def modality(self, sent: Sentence, anchor: int) -> Optional[str]:
        """The modality of an event whose trigger is at `anchor`; None for speculation by a
        third party (no event)."""
        marks = self.marks(sent)
        noun, speculator, verb = marks.first_speculation
        if noun < anchor or (speculator < anchor and verb < anchor):
            return None
        start = self.clause_start(sent, anchor)
        if self._has_phrase(marks, self.w.hypothetical, start, anchor):
            return "hypothetical"
        if self._has_phrase(marks, self.w.future, start, anchor) or self._to_after_actor(sent, anchor):
            return "future"
        return "alleged" if marks.alleged else "asserted"

    def _to_after_actor(self, sent: Sentence, anchor: int) -> bool:
        """'to' right after a name before the trigger: a headline's future ("Japan to Send
        Defence Chief"), an act to come ("invited Putin to visit India")."""
        view = self.view
        return anchor - 2 >= sent.start and view.lower[anchor - 1] == "to" and bool(view.in_entity[anchor - 2])

    def _has_phrase(self, marks: Marks, phrases: dict, start: int, end: int) -> bool:
        """Whether a cue phrase lies within tokens [start, end)."""
        lower, starts = self.view.lower, marks.phrase_starts[id(phrases)]
        return any(i + len(parts) <= end and tuple(lower[i:i + len(parts)]) == parts
                   for i in starts[bisect_left(starts, start):bisect_left(starts, end)] for parts in phrases[lower[i]])

    def threatened(self, sent: Sentence, anchor: int, rel_type: str) -> bool:
        """Whether an act of a conflict type is only threatened or wished ("threatened to
        strike", "warned it would attack", "wants to attack")."""
        return rel_type in self.w.threat_types and self._cue_before(sent, anchor, self.w.threat_verbs, lead=1)

    def unasserted(self, sent: Sentence, anchor: int) -> bool:
        """Whether the trigger at `anchor` is an act only asked for ("urged Mongolia to arrest
        Putin", "ignored calls from Kyiv to detain him") or only charged by a party ("accused
        Azerbaijan of shelling", "blamed Iran for attacking"): 'to' after a request word, or
        'of'/'for' after an accusation word, right before it (that word at most THREAT_WINDOW
        words before, in its clause)."""
        joint = anchor - 1
        if joint <= sent.start:
            return False
        word = self.view.lower[joint]
        if word == "to":
            return self._cue_before(sent, joint, self.w.request_verbs)
        return word in ("of", "for") and self._cue_before(sent, joint, self.w.accusation_verbs)

    def _cue_before(self, sent: Sentence, end: int, cues: frozenset, lead: int = 0) -> bool:
        """A cue lemma at most THREAT_WINDOW words before token `end`, in its clause (and
        `lead` words before the clause, within the sentence)."""
        start = max(self.clause_start(sent, end) - lead, sent.start, end - THREAT_WINDOW)
        return any(self.view.lemmas[i] in cues for i in range(start, end))

    def date(self, sent: Sentence, anchor: int, dates: Sequence[tuple]) -> Optional[int]:
        """The DATE of the anchor's clause, else the nearest one before that clause ('In 2016,
        ...'), else one after it that no coordinated clause separates; else None.

        sent (Sentence): the sentence.
        anchor (int): Doc index of the trigger (or of the later mention).
        dates (Sequence[tuple]): (index into the entities, start, end) of the sentence's DATEs.
        RETURNS (Optional[int]): an index into the entities.
        """
        if not dates:
            return None
        lo, hi = self.clause_start(sent, anchor), self.clause_end(sent, anchor)
        in_clause = [d for d in dates if lo <= d[1] and d[2] <= hi]
        before = [d for d in dates if d[2] <= lo]
        after = [d for d in dates if d[1] >= hi and not any(
            w in self.w.coordinators for w in self.view.lower[hi:d[1]])]
        pool = in_clause or before or after
        return min(pool, key=lambda d: abs(d[1] - anchor))[0] if pool else None
