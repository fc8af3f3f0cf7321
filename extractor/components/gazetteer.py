"""Knowledge-base gazetteer: every KB alias as a phrase pattern.

A PhraseMatcher finds aliases in one pass; the longest match wins, and each
match is written as an entity carrying its KB entry (kb_id, canonical, state).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, List

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..extensions import get_ents, install_extensions, set_ents
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


def set_entry(span: Span, entry: KBEntry) -> None:
    """Copy a KB entry's identity onto a mention."""
    ext = span._  # one extension object for the three attributes
    ext.kb_id, ext.canonical, ext.state = entry.id, entry.canonical, entry.state


class Gazetteer:
    """Marks KB aliases as entities; `kb` is shared with the linker."""

    def __init__(self, nlp: Language, name: str, kb_paths: Iterable[str] = ()) -> None:
        install_extensions()
        self.name = name
        self.nlp = nlp
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

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[tuple[Span, KBEntry]]:
        """KB mentions in the doc, longest first where they overlap."""
        strings = self.nlp.vocab.strings
        entries, spans = {}, []
        for match_id, start, end in self.matcher(doc):
            entry_id, label = self.kb.aliases[strings[match_id]]
            entries[(start, end)] = self.kb.entries[entry_id]
            spans.append(Span(doc, start, end, label=label))
        return [(span, entries[(span.start, span.end)]) for span in filter_spans(spans)]

    def set_annotations(self, doc: Doc, matches: list[tuple[Span, KBEntry]]) -> None:
        """Write the matches as entities, keeping longer existing ones."""
        for span, entry in matches:
            set_entry(span, entry)
        set_ents(doc, filter_spans(list(get_ents(doc)) + [span for span, _ in matches]))

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

