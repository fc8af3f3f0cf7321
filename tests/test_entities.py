"""The entity pipeline on the source articles and on text it was not written for."""
from pathlib import Path

import pytest

from extractor import extract
from extractor.gold import read_gold

GOLD = Path(__file__).resolve().parents[1] / "annotations" / "gold"
TALKS = "nk-russia-syria-talks-2019"
PEN_PALS = "nk-syria-pen-pals-2021"


def _article(name: str) -> str:
    """The article text, byte for byte, as the gold file keeps it."""
    return read_gold(GOLD / f"{name}.jsonl")[0].text


@pytest.fixture(scope="module")
def talks():
    text = _article(TALKS)
    return text, extract(text, doc_id=TALKS, doc_date="2019-06-23")


@pytest.fixture(scope="module")
def pen_pals():
    text = _article(PEN_PALS)
    return text, extract(text, doc_id=PEN_PALS)


def _found(doc, text, label):
    return [e for e in doc.entities if e.text == text and e.label == label]


def _check(article, expected):
    text, doc = article
    for mention, label, canonical, kb_id in expected:
        hits = _found(doc, mention, label)
        assert hits, f"{mention!r} not found as {label}"
        for ent in hits:
            assert text[ent.start:ent.end] == mention
            assert (ent.canonical, ent.kb_id) == (canonical, kb_id), mention


def test_entities_talks_article_leaders_states_orgs(talks):
    _check(talks, [
        ("Kim Jong Un", "LEADER", "Kim Jong Un", "kim-jong-un"),
        ("Kim Jong-un", "LEADER", "Kim Jong Un", "kim-jong-un"),
        ("Vladimir Putin", "LEADER", "Vladimir Putin", "vladimir-putin"),
        ("Donald Trump", "LEADER", "Donald Trump", "donald-trump"),
        ("Walid Muallem", "LEADER", "Walid Muallem", "walid-muallem"),
        ("Walid al–Moallem", "LEADER", "Walid Muallem", "walid-muallem"),
        ("Im Chon Il", "LEADER", "Im Chon Il", "im-chon-il"),
        ("Bashar al-Assad", "LEADER", "Bashar al-Assad", "bashar-al-assad"),
        ("North Korea", "STATE", "North Korea", "PRK"),
        ("DPRK", "STATE", "North Korea", "PRK"),
        ("North Korean", "STATE", "North Korea", "PRK"),
        ("Russian", "STATE", "Russia", "RUS"),
        ("Russia", "STATE", "Russia", "RUS"),
        ("Syria", "STATE", "Syria", "SYR"),
        ("Syrian", "STATE", "Syria", "SYR"),
        ("United States", "STATE", "United States", "USA"),
        ("U.S.", "STATE", "United States", "USA"),
        ("Soviet Union", "STATE", "Soviet Union", "SUHH"),
        ("Korean Central News Agency", "ORG", "Korean Central News Agency", "kcna"),
        ("Middle East", "LOCATION", "Middle East", "middle-east"),
        ("Korean peninsula", "LOCATION", "Korean peninsula", "korean-peninsula"),
    ])


def test_entities_pen_pals_article_leaders_states_orgs(pen_pals):
    _check(pen_pals, [
        ("Kim Jong II", "LEADER", "Kim Jong Il", "kim-jong-il"),
        ("Kim Il-sung", "LEADER", "Kim Il-sung", "kim-il-sung"),
        ("Kim", "LEADER", "Kim Jong Un", "kim-jong-un"),
        ("Assad", "LEADER", "Bashar al-Assad", "bashar-al-assad"),
        ("Bashar al Assad", "LEADER", "Bashar al-Assad", "bashar-al-assad"),
        ("Israeli", "STATE", "Israel", "ISR"),
        ("US", "STATE", "United States", "USA"),
        ("Washington", "STATE", "United States", "USA"),
        ("OPCW", "ORG", "Organisation for the Prohibition of Chemical Weapons", "opcw"),
        ("UN", "ORG", "United Nations", "un"),
        ("UN Security Council", "ORG", "UN Security Council", "un-security-council"),
        ("European Council", "ORG", "European Council", "european-council"),
        ("NK News", "ORG", "NK News", "nk-news"),
        ("Kim Il Sung Military University", "ORG", "Kim Il Sung Military University", "kim-il-sung-military-university"),
        ("Damascus", "LOCATION", "Damascus", "damascus"),
        ("Douma", "LOCATION", "Douma", "douma"),
        ("Seoul", "LOCATION", "Seoul", "seoul"),
        ("Pyongyang", "LOCATION", "Pyongyang", "pyongyang"),
    ])


