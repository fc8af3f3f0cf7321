"""Rules for names the knowledge base lacks.

- a title before a capitalised name: "Deputy Prime Minister Walid Muallem",
  "vice foreign minister Im Chon Il" -> LEADER (the title stays out);
  "Name, the [demonym] <title>" -> LEADER;
- organisation names: "the Syrian Ministry of Foreign Affairs", "Ministry of Defence",
  "<Name> University", "University of <Name>", "China Coast Guard" -> ORG, with the state
  of a STATE entity inside it;
- named places the knowledge base lacks: "the Nigerian village of Ngoshe", "the town of
  Masaya" -> LOCATION;
- short references: "Kim", "Muallem", "al-Burhan" after a full name in the same
  document -> LEADER mentions (the linker gives them that person's identity).
Titles and the word lists are the lexicon's (`titles.jsonl`, `words.json` `names.*`).
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Callable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_chain_spans

from .base import DEFAULT_ENTS_FILTER, EntityComponent, Found, UsesKnowledge
from ..entities import labelled_entities, longest_first
from ..extensions import Identities, doc_text, token_offsets
from ..lemmas import lemma
from ..kb import particle_variants
from ..lexicon import Lexicon

MAX_NAME_TOKENS = 5
TITLE_LINE_WORDS, TITLE_LINE_SHARE = 4, 0.6  # a headline: this many words, this share capitalised
HEADLINE_CHARS = 300  # at most this long
TITLE, ORG_ANCHOR, PLACE = "title", "org_anchor", "place"


@Language.factory("extractor_names", assigns=["doc.ents", "span._.state"],
                  default_config={"lexicon": {"@misc": "extractor.lexicon.v1"}, "ents_filter": DEFAULT_ENTS_FILTER})
def make_name_rules(nlp: Language, name: str, lexicon: Lexicon, ents_filter: Callable) -> "NameRules":
    """Create the name rules."""
    return NameRules(nlp, name, lexicon, ents_filter)


class NameWords:
    """The lexicon's name words, and the tests on a word the rules make."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.particles = lexicon.words("names.particles")
        self.joiners = lexicon.words("names.joiners")
        self.suffixes = lexicon.words("names.suffixes")
        months_and_days = {w.capitalize() for w in lexicon.words("dates.month_names") | lexicon.words("dates.weekdays")}
        self.not_names = lexicon.words("names.not_names") | months_and_days
        self.org_heads = lexicon.words("names.org_heads")
        self.org_suffixes = lexicon.words("names.org_suffixes")
        self.org_openers = lexicon.words("names.org_openers")
        self.org_closers = lexicon.words("names.org_closers")
        self.not_name_start = lexicon.words("names.not_name_start")
        self.org_anchors = sorted(self.org_heads | self.org_suffixes | self.org_openers | self.org_closers)
        self.place_openers = sorted(f"{noun} of" for noun in lexicon.words("places.named_after_of"))

    def is_name(self, text: str) -> bool:
        """A capitalised word of letters that is no function word, month or weekday."""
        return text[:1].isupper() and text.isalpha() and text not in self.not_names

    def is_title_case(self, text: str) -> bool:
        """A capitalised word that may open an organisation name."""
        return text.istitle() and text.lower() not in self.not_name_start


