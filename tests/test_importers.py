"""Label Studio / Doccano importers, the Label Studio exporter and their commands."""
from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import spacy
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from extractor import extract
from extractor.cli import export_cmd, import_cmd
from extractor.extensions import install_extensions
from extractor.gold import read_gold
from extractor.io.annotation_tools import AnnotationImportError, sentence_spans
from extractor.io.doccano import gold_to_doccano, import_doccano, read_doccano
from extractor.io.labelstudio import (
    document_to_task, gold_to_tasks, import_labelstudio, labeling_config, predict_tasks,
    read_labelstudio,
)
from extractor.schema import (
    CONSULT_MODES, ENTITY_LABELS, RELATION_TYPES, Document, Entity, GoldDocument, GoldRelation, Relation,
    allowed_arguments,
)

FIXTURES = Path(__file__).parent / "fixtures"
LS_EXPORT = FIXTURES / "labelstudio_export.json"
DOCCANO_EXPORT = FIXTURES / "doccano_export.jsonl"
GOLD_FILES = [FIXTURES / "gold_small.jsonl"] + sorted(Path("annotations/gold").glob("*.jsonl"))


def _ent(ent_id, text, label, start, canonical=None, kb_id=None, state=None, value=None):
    return {"id": ent_id, "text": text, "label": label, "start": start, "end": start + len(text),
            "canonical": canonical or text, "kb_id": kb_id, "state": state, "value": value}


def _rel(rel_type, head, tail, evidence, negated=False, role=None, mode=None, date=None):
    return {"type": rel_type, "head": head, "tail": tail, "date": date, "negated": negated,
            "evidence": evidence, "role": role, "mode": mode}


def _ls_tasks() -> list:
    return json.loads(LS_EXPORT.read_text(encoding="utf-8"))


def _cli() -> typer.Typer:
    app = typer.Typer()
    import_cmd.register(app)
    export_cmd.register(app)
    return app


def test_importers_labelstudio_fixture_gives_expected_gold():
    docs = read_labelstudio(LS_EXPORT)
    text = docs[0].text
    expected = GoldDocument.model_validate({
        "doc_id": "putin-kim-vladivostok", "doc_date": "2019-04-25", "text": text,
        "entities": [
            _ent("e1", "Russian", "STATE", 0, "Russia", "RUS", "RUS"),
            _ent("e2", "Vladimir Putin", "LEADER", 18),
            _ent("e3", "North Korean", "STATE", 37, "North Korea", "PRK", "PRK"),
            _ent("e4", "Kim Jong Un", "LEADER", 57, None, "kim-jong-un", "PRK"),
            _ent("e5", "Vladivostok", "LOCATION", 72),
            _ent("e6", "April 25, 2019", "DATE", 87, value="2019-04-25/2019-04-25"),
        ],
        "relations": [
            _rel("LEADER_OF", "e2", "e1", [0, 102], role="president"),
            _rel("LEADER_OF", "e4", "e3", [0, 102], role="leader"),
            _rel("CONSULT", "e2", "e4", [0, 102], mode="meeting"),
        ],
    })
    assert text[:102].endswith("2019.")
    assert docs[0] == expected


def test_importers_labelstudio_takes_first_uncancelled_annotation_and_skips_unannotated():
    docs = read_labelstudio(LS_EXPORT)
    assert [doc.doc_id for doc in docs] == ["putin-kim-vladivostok", "nk-denial"]
    denial = docs[1]
    assert denial.doc_date == "2021-07-02"  # from the task's meta
    assert [(ent.text, ent.label) for ent in denial.entities] == [
        ("Pyongyang", "STATE"), ("Friday", "DATE"), ("North Korea", "STATE"),
        ("Syrian", "STATE"), ("UN Security Council", "ORG"), ("DPRK", "STATE")]
    aid, sanction = denial.relations
    # the AID was drawn Syrian -> North Korea with direction "left"
    assert (aid.type, aid.head, aid.tail, aid.negated) == ("AID", "e3", "e4", True)
    assert denial.text[slice(*aid.evidence)].startswith("Pyongyang on Friday denied")
    assert denial.text[slice(*aid.evidence)].endswith("government.")
    assert (sanction.type, sanction.head, sanction.tail, sanction.negated) == ("SANCTION", "e5", "e6", False)
    assert denial.text[slice(*sanction.evidence)] == "The UN Security Council sanctions the DPRK."


def test_importers_labelstudio_predictions_used_only_when_asked():
    task = _ls_tasks()[0]
    task["predictions"], task["annotations"] = task["annotations"], []
    assert import_labelstudio([task]) == []
    assert import_labelstudio([task], use_predictions=True) == read_labelstudio(LS_EXPORT)[:1]


