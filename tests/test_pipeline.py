"""Building the pipeline from a config, the API's streaming, the CLI and the schema."""
import gc
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import spacy
from typer.testing import CliRunner

from extractor import extract, extract_many, load
from extractor.cli.main import app
from extractor.pipeline import DEFAULT_MODEL, build_pipeline, load_saved
from extractor.schema import Document

CONFIG = """
[nlp]
lang = "en"
pipeline = ["extractor_sentences", "extractor_gazetteer", "extractor_dates", "extractor_linker"]

[components]

[components.extractor_sentences]
factory = "extractor_sentences"

[components.extractor_gazetteer]
factory = "extractor_gazetteer"

[components.extractor_dates]
factory = "extractor_dates"

[components.extractor_linker]
factory = "extractor_linker"
"""


def test_pipeline_builds_from_a_config_string(tmp_path):
    path = tmp_path / "small.cfg"
    path.write_text(CONFIG, encoding="utf-8")
    nlp = build_pipeline(path)
    doc = extract("Moscow has opposed sanctions since 2016.", nlp=nlp)
    assert [(e.text, e.label, e.kb_id, e.value) for e in doc.entities] == [
        ("Moscow", "STATE", "RUS", None), ("2016", "DATE", None, "2016-01-01/2016-12-31")]


def test_pipeline_sentences_survive_abbreviations():
    nlp = load()
    doc = nlp("Dr. Smith met U.S. officials on Jan. 5 in room No. 3. He left. \"Go!\" she said.")
    assert [s.text for s in doc.sents] == [
        "Dr. Smith met U.S. officials on Jan. 5 in room No. 3.", "He left.", "\"Go!\" she said."]


def test_pipeline_shipped_model_loads_with_spacy_load():
    from extractor.pipeline import DEFAULT_MODEL

    nlp = spacy.load(DEFAULT_MODEL)
    assert "extractor_relations" in nlp.pipe_names and "extractor_linker" in nlp.pipe_names


def test_pipeline_load_is_cached():
    assert load() is load()


@pytest.mark.parametrize("enabled", [True, False])
def test_pipeline_gc_paused_leaves_the_garbage_collector_as_it_was(enabled):
    import gc

    from extractor.pipeline import gc_paused

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.raises(RuntimeError, match="a failed load"):
            with gc_paused():
                assert not gc.isenabled()
                raise RuntimeError("a failed load")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_pipeline_gc_paused_holds_collections_off_when_srsly_turns_the_collector_on():
    import gc

    import srsly

    from extractor.pipeline import gc_paused

    thresholds = gc.get_threshold()
    with gc_paused():
        srsly.msgpack_loads(srsly.msgpack_dumps({}))  # calls gc.enable() when done
        kept = [[] for _ in range(10 * thresholds[0])]
        assert gc.get_count()[0] >= len(kept)  # no collection ran
    assert gc.get_threshold() == thresholds


def test_pipeline_load_turns_the_garbage_collector_back_on():
    import gc

    from extractor.pipeline import DEFAULT_MODEL, _load_cached

    assert gc.isenabled()
    nlp = _load_cached.__wrapped__(str(DEFAULT_MODEL.resolve()), (), (), False)  # a fresh load, not the cached one
    assert gc.isenabled() and "extractor_gazetteer" in nlp.pipe_names


def test_api_extract_many_keeps_order_and_metadata():
    items = ["Syria", ("Kim Jong Un left on Friday.", {"doc_id": "b", "doc_date": "2019-06-23"}), ""]
    docs = list(extract_many(items, batch_size=2))
    assert [d.doc_id for d in docs] == [None, "b", None]
    assert [e.text for e in docs[0].entities] == ["Syria"]
    assert [(e.text, e.value) for e in docs[1].entities if e.label == "DATE"] == [("Friday", "2019-06-21/2019-06-21")]
    assert docs[2].entities == []


def test_api_extract_many_gives_a_non_string_an_error_record_and_goes_on():
    docs = list(extract_many(["Syria", 42, ("Iran", {"doc_date": "2019-02-30"}), "Russia"]))
    assert [d.error for d in docs] == [
        None, "TypeError: extract() takes a str, not int",
        "ValueError: doc_date 2019-02-30 is not a calendar date", None]
    assert [e.text for d in docs for e in d.entities] == ["Syria", "Russia"]


def test_api_output_validates_against_the_json_schema():
    doc = extract("Russian President Vladimir Putin met Kim Jong Un in Vladivostok in April 2019.")
    jsonschema.validate(json.loads(doc.model_dump_json()), Document.model_json_schema())
    assert list(json.loads(doc.model_dump_json())) == [
        "schema_version", "doc_id", "doc_date", "entities", "relations", "error", "doc_date_source", "references"]