class NameRules(UsesKnowledge, EntityComponent):
    """Title + name, organisation-name and short-reference rules."""

    def __init__(self, nlp: Language, name: str, lexicon: Lexicon, ents_filter: Callable = filter_chain_spans) -> None:
        super().__init__(name, ents_filter)
        self.nlp = nlp
        self.set_knowledge(None, lexicon)

    def set_knowledge(self, kb, lexicon: Lexicon) -> None:
        """Use this lexicon: its titles and organisation words, found in one pass."""
        super().set_knowledge(None, lexicon)
        self.words = NameWords(lexicon)
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.matcher.add(TITLE, list(self.nlp.tokenizer.pipe(list(lexicon.titles))))
        self.matcher.add(ORG_ANCHOR, list(self.nlp.tokenizer.pipe(self.words.org_anchors)))
        self.matcher.add(PLACE, list(self.nlp.tokenizer.pipe(self.words.place_openers)))
        self.org_anchor, self.place = self.nlp.vocab.strings[ORG_ANCHOR], self.nlp.vocab.strings[PLACE]

    def match(self, doc: Doc) -> list[Found]:
        """Names after titles, organisation names, then short references of the leaders so far."""
        titles, anchors, places = [], [], []
        for match in self.matcher(doc):
            (anchors if match[0] == self.org_anchor else places if match[0] == self.place else titles).append(match)
        ents = labelled_entities(doc)
        found = self.titled_names(doc, ents, titles) + self.org_names(doc, ents, [s for _, s, _ in anchors])
        found += self.place_names(doc, _tokens_of(ents) | _tokens_of(found), [e for _, _, e in places])
        leaders = [(start, end) for start, end, label in ents if label == "LEADER"] + [
            (f.start, f.end) for f in found if f.label == "LEADER"]
        taken = _tokens_of(ents) | _tokens_of(found)
        return found + self.short_references(doc, leaders, taken)

    def titled_names(self, doc: Doc, ents: list, matches: list[tuple]) -> list[Found]:
        """LEADER mentions for capitalised names right after a title, or before ', the <title>'.

        doc (Doc): the document.
        ents (list[tuple]): the entities so far, (start, end, label).
        matches (list[tuple]): (match_id, start, end) of the titles in the doc.
        """
        if not matches:
            return []
        title_tokens = _tokens_of((start, end) for _, start, end in matches)
        # a place name may start a person's name ("aide Vladimir Medinsky")
        taken = title_tokens | _tokens_of(e for e in ents if e[2] != "LOCATION")
        states = _tokens_of(e for e in ents if e[2] == "STATE")
        found = []
        for _, start, end in matches:
            comma = end + 1 < len(doc) and doc[end].text == ","
            end += comma  # "Egypt's foreign minister, Sameh Shoukry": a full name only
            name_end = self.name_after(doc, end, stop=title_tokens, headline=_in_title_case_line(doc, end))
            if name_end - end > comma and end not in taken:
                found.append(Found(end, name_end, "LEADER"))
            appositive = self.name_before_title(doc, start, taken, states)
            if appositive is not None:
                found.append(appositive)
        return found

    def name_after(self, doc: Doc, start: int, stop: set = frozenset(), headline: bool = False) -> int:
        """End token of a capitalised name starting at `start` (== start if none); the name
        ends before any token in `stop`, and in a headline before an inflected word
        ("U.S. Envoy Visits Caracas": 'Visits' is no name)."""
        words = self.words
        if start >= len(doc) or not words.is_name(doc[start].text) or (headline and _inflected(doc[start].text)):
            return start
        end = start + 1
        while end < len(doc) and end - start < MAX_NAME_TOKENS and end not in stop:
            word, nxt = doc[end].text, doc[end + 1].text if end + 1 < len(doc) else None
            if headline and _inflected(word):
                break
            if words.is_name(word) or (word in words.suffixes and end - start >= 2):
                end += 1
            elif nxt is not None and word in words.joiners and nxt.isalpha() and not (
                    doc[end].whitespace_ or doc[end - 1].whitespace_):
                end += 2
            elif nxt is not None and word.lower() in words.particles and (words.is_name(nxt) or nxt in words.joiners):
                end += 1
            else:
                break
        return end

    def name_before_title(self, doc: Doc, title_start: int, taken: set, states: set):
        """A LEADER for 'Name, the [demonym] <title>' ("Mohammad Eslami, the head of ...")."""
        i = title_start - 1
        while i >= 0 and (i in states or doc[i].lower_ == "the"):
            i -= 1
        if i < 1 or doc[i].text != ",":
            return None
        start = end = i
        while start > 0 and end - start < MAX_NAME_TOKENS - 1 and self.words.is_name(doc[start - 1].text):
            start -= 1
        if end - start < 2 or any(t in taken for t in range(start, end)):
            return None
        return Found(start, end, "LEADER")

    def org_names(self, doc: Doc, ents: list, anchors: list[int]) -> list[Found]:
        """ORG mentions for ministries, departments and universities; a STATE entity inside
        one gives it its state ("Syrian Ministry of ...")."""
        runs = TitleRuns(doc, self.words)
        bounds = [self.org_span(doc, anchor, runs) for anchor in anchors]
        states, identities = [e for e in ents if e[2] == "STATE"], Identities(doc)
        starts, ends = token_offsets(doc)
        found = []
        for start, end in longest_first(filter(None, bounds)):
            inside = next((e for e in states if start <= e[0] and e[1] <= end), None)
            state = None if inside is None else identities.get(starts[inside[0]], ends[inside[1] - 1]).get("kb_id")
            found.append(Found(start, end, "ORG", {"state": state} if state else None))
        return found

    def org_span(self, doc: Doc, anchor: int, runs: "TitleRuns"):
        """The organisation name around an anchor word: '[Name] Ministry of X',
        'University of X', 'X University', 'China Coast Guard'; (start, end) or None."""
        words, word = self.words, doc[anchor].text
        start = runs.start(anchor)
        has_of = anchor + 2 < len(doc) and doc[anchor + 1].text == "of"
        if has_of and (word in words.org_heads or word in words.org_openers):
            first = anchor + 2 + (doc[anchor + 2].lower_ == "the")
            end = runs.run_right(first)
            if end > first:
                return start, end
        if start < anchor and (word in words.org_suffixes or word in words.org_closers):
            return start, anchor + 1
        return None

    def place_names(self, doc: Doc, taken: set, ends: list[int]) -> list[Found]:
        """LOCATION mentions for the capitalised name after 'village of', 'town of' ... that
        no entity holds ("the Nigerian village of Ngoshe")."""
        found = []
        for start in ends:
            end = self.name_after(doc, start)
            if end > start and not any(i in taken for i in range(start, end)):
                found.append(Found(start, end, "LOCATION"))
        return found

    def short_references(self, doc: Doc, leaders: list[tuple[int, int]], taken: set) -> list[Found]:
        """LEADER mentions for a lone first or last name (or the particle form of the
        surname) of a person named in full in the document ("Kim" after "Kim Jong Un")."""
        forms = {form for start, end in leaders for form in short_forms(doc, start, end, self.words.particles)}
        if not forms:
            return []
        spans = sorted(span for form in forms for span in _positions(doc, form))
        return [Found(start, end, "LEADER") for start, end in spans if self._stands_alone(doc, start, end, taken)]

    def _stands_alone(self, doc: Doc, start: int, end: int, taken: set) -> bool:
        """Tokens [start, end) outside the entities, with no name word or joiner beside them;
        in a title-case line (a headline: "Dar Visits Ankara") capitalised words are no names."""
        if any(i in taken for i in range(start, end)):
            return False
        neighbours = [doc[i].text for i in (start - 1, end) if 0 <= i < len(doc)]
        headline = _in_title_case_line(doc, start)
        return not any((self.words.is_name(word) and not headline) or word in self.words.joiners
                       for word in neighbours)


