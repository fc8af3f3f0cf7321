"""Triggers learned from gold: the words that link an annotated relation's two arguments
where no rule of the lexicon does.

For each annotated interaction the rules miss, the words between its two arguments and
WINDOW words around them (with a parse of the sentence: the words on the dependency path
between them) give candidate triggers, each a lexicon record: the word's lemma (with a
particle after it, `learning.particles`) as a verb (head `subj`, tail `obj` or a
preposition that follows it) and as a noun (head `poss`/`mod`/`subj`, tail a preposition
that follows it). Stop words, prepositions, auxiliaries, determiners, title words and
`learning.not_triggers` give none, nor does a pattern the lexicon has for the type. A
candidate stays only if, run on its sentence with the lexicon's triggers exactly as the
relation component runs it, it proposes the annotated pair in the annotated direction.

The candidates of one pattern are merged and then run all together over all the training
documents: a pattern is kept when it proposes at least `min_count` annotated relations of
its type (MIN_COUNT) and more than `min_precision` (MIN_PRECISION) of the pairs it
proposes are such relations. The other pairs, annotated with no relation or with another
type, contradict it: a pattern whose proposals mostly fall on them is dropped. Kept
patterns are lexicon records plus `source: "learned"`, `count` (relations proposed),
`contradicted` (other pairs proposed) and an `example` sentence; the relation component
saves them as `learned_triggers.jsonl` beside its lexicon and uses them like the
lexicon's triggers. Delete a line there to drop a pattern.
"""
from __future__ import annotations

from functools import cached_property
from typing import Iterable, Iterator, Optional, Sequence

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from ..schema import INTERACTION_TYPES, SYMMETRIC_TYPES
from .actors import Actor
from .features import dependency_path, pair_label
from .sentence import SentencePairs, gold_labels
from .triggers import ROLES, TriggerIndex, drop_nested, trigger_from_record

MIN_COUNT = 2
MIN_PRECISION = 0.5
WINDOW = 3  # words before the first argument and after the second that may be the trigger
PREP_WINDOW = 6  # words after a candidate within which a preposition may name its tail
NOUN_HEADS = ("poss", "mod", "subj")
MAX_CONFIDENCE = 0.8  # a learned trigger is trusted no more than a lexicon one
MAX_EXAMPLE = 240
PASSES = 3  # reruns over the training documents until the kept set stops changing


class LearningWords:
    """The words no pattern is learned from, and the particles a verb pattern takes."""

    def __init__(self, lexicon) -> None:
        words = lexicon.words
        self.particles = words("learning.particles")
        self.skip = (frozenset(STOP_WORDS) | words("learning.not_triggers") | words("relations.prepositions")
                     | words("relations.be") | words("relations.determiners") | words("relations.adverbs")
                     | words("relations.conj") | words("relations.title_words") | words("relations.leader_nouns")
                     | {w for t in lexicon.titles for w in t.split()}) - self.particles
        self.prepositions = words("relations.prepositions") & ROLES
        self.determiners = words("relations.articles_and_possessives") | words("relations.determiners")
        self.triggers = lexicon.trigger_records()

    @cached_property
    def known(self) -> frozenset:
        """The ids of the lexicon's triggers, read when learning (the relation component
        needs only `skip`: each load parsed every trigger a second time)."""
        return frozenset(trigger_from_record(r).id for r in self.triggers)


class WithCandidates:
    """A trigger index plus some candidate triggers, matched as one index."""

    def __init__(self, base: TriggerIndex, records: Sequence[dict]) -> None:
        self.base = base
        self.extra = TriggerIndex((trigger_from_record(r, "learned") for r in records), base.prepositions,
                                  base.articles, base.noun_prepositions, base.auxiliaries)

    def match(self, lower, lemmas, positions, named=lambda i: False) -> list:
        found = self.base.match(lower, lemmas, positions, named) + self.extra.match(lower, lemmas, positions, named)
        return drop_nested(found, lambda m: self.base._closes_on_preposition(m, lower)) if found else found


