"""Batch runs on Dask: the same records as the local path, a killed worker, resume, the CLI.

One LocalCluster of two worker processes serves the whole module (it takes seconds to start).
"""
import json
import os
import time
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("distributed")

from extractor.batch import run_batch  # noqa: E402
from extractor.distributed import PipelineSpec, dask_client, dask_pairs, extract_bag, warm_up  # noqa: E402
from extractor.io.readers import InputRecord, read_inputs  # noqa: E402
from extractor.io.writers import partial_path  # noqa: E402

from helpers import batch_cli  # noqa: E402

DEV = Path(__file__).resolve().parents[1] / "annotations" / "dev" / "dev.jsonl"
DOCS = 8


@pytest.fixture(scope="module")
def client():
    with dask_client("local:2") as client:
        warm_up(client, PipelineSpec.of())
        yield client


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """Text files, a binary file, and a JSONL file with a broken line, from the dev articles."""
    root = tmp_path_factory.mktemp("inputs")
    docs = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()[:DOCS]]
    for doc in docs[:2]:
        (root / f"{doc['doc_id']}.txt").write_text(doc["text"], encoding="utf-8")
    (root / "x-broken.txt").write_bytes(b"\x00\x01 not text")
    lines = [json.dumps({"id": d["doc_id"], "text": d["text"], "date": d["doc_date"]}) for d in docs[2:]]
    lines.insert(3, '{"id": "torn", "text": "unterminated')
    (root / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def _records(inputs):
    """The input's records, then one whose date is no calendar day (it fails in the pipeline)."""
    yield from read_inputs([str(inputs)])
    yield InputRecord(doc_id="bad-date", text="Kim Jong Un met Putin.", doc_date="2021-02-30", source="made")


def _run(inputs, out, **options):
    summary = run_batch(_records(inputs), out, relations_csv=out.with_suffix(".csv"), with_provenance=True,
                        **options)
    return summary, out.read_text(encoding="utf-8"), out.with_suffix(".csv").read_text(encoding="utf-8")


def _on_dask(client, block_size=2, **options):
    return partial(dask_pairs, client=client, spec=PipelineSpec.of(), block_size=block_size, **options)


@pytest.fixture(scope="module")
def local(inputs, tmp_path_factory):
    """The local path's summary, JSONL and CSV."""
    return _run(inputs, tmp_path_factory.mktemp("local") / "out.jsonl")


def test_dask_output_is_the_local_output_record_for_record(client, inputs, local, tmp_path):
    summary, jsonl, table = _run(inputs, tmp_path / "out.jsonl", pairs=_on_dask(client))
    assert jsonl.splitlines() == local[1].splitlines() and table == local[2]
    records = [json.loads(line) for line in jsonl.splitlines()]
    assert [r["doc_id"] for r in records][:7] == ["dev-01.txt", "dev-02.txt", "dev-03", "dev-04", "dev-05", "wire:4", "dev-06"]
    errors = {r["doc_id"]: r["error"] for r in records if r["error"]}
    assert set(errors) == {"x-broken.txt", "wire:4", "bad-date"}
    assert errors["wire:4"].endswith("wire.jsonl:4: broken JSON line: Unterminated string starting at at column 24")
    assert errors["bad-date"] == "made: ValueError: doc_date 2021-02-30 is not a calendar date"
    assert (summary.processed, summary.failed) == (DOCS + 3, 3) == (local[0].processed, local[0].failed)


class _KillingClient:
    """A Dask client that kills the worker running its first task, while it runs it."""

    def __init__(self, client):
        self.client, self.killed = client, []

    def __getattr__(self, name):
        return getattr(self.client, name)

    def submit(self, *args, **kwargs):
        future = self.client.submit(*args, **kwargs)
        if not self.killed:
            self.killed.append(_worker_running(self.client, future.key))
            self.client.run(os._exit, 1, workers=self.killed, on_error="return")
        return future


def _worker_running(client, key, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for address, keys in client.processing().items():
            if key in keys:
                return address
    raise AssertionError(f"task {key} was never seen running")


def test_dask_worker_killed_mid_run_loses_no_document(client, inputs, local, tmp_path):
    client.wait_for_workers(2)
    killing = _KillingClient(client)
    _, jsonl, table = _run(inputs, tmp_path / "out.jsonl", pairs=_on_dask(killing, block_size=4))
    assert killing.killed[0] not in client.nthreads()
    assert jsonl.splitlines() == local[1].splitlines() and table == local[2]


def test_dask_block_that_kills_its_worker_runs_again_document_by_document(client, inputs, local, tmp_path):
    scheduler = client.cluster.scheduler
    allowed, scheduler.allowed_failures = scheduler.allowed_failures, 0  # one death: KilledWorker
    client.wait_for_workers(2)
    killing = _KillingClient(client)
    try:
        _, jsonl, table = _run(inputs, tmp_path / "out.jsonl", pairs=_on_dask(killing, block_size=DOCS + 3))
    finally:
        scheduler.allowed_failures = allowed
    assert killing.killed[0] not in client.nthreads()
    assert jsonl.splitlines() == local[1].splitlines() and table == local[2]


def test_dask_resume_after_an_interrupted_run(client, inputs, local, tmp_path):
    out = tmp_path / "out.jsonl"

    def interrupt(summary):
        if summary.processed == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _run(inputs, out, pairs=_on_dask(client), on_document=interrupt)
    assert not out.exists() and len(partial_path(out).read_text(encoding="utf-8").splitlines()) == 3
    summary, jsonl, table = _run(inputs, out, pairs=_on_dask(client), resume=True)
    assert (summary.skipped, summary.processed) == (3, DOCS)
    assert jsonl.splitlines() == local[1].splitlines() and table == local[2]


def test_dask_cli_on_a_running_scheduler(client, inputs, local, tmp_path):
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(batch_cli(), ["batch", str(inputs), "-o", str(out), "-q", "--provenance",
                                         "--dask", client.scheduler.address, "--batch-size", "3"])
    assert result.exit_code == 1, result.output
    assert f"processed {DOCS + 2}, failed 2" in result.output
    assert out.read_text(encoding="utf-8").splitlines() == local[1].splitlines()[:-1]


def test_dask_cli_worker_that_cannot_load_the_pipeline_is_a_usage_error(client, inputs, tmp_path):
    missing = tmp_path / "missing-kb.jsonl"
    result = CliRunner().invoke(batch_cli(), ["batch", str(inputs), "-o", str(tmp_path / "out.jsonl"), "-q",
                                         "--dask", client.scheduler.address, "--kb", str(missing)])
    assert result.exit_code == 2
    assert f"cannot load the pipeline: FileNotFoundError: KB file not found: {missing}" in result.output


def test_extract_bag_gives_the_records_of_extract_many(client):
    import dask.bag

    from extractor import extract_many

    items = [("Kim Jong Un met Putin in Vladivostok.", {"doc_id": "a", "doc_date": "2019-04-25"}),
             "Syria thanked North Korea.", ("x", {"doc_id": "bad", "doc_date": "2019-13-01"})]
    got = extract_bag(dask.bag.from_sequence(items, npartitions=2)).compute()
    assert got == [doc.model_dump(mode="json") for doc in extract_many(items)]
    assert got[0]["entities"] and got[2]["error"] == "ValueError: doc_date 2019-13-01 is not a calendar date"


def test_dask_cli_local_worker_count_must_be_positive(tmp_path):
    result = CliRunner().invoke(batch_cli(), ["batch", str(tmp_path), "-o", str(tmp_path / "out.jsonl"), "--dask", "local:0"])
    assert result.exit_code == 2
    assert "error: --dask local:N needs a positive worker count, got 'local:0'" in result.output
