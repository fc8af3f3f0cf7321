"""Knowledge-base gazetteer: every KB alias as a phrase pattern.

A PhraseMatcher finds aliases in one pass; the longest match wins, and each
match joins the doc's entity mentions carrying its KB entry (kb_id, canonical,
state); the linker writes `doc.ents`.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, List

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .batched import BatchedComponent
from ..extensions import Mention, WorkingSetStep, filter_mentions, get_mentions, install_extensions, token_bounds
from ..kb import KBEntry, KnowledgeBase, load_kb
from ..kb.loader import add_record, read_jsonl

EXTRA_KB_FILE = "extra_kb.jsonl"


@Language.factory(
    "extractor_gazetteer",
    assigns=["doc.ents", "span._.kb_id", "span._.canonical", "span._.state"],
    default_config={"kb_paths": []},
)
def make_gazetteer(nlp: Language, name: str, kb_paths: List[str]) -> "Gazetteer":
    """Create the gazetteer over the packaged KB plus `kb_paths`."""
    return Gazetteer(nlp, name, kb_paths=kb_paths)


def set_entry(doc: Doc, mention: Mention, entry: KBEntry) -> None:
    """Copy a KB entry's identity onto a mention."""
    set_entries(doc, [(mention, entry)])


def set_entries(doc: Doc, matches: list[tuple[Mention, KBEntry]]) -> None:
    """Copy each KB entry's identity onto its mention, with one read of the token offsets."""
    data, (starts, ends) = doc.user_data, token_bounds(doc)
    for mention, entry in matches:
        start, end = starts[mention.start], ends[mention.end - 1]
        data[("._.", "kb_id", start, end)] = entry.id
        data[("._.", "canonical", start, end)] = entry.canonical
        data[("._.", "state", start, end)] = entry.state


class Gazetteer(BatchedComponent):
    """Marks KB aliases as entities; `kb` is shared with the linker."""

    def __init__(self, nlp: Language, name: str, kb_paths: Iterable[str] = ()) -> None:
        install_extensions()
        self.name = name
        self.nlp = nlp
        self.step = WorkingSetStep(nlp, name)
        self.extra_records: list[dict] = []
        for path in kb_paths:
            self.extra_records.extend(_records(Path(path)))
        self._build()

    def _build(self) -> None:
        self.kb: KnowledgeBase = load_kb()
        for rec in self.extra_records:
            add_record(self.kb, rec, rec.get("label"))
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        aliases = list(self.kb.aliases)
        for alias, pattern in zip(aliases, self.nlp.tokenizer.pipe(aliases)):
            self.matcher.add(alias, [pattern])
        # match id (the alias's hash) -> (KB entry, label): no string lookups per match
        strings = self.nlp.vocab.strings
        self.by_match_id = {strings[alias]: (self.kb.entries[entry_id], label)
                            for alias, (entry_id, label) in self.kb.aliases.items()}

    def __call__(self, doc: Doc) -> Doc:
        self.step.finish(doc, self.with_matches(doc, self.match(doc)))
        return doc

    def match(self, doc: Doc) -> list[tuple[Mention, KBEntry]]:
        """KB mentions in the doc, longest first where they overlap."""
        by_match_id, entries, mentions = self.by_match_id, {}, []
        for match_id, start, end in self.matcher(doc):
            entry, label = by_match_id[match_id]
            entries[start, end] = entry
            mentions.append(Mention(start, end, label))
        return [(m, entries[m.start, m.end]) for m in filter_mentions(mentions)]

    def with_matches(self, doc: Doc, matches: list[tuple[Mention, KBEntry]]) -> list[Mention]:
        """The doc's mentions plus the matches with their KB identity, keeping longer existing ones."""
        set_entries(doc, matches)
        found = [mention for mention, _ in matches]
        existing = get_mentions(doc)
        return filter_mentions(existing + found) if existing else found

    def to_disk(self, path, exclude=tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        with (path / EXTRA_KB_FILE).open("w", encoding="utf-8") as handle:
            for rec in self.extra_records:
                handle.write(json.dumps(rec, ensure_ascii=False) + "\n")

    def from_disk(self, path, exclude=tuple()) -> "Gazetteer":
        records = _records(Path(path) / EXTRA_KB_FILE)
        if records != self.extra_records:  # the packaged KB is already built
            self.extra_records = records
            self._build()
        return self


def _records(path: Path) -> list[dict]:
    return list(read_jsonl(path)) if path.exists() else []

