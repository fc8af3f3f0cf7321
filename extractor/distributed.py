"""Batch runs on a Dask cluster (`pip install "extractor[dask]"`), with the guarantees of the
local path.

The client reads the input (as `io.readers` does for the local path) and cuts the stream of
records into blocks of `block_size`, in input order. Each block's readable texts go to a
worker as one task, `extract_records`: the worker loads the pipeline once (`pipeline.load`
caches it per process, keyed by its path and options; only the small `PipelineSpec` travels
with a task, never an `nlp`) and sends back plain records, the Documents' JSON data, error
records included. `dask_pairs` yields them as (record, Document) pairs in input order, with
a bounded number of blocks in flight, to `batch.run_batch`, which writes them as it writes
the local path's (same error records, progress, resume, atomic rename, relations CSV).

Dask reruns the task of a worker that dies, so no document is lost. A block whose task kills
its worker every time (Dask's `KilledWorker`) runs again one document a task, and only the
document that kills its worker gets an error record.

The pipeline directory and the user's KB and lexicon files are opened by the workers by their
absolute paths: on a cluster of several machines they must be on a path every worker sees (a
shared file system), and `extractor` must be installed on every worker.

Users already in Dask call `extract_bag` on a bag of texts or (text, metadata) pairs.
"""
from __future__ import annotations

import os
import threading
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

from .api import error_data, extract_many
from .batch import Pair, error_document, finished
from .io.readers import InputRecord
from .pipeline import load
from .schema import Document

INSTALL_HINT = 'Dask is not installed: pip install "extractor[dask]"'
IN_FLIGHT_PER_THREAD = 2
_ONE_AT_A_TIME = threading.Lock()
KILLED_REASON = "pipeline failed: the Dask worker processing this document died each time (KilledWorker)"


@dataclass(frozen=True)
class PipelineSpec:
    """What a worker needs to load the pipeline: paths (absolute, on a path every worker sees)
    and options, as for `pipeline.load`.

    model (Optional[str]): a pipeline directory; the shipped one when None.
    kb (tuple): user KB files.
    lexicon (tuple): user lexicon files.
    parser (bool): add the optional parser.
    """

    model: Optional[str] = None
    kb: tuple = ()
    lexicon: tuple = ()
    parser: bool = False

    @classmethod
    def of(cls, model=None, kb: Sequence = (), lexicon: Sequence = (), parser: bool = False) -> "PipelineSpec":
        """A spec with every path made absolute (workers do not share the client's directory)."""
        return cls(None if model is None else _absolute(model), tuple(map(_absolute, kb)),
                   tuple(map(_absolute, lexicon)), parser)

    def load(self):
        """The pipeline, loaded once per process (`pipeline.load` caches it)."""
        return load(self.model, kb=self.kb, lexicon=self.lexicon, parser=self.parser)


def _absolute(path) -> str:
    return str(Path(path).resolve())


