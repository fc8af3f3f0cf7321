"""The small things a new user trips on: entity lookup, one reader for extract and batch,
Doccano STATE ids, Label Studio predictions, several --annotations paths."""
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.api import extract
from extractor.cli.main import app
from extractor.gold import read_gold

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEXT = "Syrian President Bashar al-Assad thanked Kim Jong Un. The US imposed new sanctions on Pyongyang."


def test_usability_document_entity_resolves_relation_arguments():
    document = extract(TEXT, doc_date="2022-06-01")
    rel = next(r for r in document.relations if r.type == "SANCTION")
    assert (document.entity(rel.head).kb_id, document.entity(rel.tail).text) == ("USA", "Pyongyang")
    assert document.entity(rel.date) is None
    with pytest.raises(KeyError, match="no entity has id 'e99'"):
        document.entity("e99")
    gold = read_gold(FIXTURES / "gold_small.jsonl")[0]
    assert gold.entity(gold.relations[0].head).id == gold.relations[0].head


@pytest.mark.parametrize("name, data", [
    ("latin.txt", "Caf\u00e9 talk: Syrian President Bashar al-Assad met Russia's Sergei Lavrov.".encode("cp1252")),
    ("page.html", b"<html><head><title>x</title></head><body><p>Syrian President Bashar al-Assad "
                  b"met Russia&#39;s Sergei Lavrov.</p><script>var a = 1;</script></body></html>"),
])
def test_usability_extract_reads_a_file_as_batch_does(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    runner = CliRunner()
    single = runner.invoke(app, ["extract", str(path), "--doc-date", "2019-06-23"])
    assert single.exit_code == 0, single.output
    assert "warning:" in single.stderr  # the cp1252 fallback or the HTML note
    out = tmp_path / "out.jsonl"
    many = runner.invoke(app, ["batch", str(path), "-o", str(out), "-q", "--doc-date", "2019-06-23"])
    assert many.exit_code == 0, many.output
    from_batch = json.loads(out.read_text(encoding="utf-8"))
    from_extract = json.loads(single.stdout)
    assert from_extract["entities"] == from_batch["entities"] and from_extract["relations"] == from_batch["relations"]
    assert {e["text"] for e in from_extract["entities"]} >= {"Bashar al-Assad", "Sergei Lavrov", "Russia"}


def test_usability_doccano_import_fills_state_ids_from_the_kb(tmp_path):
    out = tmp_path / "gold.jsonl"
    result = CliRunner().invoke(app, ["import", "doccano", str(FIXTURES / "doccano_export.jsonl"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "filled the kb_id of 5 STATE mention(s) from the KB" in result.stderr
    states = [(e.text, e.kb_id, e.state, e.canonical) for doc in read_gold(out) for e in doc.entities if e.label == "STATE"]
    assert ("Syrian", "SYR", "SYR", "Syria") in states and ("China", "CHN", "CHN", "China") in states
    assert all(kb_id for _, kb_id, _, _ in states)
    plain = CliRunner().invoke(app, ["import", "doccano", str(FIXTURES / "doccano_export.jsonl"), "-o", str(out),
                                     "--no-kb-link"])
    assert plain.exit_code == 0 and "filled" not in plain.stderr
    assert all(e.kb_id is None for doc in read_gold(out) for e in doc.entities if e.label == "STATE")


def test_usability_labelstudio_predictions_only_gives_a_hint(tmp_path):
    tasks = json.loads((FIXTURES / "labelstudio_export.json").read_text(encoding="utf-8"))
    for task in tasks:
        task["predictions"], task["annotations"] = task["annotations"], []
    predicted = sum(1 for task in tasks if task["predictions"])
    export = tmp_path / "export.json"
    export.write_text(json.dumps(tasks), encoding="utf-8")
    out = tmp_path / "gold.jsonl"
    result = CliRunner().invoke(app, ["import", "labelstudio", str(export), "-o", str(out)])
    assert result.exit_code == 0 and predicted >= 2 and "wrote 0 document(s)" in result.output
    assert f"hint: {predicted} task(s) hold only predictions, no annotation: skipped; add --predictions" in result.stderr
    again = CliRunner().invoke(app, ["import", "labelstudio", str(export), "-o", str(out), "--predictions"])
    assert "hint" not in again.stderr and f"wrote {predicted} document(s)" in again.output


def test_usability_train_annotations_takes_several_paths(tmp_path, monkeypatch):
    seen = {}

    def fake_train(gold, extra, **options):
        seen.update(gold=[str(p) for p in gold], extra=[str(p) for p in extra])
        return {"n_gold": 0, "n_extra": 0, "pairs": 0, "positive_pairs": 0}

    monkeypatch.setattr("extractor.cli.train_cmd.train_pipeline", fake_train)
    result = CliRunner().invoke(app, ["train", "--annotations", "a.jsonl", "b.jsonl", "--extra", "x.jsonl",
                                      "--no-loo", "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert seen == {"gold": ["a.jsonl", "b.jsonl"], "extra": ["x.jsonl"]}
    CliRunner().invoke(app, ["train", "--annotations", "a.jsonl", "--annotations", "c", "--out", str(tmp_path / "m")])
    assert seen["gold"] == ["a.jsonl", "c"]
