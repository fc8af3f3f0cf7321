"""Relation triggers: the lexicon's patterns and their matching in a sentence.

A trigger (`data/lexicon/triggers.jsonl`, one a line) names an event type, the words
that name it (`pattern`: lemmas or `=exact` forms, `...` a gap of up to GAP_MAX tokens),
its part of speech, and the argument roles where its two actors are (`head`, `tail`: the
first role of each list that holds an actor wins; ROLES lists them, the README's "Adding
knowledge" says how to write one). Sense limits cancel a match: `not_before` / `not_after`
words near it, `requires_after` words after it, `head_labels` / `tail_labels` on the arguments.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress
from typing import Callable, Iterable, NamedTuple, Optional, Sequence

from ..lemmas import lemma
from ..schema import INTERACTION_TYPES

GAP = "..."
GAP_MAX = 8
MAX_MODIFIERS = 3  # words between an article and a noun form ("a $1.5 billion loan")
EXACT = "="
SENSE_WINDOW = 3  # words before/after a trigger that its sense limits look at
REQUIRES_WINDOW = 6
FEW = 8  # matches that `ByStart.holding` returns whole, unsearched
ROLES = frozenset({
    "subj", "obj", "iobj", "poss", "mod", "gap", "none", "to", "with", "from", "against", "on", "at", "for",
    "into", "over", "toward", "towards", "between", "of", "by", "in", "near", "around", "across", "upon",
    "onto", "about", "behind", "inside", "along", "alongside", "through", "off", "as", "that",
})
POS = frozenset({"verb", "noun", "adj", "prep"})


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry (see the module docstring)."""

    type: str
    pattern: str
    pos: str = "verb"
    head: tuple = ("subj",)
    tail: tuple = ("obj",)
    mode: Optional[str] = None
    confidence: float = 0.8
    mutual: bool = False
    not_before: frozenset = frozenset()
    not_after: frozenset = frozenset()
    requires_after: frozenset = frozenset()
    head_labels: frozenset = frozenset()
    tail_labels: frozenset = frozenset()
    source: str = "lexicon"
    id: str = field(default="", compare=False)

    @cached_property
    def words(self) -> tuple[str, ...]:
        """The pattern's words, each reduced to its lookup lemma (exact ones kept), read once."""
        return tuple(w if w == GAP or w.startswith(EXACT) else lemma(w) for w in self.pattern.split())


def trigger_from_record(record: dict, source: str = "lexicon") -> Trigger:
    """A Trigger from a lexicon line, with a clear error for a bad one.

    record (dict): the line's object (see the module docstring).
    source (str): 'lexicon', 'user' or 'learned': where the entry comes from.
    RETURNS (Trigger): the trigger, its id "TYPE:pattern:pos".
    """
    try:
        head, tail = _roles(record.get("head", "subj")), _roles(record.get("tail", "obj"))
        kind, pattern, pos = record["type"], " ".join(record["pattern"].lower().split()), record.get("pos", "verb")
        trigger = Trigger(
            type=kind, pattern=pattern, pos=pos, head=head, tail=tail, mode=record.get("mode"),
            confidence=float(record.get("confidence", 0.8)), mutual=bool(record.get("mutual", False)),
            not_before=_lemmas(record.get("not_before")), not_after=_lemmas(record.get("not_after")),
            requires_after=_lemmas(record.get("requires_after")),
            head_labels=frozenset(record.get("head_labels") or ()), tail_labels=frozenset(record.get("tail_labels") or ()),
            source=record.get("source", source), id=f"{kind}:{pattern}:{pos}")
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise ValueError(f"bad trigger entry {record!r}: {err}") from None
    if trigger.type not in INTERACTION_TYPES or trigger.pos not in POS or not trigger.pattern.strip(". "):
        raise ValueError(f"bad trigger entry {record!r}: type, pos or pattern")
    return trigger


def _roles(value) -> tuple:
    roles = tuple([value] if isinstance(value, str) else value)
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise ValueError(f"unknown roles {unknown}")
    return roles


def _lemmas(words) -> frozenset:
    """A sense limit's words: lemmas, and `=exact` forms as they are ('=forces')."""
    return frozenset(w[len(EXACT):] if w.startswith(EXACT) else lemma(w) for w in (words or ()))


