"""The whole pipeline on new paragraphs about other states (texts written for these tests)."""
import pytest

from extractor.api import extract
from extractor.pipeline import DEFAULT_MODEL, build_pipeline, load
from extractor.train import relation_pipe

IRAN_RUSSIA = (
    "Iranian President Ebrahim Raisi held talks with Russian President Vladimir Putin in Moscow on Tuesday. "
    "Russia has supplied drones to Iran, and the United States imposed new sanctions on Iran in March 2023. "
    "China and the United Nations signed a cooperation agreement in Beijing. "
    "Chinese Foreign Minister Wang Yi accused Washington of interference."
)
CHINA_UN = (
    "Chinese President Xi Jinping sent a letter to UN Secretary-General Antonio Guterres on Monday. "
    "Beijing did not send troops to Myanmar, the foreign ministry said. "
    "Japan blamed China for the cyberattack, and the European Union imposed sanctions on Belarus in 2021."
)


@pytest.fixture(scope="module")
def rules_nlp():
    nlp = build_pipeline()
    relation_pipe(nlp)
    return nlp


def triples(document) -> dict:
    """(type, head text, tail text) -> (date text, negated, role, mode)."""
    ents = {e.id: e for e in document.entities}
    return {
        (r.type, ents[r.head].text, ents[r.tail].text):
        (ents[r.date].text if r.date else None, r.negated, r.role, r.mode)
        for r in document.relations
    }


def check_iran_russia(found: dict) -> None:
    assert found[("LEADER_OF", "Ebrahim Raisi", "Iranian")][2] == "president"
    assert found[("LEADER_OF", "Vladimir Putin", "Russian")][2] == "president"
    assert found[("OFFICIAL_OF", "Wang Yi", "Chinese")][2] == "foreign minister"
    assert found[("CONSULT", "Ebrahim Raisi", "Vladimir Putin")] == ("Tuesday", False, None, "talks")
    assert found[("AID", "Russia", "Iran")] == (None, False, None, None)
    assert found[("SANCTION", "United States", "Iran")][0] == "March 2023"
    assert ("AGREE", "China", "United Nations") in found
    assert ("ACCUSE", "Wang Yi", "Washington") in found
    assert ("AID", "Russia", "United States") not in found
    assert not any(t == "LEADER_OF" and h == "Vladimir Putin" and tail != "Russian" for t, h, tail in found)


def check_china_un(found: dict) -> None:
    assert found[("LEADER_OF", "Antonio Guterres", "UN")][2] == "secretary general"
    assert found[("CONSULT", "Xi Jinping", "Antonio Guterres")] == ("Monday", False, None, "letter")
    assert found[("AID", "Beijing", "Myanmar")][1] is True
    assert ("ACCUSE", "Japan", "China") in found
    assert found[("SANCTION", "European Union", "Belarus")][0] == "2021"
    assert ("SANCTION", "European Union", "China") not in found


def test_relations_other_states_iran_russia_with_rules(rules_nlp):
    check_iran_russia(triples(extract(IRAN_RUSSIA, nlp=rules_nlp)))


def test_relations_other_states_china_un_with_rules(rules_nlp):
    check_china_un(triples(extract(CHINA_UN, nlp=rules_nlp)))


@pytest.mark.skipif(not DEFAULT_MODEL.exists(), reason="no shipped model yet (run extractor train)")
def test_relations_other_states_with_the_shipped_model():
    nlp = load()
    assert "extractor_relations" in nlp.pipe_names
    check_iran_russia(triples(extract(IRAN_RUSSIA, nlp=nlp)))
    check_china_un(triples(extract(CHINA_UN, nlp=nlp)))


def test_an_armed_group_and_the_state_it_fights_are_two_sides(rules_nlp):
    found = triples(extract("The PKK attacked Turkish troops. Hezbollah fired rockets at Israel, and Lebanon "
                            "condemned Hezbollah. The Kremlin accused Russia of nothing.", nlp=rules_nlp))
    assert ("ASSAULT", "PKK", "Turkish") in found
    assert ("ACCUSE", "Lebanon", "Hezbollah") in found
    assert ("ACCUSE", "Israel", "Hezbollah") not in found  # "at Israel, and Lebanon" is no list of two
    assert not any(h == "Kremlin" for _, h, _ in found)  # a government body and its own state are one side


def test_a_verb_pattern_after_an_article_is_a_noun_and_its_subject_is_the_verbs(rules_nlp):
    found = triples(extract("Russia, China and Iran condemned the strikes on Syria.", nlp=rules_nlp))
    assert not any(t == "ASSAULT" for t, _, _ in found)


def test_a_party_and_its_own_state_are_two_sides(rules_nlp):
    found = triples(extract("Bangladesh banned the Awami League in May.", nlp=rules_nlp))
    assert ("COERCE", "Bangladesh", "Awami League") in found
