"""A time budget for processing one document: a POSIX interval timer raising `OverBudget`.

`time_budget(seconds)` arms `signal.setitimer(ITIMER_REAL)`; when it fires, SIGALRM's handler
raises `OverBudget` in the running code. It derives from BaseException, so a component's own
`except Exception` cannot swallow it. Where the timer cannot be armed the budget is not
enforced (`enforced()` says so): on platforms without SIGALRM (Windows), outside the main
thread (signals reach only the main thread), and while someone else's timer is running
(it is left alone). Python runs the handler between bytecodes, so C code that does not
check for signals (spaCy's Cython tokenizer) is stopped when it returns, not before.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator, Optional

DEFAULT_MAX_SECONDS = 60.0
_ARMED = False  # the handler raises only while a budget is running


class OverBudget(BaseException):
    """Processing ran past its time budget."""


def time_error(seconds: float) -> str:
    """The error of a document over the time budget."""
    return f"over the time budget of {seconds:g} s"


def size_error(limit: int, what: str) -> str:
    """The error of an input over the size budget of `limit` bytes; `what` says which input."""
    return f"over the size budget of {limit} bytes ({what})"


def enforced() -> bool:
    """Whether `time_budget` can stop code here: SIGALRM exists and this is the main thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: Optional[float]) -> Iterator[None]:
    """Raise `OverBudget` in the body when it runs longer than `seconds` (no limit: None or 0).

    seconds (Optional[float]): the budget in seconds.
    """
    global _ARMED
    if not seconds or not enforced() or signal.getitimer(signal.ITIMER_REAL)[0]:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _over_budget)
    _ARMED = True
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        _ARMED = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _over_budget(signum, frame) -> None:
    if _ARMED:
        raise OverBudget()
