"""The discourse step: pronouns and descriptions that stand for a named actor.

Each reference found becomes a span of `doc.spans["extractor_references"]` whose
`span._.refers_to` is the character offsets of the named mention it stands for (its
label is that mention's; a pair, "both leaders", has the offsets of both: [s1, e1, s2,
e2]), so the relation component can take it as an actor:
- a leader's regime: "the Syrian regime" makes Syria the regime, and a later bare "the
  regime" / "its regime" stands for it;
- a leader by description: "the Syrian regime leader", "the Russian president", "Japan's
  foreign minister", "the UN chief", "the former US president": the person named in the
  text who holds (held) that office of that state or organisation on the document's date
  (the knowledge base's terms), else the nearest earlier leader of that state; where the
  text names no such person, the KB's holder, as the span's identity (kb_id, canonical,
  state) with no `refers_to`;
- a state by description: "the Asian state", "the country", "the kingdom": the nearest
  earlier state;
- a pair: "both leaders", "the two countries", "both governments" -> the two nearest earlier
  distinct leaders (states); a later "them" / "they" in its sentence or the next stands
  for the same pair ("phoned both leaders and urged them");
- a capital visited: "Dar visits Ankara", "toured Nairobi" -> the
  nearest mention of its state (the visit is a meeting with the state; the capital stays
  a LOCATION entity);
- a pronoun: "he", "his", "she", "her" -> the nearest earlier leader; "its", and "it" as
  the object of an act done to a party ("urged it to go further"), -> the nearest earlier
  state or organisation;
- "we", "our", "us" inside a quotation -> the speaker the attribution names ('"We condemn
  it," Lavrov said').
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Optional

import numpy
from spacy.attrs import LOWER, SENT_START
from spacy.strings import hash_string
from spacy.language import Language
from spacy.tokens import Doc, Span

from .base import BatchedComponent, UsesKnowledge
from ..entities import labelled_entities
from ..extensions import Identities, install_extensions, token_offsets
from ..kb import KnowledgeBase
from ..lemmas import lemma
from ..lexicon import Lexicon

REFERENCES = "extractor_references"
LOOKBACK = 200  # entities a reference looks back over
ATTRIBUTION_WINDOW = 6  # tokens after a closing quote where "X said" names the speaker
VISIT_REACH = 4  # words before a capital where a word of visiting makes it the state visited
SIDE = "SIDE"  # 'the two sides': two actors of any label, of two states
PARTY_LABELS = ("LEADER", "STATE", "ORG")


@Language.factory("extractor_references", requires=["doc.ents"], assigns=["doc.spans"],
                  default_config={"kb": {"@misc": "extractor.kb.v1"}, "lexicon": {"@misc": "extractor.lexicon.v1"}})
def make_references(nlp: Language, name: str, kb: KnowledgeBase, lexicon: Lexicon) -> "References":
    """Create the discourse component."""
    return References(name, kb, lexicon)


class References(UsesKnowledge, BatchedComponent):
    """Finds the pronouns and descriptions of the module docstring and what they stand for."""

    def __init__(self, name: str, kb: KnowledgeBase, lexicon: Lexicon) -> None:
        install_extensions()
        if not Span.has_extension("refers_to"):
            Span.set_extension("refers_to", default=None)
        self.name = name
        self.set_knowledge(kb, lexicon)

    def set_knowledge(self, kb: KnowledgeBase, lexicon: Lexicon) -> None:
        """Use this KB (office terms) and lexicon (the description words)."""
        super().set_knowledge(kb, lexicon)
        words = lexicon.words
        self.regime_words, self.leader_words = words("actors.regime_words"), words("actors.leader_words")
        self.country_words = words("actors.country_words")
        self.pair_openers = words("actors.pair_openers")
        self.pair_pronouns = words("actors.pair_pronouns")
        self.clause_openers = words("actors.clause_openers")
        self.visit_words = words("actors.visit_words")
        self.below_heads = words("actors.pair_below_heads")  # 'the two ministers' are no heads of state
        self.pair_nouns = {**dict.fromkeys(words("actors.pair_people"), "LEADER"),
                           **dict.fromkeys(words("actors.pair_states"), "STATE"),
                           **dict.fromkeys(words("actors.pair_sides"), SIDE)}
        self.person_pronouns = words("actors.person_pronouns")
        self.pronouns = {**dict.fromkeys(self.person_pronouns, ("LEADER",)),
                         **dict.fromkeys(words("actors.thing_pronouns"), ("STATE", "ORG"))}
        self.speaker_pronouns = words("actors.speaker_pronouns")
        self.it_after = words("actors.it_after")  # 'urged it to': "it" after these is a state or organisation
        self.former_words = words("names.former")
        self.quotes, self.said = words("relations.quote_marks"), words("actors.speech_verbs")
        self.titles = {tuple(t.split()): title for t, title in lexicon.titles.items()}
        self.title_words = frozenset(w for t in self.titles for w in t)
        self.title_starts = {t[0] for t in self.titles}
        self.longest_title = max((len(t) for t in self.titles), default=1)
        self.cue_words = (self.regime_words | self.leader_words | self.title_starts | self.country_words
                          | self.pair_openers | self.pair_pronouns
                          | self.pronouns.keys() | self.speaker_pronouns | {"it"})  # the words `reference_at` acts on
        self.cue_hashes = numpy.array(sorted({hash_string(w) for w in self.cue_words}), dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[tuple]:
        """(start, end, target) of each reference: its tokens and the mention it stands for
        (an entity index; a list of two for a pair), or the KB entry of an office-holder
        the text does not name."""
        return _Resolver(self, doc).resolve()

    def set_annotations(self, doc: Doc, found: list[tuple]) -> None:
        """Write the references as a span group, each span pointing at its mention, or
        carrying the identity of the KB's office-holder the text does not name."""
        ents, (starts, ends), identities = labelled_entities(doc), token_offsets(doc), Identities(doc)
        spans = []
        for start, end, target in found:
            if isinstance(target, list):  # a pair
                span = Span(doc, start, end, label=ents[target[0]][2])
                span._.refers_to = [offset for t in target for offset in (starts[ents[t][0]], ends[ents[t][1] - 1])]
            elif isinstance(target, int):
                span = Span(doc, start, end, label=ents[target][2])
                span._.refers_to = [starts[ents[target][0]], ends[ents[target][1] - 1]]
            else:
                span = Span(doc, start, end, label=target.label)
                identities.set(span.start_char, span.end_char, kb_id=target.id, canonical=target.canonical,
                               state=target.state)
            spans.append(span)
        doc.spans[REFERENCES] = spans


