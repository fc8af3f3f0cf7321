"""The tuple paths of extractor.entities equal spaCy's own: `doc.ents` read and written,
and `filter_spans`."""
import spacy
from hypothesis import given, settings, strategies as st
from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE
from spacy.tokens import Span
from spacy.util import filter_spans

from extractor.entities import add_entities, entity_tuples, labelled_entities, longest_first, write_entities

NLP = spacy.blank("en")
WORDS = NLP("w " * 40)
SPANS = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6), st.sampled_from(["STATE", "DATE", "ORG"])),
                 max_size=25)


def _spans(doc, raw):
    return [Span(doc, start, start + length, label=label) for start, length, label in raw]


@settings(deadline=None, max_examples=200)
@given(SPANS)
def test_entities_longest_first_is_filter_spans(raw):
    spans = _spans(WORDS, raw)
    expected = [(s.start, s.end, s.label_) for s in filter_spans(spans)]
    assert [tuple(t) for t in longest_first([(s.start, s.end, s.label_) for s in spans])] == expected


@settings(deadline=None, max_examples=100)
@given(SPANS)
def test_entities_tuples_read_and_write_as_spacy_does(raw):
    kept = filter_spans(_spans(WORDS, raw))
    ours, theirs = NLP("w " * 40), NLP("w " * 40)
    theirs.ents = kept
    write_entities(ours, [(s.start, s.end, s.label) for s in kept])
    assert [(e.start, e.end, e.label_) for e in ours.ents] == [(e.start, e.end, e.label_) for e in theirs.ents]
    assert entity_tuples(theirs) == [(e.start, e.end, e.label) for e in theirs.ents]
    assert labelled_entities(theirs) == [(e.start, e.end, e.label_) for e in theirs.ents]


def test_entities_write_keeps_the_native_kb_id_of_a_kept_entity():
    doc = NLP("Kim met Putin")
    doc.ents = [Span(doc, 0, 1, label="LEADER", kb_id="Q56226")]
    write_entities(doc, entity_tuples(doc) + [(2, 3, doc.vocab.strings.add("LEADER"))])
    assert [(e.text, e.kb_id_) for e in doc.ents] == [("Kim", "Q56226"), ("Putin", "")]


@settings(deadline=None, max_examples=200)
@given(SPANS, SPANS)
def test_entities_add_is_the_plain_merge_where_it_writes(before, added):
    """`add_entities` writes what the plain merge writes, token by token, or declines."""
    fast, plain = NLP("w " * 40), NLP("w " * 40)
    for doc in (fast, plain):
        if before:
            doc.ents = filter_spans(_spans(doc, before))
    new = [(s.start, s.end, s.label) for s in _spans(fast, added)]
    if add_entities(fast, new):
        write_entities(plain, longest_first(entity_tuples(plain) + new))
    attrs = [ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID]
    assert fast.to_array(attrs).tolist() == plain.to_array(attrs).tolist()


def test_entities_add_declines_an_overlap_a_missing_token_and_a_kb_id():
    doc = NLP("Kim met Putin in Hanoi")
    doc.ents = [Span(doc, 0, 1, label="LEADER", kb_id="Q56226")]
    place, leader = doc.vocab.strings.add("PLACE"), doc.vocab.strings.add("LEADER")
    assert not add_entities(doc, [(0, 2, leader)])  # over Kim
    assert not add_entities(doc, [(2, 4, leader), (3, 5, place)])  # over each other
    assert add_entities(doc, [(4, 5, place), (2, 3, leader)])
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [("Kim", "LEADER", "Q56226"), ("Putin", "LEADER", ""),
                                                                 ("Hanoi", "PLACE", "")]
    fresh = NLP("Kim met Putin")  # no entity annotation yet: the plain merge sets every token outside
    assert not add_entities(fresh, [(2, 3, leader)])
    stale = NLP("Kim met Putin")
    stale.ents = [Span(stale, 2, 3, label="LEADER", kb_id="Q7747")]
    stale.ents = []  # spaCy leaves the kb_id on the token
    assert not add_entities(stale, [(2, 3, leader)])
