"""Load the knowledge base files into KBEntry records and an alias table.

Matching and linking code works on these plain records and strings; it knows
nothing of spaCy (as in scispacy's candidate generation).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

DATA = Path(__file__).resolve().parent / "data"
KB_FILES = {"STATE": "states.jsonl", "ORG": "orgs.jsonl", "LEADER": "leaders.jsonl",
            "LOCATION": "locations.jsonl"}
LABELS = frozenset(KB_FILES)


@dataclass(frozen=True)
class KBEntry:
    """One real-world thing: a state, organisation, leader or place."""

    id: str
    label: str
    canonical: str
    state: Optional[str] = None
    capital_of: Optional[str] = None
    roles: tuple = ()


@dataclass
class KnowledgeBase:
    """Entries by id, and each alias with the (entry id, label) it names."""

    entries: dict = field(default_factory=dict)
    aliases: dict = field(default_factory=dict)

    def add(self, entry: KBEntry, names: Iterable[str], label: Optional[str] = None) -> None:
        """Add an entry and the names that refer to it (as `label`, default the entry's)."""
        self.entries.setdefault(entry.id, entry)
        for name in names:
            if name and name.strip():
                self.aliases.setdefault(name.strip(), (entry.id, label or entry.label))

    def lookup(self, alias: str) -> Optional[KBEntry]:
        """The entry an exact alias names, or None."""
        hit = self.aliases.get(alias)
        return self.entries[hit[0]] if hit else None


def slugify(name: str) -> str:
    """A stable ASCII id from a name ('Kim Il-sung' -> 'kim-il-sung')."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _read_jsonl(path: Path) -> Iterable[dict]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as err:
                    raise ValueError(f"{path}:{number}: not valid JSON ({err.msg})") from None


def _add_state(kb: KnowledgeBase, rec: dict) -> None:
    code = rec["id"]
    kb.add(KBEntry(code, "STATE", rec["canonical"], state=code),
           [rec["canonical"], *rec.get("names", []), *rec.get("demonyms", [])])
    for capital in rec.get("capitals", []):
        place = KBEntry(slugify(capital), "LOCATION", capital, state=code, capital_of=code)
        kb.add(place, [capital])


def add_record(kb: KnowledgeBase, rec: dict, label: str) -> None:
    """Add one KB record of the given label (STATE records bring their capitals)."""
    if label not in LABELS:
        raise ValueError(f"KB record {rec.get('id')!r}: unknown label {label!r}")
    if label == "STATE":
        _add_state(kb, rec)
        return
    roles = tuple((r.get("role"), r.get("of"), bool(r.get("former"))) for r in rec.get("roles", []))
    entry = KBEntry(rec.get("id") or slugify(rec["canonical"]), label, rec["canonical"],
                    state=rec.get("state"), roles=roles)
    kb.add(entry, [rec["canonical"], *rec.get("aliases", [])])


def read_kb_file(kb: KnowledgeBase, path: Path, label: Optional[str] = None) -> None:
    """Add the records of one JSONL file; each record's `label` field wins over `label`."""
    for rec in _read_jsonl(Path(path)):
        add_record(kb, rec, rec.get("label", label))


def load_kb(extra_paths: Iterable[str | Path] = ()) -> KnowledgeBase:
    """The packaged KB plus extra JSONL files (records carry a `label` field).

    extra_paths (Iterable): user KB files; their aliases are added after the
        packaged ones, so a packaged alias keeps its meaning.
    RETURNS (KnowledgeBase): entries and aliases.
    """
    kb = KnowledgeBase()
    _packaged_into(kb)
    for path in extra_paths:
        read_kb_file(kb, Path(path))
    return kb


def _packaged_into(kb: KnowledgeBase) -> None:
    for label in ("LEADER", "ORG", "STATE", "LOCATION"):
        read_kb_file(kb, DATA / KB_FILES[label], label)


@lru_cache(maxsize=1)
def packaged_kb() -> KnowledgeBase:
    """The packaged KB, loaded once."""
    return load_kb()
