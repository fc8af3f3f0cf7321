"""The lexicon: every word list the rule components use, read from data files.

`extractor/data/lexicon/` holds one file for each kind of knowledge:
- `words.json`: word lists by topic (`names.particles`, `metonymy.government_verbs`, ...);
- `dates.json`: date words (`dates.month_names`, `dates.weekdays`, ...), lists or tables;
- `titles.jsonl`: office titles, each with its relation type and office kind;
- `triggers.jsonl`: the relation triggers, each with its type and argument roles; a sense
  limit (`not_before`, `not_after`, `requires_after`) may name a shared word list of
  `words.json` as "@senses.weapons", which stands for that list's words.

A user's lexicon file is JSON Lines, each line one of
`{"type": ..., "pattern": ...}` (a trigger), `{"title": ..., "type": ..., "office": ...}`
(a title), `{"list": "names.particles", "words": [...]}` (words added to a list) or
`{"table": "dates.month_names", "entries": {...}}` (entries added to a table). The registered
function `extractor.lexicon.v1` builds the lexicon of the package's files plus the
user's; a lexicon of the same content is built once per process and shared (read-only).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Iterable, List, NamedTuple, Sequence

from spacy.util import registry

from .kb.loader import read_jsonl

DATA = Path(__file__).resolve().parent / "data" / "lexicon"
WORD_FILES = ("words.json", "dates.json")
RELATION_TYPES_OF_TITLES = ("LEADER_OF", "OFFICIAL_OF")
SENSE_KEYS = ("not_before", "not_after", "requires_after")  # trigger fields that may name a word list
LIST_REFERENCE = "@"


class Title(NamedTuple):
    """An office title: the relation it states and the kind of office."""

    title: str
    type: str
    office: str = "other"


class Lexicon:
    """Word lists and tables by name, titles by phrase, trigger records, and the user's entries."""

    def __init__(self) -> None:
        self.tables: dict[str, object] = {}
        self.titles: dict[str, Title] = {}
        self.triggers: list[dict] = []
        self.user_records: list[dict] = []

    def words(self, name: str) -> frozenset:
        """A word list ('names.particles') as a set; a table gives its keys."""
        table = self.tables.get(name)
        if table is None:
            raise KeyError(f"no word list {name!r} in the lexicon")
        return table if isinstance(table, frozenset) else frozenset(table)

    def table(self, name: str) -> dict:
        """A table of the lexicon ("dates.month_names": word -> value)."""
        table = self.tables.get(name)
        if not isinstance(table, dict):
            raise KeyError(f"no table {name!r} in the lexicon")
        return table

    def trigger_records(self) -> list[dict]:
        """The trigger records, each word list a sense limit names ("@senses.weapons")
        replaced by its words (so words a user adds to that list reach every trigger)."""
        return [self._expanded(rec) for rec in self.triggers]

    def _expanded(self, rec: dict) -> dict:
        named = [k for k in SENSE_KEYS if isinstance(rec.get(k), list) and any(
            isinstance(w, str) and w.startswith(LIST_REFERENCE) for w in rec[k])]
        return {**rec, **{k: self._words_of(rec[k]) for k in named}} if named else rec

    def _words_of(self, items: list) -> list:
        words = []
        for item in items:
            if isinstance(item, str) and item.startswith(LIST_REFERENCE):
                words += sorted(self.words(item[len(LIST_REFERENCE):]))
            else:
                words.append(item)
        return words

    def add(self, rec: dict) -> None:
        """Add one entry of a user lexicon file (see the module docstring)."""
        if "pattern" in rec:
            if not rec.get("type"):
                raise ValueError(f"trigger {rec!r} has no type")
            self._expanded(rec)  # a named word list must exist
            self.triggers.append(rec)
        elif "title" in rec:
            self.add_title(rec)
        elif "list" in rec:
            self.tables[rec["list"]] = self.words(rec["list"]) | frozenset(rec.get("words", []))
        elif "table" in rec:
            self.tables[rec["table"]] = {**self.table(rec["table"]), **rec.get("entries", {})}
        else:
            raise ValueError(f"not a lexicon entry (no pattern, title, list or table): {rec!r}")

    def add_title(self, rec: dict) -> None:
        """Add a title record ({"title", "type", "office"})."""
        if rec.get("type") not in RELATION_TYPES_OF_TITLES:
            raise ValueError(f"title {rec.get('title')!r}: type must be LEADER_OF or OFFICIAL_OF")
        title = " ".join(rec["title"].lower().split())
        self.titles[title] = Title(title, rec["type"], rec.get("office") or "other")


@registry.misc("extractor.lexicon.v1")
def make_lexicon(paths: List[str] = []) -> Lexicon:  # noqa: B006 (config default)
    """The lexicon of the package's data files plus the user's lexicon files.

    paths (List[str]): user lexicon files (JSON Lines, see the module docstring).
    RETURNS (Lexicon): the lexicon, shared with every component built from the same content.
    """
    return build_lexicon(read_user_entries(paths))


def read_user_entries(paths: Iterable[str | Path]) -> list[dict]:
    """The entries of user lexicon files, checked (errors name file and line)."""
    entries = []
    for path in map(Path, paths):
        if not path.exists():
            raise FileNotFoundError(f"lexicon file not found: {path}")
        for number, rec in enumerate(read_jsonl(path), start=1):
            try:
                _check(rec)
            except (ValueError, KeyError, TypeError) as err:
                raise ValueError(f"{path}:{number}: {err}") from None
            entries.append(rec)
    return entries


def _check(rec: dict) -> None:
    """Raise for an entry that `Lexicon.add` would refuse."""
    lexicon = Lexicon()
    lexicon.tables = dict(_packaged().tables)
    lexicon.add(rec)


def build_lexicon(entries: Sequence[dict] = ()) -> Lexicon:
    """The packaged lexicon plus these user entries, built once per content."""
    return _built(json.dumps(list(entries), sort_keys=True, ensure_ascii=False))


@lru_cache(maxsize=8)
def _built(entries_json: str) -> Lexicon:
    lexicon = Lexicon()
    packaged = _packaged()
    lexicon.tables, lexicon.titles, lexicon.triggers = dict(packaged.tables), dict(packaged.titles), list(packaged.triggers)
    for rec in json.loads(entries_json):
        lexicon.add(rec)
        lexicon.user_records.append(rec)
    return lexicon


@lru_cache(maxsize=1)
def _packaged() -> Lexicon:
    """The package's own lexicon files."""
    lexicon = Lexicon()
    for name in WORD_FILES:
        for section, lists in json.loads((DATA / name).read_text(encoding="utf-8")).items():
            if not section.startswith("_"):
                for key, value in lists.items():
                    lexicon.tables[f"{section}.{key}"] = value if isinstance(value, dict) else frozenset(value)
    for rec in read_jsonl(DATA / "titles.jsonl"):
        lexicon.add_title(rec)
    lexicon.triggers = list(read_jsonl(DATA / "triggers.jsonl"))
    return lexicon
