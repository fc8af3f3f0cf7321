"""The relation component: triggers and roles -> proposals -> classifier -> doc._.relations.

How rules and the classifier combine, per candidate pair and relation class (type and
direction):
- a rule proposal with confidence r is kept unless the fitted classifier gives the class
  a probability p below `veto`; its confidence is the noisy-or 1 - (1 - r)(1 - p) (just r
  when no classifier is fitted);
- a class no rule proposed (on any candidate pair) is kept when p reaches its type's
  threshold (`thresholds`, chosen on held-out folds of the gold by `fit`, only for types
  with at least `thresholds.MIN_EXAMPLES` annotated relations and only where the folds
  show it helps: see extractor.relations.thresholds); with `classify_unproposed`, the
  other types at `threshold`, else never (below the minimum the classifier only rescores);
- a class the classifier never saw in training has no say (the rule decides).
Each relation's `negated`, `modality` and `date` come from the clause of its anchor (the
trigger, else the later mention); a conflict act that is only threatened ("threatened to
strike") becomes THREATEN; third-party speculation gives none. `evidence` is the
sentence, `mode` comes from the CONSULT trigger, `role` from the title, and `pattern` and
`source` say which lexicon entry or rule proposed it and what decided it (rules, parse or
classifier). With a parse of the sentence (the optional `extractor_parser` component) the
roles are read from it, else from the words around the trigger.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Callable, Container, Iterable, Optional

import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import from_disk, to_disk

from .base import BatchedComponent, UsesKnowledge
from ..extensions import install_extensions
from ..lexicon import Lexicon, build_lexicon
from ..relations.actors import INTERACTION_LABELS, Actor, references, sentence_actors
from ..relations.classifier import PairClassifier
from ..relations.context import Context, ContextWords
from ..relations.features import pair_features
from ..relations.learning import LearningWords
from ..relations.parsed import ParsedRoles
from ..relations.roles import RoleWords, SurfaceRoles
from ..relations.scoring import score_relations
from ..relations.sentence import SentencePairs, decide, gold_labels, is_static, relation_valid
from ..relations.thresholds import PairRow, fold_thresholds
from ..relations.titles import TitleLexicon
from ..relations.triggers import TriggerIndex, trigger_from_record
from ..relations.view import ACTOR_LABELS, DocView

LOOKBACK = 200  # entities an implicit argument looks back over


@Language.factory(
    "extractor_relations",
    requires=["doc.ents", "doc.sents"],
    assigns=["doc._.relations"],
    default_config={
        "candidates": {"@misc": "extractor.sentence_pairs.v1", "max_distance": 40},
        "lexicon": {"@misc": "extractor.lexicon.v1"},
        "threshold": 0.95,
        "veto": 0.0,
        "c": 1.0,
        "classify_unproposed": False,
    },
    default_score_weights={"rel_micro_f": 1.0, "rel_micro_p": 0.0, "rel_micro_r": 0.0, "rel_per_type": None},
)
def make_relation_extractor(nlp: Language, name: str, candidates: Callable, lexicon: Lexicon, threshold: float,
                            veto: float, c: float, classify_unproposed: bool):
    """Create the relation component (see the module docstring)."""
    return RelationExtractor(nlp, name, candidates=candidates, lexicon=lexicon, threshold=threshold, veto=veto, c=c,
                             classify_unproposed=classify_unproposed)


def relation_score(examples: Iterable, **kwargs) -> dict:
    """Relation P/R/F (SCHEMA.md scoring) of Examples: predicted vs reference docs."""
    return score_relations(examples)


class RelationExtractor(UsesKnowledge, BatchedComponent):
    """Fills doc._.relations from the entities of each sentence."""

    def __init__(self, nlp: Language, name: str, *, candidates: Callable, lexicon: Lexicon, threshold: float,
                 veto: float, c: float = 1.0, classify_unproposed: bool = False):
        install_extensions()
        self.name, self.candidates = name, candidates
        self.threshold, self.veto, self.c, self.classify_unproposed = threshold, veto, c, classify_unproposed
        self.thresholds: dict = {}
        self.learned: list[dict] = []
        self.classifier = PairClassifier()
        self.forms: dict = {}  # spaCy's orth hash -> its Form (relations.view), read once per word
        self.set_knowledge(None, lexicon)

    def set_knowledge(self, kb, lexicon: Lexicon) -> None:
        """Use this lexicon's triggers (and the learned ones), titles and cue words."""
        super().set_knowledge(None, lexicon)
        records = [(r, "lexicon") for r in lexicon.trigger_records()] + [(r, "learned") for r in self.learned]
        self.triggers = TriggerIndex((trigger_from_record(r, source) for r, source in records),
                                     lexicon.words("relations.prepositions"),
                                     lexicon.words("relations.articles_and_possessives"),
                                     lexicon.words("relations.noun_prepositions"), lexicon.words("relations.auxiliaries"))
        self.titles = TitleLexicon.from_lexicon(lexicon)
        self.role_words, self.context_words = RoleWords(lexicon), ContextWords(lexicon)
        self.cues = lexicon.words("features.cues")
        self.function_words = LearningWords(lexicon).skip
        self.other_side_kinds = lexicon.words("actors.other_side_kinds")
        self.accusation_nouns = lexicon.words("relations.accusation_nouns")

    def set_learned(self, records: list[dict]) -> None:
        """Add triggers learned from annotations (kept with the pipeline, marked learned)."""
        self.learned = list(records)
        self.set_knowledge(None, self.lexicon)

    def __call__(self, doc: Doc) -> Doc:
        """Find and classify candidate pairs; write doc._.relations."""
        self.set_annotations(doc, self.predict(doc))
        return doc

    def sentence_pairs(self, doc: Doc, only: Optional[Container[int]] = None) -> list[SentencePairs]:
        """Per sentence with actors (of the sentence indexes `only`, when given): its actors,
        trigger matches, rule proposals and candidate pairs."""
        view = DocView(doc, self.forms, self.other_side_kinds)
        ents, refs = view.ents, references(view)
        named: dict[int, list[int]] = {}
        dates: dict[int, list[tuple]] = {}
        for i, (label, start) in enumerate(zip(ents.labels, ents.starts)):
            k = view.sentence_of(start)
            if label in ACTOR_LABELS:
                named.setdefault(k, []).append(i)
            elif label == "DATE":
                dates.setdefault(k, []).append((i, start, ents.ends[i]))
        built, implicit = [], _Implicit(view, self.accusation_nouns)
        for k in sorted(set(named) | set(refs)):
            if only is not None and k not in only:
                continue
            sent = view.sentence(k)
            actors = sentence_actors(view, sent, named.get(k, []), refs.get(k, []))
            if not actors:
                continue
            # no trigger word inside a name ("Rapid Support Forces", "in March")
            matches = self.triggers.match(view.lower, view.lemmas, view.non_space(sent.start, sent.end),
                                          view.in_entity.__getitem__)
            if len(actors) < 2 and not matches:
                continue
            roles_of = self._roles_of(view, sent, matches)
            built.append(SentencePairs.build(view, sent, actors, matches, self.candidates, self.titles, roles_of,
                                             implicit.tail, dates.get(k, []), self.role_words))
            implicit.record(built[-1])
        return built

    def _roles_of(self, view: DocView, sent, matches) -> Callable:
        parse = view.parse.get(sent.start)
        if parse is not None:
            return lambda pool: ParsedRoles(view, sent, pool, matches, self.role_words, parse)
        return lambda pool: SurfaceRoles(view, sent, pool, matches, self.role_words)

    def pair_features(self, sp: SentencePairs, a: Actor, b: Actor) -> list[str]:
        """The classifier features of the pair (a, b) of a sentence."""
        return pair_features(sp.view, a, b, sp.actors_between(a, b), sp.near_matches(a, b),
                             sp.proposals.get((a, b), []), self.cues, self.context_words, self.function_words)

    def predict(self, doc: Doc) -> list[dict]:
        """The relations of a Doc as dicts (the doc._.relations format)."""
        fitted = self.classifier.is_fitted
        unproposed = fitted and (self.classify_unproposed or bool(self.thresholds))
        pairs = [(sp, a, b) for sp in self.sentence_pairs(doc) for a, b in sp.pairs
                 if unproposed or (a, b) in sp.proposals]
        probs = self.classifier.predict([self.pair_features(*pair) for pair in pairs]) if fitted else [None] * len(pairs)
        relations, limits, context = [], self._unproposed_limits(), None
        for (sp, a, b), p in zip(pairs, probs):
            if context is None or context.view is not sp.view:  # one per Doc: it keeps each sentence's cues
                context = Context(sp.view, self.context_words)
            for cls, prop, conf, source in decide(sp, a, b, p, limits, self.veto):
                rel = _relation(sp, context, cls, a, b, prop, conf, source)
                if rel is not None:
                    relations.append(rel)
        return _dedupe(relations)

    def _unproposed_limits(self) -> dict:
        """Per type, the least probability of a class no rule proposed: the fold-chosen
        thresholds; for other types `threshold` with `classify_unproposed`, else never."""
        return {**self.thresholds, "default": self.threshold if self.classify_unproposed else 1.01}

    def set_annotations(self, doc: Doc, relations: list[dict]) -> None:
        """Write the relations to the Doc."""
        doc._.relations = relations

    def fit(self, docs: Iterable[Doc], *, seed: int = 0) -> dict:
        """Fit the classifier on Docs holding gold entities and gold doc._.relations, and
        choose on folds of them the thresholds of the types it may propose on pairs no rule
        proposes (`extractor.relations.thresholds`).

        docs (Iterable[Doc]): training Docs (sentences, gold ents, span extensions set).
        seed (int): the solver's random_state and the folds' shuffle.
        RETURNS (dict): counts of training pairs and positive pairs, and the thresholds.
        """
        per_doc = [self._rows(doc) for doc in docs]
        rows = [row for doc in per_doc for row in doc]
        self.classifier = self._fit([r.features for r in rows], [r.gold for r in rows], seed)
        self.thresholds = fold_thresholds(per_doc, lambda X, y: self._fit(X, y, seed), seed=seed)
        return {"pairs": len(rows), "positive_pairs": sum(1 for r in rows if r.gold),
                "thresholds": dict(self.thresholds)}

    def _fit(self, X: list, y: list, seed: int) -> PairClassifier:
        return PairClassifier().fit(X, y, seed=seed, C=self.c)

    def _rows(self, doc: Doc) -> list[PairRow]:
        """The candidate pairs of a gold Doc: features, gold classes, the rules' classes."""
        rows = []
        for sp in self.sentence_pairs(doc):
            for a, b in sp.pairs:
                rules = {cls for cls, *_ in decide(sp, a, b, None, 1.01, 0.0)}
                rows.append(PairRow(self.pair_features(sp, a, b), gold_labels(sp, a, b, doc._.relations or []), rules))
        return rows

    def score(self, examples: Iterable, **kwargs) -> dict:
        """Relation P/R/F1 of Examples (rel_micro_p/r/f, rel_per_type)."""
        return relation_score(examples)

    def to_disk(self, path, *, exclude=tuple()) -> None:
        """Save the classifier (JSON + .npy), its thresholds, the learned triggers and the
        user's lexicon entries (JSONL)."""
        serialize = {
            "classifier": lambda p: self.classifier.to_disk(p),
            "thresholds.json": lambda p: srsly.write_json(p, self.thresholds),
            "learned_triggers.jsonl": lambda p: srsly.write_jsonl(p, self.learned),
            "knowledge": self.knowledge_to_disk,
        }
        to_disk(path, serialize, exclude)

    def from_disk(self, path, *, exclude=tuple()) -> "RelationExtractor":
        """Load what `to_disk` saved; the lexicon's own triggers come from the package."""
        deserialize = {
            "classifier": lambda p: setattr(self, "classifier", PairClassifier.from_disk(p)),
            "thresholds.json": lambda p: setattr(self, "thresholds", srsly.read_json(p) if p.exists() else {}),
            "learned_triggers.jsonl": lambda p: setattr(self, "learned", list(srsly.read_jsonl(p)) if p.exists() else []),
            "knowledge": self.knowledge_from_disk,
        }
        lexicon, learned = self.lexicon, self.learned
        from_disk(path, deserialize, exclude)
        if self.lexicon is lexicon and self.learned != learned:  # else `knowledge_from_disk` rebuilt it
            self.set_knowledge(None, self.lexicon)  # (a rebuild costs a fifth of the load time)
        return self

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        """Serialise the classifier, thresholds, learned triggers and user lexicon entries."""
        return srsly.msgpack_dumps({"classifier": self.classifier.to_bytes(), "thresholds": self.thresholds,
                                    "learned": self.learned, "lexicon": self.lexicon.user_records})

    def from_bytes(self, raw: bytes, *, exclude=tuple()) -> "RelationExtractor":
        """Load what `to_bytes` wrote."""
        data = srsly.msgpack_loads(raw)
        self.classifier = PairClassifier.from_bytes(data["classifier"])
        self.thresholds, self.learned = data.get("thresholds", {}), data.get("learned", [])
        self.set_knowledge(None, build_lexicon(data.get("lexicon", [])))
        return self