def learn_triggers(rel, docs: Iterable[Doc], min_count: int = MIN_COUNT,
                   min_precision: float = MIN_PRECISION) -> list[dict]:
    """The trigger patterns the gold of these Docs teaches (see the module docstring).

    rel (RelationExtractor): the relation component (its lexicon's triggers are tried with
        each candidate); its learned triggers are left as they were.
    docs (Iterable[Doc]): Docs with gold entities and gold doc._.relations.
    min_count (int): least annotated relations a kept pattern proposes.
    min_precision (float): a kept pattern's proposals are more than this share relations.
    RETURNS (list[dict]): the learned trigger records, most relations first.
    """
    docs, saved = list(docs), list(rel.learned)
    rel.set_learned([])
    try:
        records = _candidates_of(rel, docs, LearningWords(rel.lexicon))
        for _ in range(PASSES):
            rel.set_learned(records)
            kept = [rec for rec in _tallied(rel, docs, records)
                    if rec["count"] >= min_count and rec["count"] > min_precision * (rec["count"] + rec["contradicted"])]
            done = list(map(_key, kept)) == list(map(_key, records))
            records = kept
            if done:
                break
    finally:
        rel.set_learned(saved)
    return sorted(records, key=lambda r: (-r["count"], r["type"], r["pattern"], r["pos"]))


def _candidates_of(rel, docs: Sequence[Doc], words: LearningWords) -> list[dict]:
    """The merged candidate records that propose some missed annotated relation on its sentence."""
    base, merged = rel.triggers, {}
    try:
        for doc in docs:
            for sp in rel.sentence_pairs(doc):
                for a, b, cls in missed(sp, doc._.relations or []):
                    for rec in candidates(sp, a, b, cls, words):
                        if _proposes(rel, base, doc, sp, a, b, cls, rec):
                            _merge(merged, rec, sp)
    finally:
        rel.triggers = base
    return list(merged.values())


def missed(sp: SentencePairs, gold: Sequence[dict]) -> Iterator[tuple[Actor, Actor, str]]:
    """The (earlier actor, later actor, class) of annotated interactions no rule proposes."""
    for a, b in sp.pairs:
        proposed = {_class(p, a) for p in sp.proposals.get((a, b), [])}
        for cls in sorted(gold_labels(sp, a, b, gold) - proposed):
            if cls.split(":")[0] in INTERACTION_TYPES:
                yield a, b, cls


def _class(prop, a: Actor) -> str:
    return pair_label(prop.type, prop.head == a, prop.type in SYMMETRIC_TYPES)


def candidates(sp: SentencePairs, a: Actor, b: Actor, cls: str, words: LearningWords) -> Iterator[dict]:
    """The candidate trigger records of the words that may link a and b (unchecked)."""
    rel_type, view, sent = cls.split(":")[0], sp.view, sp.sent
    seen = set()
    for k in _trigger_words(sp, a, b):
        word, lemma = view.lower[k], view.lemmas[k]
        if not view.is_alpha[k] or len(word) < 3 or word in words.skip or lemma in words.skip:
            continue
        after = view.non_space(k + 1, min(sent.end, k + 1 + PREP_WINDOW))
        preps = list(dict.fromkeys(view.lower[j] for j in after if view.lower[j] in words.prepositions))
        patterns = [lemma]
        if after and view.lower[after[0]] in words.particles:
            patterns.append(f"{lemma} {view.lower[after[0]]}")
        verb, noun = _parts_of_speech(sp, k, words)
        for pattern in patterns:
            shapes = [("verb", ["subj"], [tail]) for tail in ["obj", *preps] if verb]
            shapes += [("noun", list(NOUN_HEADS), [p]) for p in preps if noun]
            for pos, head, tail in shapes:
                rec = {"type": rel_type, "pattern": pattern, "pos": pos, "head": head, "tail": tail}
                key = (pattern, pos, tail[0])
                if key not in seen and f"{rel_type}:{pattern}:{pos}" not in words.known:
                    seen.add(key)
                    yield rec


