"""Hostile input: arbitrary Unicode through extract(), pathological regex inputs, a messy batch."""
import importlib
import json
import pkgutil
import re
import signal
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import extractor
from extractor import extract, load
from extractor.batch import run_batch
from extractor.io.readers import ReadOptions, read_inputs

NEWS_PIECES = [
    "Kim Jong Un", "North Korea", "Syria", "Syria's Assad", "President Bashar al-Assad",
    "the UN Security Council", "OPCW", "(OPCW)", "on Friday", "June 21, 2019", "the 80s",
    "late 2015", "Pyongyang", "Moscow has opposed", "met", "sanctioned", "supplied",
    ". ", ", ", "\n\n", "\r\n", " ", "'s", "-", "\u2019s",
]
HOSTILE_PIECES = [
    "\x00", "\x07", "\x1b[31m", "\u200b", "\u200d", "\ufeff", "\u202e", "\u2066",
    "\ud800", "\udfff", "\ud83d", "\U0001F1F0\U0001F1F5", "\U0001F468\u200d\U0001F469\u200d\U0001F467",
    "\u0627\u0644\u0623\u0633\u062f", "\u05e9\u05dc\u05d5\u05dd", "\u0915\u093f\u092e",
    "e\u0301\u0301\u0301", "\uffff", "\U0010ffff", "\t\v\f", "\u2028\u2029", "\u00a0",
    "A" * 10_000, "-" * 10_000, "1" * 10_000, ".\n" * 500,
]
ALL_CHARACTERS = st.text(st.characters(codec=None, categories=None), max_size=200)
PIECES = st.lists(st.sampled_from(NEWS_PIECES + HOSTILE_PIECES) | ALL_CHARACTERS, max_size=25)
TEXTS = PIECES.map("".join) | ALL_CHARACTERS
RUNTIME_SAMPLE = (
    "PYONGYANG, June 23 (KCNA) -- North Korean leader Kim Jong Un met Syria's President "
    "Bashar al-Assad's envoy, Deputy Foreign Minister Walid Muallem, on Friday. The Syrian "
    "Ministry of Foreign Affairs (MOFA) said the two countries signed an agreement. "
    "The US accused Damascus of using chlorine in Douma in April 2018; Moscow has opposed "
    "sanctions by the UN Security Council since the 1960s. Kim sent a letter to Assad last week.\n"
)
PATHOLOGICAL = ["a", "A", " ", "1", "Aa ", ".", "-", "\n", "Kim ", "A.", "'s ", "\u00e9"]
PATTERN_SECONDS = 2.0
N_PATHOLOGICAL = 100_000


@pytest.fixture(scope="module")
def nlp():
    return load()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_hostile_extract_never_raises_and_spans_slice_the_input(nlp, text):
    document = extract(text, nlp=nlp)
    assert document.error is None
    ids = {entity.id for entity in document.entities}
    for entity in document.entities:
        assert 0 <= entity.start <= entity.end <= len(text)
        assert text[entity.start:entity.end] == entity.text
    for relation in document.relations:
        assert {relation.head, relation.tail} <= ids
        assert 0 <= relation.evidence[0] <= relation.evidence[1] <= len(text)


@pytest.mark.parametrize("piece", ["\ud800" * 1000, "\x00" * 5000, "A" * 10_000, "\u202eSyria\u202c"])
def test_hostile_extract_specific_inputs(nlp, piece):
    text = f"Kim Jong Un met Syria's Assad. {piece} North Korea on Friday."
    document = extract(text, nlp=nlp)
    assert all(text[e.start:e.end] == e.text for e in document.entities)


def _import_all():
    modules, failures = [], []
    for info in pkgutil.walk_packages(extractor.__path__, prefix="extractor.", onerror=failures.append):
        try:
            modules.append(importlib.import_module(info.name))
        except Exception as err:  # reported by test_hostile_every_package_module_imports
            failures.append(f"{info.name}: {type(err).__name__}: {err}")
    return modules, failures


def test_hostile_every_package_module_imports():
    _, failures = _import_all()
    assert not failures, "modules whose regexes go unchecked: " + "; ".join(failures)


def _patterns_in(value, depth=0):
    if isinstance(value, re.Pattern):
        yield value
    elif depth < 3 and isinstance(value, dict):
        for item in value.values():
            yield from _patterns_in(item, depth + 1)
    elif depth < 3 and isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _patterns_in(item, depth + 1)
    elif depth < 1 and isinstance(value, type):
        for item in vars(value).values():
            yield from _patterns_in(item, depth + 1)


def _package_patterns():
    found = {}
    for module in _import_all()[0]:
        for name, value in vars(module).items():
            if isinstance(value, type) and value.__module__ != module.__name__:
                continue
            for pattern in _patterns_in(value):
                found.setdefault((pattern.pattern, pattern.flags), (f"{module.__name__}.{name}", pattern))
    return list(found.values())


def _is_re_module(name: str) -> bool:
    return name == "re" or name.startswith("re.") or name == "sre_compile"


