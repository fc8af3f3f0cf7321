"""The gold validator and `extractor validate`."""
import json

from typer.testing import CliRunner

from extractor.validate import Problem, interval_issue, validate_file, validate_files

GOOD = "tests/fixtures/gold_small.jsonl"
BROKEN = "tests/fixtures/gold_broken.jsonl"


def _doc():
    with open(GOOD, encoding="utf-8") as handle:
        return json.loads(handle.readline())


def _problems(tmp_path, *docs, raw=None):
    path = tmp_path / "gold.jsonl"
    lines = [json.dumps(doc) for doc in docs] if raw is None else raw
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [f"{p.line}: {p.field}: {p.message}" for p in validate_file(path)]


def test_validate_fixture_gold_passes():
    assert validate_files([GOOD]) == []


def test_validate_reports_every_problem_with_file_line_and_field():
    problems = validate_file(BROKEN)
    assert [str(p) for p in problems] == [
        f"{BROKEN}:2: entities[1].start: span [21, 32) cuts 'im Jong Un ' not 'Kim Jong Un'",
        f"{BROKEN}:2: entities[4].label: unknown label 'PLACE' (known: LEADER, STATE, ORG, LOCATION, DATE)",
        f"{BROKEN}:2: relations[3].tail: dangling id 'e99': no entity has it",
    ]
    assert problems[0] == Problem(BROKEN, 2, "entities[1].start", problems[0].message)


def test_validate_duplicate_ids_and_doc_ids(tmp_path):
    doc = _doc()
    doc["entities"][2]["id"] = "e1"
    assert _problems(tmp_path, doc, _doc())[0] == "1: entities[2].id: duplicate id 'e1' (first at entities[0])"
    assert _problems(tmp_path, doc, _doc())[-1].startswith("2: doc_id: duplicate doc_id 'synthetic-1' (first at ")


def test_validate_argument_labels_and_date_attribute(tmp_path):
    doc = _doc()
    doc["relations"][0]["tail"] = "e5"  # LEADER_OF -> Damascus (LOCATION)
    doc["relations"][3]["date"] = "e7"  # a STATE, not a DATE
    assert _problems(tmp_path, doc) == [
        "1: relations[0].tail: LOCATION 'Damascus' (e5) cannot be the tail of LEADER_OF (allowed: ORG, STATE)",
        "1: relations[3].date: STATE 'United States' (e7) cannot be the date of SANCTION (allowed: DATE)",
    ]


def test_validate_date_values_and_doc_date(tmp_path):
    doc = _doc()
    doc["doc_date"] = "2020-13-01"
    doc["entities"][5]["value"] = "1979-12-31/1979-12-01"
    doc["entities"][4]["value"] = "2019"
    assert _problems(tmp_path, doc) == [
        "1: doc_date: '2020-13-01' is not a date YYYY-MM-DD",
        "1: entities[4].value: only DATE entities carry a value, this is a LOCATION",
        "1: entities[5].value: '1979-12-31/1979-12-01' starts after it ends",
    ]


def test_validate_interval_issue():
    assert interval_issue("1979-12-01/1979-12-31") is None
    assert interval_issue("1979-12") == "'1979-12' is not an ISO interval YYYY-MM-DD/YYYY-MM-DD"
    assert interval_issue("2021-02-30/2021-03-01").startswith("'2021-02-30/2021-03-01' holds an impossible date")


def test_validate_schema_fields_and_unknown_type(tmp_path):
    doc = _doc()
    doc["relations"][0]["type"] = "FRIEND_OF"
    doc["relations"][1]["confidence"] = 0.5
    doc["entities"][0]["start"] = "zero"
    del doc["text"]
    assert _problems(tmp_path, doc) == [
        "1: text: Field required",
        "1: entities[0].start: Input should be a valid integer, unable to parse string as an integer",
        "1: relations[1].confidence: Extra inputs are not permitted",
        "1: relations[0].type: unknown relation type 'FRIEND_OF'",
    ]