def test_entities_states_carry_their_own_code_and_people_their_state(pen_pals):
    _, doc = pen_pals
    by_text = {e.text: e for e in doc.entities}
    assert by_text["Syria"].state == "SYR"
    assert by_text["Kim Jong Un"].state == "PRK"
    assert by_text["Douma"].state == "SYR"
    assert by_text["UN"].state is None


def test_entities_title_stays_out_of_leader_span(talks):
    text, doc = talks
    ent = _found(doc, "Walid Muallem", "LEADER")[0]
    assert text[ent.start - len("Prime Minister "):ent.start] == "Prime Minister "


def test_entities_capital_as_government_and_as_place(talks):
    _, doc = talks
    labels = [e.label for e in doc.entities if e.text == "Moscow"]
    assert labels == ["LOCATION", "STATE"]  # "sent ... to Moscow", "Moscow has vehemently opposed"
    moscow_state = [e for e in doc.entities if e.text == "Moscow" and e.label == "STATE"][0]
    assert moscow_state.kb_id == "RUS"
    assert all(e.label == "LOCATION" for e in doc.entities if e.text == "Pyongyang")


@pytest.mark.parametrize("sentence,label,kb_id", [
    ("Pyongyang said on Monday it would respond.", "STATE", "PRK"),
    ("Moscow has opposed all sanctions.", "STATE", "RUS"),
    ("The UN charges Pyongyang with violations.", "STATE", "PRK"),
    ("Beijing's support was decisive.", "STATE", "CHN"),
    ("Washington, which has conducted patrols in the area, accused China of coercion.", "STATE", "USA"),
    ("The delegation arrived in Pyongyang on Friday.", "LOCATION", "pyongyang"),
    ("Syria dedicated a park in Damascus to him.", "LOCATION", "damascus"),
    ("The Tehran-based agency reported it.", "LOCATION", "tehran"),
    ("The Moscow-led alliance sent troops.", "STATE", "RUS"),
    ("The drills drew condemnation from Pyongyang.", "STATE", "PRK"),
    ("Washington sent more missiles to Kyiv.", "STATE", "UKR"),
    ("Moscow apologised to Baku for the crash.", "STATE", "AZE"),
    ("Ruto made his first state visit to Addis Ababa.", "LOCATION", "addis-ababa"),
    ("The Riyadh-backed government returned.", "STATE", "SAU"),
    ("Kenya sent police to Haiti at Port-au-Prince's request.", "STATE", "HTI"),
    ("The US is providing intelligence support to Nairobi.", "STATE", "KEN"),
    ("Ethiopia ignored calls from Nairobi to free them.", "STATE", "KEN"),
    ("The team flew from Nairobi to Kampala.", "LOCATION", "nairobi"),
    ("Protesters gathered in Nairobi's city centre.", "LOCATION", "nairobi"),
])
def test_entities_metonymy_of_capitals(sentence, label, kb_id):
    doc = extract(sentence)
    capitals = [e for e in doc.entities if e.kb_id == kb_id]
    assert capitals and capitals[0].label == label


def test_entities_acronym_defined_in_parentheses_links_later_uses(pen_pals):
    _, doc = pen_pals
    long_form = _found(doc, "Organization for the Prohibition of Chemical Weapons", "ORG")[0]
    uses = _found(doc, "OPCW", "ORG")
    assert uses and all(u.canonical == long_form.canonical for u in uses)


def test_entities_acronym_of_an_unknown_organisation():
    doc = extract("The Arctic Shipping Board (ASB) warned Norway. Later the ASB relented.")
    orgs = [(e.text, e.canonical) for e in doc.entities if e.label == "ORG"]
    assert orgs == [("Arctic Shipping Board", "Arctic Shipping Board"),
                    ("ASB", "Arctic Shipping Board"), ("ASB", "Arctic Shipping Board")]


def test_entities_korean_leaders_stay_distinct(pen_pals):
    _, doc = pen_pals
    people = {e.canonical for e in doc.entities if e.label == "LEADER" and e.text.startswith("Kim")}
    assert people == {"Kim Jong Un", "Kim Jong Il", "Kim Il-sung"}


