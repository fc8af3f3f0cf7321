"""Per-document budgets, failures as records, dead workers: no document stalls or ends a batch."""
import os
import signal
import threading
import time

import pytest
from spacy.language import Language
from spacy.tokens import Span
from typer.testing import CliRunner

from extractor.api import extract_many, process_batch
from extractor.batch import run_batch
from extractor.budget import OverBudget, time_budget
from extractor.io.readers import read_inputs
from extractor.workers import WORKER_DIED
from helpers import batch_cli, blank_pipeline, read_lines


def _recurse(depth):
    return _recurse(depth + 1) + 1


@Language.component("test_budget_hostile")
def _hostile(doc):
    """Tags 'Syria' STATE; sleeps on SLOW, recurses without end on DEEP, runs out of memory on
    HUGE, kills its own process on KILLME."""
    if "SLOW" in doc.text:
        time.sleep(30)
    if "DEEP" in doc.text:
        _recurse(0)
    if "HUGE" in doc.text:
        raise MemoryError()
    if "KILLME" in doc.text:
        os.kill(os.getpid(), signal.SIGKILL)
    doc.ents = [Span(doc, t.i, t.i + 1, "STATE") for t in doc if t.text == "Syria"]
    return doc


@pytest.fixture
def nlp():
    return blank_pipeline("test_budget_hostile")


def _items(texts):
    return [(text, {"doc_id": f"d{i}"}) for i, text in enumerate(texts)]


def test_budget_time_budget_raises_over_budget_in_a_sleep():
    with pytest.raises(OverBudget):
        with time_budget(0.2):
            time.sleep(30)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL


def test_budget_time_budget_is_not_enforced_outside_the_main_thread():
    outcome = []

    def body():
        with time_budget(0.01):
            time.sleep(0.05)
        outcome.append("finished")

    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    assert outcome == ["finished"]


def test_budget_only_the_slow_document_of_a_batch_gets_the_time_error(nlp):
    data = process_batch(nlp, _items(["Syria spoke.", "SLOW Syria", "Syria again."]), max_seconds=1)
    assert [d.get("error") for d in data] == [None, "over the time budget of 1 s", None]
    assert [[e["text"] for e in d["entities"]] for d in data] == [["Syria"], [], ["Syria"]]


def test_budget_recursion_and_memory_errors_are_the_documents_error_records(nlp):
    docs = list(extract_many(_items(["Syria", "DEEP Syria", "HUGE Syria", "Syria"]), nlp=nlp, batch_size=4))
    assert [d.doc_id for d in docs] == ["d0", "d1", "d2", "d3"]
    assert docs[1].error == "pipeline failed: RecursionError: maximum recursion depth exceeded"
    assert docs[2].error == "pipeline failed: MemoryError: "
    assert [len(d.entities) for d in docs] == [1, 0, 0, 1]


def test_budget_a_dead_worker_is_detected_and_its_batches_run_again(nlp):
    texts = ["Syria"] * 5 + ["KILLME Syria"] + ["Syria"] * 6
    docs = list(extract_many(_items(texts), nlp=nlp, batch_size=2, n_process=2, start_method="fork"))
    assert [d.doc_id for d in docs] == [f"d{i}" for i in range(12)]
    assert [d.error for d in docs] == [None] * 5 + [WORKER_DIED] + [None] * 6
    assert [len(d.entities) for d in docs] == [1] * 5 + [0] + [1] * 6


def test_budget_the_time_budget_holds_inside_workers(nlp):
    docs = list(extract_many(_items(["Syria", "SLOW", "Syria"]), nlp=nlp, batch_size=1, n_process=2,
                             start_method="fork", max_seconds=1))
    assert [d.error for d in docs] == [None, "over the time budget of 1 s", None]


