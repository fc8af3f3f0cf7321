"""Actors of a sentence and the candidate pairs between them.

An actor is an entity mention that can take part in a relation. Besides the
named mentions, a few descriptions stand for an earlier named actor, as the
schema asks ("the regime" -> the last actor called a regime, "the Syrian
regime leader" -> the last leader of Syria): they are *virtual* actors, placed
at the description's tokens but pointing at the named mention.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Callable, Iterable, NamedTuple, Optional, Sequence

import numpy as np
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.errors import Errors
from spacy.tokens import Span
from spacy.util import registry

from ..entities import labelled_entities
from ..extensions import Identities, doc_text, token_offsets
from ..lemmas import lemma
from ..schema import RELATION_TYPES, allowed_arguments

ACTOR_LABELS = ("LEADER", "STATE", "ORG", "LOCATION")
LEADER_WORDS = frozenset({"leader", "president", "dictator", "ruler", "strongman"})
REGIME_WORDS = frozenset({"regime", "government", "administration"})
COUNTRY_WORDS = frozenset({"state", "country", "nation"})
DESCRIPTION_WORDS = REGIME_WORDS | LEADER_WORDS | COUNTRY_WORDS
LOOKBACK = 200
ALLOWED_PAIRS = frozenset(
    (head, tail) for rel_type in RELATION_TYPES
    for head in allowed_arguments(rel_type)[0] for tail in allowed_arguments(rel_type)[1]
)
ALLOWED_EITHER_WAY = ALLOWED_PAIRS | {(tail, head) for head, tail in ALLOWED_PAIRS}


class Actor(NamedTuple):
    """A mention in a sentence: the named entity it stands for and its tokens."""

    ent: int
    start: int
    end: int
    label: str
    virtual: bool = False


@registry.misc("extractor.sentence_pairs.v1")
def make_sentence_pairs(max_distance: int) -> Callable:
    """The pairing policy: actors of one sentence at most max_distance tokens apart.

    max_distance (int): largest gap in tokens between the two mentions.
    RETURNS (Callable): actors -> list of (earlier, later) Actor pairs.
    """
    def sentence_pairs(actors: Sequence[Actor], doc: DocView) -> list:
        pairs = []
        for i, a in enumerate(actors):
            for b in actors[i + 1:]:
                if b.start - a.end > max_distance:
                    break
                if (a.label, b.label) in ALLOWED_EITHER_WAY and keep(a, b, doc):
                    pairs.append((a, b))
        return pairs

    return sentence_pairs


class Sentence(NamedTuple):
    """A sentence's token and character offsets (a Span without its per-access costs)."""

    start: int
    end: int
    start_char: int
    end_char: int


class Entities:
    """A Doc's entities, read once (`doc.ents`, see `extensions.get_mentions`): token offsets and labels, and
    the identities of the actor mentions (`doc.ents[i]._.kb_id` is `kb_ids[i]`,
    `entity_key(doc.ents[i])` is `keys[i]`; None for a DATE), as lists."""

    def __init__(self, doc):
        mentions = labelled_entities(doc)
        self.starts = [m[0] for m in mentions]
        self.ends = [m[1] for m in mentions]
        self.labels = [m[2] for m in mentions]
        self.kb_ids: list[Optional[str]] = [None] * len(mentions)
        self.states: list[Optional[str]] = [None] * len(mentions)
        self.keys: list[Optional[str]] = [None] * len(mentions)
        char_starts, char_ends = token_offsets(doc)
        identities = Identities(doc)
        for i, (start, end, label) in enumerate(mentions):
            if label in ACTOR_LABELS:
                start_char, end_char = char_starts[start], char_ends[end - 1]
                fields = identities.get(start_char, end_char)
                canonical, kb_id = fields.get("canonical"), fields.get("kb_id")
                self.kb_ids[i], self.states[i] = kb_id, fields.get("state")
                if label == "STATE" and kb_id:
                    self.keys[i] = kb_id
                else:
                    self.keys[i] = (canonical or doc_text(doc)[start_char:end_char]).lower()

    def covering(self, token: int) -> Optional[int]:
        """The index of the mention holding a token, else None."""
        i = bisect_right(self.starts, token) - 1
        return i if i >= 0 and token < self.ends[i] else None


