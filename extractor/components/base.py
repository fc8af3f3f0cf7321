"""What the entity components share: `match` finds mentions, `set_annotations` writes them.

Each entity component writes what it finds to `doc.ents` at once, merged with the entities
already there by its `ents_filter` (as spaCy's SpanRuler does; by default spaCy's
`spacy.first_longest_spans_filter.v1`: the longest span wins, an existing one on a tie),
and sets the identity fields of the mentions it adds, so any component after it, a
user's included, sees and can change the entities so far.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable, Iterable, Iterator, List, NamedTuple, Optional, Sequence

import numpy
import srsly
from spacy.tokens import Doc, Span
from spacy.util import filter_chain_spans, minibatch

from ..entities import add_entities, entity_tuples, longest_first, write_entities
from ..extensions import Identities, install_extensions, token_offsets
from ..kb import KnowledgeBase, build_kb, read_user_records
from ..lexicon import Lexicon, build_lexicon, read_user_entries

DEFAULT_ENTS_FILTER = {"@misc": "spacy.first_longest_spans_filter.v1"}
KB_FILE = "kb.jsonl"
LEXICON_FILE = "lexicon.jsonl"
TABLES_DIR = "tables"  # a component's built tables in a saved pipeline
TABLES_KEY_FILE = "key.json"


class Found(NamedTuple):
    """A mention a component found: token offsets, label, and identity fields to set."""

    start: int
    end: int
    label: str
    identity: Optional[dict] = None


class BatchedComponent:
    """A component whose `__call__` handles one Doc; `pipe` calls it a batch at a time, so
    its code and data stay warm in the CPU caches (measured: ~20% less time per document
    over the whole pipeline), as spaCy's own trainable components do."""

    def __call__(self, doc: Doc) -> Doc:  # pragma: no cover - each component defines it
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Process the docs a batch at a time, in order.

        docs (Iterable[Doc]): the documents.
        batch_size (int): documents per batch.
        YIELDS (Doc): each processed document.
        """
        for batch in minibatch(docs, size=batch_size):
            yield from [self(doc) for doc in batch]


class EntityComponent(BatchedComponent):
    """An entity component: `__call__` is `set_annotations(doc, match(doc))`."""

    def __init__(self, name: str, ents_filter: Callable) -> None:
        install_extensions()
        self.name = name
        self.ents_filter = ents_filter

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Found]:  # pragma: no cover - each component defines it
        raise NotImplementedError

    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        """Merge the found mentions into `doc.ents` and set the identities of those kept.

        doc (Doc): the document.
        found (list[Found]): the mentions, possibly overlapping each other or `doc.ents`.
        """
        if not found:
            return
        if self.ents_filter is filter_chain_spans:  # the default: merged as tuples (extractor.entities)
            kept = self._merge_longest(doc, found)
        else:
            kept = self._merge_spans(doc, found)
        identities, (starts, ends) = Identities(doc), token_offsets(doc)
        for f in kept:
            if f.identity:
                identities.set(starts[f.start], ends[f.end - 1], **f.identity)

    def _merge_longest(self, doc: Doc, found: list[Found]) -> list[Found]:
        """The default merge, `spacy.first_longest_spans_filter.v1` on tuples."""
        strings = doc.vocab.strings
        hashes = {label: strings.add(label) for label in {f.label for f in found}}
        new = [(f.start, f.end, hashes[f.label]) for f in found]
        if add_entities(doc, new):  # none overlaps: all kept, the others' tokens untouched
            return found
        merged = longest_first(entity_tuples(doc) + new)  # existing first: they win ties
        write_entities(doc, merged)
        kept = {id(ent) for ent in merged}
        return [f for f, ent in zip(found, new) if id(ent) in kept]

    def _merge_spans(self, doc: Doc, found: list[Found]) -> list[Found]:
        """The merge through `ents_filter` on Spans (a filter of the user's)."""
        spans = [Span(doc, f.start, f.end, label=f.label) for f in found]
        merged = self.ents_filter(list(doc.ents), spans)
        doc.ents = merged
        kept = {id(span) for span in merged}
        return [f for f, span in zip(found, spans) if id(span) in kept]


class UsesKnowledge:
    """A component built on the shared knowledge base and/or lexicon.

    The user's own files come in at `initialize` (`kb_paths`, `lexicon_paths`, from
    `[initialize.components.<name>]`, which `extractor.pipeline.build_pipeline` fills from
    `[paths] kb` and `[paths] lexicon`) or through `add_knowledge`; the user's records are
    written into the saved pipeline as readable JSONL (`kb.jsonl`, `lexicon.jsonl`), and the
    package's own data files are read from the installed package, so an edit to them takes
    effect without a retrain. `set_knowledge` is where a component builds what it derives.
    """

    kb: Optional[KnowledgeBase] = None
    lexicon: Optional[Lexicon] = None

    def set_knowledge(self, kb: Optional[KnowledgeBase], lexicon: Optional[Lexicon]) -> None:
        """Use this KB and lexicon (a component that derives matchers from them rebuilds here)."""
        self.kb, self.lexicon = kb, lexicon

    def initialize(self, get_examples: Optional[Callable] = None, *, nlp=None,
                   kb_paths: Optional[List[str]] = None, lexicon_paths: Optional[List[str]] = None) -> None:
        """Add the user's KB and lexicon files.

        kb_paths (Iterable[str]): user KB files (JSONL records with a `label`).
        lexicon_paths (Iterable[str]): user lexicon files (JSONL entries, see extractor.lexicon).
        """
        self.add_knowledge(read_user_records(kb_paths or []), read_user_entries(lexicon_paths or []))

    def add_knowledge(self, kb_records: Sequence[dict] = (), lexicon_entries: Sequence[dict] = ()) -> None:
        """Extend the KB and lexicon with user records (the resources of that content, shared)."""
        kb, lexicon = self.kb, self.lexicon
        if kb is not None and kb_records:
            kb = build_kb([*kb.user_records, *kb_records])
        if lexicon is not None and lexicon_entries:
            lexicon = build_lexicon([*lexicon.user_records, *lexicon_entries])
        if kb is not self.kb or lexicon is not self.lexicon:
            self.set_knowledge(kb, lexicon)

    def knowledge_to_disk(self, path: Path) -> None:
        """Write the user's KB records and lexicon entries under `path`."""
        path.mkdir(parents=True, exist_ok=True)
        if self.kb is not None:
            srsly.write_jsonl(path / KB_FILE, self.kb.user_records)
        if self.lexicon is not None:
            srsly.write_jsonl(path / LEXICON_FILE, self.lexicon.user_records)

    def knowledge_from_disk(self, path: Path) -> None:
        """Read what `knowledge_to_disk` wrote (the packaged files come from the package)."""
        kb, lexicon = self.kb, self.lexicon
        if kb is not None and (path / KB_FILE).exists():
            kb = build_kb(list(srsly.read_jsonl(path / KB_FILE)))
        if lexicon is not None and (path / LEXICON_FILE).exists():
            lexicon = build_lexicon(list(srsly.read_jsonl(path / LEXICON_FILE)))
        if kb is not self.kb or lexicon is not self.lexicon:
            self.set_knowledge(kb, lexicon)

    def to_disk(self, path, *, exclude=tuple()) -> None:
        """Save the user's knowledge (see the class docstring)."""
        self.knowledge_to_disk(Path(path))

    def from_disk(self, path, *, exclude=tuple()):
        """Load the user's knowledge saved by `to_disk`."""
        self.knowledge_from_disk(Path(path))
        return self


class BuiltTables:
    """Tables a component derives from its knowledge (the gazetteer's patterns): built on
    first use, not in `__init__`, and written into a saved pipeline as plain data (JSON and
    numpy arrays) with the key of what they were built from, so `from_disk` reads them in
    place of a build; where the knowledge differs from the key (a user's files, an edited
    data file) they are built again. A component defines `tables_key`, `build_tables`,
    `use_tables`, `write_tables` and `read_tables`.
    """

    _tables: Optional[dict] = None

    @property
    def tables(self) -> dict:
        """The built tables (plain data), built now if not built or read yet."""
        if self._tables is None:
            self.set_tables(self.build_tables())
        return self._tables

    def ready(self) -> "BuiltTables":
        """The component, its tables built or read (what `use_tables` makes of them set)."""
        self.tables
        return self

    def set_tables(self, tables: dict) -> None:
        """Use these tables (built, or read from disk)."""
        self._tables = tables
        self.use_tables(tables)

    def reset_tables(self) -> None:
        """Forget the tables (the knowledge changed): the next use builds them."""
        self._tables = None

    def tables_to_disk(self, path: Path) -> None:
        """Write the tables (built now if need be) and their key under `path`."""
        path.mkdir(parents=True, exist_ok=True)
        self.write_tables(path, self.tables)
        srsly.write_json(path / TABLES_KEY_FILE, {"key": self.tables_key()})

    def tables_from_disk(self, path: Path) -> None:
        """Read the tables under `path` if their key is that of the current knowledge."""
        key_file = path / TABLES_KEY_FILE
        if key_file.exists() and srsly.read_json(key_file).get("key") == self.tables_key():
            self.set_tables(self.read_tables(path))

    def tables_key(self) -> str:  # pragma: no cover - each component defines these
        raise NotImplementedError

    def build_tables(self) -> dict:  # pragma: no cover
        raise NotImplementedError

    def use_tables(self, tables: dict) -> None:  # pragma: no cover
        raise NotImplementedError

    def write_tables(self, path: Path, tables: dict) -> None:  # pragma: no cover
        raise NotImplementedError

    def read_tables(self, path: Path) -> dict:  # pragma: no cover
        raise NotImplementedError


def content_key(*parts) -> str:
    """A key of some JSON-able content (what a component's tables were built from)."""
    return hashlib.sha1(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def write_int_lists(path: Path, lists: Sequence[Sequence[int]]) -> None:
    """Write lists of unsigned 64-bit ints (hashes) as one .npy array and their lengths."""
    numpy.save(path.with_suffix(".npy"), numpy.array([n for row in lists for n in row], dtype=numpy.uint64))
    numpy.save(path.with_suffix(".lengths.npy"), numpy.array([len(row) for row in lists], dtype=numpy.int64))


def read_int_lists(path: Path) -> list[list[int]]:
    """Read what `write_int_lists` wrote (no pickles: plain arrays only)."""
    flat = numpy.load(path.with_suffix(".npy"), allow_pickle=False).tolist()
    ends = numpy.cumsum(numpy.load(path.with_suffix(".lengths.npy"), allow_pickle=False)).tolist()
    return [flat[start:end] for start, end in zip([0, *ends], ends)]
