"""Knowledge-base gazetteer: every KB alias as a phrase pattern.

A PhraseMatcher finds the aliases in one pass, however large the KB; the longest match
wins, and each match becomes an entity carrying its KB identity (kb_id, canonical,
state). Where an alias names several entries, the one holding an office on the
document's date is taken. Besides the aliases as written it matches:

- their particle variants ("al-Burhan", "Al-Burhan", "al Burhan", "Al Burhan"), with the
  lexicon's `names.particle_forms`;
- epithets written with their article ("the Hermit Kingdom"): the article must be there and
  stays out of the entity;
- an all-caps dateline at the start of a line ("SEOUL, South Korea (AP) —"): a KB place, or
  a place the KB lacks when a news agency (`names.dateline_agencies`) follows.

A place right before a treaty word ("the Minsk agreements", "Paris Agreement",
`names.treaty_heads`) names the treaty, not the place, and is left out.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Optional

import srsly
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import filter_chain_spans

from .base import (DEFAULT_ENTS_FILTER, TABLES_DIR, BuiltTables, EntityComponent, Found, UsesKnowledge, content_key,
                   read_int_lists, write_int_lists)
from ..entities import longest_first
from ..extensions import doc_text, token_offsets
from ..kb import KnowledgeBase, choose, particle_variants
from ..lexicon import Lexicon, build_lexicon

ARTICLE = "the "
KB_MATCH = "EXTRACTOR_KB"  # the match key of every KB form
TABLES_VERSION = 1  # raise when `build_tables` gives other tables for the same KB
PATTERNS, BY_FORM = "patterns", "by_form.json"
DATELINE = re.compile(r"(?m)^[ \t]*([A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3})(?=,| \(| [—–-] )")


@Language.factory(
    "extractor_gazetteer",
    assigns=["doc.ents", "span._.kb_id", "span._.canonical", "span._.state"],
    default_config={"kb": {"@misc": "extractor.kb.v1"}, "lexicon": {"@misc": "extractor.lexicon.v1"},
                    "ents_filter": DEFAULT_ENTS_FILTER},
)
def make_gazetteer(nlp: Language, name: str, kb: KnowledgeBase, lexicon: Lexicon, ents_filter: Callable) -> "Gazetteer":
    """Create the gazetteer over a KB (`extractor.kb.v1`: the packaged data files)."""
    return Gazetteer(nlp, name, kb, lexicon, ents_filter)


class Gazetteer(UsesKnowledge, BuiltTables, EntityComponent):
    """Marks KB aliases as entities.

    Its tables (the token hashes of every form it matches, and the alias each form stands
    for) are built from the KB on first use, or read from a saved pipeline whose KB and
    particles they were built from (see `BuiltTables`).
    """

    def __init__(self, nlp: Language, name: str, kb: KnowledgeBase, lexicon: Lexicon,
                 ents_filter: Callable = filter_chain_spans) -> None:
        super().__init__(name, ents_filter)
        self.nlp = nlp
        self.set_knowledge(kb, lexicon)

    @classmethod
    def from_kb(cls, nlp: Language, kb: KnowledgeBase, lexicon: Optional[Lexicon] = None,
                name: str = "extractor_gazetteer") -> "Gazetteer":
        """A gazetteer over an in-memory KB (tests use tiny fixture KBs)."""
        return cls(nlp, name, kb, lexicon or build_lexicon())

    def set_knowledge(self, kb: KnowledgeBase, lexicon: Lexicon) -> None:
        """Use this KB and lexicon (the tables are built again on first use)."""
        super().set_knowledge(kb, lexicon)
        self.particles = lexicon.words("names.particle_forms")
        self.treaty_heads = {word.lower() for word in lexicon.words("names.treaty_heads")}
        self.agencies = lexicon.words("names.dateline_agencies")
        self.titles = {tuple(title.split()) for title in lexicon.titles}
        self.former_words = lexicon.words("names.former")
        self.longest_title = max(map(len, self.titles), default=1)
        self.reset_tables()

    def tables_key(self) -> str:
        """The key of what the tables are built from: the KB's aliases and the particles."""
        return content_key(TABLES_VERSION, sorted(self.particles), list(self.kb.aliases))

    def build_tables(self) -> dict:
        """One phrase pattern (token hashes) per form of each alias, and each form without
        its spaces -> the alias it stands for (the first form wins)."""
        forms = matched_forms(list(self.kb.aliases), self.particles)
        by_form: dict[str, str] = {}
        for form, alias in forms.items():
            by_form.setdefault(_unspaced(form), alias)
        return {"patterns": form_orths(self.nlp.tokenizer, list(forms)), "by_form": by_form}

    def use_tables(self, tables: dict) -> None:
        """Build the matcher of the patterns (one key: a key per alias costs 25 us each)."""
        self._matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self._matcher.add(KB_MATCH, tables["patterns"])
        self._by_upper: dict[str, str] = {}
        for alias in self.kb.aliases:
            self._by_upper.setdefault(alias.upper(), alias)

    def write_tables(self, path: Path, tables: dict) -> None:
        write_int_lists(path / PATTERNS, tables["patterns"])
        srsly.write_json(path / BY_FORM, tables["by_form"])

    def read_tables(self, path: Path) -> dict:
        return {"patterns": read_int_lists(path / PATTERNS), "by_form": srsly.read_json(path / BY_FORM)}

    @property
    def matcher(self) -> PhraseMatcher:
        """The PhraseMatcher of every form."""
        return self.ready()._matcher

    @property
    def by_form(self) -> dict[str, str]:
        """Each matched form without its spaces -> its alias."""
        return self.tables["by_form"]

    @property
    def by_upper(self) -> dict[str, str]:
        """Each alias in capitals -> the alias (the first wins): dateline places."""
        return self.ready()._by_upper

    def to_disk(self, path, *, exclude=tuple()) -> None:
        """Save the user's knowledge and the tables."""
        super().to_disk(path, exclude=exclude)
        self.tables_to_disk(Path(path) / TABLES_DIR)

    def from_disk(self, path, *, exclude=tuple()) -> "Gazetteer":
        """Load the user's knowledge, and the tables where they were built from it."""
        super().from_disk(path, exclude=exclude)
        self.tables_from_disk(Path(path) / TABLES_DIR)
        return self

    def match(self, doc: Doc) -> list[Found]:
        """KB mentions of the doc and its dateline place, longest first where they overlap."""
        matcher, by_form, kb, day = self.matcher, self.by_form, self.kb, doc._.doc_date
        text, (starts, ends) = doc_text(doc), token_offsets(doc)
        found = []
        for start, end, _ in longest_first((s, e, m) for m, s, e in matcher(doc)):
            alias = by_form[_unspaced(text[starts[start]:ends[end - 1]])]
            candidates, with_article = kb.candidates(alias), alias[:len(ARTICLE)].lower() == ARTICLE
            entry, label = choose(candidates, day, *self.title_before(doc, start)) if len(candidates) > 1 \
                else candidates[0]
            if label == "LOCATION" and self.names_treaty(doc, end):
                continue
            found.append(Found(start + with_article, end, label, identity(entry)))
        return found + self.datelines(doc)

    def title_before(self, doc: Doc, start: int) -> tuple[Optional[str], bool]:
        """The title right before a mention ("President", "former Prime Minister", "ex-
        president", "former Pakistani Prime Minister"), and whether it is marked former."""
        words = [t.lower_ for t in doc[max(start - self.longest_title - 3, 0):start]]
        for size in range(min(self.longest_title, len(words)), 0, -1):
            if tuple(words[-size:]) in self.titles:
                before = words[:-size][-3:]
                return " ".join(words[-size:]), any(w in self.former_words for w in before)
        return None, False

    def names_treaty(self, doc: Doc, end: int) -> bool:
        """Whether a treaty word follows the place ("Minsk agreements", "Astana format")."""
        return end < len(doc) and doc[end].lower_ in self.treaty_heads

    def datelines(self, doc: Doc) -> list[Found]:
        """The place of an all-caps dateline at the start of a line."""
        text, found = doc_text(doc), []
        for match in DATELINE.finditer(text):
            span = doc.char_span(match.start(1), match.end(1))
            if span is None:
                continue
            alias = self.by_upper.get(match.group(1))
            if alias is not None:
                entry, label = choose(self.kb.candidates(alias), doc._.doc_date)
                found.append(Found(span.start, span.end, label, identity(entry)))
            elif self.agency_follows(text, match.end(1)):
                found.append(Found(span.start, span.end, "LOCATION", {"canonical": match.group(1).title()}))
        return found

    def agency_follows(self, text: str, at: int) -> bool:
        """A news agency in brackets within the dateline after character `at` ("(AP)")."""
        rest = text[at:at + 60].split("\n", 1)[0]
        return any(f"({agency})" in rest for agency in self.agencies)


