"""The Doc is the only channel: a user's component between any two of ours sees the entities
so far and can change them; the KB and lexicon are one resource each, saved with the
pipeline; workers load the pipeline under fork and spawn and turn failures into records."""
import json
import shutil

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

from extractor import extract, extract_many, load
from extractor.extensions import identity, install_extensions
from extractor.kb import build_kb
from extractor.lexicon import build_lexicon
from extractor.pipeline import build_pipeline

TEXT = ("North Korean leader Kim Jong Un met Syria's President Bashar al-Assad in Pyongyang on Friday. "
        "The Acme Peace Fund (APF) praised Kim.")
SEEN: dict = {}


@Language.component("test_channel_spy")
def _spy(doc):
    """Records the entities it sees, under the name of the component before it."""
    SEEN[doc._.doc_id] = [(e.text, e.label_, e._.kb_id) for e in doc.ents]
    return doc


@Language.component("test_channel_add_org")
def _add_org(doc):
    """Adds 'Pyongyang' as an ORG and drops 'Syria' (a user's own decision)."""
    ents = [e for e in doc.ents if e.text not in ("Pyongyang", "Syria")]
    token = next(t for t in doc if t.text == "Pyongyang")
    org = Span(doc, token.i, token.i + 1, label="ORG")
    doc.ents = sorted(ents + [org], key=lambda e: e.start)
    org._.canonical, org._.kb_id = "Pyongyang Council", "pyongyang-council"
    return doc


def _with_spies(nlp):
    for name in list(nlp.pipe_names):
        nlp.add_pipe("test_channel_spy", name=f"spy_after_{name}", after=name)
    return nlp


def test_channel_every_component_after_ours_sees_the_entities_so_far():
    install_extensions()
    nlp = _with_spies(build_pipeline())
    SEEN.clear()
    for name, proc in nlp.pipeline:
        doc = nlp.make_doc(TEXT) if name == nlp.pipe_names[0] else doc
        doc._.doc_id = name
        doc = proc(doc)
    assert SEEN["spy_after_extractor_sentences"] == []
    after_gazetteer = SEEN["spy_after_extractor_gazetteer"]
    assert ("Kim Jong Un", "LEADER", "kim-jong-un") in after_gazetteer
    assert ("Syria", "STATE", "SYR") in after_gazetteer
    assert ("Friday", "DATE", None) not in after_gazetteer
    assert ("Friday", "DATE", None) in SEEN["spy_after_extractor_dates"]
    assert ("Acme Peace Fund", "ORG", None) in SEEN["spy_after_extractor_acronyms"]
    assert ("APF", "ORG", None) in SEEN["spy_after_extractor_acronyms"]
    assert ("Kim", "LEADER", "kim-jong-un") in SEEN["spy_after_extractor_linker"]


@pytest.mark.parametrize("after", ["extractor_gazetteer", "extractor_names", "extractor_acronyms",
                                   "extractor_dates", "extractor_linker"])
def test_channel_a_users_change_between_our_components_is_kept(after):
    nlp = build_pipeline()
    nlp.add_pipe("test_channel_add_org", after=after)
    doc = extract(TEXT, nlp=nlp, doc_date="2019-06-23")
    found = {(e.text, e.label, e.canonical, e.kb_id) for e in doc.entities}
    assert ("Pyongyang", "ORG", "Pyongyang Council", "pyongyang-council") in found
    assert not any(e.text == "Syria" for e in doc.entities)
    assert ("Bashar al-Assad", "LEADER", "Bashar al-Assad", "bashar-al-assad") in found


def test_channel_ents_filter_is_configurable_like_span_rulers():
    nlp = spacy.blank("en")
    nlp.add_pipe("extractor_gazetteer")
    doc = nlp.make_doc("Kim Jong Un spoke.")
    doc.ents = [Span(doc, 0, 1, label="ORG")]  # a user's shorter ORG "Kim"
    assert [(e.text, e.label_) for e in nlp.get_pipe("extractor_gazetteer")(doc).ents] == [("Kim Jong Un", "LEADER")]
    keep = spacy.blank("en")
    keep.add_pipe("extractor_gazetteer", config={"ents_filter": {"@misc": "spacy.prioritize_existing_ents_filter.v1"}})
    doc = keep.make_doc("Kim Jong Un spoke.")
    doc.ents = [Span(doc, 0, 1, label="ORG")]
    assert [(e.text, e.label_) for e in keep.get_pipe("extractor_gazetteer")(doc).ents] == [("Kim", "ORG")]


def test_channel_identity_attributes_are_public_span_attributes():
    nlp = build_pipeline()
    doc = nlp(TEXT)
    kim = next(e for e in doc.ents if e.text == "Kim Jong Un")
    assert (kim._.canonical, kim._.kb_id, kim._.state) == ("Kim Jong Un", "kim-jong-un", "PRK")
    kim._.state = "XXX"
    assert identity(doc, kim.start_char, kim.end_char)["state"] == "XXX"
    again = spacy.tokens.Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert next(e for e in again.ents if e.text == "Kim Jong Un")._.kb_id == "kim-jong-un"