def test_importers_doccano_fixture_gives_expected_gold():
    docs = read_doccano(DOCCANO_EXPORT)
    text = docs[0].text
    expected = GoldDocument.model_validate({
        "doc_id": "assad-kim-thanks", "doc_date": "2022-06-01", "text": text,
        "entities": [
            _ent("e1", "Syrian", "STATE", 0),
            _ent("e2", "Bashar al-Assad", "LEADER", 17),
            _ent("e3", "Kim Jong Un", "LEADER", 41),
            _ent("e4", "Iran", "STATE", 70),
            _ent("e5", "Russia", "STATE", 96),
            _ent("e6", "2022", "DATE", 106, value="2022-01-01/2022-12-31"),
        ],
        "relations": [
            _rel("LEADER_OF", "e2", "e1", [0, 69], role="president"),
            _rel("SUPPORT", "e2", "e3", [0, 69]),
            _rel("AID", "e5", "e4", [70, 111]),
        ],
    })
    assert docs[0] == expected


def test_importers_doccano_old_label_form_sorts_entities_in_text_order():
    doc = read_doccano(DOCCANO_EXPORT)[1]
    assert doc.doc_id == "2" and doc.doc_date is None and doc.relations == []
    assert [(ent.id, ent.text, ent.label) for ent in doc.entities] == [
        ("e1", "China", "STATE"), ("e2", "Russia", "STATE"), ("e3", "UN", "ORG"), ("e4", "Friday", "DATE")]


def test_importers_doccano_relation_extras_from_fields_and_type_suffixes():
    text = "North Korea did not supply weapons to Syria. Kim and Assad exchanged letters."
    record = {"id": 5, "text": text, "entities": [
        {"id": 1, "label": "STATE", "start_offset": 0, "end_offset": 11},
        {"id": 2, "label": "STATE", "start_offset": 38, "end_offset": 43},
        {"id": 3, "label": "LEADER", "start_offset": 45, "end_offset": 48},
        {"id": 4, "label": "LEADER", "start_offset": 53, "end_offset": 58}],
        "relations": [{"id": 1, "from_id": 1, "to_id": "2", "type": "AID", "negated": True},
                      {"id": 2, "from_id": 4, "to_id": 3, "type": "CONSULT|mode=letter"}]}
    aid, consult = import_doccano([json.dumps(record)])[0].relations
    assert (aid.type, aid.head, aid.tail, aid.negated, aid.evidence) == ("AID", "e1", "e2", True, (0, 44))
    assert (consult.head, consult.tail, consult.mode, consult.evidence) == ("e4", "e3", "letter", (45, 77))


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda path: path.name)
def test_importers_gold_to_labelstudio_annotations_and_back_is_identical(gold_path, tmp_path):
    gold = read_gold(gold_path)
    export = tmp_path / "tasks.json"
    export.write_text(json.dumps(gold_to_tasks(gold)), encoding="utf-8")
    assert read_labelstudio(export) == gold


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda path: path.name)
def test_importers_gold_to_doccano_and_back_is_identical(gold_path):
    gold = read_gold(gold_path)
    lines = [json.dumps(gold_to_doccano(doc, number)) for number, doc in enumerate(gold)]
    assert import_doccano(lines) == gold


def test_importers_evidence_falls_back_to_argument_span_across_sentences():
    text = "Kim Jong Un arrived. He later thanked Assad."
    record = {"text": text, "label": [], "entities": [
        {"id": "a", "label": "LEADER", "start_offset": 0, "end_offset": 11},
        {"id": "b", "label": "LEADER", "start_offset": 38, "end_offset": 43}],
        "relations": [{"id": 1, "from_id": "a", "to_id": "b", "type": "SUPPORT"}]}
    assert sentence_spans(text) == [(0, 20), (21, 44)]
    assert import_doccano([json.dumps(record)])[0].relations[0].evidence == (0, 43)


def _break(tasks: list, edit) -> list:
    tasks = copy.deepcopy(tasks)
    edit(tasks)
    return tasks


def _result(tasks, task=1, annotation=1):
    return tasks[task]["annotations"][annotation]["result"]


