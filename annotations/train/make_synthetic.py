"""Write synthetic.jsonl: short hand-written news paragraphs in gold format.

Mentions are marked inline as [text](LABEL:key@state): key is the kb_id of a
STATE, the canonical name of a LEADER/ORG, the ISO interval of a DATE. Relations
name mentions by their order in the paragraph (0-based). Evidence is the
sentence of the head mention. Run: python annotations/train/make_synthetic.py
"""
import json
import re
from pathlib import Path

MARK = re.compile(r"\[([^\]]+)\]\((\w+)(?::([^)@]*))?(?:@(\w+))?\)")

DOCS = [
    ("syn-iran-russia-talks", "2024-01-18",
     "[Iranian](STATE:IRN) President [Ebrahim Raisi](LEADER:Ebrahim Raisi@IRN) held talks with [Russian](STATE:RUS) "
     "President [Vladimir Putin](LEADER:Vladimir Putin@RUS) in [Moscow](LOCATION@RUS) on [Wednesday](DATE:2024-01-17/2024-01-17). "
     "The two leaders discussed energy cooperation and signed an agreement on a new gas pipeline.",
     [("LEADER_OF", 1, 0, {"role": "president"}), ("LEADER_OF", 3, 2, {"role": "president"}),
      ("CONSULT", 1, 3, {"mode": "talks", "date": 5})]),
    ("syn-eu-belarus-sanctions", None,
     "The [European Union](ORG:European Union) imposed new sanctions on [Belarus](STATE:BLR) in [March 2022](DATE:2022-03-01/2022-03-31), "
     "accusing [Minsk](STATE:BLR) of helping [Russia](STATE:RUS) in the war. [Belarusian](STATE:BLR) leader "
     "[Alexander Lukashenko](LEADER:Alexander Lukashenko@BLR) rejected the measures.",
     [("SANCTION", 0, 1, {"date": 2}), ("ACCUSE", 0, 3, {"date": 2}), ("AID", 3, 4, {}),
      ("LEADER_OF", 6, 5, {"role": "leader"})]),
    ("syn-china-un-agreement", "2023-09-11",
     "[China](STATE:CHN) and the [United Nations](ORG:United Nations) signed a cooperation agreement in [Beijing](LOCATION@CHN) "
     "on [Monday](DATE:2023-09-11/2023-09-11). [Chinese](STATE:CHN) Foreign Minister [Wang Yi](LEADER:Wang Yi@CHN) praised "
     "[UN](ORG:United Nations) Secretary-General [Antonio Guterres](LEADER:Antonio Guterres) for his support.",
     [("AGREE", 0, 1, {"date": 3}), ("OFFICIAL_OF", 5, 4, {"role": "foreign minister"}),
      ("LEADER_OF", 7, 6, {"role": "secretary-general"}), ("SUPPORT", 5, 7, {})]),
    ("syn-turkey-drones-denial", None,
     "[Turkey](STATE:TUR) denied supplying drones to [Azerbaijan](STATE:AZE), while [Armenia](STATE:ARM) accused "
     "[Ankara](STATE:TUR) of backing [Baku](STATE:AZE) during the [2020](DATE:2020-01-01/2020-12-31) conflict.",
     [("AID", 0, 1, {"negated": True}), ("ACCUSE", 2, 3, {"date": 5}), ("SUPPORT", 3, 4, {"date": 5})]),
    ("syn-saudi-iran-relations", None,
     "[Saudi Arabia](STATE:SAU) and [Iran](STATE:IRN) restored diplomatic relations in [2023](DATE:2023-01-01/2023-12-31) "
     "after talks mediated by [China](STATE:CHN). [Saudi](STATE:SAU) Foreign Minister [Faisal bin Farhan](LEADER:Faisal bin Farhan@SAU) "
     "met his [Iranian](STATE:IRN) counterpart [Hossein Amir-Abdollahian](LEADER:Hossein Amir-Abdollahian@IRN) in [Beijing](LOCATION@CHN).",
     [("COOPERATE", 0, 1, {"date": 2}), ("OFFICIAL_OF", 5, 4, {"role": "foreign minister"}),
      ("OFFICIAL_OF", 7, 6, {"role": "foreign minister"}), ("CONSULT", 5, 7, {"mode": "meeting"})]),
    ("syn-us-ukraine-aid", "2023-05-02",
     "The [United States](STATE:USA) sent air defence systems to [Ukraine](STATE:UKR) [last month](DATE:2023-04-01/2023-04-30). "
     "[Ukrainian](STATE:UKR) President [Volodymyr Zelensky](LEADER:Volodymyr Zelensky@UKR) thanked [Washington](STATE:USA) "
     "for the aid. [Moscow](STATE:RUS) warned [NATO](ORG:NATO) against further deliveries.",
     [("AID", 0, 1, {"date": 2}), ("LEADER_OF", 4, 3, {"role": "president"}), ("SUPPORT", 4, 5, {}),
      ("THREATEN", 6, 7, {})]),
    ("syn-venezuela-cuba-letter", "2022-03-14",
     "[Venezuelan](STATE:VEN) President [Nicolas Maduro](LEADER:Nicolas Maduro@VEN) received a letter from [Cuban](STATE:CUB) "
     "leader [Miguel Diaz-Canel](LEADER:Miguel Diaz-Canel@CUB) on [Sunday](DATE:2022-03-13/2022-03-13). [Caracas](STATE:VEN) "
     "and [Havana](STATE:CUB) have maintained close ties for two decades.",
     [("LEADER_OF", 1, 0, {"role": "president"}), ("LEADER_OF", 3, 2, {"role": "leader"}),
      ("CONSULT", 3, 1, {"mode": "letter", "date": 4}), ("COOPERATE", 5, 6, {})]),
    ("syn-israel-syria-strikes", "2023-10-25",
     "[Israel](STATE:ISR) launched air strikes on targets near [Damascus](LOCATION@SYR) on [Tuesday](DATE:2023-10-24/2023-10-24), "
     "the [Syrian](STATE:SYR) army said. [Syria](STATE:SYR) condemned the attack and called on the "
     "[UN Security Council](ORG:UN Security Council) to act.",
     [("ASSAULT", 0, 1, {"date": 2}), ("REQUEST", 4, 5, {})]),
    ("syn-lavrov-wang-meeting", None,
     "[Russian](STATE:RUS) Foreign Minister [Sergei Lavrov](LEADER:Sergei Lavrov@RUS) met [Chinese](STATE:CHN) Foreign Minister "
     "[Wang Yi](LEADER:Wang Yi@CHN) in [Beijing](LOCATION@CHN) on [Thursday](DATE). [Japan](STATE:JPN) and "
     "[South Korea](STATE:KOR) criticised the meeting.",
     [("OFFICIAL_OF", 1, 0, {"role": "foreign minister"}), ("OFFICIAL_OF", 3, 2, {"role": "foreign minister"}),
      ("CONSULT", 1, 3, {"mode": "meeting", "date": 5})]),
    ("syn-iran-houthis-denial", None,
     "[Iran](STATE:IRN) did not send weapons to the [Houthis](ORG:Houthis@YEM), its foreign ministry spokesman "
     "[Nasser Kanaani](LEADER:Nasser Kanaani@IRN) said on [Monday](DATE), rejecting claims by [Saudi Arabia](STATE:SAU).",
     [("AID", 0, 1, {"negated": True}), ("OFFICIAL_OF", 2, 0, {"role": "spokesman"}), ("REJECT", 2, 4, {"date": 3})]),
    ("syn-us-china-sanctions", "2023-11-03",
     "[Washington](STATE:USA) imposed sanctions on three [Chinese](STATE:CHN) companies on [Friday](DATE:2023-11-03/2023-11-03) "
     "for supplying parts to [Russia](STATE:RUS)'s military.",
     [("SANCTION", 0, 1, {"date": 2}), ("AID", 1, 3, {})]),
    ("syn-macron-netanyahu-call", None,
     "In a phone call on [Saturday](DATE), [French](STATE:FRA) President [Emmanuel Macron](LEADER:Emmanuel Macron@FRA) urged "
     "[Israeli](STATE:ISR) Prime Minister [Benjamin Netanyahu](LEADER:Benjamin Netanyahu@ISR) to allow aid into [Gaza](LOCATION).",
     [("LEADER_OF", 2, 1, {"role": "president"}), ("LEADER_OF", 4, 3, {"role": "prime minister"}),
      ("REQUEST", 2, 4, {"date": 0}), ("CONSULT", 2, 4, {"mode": "call", "date": 0})]),
    ("syn-au-niger-suspension", None,
     "The [African Union](ORG:African Union) suspended [Niger](STATE:NER) after the [July 2023](DATE:2023-07-01/2023-07-31) coup. "
     "[Niger](STATE:NER)'s junta leader [Abdourahamane Tiani](LEADER:Abdourahamane Tiani@NER) accused [France](STATE:FRA) "
     "of plotting against the country.",
     [("SANCTION", 0, 1, {"date": 2}), ("LEADER_OF", 4, 3, {"role": "leader"}), ("ACCUSE", 4, 5, {})]),
    ("syn-india-pakistan-clash", None,
     "[Pakistan](STATE:PAK) and [India](STATE:IND) exchanged fire along the [Line of Control](LOCATION) on [Sunday](DATE), "
     "and [Islamabad](STATE:PAK) blamed [New Delhi](STATE:IND) for the clash.",
     [("ASSAULT", 0, 1, {"date": 3}), ("ASSAULT", 1, 0, {"date": 3}), ("ACCUSE", 4, 5, {"date": 3})]),
    ("syn-germany-kenya-visit", None,
     "[German](STATE:DEU) Chancellor [Olaf Scholz](LEADER:Olaf Scholz@DEU) hosted [Kenyan](STATE:KEN) President "
     "[William Ruto](LEADER:William Ruto@KEN) in [Berlin](LOCATION@DEU), where the two sides signed a migration agreement. "
     "[Germany](STATE:DEU) will also provide training to [Kenyan](STATE:KEN) police.",
     [("LEADER_OF", 1, 0, {"role": "chancellor"}), ("LEADER_OF", 3, 2, {"role": "president"}),
      ("CONSULT", 1, 3, {"mode": "visit"}), ("AGREE", 1, 3, {}), ("AID", 5, 6, {})]),
    ("syn-opcw-islamic-state", None,
     "The [OPCW](ORG:OPCW) found that the [Islamic State](ORG:Islamic State) used mustard gas in [Marea](LOCATION@SYR) in "
     "[2015](DATE:2015-01-01/2015-12-31). [Iraq](STATE:IRQ) and [Syria](STATE:SYR) have both asked the organisation for help.",
     [("ACCUSE", 0, 1, {"date": 3}), ("ASSAULT", 1, 2, {"date": 3})]),
    ("syn-brazil-argentina-trade", None,
     "[Brazil](STATE:BRA) and [Argentina](STATE:ARG) are neighbours in [South America](LOCATION), and both countries "
     "export beef to [China](STATE:CHN).",
     []),
    ("syn-serbia-russia-support", None,
     "[Russia](STATE:RUS) has never recognised [Kosovo](STATE:XKX), and [Serbian](STATE:SRB) President "
     "[Aleksandar Vucic](LEADER:Aleksandar Vucic@SRB) thanked [Moscow](STATE:RUS) for its support at the "
     "[United Nations](ORG:United Nations).",
     [("LEADER_OF", 3, 2, {"role": "president"}), ("SUPPORT", 3, 4, {}), ("SUPPORT", 4, 3, {})]),
    ("syn-brazil-china-visit", "2023-04-14",
     "[Brazilian](STATE:BRA) President [Luiz Inacio Lula da Silva](LEADER:Luiz Inacio Lula da Silva@BRA) arrived in "
     "[Beijing](LOCATION@CHN) on [Thursday](DATE:2023-04-13/2023-04-13) for talks with [Xi Jinping](LEADER:Xi Jinping@CHN). "
     "[Brazil](STATE:BRA) and [China](STATE:CHN) signed 15 agreements during the visit.",
     [("LEADER_OF", 1, 0, {"role": "president"}), ("CONSULT", 1, 4, {"mode": "talks", "date": 3}),
      ("AGREE", 5, 6, {})]),
    ("syn-mali-wagner", None,
     "[Mali](STATE:MLI)'s junta has received military instructors from [Russia](STATE:RUS), the [French](STATE:FRA) "
     "foreign ministry said. [France](STATE:FRA) withdrew its troops from [Mali](STATE:MLI) in [2022](DATE:2022-01-01/2022-12-31).",
     [("AID", 1, 0, {}), ("RETREAT", 3, 4, {"date": 5})]),
    ("syn-philippines-china-sea", None,
     "The [Philippines](STATE:PHL) accused [China](STATE:CHN) of firing water cannon at its supply boat on "
     "[Saturday](DATE). [Manila](STATE:PHL) summoned the [Chinese](STATE:CHN) ambassador, while [Washington](STATE:USA) "
     "reaffirmed its support for [Manila](STATE:PHL).",
     [("ACCUSE", 0, 1, {"date": 2}), ("ASSAULT", 1, 0, {"date": 2}), ("PROTEST", 3, 4, {}), ("SUPPORT", 5, 6, {})]),
    ("syn-qatar-mediation", None,
     "[Qatari](STATE:QAT) Prime Minister [Mohammed bin Abdulrahman Al Thani](LEADER:Mohammed bin Abdulrahman Al Thani@QAT) "
     "hosted [Hamas](ORG:Hamas) officials in [Doha](LOCATION@QAT), and [Egypt](STATE:EGY) and [Qatar](STATE:QAT) "
     "urged [Israel](STATE:ISR) to accept a truce.",
     [("LEADER_OF", 1, 0, {"role": "prime minister"}), ("CONSULT", 1, 2, {"mode": "meeting"}),
      ("REQUEST", 4, 6, {}), ("REQUEST", 5, 6, {})]),
    ("syn-nato-finland", "2023-04-04",
     "[Finland](STATE:FIN) joined [NATO](ORG:NATO) on [Tuesday](DATE:2023-04-04/2023-04-04). [NATO](ORG:NATO) "
     "Secretary General [Jens Stoltenberg](LEADER:Jens Stoltenberg) welcomed the move, but [Russia](STATE:RUS) "
     "threatened [Helsinki](STATE:FIN) with countermeasures.",
     [("COOPERATE", 0, 1, {"date": 2}), ("LEADER_OF", 4, 3, {"role": "secretary general"}),
      ("THREATEN", 5, 6, {})]),
    ("syn-ethiopia-eritrea", None,
     "[Ethiopian](STATE:ETH) Prime Minister [Abiy Ahmed](LEADER:Abiy Ahmed@ETH) and [Eritrean](STATE:ERI) President "
     "[Isaias Afwerki](LEADER:Isaias Afwerki@ERI) signed a peace agreement in [2018](DATE:2018-01-01/2018-12-31). "
     "[Eritrea](STATE:ERI) did not withdraw its troops from [Tigray](LOCATION@ETH), a [US](STATE:USA) envoy said.",
     [("LEADER_OF", 1, 0, {"role": "prime minister"}), ("LEADER_OF", 3, 2, {"role": "president"}),
      ("AGREE", 1, 3, {"date": 4})]),
    ("syn-japan-korea-summit", None,
     "[Japanese](STATE:JPN) Prime Minister [Fumio Kishida](LEADER:Fumio Kishida@JPN) and [South Korean](STATE:KOR) "
     "President [Yoon Suk Yeol](LEADER:Yoon Suk Yeol@KOR) held a summit in [Tokyo](LOCATION@JPN) in "
     "[March 2023](DATE:2023-03-01/2023-03-31), ending years of tension over wartime labour.",
     [("LEADER_OF", 1, 0, {"role": "prime minister"}), ("LEADER_OF", 3, 2, {"role": "president"}),
      ("CONSULT", 1, 3, {"mode": "meeting", "date": 5})]),
    ("syn-iran-iaea", None,
     "The [IAEA](ORG:IAEA) criticised [Iran](STATE:IRN) for blocking inspectors, and [Tehran](STATE:IRN) expelled "
     "several [IAEA](ORG:IAEA) experts in [September 2023](DATE:2023-09-01/2023-09-30). [Iran](STATE:IRN) has "
     "refused to cooperate with the agency.",
     [("ACCUSE", 0, 1, {}), ("SANCTION", 2, 3, {"date": 4})]),
    ("syn-colombia-venezuela", None,
     "[Colombia](STATE:COL) and [Venezuela](STATE:VEN) restored diplomatic ties in [August 2022](DATE:2022-08-01/2022-08-31). "
     "[Colombian](STATE:COL) President [Gustavo Petro](LEADER:Gustavo Petro@COL) later visited [Caracas](LOCATION@VEN), "
     "where he met [Nicolas Maduro](LEADER:Nicolas Maduro@VEN).",
     [("COOPERATE", 0, 1, {"date": 2}), ("LEADER_OF", 4, 3, {"role": "president"}),
      ("CONSULT", 4, 6, {"mode": "meeting"})]),
    ("syn-australia-china-trade", None,
     "[China](STATE:CHN) lifted its tariffs on [Australian](STATE:AUS) barley in [2023](DATE:2023-01-01/2023-12-31) "
     "after [Canberra](STATE:AUS) dropped its complaint at the [World Trade Organization](ORG:World Trade Organization).",
     [("CONCEDE", 0, 1, {"date": 2})]),
]