def import_distributed():
    """The `distributed` module, or ImportError saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise ImportError(INSTALL_HINT) from None
    return distributed


@contextmanager
def dask_client(scheduler: str) -> Iterator:
    """A Dask client for `scheduler`: an address (tcp://host:8786), or 'local' / 'local:N' for
    a LocalCluster of N worker processes (one thread each; N = the CPU count for 'local')
    started here; the client, and such a cluster, are closed on leaving.

    scheduler (str): the address or 'local[:N]'.
    YIELDS (distributed.Client): the connected client.
    """
    distributed = import_distributed()
    name, _, count = scheduler.partition(":")
    if name != "local":
        with distributed.Client(scheduler) as client:
            yield client
        return
    if count and not (count.isdigit() and int(count) > 0):
        raise ValueError(f"--dask local:N needs a positive worker count, got {scheduler!r}")
    workers = int(count) if count else os.cpu_count() or 1
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        yield client


def warm_up(client, spec: PipelineSpec) -> None:
    """Load the pipeline on every worker now, so that a path a worker cannot read fails the run
    at its start, with a clear error, rather than in its first task.

    RAISES (ValueError): '<worker>: cannot load the pipeline: <reason>' for the first that failed.
    """
    failures = sorted((address, reason) for address, reason in client.run(_load_on_worker, spec).items() if reason)
    if failures:
        address, reason = failures[0]
        raise ValueError(f"Dask worker {address}: cannot load the pipeline: {reason}")


def _load_on_worker(spec: PipelineSpec) -> Optional[str]:
    """None once the worker holds the pipeline, else why it cannot load it."""
    try:
        spec.load()
    except Exception as err:
        return f"{type(err).__name__}: {err}"
    return None


def extract_records(items: list, spec: PipelineSpec, batch_size: int = 64) -> list[dict]:
    """The output records of (text, metadata) pairs, run on a worker through `extract_many`.

    items (list): (text, metadata) pairs, or texts.
    spec (PipelineSpec): the pipeline to use (loaded once per worker process).
    batch_size (int): documents per batch for `nlp.pipe`.
    RETURNS (list[dict]): one Document's JSON data per item, in order; `error` set for a failed one.
    """
    with _ONE_AT_A_TIME:  # the threads of a worker share its pipeline: run them in turn
        documents = extract_many(items, nlp=spec.load(), batch_size=batch_size)
        return [document.model_dump(mode="json") for document in documents]


def dask_pairs(
    records: Iterable[InputRecord], client, spec: PipelineSpec, *, block_size: int = 64,
    in_flight: Optional[int] = None,
) -> Iterator[Pair]:
    """One output Document per input record, in input order, processed on a Dask cluster.

    records (Iterable[InputRecord]): the input stream (from `io.readers.read_inputs`).
    client (distributed.Client): the connected client.
    spec (PipelineSpec): the pipeline the workers load.
    block_size (int): records per task (and per `nlp.pipe` batch).
    in_flight (Optional[int]): most blocks submitted and not yet yielded; twice the
        cluster's threads when None.
    YIELDS (tuple): (record, Document) pairs, as `batch.process_records` does.
    """
    limit = in_flight or IN_FLIGHT_PER_THREAD * max(sum(client.nthreads().values()), 1)
    pending: deque = deque()
    reader_errors: list = []
    try:
        for block in _blocks(records, block_size, reader_errors):
            pending.append((block, _submit(client, block, spec, block_size)))
            while len(pending) >= limit:
                yield from _block_pairs(client, spec, *pending.popleft())
        while pending:
            yield from _block_pairs(client, spec, *pending.popleft())
    finally:
        client.cancel([future for _, future in pending if future is not None])
    if reader_errors:
        raise reader_errors[0]


def _blocks(records: Iterable[InputRecord], size: int, errors: list) -> Iterator[list]:
    """Blocks of `size` records in input order; a reader failure ends the stream after the
    records read so far and is appended to `errors` (raised once they are written)."""
    block: list = []
    iterator = iter(records)
    while True:
        try:
            block.append(next(iterator))
        except StopIteration:
            break
        except Exception as err:  # a reader bug: flush what was read, then report it
            errors.append(err)
            break
        if len(block) == size:
            yield block
            block = []
    if block:
        yield block


def _items(block: list) -> list:
    return [(record.text, {"doc_id": record.doc_id, "doc_date": record.doc_date,
                           "doc_date_source": record.doc_date_source})
            for record in block if record.error is None]


def _submit(client, block: list, spec: PipelineSpec, batch_size: int):
    items = _items(block)
    return client.submit(extract_records, items, spec, batch_size, pure=False) if items else None


def _block_pairs(client, spec: PipelineSpec, block: list, future) -> Iterator[Pair]:
    data = iter([] if future is None else _results(client, spec, future, _items(block)))
    for record in block:
        if record.error is not None:
            yield record, error_document(record)
        else:
            yield finished(record, Document.model_validate(next(data)))


def _results(client, spec: PipelineSpec, future, items: list) -> list[dict]:
    """A block's records; when its task killed its worker every time, each document's own."""
    killed_worker = import_distributed().KilledWorker
    try:
        return future.result()
    except killed_worker:
        if len(items) == 1:
            return [error_data(items[0][1], KILLED_REASON)]
    alone = [client.submit(extract_records, [item], spec, pure=False) for item in items]
    return [data for item, one in zip(items, alone) for data in _results(client, spec, one, [item])]


def extract_bag(bag, model=None, kb: Sequence = (), lexicon: Sequence = (), parser: bool = False,
                batch_size: int = 64):
    """A Dask bag of output records from a bag of texts or (text, metadata) pairs.

    bag (dask.bag.Bag): the inputs; metadata may hold 'doc_id', 'doc_date', 'doc_date_source'.
    model, kb, lexicon, parser: the pipeline, as for `pipeline.load` (paths every worker sees).
    batch_size (int): documents per batch for `nlp.pipe` inside a partition.
    RETURNS (dask.bag.Bag): one Document's JSON data (a dict) per input, partitions kept.
    """
    spec = PipelineSpec.of(model, kb, lexicon, parser)
    return bag.map_partitions(_extract_partition, spec, batch_size)


def _extract_partition(partition, spec: PipelineSpec, batch_size: int) -> list[dict]:
    return extract_records(list(partition), spec, batch_size)
