"""Training learns trigger patterns from gold: an invented verb taught by a dozen passages."""
from pathlib import Path
import json
import shutil

import pytest

from extractor.api import extract
from extractor.gold import read_gold, write_gold
from extractor.pipeline import load
from extractor.train import REPORT_FILE, fit_pipeline, train

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ZORBLED = FIXTURES / "learn_zorbled.jsonl"
FLIMBLED = FIXTURES / "learn_flimbled.jsonl"
UNSEEN = [
    ("Brazil zorbled Argentina over the trade dispute.", ("Brazil", "Argentina")),
    ("Vietnam zorbled China after the collision near the islands.", ("Vietnam", "China")),
    ("Poland zorbled Germany of ignoring the pipeline risks.", ("Poland", "Germany")),
]


def accusations(doc):
    text = {e.id: e.text for e in doc.entities}
    return {(text[r.head], text[r.tail]) for r in doc.relations if r.type == "ACCUSE"}


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    out = tmp_path_factory.mktemp("learn") / "model"
    report = train([ZORBLED, FLIMBLED], [], out=out, loo=False, shipped_gold=False)
    return out, report


def test_learn_a_new_verb_finds_its_type_with_other_actors(trained):
    out, _ = trained
    nlp, shipped = load(out), load()
    for text, pair in UNSEEN:
        assert accusations(extract(text, nlp=nlp)) == {pair}, text
        assert accusations(extract(text, nlp=shipped)) == set(), text


def test_learn_saves_readable_learned_patterns_with_counts(trained):
    out, report = trained
    saved = [json.loads(line) for line in (out / "extractor_relations" / "learned_triggers.jsonl").open()]
    assert [(r["type"], r["pattern"], r["pos"], r["source"]) for r in saved] == [("ACCUSE", "zorbled", "verb", "learned")]
    assert saved[0]["count"] == 13 and saved[0]["contradicted"] == 0 and "zorbled" in saved[0]["example"]
    assert json.loads((out / REPORT_FILE).read_text())["learned"] == saved == report["learned"]


def test_learn_a_pattern_gold_contradicts_is_not_kept(tmp_path):
    flimbled = read_gold(FLIMBLED)
    taught = [g for g in flimbled if g.relations]
    assert len(taught) == 2 and len(flimbled) == 6
    _, alone = fit_pipeline(taught, loo=False)
    assert [r["pattern"] for r in alone["learned"]] == ["flimbled"]  # seen twice, nothing against it
    _, contradicted = fit_pipeline(flimbled, loo=False)
    assert contradicted["learned"] == []  # four passages annotate 'X flimbled Y' as no relation


def test_learn_a_deleted_learned_pattern_is_gone_on_load(trained, tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(trained[0], copy)
    (copy / "extractor_relations" / "learned_triggers.jsonl").write_text("")
    assert accusations(extract(UNSEEN[0][0], nlp=load(copy))) == set()


def test_learn_loo_reports_before_and_after(tmp_path):
    docs = read_gold(ZORBLED)[:5]
    _, report = fit_pipeline(docs, loo=True)
    assert report["loo_before"]["rel_per_type"]["ACCUSE"]["tp"] == 0
    assert report["loo"]["rel_per_type"]["ACCUSE"]["tp"] >= 4
    assert report["loo_rules_learned"]["rel_per_type"]["ACCUSE"]["tp"] >= 4


def test_learn_train_starts_from_the_shipped_gold_each_document_once(tmp_path):
    from extractor.train import SHIPPED_GOLD, read_annotations

    shipped = read_annotations(p for p in SHIPPED_GOLD if p.exists())
    mine = tmp_path / "mine.jsonl"
    write_gold([*read_gold(ZORBLED)[:2], shipped[0]], mine)
    report = train([mine], [], loo=False)
    assert (report["n_gold"], report["n_extra"]) == (3, len(shipped) - 1)
    assert train([mine], [], loo=False, shipped_gold=False, learn=False)["n_extra"] == 0
