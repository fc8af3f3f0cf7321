"""Parsed roles on hand-written parses: what the relation component reads from `doc._.parse`
where the parser errs (no parser pipeline needed: the parse is given)."""
import re

import pytest
import spacy

from extractor.extensions import install_extensions

MARK = re.compile(r"\[([^\]]+)\]\((\w+)(?::(\w+))?\)")


@pytest.fixture(scope="module")
def nlp():
    install_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("extractor_references")
    nlp.add_pipe("extractor_relations")
    return nlp


def relations(nlp, marked: str, parse: str) -> set:
    """(type, head, tail) of a one-sentence Doc with '[text](LABEL:STATE)' entities and the
    parse 'head/dep/tag' per token (heads as token indexes)."""
    text, spans, pos = "", [], 0
    for m in MARK.finditer(marked):
        text += marked[pos:m.start()]
        spans.append((len(text), m.group(1), m.group(2), m.group(3)))
        text += m.group(1)
        pos = m.end()
    doc = nlp.get_pipe("sentencizer")(nlp.make_doc(text + marked[pos:]))
    ents = []
    for start, surface, label, state in spans:
        span = doc.char_span(start, start + len(surface), label=label)
        span._.canonical, span._.state = surface, state
        span._.kb_id = state if label == "STATE" else None
        ents.append(span)
    doc.ents = ents
    rows = [token.split("/") for token in parse.split()]
    assert len(rows) == len(doc), [t.text for t in doc]
    doc._.parse = {0: {"heads": [int(h) for h, _, _ in rows], "deps": [d for _, d, _ in rows],
                       "tags": [t for _, _, t in rows]}}
    doc = nlp.get_pipe("extractor_relations")(nlp.get_pipe("extractor_references")(doc))
    return {(r["type"], doc.ents[r["head"]].text, doc.ents[r["tail"]].text) for r in doc._.relations}


def test_parsed_roles_a_second_direct_object_is_no_object(nlp):
    # the parser took the speaker of the reporting clause for a second object of 'host'
    found = relations(nlp, "[Tinubu](LEADER:NGA) will host a regional security summit in [Abuja](LOCATION:NGA) in May, "
                           "a presidency spokesman, [Bayo Onanuga](LEADER:NGA), said.",
                      "2/nsubj/NNP 2/aux/MD 19/ccomp/VB 6/det/DT 6/amod/JJ 6/compound/NN 2/dobj/NN 6/prep/IN "
                      "7/pobj/NNP 2/prep/IN 9/pobj/NNP 2/punct/, 14/det/DT 14/compound/NN 2/dobj/NN 14/punct/, "
                      "17/compound/NNP 14/appos/NNP 14/punct/, 19/ROOT/VBD 19/punct/.")
    assert ("CONSULT", "Tinubu", "Bayo Onanuga") not in found


def test_parsed_roles_a_participle_read_as_a_reduced_relative_stays_active(nlp):
    # "called" parsed as a participle modifying Rabuka ('acl', VBN) without 'by': still active
    found = relations(nlp, "[Rabuka](LEADER:FJI), who is also prime minister, later called on [Xi Jinping](LEADER:CHN).",
                      "0/ROOT/NNP 0/punct/, 3/nsubj/WP 0/relcl/VBZ 3/advmod/RB 6/amod/JJ 3/attr/NN 0/punct/, "
                      "9/advmod/RB 0/acl/VBN 9/prep/IN 12/compound/NNP 10/pobj/NNP 0/punct/.")
    assert ("REQUEST", "Rabuka", "Xi Jinping") in found


def test_parsed_roles_a_dateline_is_no_subject(nlp):
    # the parser made the dateline the subject of 'recaptured'
    found = relations(nlp, "[MAPUTO](LOCATION:MOZ), Aug 9 - [Rwandan](STATE:RWA) forces recaptured [Palma](LOCATION:MOZ).",
                      "7/nsubj/NNP 0/punct/, 0/appos/NNP 2/nummod/CD 0/punct/: 6/amod/JJ 7/nsubj/NNS 7/ROOT/VBD "
                      "7/dobj/NNP 7/punct/.")
    assert ("ASSAULT", "Rwandan", "Palma") in found
    assert not any(h == "MAPUTO" for _, h, _ in found)


def test_parsed_roles_a_verbs_subject_the_words_refuse_stays_refused(nlp):
    # the parser made the agent of the participle the subject of 'attacked'
    found = relations(nlp, "Militant groups backed by [Iran](STATE:IRN) attacked [Israel](STATE:ISR).",
                      "1/amod/JJ 5/nsubj/NNS 1/acl/VBN 2/agent/IN 5/nsubj/NNP 5/ROOT/VBD 5/dobj/NNP 5/punct/.")
    assert ("SUPPORT", "Iran", "Militant groups") not in found
    assert ("ASSAULT", "Iran", "Israel") not in found


def test_parsed_roles_a_preposition_role_is_read_from_the_words(nlp):
    # the parser hung 'to Ukraine' of 'according to' on 'sent'
    found = relations(nlp, "[Russia](STATE:RUS) sent troops to [Mali](STATE:MLI), according to [Ukraine](STATE:UKR).",
                      "1/nsubj/NNP 1/ROOT/VBD 1/dobj/NNS 1/prep/IN 3/pobj/NNP 1/punct/, 1/prep/VBG 1/prep/IN "
                      "7/pobj/NNP 1/punct/.")
    assert ("AID", "Russia", "Mali") in found
    assert ("AID", "Russia", "Ukraine") not in found
