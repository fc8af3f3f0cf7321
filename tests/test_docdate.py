"""A document date for every batch document: given, from HTML metadata, a dateline or the file name."""
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli.main import app
from extractor.io.docdate import from_dateline, from_file_name, from_html, infer_doc_date
from extractor.io.readers import ReadOptions, read_inputs


@pytest.mark.parametrize("text,year,expected", [
    ("BEIRUT, June 21, 2019 (Reuters) - Lebanon's president said ...", None, "2019-06-21"),
    ("BEIRUT, June 21 (Reuters) - Lebanon's president said ...", 2019, "2019-06-21"),
    ("BEIRUT, June 21 (Reuters) - Lebanon's president said ...", None, None),
    ("SEOUL, South Korea, Nov. 3, 2024 (AP) — North Korea fired ...", None, "2024-11-03"),
    ("Posted on Friday, June 21, 2019\n\nThe delegation ...", None, "2019-06-21"),
    ("Published: 12 June 2025\nTalks ...", None, "2025-06-12"),
    ("NAIROBI, Kenya, March 3, 2024 (Reuters) - Kenya ...", None, "2024-03-03"),
    ("Iran Hosts IAEA Chief\n\nIranian Foreign Minister met Grossi on June 21, 2019.", None, None),
    ("WASHINGTON, Feb. 30, 2024 (AP) - A day that is none.", None, None),
])
def test_docdate_dateline(text, year, expected):
    assert from_dateline(text, year) == expected


@pytest.mark.parametrize("html,expected", [
    ('<head><meta property="article:published_time" content="2023-05-02T09:14:00Z"></head>', "2023-05-02"),
    ("<meta content='2021-08-25' name='pubdate'>", "2021-08-25"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-11-16T08:00:00+00:00"}</script>', "2024-11-16"),
    ('<article><time datetime="2022-03-14">14 March</time></article>', "2022-03-14"),
    ('<meta name="description" content="2019-06-21 was a Friday">', None),
])
def test_docdate_html_metadata(html, expected):
    assert from_html(html) == expected


@pytest.mark.parametrize("name,expected", [
    ("2019-06-21-talks.txt", "2019-06-21"), ("talks_20190621.html", "2019-06-21"),
    ("reuters_2019_06_21.txt", "2019-06-21"), ("talks-2019-13-45.txt", None), ("resolution-2231.txt", None),
])
def test_docdate_file_name(name, expected):
    assert from_file_name(name) == expected


def test_docdate_trust_order_metadata_then_dateline_then_file_name():
    text = "BEIRUT, June 21 (Reuters) - ..."
    assert infer_doc_date(text, '<meta property="article:published_time" content="2019-06-22">', "2019-01-01.html") \
        == ("2019-06-22", "metadata")
    assert infer_doc_date(text, None, "lebanon-2019-06-30.txt") == ("2019-06-21", "dateline")
    assert infer_doc_date("No dateline here.", None, "lebanon-2019-06-30.txt") == ("2019-06-30", "filename")
    assert infer_doc_date("No dateline here.", None, "lebanon.txt") is None


def _write(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "wire.txt").write_text("BEIRUT, June 21, 2019 (Reuters) - Syria held talks with Russia on Friday.\n")
    (folder / "page.html").write_text('<html><head><meta property="article:published_time" content="2024-11-16">'
                                      "</head><body><p>Iran met the IAEA on Thursday.</p></body></html>")
    (folder / "2023-05-02-sudan.txt").write_text("On Tuesday, the army agreed to a truce.")
    (folder / "undated.txt").write_text("Syria met Russia on Friday.")
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"doc_id": "g1", "doc_date": "2020-01-02", "text": "Kim met Putin on Friday."},
        {"id": "b1", "date": "2019-02-30", "text": "Kim met Putin."},
        {"text": "No id here."}]) + "\n")
    return folder


def test_docdate_batch_gives_each_document_its_date_and_source(tmp_path):
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["batch", str(_write(tmp_path)), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    docs = {d["doc_id"]: d for d in map(json.loads, out.read_text().splitlines())}
    assert {k: (d["doc_date"], d["doc_date_source"]) for k, d in docs.items()} == {
        "wire.txt": ("2019-06-21", "dateline"), "page.html": ("2024-11-16", "metadata"),
        "2023-05-02-sudan.txt": ("2023-05-02", "filename"), "undated.txt": (None, None),
        "g1": ("2020-01-02", "given"), "b1": (None, None), "feed:3": (None, None)}
    sudan = docs["2023-05-02-sudan.txt"]
    assert [e["value"] for e in sudan["entities"] if e["label"] == "DATE"] == ["2023-05-02/2023-05-02"]


def test_docdate_batch_doc_date_option_overrides_and_is_checked(tmp_path):
    out = tmp_path / "out.jsonl"
    folder = _write(tmp_path)
    result = CliRunner().invoke(app, ["batch", str(folder), "-o", str(out), "-q", "--doc-date", "2025-01-01"])
    assert result.exit_code == 0, result.output
    assert {(d["doc_date"], d["doc_date_source"]) for d in map(json.loads, out.read_text().splitlines())} == {
        ("2025-01-01", "given")}
    bad = CliRunner().invoke(app, ["batch", str(folder), "-o", str(out), "-q", "--doc-date", "2019-02-30"])
    assert bad.exit_code == 2 and "2019-02-30 is not a calendar date" in bad.output


def test_docdate_jsonl_notes_say_what_was_wrong(tmp_path):
    records = list(read_inputs([str(_write(tmp_path) / "feed.jsonl")], ReadOptions()))
    assert records[1].notes == ["date: 2019-02-30 is not a calendar date; ignored"]
    assert records[2].notes == ["no 'id' or 'doc_id' field: id feed:3"]
    (tmp_path / "x.jsonl").write_text(json.dumps({"id": "x", "date": "2019-06-23garbage", "text": "t"}) + "\n")
    [record] = read_inputs([str(tmp_path / "x.jsonl")], ReadOptions())
    assert record.doc_date is None and "is not a YYYY-MM-DD date" in record.notes[0]
