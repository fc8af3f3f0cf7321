"""Worker processes for `extract_many(n_process=N)`, losing no document when one dies.

The pipeline is saved once to a temporary directory, and each worker loads it from there
(under 'spawn' nothing of it is pickled; spaCy's own `nlp.pipe(n_process=...)` would also
ship every processed Doc back, ~95 KB each). Each worker runs `api.process_batch` on whole
batches, within the time budget (a worker is its process's main thread, so SIGALRM works).

A worker that dies (OOM killer, segfault, kill -9) breaks its pool: `concurrent.futures`
notices and fails every unfinished batch with BrokenProcessPool (multiprocessing.Pool would
wait for it forever). The documents of those batches are run again, one at a time, in a
spare worker of their own; one that kills that worker too gets the error WORKER_DIED. A new
pool takes the batches that follow.
"""
from __future__ import annotations

import multiprocessing
import tempfile
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Iterator, Optional

from spacy.language import Language

from .api import error_data, process_batch
from .extensions import install_extensions
from .pipeline import MAX_TEXT_CHARS, load_saved

IN_FLIGHT_PER_WORKER = 2
WORKER_DIED = "worker died (killed or crashed) processing this document, twice"

# The pipeline of a worker process, loaded by the pool's initializer (or the reason it could not be).
_WORKER_NLP: Optional[Language] = None
_WORKER_ERROR: Optional[str] = None


def in_workers(batches: Iterator[list], n_process: int, nlp: Language, start_method: Optional[str],
               max_seconds: Optional[float] = None) -> Iterator[dict]:
    """`process_batch` of each batch in `n_process` worker processes, results in input order.

    At most IN_FLIGHT_PER_WORKER batches per worker are in flight, so memory stays flat
    however long the input.

    batches (Iterator[list]): lists of (text, metadata) pairs.
    n_process (int): worker processes.
    nlp (Language): the pipeline, saved for the workers to load.
    start_method (Optional[str]): 'fork', 'spawn' or 'forkserver'; the platform's default when None.
    max_seconds (Optional[float]): time budget of one document; None or 0: none.
    YIELDS (dict): one Document's data per pair.
    """
    with tempfile.TemporaryDirectory(prefix="extractor-") as path:
        nlp.to_disk(path)
        workers = Workers(path, n_process, multiprocessing.get_context(start_method), max_seconds)
        try:
            in_flight: deque = deque()
            for batch in batches:
                in_flight.append((batch, workers.submit(batch)))
                while len(in_flight) >= IN_FLIGHT_PER_WORKER * n_process:
                    yield from workers.results(*in_flight.popleft())
            while in_flight:
                yield from workers.results(*in_flight.popleft())
        finally:
            workers.close()


class Workers:
    """A pool of worker processes, renewed when one dies, and a spare one for re-runs."""

    def __init__(self, path: str, n_process: int, context, max_seconds: Optional[float]):
        self.new_pool = partial(ProcessPoolExecutor, mp_context=context, initializer=_start_worker,
                                initargs=(path,))
        self.n_process, self.max_seconds = n_process, max_seconds
        self.pool, self.spare = self.new_pool(n_process), None

    def submit(self, batch: list) -> Future:
        """The future of a batch's data; a broken pool is replaced first."""
        try:
            return self.pool.submit(_work, batch, self.max_seconds)
        except BrokenProcessPool:
            self.pool.shutdown(wait=False)
            self.pool = self.new_pool(self.n_process)
            return self.pool.submit(_work, batch, self.max_seconds)

    def results(self, batch: list, future: Future) -> list[dict]:
        """The batch's data; when its worker died, each document's from the spare worker."""
        try:
            return future.result()
        except BrokenProcessPool:
            return [self._again(item) for item in batch]

    def _again(self, item: tuple) -> dict:
        """One document's data from the spare worker, or WORKER_DIED when it kills that one too."""
        if self.spare is None:
            self.spare = self.new_pool(1)
        try:
            return self.spare.submit(_work, [item], self.max_seconds).result()[0]
        except BrokenProcessPool:
            self.spare.shutdown(wait=False)
            self.spare = None
            return error_data(item[1], WORKER_DIED)

    def close(self) -> None:
        """Stop the workers; batches not started are dropped."""
        for pool in (self.pool, self.spare):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(path: str) -> None:
    global _WORKER_NLP, _WORKER_ERROR
    try:
        install_extensions()
        _WORKER_NLP = load_saved(path)
        _WORKER_NLP.max_length = MAX_TEXT_CHARS
    except Exception as err:  # every document of this worker gets the reason
        _WORKER_ERROR = f"worker could not load the pipeline: {type(err).__name__}: {err}"


def _work(batch: list, max_seconds: Optional[float] = None) -> list[dict]:
    if _WORKER_NLP is None:
        return [error_data(meta, _WORKER_ERROR or "worker has no pipeline") for _, meta in batch]
    return process_batch(_WORKER_NLP, batch, max_seconds)
