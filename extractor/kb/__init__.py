"""The knowledge base: states, people, organisations and places as data files.

Each file under `extractor/data/kb/` holds one kind. The registered function
`extractor.kb.v1` builds the KB of those files plus a user's JSONL files; every component
that needs the KB gets it from there, and a KB of the same content is built once per
process and shared (treat it as read-only).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Iterable, List, Sequence

from spacy.util import registry

from .loader import KBEntry, KnowledgeBase, Role, add_record, choose, packaged_into, particle_variants, read_jsonl, slugify

__all__ = ["KBEntry", "KnowledgeBase", "Role", "build_kb", "choose", "load_kb", "make_kb", "particle_variants", "read_user_records",
           "slugify"]


@registry.misc("extractor.kb.v1")
def make_kb(paths: List[str] = [], packaged: bool = True) -> KnowledgeBase:  # noqa: B006 (config default)
    """The KB of the package's data files and the user's JSONL files.

    paths (List[str]): user KB files (records with a `label` field); their aliases come
        after the packaged ones, so a packaged alias keeps its first meaning.
    packaged (bool): include the package's data files.
    RETURNS (KnowledgeBase): the KB, shared with every component built from the same content.
    """
    return build_kb(read_user_records(paths), packaged=packaged)


def read_user_records(paths: Iterable[str | Path]) -> list[dict]:
    """The records of user KB files, checked as they would be added (errors name file and line)."""
    records = []
    for path in map(Path, paths):
        if not path.exists():
            raise FileNotFoundError(f"KB file not found: {path}")
        for number, rec in enumerate(read_jsonl(path), start=1):
            try:
                add_record(KnowledgeBase(), rec, rec.get("label"))
            except (ValueError, KeyError, TypeError) as err:
                raise ValueError(f"{path}:{number}: {err}") from None
            records.append(rec)
    return records


def build_kb(records: Sequence[dict] = (), packaged: bool = True) -> KnowledgeBase:
    """The KB of the packaged files (when `packaged`) plus these user records, built once per content."""
    return _built(json.dumps(list(records), sort_keys=True, ensure_ascii=False), packaged)


def load_kb(extra_paths: Iterable[str | Path] = (), packaged: bool = True) -> KnowledgeBase:
    """`make_kb` for callers outside a pipeline (the CLI, scripts)."""
    return make_kb([str(p) for p in extra_paths], packaged=packaged)


@lru_cache(maxsize=8)
def _built(records_json: str, packaged: bool) -> KnowledgeBase:
    kb = KnowledgeBase()
    if packaged:
        packaged_into(kb)
    for rec in json.loads(records_json):
        add_record(kb, rec, rec.get("label"))
        kb.user_records.append(rec)
    return kb
