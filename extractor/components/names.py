"""Rules for names the knowledge base lacks.

- a title before a capitalised name: "Deputy Prime Minister Walid Muallem",
  "vice foreign minister Im Chon Il" -> LEADER (the title stays out);
- organisation names: "the Syrian Ministry of Foreign Affairs", "Ministry of
  Defence", "<Name> University", "University of <Name>" -> ORG;
- short references: "Kim", "Muallem" after a full name in the same document ->
  LEADER mentions of that person.
Title words are data (kb/data/titles.json), shared with the relation rules.
"""
from __future__ import annotations

import json
from bisect import bisect_left
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .batched import BatchedComponent
from ..extensions import (Mention, TokenTexts, WorkingSetStep, filter_mentions, get_mentions, install_extensions,
                          text_of, token_bounds)
from ..kb.loader import DATA

NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "de", "da", "di", "van", "von", "der", "la", "le", "du"})
NAME_JOINERS = frozenset({"-", "–", "‑"})
NAME_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III"})
NOT_NAMES = frozenset(
    "The A An Of In On At For And But Or To From By With As This That These Those It He She "
    "They We I His Her Their Its Our Mr Mrs Ms Dr Sir".split()
)
MONTHS_AND_DAYS = frozenset(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)
ORG_HEADS = ["Ministry", "Department", "Agency", "Commission", "Committee", "Bureau", "Office", "Directorate",
             "Organization", "Organisation", "Forces", "Bank", "Council", "Assembly", "Court", "Service"]
# a capitalised name ending in one of these is an organisation ("China Coast Guard",
# "Sudanese Armed Forces", "African Union Commission")
ORG_SUFFIXES = ["Guard", "Army", "Navy", "Forces", "Force", "Ministry", "Commission", "Council",
                "Parliament", "Assembly", "Agency", "Organization", "Organisation", "Bank", "Party",
                "Police", "Court", "Corps", "Front", "Movement", "Brigade", "Brigades", "Committee",
                "Authority", "Service", "Services", "Command", "Union"]
MAX_NAME_TOKENS = 5


@lru_cache(maxsize=1)
def title_words() -> dict:
    """Titles by kind ('leader', 'official') from kb/data/titles.json."""
    data = json.loads((DATA / "titles.json").read_text(encoding="utf-8"))
    return {kind: data[kind] for kind in ("leader", "official")}


def _is_name_word(text: str) -> bool:
    """A capitalised word of letters that is no function word, month or weekday."""
    return text[:1].isupper() and text.isalpha() and text not in NOT_NAMES and text not in MONTHS_AND_DAYS


def name_after(words: TokenTexts, start: int, stop: frozenset | set = frozenset()) -> int:
    """End token index of a capitalised name starting at `start` (== start if
    none); the name ends before any token index in `stop`."""
    if start >= len(words) or not _is_name_word(words[start]):
        return start
    end = start + 1
    while end < len(words) and end - start < MAX_NAME_TOKENS and end not in stop:
        word = words[end]
        nxt = words[end + 1] if end + 1 < len(words) else None
        if _is_name_word(word) or (word in NAME_SUFFIXES and end - start >= 2):
            end += 1
        elif nxt is not None and (word in NAME_JOINERS and nxt.isalpha()
                                  and not words.space_after(end) and not words.space_after(end - 1)):
            end += 2
        elif nxt is not None and word.lower() in NAME_PARTICLES and _is_name_word(nxt) or (
            word.lower() in NAME_PARTICLES and nxt is not None and nxt in NAME_JOINERS):
            end += 1
        else:
            break
    return end


def name_before_title(words: TokenTexts, title_start: int, taken: set, states: set) -> Mention | None:
    """A LEADER mention for 'Name, the [demonym] <title>' ("Mohammad Eslami, the head of ...");
    `states` holds the tokens of STATE mentions."""
    i = title_start - 1
    while i >= 0 and (i in states or words[i].lower() == "the"):
        i -= 1
    if i < 1 or words[i] != ",":
        return None
    end = i
    start = end
    while start > 0 and end - start < MAX_NAME_TOKENS - 1 and _is_name_word(words[start - 1]):
        start -= 1
    if end - start < 2 or any(t in taken for t in range(start, end)):
        return None
    return Mention(start, end, "LEADER")