LS_BREAKAGES = [
    (lambda t: _result(t)[0]["value"].update(labels=["PERSON"]),
     "task 1 (id 18): annotations[1].result[0].value.labels: unknown label 'PERSON' (known: LEADER, STATE"),
    (lambda t: _result(t)[7].update(labels=["PUNISH"]),
     "task 1 (id 18): annotations[1].result[7].labels: unknown relation type 'PUNISH'"),
    (lambda t: _result(t)[7].update(labels=[]),
     "task 1 (id 18): annotations[1].result[7].labels: no relation type"),
    (lambda t: _result(t)[7].update(to_id="zz"),
     "task 1 (id 18): annotations[1].result[7]: tail region 'zz' does not exist"),
    (lambda t: _result(t)[5]["value"].update(end=999),
     "task 1 (id 18): annotations[1].result[5].value: span [138, 999) is outside the text"),
    (lambda t: _result(t)[5]["value"].update(start=139),
     "task 1 (id 18): annotations[1].result[5].value.text: 'DPRK' differs from the text"),
    (lambda t: _result(t)[2]["value"].pop("start"),
     "task 1 (id 18): annotations[1].result[2].value: start/end must be integers"),
    (lambda t: t[1]["data"].pop("text"), "task 1 (id 18): data.text: missing"),
    (lambda t: _result(t)[7].update(direction="bi"),
     "task 1 (id 18): annotations[1].result[7].direction: 'bi' is only for symmetric types"),
    (lambda t: _result(t, 0, 0)[6].update(direction="left"),
     "task 0 (id 17): annotations[0].result[6]: LEADER_OF cannot join STATE -> LEADER"),
    (lambda t: _result(t)[0].update(meta={"text": ["kbid=PRK"]}),
     "task 1 (id 18): annotations[1].result[0].meta.text: expected 'key=value' with key in canonical"),
    (lambda t: _result(t)[0].update(meta={"text": ["value=2021"]}),
     "task 1 (id 18): annotations[1].result[0].meta: value '2021' is not an ISO interval"),
    (lambda t: _result(t, 0, 0).pop(0),  # Kim's region goes, the relations to it stay
     "task 0 (id 17): annotations[0].result[6]: head region 'kJ3x9aQ2Lm' does not exist"),
    (lambda t: t[1]["meta"].update(doc_date="2 July 2021"),
     "task 1 (id 18): data.doc_date: doc_date must be YYYY-MM-DD"),
]


@pytest.mark.parametrize("edit, message", LS_BREAKAGES)
def test_importers_malformed_labelstudio_names_task_and_field(edit, message):
    tasks = _break(_ls_tasks(), edit)
    with pytest.raises(AnnotationImportError) as info:
        import_labelstudio(tasks)
    assert isinstance(info.value, ValueError)
    assert message in str(info.value)


DOCCANO_BREAKAGES = [
    (lambda r: r["entities"][1].update(label="COUNTRY"),
     "line 1 (id 1): entities[1].label: unknown label 'COUNTRY'"),
    (lambda r: r["entities"][0].pop("start_offset"), "line 1 (id 1): entities[0].start_offset: missing"),
    (lambda r: r["relations"][2].update(type="HELPS"),
     "line 1 (id 1): relations[2].type: unknown relation type 'HELPS'"),
    (lambda r: r["relations"][0].update(to_id=999),
     "line 1 (id 1): relations[0]: tail region '999' does not exist"),
    (lambda r: r["relations"][0].update(from_id=102, to_id=103),
     "line 1 (id 1): relations[0]: LEADER_OF cannot join STATE -> LEADER"),
    (lambda r: r["entities"][0].update(end_offset=10_000),
     "line 1 (id 1): entities[0]: span [41, 10000) is outside the text"),
    (lambda r: r.pop("text"), "line 1 (id 1): text: missing"),
]


@pytest.mark.parametrize("edit, message", DOCCANO_BREAKAGES)
def test_importers_malformed_doccano_names_line_and_field(edit, message):
    lines = DOCCANO_EXPORT.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    edit(record)
    with pytest.raises(AnnotationImportError) as info:
        import_doccano([json.dumps(record)] + lines[1:])
    assert message in str(info.value)


def test_importers_doccano_bad_json_line_names_line():
    with pytest.raises(AnnotationImportError, match=r"^line 2: \(line\): not JSON"):
        import_doccano(['{"text": "a", "label": []}', "{oops"])


def test_importers_labelling_config_lists_every_label_and_relation_type():
    root = ElementTree.fromstring(labeling_config())
    labels = root.find("Labels")
    assert [node.get("value") for node in labels] == list(ENTITY_LABELS)
    relations = [node.get("value") for node in root.find("Relations")]
    assert relations[:len(RELATION_TYPES)] == list(RELATION_TYPES)
    assert {"NEGATED", "mode=letter", "role=president"} <= set(relations)
    task = gold_to_tasks(read_gold(GOLD_FILES[0]))[0]
    region = task["annotations"][0]["result"][0]
    assert (region["from_name"], region["to_name"]) == (labels.get("name"), labels.get("toName"))
    assert root.find("Text").get("name") == labels.get("toName")


