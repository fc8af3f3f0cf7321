"""The knowledge base files, the gazetteer built on them, and user KB files."""
import json

import pytest
import spacy

from extractor.extensions import install_extensions
from extractor.kb import load_kb, slugify
from extractor.kb.loader import DATA


def test_kb_every_iso_state_is_there_with_registry_names():
    kb = load_kb()
    states = [e for e in kb.entries.values() if e.label == "STATE"]
    assert len(states) >= 249  # ISO 3166-1 plus historical ISO 3166-3 states
    assert kb.lookup("DPRK").id == "PRK"
    assert kb.lookup("Democratic People's Republic of Korea").id == "PRK"
    assert kb.lookup("Soviet Union").id == "SUHH"
    assert kb.lookup("Syrian").id == "SYR"
    assert kb.lookup("Pyongyang").capital_of == "PRK"


def test_kb_states_file_is_generated_not_typed():
    first = json.loads((DATA / "states.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert set(first) == {"id", "canonical", "names", "demonyms", "capitals", "epithets", "historical"}


def test_kb_slugify_is_stable():
    assert slugify("Kim Il-sung") == "kim-il-sung"
    assert slugify("António Guterres") == "antonio-guterres"


def test_kb_bad_user_file_names_file_and_line(tmp_path):
    path = tmp_path / "extra.jsonl"
    path.write_text('{"id": "x", "canonical": "X", "label": "ORG"}\n{broken\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"extra.jsonl:2: not valid JSON"):
        load_kb([path])


def test_kb_unknown_label_is_refused(tmp_path):
    path = tmp_path / "extra.jsonl"
    path.write_text('{"id": "x", "canonical": "X", "label": "PERSON"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="unknown label 'PERSON'"):
        load_kb([path])


def _user_kb(tmp_path):
    path = tmp_path / "user_kb.jsonl"
    path.write_text(json.dumps({
        "id": "zoltan-varga", "canonical": "Zoltan Varga", "aliases": ["Zoltan Varga", "Varga"],
        "state": "HUN", "label": "LEADER"}) + "\n", encoding="utf-8")
    return path


def test_gazetteer_user_kb_file_and_disk_round_trip(tmp_path):
    install_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("extractor_gazetteer").initialize(kb_paths=[str(_user_kb(tmp_path))])
    doc = nlp("Varga met Viktor in Budapest, Hungary.")
    assert [(e.text, e.label_, e._.kb_id) for e in doc.ents][0] == ("Varga", "LEADER", "zoltan-varga")
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    again = reloaded("Zoltan Varga spoke.")
    assert [(e.text, e._.state) for e in again.ents] == [("Zoltan Varga", "HUN")]


FORMS = ["Joe Biden", "Kim Jong-un", "cannot", "Cannot Party", "U.S.", "al-Assad's", "Sánchez", "(Hamas)",
         "a  b", " lead", "tab\tform", "New\u00a0York", "Côte d'Ivoire", "the Hermit Kingdom", "gonna go", "Dr. No"]


def test_gazetteer_form_orths_are_the_tokenizers_over_every_kb_form():
    """The gazetteer's piece-by-piece tokens equal the tokenizer's on each form it matches."""
    from extractor.components.gazetteer import form_orths, matched_forms
    from extractor.lexicon import build_lexicon

    tokenizer = spacy.blank("en").tokenizer
    forms = [*matched_forms(list(load_kb().aliases), build_lexicon().words("names.particle_forms")), *FORMS]
    assert form_orths(tokenizer, forms) == [[t.orth for t in doc] for doc in tokenizer.pipe(forms)]
