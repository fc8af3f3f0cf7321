"""Peak memory of one large document through `extract()`, per byte of input.

    .venv/bin/python bench/memory.py                 # 1 MB and 4 MB of news text
    .venv/bin/python bench/memory.py --mb 0.5 2 8

Each size runs in its own Python process: the pipeline is loaded and warmed up on a short
text, its resident memory taken (`ru_maxrss` so far), then one document of that many bytes
of corpus text (bench/corpus.py, joined) goes through `extractor.extract`. The factor is
(peak RSS after - RSS before) / input bytes: the memory one document of that size adds.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from corpus import iter_corpus  # noqa: E402

MB = 1024 * 1024


def _text(n_bytes: int) -> str:
    parts, size = [], 0
    for text in iter_corpus(10**6):
        parts.append(text)
        size += len(text.encode("utf-8")) + 2
        if size >= n_bytes:
            return "\n\n".join(parts).encode("utf-8")[:n_bytes].decode("utf-8", "ignore")
    raise ValueError("corpus too small")


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KB on Linux


def measure(n_bytes: int) -> dict:
    """Peak RSS before and after one document of `n_bytes` through `extract()`."""
    from extractor import extract, load

    nlp = load()
    extract("Kim Jong Un met Vladimir Putin in Vladivostok on Friday.", nlp=nlp)
    text = _text(n_bytes)
    before = _peak()
    document = extract(text, nlp=nlp)
    after = _peak()
    return {"bytes": len(text.encode("utf-8")), "before": before, "after": after,
            "factor": (after - before) / n_bytes, "entities": len(document.entities)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, nargs="+", default=[1, 4], help="document sizes in MB (default 1 4)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    print("| input | RSS before | peak RSS | added | bytes of memory per byte of input |")
    print("|---|---|---|---|---|")
    for size in args.mb:
        done = subprocess.run([sys.executable, __file__, "--one", str(int(size * MB))],
                              capture_output=True, text=True, check=True)
        row = json.loads(done.stdout)
        print(f"| {row['bytes'] / MB:.1f} MB | {row['before'] / MB:.0f} MB | {row['after'] / MB:.0f} MB "
              f"| {(row['after'] - row['before']) / MB:.0f} MB | {row['factor']:.0f} |")


if __name__ == "__main__":
    main()