def _inflected(word: str) -> bool:
    """An English word in an inflected form ('Visits', 'Says', 'Warned'): its lookup lemma differs."""
    lower = word.lower()
    return lemma(lower) != lower


def _in_title_case_line(doc: Doc, i: int) -> bool:
    """Whether token i sits in a line of at least TITLE_LINE_WORDS words and at most
    HEADLINE_CHARS characters, most of them capitalised (a headline)."""
    text, at = doc_text(doc), doc[i].idx
    start = text.rfind("\n", max(0, at - HEADLINE_CHARS), at) + 1
    end = text.find("\n", at, at + HEADLINE_CHARS)
    if (start == 0 and at > HEADLINE_CHARS) or (end < 0 and len(text) - at > HEADLINE_CHARS):
        return False  # a line this long is no headline (and is not read again for each name)
    words = [w for w in text[start:end if end >= 0 else len(text)].split() if w[:1].isalpha()]
    return len(words) >= TITLE_LINE_WORDS and sum(w[0].isupper() for w in words) >= TITLE_LINE_SHARE * len(words)


def short_forms(doc: Doc, start: int, end: int, particles: frozenset) -> set[str]:
    """How a person named in full by tokens [start, end) may be named again: first word,
    last word, and the particle form of the surname in its spellings ("Kim", "Burhan",
    "al-Burhan", "Al Burhan").

    doc (Doc): the document.
    start (int): the name's first token.
    end (int): the token after its last.
    particles (frozenset): name particles (lower case: "al", "bin", "van").
    RETURNS (set[str]): the short forms.
    """
    words = [doc[i].text for i in range(start, end)]
    alpha = [word for word in words if word.isalpha()]
    if end - start < 2 or len(alpha) < 2:
        return set()
    forms = {word for word in (alpha[0], alpha[-1]) if len(word) > 2 and word[0].isupper()}
    marked = [k for k, word in enumerate(words) if k > 0 and word.lower() in particles]
    if marked:
        first_char, last = doc[start + marked[-1]].idx, doc[end - 1]
        forms |= particle_variants(doc_text(doc)[first_char:last.idx + len(last)], particles)
    return forms


def _tokens_of(spans) -> set[int]:
    """The token indexes inside (start, end, ...) spans."""
    return {i for span in spans for i in range(span[0], span[1])}


def _positions(doc: Doc, form: str) -> list[tuple[int, int]]:
    """Token ranges whose text is the form: one token's text for a word ("Kim"), tokens
    from one's start to another's end for a phrase ("al-Burhan")."""
    text, (starts, ends) = doc_text(doc), token_offsets(doc)
    one_token = " " not in form and "-" not in form
    found, at = [], text.find(form)
    while at >= 0:
        first, last = bisect_left(starts, at), bisect_left(ends, at + len(form))
        if first < len(starts) and starts[first] == at and last < len(ends) and ends[last] == at + len(form) and (
                last == first or not one_token):
            found.append((first, last + 1))
        at = text.find(form, at + 1)
    return found


class TitleRuns:
    """The runs of title-case words of one Doc, each word tested once: `org_span` would
    walk a long run again from every anchor in it ("University University ...")."""

    def __init__(self, doc: Doc, words: NameWords) -> None:
        self.doc, self.words = doc, words
        self._title: dict[int, bool] = {}
        self._starts: dict[int, int] = {}

    def title(self, i: int) -> bool:
        """Whether token i is a title-case word that may open an organisation name."""
        if i not in self._title:
            self._title[i] = self.words.is_title_case(self.doc[i].text)
        return self._title[i]

    def start(self, i: int) -> int:
        """The first token of the run of title-case words that ends right before token i."""
        path = []
        while i > 0 and i not in self._starts and self.title(i - 1):
            path.append(i)
            i -= 1
        start = self._starts.get(i, i)
        for k in path:
            self._starts[k] = start
        return start

    def run_right(self, i: int) -> int:
        """End of the capitalised words starting at token i, 'and'/'&' allowed between them."""
        doc, end = self.doc, i
        while True:
            while end < len(doc) and self.title(end):
                end += 1
            if not (end > i and end + 1 < len(doc) and doc[end].text in ("and", "&") and self.title(end + 1)):
                return end
            i = end = end + 1
