"""Date phrases and their ISO interval values (extractor.dates, no spaCy): the cases of
tests/fixtures/date_cases.txt, written from the guideline before the finder."""
import itertools
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.date_values import moved
from extractor.dates import find_dates, match_everywhere, match_near, packaged_words, text_tokens, token_anchors

CASES = Path(__file__).parent / "fixtures" / "date_cases.txt"
NEWS_CASES = Path(__file__).parent / "fixtures" / "date_cases_news.txt"  # wire-copy forms the first file lacks
MARK = re.compile(r"\[([^\]]*)\]")


def _interval(value: str):
    """YYYY, YYYY-MM, YYYY-MM-DD or A/B as the ISO interval text."""
    if value == "null":
        return None
    if "/" in value:
        return value
    parts = value.split("-")
    if len(parts) == 1:
        return f"{value}-01-01/{value}-12-31"
    if len(parts) == 2:
        year, month = map(int, parts)
        last = (date(year + month // 12, month % 12 + 1, 1) - date(year, month, 1)).days
        return f"{value}-01/{value}-{last:02d}"
    return f"{value}/{value}"


def _cases(path=CASES, prefix="line"):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            doc_date, marked, values = (part.strip() for part in line.split("|"))
            spans, text, shift = [], MARK.sub(lambda m: m.group(1), marked), 0
            for m in MARK.finditer(marked):
                start = m.start() - shift
                spans.append((start, start + len(m.group(1))))
                shift += 2
            expected = [_interval(v.strip()) for v in values.split(";")] if values else []
            yield pytest.param(None if doc_date == "-" else doc_date, text, spans, expected, id=f"{prefix}{number}")


CASE_LIST = list(_cases())
NEWS_CASE_LIST = list(_cases(NEWS_CASES, "news"))


def test_dates_the_case_file_holds_at_least_200_cases():
    assert len(CASE_LIST) >= 200


def test_dates_the_news_case_file_holds_at_least_120_cases():
    assert len(NEWS_CASE_LIST) >= 120


@pytest.mark.parametrize("doc_date,text,spans,values", CASE_LIST + NEWS_CASE_LIST)
def test_dates_case(doc_date, text, spans, values):
    found = find_dates(text, doc_date)
    assert [(text[m.start:m.end], m.value) for m in found] == [
        (text[s:e], v) for (s, e), v in zip(spans, values)]


PIECES = [
    "between ", "from ", " and ", " to ", "the ", "The ", "early", "Mid", "late", "-", " ", ", ", ".", "'", "\n",
    "first", "second", " half of ", " quarter of ", "beginning of ", "end of ", "weekend", "week", "month", "year",
    "years", "day", "days", " ago", "more than ", "a ", "twelve", "this", "Last", "next", "past", "coming", "today",
    "tonight", "overnight", "same", "following", "later", "earlier", "that", "summer", "winter", "fall", "Monday",
    "Sunday", "morning", "night", "January", "May", "Sept.", "Dec", "1", "21", "21st", "80s", "1980s", "2019",
    "2,019", "$2019", "%", "0", "07", "32", "45th", "123", "1499", "2100", "12345", " troops", "x", "will ", "was ", "of ",
]


@settings(max_examples=300, deadline=None, derandomize=True)  # a fixed sequence: see the note on quoted words below
@given(text=st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_dates_anchored_starts_find_what_every_word_start_finds(text):
    """Patterns tried only near anchor words find what trying them at every word finds."""
    words = packaged_words()
    tokens = text_tokens(text)
    assert match_near(tokens, token_anchors(tokens, range(len(tokens.starts)), words), words) == match_everywhere(text, words)


NEWS_PIECES = [
    "Q", "3", "FY", "fiscal ", "Christmas", "New Year's ", "Eve", "the eve", " of ", "century", "20th", "hours", "quarter",
    "half", "decade", "decades", "past ", "few ", "Ramadan", "Good ", "Friday", "/", ".", "05", "17", "-", "–", "2024",
    "20", "end", "beginning", "start", "on ", "this ", "1990s", "early ", "late ", "later ", "overnight ", "Sept. ",
    "night", "before", "after", "that ", "in the ", "week", "year", "months", "weekend", "ago", "between ", " and ",
    "March", "May", "'90s", "the ", " ", ", ", "H", "1", "Oct. ", "early hours", " of 2024", "end-",
]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=st.lists(st.sampled_from(NEWS_PIECES), max_size=30).map("".join))
def test_dates_anchored_starts_find_what_every_word_start_finds_in_news_forms(text):
    """The same with the words of the wire-copy forms (quarters, holidays, day ranges, edges)."""
    words = packaged_words()
    tokens = text_tokens(text)
    assert match_near(tokens, token_anchors(tokens, range(len(tokens.starts)), words), words) == match_everywhere(text, words)
    doc = _blank().make_doc(text)
    from extractor.components.dates import doc_anchors

    assert find_dates(text, "2024-09-10", words, *doc_anchors(doc, words)) == find_dates(text, "2024-09-10", words)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(text=st.lists(st.sampled_from(PIECES + ["cannot ", "Theó ", "Mayß", "’90s", "weekend2019"]), max_size=30).map("".join))
def test_dates_component_finds_what_the_text_finder_finds_in_made_up_texts(text):
    """The Doc's anchors and token keys (`TokenTable`) give what the text finder gives, with
    words glued to the next ("cannot", "2019Monday") and letters outside ASCII."""
    from extractor.components.dates import doc_anchors

    words = packaged_words()
    doc = _blank().make_doc(text)
    assert find_dates(text, "2019-06-23", words, *doc_anchors(doc, words)) == find_dates(text, "2019-06-23", words)


def test_dates_component_reads_the_text_at_a_token_glued_to_the_next():
    """A token a word runs on from has the key of the whole run ("abou|t" reads "about")."""
    from spacy.tokens import Doc

    from extractor.components.dates import doc_anchors

    words, glued = packaged_words(), ["It", "was", "abou", "t", "3", "years", "ago", "."]
    doc = Doc(_blank().vocab, words=glued, spaces=[True, True, False, True, True, True, False, False])
    found = find_dates(doc.text, None, words, *doc_anchors(doc, words))
    assert [doc.text[m.start:m.end] for m in found] == ["about 3 years ago"]
    assert found == find_dates(doc.text, None, words)


@lru_cache(maxsize=1)
def _blank():
    import spacy

    return spacy.blank("en")


def test_dates_token_table_holds_what_it_learns():
    """The token table gives each text the bits it learns for it, after growing and moving
    hashes between their two slots (thousands of new words)."""
    import numpy

    from extractor.components.dates import TokenTable

    nlp, words = _blank(), packaged_words()
    table = TokenTable(words)
    texts = [f"w{n}x" for n in range(6000)] + ["May", "may", "2019", "1980", "Sept.", "the", "cannot"]
    orths = numpy.array([nlp.vocab.strings.add(t) for t in texts], dtype="uint64")
    first = table.bits(orths, nlp.vocab)
    assert len(table.hashes) > 4096 and table.count == len(texts)
    assert first.tolist() == [table._learn(nlp.vocab[t]) for t in texts]
    assert table.bits(orths[::-1].copy(), nlp.vocab).tolist() == first[::-1].tolist()


@pytest.mark.xfail(strict=True, reason="known, open: a weekday or month right after an opening apostrophe "
                   "(\"'Monday\") is read as a possible \"'90s\" start only; the every-start reference of the "
                   "property test above misses \"'the weekend\" the other way (found with a random seed)")
@pytest.mark.parametrize("text", ["He said 'Monday would do.", "A 'May deal' was signed."])
def test_dates_a_date_word_right_after_an_opening_apostrophe_is_found(text):
    assert [text[m.start:m.end] for m in find_dates(text, "2024-05-01")] in (["Monday"], ["May"])


@pytest.mark.parametrize("doc_date,text,spans,values", (CASE_LIST + NEWS_CASE_LIST)[::3])
def test_dates_anchored_starts_find_what_every_word_start_finds_in_the_cases(doc_date, text, spans, values):
    words = packaged_words()
    tokens = text_tokens(text)
    assert match_near(tokens, token_anchors(tokens, range(len(tokens.starts)), words), words) == match_everywhere(text, words)


@pytest.mark.parametrize("unit", ["year", "month", "week", "day"])
def test_dates_moving_a_date_agrees_with_relativedelta(unit):
    days = [date(2019, 1, 31), date(2020, 2, 29), date(2019, 12, 31), date(2, 1, 1), date(9998, 12, 31)]
    for day, count in itertools.product(days, [-13, -12, -1, 0, 1, 11, 12]):
        try:
            expected = day + relativedelta(**{unit + "s": count})
        except (ValueError, OverflowError):
            with pytest.raises((ValueError, OverflowError)):  # outside the calendar: the caller gives None
                moved(day, unit, count)
        else:
            assert moved(day, unit, count) == expected


def test_dates_values_outside_the_calendar_are_none():
    assert [(m.kind, m.value) for m in find_dates("3 years ago, yesterday and Friday", "0001-01-01")] == [
        ("ago", None), ("deictic", None), ("weekday", None)]


def test_dates_a_date_word_added_to_the_lexicon_is_found(tmp_path):
    from extractor.dates import DateWords
    from extractor.lexicon import build_lexicon

    lexicon = build_lexicon([{"table": "dates.month_abbreviations", "entries": {"sept": 9, "sptmbr": 9}}])
    found = find_dates("It was signed in Sptmbr 2019.", None, DateWords(lexicon))
    assert [(m.kind, m.value) for m in found] == [("month_year", "2019-09-01/2019-09-30")]


def test_dates_component_finds_what_the_text_finder_finds():
    """The date component's anchors from spaCy's tokens (numpy) give what find_dates gives alone."""
    import sys

    import spacy

    from extractor.components.dates import doc_anchors

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from corpus import make_corpus

    nlp, words = spacy.blank("en"), packaged_words()
    texts = make_corpus(40) + [text for _, text, _, _ in (case.values for case in CASE_LIST + NEWS_CASE_LIST)]
    texts += ["It began in mid-2015 and cost US$2015; by 2,000 troops in the '90s.", "the weekend2019 x2019"]
    for text in texts:
        for doc_date in ("2019-06-23", None):
            assert find_dates(text, doc_date, words, *doc_anchors(nlp.make_doc(text), words)) == \
                find_dates(text, doc_date, words), text


def test_dates_component_anchors_follow_the_date_words_on_one_vocab():
    """The anchor table a vocab keeps is rebuilt for other date words (a user's lexicon)."""
    import spacy

    from extractor.components.dates import doc_anchors
    from extractor.dates import DateWords
    from extractor.lexicon import build_lexicon

    nlp = spacy.blank("en")
    extended = DateWords(build_lexicon([{"table": "dates.month_abbreviations", "entries": {"sptmbr": 9}}]))
    text = "It was signed in Sptmbr 2019."
    for words, expected in [(packaged_words(), [(5, "<digit>")]), (extended, [(4, "<month>"), (5, "<digit>")]),
                            (packaged_words(), [(5, "<digit>")])]:
        assert doc_anchors(nlp.make_doc(text), words)[1] == expected
        assert [(m.kind, m.value) for m in find_dates(text, None, words, *doc_anchors(nlp.make_doc(text), words))] == \
            [(m.kind, m.value) for m in find_dates(text, None, words)]
