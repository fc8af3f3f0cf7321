"""The scorer of SCHEMA.md 'Scoring', the error list, and `extractor evaluate`."""
import json

import pytest
from typer.testing import CliRunner

from extractor.evaluate import evaluate, pair_documents, score
from extractor.gold import read_gold
from extractor.report import find_errors, sentence_of
from extractor.schema import Document, Entity, GoldDocument, GoldRelation, Relation

TEXT = (
    "Kim Jong Un met Bashar al-Assad in Damascus. "
    "The United States sanctioned Syria in December 1979. "
    "North Korea denied arming Syria."
)
FIXTURE = "tests/fixtures/gold_small.jsonl"


def ent(ent_id, surface, label, nth=0, **attrs):
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(surface, start + 1)
    return Entity(id=ent_id, text=surface, label=label, start=start, end=start + len(surface),
                  canonical=attrs.pop("canonical", surface), **attrs)


def gold_entities():
    return [
        ent("g1", "Kim Jong Un", "LEADER", kb_id="kim-jong-un", state="PRK"),
        ent("g2", "Bashar al-Assad", "LEADER", kb_id="assad", state="SYR"),
        ent("g3", "Damascus", "LOCATION", state="SYR"),
        ent("g4", "United States", "STATE", kb_id="USA", state="USA"),
        ent("g5", "Syria", "STATE", kb_id="SYR", state="SYR"),
        ent("g6", "December 1979", "DATE", value="1979-12-01/1979-12-31"),
        ent("g7", "North Korea", "STATE", kb_id="PRK", state="PRK"),
        ent("g8", "Syria", "STATE", nth=1, kb_id="SYR", state="SYR"),
    ]


def rel(rel_type, head, tail, negated=False, gold=True):
    fields = dict(type=rel_type, head=head, tail=tail, negated=negated, evidence=(0, 44))
    return GoldRelation(**fields) if gold else Relation(**fields, confidence=0.9)


def gold_doc():
    relations = [rel("CONSULT", "g1", "g2"), rel("SANCTION", "g4", "g5"),
                 rel("AID", "g7", "g8", negated=True)]
    return GoldDocument(doc_id="d1", text=TEXT, entities=gold_entities(), relations=relations)


def pred_doc(entities=None, relations=()):
    entities = [e.model_copy(update={"id": "p" + e.id[1:]}) for e in gold_entities()] if entities is None else entities
    return Document(doc_id="d1", entities=entities, relations=list(relations))


PERFECT_RELATIONS = [rel("CONSULT", "p1", "p2", gold=False), rel("SANCTION", "p4", "p5", gold=False),
                     rel("AID", "p7", "p8", negated=True, gold=False)]


def test_evaluate_perfect_prediction_scores_one():
    report = score([gold_doc()], [pred_doc(relations=PERFECT_RELATIONS)])
    for key in ("ents_micro_f", "ents_lenient_micro_f", "linking_accuracy", "date_accuracy", "rel_micro_f"):
        assert report[key] == 1.0
    assert report["ents_per_label"]["STATE"] == {"p": 1.0, "r": 1.0, "f": 1.0, "tp": 4, "fp": 0, "fn": 0}
    assert report["rel_per_type"]["AID"]["tp"] == 1


def test_evaluate_empty_prediction_has_zero_recall():
    report = score([gold_doc()], [Document(doc_id="d1")])
    assert report["ents_micro_r"] == 0.0 and report["ents_micro_fn"] == 8
    assert report["rel_micro_r"] == 0.0 and report["rel_micro_fn"] == 3
    assert report["linking_accuracy"] == 0.0 and report["linking_total"] == 4
    assert report["date_accuracy"] == 0.0


def test_evaluate_wrong_label_is_a_miss_both_ways():
    pred = [e.model_copy(update={"label": "STATE"}) if e.id == "g3" else e for e in gold_entities()]
    report = score([gold_doc()], [pred_doc(pred)])
    assert report["ents_per_label"]["LOCATION"]["fn"] == 1
    assert report["ents_per_label"]["STATE"]["fp"] == 1
    assert report["ents_micro_p"] == pytest.approx(7 / 8)
    assert report["ents_lenient_micro_r"] == pytest.approx(7 / 8)


def test_evaluate_one_char_off_span_is_strict_miss_lenient_hit():
    pred = [e.model_copy(update={"end": e.end - 1, "text": e.text[:-1]}) if e.id == "g1" else e
            for e in gold_entities()]
    report = score([gold_doc()], [pred_doc(pred)])
    assert report["ents_per_label"]["LEADER"] == {"p": 0.5, "r": 0.5, "f": 0.5, "tp": 1, "fp": 1, "fn": 1}
    assert report["ents_lenient_per_label"]["LEADER"]["f"] == 1.0
    assert report["ents_lenient_micro_f"] == 1.0


