"""Benchmark of the extractor: throughput, memory and cold start, in one run.

    .venv/bin/python bench/run.py            # 2,000 documents, writes bench/RESULTS.md
    .venv/bin/python bench/run.py --docs 300 --no-write   # a quick look

Every measurement runs in its own Python process (so memory and caches do not
leak between them) on the same seeded corpus of news-like ~600-word documents
(bench/corpus.py). Words are whitespace-separated words of the corpus texts.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from corpus import iter_corpus, make_corpus  # noqa: E402

WARMUP_DOCS = 20
COLD_RUNS = 5
ROUNDS = 3  # each throughput is the best of this many passes: the least disturbed by other work
INTERLEAVED = ("tokenizer", "full1", "nlp_pipe")  # measured in turn in one process (`_interleaved`)
CHUNK = 128  # documents per interleaved pass: two batches of 64
CHUNK_ROUNDS = 5  # passes over each chunk: the machine's speed swings by a third from second to second
SHORT_TEXT = "North Korean leader Kim Jong Un met Syria's President Bashar al-Assad in Pyongyang on Friday.\n"
GOAL_RATIO, GOAL_MEMORY, GOAL_COLD = 0.10, 0.10, 2.0


# --- measurements, each run in a child process --------------------------------------

def _throughput(kind: str, n_docs: int) -> dict:
    texts = make_corpus(n_docs)
    warm = make_corpus(WARMUP_DOCS, seed=99)
    run = _runner(kind)
    run(warm)
    seconds = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        count = run(texts)
        seconds.append(time.perf_counter() - started)
    return {"docs": count, "words": sum(len(t.split()) for t in texts), "seconds": min(seconds),
            "all_seconds": seconds}


def _interleaved(n_docs: int) -> dict:
    """The tokenizer, the full pipeline and `nlp.pipe`, chunk by chunk of the corpus
    (CHUNK documents), each kind in turn on a chunk, CHUNK_ROUNDS times; a kind's time is
    the sum over chunks of its best pass on each. The ratio then compares passes run
    within seconds of each other, and a slow minute of the machine (its speed
    swings by a third from second to second) costs a chunk's pass, not the whole measure."""
    texts = make_corpus(n_docs)
    chunks = [texts[i:i + CHUNK] for i in range(0, len(texts), CHUNK)]
    runners = {kind: _runner(kind) for kind in INTERLEAVED}
    for run in runners.values():
        run(make_corpus(WARMUP_DOCS, seed=99))
    best = {kind: [float("inf")] * len(chunks) for kind in runners}
    for _ in range(CHUNK_ROUNDS):
        for k, chunk in enumerate(chunks):
            for kind, run in runners.items():
                started = time.perf_counter()
                run(chunk)
                best[kind][k] = min(best[kind][k], time.perf_counter() - started)
    words = sum(len(t.split()) for t in texts)
    return {kind: {"docs": len(texts), "words": words, "seconds": sum(times)} for kind, times in best.items()}


def _runner(kind: str):
    import spacy

    if kind == "tokenizer":
        tokenizer = spacy.blank("en").tokenizer
        return lambda texts: sum(1 for _ in tokenizer.pipe(texts))
    import extractor

    nlp = extractor.load(parser=kind == "parser1")
    if kind == "nlp_pipe":
        return lambda texts: sum(1 for _ in nlp.pipe(texts, batch_size=64))
    n_process = 2 if kind == "full2" else 1
    return lambda texts: sum(1 for _ in extractor.extract_many(texts, nlp=nlp, batch_size=64, n_process=n_process))


def _components(n_docs: int) -> dict:
    """Seconds each pipeline component takes over the corpus, run stage by stage."""
    import extractor

    from extractor.api import make_doc

    nlp = extractor.load()
    docs = [make_doc(nlp, text) for text in make_corpus(n_docs)]  # as extract() and extract_many() do
    gc.collect()  # the first full collections after load walk its ~250k objects: not the first stage's cost
    seconds = {}
    for name, proc in nlp.pipeline:
        started = time.perf_counter()
        docs = list(proc.pipe(docs) if hasattr(proc, "pipe") else map(proc, docs))
        seconds[name] = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs:
        extractor.pipeline.doc_to_document(doc)
    seconds["doc_to_document"] = time.perf_counter() - started
    return {"docs": n_docs, "seconds": seconds, "transfer": _transfer_cost(docs), "fixed": _fixed_cost(nlp, docs)}