def _user_kb(path):
    path.write_text("\n".join(json.dumps(r) for r in [
        {"id": "ZZL", "canonical": "Zeeland Republic", "names": ["Zeeland"], "demonyms": ["Zeelandic"],
         "capitals": ["Portvale"], "label": "STATE"},
        {"id": "anna-brook", "canonical": "Anna Brook", "aliases": ["Anna Brook"], "state": "ZZL", "label": "LEADER",
         "roles": [{"role": "president", "office": "head_of_state", "of": "ZZL", "start": "2020"}]},
    ]) + "\n", encoding="utf-8")
    return path


def test_channel_saved_pipeline_loads_from_another_directory_with_its_kb(tmp_path):
    kb_file = _user_kb(tmp_path / "user_kb.jsonl")
    nlp = build_pipeline(kb=[str(kb_file)])
    text = "Zeelandic President Anna Brook said Portvale has opposed the sanctions."
    before = extract(text, nlp=nlp)
    nlp.to_disk(tmp_path / "saved")
    kb_file.unlink()
    shutil.move(str(tmp_path / "saved"), str(tmp_path / "elsewhere"))
    after = extract(text, nlp=spacy.load(tmp_path / "elsewhere"))
    assert after.entities == before.entities
    by_text = {e.text: e for e in after.entities}
    assert (by_text["Zeelandic"].label, by_text["Zeelandic"].kb_id) == ("STATE", "ZZL")
    assert (by_text["Portvale"].label, by_text["Portvale"].kb_id) == ("STATE", "ZZL")
    assert by_text["Anna Brook"].state == "ZZL"


def test_channel_gazetteer_and_linker_share_one_kb_object(tmp_path):
    nlp = build_pipeline(kb=[str(_user_kb(tmp_path / "user_kb.jsonl"))])
    assert nlp.get_pipe("extractor_gazetteer").kb is nlp.get_pipe("extractor_linker").kb
    reloaded = spacy.load(_saved(nlp, tmp_path))
    assert reloaded.get_pipe("extractor_gazetteer").kb is reloaded.get_pipe("extractor_linker").kb
    assert build_kb() is build_kb() and build_lexicon() is build_lexicon()


def _saved(nlp, tmp_path):
    nlp.to_disk(tmp_path / "p")
    return tmp_path / "p"


def test_channel_a_trigger_word_from_a_lexicon_file_works_without_a_retrain(tmp_path):
    text = "Chile glorped Peru."
    assert not extract(text).relations
    lexicon = tmp_path / "mine.jsonl"
    lexicon.write_text(json.dumps({"type": "SUPPORT", "pattern": "=glorped"}) + "\n", encoding="utf-8")
    shipped_plus_mine = load(lexicon=[str(lexicon)])
    saved = spacy.load(_saved(build_pipeline(lexicon=[str(lexicon)]), tmp_path))
    for nlp in (shipped_plus_mine, saved):
        doc = extract(text, nlp=nlp)
        assert [(r.type, r.head, r.tail) for r in doc.relations] == [("SUPPORT", "e1", "e2")]
    assert load() is not shipped_plus_mine and not extract(text).relations


def test_channel_a_word_added_to_a_shared_sense_list_reaches_every_trigger_naming_it(tmp_path):
    text = "Kenya sent glorpers to Haiti. Kenya dispatched glorpers to Haiti."
    assert not extract(text).relations
    lexicon = tmp_path / "mine.jsonl"
    lexicon.write_text(json.dumps({"list": "senses.military_personnel", "words": ["glorpers"]}) + "\n", encoding="utf-8")
    doc = extract(text, nlp=load(lexicon=[str(lexicon)]))
    assert sorted(r.pattern for r in doc.relations if r.type == "AID") == ["AID:dispatch:verb", "AID:send:verb"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"type": "AID", "pattern": "ship", "requires_after": ["@senses.glorp"]}) + "\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:1: .*no word list 'senses.glorp'"):
        load(lexicon=[str(bad)])


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_channel_extract_many_in_two_processes_under_fork_and_spawn(start_method):
    texts = [f"Russian President Vladimir Putin met Kim Jong Un in Vladivostok in April {2000 + i}." for i in range(6)]
    items = [(t, {"doc_id": f"d{i}"}) for i, t in enumerate(texts)] + [("Iran", {"doc_date": "2019-02-30"})]
    serial = list(extract_many(items))
    parallel = list(extract_many(items, n_process=2, batch_size=2, start_method=start_method))
    assert parallel == serial
    assert parallel[-1].error == "ValueError: doc_date 2019-02-30 is not a calendar date"


@Language.component("test_channel_fails_on_boom")
def _fails_on_boom(doc):
    if "BOOM" in doc.text:
        raise RuntimeError("component exploded")
    return doc


def test_channel_a_failure_in_a_worker_is_that_documents_error_record():
    nlp = build_pipeline()
    nlp.add_pipe("test_channel_fails_on_boom", first=True)
    texts = ["Syria", "BOOM Iran", "Russia", "Iraq", "BOOM", "Chile"]
    docs = list(extract_many(texts, n_process=2, batch_size=2, nlp=nlp, start_method="fork"))
    assert [d.error for d in docs] == [None, "pipeline failed: RuntimeError: component exploded", None, None,
                                       "pipeline failed: RuntimeError: component exploded", None]
    assert [[e.text for e in d.entities] for d in docs] == [["Syria"], [], ["Russia"], ["Iraq"], [], ["Chile"]]
