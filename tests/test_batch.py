"""Batch runs: order, error isolation, atomic output, resume, relations CSV, the CLI."""
import csv
import json
import sys
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Span
from typer.testing import CliRunner

import extractor.batch as batch_module
from extractor.batch import process_records, run_batch
from extractor.io.readers import InputRecord, read_inputs
from extractor.io.writers import partial_path
from extractor.pipeline import load
from helpers import batch_cli, blank_pipeline, read_lines

GOLD = Path(__file__).resolve().parents[1] / "annotations" / "gold"


@Language.component("test_batch_tagger")
def _tagger(doc):
    """Tags 'Kim' LEADER and 'Syria' STATE; relates the first two as CONSULT; fails on BOOM."""
    if "BOOM" in doc.text:
        raise RuntimeError("component exploded")
    labels = {"Kim": "LEADER", "Syria": "STATE", "Friday": "DATE"}
    doc.ents = [Span(doc, t.i, t.i + 1, labels[t.text]) for t in doc if t.text in labels]
    for ent in doc.ents:
        ent._.canonical = ent.text.upper()
        ent._.value = "2019-06-21/2019-06-21" if ent.label_ == "DATE" else None
    actors = [i for i, ent in enumerate(doc.ents) if ent.label_ != "DATE"]
    dates = [i for i, ent in enumerate(doc.ents) if ent.label_ == "DATE"]
    doc._.relations = [] if len(actors) < 2 else [{
        "type": "CONSULT", "head": actors[0], "tail": actors[1],
        "date": dates[0] if dates else None, "negated": False,
        "evidence": (0, len(doc.text)), "confidence": 0.9, "role": None, "mode": "talks",
    }]
    return doc


@pytest.fixture
def nlp():
    return blank_pipeline("test_batch_tagger")


def _record(doc_id, text=None, error=None):
    return InputRecord(doc_id=doc_id, text=text, source=f"src/{doc_id}", error=error)


def test_batch_keeps_input_order_with_error_records_interleaved(nlp):
    records = [
        _record("bad0", error="src/bad0: broken"), _record("a", "Kim met Syria"),
        _record("bad1", error="src/bad1: broken"), _record("bad2", error="src/bad2: broken"),
        _record("b", "nothing"), _record("c", "Syria"), _record("bad3", error="src/bad3: broken"),
    ]
    pairs = list(process_records(records, nlp=nlp, batch_size=2))
    assert [doc.doc_id for _, doc in pairs] == [r.doc_id for r in records]
    assert [record for record, _ in pairs] == records
    assert [doc.error for _, doc in pairs] == [r.error for r in records]
    assert [len(doc.entities) for _, doc in pairs] == [0, 2, 0, 0, 0, 1, 0]


def test_batch_long_error_runs_end_a_stream_and_order_holds(nlp, monkeypatch):
    monkeypatch.setattr(batch_module, "MAX_ERROR_RUN", 2)
    records = [_record(f"e{i}", error="x") for i in range(5)] + [_record("a", "Kim")]
    records += [_record(f"f{i}", error="y") for i in range(3)] + [_record("b", "Syria")]
    pairs = list(process_records(records, nlp=nlp, batch_size=3))
    assert [doc.doc_id for _, doc in pairs] == [r.doc_id for r in records]


def test_batch_pipeline_failure_is_isolated_to_its_document(nlp):
    texts = ["Kim and Syria", "a BOOM here", "Syria", "Kim", "BOOM again", "Kim Syria"]
    records = [_record(f"d{i}", text) for i, text in enumerate(texts)]
    pairs = list(process_records(records, nlp=nlp, batch_size=4))
    assert [doc.doc_id for _, doc in pairs] == [f"d{i}" for i in range(6)]
    errors = [doc.error for _, doc in pairs]
    assert errors[1] == "src/d1: pipeline failed: RuntimeError: component exploded"
    assert errors[4].startswith("src/d4: pipeline failed")
    assert [e is None for e in errors] == [True, False, True, True, False, True]
    assert [len(doc.entities) for _, doc in pairs] == [2, 0, 1, 1, 0, 2]


