"""`extractor batch` over a directory of the hostile inputs of issue 13 and good files.

    .venv/bin/python bench/hostile.py            # writes the files to a temporary directory
    .venv/bin/python bench/hostile.py --keep DIR # ... or to DIR/in (output DIR/out.jsonl), kept

Each hostile shape at the size the issue reported it: 8 KB of acronym definitions, a 64 KB
list of states after one trigger word, one 16,000-word sentence, 160 KB of "University ",
`"<a" * 500_000` as HTML, 50 KB of punctuation with no spaces, a deeply nested JSON line, and
a file over the size budget. Prints the wall time of the whole batch (the issue's goal: under a
minute on this machine), the exit code, one line per record with its error, and checks there
is one record per input.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOOD = "Russian President Vladimir Putin met Chinese President Xi Jinping in Moscow on Tuesday."
STATES = ["Russia", "China", "Iran", "Syria", "Turkey", "Egypt", "France", "Japan"]


def hostile_files() -> dict[str, str]:
    """File name -> content."""
    acronyms = " ".join(f"A{i} B{i} C{i} (ABC{i})" for i in range(600))[:8192]
    states = "Russia condemned " + ", ".join(STATES[i % len(STATES)] for i in range(9000))
    sentence = " ".join(f"{STATES[i % 2]} held talks" for i in range(5400))
    return {
        "good1.txt": GOOD,
        "acronyms.txt": acronyms,
        "states.txt": states[:65536],
        "sentence.txt": sentence,
        "university.txt": "University " * 14545,
        "tags.html": "<a" * 500_000,
        "punctuation.txt": "Syria said." + ".\u201d\u2019')]" * 8500,
        "nested.jsonl": json.dumps({"id": "ok", "text": GOOD}) + "\n" + "[" * 100_000 + "]" * 100_000 + "\n",
        "huge.txt": "Syria " * (2 * 1024 * 1024),
        "good2.txt": GOOD.replace("Moscow", "Beijing"),
    }


def run(root: Path) -> int:
    files, folder, out = hostile_files(), root / "in", root / "out.jsonl"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "extractor", "batch", str(folder), "-o", str(out), "-q"]
    started = time.perf_counter()
    code = subprocess.run(command, capture_output=True, text=True).returncode
    seconds = time.perf_counter() - started
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    expected = len(files) + 1  # the JSONL file holds two records
    print(f"batch over {len(files)} files: {seconds:.1f} s, exit {code}, "
          f"{len(records)} records (expected {expected})")
    for record in records:
        print(f"  {record['doc_id']:<18} {record.get('error') or 'ok'}")
    return 0 if len(records) == expected else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return run(args.keep)
    with tempfile.TemporaryDirectory(prefix="extractor-hostile-") as path:
        return run(Path(path))


if __name__ == "__main__":
    sys.exit(main())