ORG_OPENERS = ["University", "Academy", "Institute"]  # "University of X"
ORG_CLOSERS = ["University", "Academy", "College", "Institute"]  # "X University"
ORG_ANCHOR = "org_anchor"
ORG_ANCHOR_WORDS = sorted(set(ORG_HEADS + ORG_SUFFIXES + ORG_OPENERS + ORG_CLOSERS))
NOT_NAME_START = frozenset({"the", "a", "an", "in", "on", "at", "by", "from"})


def _title_word(word: str) -> bool:
    return word.istitle() and word.lower() not in NOT_NAME_START


def _run_left(words: TokenTexts, i: int) -> int:
    """Start of the capitalised words ending right before token i."""
    while i > 0 and _title_word(words[i - 1]):
        i -= 1
    return i


def _run_right(words: TokenTexts, i: int) -> int:
    """End of the capitalised words starting at token i, one 'and'/'&' allowed inside."""
    end = i
    while end < len(words) and _title_word(words[end]):
        end += 1
    if end > i and end + 1 < len(words) and words[end] in ("and", "&") and _title_word(words[end + 1]):
        return _run_right(words, end + 1)
    return end


def org_span(words: TokenTexts, anchor: int) -> Mention | None:
    """The organisation name around an anchor word: '[Name] Ministry of X',
    'University of X', 'X University', 'China Coast Guard'."""
    word = words[anchor]
    start = _run_left(words, anchor)
    has_of = anchor + 2 < len(words) and words[anchor + 1] == "of"
    if has_of and (word in ORG_HEADS or word in ORG_OPENERS):
        first = anchor + 2 + (words[anchor + 2].lower() == "the")
        end = _run_right(words, first)
        if end > first:
            return Mention(start, end, "ORG")
    if start < anchor and (word in ORG_SUFFIXES or word in ORG_CLOSERS):
        return Mention(start, anchor + 1, "ORG")
    return None


@Language.factory("extractor_names", assigns=["doc.ents"], default_config={})
def make_name_rules(nlp: Language, name: str) -> "NameRules":
    """Create the name rules."""
    return NameRules(nlp, name)


class NameRules(BatchedComponent):
    """Title + name, organisation-name and short-reference rules."""

    def __init__(self, nlp: Language, name: str) -> None:
        install_extensions()
        self.name = name
        self.step = WorkingSetStep(nlp, name)
        # titles and organisation anchor words, found in one pass
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for kind, words in title_words().items():
            self.matcher.add(kind, list(nlp.tokenizer.pipe(words)))
        self.matcher.add(ORG_ANCHOR, [nlp.make_doc(word) for word in ORG_ANCHOR_WORDS])
        self.org_anchor = nlp.vocab.strings[ORG_ANCHOR]

    def __call__(self, doc: Doc) -> Doc:
        mentions = self.add(get_mentions(doc), self.match(doc))
        self.step.finish(doc, self.add(mentions, short_references(doc, mentions)))
        return doc

    def match(self, doc: Doc) -> list[Mention]:
        """Names after titles and organisation names (a longer existing mention wins later)."""
        titles, anchors = [], []
        for match in self.matcher(doc):
            (anchors if match[0] == self.org_anchor else titles).append(match)
        words = TokenTexts(doc)
        return self.titled_names(doc, words, titles) + self.org_names(words, [start for _, start, _ in anchors])

    def titled_names(self, doc: Doc, words: TokenTexts, matches: list[tuple]) -> list[Mention]:
        """LEADER mentions for capitalised names right after a title.

        words (TokenTexts): the doc's token texts.
        matches (list[tuple]): (match_id, start, end) of the titles in the doc.
        """
        if not matches:
            return []
        title_tokens = {i for _, start, end in matches for i in range(start, end)}
        mentions = get_mentions(doc)
        # a place name may start a person's name ("aide Vladimir Medinsky")
        taken = title_tokens | _tokens_of(m for m in mentions if m.label != "LOCATION")
        states = _tokens_of(m for m in mentions if m.label == "STATE")
        found = []
        for _, start, end in matches:
            comma = end + 1 < len(words) and words[end] == ","
            end += comma  # "Egypt's foreign minister, Sameh Shoukry": a full name only
            name_end = name_after(words, end, stop=title_tokens)
            if name_end - end > comma and end not in taken:
                found.append(Mention(end, name_end, "LEADER"))
            appositive = name_before_title(words, start, taken, states)
            if appositive is not None:
                found.append(appositive)
        return found

    def org_names(self, words: TokenTexts, anchors: list[int]) -> list[Mention]:
        """ORG mentions for ministries, departments and universities, with a state
        demonym or name right before them ("Syrian Ministry of ...") inside.

        words (TokenTexts): the doc's token texts.
        anchors (list[int]): tokens that are organisation words ("Ministry").
        """
        found = [mention for mention in (org_span(words, anchor) for anchor in anchors) if mention is not None]
        return filter_mentions(found) if found else found

    @staticmethod
    def add(mentions: list[Mention], new: list[Mention]) -> list[Mention]:
        """The mentions with the new ones; a longer mention replaces the shorter ones it covers."""
        return filter_mentions(mentions + new) if new else mentions


