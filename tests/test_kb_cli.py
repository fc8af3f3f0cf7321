"""`extractor kb check` and `extractor kb search`: real findings on real files."""
import json

from typer.testing import CliRunner

from extractor.cli.main import app
from extractor.kb import load_kb
from extractor.kb.check import check_files, is_common_word
from extractor.kb.search import search

runner = CliRunner()


def _write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_kb_check_passes_on_the_shipped_files():
    problems, counts = check_files([])
    assert [p for p in problems if p.level == "error"] == []
    assert counts["LEADER"] > 3000 and counts["ORG"] > 500 and counts["STATE"] > 250


def test_kb_check_finds_each_kind_of_error(tmp_path):
    bad = _write(tmp_path / "mine.jsonl", [
        {"id": "ann-example", "canonical": "Ann Example", "label": "LEADER", "state": "ZZZ",
         "roles": [{"role": "president", "of": "ZZZ", "start": "2020-05-01", "end": "2019"}]},
        {"id": "ann-example", "canonical": "Ann Example Two", "label": "LEADER"},
        {"id": "bob-example", "canonical": "Bob Example", "label": "LEADER",
         "roles": [{"role": "minister", "of": "no-such-org", "start": "May 2020"}]},
        {"id": "sale-org", "canonical": "Sale", "label": "ORG"},
    ])
    result = runner.invoke(app, ["kb", "check", str(bad)])
    assert result.exit_code == 1
    out = result.output
    assert "mine.jsonl:1: error: ann-example: term of 'president' ends before it starts" in out
    assert "mine.jsonl:1: error: ann-example: state 'ZZZ' is no known state code" in out
    assert "mine.jsonl:2: error: id 'ann-example' already used at" in out
    assert "mine.jsonl:3: error: record refused" in out and "'May 2020'" in out
    assert "mine.jsonl:4: warning: sale-org: alias 'Sale' is also a common English word" in out


def test_kb_check_of_a_good_user_file_exits_zero(tmp_path):
    good = _write(tmp_path / "ok.jsonl", [{"id": "ann-example", "canonical": "Ann Example", "label": "LEADER",
                                           "state": "TUR", "roles": [{"role": "governor", "of": "TUR", "start": "2020"}]}])
    result = runner.invoke(app, ["kb", "check", str(good)])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


def test_common_words_are_told_from_names():
    assert is_common_word("Sale") and is_common_word("Reading")
    assert not is_common_word("Erdogan") and not is_common_word("Sochi") and not is_common_word("WHO")


def test_kb_search_by_name_case_and_office_on_a_date():
    kb = load_kb()
    assert [h.entry.id for h in search(kb, "Erdogan")] == ["recep-tayyip-erdogan"]
    assert search(kb, "al burhan")[0].entry.id == "abdel-fattah-al-burhan"
    assert search(kb, "al burhan")[0].how == "alias (case-insensitive)"
    assert [h.entry.id for h in search(kb, "the US president", day="2021-06-01")] == ["joe-biden"]
    assert [h.entry.id for h in search(kb, "US president", day="2018-06-01")] == ["donald-trump"]
    assert [h.entry.id for h in search(kb, "prime minister of Japan", day="2016-01-01")] == ["shinzo-abe"]
    assert [h.entry.id for h in search(kb, "Russian president", day="2009-01-01")] == ["dmitry-medvedev"]
    assert [h.entry.id for h in search(kb, "Russian president", day="2013-01-01")] == ["vladimir-putin"]
    assert [h.entry.id for h in search(kb, "German chancellor", day="2023-01-01")] == ["olaf-scholz"]
    assert [h.entry.id for h in search(kb, "Japan's prime minister", day="2021-03-01")] == ["yoshihide-suga"]


def test_kb_search_command_prints_terms_and_says_when_nothing_is_found():
    found = runner.invoke(app, ["kb", "search", "UN secretary-general", "--on", "2010-01-01", "--json"])
    assert found.exit_code == 0, found.output
    record = json.loads(found.output.splitlines()[0])
    assert record["id"] == "ban-ki-moon" and record["found_by"] == "office"
    assert any(r["role"] == "secretary-general" and r["start"].startswith("2007") for r in record["roles"])
    missing = runner.invoke(app, ["kb", "search", "Nobody Atall"])
    assert missing.exit_code == 1 and "nothing in the KB for 'Nobody Atall'" in missing.output
    bad_day = runner.invoke(app, ["kb", "search", "US president", "--on", "2019-02-30"])
    assert bad_day.exit_code == 2
