"""Input reading for batch runs: encodings, HTML, JSONL, directories, stdin, limits."""
import io

from extractor.io.html import html_to_text
from extractor.io.decoding import decode_bytes
from extractor.io.readers import ReadOptions, normalise_date, read_inputs, read_stdin


def _read(*paths, **options):
    return list(read_inputs([str(p) for p in paths], ReadOptions(**options)))


def test_readers_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffSyria and Russia".encode("utf-8"))
    (record,) = _read(path)
    assert record.text == "Syria and Russia"
    assert record.error is None and record.notes == []
    assert record.doc_id == "bom"


def test_readers_crlf_is_kept_so_offsets_index_the_file_text(tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes(b"Line one.\r\n\r\nLine two.\r\n")
    (record,) = _read(path)
    assert record.text == "Line one.\r\n\r\nLine two.\r\n"


def test_readers_latin1_falls_back_with_a_note(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\u00e9 in Damascus \u2013 \u201cquoted\u201d".encode("cp1252"))
    (record,) = _read(path)
    assert record.text == "Caf\u00e9 in Damascus \u2013 \u201cquoted\u201d"
    assert record.error is None
    assert "decoded as cp1252" in record.notes[0]


def test_readers_bytes_undefined_in_cp1252_fall_back_to_latin1():
    text, notes = decode_bytes(b"abc \x81\x8d def")
    assert text == "abc \x81\x8d def"
    assert "latin-1" in notes[0]


def test_readers_utf16_with_bom_is_decoded():
    text, notes = decode_bytes("Kim Jong Un".encode("utf-16"))
    assert text == "Kim Jong Un"
    assert "UTF-16" in notes[0]


def test_readers_binary_file_is_refused(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (record,) = _read(path)
    assert record.text is None
    assert record.error.startswith(f"{path}: binary data")


def test_readers_control_heavy_bytes_are_refused_as_binary():
    try:
        decode_bytes(bytes(range(1, 9)) * 20 + b"text")
    except ValueError as err:
        assert "binary" in str(err)
    else:
        raise AssertionError("control bytes were accepted as text")


def test_readers_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 101)
    (record,) = _read(path, max_bytes=100)
    assert record.error.endswith("over the size budget of 100 bytes (file of 101 bytes)")
    (ok,) = _read(path, max_bytes=101)
    assert ok.error is None


def test_readers_empty_file_gives_an_empty_text(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    (record,) = _read(path)
    assert record.text == "" and record.error is None


def test_readers_missing_file_is_an_error_record(tmp_path):
    (record,) = _read(tmp_path / "nope.txt")
    assert record.doc_id == "nope"
    assert "cannot read" in record.error and "nope.txt" in record.error


def test_readers_html_text_is_extracted_with_a_note(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Talks</title><script>var a = '<p>x</p>';</script>"
        "<style>p {color: red}</style></head><body><h1>Kim meets Assad</h1>"
        "<p>North   Korea &amp; Syria\n held talks.</p><ul><li>one</li><li>two</li></ul></body></html>",
        encoding="utf-8",
    )
    (record,) = _read(path)
    assert record.text == "Talks\n\nKim meets Assad\n\nNorth Korea & Syria held talks.\n\none\ntwo"
    assert any("extracted from the HTML" in note for note in record.notes)


def test_readers_html_survives_broken_markup():
    assert html_to_text("<p>open <b>bold <p>next &bogus; </div></span>") == "open bold\n\nnext &bogus;"


def test_readers_jsonl_records_with_configured_fields(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"uid": 7, "body": "Kim met Assad.", "published": "2019-06-21T08:00:00Z"}\n'
        "\n"
        '{"uid": "b", "body": "Second.", "published": "21/06/2019"}\n',
        encoding="utf-8",
    )
    records = _read(path, id_field="uid", text_field="body", date_field="published")
    assert [(r.doc_id, r.text, r.doc_date) for r in records] == [
        ("7", "Kim met Assad.", "2019-06-21"), ("b", "Second.", None),
    ]
    assert [r.source for r in records] == [f"{path}:1", f"{path}:3"]
    assert "not a YYYY-MM-DD date" in records[1].notes[0]


def test_readers_jsonl_broken_lines_become_errors_naming_file_and_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"id": "a", "text": "ok"}\n{"id": "b", "text": \n[1, 2]\n{"id": "d"}\n{"text": "no id"}\n',
        encoding="utf-8",
    )
    records = _read(path)
    assert [r.doc_id for r in records] == ["a", "feed:2", "feed:3", "d", "feed:5"]
    assert records[0].error is None and records[4].error is None
    assert records[1].error == f"{path}:2: broken JSON line: Expecting value at column 21"
    assert records[2].error.startswith(f"{path}:3: a JSON object is needed")
    assert records[3].error == f"{path}:4: field 'text' must be a string, is missing"


def test_readers_jsonl_line_over_the_limit_is_skipped_and_reading_goes_on(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "a", "text": "' + "x" * 500 + '"}\n{"id": "b", "text": "short"}\n')
    records = _read(path, max_bytes=100)
    assert "line too long" in records[0].error and records[0].source == f"{path}:1"
    assert (records[1].doc_id, records[1].text) == ("b", "short")


def test_readers_jsonl_latin1_line_is_decoded_with_a_note(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes('{"id": "a", "text": "Caf\u00e9"}\n'.encode("latin-1"))
    (record,) = _read(path)
    assert record.text == "Caf\u00e9" and "cp1252" in record.notes[0]


def test_readers_directory_is_walked_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "two.txt").write_text("two")
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / "notes.md").write_text("skip me")
    (tmp_path / ".hidden.txt").write_text("hidden")
    (tmp_path / ".git" / "x.txt").write_text("hidden")
    records = _read(tmp_path, glob="*.txt")
    assert [(r.doc_id, r.text) for r in records] == [("a.txt", "one"), ("b/two.txt", "two")]
    assert len(_read(tmp_path, glob="*")) == 3