class Lexeme(NamedTuple):
    """What the rules read of a word besides its lower-cased form (its lookup lemma
    is `lemma(lower)`); `form` is what the classifier's word features use: the
    lemma, but the lower-cased form of punctuation and numbers."""

    form: str
    is_alpha: bool
    is_title: bool


class LexemeTable:
    """Per lexeme (orth id), read from spaCy once per word rather than per token:
    its lower-cased form (`lower`), its `Lexeme` (`lexemes`) and that Lexeme's
    `form` (`forms`, read per token by the classifier features). Bounded:
    cleared when it exceeds `max_size` lexemes or the vocab changes."""

    def __init__(self, max_size: int = 200_000):
        self.max_size = max_size
        self.lower: dict[int, str] = _OnDemand(self._read)
        self.lexemes: dict[int, Lexeme] = {}
        self.forms: dict[int, str] = {}
        self._vocab = None

    def lower_forms(self, vocab, orths: list[int]) -> list[str]:
        """The lower-cased form of each orth id (a Doc's tokens), adding new lexemes."""
        if vocab is not self._vocab or len(self.lower) > self.max_size:
            self.lower, self.lexemes, self.forms, self._vocab = _OnDemand(self._read), {}, {}, vocab
        return list(map(self.lower.__getitem__, orths))

    def _read(self, orth: int) -> str:
        """The lower-cased form of a new lexeme, recording its `Lexeme`."""
        lex = self._vocab[orth]
        lower = lex.lower_
        form = lower if lex.is_punct or lex.like_num else lemma(lower)
        self.lexemes[orth] = Lexeme(form, lex.is_alpha, lex.is_title)
        self.forms[orth] = form
        return lower


class _OnDemand(dict):
    """A dict that fills a missing key with `read(key)`, once per key."""

    def __init__(self, read: Callable):
        super().__init__()
        self.read = read

    def __missing__(self, key):
        value = self[key] = self.read(key)
        return value


class DocView:
    """What the rules read of a Doc, read in bulk once: its entities (`ents`), its
    sentence boundaries, and the lower-cased form of each token (`lower`, the
    only list per token; the rules compare words, and punctuation and line
    breaks read the same lower-cased). Other word properties come per lexeme
    (`lexeme(i)`), character offsets from the shared `token_bounds`
    (`char_starts`, `char_ends`). spaCy builds a new Token, Span or tuple of Spans on every
    `doc[i]`, `doc.sents` or `doc.ents`, which the rules would otherwise pay for."""

    def __init__(self, doc, lexemes: Optional[LexemeTable] = None):
        self.doc = doc
        lexemes = lexemes or LexemeTable()
        array = doc.to_array([ORTH, SENT_START, IS_SPACE])
        self.orths = array[:, 0].tolist()
        self.lower = lexemes.lower_forms(doc.vocab, self.orths)
        self._lexemes, self._forms = lexemes.lexemes, lexemes.forms
        self.sent_starts = _sentence_starts(array[:, 1])
        self.char_starts, self.char_ends = token_offsets(doc)
        self.spaces = np.flatnonzero(array[:, 2]).tolist()
        self.ents = Entities(doc)

    def __len__(self) -> int:
        return len(self.lower)

    def lexeme(self, i: int) -> Lexeme:
        """The feature form and lexical flags of token i."""
        return self._lexemes[self.orths[i]]

    def forms(self, start: int, end: int) -> list[str]:
        """`lexeme(i).form` of the tokens in [start, end)."""
        return list(map(self._forms.__getitem__, self.orths[start:end]))

    def non_space(self, start: int, end: int) -> Sequence[int]:
        """The indexes of the tokens in [start, end) that are not whitespace."""
        spaces = self.spaces[bisect_left(self.spaces, start):bisect_left(self.spaces, end)]
        if not spaces:
            return range(start, end)
        return [i for i in range(start, end) if i not in spaces]

    def sentence_bounds(self, k: int) -> tuple[int, int]:
        """The token offsets (start, end) of sentence k."""
        starts = self.sent_starts
        return starts[k], starts[k + 1] if k + 1 < len(starts) else len(self.lower)

    def sentence(self, k: int) -> Sentence:
        """Sentence k of the Doc, with its character offsets."""
        start, end = self.sentence_bounds(k)
        return Sentence(start, end, self.char_starts[start], self.char_ends[end - 1])

    def sentences_of(self, tokens: list[int]) -> list[int]:
        """The index of the sentence holding each token."""
        return (np.searchsorted(self.sent_starts, tokens, side="right") - 1).tolist()


