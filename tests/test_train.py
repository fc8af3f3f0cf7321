"""Training: gold -> fitted pipeline on disk, leave-one-out scores, the train command."""
from pathlib import Path
import json

import numpy as np
import pytest
from typer.testing import CliRunner

from extractor.api import extract
from extractor.cli.main import app
from extractor.gold import read_gold, write_gold
from extractor.pipeline import load

REPO_ROOT = Path(__file__).resolve().parents[1]
from extractor.train import fit_pipeline, gold_to_doc, read_annotations, train

SYNTHETIC = REPO_ROOT / "annotations" / "train" / "synthetic.jsonl"
NEW_TEXT = ("Iranian President Ebrahim Raisi held talks with Russian President Vladimir Putin on Tuesday. "
            "Russia has supplied drones to Iran.")


@pytest.fixture(scope="module")
def golds():
    return read_gold(SYNTHETIC)


def write(tmp_path, name, docs):
    path = tmp_path / name
    write_gold(docs, path)
    return path


def test_train_gold_to_doc_keeps_gold_entities_and_relations(golds):
    from extractor.pipeline import build_pipeline

    doc = gold_to_doc(build_pipeline(), golds[0])
    assert [e.text for e in doc.ents] == [e.text for e in golds[0].entities]
    assert doc.ents[1]._.kb_id is None and doc.ents[0]._.kb_id == "IRN"
    assert len(doc._.relations) == len(golds[0].relations)
    assert {r["type"] for r in doc._.relations} == {"LEADER_OF", "CONSULT"}


def test_train_save_load_round_trip_gives_identical_predictions(golds, tmp_path):
    nlp, report = fit_pipeline(golds[:6], loo=False)
    assert report["pairs"] > 0 and "loo" not in report
    nlp.to_disk(tmp_path / "model")
    loaded = load(tmp_path / "model")
    assert loaded.pipe_names == nlp.pipe_names
    assert extract(NEW_TEXT, nlp=loaded) == extract(NEW_TEXT, nlp=nlp)
    assert extract(NEW_TEXT, nlp=loaded).relations


def test_train_is_deterministic_and_saves_plain_data(golds, tmp_path):
    gold = write(tmp_path, "gold.jsonl", golds[:3])
    for name in ("a", "b"):
        train([gold], [], out=tmp_path / name, seed=7, loo=False, shipped_gold=False)
    coef = [np.load(tmp_path / n / "extractor_relations" / "classifier" / "coef.npy", allow_pickle=False) for n in "ab"]
    assert np.array_equal(coef[0], coef[1])
    assert not [p for p in (tmp_path / "a").rglob("*") if p.suffix in {".pkl", ".pickle", ".joblib"}]
    meta = json.loads((tmp_path / "a" / "extractor_relations" / "classifier" / "meta.json").read_text())
    assert len(meta["vocab"]) == coef[0].shape[1] and len(meta["classes"]) == coef[0].shape[0]


def test_train_adding_an_annotated_document_changes_model_and_scores(golds, tmp_path):
    three = write(tmp_path, "three.jsonl", golds[:3])
    four = write(tmp_path, "four.jsonl", golds[:4])
    before = train([three], [], out=tmp_path / "before", seed=0, shipped_gold=False)
    after = train([four], [], out=tmp_path / "after", seed=0, shipped_gold=False)
    assert (before["n_gold"], after["n_gold"]) == (3, 4)
    assert after["pairs"] > before["pairs"]
    tp = lambda rep: sum(row["tp"] + row["fn"] for row in rep["loo"]["rel_per_type"].values())
    assert tp(after) > tp(before)
    vocab = lambda name: json.loads((tmp_path / name / "extractor_relations" / "classifier" / "meta.json").read_text())["vocab"]
    assert vocab("before") != vocab("after")


def test_train_read_annotations_refuses_a_missing_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="annotations not found"):
        read_annotations([tmp_path / "nope.jsonl"])


def test_train_cli_prints_tables_and_saves(golds, tmp_path):
    gold = write(tmp_path, "gold.jsonl", golds[:3])
    extra = write(tmp_path, "extra.jsonl", golds[3:5])
    result = CliRunner().invoke(app, ["train", "--annotations", str(gold), "--extra", str(extra),
                                      "--out", str(tmp_path / "model"), "--seed", "1", "--no-shipped-gold"])
    assert result.exit_code == 0, result.output
    assert "leave-one-document-out" in result.output and "micro" in result.output
    assert "3 gold + 2 extra documents" in result.output
    assert (tmp_path / "model" / "extractor_relations" / "classifier" / "coef.npy").exists()
    again = CliRunner().invoke(app, ["train", "--annotations", str(gold), "--no-loo", "--out", str(tmp_path / "model")])
    assert again.exit_code == 2 and "exists: pass force=True (--force)" in again.output


def test_train_cli_missing_annotations_exits_2(tmp_path):
    result = CliRunner().invoke(app, ["train", "--annotations", str(tmp_path / "missing.jsonl"),
                                      "--out", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert "annotations not found" in result.output


def test_train_cli_out_must_be_new_empty_or_forced_and_never_the_shipped_model(golds, tmp_path, monkeypatch):
    shipped = tmp_path / "shipped"  # never the real one: a failing check would overwrite it
    shipped.mkdir()
    monkeypatch.setattr("extractor.pipeline.DEFAULT_MODEL", shipped)
    gold = write(tmp_path, "gold.jsonl", golds[:3])
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine")
    base = ["train", "--annotations", str(gold), "--no-loo", "--no-shipped-gold", "--out"]
    result = CliRunner().invoke(app, [*base, str(taken)])
    assert result.exit_code == 2 and f"{taken} exists: pass force=True (--force)" in result.output
    assert (taken / "notes.txt").read_text() == "mine"
    result = CliRunner().invoke(app, [*base, str(shipped), "--force"])
    assert result.exit_code == 2 and "is the shipped pipeline" in result.output
    assert not any(shipped.iterdir())
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(app, [*base, str(empty)])
    assert result.exit_code == 0, result.output
    assert (empty / "config.cfg").exists()
