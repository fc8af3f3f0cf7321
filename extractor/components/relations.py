"""The relation component: candidate pairs -> rules + classifier -> doc._.relations.

How rules and the classifier combine ("rules propose, the classifier confirms,
vetoes or adds"), per candidate pair and relation class (type and direction):
- a rule proposal with confidence r is kept unless the fitted classifier gives
  the class a probability p below `veto`; its confidence is the noisy-or
  1 - (1 - r)(1 - p) (just r when no classifier is fitted);
- without a rule, the class is kept when p >= `threshold`, with confidence p
  (only with `classify_unproposed`; by default pairs no rule proposed are not
  classified, which halves the component's time: see bench/RESULTS.md);
- a class the classifier never saw in training has no say (the rule decides).
Defaults (threshold 0.95, veto 0.0) are what leave-one-document-out measured
best over the 2 gold and 28 synthetic documents: with so few training pairs
every veto lost more true rule relations than false ones, and additions below
0.95 were mostly wrong, so today the classifier mainly grades the confidence
of rule relations. Lower `threshold` and raise `veto` as the annotations grow.
`negated` and `date` come from the clause of the anchor (the trigger, else the
later mention); `evidence` is the sentence; `mode` comes from the CONSULT
trigger, `role` from the title.
"""
from __future__ import annotations

from typing import Callable, Iterable, Optional

import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import from_disk, to_disk

from .base import BatchedComponent, UsesKnowledge
from ..extensions import install_extensions
from ..lexicon import Lexicon, build_lexicon
from ..relations.candidates import ActorFinder, DocView, LexemeTable
from ..relations.classifier import PairClassifier
from ..relations.features import PairColumns
from ..relations.lexicon import TriggerIndex, triggers_from_records
from ..relations.predict import SentencePairs, decide, gold_labels
from ..relations.scoring import score_relations
from ..relations.titles import TitleLexicon


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
        self.c = c
        self.classify_unproposed = classify_unproposed
        self.name = name
        self.candidates = candidates
        self.threshold = threshold
        self.veto = veto
        self.set_knowledge(None, lexicon)
        self.classifier = PairClassifier()
        self.lexemes = LexemeTable()

    def set_knowledge(self, kb, lexicon: Lexicon) -> None:
        """Use this lexicon's triggers and titles."""
        super().set_knowledge(None, lexicon)
        self.triggers = TriggerIndex(triggers_from_records(lexicon.triggers))
        self.titles = TitleLexicon.from_lexicon(lexicon)

    def __call__(self, doc: Doc) -> Doc:
        """Find and classify candidate pairs; write doc._.relations."""
        self.set_annotations(doc, self.predict(doc))
        return doc

    def sentence_pairs(self, doc: Doc, unproposed: bool = True) -> list[SentencePairs]:
        """Per sentence with two actors: its actors, candidate pairs, trigger matches and
        rule proposals; sentences no rule proposes for are left out unless `unproposed`."""
        view = DocView(doc, self.lexemes)
        finder = ActorFinder(view)
        built = (
            SentencePairs.build(view, sent, actors, self.candidates, self.triggers, self.titles,
                                finder.implicit_tail, finder.dates.get(sent.start, []), unproposed)
            for sent, actors in finder.sentences()
        )
        return [sp for sp in built if sp is not None]

    def predict(self, doc: Doc) -> list[dict]:
        """The relations of a Doc as dicts (the doc._.relations format)."""
        unproposed = self.classify_unproposed and self.classifier.is_fitted
        pairs = [
            (sp, a, b) for sp in self.sentence_pairs(doc, unproposed)
            for a, b in sp.pairs if unproposed or (a, b) in sp.proposals
        ]
        relations = []
        for (sp, a, b), probs in zip(pairs, self._probabilities(pairs)):
            relations.extend(decide(sp, a, b, probs, self.threshold, self.veto))
        return _dedupe(relations)

    def _probabilities(self, pairs: list[tuple]) -> list[Optional[dict]]:
        """Classifier probabilities of (sentence, a, b) pairs, all in one batch; None
        without a fitted classifier. Only pairs a rule proposed are classified unless
        `classify_unproposed` (features are most of this component's cost, and
        additions were measured not to help)."""
        if not self.classifier.is_fitted:
            return [None] * len(pairs)
        columns = PairColumns(self.classifier)
        return self.classifier.predict_columns_batch([columns(*sp.parts(a, b)) for sp, a, b in pairs])

    def set_annotations(self, doc: Doc, relations: list[dict]) -> None:
        """Write the relations to the Doc."""
        doc._.relations = relations

    def fit(self, docs: Iterable[Doc], *, seed: int = 0) -> dict:
        """Fit the classifier on Docs holding gold entities and gold doc._.relations.

        docs (Iterable[Doc]): training Docs (sentences, gold ents, span extensions set).
        seed (int): the solver's random_state.
        RETURNS (dict): counts of training pairs and positive pairs.
        """
        X, y = [], []
        for doc in docs:
            for sp in self.sentence_pairs(doc):
                for a, b in sp.pairs:
                    X.append(sp.features(a, b))
                    y.append(gold_labels(sp, a, b, doc._.relations or []))
        self.classifier = PairClassifier().fit(X, y, seed=seed, C=self.c)
        return {"pairs": len(X), "positive_pairs": sum(1 for labels in y if labels)}

    def score(self, examples: Iterable, **kwargs) -> dict:
        """Relation P/R/F1 of Examples (rel_micro_p/r/f, rel_per_type)."""
        return relation_score(examples)

    def to_disk(self, path, *, exclude=tuple()) -> None:
        """Save the classifier (JSON + .npy) and the user's lexicon entries (JSONL)."""
        serialize = {"classifier": lambda p: self.classifier.to_disk(p), "knowledge": self.knowledge_to_disk}
        to_disk(path, serialize, exclude)

    def from_disk(self, path, *, exclude=tuple()) -> "RelationExtractor":
        """Load what `to_disk` saved; the triggers and titles come from the lexicon."""
        deserialize = {"classifier": lambda p: setattr(self, "classifier", PairClassifier.from_disk(p)),
                       "knowledge": self.knowledge_from_disk}
        from_disk(path, deserialize, exclude)
        return self

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        """Serialise the classifier and the user's lexicon entries (msgpack of plain data)."""
        return srsly.msgpack_dumps({"classifier": self.classifier.to_bytes(),
                                    "lexicon": self.lexicon.user_records})

    def from_bytes(self, raw: bytes, *, exclude=tuple()) -> "RelationExtractor":
        """Load what `to_bytes` wrote."""
        data = srsly.msgpack_loads(raw)
        self.classifier = PairClassifier.from_bytes(data["classifier"])
        self.set_knowledge(None, build_lexicon(data.get("lexicon", [])))
        return self


def _dedupe(relations: list[dict]) -> list[dict]:
    """One relation per (type, head, tail, negated), the most confident."""
    best: dict[tuple, dict] = {}
    for rel in relations:
        key = (rel["type"], rel["head"], rel["tail"], rel["negated"])
        if key not in best or rel["confidence"] > best[key]["confidence"]:
            best[key] = rel
    return sorted(best.values(), key=lambda r: (r["evidence"][0], r["head"], r["tail"], r["type"]))
