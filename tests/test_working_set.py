"""The entity components share one working set of mentions; the last of them
in a pipeline writes `doc.ents`."""
import spacy
from hypothesis import given, settings, strategies as st
from spacy.tokens import Span
from spacy.util import filter_spans

import extractor
from extractor.extensions import Mention, TokenTexts, filter_mentions, remember_text

WORDS = spacy.blank("en")("w " * 40)
TEXT = "North Korean leader Kim Jong Un met Syria's President Bashar al-Assad in Pyongyang on Friday."


@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6), st.sampled_from(["STATE", "DATE"])), max_size=25))
def test_filter_mentions_is_filter_spans(raw):
    doc = WORDS
    mentions = [Mention(start, start + length, label) for start, length, label in raw]
    spans = [Span(doc, m.start, m.end, label=m.label) for m in mentions]
    expected = [(s.start, s.end, s.label_) for s in filter_spans(spans)]
    assert [tuple(m) for m in filter_mentions(mentions)] == expected


def test_full_pipeline_hands_the_working_set_to_the_linker():
    nlp = extractor.load()
    steps = {name: getattr(proc, "step", None) for name, proc in nlp.pipeline}
    assert steps["extractor_gazetteer"].handed_on() and steps["extractor_dates"].handed_on()
    doc = nlp(TEXT)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("North Korean", "STATE"), ("Kim Jong Un", "LEADER"), ("Syria", "STATE"),
        ("Bashar al-Assad", "LEADER"), ("Pyongyang", "LOCATION"), ("Friday", "DATE")]
    assert doc.ents[1]._.kb_id == "kim-jong-un" and doc.ents[1]._.state == "PRK"


def test_without_the_linker_the_last_entity_component_writes_doc_ents():
    nlp = extractor.load()
    with nlp.select_pipes(disable=["extractor_linker", "extractor_relations"]):
        assert not nlp.get_pipe("extractor_dates").step.handed_on()
        doc = nlp(TEXT)
    assert ("Friday", "DATE") in [(e.text, e.label_) for e in doc.ents]
    assert ("Kim Jong Un", "LEADER") in [(e.text, e.label_) for e in doc.ents]
    assert nlp.get_pipe("extractor_dates").step.handed_on()  # the linker is back


def test_token_texts_are_the_tokens_texts_and_whitespace():
    nlp = spacy.blank("en")
    text = "Kim Jong-un  met\n\nal-Assad (OPCW), 'U.S.' \t officials. "
    doc = nlp.make_doc(text)
    remember_text(doc, text)
    words = TokenTexts(doc)
    assert len(words) == len(doc)
    assert [words[i] for i in range(len(doc))] == [t.text for t in doc]
    assert [words.space_after(i) for i in range(len(doc))] == [bool(t.whitespace_) for t in doc]
