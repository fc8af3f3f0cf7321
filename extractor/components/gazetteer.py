"""Knowledge-base gazetteer: every KB alias as a phrase pattern.

A PhraseMatcher finds the aliases in one pass, however large the KB; the longest match
wins, and each match becomes an entity carrying its KB identity (kb_id, canonical,
state). Where an alias names several entries, the one holding an office on the
document's date is taken.
"""
from __future__ import annotations

from typing import Callable, Optional

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_chain_spans

from .base import DEFAULT_ENTS_FILTER, EntityComponent, Found, UsesKnowledge
from ..entities import longest_first
from ..kb import KnowledgeBase


@Language.factory(
    "extractor_gazetteer",
    assigns=["doc.ents", "span._.kb_id", "span._.canonical", "span._.state"],
    default_config={"kb": {"@misc": "extractor.kb.v1"}, "ents_filter": DEFAULT_ENTS_FILTER},
)
def make_gazetteer(nlp: Language, name: str, kb: KnowledgeBase, ents_filter: Callable) -> "Gazetteer":
    """Create the gazetteer over a KB (`extractor.kb.v1`: the packaged data files)."""
    return Gazetteer(nlp, name, kb, ents_filter)


class Gazetteer(UsesKnowledge, EntityComponent):
    """Marks KB aliases as entities."""

    def __init__(self, nlp: Language, name: str, kb: KnowledgeBase, ents_filter: Callable = filter_chain_spans) -> None:
        super().__init__(name, ents_filter)
        self.nlp = nlp
        self.set_knowledge(kb, None)

    @classmethod
    def from_kb(cls, nlp: Language, kb: KnowledgeBase, name: str = "extractor_gazetteer") -> "Gazetteer":
        """A gazetteer over an in-memory KB (tests use tiny fixture KBs)."""
        return cls(nlp, name, kb)

    def set_knowledge(self, kb: KnowledgeBase, lexicon=None) -> None:
        """Use this KB: one phrase pattern per alias, each match id mapped to its entries."""
        super().set_knowledge(kb, None)
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        aliases = list(kb.aliases)
        for alias, pattern in zip(aliases, self.nlp.tokenizer.pipe(aliases)):
            self.matcher.add(alias, [pattern])
        strings = self.nlp.vocab.strings
        self.by_match_id = {strings[alias]: kb.candidates(alias) for alias in aliases}

    def match(self, doc: Doc) -> list[Found]:
        """KB mentions of the doc, longest first where they overlap."""
        by_match_id, day = self.by_match_id, doc._.doc_date
        found = []
        for start, end, match_id in longest_first((s, e, m) for m, s, e in self.matcher(doc)):
            entry, label = pick(by_match_id[match_id], day)
            found.append(Found(start, end, label, {"kb_id": entry.id, "canonical": entry.canonical,
                                                   "state": entry.state}))
        return found


def pick(candidates: list, day: Optional[str]):
    """The (entry, label) of an alias's candidates: the first holding an office on `day`
    when several share the alias, else the first."""
    if len(candidates) > 1 and day:
        for entry, label in candidates:
            if entry.roles_on(day):
                return entry, label
    return candidates[0]

