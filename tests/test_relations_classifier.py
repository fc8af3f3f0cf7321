"""The pair classifier: learns a relation no rule knows, serialises as plain data."""
from pathlib import Path
import numpy as np
import pytest
import spacy
from spacy.training import Example

from extractor.extensions import install_extensions
from extractor.relations.classifier import PairClassifier
from extractor.schema import GoldDocument
from extractor.train import gold_to_doc

STATES = [("Freedonia", "FRE"), ("Sylvania", "SYL"), ("Ruritania", "RUR"), ("Latveria", "LAT"),
          ("Genovia", "GEN"), ("Elbonia", "ELB"), ("Krakozhia", "KRA"), ("Zubrowka", "ZUB")]


def toy_gold(doc_id: str, a: tuple, b: tuple, related: bool) -> GoldDocument:
    """'A zorbled B.' is THREATEN A -> B; 'A and B are neighbours.' is nothing."""
    middle = " zorbled " if related else " and "
    text = a[0] + middle + b[0] + ("." if related else " are neighbours.")
    start_b = len(a[0]) + len(middle)
    ents = [
        {"id": "e1", "text": a[0], "label": "STATE", "start": 0, "end": len(a[0]), "kb_id": a[1], "state": a[1]},
        {"id": "e2", "text": b[0], "label": "STATE", "start": start_b, "end": start_b + len(b[0]),
         "kb_id": b[1], "state": b[1]},
    ]
    rels = [{"type": "THREATEN", "head": "e1", "tail": "e2", "evidence": [0, len(text)]}] if related else []
    return GoldDocument(doc_id=doc_id, text=text, entities=ents, relations=rels)


@pytest.fixture()
def nlp():
    install_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("extractor_relations", config={"threshold": 0.5, "classify_unproposed": True})
    return nlp


def toy_docs(nlp):
    golds = [toy_gold(f"t{i}", STATES[i], STATES[(i + 1) % 6], related=i % 2 == 0) for i in range(6)]
    return [gold_to_doc(nlp, g) for g in golds]


def relation_triples(doc):
    return {(r["type"], doc.ents[r["head"]].text, doc.ents[r["tail"]].text) for r in doc._.relations}


def test_relations_classifier_learns_a_toy_relation_and_predicts_it_on_a_new_doc(nlp):
    rel = nlp.get_pipe("extractor_relations")
    new = gold_to_doc(nlp, toy_gold("new", STATES[6], STATES[7], related=True))
    new._.relations = None
    assert relation_triples(rel(new)) == set()  # no rule knows 'zorble'
    stats = rel.fit(toy_docs(nlp), seed=0)
    assert stats == {"pairs": 6, "positive_pairs": 3, "thresholds": {}}  # 3 THREATEN: below the minimum
    rel.classify_unproposed = False
    assert relation_triples(rel(new)) == set()  # without the option only rule pairs are classified
    rel.classify_unproposed = True
    found = rel(new)._.relations
    assert relation_triples(new) == {("THREATEN", "Krakozhia", "Zubrowka")}
    assert 0.5 <= found[0]["confidence"] <= 1.0
    unrelated = gold_to_doc(nlp, toy_gold("neg", STATES[6], STATES[7], related=False))
    assert relation_triples(rel(unrelated)) == set()


def test_relations_fit_is_deterministic_for_a_seed(nlp):
    rel = nlp.get_pipe("extractor_relations")
    rel.fit(toy_docs(nlp), seed=3)
    first = rel.classifier.coef.copy()
    rel.fit(toy_docs(nlp), seed=3)
    assert np.array_equal(first, rel.classifier.coef)


def test_relations_component_round_trips_to_disk_and_bytes(nlp, tmp_path):
    rel = nlp.get_pipe("extractor_relations")
    rel.fit(toy_docs(nlp), seed=0)
    nlp.to_disk(tmp_path / "pipe")
    assert not list((tmp_path / "pipe").rglob("*.pkl"))
    loaded = spacy.load(tmp_path / "pipe").get_pipe("extractor_relations")
    for related in (True, False):
        gold = toy_gold("x", STATES[4], STATES[5], related=related)
        mine, theirs = gold_to_doc(nlp, gold), gold_to_doc(nlp, gold)
        assert loaded(theirs)._.relations == rel(mine)._.relations
    assert relation_triples(theirs) == set() and relation_triples(mine) == set()
    assert relation_triples(loaded(gold_to_doc(nlp, toy_gold("y", STATES[4], STATES[5], True)))) == {
        ("THREATEN", "Genovia", "Elbonia")}
    other = spacy.blank("en")
    other.add_pipe("sentencizer")
    other.add_pipe("extractor_relations", config={"threshold": 0.5}).from_bytes(rel.to_bytes())
    assert other.get_pipe("extractor_relations").classifier.classes == rel.classifier.classes