def test_readers_directory_default_reads_articles_not_notes(tmp_path):
    for name in ("a.txt", "a.html", "b.htm", "c.jsonl", "notes.md", "data.csv"):
        (tmp_path / name).write_text('{"id": "c1", "text": "x"}' if name.endswith("jsonl") else "text")
    records = _read(tmp_path)
    assert [r.doc_id for r in records] == ["a.html", "a.txt", "b.htm", "c1"]
    assert not any("duplicate" in note for r in records for note in r.notes)


def test_readers_duplicate_ids_get_a_note_naming_the_first(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"id": "a", "text": "one"}\n{"id": "b", "text": "two"}\n{"id": "a", "text": "three"}\n')
    records = _read(path)
    assert [r.notes for r in records[:2]] == [[], []]
    assert records[2].notes == [f"duplicate id 'a' (first at {path}:1)"]


def test_readers_stdin_jsonl_is_streamed_by_line():
    data = b'  {"id": "x", "text": "one"}\n{"id": "y", "text": "two"}\nnot json\n'
    records = list(read_stdin(ReadOptions(max_bytes=40), io.BytesIO(data)))
    assert [(r.doc_id, r.text) for r in records[:2]] == [("x", "one"), ("y", "two")]
    assert records[2].error.startswith("<stdin>:3: broken JSON line")


def test_readers_stdin_plain_text_is_one_document():
    (record,) = read_stdin(ReadOptions(), io.BytesIO("Syria\u2019s Assad".encode("utf-8")))
    assert (record.doc_id, record.text, record.error) == ("stdin", "Syria\u2019s Assad", None)
    (big,) = read_stdin(ReadOptions(max_bytes=4), io.BytesIO(b"too long"))
    assert "too large" in big.error


def test_readers_jsonl_lone_surrogates_are_replaced_one_for_one(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "a", "text": "Kim \\ud800 met Assad"}\n', encoding="utf-8")
    (record,) = _read(path)
    assert record.text == "Kim \ufffd met Assad"
    assert "1 lone surrogate" in record.notes[0]


def test_readers_dates_are_checked_as_calendar_dates():
    assert normalise_date("2019-06-23T10:00:00+09:00") == ("2019-06-23", [])
    assert normalise_date(None) == (None, [])
    for bad in ("2019-13-45", "June 2019", 20190623):
        value, notes = normalise_date(bad)
        assert value is None and "ignored" in notes[0]