def _unspaced(text: str) -> str:
    """A form or a matched span without its whitespace: what tells which form matched (the
    matcher compares token texts, so 'Jong-un' also matches 'Jong - un')."""
    return "".join(text.split())


def form_orths(tokenizer, forms: list[str]) -> list[list[int]]:
    """The ORTH hashes of each form's tokens, as `[t.orth for t in tokenizer(form)]` (a test
    holds them equal over the KB's forms) at a third of the load time: spaCy's tokenizer
    cuts a text at its spaces and each piece on its own, so a form of single-spaced pieces
    is cut piece by piece, a piece of letters that no special case names is one token, and
    only the other pieces go through the tokenizer, each once (measured: 28k forms,
    1.1 s -> 0.4 s, most of the pipeline's load time)."""
    if type(tokenizer) is not Tokenizer or any(w.strip() and any(c.isspace() for c in w) for w in tokenizer.rules):
        return [[t.orth for t in doc] for doc in tokenizer.pipe(forms)]
    plain = [form for form in forms if form.split(" ") == form.split() and form.strip()]
    pieces = {piece for form in plain for piece in form.split(" ")}
    rules = tokenizer.rules
    hard = [piece for piece in pieces if not piece.isalpha() or piece in rules]
    orths = {piece: [get_string_id(piece)] for piece in pieces}  # ORTH: a hash, or a symbol's id ("X")
    orths.update(zip(hard, ([t.orth for t in doc] for doc in tokenizer.pipe(hard))))
    by_form = {form: [orth for piece in form.split(" ") for orth in orths[piece]] for form in plain}
    others = [form for form in forms if form not in by_form]
    by_form.update(zip(others, ([t.orth for t in doc] for doc in tokenizer.pipe(others))))
    return [by_form[form] for form in forms]


def identity(entry) -> dict:
    """The identity fields a KB entry gives its mentions."""
    return {"kb_id": entry.id, "canonical": entry.canonical, "state": entry.state, "kind": entry.kind}


def matched_forms(aliases: list[str], particles: frozenset) -> dict[str, str]:
    """Each form the gazetteer matches -> the alias it stands for: every alias itself, then
    its variants that are no alias and no earlier alias's variant."""
    forms = dict(zip(aliases, aliases))
    for alias in aliases:
        for form in sorted(alias_forms(alias, particles)):
            forms.setdefault(form, alias)
    return forms


def alias_forms(alias: str, particles: frozenset) -> set[str]:
    """The forms of an alias the gazetteer matches: itself, its particle variants, and for
    an epithet with its article, the capitalised article too."""
    forms = particle_variants(alias, particles)
    if alias.lower().startswith(ARTICLE):
        forms |= {"The " + form[len(ARTICLE):] for form in forms}
    return forms
