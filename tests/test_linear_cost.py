"""Cost linear in the input: runaway sentences are split, so the per-sentence rules stay bounded."""
import time

import pytest

from extractor import load
from extractor.components.sentences import split_long


@pytest.fixture(scope="module")
def nlp():
    return load()


def test_split_long_cuts_after_the_last_clause_end_in_the_window_else_at_its_end():
    assert split_long([0], 700, 300, frozenset({250, 280})) == [0, 281, 581]
    assert split_long([0, 100], 400, 300, frozenset()) == [0, 100]


def test_text_without_full_stops_is_split_into_bounded_sentences_that_keep_their_relations(nlp):
    text = " ".join(["Russia, China and Iran held talks"] * 200)
    doc = nlp(text)
    sents = list(doc.sents)
    assert len(sents) > 1 and max(len(s) for s in sents) <= 300
    assert doc[sents[1].start - 1].text == ","
    late = [r for r in doc._.relations if r["evidence"][0] >= sents[-1].start_char]
    assert any(r["type"] == "CONSULT" for r in late)


def _seconds(nlp, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        nlp(text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("unit", [
    "Russia and China held talks and ",  # one endless sentence of repeated triggers
    "France, Germany, Iran, Japan, ",  # a list of states after one trigger, no full stop
])
def test_cost_per_character_does_not_grow_with_a_runaway_sentence(nlp, unit):
    small, large = _seconds(nlp, "Russia sanctioned " + unit * 100), _seconds(nlp, "Russia sanctioned " + unit * 800)
    assert large / small < 8 * 3  # linear gives about 8; quadratic about 64