def test_entities_new_text_about_other_states():
    text = (
        "Iranian Foreign Minister Abbas Araghchi met Chinese President Xi Jinping in Beijing on "
        "Tuesday, days after the International Atomic Energy Agency (IAEA) criticised Tehran. "
        "Araghchi said Iran would keep cooperating with the IAEA. French President Emmanuel "
        "Macron and German Chancellor Friedrich Merz urged Ankara to act. Brazilian envoy "
        "Joana Ribeiro arrived in Geneva in early 2024."
    )
    doc = extract(text, doc_date="2025-03-07")
    got = {(e.text, e.label, e.kb_id) for e in doc.entities}
    for expected in [
        ("Iranian", "STATE", "IRN"), ("Abbas Araghchi", "LEADER", "abbas-araghchi"),
        ("Chinese", "STATE", "CHN"), ("Xi Jinping", "LEADER", "xi-jinping"),
        ("Beijing", "LOCATION", "beijing"), ("Tehran", "STATE", "IRN"),
        ("International Atomic Energy Agency", "ORG", "iaea"), ("IAEA", "ORG", "iaea"),
        ("Araghchi", "LEADER", "abbas-araghchi"), ("Iran", "STATE", "IRN"),
        ("Emmanuel Macron", "LEADER", "emmanuel-macron"), ("Ankara", "STATE", "TUR"),
        ("Joana Ribeiro", "LEADER", None), ("Brazilian", "STATE", "BRA"),
        ("Geneva", "LOCATION", "geneva"),
    ]:
        assert expected in got, expected
    dates = {e.text: e.value for e in doc.entities if e.label == "DATE"}
    assert dates == {"Tuesday": "2025-03-04/2025-03-04", "early 2024": "2024-01-01/2024-04-30"}
    ribeiro = [e for e in doc.entities if e.text == "Joana Ribeiro"][0]
    assert ribeiro.state == "BRA"


def test_entities_text_without_entities():
    doc = extract("The weather was mild and the market stayed quiet.")
    assert doc.entities == [] and doc.relations == [] and doc.error is None


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_entities_empty_text_gives_empty_document(text):
    doc = extract(text)
    assert doc.entities == [] and doc.relations == []


def test_entities_non_string_raises_type_error():
    with pytest.raises(TypeError, match="takes a str, not bytes"):
        extract(b"North Korea")
    with pytest.raises(TypeError, match="not NoneType"):
        extract(None)


def test_entities_bad_doc_date_raises_value_error():
    with pytest.raises(ValueError, match="doc_date must be YYYY-MM-DD"):
        extract("Syria", doc_date="23/06/2019")
    with pytest.raises(ValueError, match="doc_date 2019-13-45 is not a calendar date"):
        extract("Syria on Friday", doc_date="2019-13-45")


def test_entities_control_characters_and_lone_surrogates_keep_offsets():
    text = "\x00\x07North\x0bKorea \ud800 and Syria\x1f met in \udfffDamascus."
    doc = extract(text)
    for ent in doc.entities:
        assert text[ent.start:ent.end] == ent.text
    assert {e.text for e in doc.entities} >= {"Syria", "Damascus"}


def test_entities_five_megabyte_text_completes():
    paragraph = _article(PEN_PALS) + "\n\n"
    text = paragraph * (5_000_000 // len(paragraph) + 1)
    doc = extract(text)
    per_copy = len(extract(paragraph).entities)
    assert len(text) >= 5_000_000
    assert len(doc.entities) == per_copy * (5_000_000 // len(paragraph) + 1)


def test_entities_short_forms_of_a_name_the_kb_lacks_link_to_the_full_name():
    doc = extract("Zubaidi spoke first. Army chief Abdel Karim al-Zubaidi later met envoys; "
                  "al-Zubaidi said Sudan would talk, and Al Zubaidi left.")
    leaders = [(e.text, e.canonical, e.kb_id) for e in doc.entities if e.label == "LEADER"]
    assert leaders == [("Zubaidi", "Abdel Karim al-Zubaidi", None),
                       ("Abdel Karim al-Zubaidi", "Abdel Karim al-Zubaidi", None),
                       ("al-Zubaidi", "Abdel Karim al-Zubaidi", None),
                       ("Al Zubaidi", "Abdel Karim al-Zubaidi", None)]
