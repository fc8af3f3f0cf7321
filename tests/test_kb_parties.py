"""Political parties in the packaged KB: found in news sentences as ORG with their state."""
import pytest

from extractor import extract
from extractor.kb import load_kb

SENTENCES = (
    "Zourabichvili accused the ruling Georgian Dream party of betraying the country. "
    "Her Awami League party, which Yunus's government has accused of inciting violence, called it politically motivated. "
    "Modi's BJP lost seats to the Congress party in Karnataka. "
    "Orban's Fidesz trails Peter Magyar's Tisza in the polls. "
    "The ANC lost its majority, and Likud rejected the proposal."
)


@pytest.fixture(scope="module")
def doc():
    return extract(SENTENCES, doc_date="2025-06-01")


@pytest.mark.parametrize("mention,kb_id,state", [
    ("Georgian Dream", "georgian-dream", "GEO"),
    ("Awami League", "awami-league", "BGD"),
    ("BJP", "bjp", "IND"),
    ("Congress party", "inc", "IND"),
    ("Fidesz", "fidesz", "HUN"),
    ("Tisza", "tisza-party", "HUN"),
    ("ANC", "anc", "ZAF"),
    ("Likud", "likud", "ISR"),
])
def test_kb_party_is_an_org_linked_to_its_state(doc, mention, kb_id, state):
    hits = [e for e in doc.entities if e.text == mention]
    assert [(e.label, e.kb_id, e.state) for e in hits] == [("ORG", kb_id, state)]


def test_kb_party_span_leaves_a_trailing_lower_case_party_out(doc):
    assert not any(e.text == "Georgian Dream party" for e in doc.entities)
    assert not any(e.text == "Georgian" for e in doc.entities)  # the longer name wins over the demonym


@pytest.mark.parametrize("sentence,left_out", [
    ("Thailand's PP and Brazil's PT met the DA in Pretoria.", ("PP", "PT", "DA")),
    ("The PPP and the TPP were debated.", ("PPP", "TPP")),
    ("Labour shortages hit farms, Democrats and Republicans said.", ("Labour", "Democrats", "Republicans")),
])
def test_kb_ambiguous_party_names_are_not_aliases(sentence, left_out):
    found = {e.text for e in extract(sentence).entities}
    assert not found & set(left_out)


def test_kb_bare_congress_stays_the_us_congress():
    congress = [e for e in extract("Congress passed the bill.").entities if e.text == "Congress"]
    assert [e.kb_id for e in congress] == ["us-congress"]


def test_kb_parties_have_states_and_unique_aliases_per_party():
    kb = load_kb()
    parties = [e for e in kb.entries.values() if e.kind == "party"]
    assert len(parties) >= 300
    assert all(e.label == "ORG" and e.state for e in parties)
    assert kb.lookup("PTI").id == "pti" and kb.lookup("AAP").id == "aap"  # Australian Associated Press keeps AAP
