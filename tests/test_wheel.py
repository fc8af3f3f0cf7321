"""The package as a user installs it: a wheel, in a fresh virtualenv outside the repository."""
import json
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TEXT = "Russian President Vladimir Putin met North Korean leader Kim Jong Un in Vladivostok on Friday."


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A venv whose only `extractor` is the built wheel; the dependencies come from this
    interpreter's site-packages through a .pth line (its .pth files, the editable install's
    among them, are not run)."""
    root = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(root)],
                           capture_output=True, text=True)
    if build.returncode:
        pytest.fail(f"wheel build failed:\n{build.stderr[-2000:]}")
    [wheel] = root.glob("extractor-*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    (site / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    work = root / "elsewhere"
    work.mkdir()
    return python, work


def _run(installed, *args, stdin=None):
    python, work = installed
    return subprocess.run([str(python), *args], cwd=work, input=stdin, capture_output=True, text=True)


def test_wheel_extract_spacy_load_and_the_cli_work_outside_the_repository(installed):
    code = (
        "import extractor, spacy, json\n"
        "from extractor.pipeline import DEFAULT_MODEL\n"
        f"doc = extractor.extract({TEXT!r}, doc_date='2019-04-26')\n"
        "nlp = spacy.load(DEFAULT_MODEL)\n"
        "tables = DEFAULT_MODEL / 'extractor_gazetteer' / 'tables'\n"
        "print(json.dumps({'file': extractor.__file__, 'pipes': nlp.pipe_names,\n"
        "                  'tables': sorted(p.name for p in tables.iterdir()),\n"
        "                  'ents': [(e.text, e.label, e.kb_id) for e in doc.entities],\n"
        "                  'rels': [r.type for r in doc.relations]}))\n")
    result = _run(installed, "-c", code)
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout)
    assert str(REPO) not in out["file"] and "site-packages" in out["file"]
    assert "extractor_relations" in out["pipes"]
    assert out["tables"] == ["by_form.json", "key.json", "patterns.lengths.npy", "patterns.npy"]  # package data
    assert ["Vladimir Putin", "LEADER", "vladimir-putin"] in out["ents"] and "LEADER_OF" in out["rels"]
    cli = _run(installed, "-m", "extractor", "extract", "-", "--doc-date", "2019-04-26", stdin=TEXT)
    assert cli.returncode == 0, cli.stderr[-2000:]
    assert json.loads(cli.stdout)["entities"][0]["text"] == "Russian"
    validate = _run(installed, "-m", "extractor", "schema")
    assert validate.returncode == 0 and '"Document"' in validate.stdout


def test_wheel_train_and_evaluate_on_a_users_annotations(installed):
    python, work = installed
    gold = work / "gold.jsonl"
    gold.write_text((REPO / "tests" / "fixtures" / "gold_small.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    trained = _run(installed, "-m", "extractor", "train", "--annotations", str(gold), "--extra", str(gold),
                   "--no-loo", "--out", str(work / "model"))
    assert trained.returncode == 0, trained.stdout[-2000:] + trained.stderr[-2000:]
    scored = _run(installed, "-m", "extractor", "evaluate", str(gold), "--model", str(work / "model"), "--json")
    assert scored.returncode == 0, scored.stderr[-2000:]
    assert json.loads(scored.stdout)["n_docs"] >= 1
