"""Event-data exports of batch runs: PLOVER records, the entities, events and relations CSVs."""
import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.batch import run_batch
from extractor.cli.main import app
from extractor.events import quad_class, quad_classes
from extractor.io.readers import InputRecord, read_inputs
from extractor.io.writers import ENTITY_COLUMNS, EVENT_COLUMNS, CSV_COLUMNS, partial_path
from extractor.pipeline import load
from extractor.schema import RELATION_TYPES
from helpers import read_lines

ARTICLES = Path(__file__).resolve().parents[1] / "annotations" / "articles" / "articles.jsonl"
README = Path(__file__).resolve().parents[1] / "README.md"
SCHEMA_DOC = README.parent / "docs" / "SCHEMA.md"
SANCTIONS = "The US imposed new sanctions on Pyongyang last year."


def _rows(path):
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _record(doc_id, text, doc_date="2019-06-23"):
    return InputRecord(doc_id=doc_id, text=text, doc_date=doc_date, source=f"src/{doc_id}")


def test_exports_every_relation_type_has_one_quad_class():
    assert {quad_class(t) for t in RELATION_TYPES} == set(quad_classes())
    assert (quad_class("SANCTION"), quad_class("CONSULT"), quad_class("THREATEN"), quad_class("AID")) == (
        "material_conflict", "verbal_cooperation", "verbal_conflict", "material_cooperation")
    with pytest.raises(KeyError, match="no quad class"):
        quad_class("HUG")


def test_exports_plover_record_of_a_known_sentence(tmp_path):
    out = tmp_path / "events.jsonl"
    run_batch([_record("s1", SANCTIONS), _record("bad", None)], out, nlp=load(), output_format="plover")
    records = read_lines(out)
    [event] = [r for r in records if r.get("event_type") == "SANCTION"]
    assert event["id"].startswith("s1:r") and event["story_id"] == "s1"
    assert (event["date"], event["date_source"], event["date_interval"], event["pub_date"]) == (
        "2018-01-01", "text", "2018-01-01/2018-12-31", "2019-06-23")
    assert event["source"] == {"text": "US", "canonical": "United States", "label": "STATE",
                               "country": "USA", "kb_id": "USA"}
    assert (event["recipient"]["text"], event["recipient"]["country"]) == ("Pyongyang", "PRK")
    assert event["event_text"] == SANCTIONS and event["quad_class"] == "material_conflict"
    assert event["negated"] is False and event["modality"] == "asserted" and 0 < event["confidence"] <= 1
    assert records[-1]["story_id"] == "bad" and "error" in records[-1]


def test_exports_csv_tables_of_the_bundled_articles(tmp_path):
    paths = {name: tmp_path / f"{name}.csv" for name in ("relations", "entities", "events")}
    summary = run_batch(read_inputs([str(ARTICLES)]), tmp_path / "out.jsonl", nlp=load(),
                        relations_csv=paths["relations"], entities_csv=paths["entities"],
                        events_csv=paths["events"])
    documents = read_lines(tmp_path / "out.jsonl")
    assert summary.failed == 0 and len(documents) == 2
    for name, columns in (("relations", CSV_COLUMNS), ("entities", ENTITY_COLUMNS), ("events", EVENT_COLUMNS)):
        with paths[name].open(encoding="utf-8", newline="") as handle:
            assert tuple(next(csv.reader(handle))) == columns
    entities, relations, events = (_rows(paths[name]) for name in ("entities", "relations", "events"))
    assert len(entities) == sum(len(d["entities"]) for d in documents)
    assert len(relations) == sum(len(d["relations"]) for d in documents)
    interactions = [r for d in documents for r in d["relations"] if r["type"] not in ("LEADER_OF", "OFFICIAL_OF")]
    assert len(events) == len(interactions) > 10
    first = next(e for e in entities if e["text"] == "Vladimir Putin")
    assert (first["label"], first["kb_id"], first["state"]) == ("LEADER", "vladimir-putin", "RUS")
    putin = next(e for e in events if e["source"] == "Vladimir Putin" and e["recipient"] == "Kim Jong Un")
    assert (putin["source_iso3"], putin["recipient_iso3"], putin["role"]) == ("RUS", "PRK", "president")
    assert putin["doc_date"] == "2019-06-23" and putin["quad_class"] == "verbal_cooperation"
    leader = next(r for r in relations if r["type"] == "LEADER_OF" and r["head"] == "Vladimir Putin")
    assert (leader["role"], leader["doc_date"]) == ("president", "2019-06-23")
    assert {r["mode"] for r in relations} >= {"talks"}