def _prediction_document(text: str) -> Document:
    start = text.index("North Korea")
    return Document(doc_id="d1", entities=[
        Entity(id="e1", text="Syria", label="STATE", start=0, end=5, canonical="Syria", kb_id="SYR", state="SYR"),
        Entity(id="e2", text="North Korea", label="STATE", start=start, end=start + 11,
               canonical="North Korea", kb_id="PRK", state="PRK")],
        relations=[Relation(type="AID", head="e2", tail="e1", evidence=(0, len(text)), confidence=0.8)])


def test_importers_export_predictions_then_import_gives_the_same_annotations():
    text = "Syria received missile systems from North Korea."
    doc = _prediction_document(text)
    task = document_to_task(text, doc, task_id=3)
    prediction = task["predictions"][0]
    assert prediction["score"] == 0.8 and "annotations" not in task
    assert prediction["result"][2]["score"] == 0.8
    [gold] = import_labelstudio(json.loads(json.dumps([task])), use_predictions=True)
    assert [ent.model_dump() for ent in gold.entities] == [ent.model_dump() for ent in doc.entities]
    assert [(rel.type, rel.head, rel.tail, rel.evidence) for rel in gold.relations] == [("AID", "e2", "e1", (0, 48))]


def test_importers_predict_tasks_runs_a_pipeline():
    install_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([
        {"label": "STATE", "pattern": "Syria"}, {"label": "LEADER", "pattern": [{"LOWER": "putin"}]}])
    tasks = predict_tasks([("Putin visited Syria.", {"doc_id": "p1", "doc_date": "2019-01-02"})], nlp=nlp)
    assert tasks[0]["id"] == 1
    assert tasks[0]["data"] == {"text": "Putin visited Syria.", "doc_id": "p1", "doc_date": "2019-01-02"}
    regions = tasks[0]["predictions"][0]["result"]
    assert [(r["value"]["text"], r["value"]["labels"]) for r in regions] == [("Putin", ["LEADER"]), ("Syria", ["STATE"])]