def test_cli_schema_prints_the_document_schema():
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert set(json.loads(result.output)["properties"]) == {
        "schema_version", "doc_id", "doc_date", "entities", "relations", "error", "doc_date_source", "references"}


def test_cli_extract_json_and_table(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Syrian President Bashar al-Assad met Vladimir Putin in Moscow on Friday.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "--doc-date", "2019-06-23"])
    assert result.exit_code == 0, result.output
    doc = Document.model_validate_json(result.output)
    assert doc.doc_id == "note"
    assert ("Bashar al-Assad", "LEADER") in [(e.text, e.label) for e in doc.entities]
    table = CliRunner().invoke(app, ["extract", str(path), "--format", "table"])
    assert table.exit_code == 0 and "Entities" in table.output and "LEADER_OF" in table.output


def test_cli_extract_reads_stdin_and_reports_bad_dates():
    result = CliRunner().invoke(app, ["extract", "-"], input="The UN Security Council met.")
    assert result.exit_code == 0 and "UN Security Council" in result.output
    bad = CliRunner().invoke(app, ["extract", "-", "--doc-date", "tomorrow"], input="Syria")
    assert bad.exit_code == 2 and "doc_date must be YYYY-MM-DD" in bad.output


def test_cli_extract_missing_file_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2 and "cannot read" in result.output


def test_cli_main_freezes_at_the_end_and_keeps_the_exit_code(monkeypatch, capsys):
    from extractor.cli.main import main

    monkeypatch.setattr(sys, "argv", ["extractor", "schema"])
    try:
        with pytest.raises(SystemExit) as done:
            main()
        assert done.value.code == 0 and gc.get_freeze_count() > 0
        assert "properties" in json.loads(capsys.readouterr().out)
        monkeypatch.setattr(sys, "argv", ["extractor", "extract", "/no/such/file.txt"])
        with pytest.raises(SystemExit) as failed:
            main()
        assert failed.value.code == 2
    finally:
        gc.unfreeze()


def test_cli_python_m_extractor_writes_the_whole_document(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Syrian President Bashar al-Assad met Vladimir Putin in Moscow on Friday.", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "extractor", "extract", str(path), "--doc-date", "2019-06-23"],
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1], check=True)
    doc = Document.model_validate_json(done.stdout)
    assert [(e.text, e.label) for e in doc.entities][:2] == [("Syrian", "STATE"), ("Bashar al-Assad", "LEADER")]


def test_api_extract_many_in_two_processes_gives_the_same_documents_in_order():
    texts = [f"Kim Jong Un met Vladimir Putin in Vladivostok on Friday. Case {i}." for i in range(7)]
    items = [(text, {"doc_id": f"d{i}", "doc_date": "2019-04-27"}) for i, text in enumerate(texts)]
    one = list(extract_many(items, batch_size=2))
    two = list(extract_many(items, batch_size=2, n_process=2))
    assert [d.doc_id for d in two] == [f"d{i}" for i in range(7)]
    assert two == one and one[0].relations


def test_api_extract_many_in_two_processes_reads_the_input_as_it_goes():
    pulled = []

    def items():
        for i in range(200):
            pulled.append(i)
            yield "Syria and Russia held talks."

    stream = extract_many(items(), batch_size=4, n_process=2)
    next(stream)
    assert len(pulled) <= 4 * 4 + 4  # two batches per worker in flight, one being cut
    stream.close()


def test_components_pipe_processes_a_batch_before_handing_it_on():
    nlp = load()
    splitter, pulled = nlp.get_pipe("extractor_sentences"), []

    def docs():
        for i in range(5):
            pulled.append(i)
            yield nlp.make_doc(f"Syria spoke. Text {i} ends.")

    stream = splitter.pipe(docs(), batch_size=2)
    first = next(stream)
    assert pulled == [0, 1] and [s.text for s in first.sents] == ["Syria spoke.", "Text 0 ends."]
    assert [doc.text for doc in stream] == [f"Syria spoke. Text {i} ends." for i in range(1, 5)]


def test_pipeline_load_reads_a_saved_tokenizer_only_where_it_differs(tmp_path):
    shipped = load_saved(DEFAULT_MODEL)
    assert shipped.tokenizer.to_bytes() == spacy.load(DEFAULT_MODEL).tokenizer.to_bytes()
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.tokenizer.add_special_case("Kimjongun", [{"ORTH": "Kim"}, {"ORTH": "jongun"}])
    nlp.to_disk(tmp_path / "own")
    assert [t.text for t in load_saved(tmp_path / "own")("Kimjongun spoke.")] == ["Kim", "jongun", "spoke", "."]
