"""The Wikidata refresh script on a fixture in the SPARQL JSON result format (no network)."""
import json
from pathlib import Path

from extractor.kb import build_kb
from extractor.kb.wikidata import refresh, role_of

FIXTURE = Path(__file__).parent / "fixtures" / "wikidata_p39.json"


def _people(tmp_path):
    people = tmp_path / "people.jsonl"
    people.write_text(json.dumps({"id": "vladimir-putin", "canonical": "Vladimir Putin", "aliases": ["Putin"],
                                  "state": "RUS", "roles": [{"role": "president", "of": "RUS"}],
                                  "note": "kept"}) + "\n", encoding="utf-8")
    return people


def test_refresh_merges_terms_by_id_and_adds_new_people(tmp_path):
    out = tmp_path / "out.jsonl"
    assert refresh(FIXTURE, _people(tmp_path), out) == 2  # the row without an English label is skipped
    records = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    putin = records["vladimir-putin"]
    assert putin["wikidata"] == "Q900001" and putin["aliases"] == ["Putin"] and putin["note"] == "kept"
    assert [(r["role"], r["start"], r["end"]) for r in putin["roles"]] == [
        ("president", "2000-05-07", "2008-05-07"), ("prime minister", "2008-05-08", "2012-05-07"),
        ("president", "2012-05-07", None)]
    ann = records["ann-example"]
    assert ann["state"] == "EST" and ann["roles"][0]["office"] == "foreign_minister"
    kb = build_kb([dict(r, label="LEADER") for r in records.values()], packaged=False)
    assert [e.id for e in kb.holders("RUS", title="president", day="2010-01-01")] == []
    assert [e.id for e in kb.holders("RUS", title="prime minister", day="2010-01-01")] == ["vladimir-putin"]


def test_refresh_again_changes_nothing(tmp_path):
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    refresh(FIXTURE, _people(tmp_path), first)
    refresh(FIXTURE, first, second)
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")


def test_position_labels_give_titles_and_office_kinds():
    from extractor.lexicon import build_lexicon

    titles = build_lexicon().titles
    assert role_of("President of Russia", titles) == ("president", ["head_of_state"])
    assert role_of("Prime Minister of Japan", titles) == ("prime minister", ["head_of_government"])
    assert role_of("Minister of Foreign Affairs of Turkey", titles) == ("foreign minister", ["foreign_minister"])