class _Resolver:
    """The references of one Doc, found left to right."""

    def __init__(self, owner: References, doc: Doc) -> None:
        self.o, self.doc = owner, doc
        strings, array = doc.vocab.strings, doc.to_array([LOWER, SENT_START])
        self.lower = [strings[h] for h in array[:, 0].tolist()]
        self.sent_starts = numpy.flatnonzero(array[:, 1] == 1).tolist()
        if len(array) and self.sent_starts[:1] != [0]:
            self.sent_starts.insert(0, 0)
        self.cue_positions = numpy.flatnonzero(numpy.isin(array[:, 0], owner.cue_hashes)).tolist()
        self.resolved: list[tuple[int, int]] = []  # (token, target) of the references so far
        self.ents = labelled_entities(doc)
        self.ent_starts = [e[0] for e in self.ents]
        self.ent_at = {t: i for i, e in enumerate(self.ents) for t in range(e[0], e[1])}
        (char_starts, char_ends), identities = token_offsets(doc), Identities(doc)
        self.fields = [identities.get(char_starts[s], char_ends[e - 1]) for s, e, _ in self.ents]
        self.regime: Optional[int] = None
        self.pair: Optional[tuple[int, list]] = None  # (sentence start, targets) of the last pair
        self.by_kb_id: Optional[dict] = None
        self.day = doc._.doc_date

    def resolve(self) -> list[tuple]:
        """(start, end, target) of each reference: an entity index, or a KB entry."""
        found = self._visited_capitals()
        for i in self.cue_positions:  # the tokens whose lower-case form is a cue word
            if i in self.ent_at:
                continue
            if self.lower[i] in self.o.pair_openers or self.lower[i] in self.o.pair_pronouns:
                pair = self._pair(i) if self.lower[i] in self.o.pair_openers else self._pair_again(i)
                if pair:
                    self.pair = (self._sentence_start(i), pair[0][2])
                found += pair
                continue
            ref = self.reference_at(i, self.lower[i])
            if ref is not None:
                found.append(ref)
                if isinstance(ref[2], int):
                    self.resolved.append((ref[0], ref[2]))
        return found

    def reference_at(self, i: int, word: str) -> Optional[tuple[int, int, int]]:
        o = self.o
        if word in o.regime_words:
            return self._regime(i)
        if word in o.leader_words or word in o.title_starts:
            return self._leader(i) if self._title_at(i) is not None else None
        if word in o.country_words:
            return self._country(i)
        if word in o.pronouns:
            target = self._earlier(i, o.pronouns[word])
            return None if target is None else (i, i + 1, target)
        if word in o.speaker_pronouns:
            target = self._speaker(i)
            return None if target is None else (i, i + 1, target)
        if word == "it" and self._after_an_act(i):
            target = self._earlier(i, ("STATE", "ORG"))
            return None if target is None else (i, i + 1, target)
        return None

    def _after_an_act(self, i: int) -> bool:
        """'it' as the object of an act done to a party ('urged it to', 'called on it to')."""
        before = [lemma(w) for w in self.lower[max(i - 2, 0):i]]
        return bool(before) and (before[-1] in self.o.it_after or " ".join(before) in self.o.it_after)

    # --- regimes and leaders ------------------------------------------------------

    def _named_before(self, i: int) -> Optional[int]:
        """The entity right before token i ('Assad regime', "Assad's regime", 'Syrian regime leader')."""
        j = i - 1
        while j >= 0 and self.lower[j] in ("'s", "’s", "regime"):
            j -= 1
        target = self.ent_at.get(j)
        return target if target is not None and self.ents[target][2] in ("LEADER", "STATE", "ORG") else None

    def _regime(self, i: int) -> Optional[tuple[int, int, int]]:
        """'the Syrian regime' names the regime; a later bare 'the regime' stands for it."""
        named = self._named_before(i)
        if named is not None:
            if self.ents[named][2] == "STATE":
                self.regime = named
            return None
        window = self.lower[max(i - 2, 0):i]
        if self.regime is None or not ("the" in window or "its" in window):
            return None
        return i, i + 1, self.regime

    def _leader(self, i: int) -> Optional[tuple[int, int, int]]:
        """'the Syrian regime leader', 'the Russian president', "Japan's foreign minister"."""
        end, title = self._title_at(i)
        if end < len(self.lower) and self.lower[end] in ("'s", "’s"):
            return None  # "the Russian president's office": not the person as an actor
        if end in self.ent_at or self._is_name(end) or self._named_after_comma(end):
            return None  # 'leader Kim', 'President Putin', 'the Iranian ambassador, Abbas Mousavi': the name follows
        holder = self._named_before(i)
        if holder is None and i > 0 and self.lower[i - 1] in self.o.regime_words:
            holder = self.regime  # "the regime leader"
        if holder is None or self.ents[holder][2] == "LEADER":
            return None
        start = self.ents[holder][0] if self._named_before(i) is not None else i
        former = self._former_before(start)
        leader = self._holder_mention(holder, title, former)
        if leader is None:
            return None
        return (start - 1 if former and self.lower[start - 1] in self.o.former_words else start), end, leader

    def _former_before(self, start: int) -> bool:
        """'the former US president', 'the ex-president'."""
        return any(w in self.o.former_words for w in self.lower[max(start - 2, 0):start])

    def _title_at(self, i: int) -> Optional[tuple[int, str]]:
        """The end of the longest title starting at token i and the title, None for none."""
        for size in range(self.o.longest_title, 0, -1):
            words = tuple(self.lower[i:i + size])
            if words in self.o.titles:
                return i + size, " ".join(words)
        return (i + 1, self.lower[i]) if self.lower[i] in self.o.leader_words else None

    def _named_after_comma(self, i: int) -> bool:
        """A LEADER mention set off by a comma at token i (an apposition naming the holder)."""
        after = self.ent_at.get(i + 1)
        return i < len(self.lower) and self.lower[i] == "," and after is not None and self.ents[after][2] == "LEADER"

    def _is_name(self, i: int) -> bool:
        return i < len(self.doc) and self.doc[i].is_title and self.doc[i].is_alpha

    def _holder_mention(self, holder: int, title: str, former: bool = False):
        """The mention of the person who holds (or, `former`, held) the titled office of a
        state or organisation on the document's date by the KB's terms; else the nearest
        earlier leader of it, for a title of a known kind of office ("the Russian president",
        "Cameroon's defence minister"; not "the US charge d'affaires"); else the KB's holder (a
        KBEntry) when the text names none."""
        of = self.fields[holder].get("kb_id")
        kb = self.o.kb
        held = []
        if of and kb is not None:
            held = kb.holders(of, title=title, day=self.day, former=former)
            for kind in self._office_kinds(title):
                held += [e for e in kb.holders(of, office=kind, day=self.day, former=former) if e not in held]
            for person in held:
                mention = self._mention_of(person.id, before=self.ents[holder][0])
                if mention is not None:
                    return mention
        if not former and (title in self.o.leader_words or self._office_kinds(title)):
            for j in reversed(self._earlier_entities(self.ents[holder][0])):
                if self.ents[j][2] == "LEADER" and of and self.fields[j].get("state") == of:
                    return j
        return held[0] if held and self.day else None

    def _office_kinds(self, title: str) -> list[str]:
        """The kinds of office a title names; a bare 'leader' is the head of state or of
        government ("the Mexican leader")."""
        if title in self.o.leader_words:
            return ["head_of_state", "head_of_government"]
        found = self.o.lexicon.titles.get(title)
        return [found.office] if found is not None and found.office != "other" else []

    def _mention_of(self, kb_id: str, before: int) -> Optional[int]:
        """A mention of a KB entity: the nearest before a token, else the first after it."""
        mentions = self._mentions_by_kb_id().get(kb_id)
        if not mentions:
            return None
        k = bisect_left(mentions[1], before)
        return mentions[0][k - 1] if k else mentions[0][0]

    def _mentions_by_kb_id(self) -> dict:
        """KB id -> (its mentions as entity indexes, their start tokens), in text order,
        read on first use."""
        if self.by_kb_id is None:
            self.by_kb_id = {}
            for j, fields in enumerate(self.fields):
                if fields.get("kb_id"):
                    found = self.by_kb_id.setdefault(fields["kb_id"], ([], []))
                    found[0].append(j)
                    found[1].append(self.ents[j][0])
        return self.by_kb_id

    # --- states, pronouns, speakers ----------------------------------------------------

    def _country(self, i: int) -> Optional[tuple[int, int, int]]:
        """'the Asian state', 'the country' (not 'the country's media', not 'the state X')."""
        lower = self.lower
        det = i - 1 if i > 0 and lower[i - 1] == "the" else i - 2
        if det < 0 or lower[det] != "the" or (i + 1) in self.ent_at:
            return None
        if i + 1 < len(lower) and lower[i + 1] in ("'s", "’s", "media", "department", "television", "news"):
            return None
        if det == i - 2 and ((i - 1) in self.ent_at or not self.doc[i - 1].is_alpha):
            return None
        bare = det == i - 1  # 'the country' may point back inside its sentence; 'the Asian state' before it
        target = self._earlier(det if bare else self._sentence_start(det), ("STATE",))
        return None if target is None else (det, i + 1, target)

    def _pair(self, i: int) -> list[tuple[int, int, list]]:
        """'both leaders', 'the two countries': one reference to the two nearest earlier
        distinct entities of the noun's label (before its sentence, unless it opens a
        clause), in text order; 'the two sides': the nearest actors of two states; none when
        fewer are named."""
        lower = self.lower
        noun = i + 1 + (i + 2 < len(lower) and lower[i + 1] in self.o.title_words)  # 'the two foreign ministers'
        label = self.o.pair_nouns.get(lower[noun]) if noun < len(lower) else None
        if label is None or (lower[i] == "two" and (i == 0 or lower[i - 1] != "the")):
            return []
        start = i - 1 if lower[i] == "two" else i
        if label == SIDE and self.pair is not None and self.pair[0] >= self._previous_sentence_start(start):
            return [(start, noun + 1, self.pair[1])]  # "The two countries' armies exchanged fire. China urged both sides"
        opens_clause = start > 0 and lower[start - 1] in self.o.clause_openers  # "met on Monday, and the two leaders"
        targets, keys = [], set()
        floor = self._previous_sentence_start(start) if label == SIDE else 0  # 'sides' are those just named
        for j in reversed(self._earlier_entities(start if opens_clause else self._sentence_start(start))):
            if self.ents[j][0] < floor:
                break
            key = self.fields[j].get("kb_id") or self.doc[self.ents[j][0]:self.ents[j][1]].text
            if label == SIDE:
                key = self.fields[j].get("state") or key
            if lower[noun] in self.o.below_heads and self._heads_only(j):
                continue  # "Fidan and Dar ... Erdogan praised ... The two ministers urged": not Erdogan
            if (self.ents[j][2] == label or (label == SIDE and self.ents[j][2] in PARTY_LABELS)) and key not in keys:
                targets.append(j)
                keys.add(key)
            if len(targets) == 2:
                return [(start, noun + 1, targets[::-1])]
        return []

    def _heads_only(self, j: int) -> bool:
        """Whether the KB gives the person of entity j only a head of state's or government's
        office on the document's date."""
        entry = self.o.kb.entries.get(self.fields[j].get("kb_id")) if self.o.kb is not None else None
        roles = entry.roles_on(self.day) if entry is not None else []
        return bool(roles) and all(r.is_office(office="head_of_state") or r.is_office(office="head_of_government")
                                   for r in roles)

    def _previous_sentence_start(self, i: int) -> int:
        k = bisect_left(self.sent_starts, i + 1) - 1
        return self.sent_starts[k - 1] if k > 0 else 0

    def _pair_again(self, i: int) -> list[tuple[int, int, list]]:
        """'them' / 'they' after a pair in the same or the previous sentence: that pair."""
        if self.pair is None:
            return []
        return [(i, i + 1, self.pair[1])] if self.pair[0] >= self._previous_sentence_start(i) else []

    def _visited_capitals(self) -> list[tuple[int, int, int]]:
        """A capital LOCATION after a word of visiting (at most VISIT_REACH words before it in
        its sentence) stands for the nearest mention of its state."""
        kb, found = self.o.kb, []
        if kb is None:
            return found
        for k, (start, end, label) in enumerate(self.ents):
            entry = kb.entries.get(self.fields[k].get("kb_id")) if label == "LOCATION" else None
            if entry is None or not entry.capital_of or not any(w in self.o.visit_words for w in self.lower[
                    max(start - VISIT_REACH, self._sentence_start(start)):start]):
                continue
            state = self._nearest_mention(entry.capital_of, start)
            if state is not None:
                found.append((start, end, state))
        return found

    def _nearest_mention(self, kb_id: str, position: int) -> Optional[int]:
        """The STATE mention of a KB id nearest a token, before or after it, one in the
        token's sentence first."""
        mentions = [j for j in self._mentions_by_kb_id().get(kb_id, ([], []))[0] if self.ents[j][2] == "STATE"]
        sentence = self._sentence_start(position)
        return min(mentions, key=lambda j: (self._sentence_start(self.ents[j][0]) != sentence,
                                            abs(self.ents[j][0] - position)), default=None)

    def _sentence_start(self, i: int) -> int:
        return self.sent_starts[bisect_left(self.sent_starts, i + 1) - 1]

    def _earlier_entities(self, position: int) -> list[int]:
        end = bisect_left(self.ent_starts, position)
        return list(range(max(end - LOOKBACK, 0), end))

    def _earlier(self, position: int, labels: tuple) -> Optional[int]:
        """The nearest entity of these labels before a token: named there, or the target of
        a reference there ("the communist regime ... into the country")."""
        named = next((j for j in reversed(self._earlier_entities(position)) if self.ents[j][2] in labels), None)
        referred = next(((at, target) for at, target in reversed(self.resolved)
                         if at < position and self.ents[target][2] in labels), None)
        if referred is not None and (named is None or referred[0] > self.ents[named][0]):
            return referred[1]
        return named

    def _speaker(self, i: int) -> Optional[int]:
        """The speaker of the quotation holding token i: '"We ...," X said' or 'said X', or the
        leader a pronoun there stands for ('"We support Ukraine," he said')."""
        close = next((k for k in range(i + 1, min(i + 80, len(self.lower))) if self.lower[k] in self.o.quotes), None)
        if close is None or not any(self.lower[k] in self.o.quotes for k in range(max(i - 80, 0), i)):
            return None
        window = range(close + 1, min(close + 1 + ATTRIBUTION_WINDOW, len(self.lower)))
        if not any(self.lower[k] in self.o.said for k in window):
            return None
        named = [self.ent_at[k] for k in window if k in self.ent_at and self.ents[self.ent_at[k]][2] in
                 ("LEADER", "STATE", "ORG")]
        if named:
            return named[0]
        pronoun = next((k for k in window if self.lower[k] in self.o.person_pronouns), None)  # '..., he said'
        return None if pronoun is None else self._earlier(pronoun, self.o.pronouns[self.lower[pronoun]])