def test_exports_resume_keeps_every_table_in_step(tmp_path):
    out = tmp_path / "out.jsonl"
    tables = {"entities_csv": tmp_path / "ents.csv", "events_csv": tmp_path / "events.csv"}
    records = [_record(f"d{i}", SANCTIONS) for i in range(4)]

    def interrupt(summary):
        if summary.processed == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(records, out, nlp=load(), on_document=interrupt, **tables)
    assert not tables["events_csv"].exists() and partial_path(tables["events_csv"]).exists()
    with partial_path(tables["events_csv"]).open("a", encoding="utf-8") as handle:
        handle.write("d2,2019-06-23,d2:r9,SANCTION\n")  # a row the JSONL never got
    summary = run_batch(records, out, nlp=load(), resume=True, **tables)
    assert (summary.processed, summary.skipped) == (2, 2)
    assert [r["doc_id"] for r in _rows(tables["events_csv"])] == ["d0", "d1", "d2", "d3"]
    assert [r["doc_id"] for r in _rows(tables["entities_csv"])] == [f"d{i}" for i in range(4) for _ in range(3)]


def test_exports_plover_resume_skips_stories_already_written(tmp_path):
    out = tmp_path / "events.jsonl"
    run_batch([_record("a", SANCTIONS)], out, nlp=load(), output_format="plover")
    summary = run_batch([_record("a", SANCTIONS), _record("b", SANCTIONS)], out, nlp=load(),
                        output_format="plover", resume=True)
    assert (summary.processed, summary.skipped) == (1, 1)
    assert [r["story_id"] for r in read_lines(out)] == ["a", "b"]


def test_exports_cli_writes_plover_and_tables(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(SANCTIONS, encoding="utf-8")
    (tmp_path / "in" / "notes.md").write_text("The US imposed sanctions on Iran.", encoding="utf-8")
    out, events = tmp_path / "out.jsonl", tmp_path / "events.csv"
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "in"), "-o", str(out), "--format", "plover",
                                      "--events-csv", str(events), "--doc-date", "2019-06-23", "-q", "--provenance"])
    assert result.exit_code == 0, result.output
    assert [(r["story_id"], r["event_type"]) for r in read_lines(out)] == [("a.txt", "SANCTION")]
    [record] = read_lines(out)
    assert record["provenance"]["source"].endswith("a.txt") and record["source"]["country"] == "USA"
    assert [(r["source_iso3"], r["recipient_iso3"]) for r in _rows(events)] == [("USA", "PRK")]


def test_exports_every_column_is_documented():
    section = SCHEMA_DOC.read_text(encoding="utf-8").split("## PLOVER event records", 1)[1]
    plover_keys = ("id", "story_id", "date", "date_source", "date_interval", "pub_date", "event_type",
                   "quad_class", "event_mode", "event_text", "source", "recipient", "confidence",
                   "negated", "modality", "provenance")
    for column in set(CSV_COLUMNS + ENTITY_COLUMNS + EVENT_COLUMNS + plover_keys):
        assert f"`{column}`" in section, column


def test_exports_every_output_field_is_in_docs_schema():
    from extractor.schema import Document, Entity, Reference, Relation

    schema = SCHEMA_DOC.read_text(encoding="utf-8")
    assert "docs/SCHEMA.md" in README.read_text(encoding="utf-8")
    for model in (Document, Entity, Relation, Reference):
        for name in model.model_fields:
            assert f"`{name}`" in schema, (model.__name__, name)