def test_validate_span_outside_text_evidence_and_mode(tmp_path):
    doc = _doc()
    doc["entities"][0]["end"] = 10_000
    doc["relations"][2]["evidence"] = [50, 20]
    doc["relations"][2]["mode"] = "telepathy"
    problems = _problems(tmp_path, doc)
    assert problems[0] == f"1: entities[0].start: span [0, 10000) is not a non-empty span of the text (length {len(doc['text'])})"
    assert problems[1:] == [
        f"1: relations[2].evidence: [50, 20) is not a non-empty span of the text (length {len(doc['text'])})",
        "1: relations[2].mode: unknown mode 'telepathy' (known: letter, talks, meeting, visit, call)",
    ]


def test_validate_bad_json_lines_do_not_stop_the_file(tmp_path):
    problems = _problems(tmp_path, raw=["{not json", "[1, 2]", json.dumps(_doc())])
    assert problems == [
        "1: json: not valid JSON: Expecting property name enclosed in double quotes at column 2",
        "2: json: a document is a JSON object, not list",
    ]


def test_validate_duplicate_relation(tmp_path):
    doc = _doc()
    doc["relations"].append(dict(doc["relations"][3]))
    assert _problems(tmp_path, doc) == ["1: relations[6]: duplicate of relations[3]"]


def test_validate_cli_exit_codes():
    from extractor.cli.main import app

    runner = CliRunner()
    ok = runner.invoke(app, ["validate", GOOD])
    assert ok.exit_code == 0 and "OK: 2 documents in 1 file(s)" in ok.output
    bad = runner.invoke(app, ["validate", GOOD, BROKEN])
    assert bad.exit_code == 1
    assert "gold_broken.jsonl:2: relations[3].tail: dangling id 'e99'" in bad.output
    assert "FAILED: 5 problem(s) in 2 file(s)" in bad.output
    missing = runner.invoke(app, ["validate", "no/such/file.jsonl"])
    assert missing.exit_code == 1 and "no/such/file.jsonl:0: file: cannot read" in missing.output


def test_validate_catches_overlapping_entity_spans(tmp_path):
    doc = _doc()
    first = doc["entities"][0]
    doc["entities"].append({**first, "id": "e99", "end": first["end"] - 1, "text": first["text"][:-1]})
    assert _problems(tmp_path, doc) == [
        f"1: entities[{len(doc['entities']) - 1}].start: span [{first['start']}, {first['end'] - 1}) overlaps "
        f"entities[0] {first['text']!r} [{first['start']}, {first['end']})"]


def test_validate_kind_output_checks_batch_output(tmp_path):
    from extractor.cli.main import app

    gold = _doc()
    output = {k: v for k, v in gold.items() if k != "text"}
    output["relations"] = [{**rel, "confidence": 0.9} for rel in output["relations"]]
    output.update(doc_date_source="given", references=[], source="a.txt", notes=[])
    path = tmp_path / "out.jsonl"
    path.write_text(json.dumps(output) + "\n", encoding="utf-8")
    runner = CliRunner()
    ok = runner.invoke(app, ["validate", "--kind", "output", str(path)])
    assert ok.exit_code == 0, ok.output
    as_gold = runner.invoke(app, ["validate", str(path)])
    assert as_gold.exit_code == 1 and "hint: a document without text is batch output" in as_gold.output
    output["entities"][1].update(start=output["entities"][0]["start"])
    path.write_text(json.dumps(output) + "\n", encoding="utf-8")
    assert "overlaps entities[0]" in " ".join(str(p) for p in validate_files([path], kind="output"))
    del output["relations"][0]["confidence"]
    path.write_text(json.dumps(output) + "\n", encoding="utf-8")
    assert "relations[0].confidence: Field required" in [f"{p.field}: {p.message}" for p in validate_files([path], "output")]