def _sentence_starts(column) -> list[int]:
    """Token offsets where sentences start, from the SENT_START column (as `doc.sents`:
    the first token always starts one; an unannotated Doc of 2+ tokens is an error)."""
    if len(column) > 1 and not column[1:].any():
        raise ValueError(Errors.E030)
    starts = np.flatnonzero(column[1:] == 1) + 1
    return [0] + starts.tolist() if len(column) else []


class ActorFinder:
    """Walks a Doc's sentences in order, collecting actors and resolving descriptions."""

    def __init__(self, doc: DocView):
        self.doc = doc
        self.ents = doc.ents
        self.regime: Optional[int] = None
        self._labels = self.ents.labels
        self._starts = self.ents.starts
        self.dates: dict[int, list[tuple[int, int, int]]] = {}

    def sentences(self) -> Iterable[tuple[Sentence, list[Actor]]]:
        """Yield (sentence, actors) for sentences with at least two actors; fills
        `dates` (sentence start -> (index, start, end) of its DATEs) on the way."""
        doc, ents = self.doc, self.ents
        by_sent: dict[int, list[int]] = {}
        for i, (label, k) in enumerate(zip(self._labels, doc.sentences_of(self._starts))):
            if label in ACTOR_LABELS:
                by_sent.setdefault(k, []).append(i)
            elif label == "DATE":
                self.dates.setdefault(doc.sent_starts[k], []).append((i, ents.starts[i], ents.ends[i]))
        for k, named in by_sent.items():
            start, end = doc.sentence_bounds(k)
            descriptions = not DESCRIPTION_WORDS.isdisjoint(doc.lower[start:end])
            if len(named) < 2 and not descriptions:
                continue
            actors = self._actors(start, end, named, descriptions)
            if len(actors) >= 2:
                yield doc.sentence(k), actors

    def _actors(self, start: int, end: int, named: list[int], descriptions: bool) -> list[Actor]:
        """The actors of the sentence [start, end): its named mentions, and the
        descriptions among its words when it has any."""
        ents = self.ents
        actors = [Actor(i, ents.starts[i], ents.ends[i], ents.labels[i]) for i in named]
        if not descriptions:
            return actors
        lower = self.doc.lower
        for i in range(start, end):
            if lower[i] in DESCRIPTION_WORDS:
                virtual = self._description(i, start)
                if virtual is not None:
                    actors.append(virtual)
        return sorted(actors, key=lambda a: (a.start, a.virtual))

    def _description(self, i: int, sent_start: int) -> Optional[Actor]:
        """A virtual actor for 'the regime' / 'the Syrian regime leader' (token i), else None."""
        prev = self._named_before(i)
        lower = self.doc.lower[i]
        if lower in REGIME_WORDS:
            if prev is not None:
                self.regime = prev if self._labels[prev] == "STATE" else self.regime
                return None
            return self._virtual(self.regime, i, i + 1) if _bare(self.doc, i) else None
        if lower in COUNTRY_WORDS:
            return self._country(i, sent_start)
        if self.ents.covering(i + 1) is not None:
            return None
        return self._leader_description(i, prev)

    def _leader_description(self, i: int, prev: Optional[int]) -> Optional[Actor]:
        state_idx = prev if prev is not None else self._regime_before(i)
        if state_idx is None or self._labels[state_idx] not in ("STATE", "LEADER"):
            return None
        leader = state_idx
        if self._labels[state_idx] == "STATE":
            leader = self.leader_of_state(self.ents.kb_ids[state_idx], self._starts[state_idx])
        start = self._starts[state_idx] if prev is not None else i
        return self._virtual(leader, start, i + 1)

    def leader_of_state(self, kb_id: Optional[str], before: int) -> Optional[int]:
        """The nearest earlier LEADER mention whose KB state is kb_id."""
        if kb_id is None:
            return None
        for i in self._back_from(before):
            if self._labels[i] == "LEADER" and self.ents.states[i] == kb_id:
                return i
        return None

    def _back_from(self, position: int) -> range:
        """Indexes of the entities starting before a token, nearest first, at most
        LOOKBACK of them: descriptions point at recent mentions, and a bound keeps
        a very long Doc linear."""
        end = bisect_left(self._starts, position)
        return range(end - 1, max(end - LOOKBACK, 0) - 1, -1)

    def _country(self, i: int, sent_start: int) -> Optional[Actor]:
        """'the Asian state' (not a bare 'the country', token i): the nearest earlier STATE mention."""
        doc, covering = self.doc, self.ents.covering
        det = i - 2
        if det < 0 or doc.lower[det] != "the" or covering(i + 1) is not None:
            return None
        if i + 1 < len(doc) and doc.lower[i + 1] in {"'s", "’s", "media", "department"}:
            return None
        if covering(i - 1) is not None or not doc.lexeme(i - 1).is_alpha:
            return None
        earlier = next((k for k in self._back_from(sent_start) if self._labels[k] == "STATE"), None)
        return self._virtual(earlier, det, i + 1)

    def implicit_tail(self, heads: list, match) -> Optional[Actor]:
        """The unnamed tail of a trigger: the nearest earlier STATE of another party.

        heads (list[Actor]): the trigger's heads.
        match (TriggerMatch): the trigger.
        RETURNS (Optional[Actor]): a virtual actor placed right after the trigger.
        """
        ents, own = self.ents, set()
        for head in heads:
            own |= {ents.kb_ids[head.ent], ents.states[head.ent], ents.keys[head.ent]}
        own.discard(None)
        for i in self._back_from(min(h.start for h in heads)):
            if self._labels[i] == "STATE" and not own & {ents.kb_ids[i], ents.keys[i]}:
                return Actor(i, match.end, match.end, "STATE", True)
        return None

    def _named_before(self, i: int) -> Optional[int]:
        """The entity right before token i ('Assad regime', "Assad's regime", 'Syrian regime leader')."""
        j = i - 1
        while j >= 0 and self.doc.lower[j] in {"'s", "’s", "regime"}:
            j -= 1
        idx = self.ents.covering(j)
        return idx if idx is not None and self._labels[idx] in ("LEADER", "STATE", "ORG") else None

    def _regime_before(self, i: int) -> Optional[int]:
        if i > 0 and self.doc.lower[i - 1] == "regime":
            return self.regime
        return None

    def _virtual(self, target: Optional[int], start: int, end: int) -> Optional[Actor]:
        if target is None:
            return None
        return Actor(target, start, end, self._labels[target], True)


def keep(a: Actor, b: Actor, doc: DocView) -> bool:
    """Whether two actors can be a pair: two things, not one named twice."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    keys = doc.ents.keys
    return keys[a.ent] != keys[b.ent] and not _bracketed(first, second, doc.lower)


def _bracketed(a: Actor, b: Actor, lower: list[str]) -> bool:
    """'Organization for the Prohibition of Chemical Weapons (OPCW)': one thing named twice."""
    return b.start == a.end + 1 and lower[a.end] == "(" and b.end < len(lower) and lower[b.end] == ")"


def _bare(doc: DocView, i: int) -> bool:
    """'the regime' or 'the communist regime' (token i), not 'regime change'."""
    window = doc.lower[max(i - 2, 0):i]
    return "the" in window or "its" in window
