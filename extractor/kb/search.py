"""Looking things up in the KB as a user would: by a name, or by an office and a date.

`search(kb, "Erdogan")` finds the entries a name means (exactly, else without regard to
case or accents); `search(kb, "Russian president", day="2007-05-01")` and "prime minister
of Japan" find who held the office on that day (the current holder without a day).
"""
from __future__ import annotations

import re
from typing import NamedTuple, Optional

from .loader import KBEntry, KnowledgeBase, ascii_fold

POSSESSIVE = re.compile(r"['’]s$")


class Hit(NamedTuple):
    """An entry found, and how: 'alias', 'alias (case-insensitive)' or 'office'."""

    entry: KBEntry
    how: str


def search(kb: KnowledgeBase, query: str, day: Optional[str] = None) -> list[Hit]:
    """The entries a name or an office phrase means, best first.

    kb (KnowledgeBase): the KB.
    query (str): a name ("Tayyip Erdogan") or an office ("the US president", "Japan's prime
        minister", "foreign minister of Turkey").
    day (Optional[str]): YYYY-MM-DD for offices; None means the current holders.
    """
    query = " ".join(query.split())
    hits = [Hit(entry, "alias") for entry, _ in kb.candidates(query)]
    if not hits:
        folded = _fold(query)
        hits = [Hit(kb.entries[eid], "alias (case-insensitive)")
                for name, pairs in kb.aliases.items() if _fold(name) == folded for eid, _ in pairs]
    hits += [Hit(entry, "office") for entry in office_holders(kb, query, day)]
    return list({hit.entry.id: hit for hit in reversed(hits)}.values())[::-1]


def office_holders(kb: KnowledgeBase, phrase: str, day: Optional[str]) -> list[KBEntry]:
    """Who held the office an office phrase names, on `day`."""
    words = re.sub(r"^(the|a)\s+", "", phrase, flags=re.IGNORECASE).split()
    found = []
    for k in range(1, len(words)):
        splits = [(" ".join(words[:k]), " ".join(words[k:]))]
        if words[k - 1].lower() == "of" and k > 1:
            splits.append((" ".join(words[k:]), " ".join(words[:k - 1])))
        for who, title in splits:
            of = _holder_of(kb, POSSESSIVE.sub("", who))
            if of is not None:
                found += kb.holders(of, title=title.lower(), day=day)
    return found


def _holder_of(kb: KnowledgeBase, name: str) -> Optional[str]:
    """The state code or organisation id a name means, if any."""
    for entry, label in kb.candidates(name) or kb.candidates(name.upper()):
        if label in ("STATE", "ORG"):
            return entry.id
    return None


def _fold(name: str) -> str:
    return ascii_fold(name).casefold()