def _fixed_cost(nlp, docs) -> dict:
    """Seconds of what any design with this output pays through spaCy and pydantic:
    a tokenizer pass, one PhraseMatcher pass over the KB's aliases (the gazetteer's
    matcher) writing `doc.ents`, and validating the finished Documents' data."""
    from spacy.util import filter_spans

    from extractor.pipeline import document_data
    from extractor.schema import Document

    gazetteer = nlp.get_pipe("extractor_gazetteer")
    texts, matcher = [doc.text for doc in docs], gazetteer.matcher
    data = [document_data(doc) for doc in docs]
    started = time.perf_counter()
    fresh = [nlp.make_doc(text) for text in texts]
    tokenizer = time.perf_counter() - started
    for doc in fresh:
        doc.ents = filter_spans(matcher(doc, as_spans=True))
    matched = time.perf_counter() - started
    for item in data:
        Document.model_validate(item)
    return {"tokenizer": tokenizer, "matcher_ents": matched - tokenizer,
            "documents": time.perf_counter() - started - matched, "aliases": len(gazetteer.by_form)}


def _transfer_cost(docs) -> dict:
    """What spaCy's `nlp.pipe(n_process>1)` would add per document: Doc.to_bytes in a worker, from_bytes in the parent."""
    from spacy.tokens import Doc

    started = time.perf_counter()
    data = [doc.to_bytes() for doc in docs]
    to_bytes = time.perf_counter() - started
    started = time.perf_counter()
    for item in data:
        Doc(docs[0].vocab).from_bytes(item)
    return {"to_bytes": to_bytes, "from_bytes": time.perf_counter() - started,
            "bytes": sum(map(len, data))}


def _memory(n_docs: int) -> dict:
    import psutil

    from extractor import load
    from extractor.batch import run_batch
    from extractor.io.readers import InputRecord

    process, samples = psutil.Process(), []
    records = (InputRecord(doc_id=f"d{i}", text=t, source="bench") for i, t in enumerate(iter_corpus(n_docs)))
    sample = lambda summary: summary.processed % 50 or samples.append(process.memory_info().rss)  # noqa: E731
    nlp = load()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        run_batch(records, Path(tmp) / "out.jsonl", nlp=nlp, relations_csv=Path(tmp) / "rel.csv", on_document=sample)
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"docs": n_docs, "peak_rss": peak, "last_rss": samples[-1] if samples else None, "seconds": seconds}


def _child(args) -> None:
    if args.measure == "memory":
        result = _memory(args.docs)
    elif args.measure == "components":
        result = _components(args.docs)
    elif args.measure == "interleaved":
        result = _interleaved(args.docs)
    elif args.measure == "parser1":
        result = _parser_throughput(args.docs)
    else:
        result = _throughput(args.measure, args.docs)
    print(json.dumps(result))


def _parser_throughput(n_docs: int) -> dict:
    """The full pipeline with the optional parser (`load(parser=True)`), or why it cannot run."""
    from extractor.components.parser import ParserNotInstalled

    try:
        return _throughput("parser1", n_docs)
    except ParserNotInstalled as err:
        return {"skipped": str(err)}


def _run_child(measure: str, n_docs: int) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", measure, "--docs", str(n_docs)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    if done.returncode != 0:
        raise RuntimeError(f"{measure} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- cold start -----------------------------------------------------------------------

def _median_seconds(command: list[str], stdin: str | None = None) -> float:
    times = []
    for _ in range(COLD_RUNS):
        started = time.perf_counter()
        done = subprocess.run(command, input=stdin, capture_output=True, text=True, cwd=REPO)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return statistics.median(times)


def _cold_start() -> dict:
    cli = str(Path(sys.executable).with_name("extractor"))
    with tempfile.TemporaryDirectory() as tmp:
        short = Path(tmp) / "short.txt"
        short.write_text(SHORT_TEXT, encoding="utf-8")
        help_text = subprocess.run([cli, "--help"], capture_output=True, text=True).stdout
        if " extract " in help_text or "│ extract" in help_text:
            extract_cmd = [cli, "extract", str(short)]
            label = "`extractor extract short.txt`"
        else:  # the extract command is not there yet: the same work through batch
            extract_cmd = [cli, "batch", str(short), "-o", str(Path(tmp) / "o.jsonl"), "-q"]
            label = "`extractor batch short.txt -o o.jsonl -q`"
        return {
            "import_spacy": _median_seconds([sys.executable, "-c", "import spacy"]),
            "help": _median_seconds([cli, "--help"]),
            "extract": _median_seconds(extract_cmd),
            "extract_label": label,
        }


# --- report ---------------------------------------------------------------------------

def _rate(result: dict) -> tuple[float, float]:
    return result["docs"] / result["seconds"], result["words"] / result["seconds"]


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import spacy

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
            f"spaCy {spacy.__version__}, {platform.system()} {platform.release()}; "
            f"load average at the end {load} (other work on the machine skews the numbers)")