def test_batch_failure_of_the_stream_itself_ends_the_run_after_what_was_done(nlp, monkeypatch):
    """A document's failure is its error record (above); a failure of the stream itself
    (not of one document) ends the run, and `--resume` goes on from what was written."""
    real = batch_module.extract_many

    def broken(items, **kwargs):
        for index, document in enumerate(real(items, **kwargs)):
            if index == 1:
                raise OSError("disk gone")
            yield document

    monkeypatch.setattr(batch_module, "extract_many", broken)
    records = [_record(f"d{i}", "Kim") for i in range(3)]
    stream = process_records(records, nlp=nlp, batch_size=8)
    assert next(stream)[1].doc_id == "d0"
    with pytest.raises(OSError, match="disk gone"):
        next(stream)


def test_batch_writes_atomically_and_leaves_no_partial(nlp, tmp_path):
    out = tmp_path / "out.jsonl"
    seen = []

    def check(summary):
        seen.append((out.exists(), partial_path(out).exists()))

    summary = run_batch([_record("a", "Kim"), _record("b", error="src/b: bad")], out,
                        nlp=nlp, on_document=check)
    assert seen == [(False, True), (False, True)]
    assert not partial_path(out).exists()
    assert [(d["doc_id"], d["error"]) for d in read_lines(out)] == [("a", None), ("b", "src/b: bad")]
    assert (summary.processed, summary.failed, summary.skipped) == (2, 1, 0)


def test_batch_interrupted_run_resumes_without_duplicates(nlp, tmp_path):
    out, table = tmp_path / "out.jsonl", tmp_path / "rel.csv"
    records = [_record(f"d{i}", "Kim met Syria") for i in range(5)]

    def interrupt(summary):
        if summary.processed == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(records, out, nlp=nlp, relations_csv=table, on_document=interrupt)
    assert not out.exists() and len(read_lines(partial_path(out))) == 2
    with partial_path(out).open("a", encoding="utf-8") as handle:
        handle.write('{"schema_version": "1", "doc_id": "d2", "ent')  # a torn line
    summary = run_batch(records, out, nlp=nlp, relations_csv=table, resume=True)
    assert [d["doc_id"] for d in read_lines(out)] == [f"d{i}" for i in range(5)]
    assert (summary.processed, summary.skipped) == (3, 2)
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "doc_id" and [row[0] for row in rows[1:]] == [f"d{i}" for i in range(5)]


def test_batch_without_resume_starts_over(nlp, tmp_path):
    out = tmp_path / "out.jsonl"
    partial_path(out).write_text('{"doc_id": "old"}\n')
    run_batch([_record("new", "Kim")], out, nlp=nlp)
    assert [d["doc_id"] for d in read_lines(out)] == ["new"]


def test_batch_relations_csv_has_names_date_value_and_evidence(nlp, tmp_path):
    out, table = tmp_path / "out.jsonl", tmp_path / "rel.csv"
    run_batch([_record("a", "Kim met Syria on Friday"), _record("b", "=Kim and Syria")], out,
              nlp=nlp, relations_csv=table)
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0] == {
        "doc_id": "a", "doc_date": "", "type": "CONSULT", "head": "KIM", "head_kb_id": "",
        "tail": "SYRIA", "tail_kb_id": "", "negated": "False", "mode": "talks", "role": "", "date": "Friday",
        "date_value": "2019-06-21/2019-06-21", "confidence": "0.9",
        "evidence": "Kim met Syria on Friday",
    }
    assert rows[1]["evidence"] == "'=Kim and Syria"  # no spreadsheet formula


def test_batch_lone_surrogates_are_written_as_valid_json(nlp, tmp_path):
    out = tmp_path / "out.jsonl"
    run_batch([_record("bad\ud800id", "Kim \udfff Syria")], out, nlp=nlp)
    raw = out.read_bytes()
    raw.decode("utf-8")
    assert read_lines(out)[0]["doc_id"] == "bad\ud800id"