def test_importers_cli_import_writes_valid_gold(tmp_path):
    out = tmp_path / "gold" / "new.jsonl"
    result = CliRunner().invoke(_cli(), ["import", "labelstudio", str(LS_EXPORT), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote 2 document(s)" in result.output
    assert read_gold(out) == read_labelstudio(LS_EXPORT)
    result = CliRunner().invoke(_cli(), ["import", "doccano", str(DOCCANO_EXPORT), "-o", str(out)])
    assert result.exit_code == 0 and len(read_gold(out)) == 2


def test_importers_cli_import_error_exits_1_with_message(tmp_path):
    tasks = _break(_ls_tasks(), lambda t: _result(t)[0]["value"].update(labels=["PERSON"]))
    export = tmp_path / "export.json"
    export.write_text(json.dumps(tasks), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(_cli(), ["import", "labelstudio", str(export), "-o", str(out)])
    assert result.exit_code == 1
    assert "task 1 (id 18): annotations[1].result[0].value.labels: unknown label 'PERSON'" in result.output
    assert not out.exists()


def test_importers_cli_export_gold_and_config(tmp_path):
    out = tmp_path / "tasks.json"
    result = CliRunner().invoke(_cli(), ["export", "labelstudio", str(GOLD_FILES[0]), "--gold", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert read_labelstudio(out) == read_gold(GOLD_FILES[0])
    assert (tmp_path / "tasks.config.xml").read_text(encoding="utf-8") == labeling_config()
    result = CliRunner().invoke(_cli(), ["export", "labelstudio", "--config"])
    assert result.exit_code == 0 and result.output == labeling_config()


def test_importers_trim_whitespace_a_selection_took_along():
    text = "Iran thanked  Russia ."
    record = {"id": 3, "text": text, "label": [[0, 5, "STATE"], [12, 21, "STATE"]]}
    doc = import_doccano([json.dumps(record)])[0]
    assert [(ent.text, ent.start, ent.end) for ent in doc.entities] == [("Iran", 0, 4), ("Russia", 14, 20)]
    record["label"].append([12, 14, "STATE"])
    with pytest.raises(AnnotationImportError, match=r"label\[2\]: span \[12, 14\) holds only whitespace"):
        import_doccano([json.dumps(record)])


def test_importers_relation_from_a_region_to_itself_is_refused():
    tasks = _break(_ls_tasks(), lambda t: _result(t)[7].update(to_id="a5"))
    with pytest.raises(AnnotationImportError, match=r"result\[7\]: head and tail are the same region 'a5'"):
        import_labelstudio(tasks)


def test_importers_shipped_pipeline_output_survives_export_and_import():
    text = ("Russian President Vladimir Putin met North Korean leader Kim Jong Un in Vladivostok. "
            "Iran received drones from Russia, and the United States imposed sanctions on Iran.")
    [task] = predict_tasks([(text, {"doc_id": "other-states"})])
    [gold] = import_labelstudio([task], use_predictions=True)
    doc = extract(text, doc_id="other-states")
    assert doc.entities, "the pipeline finds entities"
    assert [ent.model_dump() for ent in gold.entities] == [ent.model_dump() for ent in doc.entities]
    assert [rel.model_dump() for rel in gold.relations] == [
        rel.model_dump(exclude={"confidence", "pattern", "source"}) for rel in doc.relations]


WORDS = st.sampled_from(["Iran", "Russia", "talks", "held", "the", "UN", "Kim", "sanctions", "2021", "on"])
NAMES = st.text(alphabet="abcdefghij -", min_size=1, max_size=12).map(str.strip).filter(
    lambda name: name and name != "null")


@st.composite
def gold_documents(draw) -> GoldDocument:
    words = draw(st.lists(WORDS, min_size=2, max_size=20))
    text = " ".join(words) + "."
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == " "]
    ends = [i for i, char in enumerate(text) if char in " ."]
    spans = draw(st.lists(st.tuples(st.sampled_from(starts), st.sampled_from(ends),
                                    st.sampled_from(ENTITY_LABELS)), max_size=8, unique=True))
    spans = sorted((s, e, label) for s, e, label in spans if s < e)
    entities = [Entity(id=f"e{n}", text=text[s:e], label=label, start=s, end=e,
                       canonical=draw(st.none() | NAMES), kb_id=draw(st.none() | NAMES),
                       value="2021-01-01/2021-06-30" if label == "DATE" and draw(st.booleans()) else None)
                for n, (s, e, label) in enumerate(spans, start=1)]
    return GoldDocument(doc_id=draw(NAMES), text=text, entities=entities,
                        relations=draw(_gold_relations(entities, len(text))))


@st.composite
def _gold_relations(draw, entities, length):
    relations = []
    dates = [None] + [ent.id for ent in entities if ent.label == "DATE"]
    for rel_type in draw(st.lists(st.sampled_from(RELATION_TYPES), max_size=4)):
        heads, tails = allowed_arguments(rel_type)
        pairs = [(h.id, t.id) for h in entities for t in entities
                 if h.label in heads and t.label in tails and h.id != t.id]
        if pairs:
            head, tail = draw(st.sampled_from(pairs))
            start = draw(st.integers(0, length - 1))
            relations.append(GoldRelation(
                type=rel_type, head=head, tail=tail, date=draw(st.sampled_from(dates)),
                negated=draw(st.booleans()), evidence=(start, draw(st.integers(start + 1, length))),
                role=draw(st.none() | NAMES), mode=draw(st.none() | st.sampled_from(CONSULT_MODES))))
    return relations


@settings(max_examples=60, deadline=None)
@given(st.lists(gold_documents(), min_size=1, max_size=3))
def test_importers_any_gold_round_trips_through_both_tools(gold):
    tasks = json.loads(json.dumps(gold_to_tasks(gold)))
    assert import_labelstudio(tasks) == gold
    assert import_doccano([json.dumps(gold_to_doccano(doc, n)) for n, doc in enumerate(gold)]) == gold


def test_export_doccano_from_gold_and_from_the_pipeline_reads_back(tmp_path):
    from typer.testing import CliRunner

    from extractor.cli.main import app

    runner = CliRunner()
    gold_path = GOLD_FILES[1]
    out = tmp_path / "gold.jsonl"
    result = runner.invoke(app, ["export", "doccano", str(gold_path), "--gold", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert import_doccano(out.read_text(encoding="utf-8").splitlines()) == read_gold(gold_path)
    article = tmp_path / "a.txt"
    article.write_text("Russia imposed sanctions on Ukraine.", encoding="utf-8")
    predicted = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["export", "doccano", str(article), "-o", str(predicted)])
    assert result.exit_code == 0, result.output
    [doc] = import_doccano(predicted.read_text(encoding="utf-8").splitlines())
    assert [(e.text, e.label) for e in doc.entities] == [("Russia", "STATE"), ("Ukraine", "STATE")]
    assert [(r.type, r.head, r.tail) for r in doc.relations] == [("SANCTION", "e1", "e2")]
