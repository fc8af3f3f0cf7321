"""The shipped model on the two source articles (their texts come from the gold files)."""
from pathlib import Path
import pytest

from extractor.api import extract
from extractor.gold import read_gold
from extractor.pipeline import DEFAULT_MODEL, load

REPO_ROOT = Path(__file__).resolve().parents[1]

GOLD = REPO_ROOT / "annotations" / "gold"
pytestmark = pytest.mark.skipif(not DEFAULT_MODEL.exists() or not GOLD.exists(), reason="needs models/ and gold")


def found(doc_id: str) -> dict:
    """(type, head canonical-or-kb, tail canonical-or-kb, negated) -> (date text, mode, role)."""
    gold = next(g for path in sorted(GOLD.glob("*.jsonl")) for g in read_gold(path) if g.doc_id == doc_id)
    document = extract(gold.text, doc_id=gold.doc_id, doc_date=gold.doc_date, nlp=load())
    ents = {e.id: e for e in document.entities}
    key = lambda e: e.kb_id if e.label == "STATE" else e.canonical
    out = {}
    for r in document.relations:
        out.setdefault((r.type, key(ents[r.head]), key(ents[r.tail]), r.negated),
                       (ents[r.date].text if r.date else None, r.mode, r.role))
    return out


@pytest.fixture(scope="module")
def talks():
    return found("nk-russia-syria-talks-2019")


@pytest.fixture(scope="module")
def pen_pals():
    return found("nk-syria-pen-pals-2021")


def test_relations_articles_leader_and_official_of(talks, pen_pals):
    for rel in [("LEADER_OF", "Vladimir Putin", "RUS"), ("LEADER_OF", "Kim Jong Un", "PRK"),
                ("LEADER_OF", "Bashar al-Assad", "SYR"), ("OFFICIAL_OF", "Walid Muallem", "SYR"),
                ("OFFICIAL_OF", "Im Chon Il", "PRK")]:
        assert rel + (False,) in talks, rel
    for rel in [("LEADER_OF", "Bashar al-Assad", "SYR"), ("LEADER_OF", "Kim Jong Un", "PRK"),
                ("LEADER_OF", "Kim Jong Il", "PRK"), ("LEADER_OF", "Kim Il-sung", "PRK")]:
        assert rel + (False,) in pen_pals, rel
    assert talks[("OFFICIAL_OF", "Im Chon Il", "PRK", False)][2] == "vice foreign minister"
    assert pen_pals[("LEADER_OF", "Kim Il-sung", "PRK", False)][2] == "founder"


def test_relations_articles_kim_assad_letters_in_the_first_half_of_2021(pen_pals):
    consult = [v for (t, h, tl, _), v in pen_pals.items()
               if t == "CONSULT" and {h, tl} == {"Kim Jong Un", "Bashar al-Assad"}]
    assert ("the first half of 2021", "letter", None) in consult


def test_relations_articles_talks_in_pyongyang_and_moscow(talks):
    assert talks[("CONSULT", "Walid Muallem", "PRK", False)][0] == "Friday"
    assert talks[("CONSULT", "PRK", "RUS", False)][1] == "talks"
    assert talks[("CONSULT", "PRK", "SYR", False)][0] == "this weekend"


def test_relations_articles_sanctions_aid_accuse_and_the_denial(pen_pals):
    assert pen_pals[("SANCTION", "UN Security Council", "PRK", False)][0] == "2016"
    assert pen_pals[("SANCTION", "USA", "SYR", False)][0] == "December 1979"
    assert ("SANCTION", "USA", "PRK", False) in pen_pals
    assert ("SANCTION", "European Council", "SYR", False) in pen_pals
    assert ("AID", "PRK", "SYR", False) in pen_pals
    assert ("AID", "PRK", "SYR", True) in pen_pals
    opcw = [v for (t, h, tl, n), v in pen_pals.items() if t == "ACCUSE" and "Chemical Weapons" in h and tl == "SYR"]
    assert opcw and opcw[0][0] == "2019"
    assert ("ACCUSE", "United Nations", "PRK", False) in pen_pals
    assert ("ACCUSE", "USA", "Bashar al-Assad", False) in pen_pals