def _relation(sp: SentencePairs, context: Context, cls: str, a: Actor, b: Actor, prop, conf: float,
              source: str) -> Optional[dict]:
    """The relation dict of a class of a pair, None when its arguments do not fit or the
    event is speculation."""
    found = relation_valid(sp.view, cls, a, b)
    if found is None:
        return None
    rel_type, head, tail = found
    static = is_static(rel_type)
    anchor = prop.trigger if prop is not None and prop.trigger is not None else max(a.start, b.start)
    anchor = min(anchor, sp.sent.end - 1)
    modality = "asserted" if static else context.modality(sp.sent, anchor)
    if modality is None or (not static and rel_type != "CONSULT" and context.unasserted(sp.sent, anchor)):
        return None  # speculation by a third party, or an act only asked for or charged
    if not static and context.threatened(sp.sent, anchor, rel_type):
        rel_type, modality = "THREATEN", "asserted"
    return {
        "type": rel_type, "head": head.ent, "tail": tail.ent,
        "date": None if static else context.date(sp.sent, anchor, sp.dates),
        "negated": False if static else context.negated(sp.sent, anchor),
        "evidence": (sp.sent.start_char, sp.sent.end_char),
        "confidence": round(float(min(max(conf, 0.0), 1.0)), 4),
        "role": prop.role if prop is not None and static else None,
        "mode": _mode(sp, prop, anchor) if rel_type == "CONSULT" else None,
        "modality": modality,
        "pattern": prop.pattern if prop is not None else None,
        "source": source,
    }


