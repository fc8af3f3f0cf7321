"""The gazetteer's tables: built on first use, saved with a pipeline as plain data (JSON and
numpy arrays), read in place of a build only where they were built from the same KB (and
then equal to a build), built again for a user's KB or lexicon."""
import json
import shutil

import numpy
import pytest
import spacy

from extractor import extract
from extractor.components.base import TABLES_DIR
from extractor.components.gazetteer import Gazetteer
from extractor.pipeline import DEFAULT_MODEL, build_pipeline

TEXTS = [
    "North Korean leader Kim Jong Un met Syria's President Bashar al-Assad in Pyongyang on Friday.",
    "SEOUL, South Korea (AP) — South Korea's President Yoon Suk Yeol said Al-Burhan's army shelled El Fasher.",
    "Sudanese army chief Abdel Fattah al Burhan flew to Asmara for talks on the Minsk agreements.",
]
USER_KB = [
    {"id": "ZZL", "canonical": "Zeeland Republic", "names": ["Zeeland"], "demonyms": ["Zeelandic"],
     "capitals": ["Portvale"], "label": "STATE"},
]


@pytest.fixture
def no_build(monkeypatch):
    """Gazetteer builds fail while on: what runs used stored tables."""
    def fail(self):
        raise AssertionError("the gazetteer built its tables: those stored are of another KB or particle list "
                             "(after an edit of the KB files, regenerate the shipped pipeline: extractor train "
                             "--annotations annotations/gold --out DIR, then copy DIR to extractor/models/extractor-news)")
    monkeypatch.setattr(Gazetteer, "build_tables", fail)
    return monkeypatch


def _user_kb(path):
    path.write_text("".join(json.dumps(r) + "\n" for r in USER_KB), encoding="utf-8")
    return path


def test_tables_shipped_pipeline_reads_them_and_they_equal_a_build(no_build):
    nlp = spacy.load(DEFAULT_MODEL)
    stored = [extract(text, nlp=nlp) for text in TEXTS]  # no build: the stored tables serve
    no_build.undo()
    gazetteer = nlp.get_pipe("extractor_gazetteer")
    assert gazetteer.tables == gazetteer.build_tables()
    gazetteer.reset_tables()
    assert [extract(text, nlp=nlp) for text in TEXTS] == stored
    assert any(e.text == "Kim Jong Un" and e.kb_id == "kim-jong-un" for e in stored[0].entities)


def test_tables_are_plain_json_and_arrays_not_pickles():
    path = DEFAULT_MODEL / "extractor_gazetteer" / TABLES_DIR
    assert json.loads((path / "by_form.json").read_text(encoding="utf-8"))["KimJongUn"] == "Kim Jong Un"
    lengths = numpy.load(path / "patterns.lengths.npy", allow_pickle=False)
    assert numpy.load(path / "patterns.npy", allow_pickle=False).shape == (lengths.sum(),)


def test_tables_a_users_kb_file_builds_them_again(tmp_path):
    nlp = build_pipeline(kb=[str(_user_kb(tmp_path / "kb.jsonl"))])
    gazetteer = nlp.get_pipe("extractor_gazetteer")
    assert gazetteer.by_form["Zeelandic"] == "Zeelandic"
    assert [e.kb_id for e in extract("Zeelandic troops left Portvale.", nlp=nlp).entities] == ["ZZL", "portvale"]


def test_tables_added_knowledge_after_a_load_builds_them_again():
    nlp = spacy.load(DEFAULT_MODEL)
    before = nlp.get_pipe("extractor_gazetteer").tables
    nlp.get_pipe("extractor_gazetteer").add_knowledge(USER_KB)
    gazetteer = nlp.get_pipe("extractor_gazetteer")
    assert gazetteer.tables is not before and "Zeelandic" in gazetteer.by_form
    assert gazetteer.tables == gazetteer.build_tables()


def test_tables_saved_with_a_users_kb_load_without_a_build(tmp_path, monkeypatch):
    nlp = build_pipeline(kb=[str(_user_kb(tmp_path / "kb.jsonl"))])
    nlp.to_disk(tmp_path / "saved")
    (tmp_path / "kb.jsonl").unlink()
    monkeypatch.setattr(Gazetteer, "build_tables", lambda self: pytest.fail("the gazetteer built its tables"))
    reloaded = spacy.load(tmp_path / "saved")
    assert [e.kb_id for e in extract("Zeelandic troops left Portvale.", nlp=reloaded).entities] == ["ZZL", "portvale"]


def test_tables_of_another_kb_are_not_read(tmp_path):
    nlp = build_pipeline(kb=[str(_user_kb(tmp_path / "kb.jsonl"))])
    nlp.to_disk(tmp_path / "saved")
    tables = tmp_path / "saved" / "extractor_gazetteer" / TABLES_DIR
    shutil.rmtree(tables)
    shutil.copytree(DEFAULT_MODEL / "extractor_gazetteer" / TABLES_DIR, tables)  # the packaged KB's tables
    gazetteer = spacy.load(tmp_path / "saved").get_pipe("extractor_gazetteer")
    assert "Zeelandic" in gazetteer.by_form
    assert gazetteer.tables == gazetteer.build_tables()