class TriggerMatch(NamedTuple):
    """A trigger found in a sentence: token offsets in the Doc, the gap's tokens, and the
    shorter matches at its start that it covers (`fallback`: those of another type speak
    when it finds no arguments, "criticised the EU's decision to impose tariffs" without the
    'on' of 'criticise ... tariff on'; 'accuse' gives way for good to 'accuse ... of')."""

    trigger: Trigger
    start: int
    end: int
    gap: Optional[tuple[int, int]] = None
    fallback: tuple = ()


class Step(NamedTuple):
    """A pattern word after the first: the word, whether only its exact form matches, and
    whether it follows a gap."""

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


class TriggerIndex:
    """Triggers indexed by their first word (exact-form ones apart), matched over a
    sentence's words."""

    def __init__(self, triggers: Iterable[Trigger], prepositions: Iterable[str] = (), articles: Iterable[str] = (),
                 noun_prepositions: Iterable[str] = (), auxiliaries: Iterable[str] = ()):
        self.triggers = list(dict.fromkeys(triggers))
        self.prepositions = frozenset(prepositions)
        self.articles = frozenset(articles)  # a verb pattern's first word right after one is a noun
        self.noun_prepositions, self.auxiliaries = frozenset(noun_prepositions), frozenset(auxiliaries)
        self.noun_openers = self.articles | self.noun_prepositions  # 'hit with new sanctions'
        # no modifiers: 'the EU decided to sanction', 'the Maldives will work together'
        self.function_words = self.noun_openers | self.prepositions | self.auxiliaries
        self.noun_words = frozenset(t.words[0] for t in self.triggers if t.pos == "noun")
        self.verb_words = frozenset(t.words[0] for t in self.triggers if t.pos == "verb")
        by_lemma: dict[str, list] = {}
        by_exact: dict[str, list] = {}
        for trig in sorted(self.triggers, key=lambda t: -len(t.words)):
            first, steps = trig.words[0], pattern_steps(trig.words)
            index, key = (by_exact, first[len(EXACT):]) if first.startswith(EXACT) else (by_lemma, first)
            index.setdefault(key, []).append((trig, steps, frozenset(s.word for s in steps)))
        self._by_lemma, self._by_exact = by_lemma, by_exact
        self._first_words = frozenset(by_lemma) | frozenset(by_exact)
        self._starting: dict[tuple[str, str], list] = {}  # (lower form, lemma) -> `starting`, once per word

    def starting(self, lower: str, lemma_form: str) -> list:
        """The (trigger, steps, the steps' words) whose first word a token with these forms
        matches: by its lemma, by its form, then by its exact form."""
        found = self._by_lemma.get(lemma_form, [])
        if lower != lemma_form:
            found = found + self._by_lemma.get(lower, [])
        return found + self._by_exact.get(lower, [])

    def _starting_once(self, lower: str, lemma_form: str) -> list:
        """`starting`, kept per word."""
        found = self._starting.get((lower, lemma_form))
        if found is None:
            found = self._starting[lower, lemma_form] = self.starting(lower, lemma_form)
        return found

    def match(self, lower: Sequence[str], lemmas: Sequence[str], positions: Sequence[int],
              named: Callable[[int], bool] = lambda i: False) -> list[TriggerMatch]:
        """All trigger matches over some tokens, those a longer match covers dropped.

        lower (Sequence[str]): the lower-cased form of every token of the Doc.
        lemmas (Sequence[str]): the lookup lemma of every token of the Doc.
        positions (Sequence[int]): the Doc indexes of the window's (non-space) tokens.
        named (Callable): Doc index -> whether the token is inside an entity; no pattern
            word matches one ('held a summit in March': no 'hold ... march').
        RETURNS (list[TriggerMatch]): matches with Doc token offsets.
        """
        words = [lower[i] for i in positions]
        forms = [lemmas[i] for i in positions]
        free = [not named(i) for i in positions]
        present = set(compress(words, free)).union(compress(forms, free))
        firsts = self._first_words.intersection(present)
        found = []
        for k, (word, form, ok) in enumerate(zip(words, forms, free)):
            if not ok or (word not in firsts and form not in firsts):
                continue
            for trig, steps, needed in self._starting_once(word, form):
                if not needed <= present:
                    continue  # a word of the pattern is nowhere in the window
                hit = _match_steps(steps, words, forms, k, free)
                if hit is not None and _sense_ok(trig, words, forms, k, hit[0]) and not self._wrong_part_of_speech(
                        trig, words, k):
                    end, gap = hit
                    gap = None if gap is None else (_at(positions, gap[0]), _at(positions, gap[1]))
                    found.append(TriggerMatch(trig, positions[k], positions[end - 1] + 1, gap))
        return drop_nested(found, lambda m: self._closes_on_preposition(m, lower)) if found else found

    def _wrong_part_of_speech(self, trig: Trigger, words: Sequence[str], k: int) -> bool:
        """A verb pattern right after an article or possessive ('the strikes'), or in the form
        of a noun trigger's word after one or a preposition that opens no clause and at most a
        few modifiers ('the Israeli strike', 'a $1.5 billion loan', 'hit with new sanctions';
        not 'the army attacked', 'the US insists', 'the EU decided to sanction', 'as Dar
        visits'), or a noun pattern on a past or -ing form ('attacked', 'sanctioning' for the
        nouns 'attack', 'sanction'; an irregular one, 'struck' for 'strike') or on the base
        form of a verb trigger's word after 'to' ('to sanction'), is the other part of speech."""
        first = trig.words[0]
        if trig.pos == "verb":
            noun_form = first in self.noun_words and words[k] in (first, first + "s")
            return k > 0 and words[k - 1] in self.articles or (noun_form and any(
                k > n and words[k - n - 1] in self.noun_openers and all(
                    _modifier(w) and w not in self.function_words for w in words[k - n:k])
                for n in range(0, MAX_MODIFIERS + 1)))
        written = trig.pattern.split(" ", 1)[0]
        past = words[k].endswith(("ed", "ing")) and not written.endswith(("ed", "ing"))  # 'sanctioning' is no noun
        irregular = not words[k].startswith(first[:-1])  # 'struck' for 'strike'
        infinitive = k > 0 and words[k - 1] == "to" and words[k] == first and first in self.verb_words  # 'to sanction'
        return trig.pos == "noun" and not first.startswith(EXACT) and (past or irregular or infinitive)

    def _closes_on_preposition(self, m: TriggerMatch, lower: Sequence[str]) -> bool:
        """Whether the word after a match's gap is a preposition ("received ... from")."""
        return m.gap[1] >= len(lower) or lower[m.gap[1]] in self.prepositions