def _parts_of_speech(sp: SentencePairs, k: int, words: LearningWords) -> tuple[bool, bool]:
    """Whether token k may be a verb, and a noun: by its tag when the sentence is parsed; else
    a verb is a past form ('-ed', or an irregular one: 'sent', 'held') or a participle
    ('-ing') after no determiner, and a noun no '-ed' form."""
    view, parse = sp.view, sp.view.parse.get(sp.sent.start)
    tags = parse.get("tags") if parse is not None else None
    if tags:
        tag = tags[k - sp.sent.start]
        return tag.startswith("VB"), tag.startswith("NN")
    word, lemma = view.lower[k], view.lemmas[k]
    after_determiner = k > sp.sent.start and view.lower[k - 1] in words.determiners
    past = word.endswith("ed") or (lemma != word and not word.endswith("s"))
    return past and not after_determiner, not word.endswith("ed")


def _trigger_words(sp: SentencePairs, a: Actor, b: Actor) -> list[int]:
    """The tokens that may be the trigger of a pair: on the dependency path between the two
    when the sentence is parsed, else between them and WINDOW words around; no actor's."""
    view, sent = sp.view, sp.sent
    taken = {t for x in sp.actors for t in range(x.start, x.end)}
    parse = view.parse.get(sent.start)
    path = dependency_path(parse, sent.start, a, b) if parse is not None else None
    tokens = path if path else view.non_space(max(sent.start, a.start - WINDOW), min(sent.end, b.end + WINDOW))
    return [k for k in tokens if k not in taken and view.ents.covering(k) is None]


def _proposes(rel, base: TriggerIndex, doc: Doc, sp: SentencePairs, a: Actor, b: Actor, cls: str,
              rec: dict) -> bool:
    """Whether the candidate, added to the lexicon's triggers, proposes the class of (a, b)."""
    rel.triggers = WithCandidates(base, [rec])
    pattern = trigger_from_record(rec).id
    for other in rel.sentence_pairs(doc, only={sp.view.sentence_of(sp.sent.start)}):
        if any(p.pattern == pattern and _class(p, a) == cls for p in other.proposals.get((a, b), [])):
            return True
    return False


def _key(rec: dict) -> tuple:
    return rec["type"], rec["pattern"], rec["pos"]


def _merge(merged: dict, rec: dict, sp: SentencePairs) -> None:
    """Add a candidate to the one of its pattern (type, words and part of speech): the roles
    of both, the example sentence of the first."""
    key = _key(rec)
    known = merged.get(key)
    if known is None:
        text = sp.view.doc.text[sp.sent.start_char:sp.sent.end_char]
        merged[key] = {**rec, "source": "learned", "example": " ".join(text.split())[:MAX_EXAMPLE]}
        return
    for role in ("head", "tail"):
        known[role] = list(dict.fromkeys(known[role] + rec[role]))


def _tallied(rel, docs: Sequence[Doc], records: Sequence[dict]) -> list[dict]:
    """The records with `count` (annotated relations their pattern proposes over the Docs),
    `contradicted` (other pairs it proposes) and `confidence`."""
    ids = {trigger_from_record(r).id: i for i, r in enumerate(records)}
    hits: list[set] = [set() for _ in records]
    misses: list[set] = [set() for _ in records]
    for d, doc in enumerate(docs):
        for sp in rel.sentence_pairs(doc):
            for (a, b), props in sp.proposals.items():
                labels = gold_labels(sp, a, b, doc._.relations or [])
                for p in props:
                    i = ids.get(p.pattern)
                    if i is not None:
                        cls = _class(p, a)
                        (hits if cls in labels else misses)[i].add((d, sp.sent.start, a.ent, b.ent, cls))
    out = []
    for rec, hit, miss in zip(records, hits, misses):
        count, contradicted = len(hit), len(miss)
        confidence = round(min(MAX_CONFIDENCE, count / (count + contradicted + 1)), 3)
        out.append({**rec, "confidence": confidence, "count": count, "contradicted": contradicted})
    return out