def _table(results: dict, n_docs: int, small: int) -> list[str]:
    tok, full1, full2, pipe = (results[k] for k in ("tokenizer", "full1", "full2", "nlp_pipe"))
    ratio = _rate(full1)[1] / _rate(tok)[1]
    mem_small, mem_big = results["memory_small"], results["memory_big"]
    growth = mem_big["peak_rss"] / mem_small["peak_rss"] - 1
    cold = results["cold"]
    cold_ratio = cold["extract"] / cold["import_spacy"]
    mb = lambda value: f"{value / 2**20:.0f} MB"  # noqa: E731
    lines = [
        "| measure | docs | docs/s | words/s | note |",
        "|---|---:|---:|---:|---|",
        _row("`spacy.blank(\"en\")` tokenizer alone", tok, "the baseline"),
        _row("full pipeline, `n_process=1`", full1, f"**ratio to tokenizer {ratio:.3f}** (goal >= {GOAL_RATIO})"),
        _row("  of which `nlp.pipe` alone", pipe,
             f"without building Documents: ratio {_rate(pipe)[1] / _rate(tok)[1]:.3f}"),
        _row("full pipeline, `n_process=2`", full2, f"x{_rate(full2)[0] / _rate(full1)[0]:.2f} of `n_process=1`"),
        _parser_row(results.get("parser1"), full1, tok),
        _row("`run_batch` (records -> pipeline -> JSONL + CSV), `n_process=1`",
             {**mem_big, "words": tok["words"]}, "the `extractor batch` path"),
        "",
        "| measure | value | goal |",
        "|---|---:|---|",
        f"| peak RSS, `run_batch` over {small} docs | {mb(mem_small['peak_rss'])} | |",
        f"| peak RSS, `run_batch` over {n_docs} docs | {mb(mem_big['peak_rss'])} | growth {growth:+.1%} (goal within {GOAL_MEMORY:.0%}) {_mark(abs(growth) <= GOAL_MEMORY)} |",
        f"| `python -c \"import spacy\"` | {cold['import_spacy']:.2f} s | |",
        f"| `extractor --help` | {cold['help']:.2f} s | x{cold['help'] / cold['import_spacy']:.2f} of import spacy |",
        f"| {cold['extract_label']} | {cold['extract']:.2f} s | x{cold_ratio:.2f} of import spacy (goal <= {GOAL_COLD}) {_mark(cold_ratio <= GOAL_COLD)} |",
        "",
        f"Ratio full pipeline / tokenizer (words/s, `n_process=1`): **{ratio:.3f}** {_mark(ratio >= GOAL_RATIO)}",
        "", *_component_table(results["components"], tok),
    ]
    return lines


def _parser_row(parser: dict | None, full1: dict, tok: dict) -> str:
    if not parser or "skipped" in parser:
        reason = (parser or {}).get("skipped", "not measured")
        return f"| full pipeline with the parser (`load(parser=True)`) | | | | skipped: {reason.splitlines()[0]} |"
    return _row("full pipeline with the parser (`load(parser=True)`), `n_process=1`", parser,
                f"ratio {_rate(parser)[1] / _rate(tok)[1]:.3f}; x{_rate(parser)[0] / _rate(full1)[0]:.2f} of rules only")