def test_budget_reader_failures_are_records_and_resume_goes_past_them(nlp, tmp_path, monkeypatch):
    def html_to_text(page):
        if "deep" in page:
            raise RecursionError("maximum recursion depth exceeded")
        return page

    monkeypatch.setattr("extractor.io.readers.html_to_text", html_to_text)
    (tmp_path / "in").mkdir()
    for name, text in [("a.txt", "Syria"), ("b.html", "deep"), ("c.txt", "HUGE"), ("d.txt", "Syria")]:
        (tmp_path / "in" / name).write_text(text)
    out, inputs = tmp_path / "out.jsonl", [str(tmp_path / "in")]

    def interrupt(summary):
        if summary.processed == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(read_inputs(inputs), out, nlp=nlp, on_document=interrupt)
    summary = run_batch(read_inputs(inputs), out, nlp=nlp, resume=True)
    docs = read_lines(out)
    assert [d["doc_id"] for d in docs] == ["a.txt", "b.html", "c.txt", "d.txt"]
    assert docs[1]["error"] == f"{tmp_path / 'in' / 'b.html'}: cannot read: RecursionError: maximum recursion depth exceeded"
    assert docs[2]["error"] == f"{tmp_path / 'in' / 'c.txt'}: pipeline failed: MemoryError: "
    assert (summary.processed, summary.skipped, summary.failed) == (2, 2, 1)


def test_budget_a_jsonl_line_whose_reading_fails_is_its_error_record(nlp, tmp_path, monkeypatch):
    from extractor.io import readers

    decode = readers.decode_bytes

    def decode_bytes(data):
        if b"bad" in data:
            raise MemoryError()
        return decode(data)

    monkeypatch.setattr(readers, "decode_bytes", decode_bytes)
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "Syria"}\n{"id": "b", "text": "bad"}\n{"id": "c", "text": "Syria"}\n')
    records = list(read_inputs([str(feed)]))
    assert [r.doc_id for r in records] == ["a", "feed:2", "c"]
    assert records[1].error == f"{feed}:2: cannot read: MemoryError: "


def test_budget_batch_over_hostile_files_gives_one_record_each_naming_the_budget(nlp, tmp_path, monkeypatch):
    monkeypatch.setattr("extractor.pipeline.load", lambda path=None, **knowledge: nlp)
    folder = tmp_path / "in"
    folder.mkdir()
    files = {"a.txt": "Syria spoke.", "big.txt": "Syria " * 5000, "deep.txt": "DEEP Syria",
             "feed.jsonl": '{"id": "j1", "text": "Syria"}\n' + "[" * 5000 + "]" * 5000 + "\n"
                           '{"id": "j3", "text": "SLOW Syria"}\n',
             "page.html": "<p>Syria</p>", "slow.txt": "SLOW Syria", "z.txt": "Syria again."}
    for name, text in files.items():
        (folder / name).write_text(text)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(batch_cli(), ["batch", str(folder), "-o", str(out), "-q",
                                         "--max-seconds", "1", "--max-bytes", "20000"])
    assert result.exit_code == 1, result.output
    assert "processed 9, failed 5" in result.output
    errors = {d["doc_id"]: d["error"] for d in read_lines(out)}
    assert list(errors) == ["a.txt", "big.txt", "deep.txt", "j1", "feed:2", "j3", "page.html", "slow.txt", "z.txt"]
    assert errors["big.txt"] == f"{folder / 'big.txt'}: over the size budget of 20000 bytes (file of 30000 bytes)"
    assert errors["feed:2"] == f"{folder / 'feed.jsonl'}:2: broken JSON line: nested too deeply"
    assert errors["j3"] == f"{folder / 'feed.jsonl'}:3: over the time budget of 1 s"
    assert errors["slow.txt"] == f"{folder / 'slow.txt'}: over the time budget of 1 s"
    assert errors["deep.txt"].endswith("pipeline failed: RecursionError: maximum recursion depth exceeded")
    assert [doc_id for doc_id, error in errors.items() if error is None] == ["a.txt", "j1", "page.html", "z.txt"]