def test_evaluate_lenient_matching_is_one_to_one():
    pred = gold_entities() + [ent("x", "Jong Un", "LEADER")]
    report = score([gold_doc()], [pred_doc(pred)])
    assert report["ents_lenient_per_label"]["LEADER"]["tp"] == 2
    assert report["ents_lenient_per_label"]["LEADER"]["fp"] == 1


def test_evaluate_duplicated_relation_counts_once():
    relations = PERFECT_RELATIONS + [rel("SANCTION", "p4", "p5", gold=False), rel("SANCTION", "p4", "p8", gold=False)]
    report = score([gold_doc()], [pred_doc(relations=relations)])
    assert report["rel_per_type"]["SANCTION"] == {"p": 1.0, "r": 1.0, "f": 1.0, "tp": 1, "fp": 0, "fn": 0}
    assert report["rel_micro_f"] == 1.0


def test_evaluate_reversed_symmetric_relation_is_a_hit():
    report = score([gold_doc()], [pred_doc(relations=[rel("CONSULT", "p2", "p1", gold=False)])])
    assert report["rel_per_type"]["CONSULT"]["tp"] == 1
    assert report["rel_micro_p"] == 1.0 and report["rel_micro_r"] == pytest.approx(1 / 3)


def test_evaluate_reversed_directed_relation_is_a_miss():
    report = score([gold_doc()], [pred_doc(relations=[rel("SANCTION", "p5", "p4", gold=False)])])
    assert report["rel_per_type"]["SANCTION"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 1, "fn": 1}


def test_evaluate_asserted_relation_does_not_match_negated_gold():
    report = score([gold_doc()], [pred_doc(relations=[rel("AID", "p7", "p5", gold=False)])])
    assert report["rel_per_type"]["AID"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 1, "fn": 1}


def test_evaluate_relation_mentions_match_by_overlap_and_unmatched_never_hit():
    pred = [ent("a", "Jong Un", "LEADER"), ent("b", "Assad", "LEADER"), ent("c", "Kim", "STATE")]
    relations = [rel("CONSULT", "a", "b", gold=False), rel("CONSULT", "c", "b", gold=False)]
    report = score([gold_doc()], [pred_doc(pred, relations)])
    # "Jong Un" and "Assad" overlap gold LEADERs; "Kim" as STATE overlaps no same-label gold mention
    assert report["rel_per_type"]["CONSULT"] == {"p": 0.5, "r": 1.0, "f": pytest.approx(2 / 3), "tp": 1, "fp": 1, "fn": 0}


def test_evaluate_linking_and_date_accuracy():
    pred = [e.model_copy(update={"kb_id": "IRN"}) if e.id == "g8" else e for e in gold_entities()]
    pred = [e.model_copy(update={"value": "1979-01-01/1979-12-31"}) if e.id == "g6" else e for e in pred]
    report = score([gold_doc()], [pred_doc(pred)])
    assert report["linking_accuracy"] == 0.75 and report["linking_correct"] == 3
    assert report["date_accuracy"] == 0.0 and report["date_total"] == 1
    assert report["ents_micro_f"] == 1.0


def test_evaluate_no_gold_mentions_gives_no_accuracy():
    report = score([GoldDocument(doc_id="x", text="Nothing here.")], [Document(doc_id="x")])
    assert report["linking_accuracy"] is None and report["date_accuracy"] is None


def test_evaluate_pairs_by_doc_id_then_position():
    golds = read_gold(FIXTURE)
    preds = [Document(doc_id=g.doc_id, entities=g.entities) for g in golds]
    assert [p.doc_id for _, p in pair_documents(golds, preds[::-1])] == ["synthetic-1", "synthetic-2"]
    anonymous = [Document(entities=g.entities) for g in golds]
    assert pair_documents(golds, anonymous)[1][1] is anonymous[1]
    with pytest.raises(ValueError, match="no prediction for doc_id"):
        pair_documents(golds, preds[:1])


def test_evaluate_find_errors_shows_sentence_and_cause():
    pred = [e.model_copy(update={"end": e.end - 1, "text": e.text[:-1]}) if e.id == "g1" else e
            for e in gold_entities()]
    errors = find_errors([gold_doc()], [pred_doc(pred, [rel("SANCTION", "g5", "g4", gold=False)])])
    fn = [e for e in errors if e["kind"] == "entity" and e["error"] == "fn"]
    assert fn == [{"doc_id": "d1", "kind": "entity", "error": "fn", "label": "LEADER",
                   "what": "'Kim Jong Un' [0, 11)", "detail": "system: LEADER 'Kim Jong U'",
                   "sentence": "Kim Jong Un met Bashar al-Assad in Damascus."}]
    rel_fp = [e for e in errors if e["kind"] == "relation" and e["error"] == "fp"]
    assert [e["what"] for e in rel_fp] == ["Syria -> United States"]
    assert {e["what"] for e in errors if e["kind"] == "relation" and e["error"] == "fn"} == {
        "Kim Jong Un -> Bashar al-Assad", "United States -> Syria", "NOT North Korea -> Syria"}


