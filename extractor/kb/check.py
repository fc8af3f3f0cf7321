"""Checks of KB files: what `extractor kb check` reports.

Errors make a file unusable or wrong (a broken line, a record the loader refuses, an id
used twice, a term that ends before it starts, a state code or organisation id nobody
defines); warnings are names likely to tag ordinary words (an alias that is more common as
a lower-case English word than as a name, by spacy-lookups-data's word probabilities;
state names are curated in state_overrides.json and not warned of).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple

from .loader import DATA, KB_FILES, CITIES_FILE, KnowledgeBase, add_record, read_jsonl, read_role

STATE_CODE = re.compile(r"^[A-Z]{3,4}$")
COMMON_WORD_LOG_PROB = -12.5  # lower-cased 'nice' -8.0, 'mobile' -10.2; 'sochi' -17.4
RARE_WORD_LOG_PROB = -15.5  # below this, a word is rare even where it is more common lower-cased


class Problem(NamedTuple):
    """One finding: where (file:line), how bad ('error' or 'warning'), and what."""

    where: str
    level: str
    message: str


@lru_cache(maxsize=1)
def _word_probs():
    from spacy.lookups import load_lookups

    return load_lookups("en", ["lexeme_prob"]).get_table("lexeme_prob")


def is_common_word(name: str) -> bool:
    """Whether a one-word name is also a common English word: its lower-cased form is
    frequent, or more frequent than the name as written and not rare ('Sale', 'Hue')."""
    if " " in name or "-" in name or name.isupper():
        return False
    probs = _word_probs()
    lower = probs.get(name.lower(), -20.0)
    return lower > COMMON_WORD_LOG_PROB or (lower > probs.get(name, -20.0) and lower > RARE_WORD_LOG_PROB)


def packaged_files() -> list[Path]:
    """The package's KB files, in the order the loader reads them."""
    return [DATA / KB_FILES[label] for label in ("LEADER", "ORG", "STATE", "LOCATION")] + [DATA / CITIES_FILE]


def check_files(paths: Iterable[Path], with_packaged: bool = True) -> tuple[list[Problem], dict]:
    """Check KB files (the user's, read after the package's when `with_packaged`).

    RETURNS (tuple[list[Problem], dict]): the problems, and the number of records per label.
    """
    paths = [Path(p) for p in paths]
    kb, problems, seen, counts = KnowledgeBase(), [], {}, {}
    records = []
    for path in (packaged_files() if with_packaged else []) + paths:
        label = next((lab for lab, name in KB_FILES.items() if name == path.name), None)
        label = "LOCATION" if path.name == CITIES_FILE else label
        try:
            for number, rec in enumerate(read_jsonl(path), start=1):
                records.append((f"{path}:{number}", rec, rec.get("label", label)))
        except (OSError, ValueError) as err:
            problems.append(Problem(str(path), "error", str(err)))
    for where, rec, label in records:
        problems += _check_record(kb, where, rec, label, seen)
        counts[label] = counts.get(label, 0) + 1
    for where, rec, label in records:
        problems += _check_references(kb, where, rec)
    return problems, counts


def _check_record(kb: KnowledgeBase, where: str, rec: dict, label, seen: dict) -> list[Problem]:
    found = []
    try:
        add_record(kb, rec, label or "LEADER")
    except (ValueError, KeyError, TypeError) as err:
        return [Problem(where, "error", f"record refused: {err}")]
    rid = rec.get("id")
    if rid in seen:
        found.append(Problem(where, "error", f"id {rid!r} already used at {seen[rid]}"))
    seen.setdefault(rid, where)
    for role in rec.get("roles", []):
        term = read_role(role)
        if term.start and term.end and term.start > term.end:
            found.append(Problem(where, "error", f"{rid}: term of {role.get('role')!r} ends before it starts"))
    names = [] if label == "STATE" else [rec.get("canonical", ""), *rec.get("aliases", [])]
    for alias in dict.fromkeys(names):
        if alias and is_common_word(alias):
            found.append(Problem(where, "warning", f"{rid}: alias {alias!r} is also a common English word"))
    return found


def _check_references(kb: KnowledgeBase, where: str, rec: dict) -> list[Problem]:
    """A state code or organisation id a record names must be defined somewhere."""
    found = []
    named = [("state", rec.get("state")), ("stands_for", rec.get("stands_for"))]
    named += [("of", role.get("of")) for role in rec.get("roles", [])]
    for field, value in named:
        if value and value not in kb.entries:
            kind = "state code" if STATE_CODE.match(value) else "id"
            found.append(Problem(where, "error", f"{rec.get('id')}: {field} {value!r} is no known {kind}"))
    return found