def _at(positions: Sequence[int], k: int) -> int:
    """The Doc index of window token k; one past the last token for k == len(positions)."""
    return positions[k] if k < len(positions) else positions[-1] + 1


def _match_steps(steps, words, forms, k, free) -> Optional[tuple[int, Optional[tuple[int, int]]]]:
    """Match a pattern's steps after its first word at window token k: (end, gap) or None;
    the gap is the first one ("met [Xi] on [the] sidelines": the verb's object is in it); a
    pattern word matches only a token outside the entities (`free`)."""
    pos, gap = k, None
    for word, exact, after_gap in steps:
        if after_gap:
            for nxt in range(pos + 1, min(pos + 2 + GAP_MAX, len(words))):
                if free[nxt] and (words[nxt] == word or (not exact and forms[nxt] == word)):
                    break
            else:
                return None
            gap, pos = gap or (pos + 1, nxt), nxt
            continue
        pos += 1
        if pos >= len(words) or not free[pos] or not (words[pos] == word or (not exact and forms[pos] == word)):
            return None
    return pos + 1, gap


def _modifier(word: str) -> bool:
    """A word that may stand between an article and its noun: a word or an amount ('$', '1.5')."""
    return word.isalpha() or word == "$" or word.replace(".", "").replace(",", "").isdigit()


def _sense_ok(trig: Trigger, words: Sequence[str], forms: Sequence[str], start: int, end: int) -> bool:
    """Whether the sense limits let a match at window tokens [start, end) stand (a limit's
    word is a token's lemma, or its form for an exact word). A noun joined by a hyphen to
    the next word is part of a modifier, no event ("war-torn")."""
    if trig.pos == "noun" and end < len(forms) and forms[end] == "-":
        return False
    if trig.not_before and _near(trig.not_before, words, forms, max(0, start - SENSE_WINDOW), start):
        return False
    if trig.not_after and _near(trig.not_after, words, forms, end, end + SENSE_WINDOW):
        return False
    return not trig.requires_after or _near(trig.requires_after, words, forms, end, end + REQUIRES_WINDOW)