def _component_table(result: dict, tok: dict) -> list[str]:
    per_doc = {name: 1000 * seconds / result["docs"] for name, seconds in result["seconds"].items()}
    budget = 1000 * tok["seconds"] / tok["docs"] / GOAL_RATIO
    lines = [
        f"Time per document by stage ({result['docs']} docs, run stage by stage; the ratio goal "
        f"allows {budget:.1f} ms/doc in all):", "",
        "| stage | ms/doc | share |", "|---|---:|---:|",
    ]
    total = sum(per_doc.values())
    lines += [f"| `{name}` | {ms:.2f} | {ms / total:.0%} |" for name, ms in per_doc.items()]
    transfer, n = result["transfer"], result["docs"]
    fixed = result["fixed"]
    fixed_ratio = fixed["tokenizer"] / sum(v for k, v in fixed.items() if k != "aliases")
    return lines + [
        f"| total | {total:.2f} | |", "",
        f"For scale, the fixed cost of this output through spaCy and pydantic: a tokenizer pass "
        f"({1000 * fixed['tokenizer'] / n:.2f} ms/doc), one PhraseMatcher pass over the KB's "
        f"{fixed['aliases']:,} alias forms writing `doc.ents` ({1000 * fixed['matcher_ents'] / n:.2f}) and "
        f"validating the Documents ({1000 * fixed['documents'] / n:.2f}) alone run at ratio "
        f"{fixed_ratio:.2f} of the tokenizer.", "",
        f"spaCy's own `nlp.pipe(n_process>1)` would ship each processed Doc back to the parent "
        f"(`extract_many` has its workers return the Documents' data instead): "
        f"`Doc.to_bytes` {1000 * transfer['to_bytes'] / n:.1f} ms/doc in the worker, "
        f"`Doc.from_bytes` {1000 * transfer['from_bytes'] / n:.1f} ms/doc in the parent, "
        f"{transfer['bytes'] / n / 1024:.0f} KB/doc.",
    ]


def _row(name: str, result: dict, note: str) -> str:
    docs_s, words_s = _rate(result)
    return f"| {name} | {result['docs']} | {docs_s:,.1f} | {words_s:,.0f} | {note} |"


def _mark(ok: bool) -> str:
    return "(met)" if ok else "(MISSED)"


def _main(args) -> None:
    small = min(500, args.docs)
    print(f"measuring {', '.join(INTERLEAVED)} in turn ({args.docs} docs)...", file=sys.stderr)
    results = _run_child("interleaved", args.docs)
    for key, measure, n_docs in (
        ("full2", "full2", args.docs), ("parser1", "parser1", args.docs),
        ("memory_small", "memory", small), ("memory_big", "memory", args.docs),
        ("components", "components", min(500, args.docs)),
    ):
        print(f"measuring {key} ({n_docs} docs)...", file=sys.stderr)
        results[key] = _run_child(measure, n_docs)
    print("measuring cold start...", file=sys.stderr)
    results["cold"] = _cold_start()
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    command = "python bench/run.py" + ("" if args.docs == 2000 else f" --docs {args.docs}")
    report = [
        "# Benchmark results", "",
        f"Command: `.venv/bin/{command}` (from the repository root; about 10 minutes on this machine).",
        f"The tokenizer, the full pipeline and `nlp.pipe` run in one process, in turn on each chunk of "
        f"{CHUNK} documents, {CHUNK_ROUNDS} times; each one's time is the sum of its best pass on each chunk. "
        f"Other throughputs are the best of {ROUNDS} passes over the corpus.",
        f"Machine: {_machine()}.", f"Run: {stamp}, git {_git_head()}.",
        f"Corpus: {args.docs} seeded news-like documents (bench/corpus.py), "
        f"{results['tokenizer']['words'] / args.docs:.0f} words each on average.", "",
        *_table(results, args.docs, small), "",
    ]
    print("\n".join(report))
    if not args.no_write:
        (BENCH / "RESULTS.md").write_text("\n".join(report), encoding="utf-8")
    (BENCH / "last_run.json").write_text(json.dumps(results, indent=2), encoding="utf-8") if args.save_json else None


def _git_head() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO)
    return done.stdout.strip() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=2000, help="corpus size (default 2000)")
    parser.add_argument("--no-write", action="store_true", help="do not rewrite bench/RESULTS.md")
    parser.add_argument("--save-json", action="store_true", help="also write bench/last_run.json")
    parser.add_argument("--measure", choices=["interleaved", "tokenizer", "full1", "full2", "parser1", "nlp_pipe", "memory", "components"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _child(args)
    else:
        _main(args)


if __name__ == "__main__":
    main()