def _mode(sp: SentencePairs, prop, anchor: int) -> Optional[str]:
    """The CONSULT mode: the proposal's, else that of the sentence's nearest CONSULT trigger."""
    if prop is not None and prop.mode:
        return prop.mode
    return sp.nearest_mode(anchor)


class _Implicit:
    """The unnamed tail of a trigger: of sanctions ("pursuing sanctions") the nearest earlier
    STATE of another party than its heads; of a rejected accusation ("Washington rejected the
    accusation") the latest earlier accuser of the heads' party, by the proposals so far."""

    def __init__(self, view: DocView, accusation_nouns: frozenset = frozenset()) -> None:
        self.view, self.accusation_nouns = view, accusation_nouns
        self.accusations: list[tuple[Actor, set]] = []  # (accuser, the accused's keys), in text order

    def record(self, sp: SentencePairs) -> None:
        """Keep the ACCUSE proposals of a sentence just built."""
        for props in sp.proposals.values():
            for p in props:
                if p.type == "ACCUSE" and not p.head.virtual:
                    self.accusations.append((p.head, self._keys([p.tail])))

    def tail(self, heads: list[Actor], match) -> Optional[Actor]:
        if match.trigger.type == "REJECT":
            return self._accuser(heads, match) if match.trigger.words[-1] in self.accusation_nouns else None
        return self._earlier_state(heads, match)

    def _keys(self, actors: list[Actor]) -> set:
        ents, keys = self.view.ents, set()
        for a in actors:
            keys |= {ents.kb_ids[a.ent], ents.states[a.ent], ents.keys[a.ent]}
        keys.discard(None)
        return keys

    def _accuser(self, heads: list[Actor], match) -> Optional[Actor]:
        own = self._keys(heads)
        for accuser, accused in reversed(self.accusations):
            if accused & own and not self._keys([accuser]) & own and accuser.start < match.start:
                return Actor(accuser.ent, match.end, match.end, accuser.label, True)
        return None

    def _earlier_state(self, heads: list[Actor], match) -> Optional[Actor]:
        ents, own = self.view.ents, self._keys(heads)
        first = min(h.start for h in heads)
        k = bisect_left(ents.starts, first)
        for i in range(k - 1, max(k - LOOKBACK, 0) - 1, -1):
            if ents.labels[i] == "STATE" and not own & {ents.kb_ids[i], ents.keys[i]}:
                return Actor(i, match.end, match.end, "STATE", True)
        return None


def _dedupe(relations: list[dict]) -> list[dict]:
    """One relation per (type, head, tail, negated), the most confident."""
    best: dict[tuple, dict] = {}
    for rel in relations:
        key = (rel["type"], rel["head"], rel["tail"], rel["negated"])
        if key not in best or rel["confidence"] > best[key]["confidence"]:
            best[key] = rel
    return sorted(best.values(), key=lambda r: (r["evidence"][0], r["head"], r["tail"], r["type"]))


__all__ = ["RelationExtractor", "INTERACTION_LABELS"]