def test_relations_classifier_arrays_load_without_pickle(tmp_path):
    clf = PairClassifier().fit([["x"], ["y"], ["x", "z"]], [{"AID:fwd"}, set(), {"AID:fwd"}])
    clf.to_disk(tmp_path)
    coef = np.load(tmp_path / "coef.npy", allow_pickle=False)
    assert coef.shape == (1, 3)
    again = PairClassifier.from_disk(tmp_path)
    assert again.predict([["x"]]) == clf.predict([["x"]])
    assert again.predict([["x"]])[0]["AID:fwd"] > 0.5 > again.predict([["y"]])[0]["AID:fwd"]
    assert PairClassifier.from_bytes(clf.to_bytes()).predict([["z"]]) == clf.predict([["z"]])


def test_relations_unfitted_classifier_predicts_nothing_and_empty_fit_fails():
    assert PairClassifier().predict([["x"]]) == [{}]
    with pytest.raises(ValueError, match="no candidate pairs"):
        PairClassifier().fit([], [])


def test_relations_score_reports_prf_through_the_package_scorer(nlp):
    rel = nlp.get_pipe("extractor_relations")
    references = toy_docs(nlp)[:2]
    predicted = [gold_to_doc(nlp, toy_gold(f"t{i}", STATES[i], STATES[i + 1], related=True)) for i in range(2)]
    for doc in predicted:
        doc._.relations = [dict(r, confidence=0.9) for r in doc._.relations]
    scores = rel.score([Example(p, r) for p, r in zip(predicted, references)])
    assert scores["rel_micro_p"] == 0.5 and scores["rel_micro_r"] == 1.0
    assert scores["rel_per_type"]["THREATEN"]["fp"] == 1


def test_relations_classifier_batch_equals_one_by_one_and_ignores_unknown_names():
    X = [["x"], ["y"], ["x", "z"]]
    clf = PairClassifier().fit(X, [{"AID:fwd"}, set(), {"AID:fwd"}])
    batch = clf.predict(X + [[], ["unknown"], ["x", "x"]])
    assert batch[:3] == [clf.predict([names])[0] for names in X]
    bias_only = 1.0 / (1.0 + np.exp(-clf.intercept[0]))
    assert batch[3]["AID:fwd"] == pytest.approx(bias_only) and batch[4] == batch[3]
    assert batch[5] == batch[0]  # a feature named twice counts once, as in training
    weights = dict(zip(clf.vocab, clf.coef[0]))
    assert batch[2]["AID:fwd"] == pytest.approx(1 / (1 + np.exp(-(clf.intercept[0] + weights["x"] + weights["z"]))))
    assert clf.predict([]) == []


def test_relations_decide_keeps_unproposed_classes_at_their_types_threshold():
    """`decide`'s quick floor test passes over no class the plain per-type rule keeps."""
    import random

    from extractor.relations.sentence import SentencePairs, decide

    sp = SentencePairs(view=None, sent=None, actors=[], pairs=[], matches=[])
    rng = random.Random(0)
    classes = [f"{t}:{d}" for t in ("AID", "ASSAULT", "CONSULT", "SANCTION") for d in ("fwd", "rev")]
    limits = [0.5, 0.97, {"default": 1.01}, {"AID": 0.3, "default": 0.8}, {"ASSAULT": 0.6}, {}]
    for _ in range(200):
        probs = {cls: rng.random() for cls in classes}
        for limit in limits:
            def least(cls):
                if not isinstance(limit, dict):
                    return limit
                return limit.get(cls.split(":")[0], limit.get("default", 1.01))
            kept = [(cls, None, p, "classifier") for cls, p in probs.items() if p >= least(cls)]
            assert decide(sp, None, None, probs, limit, 0.0) == kept
