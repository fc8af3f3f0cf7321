"""The classifier proposes pairs no rule proposes, for types with enough training data,
at thresholds chosen on folds of the training gold."""
import json

import pytest
import spacy

from extractor.extensions import install_extensions
from extractor.relations.classifier import PairClassifier
from extractor.relations.thresholds import MIN_EXAMPLES, PairRow, fold_thresholds
from extractor.schema import GoldDocument
from extractor.train import gold_to_doc

NAMES = ["Freedonia", "Sylvania", "Ruritania", "Latveria", "Genovia", "Elbonia", "Krakozhia", "Zubrowka",
         "Bozatta", "Carpania", "Dalmeria", "Estovakia", "Florin", "Guilder", "Hidalgo", "Illyria"]
RELATED = ["{a} zorbled {b}.", "{a} zorbled {b} on Monday.", "{a} zorbled {b} over the border."]
UNRELATED = ["{a} and {b} are neighbours.", "{a} and {b} share a long border.", "{a}, like {b}, exports grain."]


def passage(doc_id: str, template: str, a: str, b: str, rel_type: str = "THREATEN") -> GoldDocument:
    """A one-sentence document with two STATE mentions, a -> b of rel_type when the
    template says 'zorbled'."""
    text = template.format(a=a, b=b)
    spans = [(text.index(a), a), (text.index(b), b)]
    ents = [{"id": f"e{i}", "text": name, "label": "STATE", "start": start, "end": start + len(name),
             "kb_id": name[:3].upper(), "state": name[:3].upper()} for i, (start, name) in enumerate(spans)]
    rels = [{"type": rel_type, "head": "e0", "tail": "e1", "evidence": [0, len(text)]}] if "zorbled" in template else []
    return GoldDocument(doc_id=doc_id, text=text, entities=ents, relations=rels)


def training(n_related: int, n_unrelated: int = 12) -> list[GoldDocument]:
    pairs = [(NAMES[i % 16], NAMES[(i * 5 + 3) % 16]) for i in range(n_related + n_unrelated)]
    docs = [passage(f"r{i}", RELATED[i % 3], *pairs[i]) for i in range(n_related)]
    return docs + [passage(f"u{i}", UNRELATED[i % 3], *pairs[n_related + i]) for i in range(n_unrelated)]


@pytest.fixture()
def nlp():
    install_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("extractor_relations")  # the shipped settings: classify_unproposed off
    return nlp


def found(nlp, text_template: str, a: str, b: str) -> set:
    doc = gold_to_doc(nlp, passage("unseen", text_template, a, b))
    doc._.relations = None
    doc = nlp.get_pipe("extractor_relations")(doc)
    return {(r["type"], doc.ents[r["head"]].text, doc.ents[r["tail"]].text, r["source"]) for r in doc._.relations}


def test_propose_a_type_with_enough_gold_on_an_unseen_pair_no_rule_proposes(nlp):
    rel = nlp.get_pipe("extractor_relations")
    unseen = ("{a} zorbled {b} at dawn.", "Wakanda", "Genosha")
    assert found(nlp, *unseen) == set()  # no rule knows 'zorbled'
    stats = rel.fit([gold_to_doc(nlp, g) for g in training(MIN_EXAMPLES + 4)], seed=0)
    assert set(stats["thresholds"]) == {"THREATEN"} and 0.5 <= stats["thresholds"]["THREATEN"] < 1.0
    assert found(nlp, *unseen) == {("THREATEN", "Wakanda", "Genosha", "classifier")}
    assert found(nlp, "{a} and {b} share a border.", "Wakanda", "Genosha") == set()


def test_propose_thresholds_are_saved_as_json_and_reloaded(nlp, tmp_path):
    nlp.get_pipe("extractor_relations").fit([gold_to_doc(nlp, g) for g in training(MIN_EXAMPLES + 4)], seed=0)
    nlp.to_disk(tmp_path / "pipe")
    saved = json.loads((tmp_path / "pipe" / "extractor_relations" / "thresholds.json").read_text())
    assert saved == nlp.get_pipe("extractor_relations").thresholds and set(saved) == {"THREATEN"}
    assert not list((tmp_path / "pipe").rglob("*.pkl"))
    loaded = spacy.load(tmp_path / "pipe")
    assert found(loaded, "{a} zorbled {b} at dawn.", "Wakanda", "Genosha") == {
        ("THREATEN", "Wakanda", "Genosha", "classifier")}


def test_propose_nothing_for_a_type_below_the_minimum(nlp):
    rel = nlp.get_pipe("extractor_relations")
    stats = rel.fit([gold_to_doc(nlp, g) for g in training(MIN_EXAMPLES - 1)], seed=0)
    assert stats["positive_pairs"] == MIN_EXAMPLES - 1 and stats["thresholds"] == {}
    assert found(nlp, "{a} zorbled {b} at dawn.", "Wakanda", "Genosha") == set()


def test_propose_no_threshold_when_fold_proposals_would_be_wrong():
    # 'x' marks the relation in 5 of 20 pairs only: no cut is precise enough on the folds
    per_doc = [[PairRow(["bias", "x"], {"AID:fwd"} if i % 4 == 0 else set(), set())] for i in range(20)]
    per_doc += [[PairRow(["bias", "y"], {"AID:fwd"}, {"AID:fwd"})] for _ in range(MIN_EXAMPLES)]
    assert fold_thresholds(per_doc, lambda X, y: PairClassifier().fit(X, y)) == {}
    per_doc[:20] = [[PairRow(["bias", "x" if i % 4 == 0 else "z"], row[0].gold, set())] for i, row in enumerate(per_doc[:20])]
    assert set(fold_thresholds(per_doc, lambda X, y: PairClassifier().fit(X, y))) == {"AID"}