def _tokens_of(mentions) -> set[int]:
    return {i for m in mentions for i in range(m.start, m.end)}


def short_forms(doc: Doc, mention: Mention) -> frozenset[str]:
    """How a person named in full may be named again: first word, last word,
    and the particle form of the surname ("Kim", "Burhan", "al-Burhan").

    doc (Doc): the document.
    mention (Mention): a LEADER mention (other labels have no short forms).
    RETURNS (frozenset[str]): the short forms.
    """
    if mention.label != "LEADER" or mention.end - mention.start < 2:
        return frozenset()
    starts, ends = token_bounds(doc)
    first = starts[mention.start]
    offsets = tuple((starts[i] - first, ends[i] - first) for i in range(mention.start, mention.end))
    return _short_forms(text_of(doc)[first:ends[mention.end - 1]], offsets)


@lru_cache(maxsize=8192)
def _short_forms(text: str, offsets: tuple) -> frozenset[str]:
    """Short forms of a name from its text and its tokens' (start, end) in it."""
    words = [text[start:end] for start, end in offsets]
    alpha = [word for word in words if word.isalpha()]
    if len(alpha) < 2:
        return frozenset()
    forms = {word for word in (alpha[0], alpha[-1]) if len(word) > 2 and word[0].isupper()}
    particles = [k for k, word in enumerate(words) if k > 0 and word.lower() in NAME_PARTICLES]
    if particles:
        forms.add(text[offsets[particles[-1]][0]:])
    return frozenset(forms)


def _short_keys(doc: Doc, mentions: list[Mention]) -> dict:
    keys: dict = {}
    for m in mentions:
        if m.label == "LEADER" and m.end - m.start > 1:
            for form in short_forms(doc, m):
                keys.setdefault(form, []).append(m)
    return keys


def short_references(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """LEADER mentions for a lone first or last name of a person named in full
    earlier in the document ("Kim" after "Kim Jong Un"); the linker gives them
    that person's identity."""
    keys = _short_keys(doc, mentions)
    if not keys:
        return []
    words = TokenTexts(doc)
    spans = [span for key in keys for span in _positions(words, key)]
    entity_tokens = _tokens_of(mentions)
    return [Mention(start, end, "LEADER") for start, end in sorted(spans)
            if _stands_alone(words, start, end, entity_tokens)]


def _positions(words: TokenTexts, form: str) -> list[tuple[int, int]]:
    """Token ranges whose text is the form: one token's text for a word ("Kim"),
    tokens from one's start to another's end for a phrase ("al-Burhan")."""
    text, starts, ends = words.text, words.starts, words.ends
    one_token = " " not in form and "-" not in form
    found, at = [], text.find(form)
    while at >= 0:
        first, last = bisect_left(starts, at), bisect_left(ends, at + len(form))
        if first < len(starts) and starts[first] == at and last < len(ends) and ends[last] == at + len(form) and (
                last == first or not one_token):
            found.append((first, last + 1))
        at = text.find(form, at + 1)
    return found


def _stands_alone(words: TokenTexts, start: int, end: int, entity_tokens: set) -> bool:
    """Whether tokens [start, end) are outside the entities, with no name word or
    name joiner right before or after them."""
    if any(i in entity_tokens for i in range(start, end)):
        return False
    neighbours = [words[i] for i in (start - 1, end) if 0 <= i < len(words)]
    return not any(_is_name_word(word) or word in NAME_JOINERS for word in neighbours)