def parse(marked: str):
    """Plain text and entity dicts from the inline markup."""
    text, ents, pos = "", [], 0
    for m in MARK.finditer(marked):
        text += marked[pos:m.start()]
        surface, label, key, state = m.groups()
        start = len(text)
        text += surface
        ents.append(_entity(len(ents), surface, label, key, state, start))
        pos = m.end()
    return text + marked[pos:], ents


def _entity(i, surface, label, key, state, start):
    ent = {"id": f"e{i + 1}", "text": surface, "label": label, "start": start, "end": start + len(surface),
           "canonical": surface, "kb_id": None, "state": state, "value": None}
    if label == "STATE":
        ent.update(kb_id=key, state=key)
    elif label == "DATE":
        ent["value"] = key or None
    elif key:
        ent["canonical"] = key
    return ent


def sentence_of(text, offset):
    """[start, end) of the sentence holding offset ('. ' splits sentences)."""
    start = max((m.end() for m in re.finditer(r"[.!?] ", text) if m.end() <= offset), default=0)
    end = next((m.start() + 1 for m in re.finditer(r"[.!?](?: |$)", text) if m.start() >= offset), len(text))
    return [start, end]


def build(doc_id, doc_date, marked, rels):
    text, ents = parse(marked)
    relations = []
    for rel_type, head, tail, extra in rels:
        date = extra.get("date")
        relations.append({
            "type": rel_type, "head": ents[head]["id"], "tail": ents[tail]["id"],
            "date": None if date is None else ents[date]["id"], "negated": extra.get("negated", False),
            "evidence": sentence_of(text, ents[head]["start"]), "role": extra.get("role"), "mode": extra.get("mode"),
        })
    return {"schema_version": "1", "doc_id": doc_id, "doc_date": doc_date, "text": text,
            "entities": ents, "relations": relations, "error": None}


if __name__ == "__main__":
    out = Path(__file__).with_name("synthetic.jsonl")
    with out.open("w", encoding="utf-8") as handle:
        for spec in DOCS:
            handle.write(json.dumps(build(*spec), ensure_ascii=False) + "\n")