def _runtime_patterns(nlp, monkeypatch) -> list:
    """Patterns the package compiles while it runs (inside functions, in components)."""
    found, real = {}, re._compile

    def spy(pattern, flags):
        compiled = real(pattern, flags)
        frame = sys._getframe(1)
        while frame is not None and _is_re_module(frame.f_globals.get("__name__", "")):
            frame = frame.f_back
        caller = frame.f_globals.get("__name__", "") if frame is not None else ""
        if caller.startswith("extractor") and isinstance(compiled, re.Pattern):
            found.setdefault((compiled.pattern, compiled.flags), (f"{caller} (runtime)", compiled))
        return compiled

    monkeypatch.setattr(re, "_compile", spy)
    extract(RUNTIME_SAMPLE, doc_date="2019-06-23", nlp=nlp)
    monkeypatch.undo()
    for name, proc in nlp.pipeline:
        for attr, value in vars(proc).items():
            for pattern in _patterns_in(value, depth=1):
                found.setdefault((pattern.pattern, pattern.flags), (f"component {name}.{attr}", pattern))
    return list(found.values())


@pytest.fixture(scope="module")
def all_patterns(nlp):
    patch = pytest.MonkeyPatch()
    patterns = {(p.pattern, p.flags): (name, p) for name, p in _package_patterns()}
    for name, pattern in _runtime_patterns(nlp, patch):
        patterns.setdefault((pattern.pattern, pattern.flags), (name, pattern))
    return list(patterns.values())


def test_hostile_package_patterns_are_found(all_patterns):
    names = {name for name, _ in all_patterns}
    assert "extractor.api.DATE_FORMAT" in names
    assert "extractor.io.readers.ISO_DATE" in names
    assert len(all_patterns) > len(_package_patterns())  # runtime ones were caught too


def _search_seconds(pattern: re.Pattern, text: str, limit: float) -> float:
    """Seconds one search takes, cut off (as infinity) past `limit`."""
    def stop(signum, frame):
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, limit)
    started = time.perf_counter()
    try:
        pattern.search(text)
        return time.perf_counter() - started
    except TimeoutError:
        return float("inf")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _slow_patterns(patterns, kind: str, limit: float = PATTERN_SECONDS) -> list[str]:
    run = kind * (N_PATHOLOGICAL // len(kind))
    slow = []
    for name, pattern in patterns:
        for text in (run, run + "!", "!" + run + "\x00"):
            if _search_seconds(pattern, text, limit) >= limit:
                slow.append(f"{name} /{pattern.pattern[:60]}/ on {kind!r} runs: over {limit}s")
                break
    return slow


def test_hostile_backtracking_guard_catches_a_catastrophic_pattern():
    patterns = [("bad", re.compile(r"(a+)+$")), ("quadratic", re.compile(r"\s+$")), ("fine", re.compile(r"a+"))]
    assert [line.split()[0] for line in _slow_patterns(patterns, "a", 0.3)] == ["bad"]
    assert [line.split()[0] for line in _slow_patterns(patterns, " ", 0.3)] == ["quadratic"]


@pytest.mark.parametrize("kind", PATHOLOGICAL)
def test_hostile_every_package_regex_is_linear_on_long_runs(kind, all_patterns):
    slow = _slow_patterns(all_patterns, kind)
    assert not slow, "catastrophic backtracking: " + "; ".join(slow)


def test_hostile_messy_directory_loses_nothing(nlp, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "01-good.txt").write_text("Kim Jong Un met Syria's Assad in Pyongyang on Friday.", encoding="utf-8")
    (corpus / "02-empty.txt").write_bytes(b"")
    (corpus / "03-binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" * 20)
    (corpus / "04-latin1.txt").write_bytes("Caf\u00e9 talks: North Korea and Syria signed a deal.".encode("latin-1"))
    (corpus / "05-feed.jsonl").write_text(
        '{"id": "j1", "text": "Russia supplied Syria."}\n'
        '{"id": "j2", "text": "broken\n'
        '{"id": "j3", "text": "The UN Security Council sanctioned North Korea.", "date": "2017-08-05"}\n',
        encoding="utf-8",
    )
    (corpus / "06-page.html").write_text("<p>Kim <b>Jong Un</b> wrote to Assad.</p>", encoding="utf-8")
    (corpus / "07-good.txt").write_text("\ufeffSyria\r\nand Russia held talks.\r\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    summary = run_batch(read_inputs([str(corpus)], ReadOptions()), out, nlp=nlp, batch_size=2)
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    expected = ["01-good.txt", "02-empty.txt", "03-binary.txt", "04-latin1.txt", "j1", "05-feed:2", "j3",
                "06-page.html", "07-good.txt"]
    assert [d["doc_id"] for d in docs] == expected
    failed = [d["doc_id"] for d in docs if d["error"]]
    assert failed == ["03-binary.txt", "05-feed:2"]
    assert "03-binary.txt: binary data" in docs[2]["error"]
    assert docs[5]["error"].startswith(f"{corpus / '05-feed.jsonl'}:2: broken JSON line")
    assert docs[1]["entities"] == [] and docs[1]["error"] is None
    assert docs[6]["doc_date"] == "2017-08-05"
    assert (summary.processed, summary.failed) == (9, 2)
    assert any("04-latin1.txt: encoding" in note for note in summary.notes)