def _near(limit: frozenset, words: Sequence[str], forms: Sequence[str], start: int, end: int) -> bool:
    return not limit.isdisjoint(forms[start:end]) or not limit.isdisjoint(words[start:end])


def drop_nested(matches: list[TriggerMatch], yields: Callable[[TriggerMatch], bool] = lambda m: True
                ) -> list[TriggerMatch]:
    """Drop a match that a longer one covers. A gap match whose gap holds another trigger
    yields to it ("received a letter from" is a letter, not an AID), unless the trigger ends
    the gap and `yields` says no (the word after the gap is not a preposition): then it
    modifies the pattern's noun and is dropped ("signed a normalisation deal"). A match that
    yields covers nothing ("held talks on the sidelines of the SCO meeting" keeps 'hold ... talk')."""
    longer = [o for o in matches if o.end - o.start > 1]
    if not longer:
        return list(matches)
    around = ByStart(longer)
    yielded, modifiers = _gap_yields(matches, around, yields) if any(o.gap for o in longer) else ((), ())
    kept = [m for m in matches if id(m) not in modifiers and id(m) not in yielded and not any(
        _covers(o, m) for o in around.holding(m) if id(o) not in yielded)]
    return [_with_fallback(m, matches, modifiers) if m.end - m.start > 1 else m for m in kept]


def _with_fallback(o: TriggerMatch, matches: list[TriggerMatch], modifiers) -> TriggerMatch:
    """A kept longer match with the shorter matches at its start that it covers."""
    shorter = tuple(m for m in matches if m.start == o.start and id(m) not in modifiers and _covers(o, m))
    return o._replace(fallback=shorter) if shorter else o


def _gap_yields(matches: list[TriggerMatch], around: "ByStart", yields: Callable) -> tuple[set, set]:
    """(ids of the gap matches that yield to a trigger in their gap, ids of the triggers that
    modify a gap match's noun) for `drop_nested`; a sentence without gap matches skips it."""
    inner, modifiers = [], set()
    for m in matches:
        outers = [o for o in around.holding(m) if _in_gap(o, m)]
        if any(yields(o) or m.end != o.gap[1] for o in outers):
            inner.append(m)
        elif outers:
            modifiers.add(id(m))
    if not inner:
        return set(), modifiers
    inside = ByStart(inner)
    return {id(m) for m in around.matches if m.gap and any(
        _in_gap(m, o) for o in inside.starting(m.gap[0], m.gap[1]))}, modifiers


class ByStart:
    """Matches sorted by start, for the ones that may hold a match or start in a range in
    time that does not grow with the sentence (matches are a few tokens long)."""

    def __init__(self, matches: Sequence[TriggerMatch]) -> None:
        self.matches = sorted(matches, key=_start) if len(matches) > 1 else list(matches)
        self.starts = [o.start for o in self.matches]
        self.reach = max([o.end - o.start for o in self.matches], default=0)

    def starting(self, start: int, end: int) -> list[TriggerMatch]:
        """The matches that start in [start, end]."""
        return self.matches[bisect_left(self.starts, start):bisect_right(self.starts, end)]

    def holding(self, m: TriggerMatch) -> list[TriggerMatch]:
        """The matches that may hold m (start at most `reach` before its end, not after its start);
        all of a few (a sentence's usual count), which is quicker than the search."""
        if len(self.matches) <= FEW:
            return self.matches
        return self.starting(m.end - self.reach, m.start)


def _start(m: TriggerMatch) -> int:
    return m.start


def _in_gap(outer: TriggerMatch, m: TriggerMatch) -> bool:
    return outer.gap is not None and outer.gap[0] <= m.start and m.end <= outer.gap[1]


def _covers(o: TriggerMatch, m: TriggerMatch) -> bool:
    longer = (o.end - o.start) > (m.end - m.start)
    return o is not m and longer and o.start <= m.start and m.end <= o.end and not _in_gap(o, m)
