"""The HTML report: entities, relations, actor graph and timeline, self-contained; the CLI."""
import json
import re
import shutil
import struct
import subprocess
import zlib
from html import escape
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from extractor.api import extract
from extractor.batch import process_records
from extractor.cli.main import app
from extractor.events import quad_classes
from extractor.io.readers import read_inputs
from extractor.report_html import actor_key, graph_of, render_report

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "annotations" / "articles" / "articles.jsonl"
GOLD = sorted((ROOT / "annotations" / "gold").glob("*.jsonl"))
SANCTIONS = "The US imposed new sanctions on Pyongyang last year."
BROWSER = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


@pytest.fixture(scope="module")
def articles():
    return [(document, record.text) for record, document in process_records(read_inputs([str(ARTICLES)]))]


@pytest.fixture(scope="module")
def report(articles):
    return render_report(articles)


def _svgs(html):
    return re.findall(r"<svg\b.*?</svg>", html, flags=re.S)


def test_show_report_holds_every_entity_with_its_kb_link(articles, report):
    marks = re.findall(r'<mark class="entity" title="([^"]*)"', report)
    assert len(marks) == sum(len(document.entities) for document, _ in articles)
    for document, _ in articles:
        for ent in (e for e in document.entities if e.kb_id):
            assert f'href="#kb-{escape(ent.kb_id)}"' in report
            assert f'<tr id="kb-{escape(ent.kb_id)}">' in report
    assert 'title="Vladimir Putin | vladimir-putin | RUS"' in report


def test_show_report_lists_every_relation_under_its_sentence(articles, report):
    items = re.findall(r'<li data-type="([A-Z_]+)"', report)
    assert sorted(items) == sorted(r.type for document, _ in articles for r in document.relations)
    putin = re.search(r'<li data-type="LEADER_OF" data-actors="vladimir putin\|russia">(.*?)</li>', report, re.S)
    assert "role president" in putin.group(1) and '<mark class="arg">Vladimir Putin</mark>' in putin.group(1)


def test_show_report_svg_is_valid_with_one_edge_per_pair_and_type(articles, report):
    svgs = _svgs(report)
    assert len(svgs) == 1 + 1 + len(articles)  # the corpus graph, the timeline, one per document
    for svg in svgs:
        ElementTree.fromstring(svg)  # well-formed
    nodes, edges = graph_of(document for document, _ in articles)
    corpus = svgs[0]
    assert corpus.count('class="edge"') == len(edges) > 20
    assert corpus.count('class="node"') == len(nodes)
    colour = quad_classes()["material_conflict"]["colour"]
    assert re.search(rf'stroke="{colour}"[^>]*data-type="SANCTION"', corpus)
    [timeline] = [svg for svg in svgs if svg.startswith('<svg class="timeline"')]
    dated = [r for d, _ in articles for r in d.relations if r.date and d.entity(r.date).value]
    assert timeline.count('class="event"') == len(dated) > 5


def test_show_report_needs_no_network(report):
    assert not re.search(r"https?://", report)
    assert "<link" not in report and not re.search(r"<script[^>]*\bsrc=", report)
    assert not re.search(r'\b(?:src|href)="(?!#)', report)


def test_show_known_text_has_its_marks_edge_and_timeline():
    document = extract(SANCTIONS, doc_id="s", doc_date="2019-06-23")
    html = render_report([(document, SANCTIONS)])
    assert re.search(r'<mark class="entity" title="United States \| USA \| USA".*?US', html, re.S)
    assert 'href="#kb-PRK"' in html
    rel = next(r for r in document.relations if r.type == "SANCTION")
    assert (actor_key(document.entity(rel.head)), actor_key(document.entity(rel.tail))) == ("USA", "PRK")
    assert html.count('data-type="SANCTION"') == 1 + 2 + 1 + 1  # li, two graphs' edges, timeline bar and row
    assert "2018-01-01/2018-12-31 SANCTION: United States -&gt; North Korea (s)" in html


def test_show_error_document_is_shown_with_its_reason():
    from extractor.schema import Document

    html = render_report([(Document(doc_id="x", error="x.txt: cannot read"), "")])
    assert '<p class="error">x.txt: cannot read</p>' in html


def test_show_cli_reads_texts_output_and_gold(tmp_path):
    out = tmp_path / "out.jsonl"
    (tmp_path / "a.txt").write_text(SANCTIONS, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["batch", str(tmp_path / "a.txt"), "-o", str(out), "-q", "--doc-date", "2019-06-23"])
    assert result.exit_code == 0, result.output
    missing = runner.invoke(app, ["show", str(out), "-o", str(tmp_path / "r.html")])
    assert missing.exit_code == 2 and "has no text: pass the batch's inputs with --texts" in missing.output
    for args in ([str(out), "--texts", str(tmp_path / "a.txt")], [str(tmp_path / "a.txt")], [str(p) for p in GOLD]):
        result = runner.invoke(app, ["show", *args, "-o", str(tmp_path / "r.html")])
        assert result.exit_code == 0, result.output
        html = (tmp_path / "r.html").read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>") and 'class="edge"' in html


def test_show_extract_format_html_writes_the_same_page(tmp_path):
    (tmp_path / "a.txt").write_text(SANCTIONS, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), "--doc-date", "2019-06-23", "--format", "html"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>") and 'data-type="SANCTION"' in result.stdout


def _png_ink(path: Path) -> float:
    """The share of pixels that are not near-white in an 8-bit RGB(A) PNG (stdlib only)."""
    data = path.read_bytes()
    chunks, at = {}, 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        chunks.setdefault(kind, []).append(data[at + 8:at + 8 + length])
        at += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][0][:10])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    channels = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(b"".join(chunks[b"IDAT"])), width * channels
    previous, ink = bytearray(stride), 0
    for row in range(height):
        kind, line = raw[row * (stride + 1)], bytearray(raw[row * (stride + 1) + 1:(row + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            guess = left + up - corner
            paeth = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))[2]
            line[i] = (line[i] + (0, left, up, (left + up) // 2, paeth)[kind]) & 0xFF
        ink += sum(1 for x in range(0, stride, channels) if min(line[x:x + 3]) < 200)
        previous = line
    return ink / (width * height)


def _chromium(page: Path, shot: Path) -> str:
    done = subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--enable-logging=stderr", "--v=0", "--window-size=800,600",
                           f"--screenshot={shot}", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert shot.exists(), done.stderr[-2000:]
    return done.stderr


@pytest.mark.skipif(BROWSER is None, reason="no Chromium on PATH (Debian package 'chromium'; .ci/run installs it)")
def test_show_report_renders_in_headless_chromium_without_console_errors(report, tmp_path):
    page, shot = tmp_path / "report.html", tmp_path / "report.png"
    page.write_text(report, encoding="utf-8")
    log = _chromium(page, shot)
    assert not re.findall(r"CONSOLE.*", log), log
    assert 0.03 < _png_ink(shot) < 0.9
    broken = tmp_path / "broken.html"  # the check sees a script error and a blank page
    broken.write_text("<html><body><script>undefinedThing();</script></body></html>", encoding="utf-8")
    log = _chromium(broken, tmp_path / "broken.png")
    assert "Uncaught ReferenceError" in log and _png_ink(tmp_path / "broken.png") < 0.001