def test_batch_provenance_fields_are_appended(nlp, tmp_path):
    out = tmp_path / "out.jsonl"
    record = _record("a", "Kim")
    record.notes.append("encoding: decoded as cp1252")
    run_batch([record], out, nlp=nlp, with_provenance=True)
    line = read_lines(out)[0]
    assert list(line)[-5:] == ["error", "doc_date_source", "references", "source", "notes"]
    assert line["source"] == "src/a" and line["notes"] == ["encoding: decoded as cp1252"]


def test_batch_cli_exit_code_and_summary(nlp, tmp_path, monkeypatch):
    monkeypatch.setattr("extractor.pipeline.load", lambda path=None, **knowledge: nlp)
    good, bad = tmp_path / "good.txt", tmp_path / "bad.bin"
    good.write_text("Kim met Syria")
    bad.write_bytes(b"\x00\x01\x02")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(batch_cli(), ["batch", str(good), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "processed 1, failed 0" in result.output
    result = CliRunner().invoke(batch_cli(), ["batch", str(good), str(bad), "-o", str(out), "-q"])
    assert result.exit_code == 1
    assert "processed 2, failed 1" in result.output
    assert [d["error"] is None for d in read_lines(out)] == [True, False]


def _article_files(tmp_path):
    """The two source articles as .txt files, byte for byte from their gold."""
    paths = []
    for gold in sorted(GOLD.glob("*.jsonl")):
        doc = json.loads(gold.read_text(encoding="utf-8").splitlines()[0])
        path = tmp_path / f"{doc['doc_id']}.txt"
        path.write_text(doc["text"], encoding="utf-8")
        paths.append(path)
    return paths


def test_batch_cli_two_articles_and_a_broken_file(tmp_path):
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x", "text": "unterminated\n')
    out = tmp_path / "out.jsonl"
    inputs = [str(p) for p in _article_files(tmp_path)] + [str(broken)]
    result = CliRunner().invoke(batch_cli(), ["batch", *inputs, "-o", str(out), "--quiet"])
    assert result.exit_code == 1, result.output
    docs = read_lines(out)
    assert [d["doc_id"] for d in docs] == [Path(p).stem for p in inputs[:2]] + ["broken:1"]
    assert all(d["entities"] and d["relations"] and d["error"] is None for d in docs[:2])
    assert docs[2]["error"].startswith(f"{broken}:1: broken JSON line")
    assert "processed 3, failed 1" in result.output


def test_batch_pipeline_failure_is_isolated_with_two_processes(nlp):
    texts = ["Kim and Syria", "BOOM", "Syria"] * 3
    records = [_record(f"d{i}", text) for i, text in enumerate(texts)]
    pairs = list(process_records(records, nlp=nlp, batch_size=2, n_process=2))
    assert [doc.doc_id for _, doc in pairs] == [f"d{i}" for i in range(9)]
    assert [doc.error is None for _, doc in pairs] == [True, False, True] * 3
    assert [len(doc.entities) for _, doc in pairs] == [2, 0, 1] * 3


def test_batch_cli_unwritable_output_is_a_usage_error(nlp, tmp_path, monkeypatch):
    monkeypatch.setattr("extractor.pipeline.load", lambda path=None, **knowledge: nlp)
    good, blocker = tmp_path / "good.txt", tmp_path / "file"
    good.write_text("Kim")
    blocker.write_text("not a directory")
    result = CliRunner().invoke(batch_cli(), ["batch", str(good), "-o", str(blocker / "out.jsonl"), "-q"])
    assert result.exit_code == 2
    assert "error:" in result.output and "Traceback" not in result.output


def test_batch_torn_line_is_dropped_across_read_chunks(tmp_path):
    from extractor.io.writers import _drop_torn_line

    path = tmp_path / "f.jsonl"
    path.write_bytes(b'{"doc_id": "a"}\n' + b"x" * 50)
    _drop_torn_line(path, chunk=7)
    assert path.read_bytes() == b'{"doc_id": "a"}\n'
    path.write_bytes(b"no newline at all")
    _drop_torn_line(path, chunk=4)
    assert path.read_bytes() == b""


def test_batch_resume_after_a_finished_run_adds_only_new_documents(nlp, tmp_path):
    out, table = tmp_path / "out.jsonl", tmp_path / "rel.csv"
    run_batch([_record("a", "Kim met Syria")], out, nlp=nlp, relations_csv=table)
    summary = run_batch([_record("a", "Kim met Syria"), _record("b", "Syria\nmet Kim")], out,
                        nlp=nlp, relations_csv=table, resume=True)
    assert (summary.processed, summary.skipped) == (1, 1)
    assert [d["doc_id"] for d in read_lines(out)] == ["a", "b"]
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [row[0] for row in rows] == ["doc_id", "a", "b"]
    assert rows[2][-1] == "Syria met Kim"  # evidence on one line


def test_batch_cli_does_not_read_its_own_output_inside_an_input_directory(nlp, tmp_path, monkeypatch):
    monkeypatch.setattr("extractor.pipeline.load", lambda path=None, **knowledge: nlp)
    (tmp_path / "a.txt").write_text("Kim met Syria")
    out = tmp_path / "out.jsonl"
    for _ in range(2):  # the second run finds the first run's output in the directory
        result = CliRunner().invoke(batch_cli(), ["batch", str(tmp_path), "-o", str(out), "-q",
                                             "--relations-csv", str(tmp_path / "rel.csv")])
        assert result.exit_code == 0, result.output
        assert [d["doc_id"] for d in read_lines(out)] == ["a.txt"]


def test_batch_processed_docs_are_not_kept_alive(monkeypatch):
    """Streaming needs every Doc freed once its Document is out (a cache keyed by
    Doc whose values hold Spans keeps them all: memory grows with the corpus)."""
    import gc
    import weakref

    import extractor.api as api

    made = weakref.WeakSet()
    real = api.make_doc

    def tracking(*args, **kwargs):
        doc = real(*args, **kwargs)
        made.add(doc)
        return doc

    monkeypatch.setattr(api, "make_doc", tracking)
    text = "North Korean leader Kim Jong Un met Syria's Bashar al-Assad in Pyongyang on Friday."
    records = [_record(f"d{i}", text) for i in range(20)]
    assert len(list(process_records(records, nlp=load(), batch_size=4))) == 20
    gc.collect()
    assert len(made) <= 4, f"{len(made)} of 20 Docs still alive after the batch"


def test_batch_cli_dask_without_dask_installed_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` raises ImportError
    good = tmp_path / "good.txt"
    good.write_text("Kim")
    result = CliRunner().invoke(batch_cli(), ["batch", str(good), "-o", str(tmp_path / "out.jsonl"), "--dask", "local:2"])
    assert result.exit_code == 2
    assert 'error: Dask is not installed: pip install "extractor[dask]"' in result.output


def test_batch_cli_dask_and_n_process_are_a_usage_error(tmp_path):
    result = CliRunner().invoke(batch_cli(), ["batch", str(tmp_path), "-o", str(tmp_path / "o.jsonl"),
                                         "--dask", "local", "--n-process", "2"])
    assert result.exit_code == 2
    assert "use --dask local:N instead of --n-process" in result.output


def test_batch_deeply_nested_json_line_is_its_error_record_and_resume_goes_past_it(nlp, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "Kim"}\n' + "[" * 100000 + "]" * 100000 + '\n'
                    '{"id": "c", "text": "Syria"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"

    def interrupt(summary):
        if summary.processed == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(read_inputs([str(feed)]), out, nlp=nlp, on_document=interrupt)
    summary = run_batch(read_inputs([str(feed)]), out, nlp=nlp, resume=True)
    docs = read_lines(out)
    assert [d["doc_id"] for d in docs] == ["a", "feed:2", "c"]
    assert docs[1]["error"] == f"{feed}:2: broken JSON line: nested too deeply"
    assert (summary.processed, summary.skipped) == (1, 2)


def _interrupt_after(count):
    def interrupt(summary):
        if summary.processed == count:
            raise KeyboardInterrupt
    return interrupt


def test_batch_resume_keeps_documents_whose_ids_repeat(nlp, tmp_path):
    out = tmp_path / "out.jsonl"
    records = [_record(doc_id, "Kim met Syria") for doc_id in ("x", "y", "x", "z", "y")]
    with pytest.raises(KeyboardInterrupt):
        run_batch(records, out, nlp=nlp, on_document=_interrupt_after(2))
    summary = run_batch(records, out, nlp=nlp, resume=True)
    assert [d["doc_id"] for d in read_lines(out)] == ["x", "y", "x", "z", "y"]
    assert (summary.processed, summary.skipped) == (3, 2)


def test_batch_resume_refuses_an_output_of_other_inputs(nlp, tmp_path):
    out = tmp_path / "out.jsonl"
    with pytest.raises(KeyboardInterrupt):
        run_batch([_record("a", "Kim"), _record("b", "Kim")], out, nlp=nlp, on_document=_interrupt_after(1))
    with pytest.raises(ValueError, match=r"cannot resume: .*document 1 is 'a', input document 1 is 'b'"):
        run_batch([_record("b", "Kim")], out, nlp=nlp, resume=True)


def test_batch_resume_keeps_csv_rows_of_ids_with_a_spreadsheet_prefix(nlp, tmp_path):
    out, table = tmp_path / "out.jsonl", tmp_path / "rel.csv"
    records = [_record(doc_id, "Kim met Syria") for doc_id in ("=a", "+b", "-c", "@d", "e")]
    with pytest.raises(KeyboardInterrupt):
        run_batch(records, out, nlp=nlp, relations_csv=table, on_document=_interrupt_after(4))
    run_batch(records, out, nlp=nlp, relations_csv=table, resume=True)
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [row[0] for row in rows[1:]] == ["'=a", "'+b", "'-c", "'@d", "e"]


def test_batch_cli_second_run_on_one_output_is_refused_at_once(nlp, tmp_path, monkeypatch):
    from extractor.io.writers import JsonlWriter

    monkeypatch.setattr("extractor.pipeline.load", lambda path=None, **knowledge: nlp)
    good, out = tmp_path / "good.txt", tmp_path / "out.jsonl"
    good.write_text("Kim met Syria")
    first = JsonlWriter(out)  # a run in progress
    first.write(batch_module.error_document(_record("a", error="src/a: kept")))
    result = CliRunner().invoke(batch_cli(), ["batch", str(good), "-o", str(out), "-q"])
    assert result.exit_code == 2
    assert f"error: another extractor batch is writing {out}" in result.output
    first.close()
    assert [d["doc_id"] for d in read_lines(out)] == ["a"]
    result = CliRunner().invoke(batch_cli(), ["batch", str(good), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("out")] == ["out.jsonl"]


@pytest.mark.parametrize("case", ["output_is_input", "two_outputs_one_file", "output_is_a_directory",
                                  "table_added_on_resume"])
def test_batch_cli_output_foot_guns_are_usage_errors_before_any_work(case, tmp_path, monkeypatch):
    def no_pipeline(path=None, **knowledge):
        raise AssertionError("the pipeline was loaded")

    monkeypatch.setattr("extractor.pipeline.load", no_pipeline)
    good, out, table = tmp_path / "good.txt", tmp_path / "out.jsonl", tmp_path / "rel.csv"
    good.write_text("Kim met Syria")
    args, message = {
        "output_is_input": (["-o", str(good)], f"error: --output {good} is an input file"),
        "two_outputs_one_file": (["-o", str(out), "--relations-csv", str(out)],
                                 f"error: --output and --relations-csv are one file: {out}"),
        "output_is_a_directory": (["-o", str(tmp_path)], f"error: --output {tmp_path} is a directory"),
        "table_added_on_resume": (["-o", str(out), "--resume", "--relations-csv", str(table)],
                                  f"error: --relations-csv {table} was not written by the run --resume continues"),
    }[case]
    partial_path(out).write_text("")
    result = CliRunner().invoke(batch_cli(), ["batch", str(good), "-q", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert good.read_text() == "Kim met Syria" and not table.exists() and not out.exists()