def test_evaluate_sentence_of_cuts_at_sentence_ends():
    start = TEXT.index("December")
    assert sentence_of(TEXT, start, start + 8) == "The United States sanctioned Syria in December 1979."


def _write_perfect_predictions(path):
    with path.open("w") as handle:
        for doc in read_gold(FIXTURE):
            rels = [Relation(**r.model_dump(), confidence=1.0) for r in doc.relations]
            handle.write(Document(doc_id=doc.doc_id, entities=doc.entities, relations=rels).model_dump_json() + "\n")


def test_evaluate_library_reads_prediction_file(tmp_path):
    pred = tmp_path / "pred.jsonl"
    _write_perfect_predictions(pred)
    report = evaluate([FIXTURE], pred_path=pred)
    assert report["n_docs"] == 2 and report["rel_micro_tp"] == 7 and report["rel_micro_f"] == 1.0


def test_evaluate_cli_json_and_bars(tmp_path):
    from extractor.cli.main import app

    pred = tmp_path / "pred.jsonl"
    pred.write_text("\n".join(json.dumps({"doc_id": d.doc_id}) for d in read_gold(FIXTURE)) + "\n")
    runner = CliRunner()
    result = runner.invoke(app, ["evaluate", FIXTURE, "--pred", str(pred), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ents_micro_fn"] == 16
    result = runner.invoke(app, ["evaluate", FIXTURE, "--pred", str(pred), "--min-relation-f1", "0.5"])
    assert result.exit_code == 1
    assert "relation micro F1 0.000 is below 0.500" in result.output
    assert "Relations (document level)" in result.output


def test_evaluate_cli_errors_table(tmp_path):
    from extractor.cli.main import app

    pred = tmp_path / "pred.jsonl"
    _write_perfect_predictions(pred)
    lines = pred.read_text().splitlines()
    pred.write_text(lines[0] + "\n" + json.dumps({"doc_id": "synthetic-2"}) + "\n")
    result = CliRunner().invoke(app, ["evaluate", FIXTURE, "--pred", str(pred), "--errors",
                                      "--min-entity-f1", "0.5"])
    assert result.exit_code == 0, result.output
    assert "OPCW" in result.output and "Errors (8)" in result.output


def test_evaluate_cli_reports_unreadable_gold(tmp_path):
    from extractor.cli.main import app

    result = CliRunner().invoke(app, ["evaluate", "tests/fixtures/gold_broken.jsonl", "--pred", FIXTURE])
    assert result.exit_code == 2
    assert "gold_broken.jsonl:2" in result.output


def test_evaluate_runs_a_pipeline_on_the_gold_texts(tmp_path):
    import spacy

    spacy.blank("en").to_disk(tmp_path / "blank")
    report = evaluate([FIXTURE], model=tmp_path / "blank")
    assert report["n_docs"] == 2
    assert report["ents_micro_fn"] == 16 and report["ents_micro_fp"] == 0
    assert report["rel_micro_fn"] == 7


def _spans(draw_list):
    return [Entity(id=f"x{i}", text=TEXT[s:s + n], label=label, start=s, end=s + n, canonical=TEXT[s:s + n])
            for i, (s, n, label) in enumerate(draw_list)]


def test_evaluate_scores_are_bounded_and_strict_below_lenient():
    from hypothesis import given, settings, strategies as st

    span = st.tuples(st.integers(0, len(TEXT) - 12), st.integers(1, 12), st.sampled_from(["LEADER", "STATE"]))

    @settings(max_examples=60, deadline=None)
    @given(st.lists(span, max_size=6), st.lists(span, max_size=6))
    def check(gold_spans, pred_spans):
        gold = GoldDocument(doc_id="h", text=TEXT, entities=_spans(gold_spans))
        report = score([gold], [Document(doc_id="h", entities=_spans(pred_spans))])
        assert report["ents_micro_tp"] <= report["ents_lenient_micro_tp"]
        assert report["ents_micro_tp"] + report["ents_micro_fn"] == len(gold_spans)
        assert report["ents_lenient_micro_tp"] + report["ents_lenient_micro_fp"] == len(pred_spans)
        assert all(0.0 <= report[k] <= 1.0 for k in ("ents_micro_f", "ents_lenient_micro_f"))
        assert score([gold], [Document(doc_id="h", entities=gold.entities)])["ents_micro_fn"] == 0

    check()
