"""A trigger's argument roles read from the words around it (no parser).

`SurfaceRoles.find(match, role)` gives the actor group a role names: `subj` the group
before the trigger (over a relative clause or an apposition between them, and through a
relative pronoun: "The state, which backs the leader"), `obj` the first group after it, a
preposition the group after that word ("talks with X"), `poss` the possessor of a noun
("Russia's war"), `mod` an actor word right before a noun ("US sanctions"), `gap` the
group inside the trigger's gap, `between` the actors of "between A and B". A passive
verb ("was attacked by X", "militant groups backed by Iran") swaps subject and object.
With a parser, `extractor.relations.parsed` reads the same roles from the parse.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Optional, Sequence

from ..lexicon import Lexicon
from .actors import Actor
from .triggers import ByStart, TriggerMatch
from .view import DocView, Sentence

MAX_HEAD_GAP = 12
MAX_TAIL_GAP = 8
PREP_WINDOW = 10
AFTER_PREP = 4
PLACE_WORDS = 3  # more words a preposition's actor may follow when they name a place ("the northern town of")
MOD_GAP = 2
TITLE_HOP_MAX = 4
MAX_INSERTED_CLAUSE = 20  # tokens of a relative clause or apposition the subject search skips
OBJECT_REACH = 2  # words between a verb and its object that `_verb_before` passes over
SUBJECT_OPENING = 3  # words ("The", "Azerbaijani President") before an actor that opens a sentence


class RoleWords:
    """The word lists the surface roles read (the lexicon's `relations.*` and `titles.*`)."""

    def __init__(self, lexicon: Lexicon) -> None:
        words = lexicon.words
        self.conj = words("relations.conj")
        self.verb_coordinators = frozenset({",", "and"})  # before a verb that shares the sentence's subject
        self.conjunctions = words("relations.conjunctions")
        self.possessive = words("relations.possessive")
        self.possessive_pronouns = words("relations.possessive_pronouns")
        self.meeting_nouns = words("relations.meeting_nouns")
        self.be = words("relations.be")
        self.base_participles = words("relations.base_form_participles")  # 'was hit', 'were cut'
        self.title_words = words("relations.title_words") | {w for t in lexicon.titles for w in t.split()}
        self.head_boundaries = words("relations.head_boundaries") - words("relations.relative_pronouns")
        self.tail_blockers = words("relations.tail_blockers")
        self.prep_blockers = self.tail_blockers - {","}  # between a trigger and its preposition
        self.object_blockers = self.tail_blockers | {"at", "that"}  # before the object of a non-ASSAULT trigger ('told reporters that Putin ...')
        self.relative = words("relations.relative_pronouns")
        self.object_relative = words("relations.object_relative_pronouns")
        self.determiners = words("relations.determiners")
        self.articles = words("relations.articles")
        self.object_pronouns = words("relations.object_pronouns")
        self.prepositions = words("relations.prepositions")
        self.adverbs = words("relations.adverbs")
        self.adverbs_not_be = self.adverbs - self.be
        self.auxiliaries = words("relations.auxiliaries")
        self.representatives = words("relations.representative_nouns")
        self.speech_verbs = words("actors.speech_verbs")
        self.compounds = words("metonymy.government_compounds") | {"based"}
        self.copulas = self.be | words("relations.copular_verbs")
        self.act_nouns = words("relations.act_nouns")
        self.not_argument_openers = words("relations.not_argument_openers")
        self.topic_prepositions = words("relations.topic_prepositions")
        self.subject_gap = words("relations.subject_gap_words")
        self.leader_nouns = words("relations.leader_nouns")
        self.adjunct_openers = words("relations.adjunct_openers")
        self.place_nouns = words("places.nouns")
        self.target_nouns = words("relations.target_nouns")
        self.place_prepositions = words("relations.place_prepositions")
        self.function_words = (self.determiners | self.prepositions | self.adverbs | self.be | self.conj
                               | self.relative | self.auxiliaries | words("actors.person_pronouns")
                               | words("actors.pair_pronouns") | words("relations.subject_gap_words"))


class SurfaceRoles:
    """The roles of the triggers of one sentence, from its words and actors."""

    source = "rules"

    def __init__(self, view: DocView, sent: Sentence, pool: Sequence[Actor], matches: Sequence[TriggerMatch],
                 words: RoleWords) -> None:
        self.view, self.sent, self.pool, self.matches, self.w = view, sent, list(pool), matches, words
        self._passive: dict = {}
        self._by_start: Optional[ByStart] = None  # the matches by start (`_matches_by_start`)
        self._starts = [a.start for a in self.pool]  # the pool is in text order

    def find(self, m: TriggerMatch, role: str, avoid=None) -> list[Actor]:
        """The actor group a role of a trigger names (empty when none); `avoid` (actor ->
        bool) passes over subjects that cannot go with the tail found already."""
        passive = self._passive.get((m.start, m.end))
        if passive is None:
            passive = self._passive[m.start, m.end] = self.is_passive(m)
        if role == "subj" and passive:
            return self.by_agent(m)
        if role == "subj" and m.trigger.pos == "prep":
            return self.clause_subject(m, avoid)
        if role == "subj":
            if m.trigger.pos == "noun" and self._topic(m):
                return []  # "Hungary sided with Russia on the sanctions": a topic, no event of Russia's
            group = self.subject(m, avoid)
            if group and m.trigger.pos == "noun" and group == self.possessor(m):
                group = self._predicate_subject(group[0]) or group  # "China is Pakistan's closest ally"
            if group and m.trigger.pos == "noun" and self._other_trigger(m, group[-1].end, m.start):
                verb = self._verb_of_adjunct(m) or self._verb_of_object(m)  # "killed 92 militants in a raid on", "fired water cannon at"
                return self.subject(verb, avoid) if verb is not None else []  # "Russia condemned the strikes on Syria"
            verb = self._verb_before(group[0]) if group and m.trigger.pos == "noun" else None
            if verb is not None and verb.trigger.type == m.trigger.type:
                return self.subject(verb, avoid)  # "Israeli forces killed three Palestinians in a raid on"
            if group and self._passive_agent(group[-1]):
                return []  # "militant groups backed by Iran attacked": Iran is no subject of 'attacked'
            return group
        if role in ("obj", "iobj") and m.trigger.pos == "noun":
            return self._right_after(m)  # "ally Russia"; not "ally in the EU"
        if role in ("obj", "iobj"):
            if passive:
                reduced = self._reduced_passive_noun(m)  # "an exchange mediated by the UAE": the exchange
                return self._passive_subject(m, avoid) if reduced is None else self._modifier_of(reduced)
            return (role == "obj" and (self.relative_object(m) or self.act_apposition_object(m))) or self.object(m)
        if role == "by" and passive:
            return self.by_agent(m)
        if role == "poss":
            return self.possessor(m)
        if role == "mod":
            return self.modifier(m)
        if role == "gap":
            return self.in_gap(m)
        if role == "between":
            return self.after_word(m, "between", whole_list=True)
        if role == "none":
            return []
        return self.after_word(m, role)

    # --- before the trigger -------------------------------------------------

    def subject(self, m: TriggerMatch, avoid=None) -> list[Actor]:
        """The group before the trigger: over an apposition or relative clause between them,
        and through a relative pronoun right before it."""
        lower, pool = self.view.lower, self.pool
        j = self._skip_back(m.start - 1, self.w.adverbs)
        if j >= self.sent.start and lower[j] in self.w.relative:
            k = self._skip_back(j - 1, {","})
            antecedent = [a for a in pool if a.end == k + 1]
            return self._group_ending(pool.index(antecedent[0])) if antecedent else []
        if m.trigger.pos == "verb" and not lower[m.start].endswith("ing") and self._thing_before(m.start):
            return []  # "saying the weapons would help it": a thing is the subject
        if m.trigger.pos == "verb" and lower[m.start].endswith("ing") and m.start - 2 >= self.sent.start and \
                lower[m.start - 1] in ("of", "for", "against", "from"):
            idx = self._ending_at(m.start - 1)
            if idx is not None:
                return self._group_ending(idx)  # "accused China of firing", "blamed Iran for attacking"
            if self.view.in_entity[m.start - 2] == 0 and lower[m.start - 2].endswith("s") and self._is_noun(m.start - 2):
                return []  # "warned shipping companies against working with Israel": the companies
        limit = self._before_inserted_clause(m.start)
        if limit == m.start and m.trigger.pos == "verb":
            coordinator = j if j >= self.sent.start and lower[j] in self.w.verb_coordinators else \
                self._chain_coordinator(m.start)
            opening = self._coordinated_subject(coordinator) if coordinator is not None else []
            if opening:  # "France sends troops to New Caledonia, accuses Azerbaijan"
                return opening
        for idx in range(bisect_left(self._starts, limit) - 1, -1, -1):  # none starting later ends before
            cand = pool[idx]
            if cand.end > limit:
                continue
            if limit - cand.end > MAX_HEAD_GAP or self._blocked(cand.end, limit, self.w.head_boundaries):
                return []
            opened = self._clause_opening(cand.end, limit)
            if opened is not None:  # cand is inside ", which ...," / ", the X minister," : look before it
                limit = opened
                continue
            if avoid is not None and avoid(cand):
                if cand.end == m.start:
                    return []  # right before its verb it is the subject: "Baghdad said ... its"
                continue
            return self._group_ending(idx)
        return []

    def _thing_before(self, k: int) -> bool:
        """An article and a noun that is no actor right before token k (auxiliaries and
        adverbs between): the subject of the verb at k is a thing ("the weapons would help")."""
        lower = self.view.lower
        j = self._skip_back(k - 1, self.w.adverbs | self.w.auxiliaries)
        if j - 1 < self.sent.start or lower[j - 1] not in self.w.articles or not self.view.is_alpha[j]:
            return False
        return not any(a.start <= j < max(a.end, a.start + 1) for a in self.pool) and self._is_noun(j)

    def _coordinated_subject(self, coordinator: int) -> list[Actor]:
        """The subject of a verb coordinated at `coordinator`: after 'and' + an auxiliary, the
        nearest actor before it that an auxiliary follows (the subject of a reported clause:
        "said Fiji would remain neutral and had no plans to"); else the group that opens the
        sentence ("Aliyev said his country does not need permission and accused Iran")."""
        lower, pool = self.view.lower, self.pool
        if coordinator + 1 >= self.sent.end or lower[coordinator + 1] not in self.w.auxiliaries:
            return self._sentence_subject(coordinator)
        for idx in range(bisect_left(self._starts, coordinator) - 1, -1, -1):
            a = pool[idx]
            if a.end < coordinator and lower[a.end] in self.w.auxiliaries and not self._opens_sentence(a):
                return self._group_ending(idx)
        return self._sentence_subject(coordinator)

    def _topic(self, m: TriggerMatch) -> bool:
        """Whether a noun trigger is the object of a topic preposition ('on the sanctions',
        'over the strikes'), determiners and adjectives between."""
        lower, noun = self.view.lower, _noun_start(m)
        j = noun - 1
        while j > self.sent.start and noun - j <= MOD_GAP + 1 and (lower[j] in self.w.determiners or (
                self.view.is_alpha[j] and lower[j] not in self.w.topic_prepositions
                and lower[j] not in self.w.function_words)):
            j -= 1
        return j >= self.sent.start and lower[j] in self.w.topic_prepositions

    def _predicate_subject(self, possessor: Actor) -> list[Actor]:
        """The subject of 'X is Y's <noun>': the group right before a form of 'be' (adverbs
        and a determiner allowed) before the noun's possessor Y; empty when there is none."""
        lower = self.view.lower
        j = self._skip_back(possessor.start - 1, self.w.determiners | self.w.adverbs_not_be)
        if j <= self.sent.start or lower[j] not in self.w.copulas:
            return []
        k = self._skip_back(j - 1, self.w.adverbs_not_be | self.w.auxiliaries)  # "Hungary has been Russia's closest ally"
        idx = self._ending_at(k + 1)
        return [] if idx is None else self._group_ending(idx)

    def _verb_of_adjunct(self, m: TriggerMatch) -> Optional[TriggerMatch]:
        """The nearest verb trigger of the same type before a noun trigger that opens an
        adjunct ("killed 92 militants in a raid on"), else None."""
        j = self._skip_back(m.start - 1, self.w.determiners)
        if j < self.sent.start or self.view.lower[j] not in self.w.adjunct_openers:
            return None
        verbs = [o for o in self._matches_by_start().starting(self.sent.start, j)
                 if o.trigger.pos == "verb" and o.trigger.type == m.trigger.type and o.end <= j]
        return max(verbs, key=lambda o: o.start, default=None)

    def _verb_of_object(self, m: TriggerMatch) -> Optional[TriggerMatch]:
        """A verb trigger of the same type whose object the noun trigger is, determiners
        between ("a ship fired water cannon at"), else None."""
        j = self._skip_back(m.start - 1, self.w.determiners)
        near = self._matches_by_start()
        verbs = [o for o in near.starting(j - near.reach, j)
                 if o.trigger.pos == "verb" and o.trigger.type == m.trigger.type and o.end == j + 1]
        return verbs[-1] if verbs else None

    def _chain_coordinator(self, start: int) -> Optional[int]:
        """The 'and' opening a coordinated verb phrase whose infinitive the trigger at `start`
        is ("received X on Monday and will travel to Kampala to meet"), if no actor is between."""
        lower = self.view.lower
        if start - 1 <= self.sent.start or lower[start - 1] != "to":
            return None
        first_after = bisect_left(self._starts, start)
        for i in range(start - 2, max(self.sent.start, start - MAX_HEAD_GAP) - 1, -1):
            if first_after and self.pool[first_after - 1].end > i:
                return None
            if lower[i] == "and" and lower[i + 1] in self.w.adverbs:
                return i
            if lower[i] == "," or lower[i] in self.w.head_boundaries:
                return None
        return None

    def clause_subject(self, m: TriggerMatch, avoid=None) -> list[Actor]:
        """The subject of the clause a prepositional trigger qualifies: the group before it,
        unless that is a preposition's object or set off by a comma ("Rwanda deployed troops
        to Mozambique at the request of Maputo", "Kenya, at the urging of the US, sent"):
        then the group that opens the sentence."""
        group = self.subject(m, avoid)
        first = group[0].start if group else None
        if group and (first == self.sent.start or self.view.lower[first - 1] not in self.w.prepositions):
            return group  # the word before a sentence's first actor is no preposition of this one
        return self._sentence_subject(m.start)

    def adjunct_participants(self, m: TriggerMatch) -> list[Actor]:
        """The parties of a noun trigger with no argument of its own that opens an adjunct:
        the conjoined subject of the sentence's first verb trigger, else of the group opening
        the sentence ("A and B agreed on Thursday to ..., after talks in Ankara"), else the
        subject and object of the verb right before it ("Erdogan told Putin in a phone call")."""
        j = self._skip_back(m.start - 1, self.w.determiners)
        if m.trigger.pos != "noun" or j < self.sent.start or self.view.lower[j] not in self.w.adjunct_openers:
            return []
        verbs = [o for o in self.matches if o.trigger.pos == "verb" and o.end <= j]
        group = self.subject(verbs[0]) if verbs else self._sentence_subject(j)
        return group if len(group) > 1 else self._subject_and_object(j)

    def _subject_and_object(self, end: int) -> list[Actor]:
        """[A, B] of "A <verb> B" ending at token `end`: one or two lower-case words between."""
        pool, lower = self.pool, self.view.lower
        obj = self._ending_at(end)
        if obj is None or obj == 0:
            return []
        first = obj
        while first > 0 and self.possessor_hop(pool[first - 1]) is pool[obj]:
            first -= 1  # "Argentine President Javier Milei"
        if first == 0:
            return []
        subj = pool[first - 1]
        words = lower[subj.end:pool[first].start]
        if not 1 <= len(words) <= 2 or not all(w.isalpha() and w not in self.w.conj for w in words):
            return []
        return [self.possessor_hop(subj), self.possessor_hop(pool[obj])]

    def _verb_before(self, actor: Actor) -> Optional[TriggerMatch]:
        """A verb trigger whose object the actor is: at most OBJECT_REACH words (determiners,
        numbers, modifiers) between them, no boundary."""
        lower, near = self.view.lower, self._matches_by_start()
        for o in near.starting(actor.start - OBJECT_REACH - near.reach, actor.start):
            if o.trigger.pos == "verb" and 0 <= actor.start - o.end <= OBJECT_REACH and \
                    self.w.tail_blockers.isdisjoint(lower[o.end:actor.start]):
                return o
        return None

    def _passive_agent(self, actor: Actor) -> bool:
        """The agent of a participle phrase ('backed by Iran'), not of the clause's verb."""
        k = actor.start
        return k >= self.sent.start + 2 and self.view.lower[k - 1] == "by" and self._participle(k - 2)

    def _sentence_subject(self, before: int) -> list[Actor]:
        """The group that opens the sentence, as the subject of a verb coordinated with the
        sentence's first verb ("X sent troops to Y and accused Z"); empty when the sentence
        does not open with an actor (at most SUBJECT_OPENING capitalised words, title words
        or determiners before it), or a name set off by commas sits right before `before`
        ("and its head, Stephanie Koury, spoke")."""
        pool = self.pool
        first = next((k for k, a in enumerate(pool) if a.start >= self.sent.start), None)
        if first is None or pool[first].end > before or any(
                a.end == before and a is not pool[first] and self.view.lower[a.start - 1] == "," for a in pool):
            return []
        return self._group_from(first) if self._opens_sentence(pool[first]) else []

    def _opens_sentence(self, actor: Actor) -> bool:
        """At most SUBJECT_OPENING capitalised words, title words, determiners or the people an
        actor stands for before the actor in its sentence ("The foreign ministers of Saudi Arabia")."""
        view, words = self.view, range(self.sent.start, actor.start)
        return sum(view.lower[w] != "of" for w in words) <= SUBJECT_OPENING and all(
            view.is_title[w] or view.lower[w] in self.w.determiners or view.lower[w] in self.w.title_words
            or view.lower[w] in self.w.representatives or (view.lower[w] == "of" and w > self.sent.start)
            for w in words)

    def _before_inserted_clause(self, start: int) -> int:
        """Where the subject search starts: before a relative clause or apposition that ends
        with a comma right before the trigger ("Washington, which has conducted patrols in
        the area, accused"), so its length does not count; else the trigger itself."""
        lower, j = self.view.lower, self._skip_back(start - 1, self.w.adverbs)
        if j < self.sent.start or lower[j] != ",":
            return start
        opened = self._clause_opening(j, j + 1, MAX_INSERTED_CLAUSE)
        return start if opened is None else opened

    def _clause_opening(self, start: int, end: int, reach: int = MAX_HEAD_GAP) -> Optional[int]:
        """The comma, at most `reach` tokens before `start`, opening a relative clause,
        apposition or participle phrase that closes with a comma in [start, end) ("Fidan,
        who is on a tour of the Gulf, met", "The RSF, led by Dagalo, denied"), else None."""
        lower = self.view.lower
        closing = [i for i in range(start, end) if lower[i] == ","]
        if not closing:
            return None
        for i in range(start - 1, max(self.sent.start, start - reach) - 1, -1):
            if lower[i] == ",":
                first = lower[i + 1] if i + 1 < end else ""
                opens = first in self.w.relative or first in self.w.determiners or (
                    i + 1 < end and self._participle(i + 1) and lower[i + 2:i + 3] == ["by"]
                    and any(a.end == i and self._opens_sentence(a) for a in self.pool))  # not "A delegation for Syria, led by X,"
                return i if opens else None
        return None

    def _group_ending(self, idx: int) -> list[Actor]:
        """The conjoined group whose last actor is pool[idx], titled holders folded in."""
        pool = self.pool
        group, left = [pool[idx]], pool[idx].start
        for prev in reversed(pool[:idx]):
            if _same_tokens(prev, group[0]):
                group.insert(0, prev)
                continue
            if self._titled(prev, group[0]) and prev.start < left:
                left = prev.start
                continue
            if prev.end == left and left < group[0].start and self.view.lower[prev.start] in self.w.possessive_pronouns:
                left = prev.start  # "Fidan and his Pakistani counterpart Dar": 'his' is part of the title
                continue
            if not self._conjoined(prev.end, self._before_title(left, group[0]), listed=len(group) > 1):
                break
            group.insert(0, prev)
            left = prev.start
        if len(group) == 2 and self._new_clause(group[0].end, group[1].start):
            return group[1:]  # "fired rockets at Israel, and Lebanon condemned": a list of two takes no ", and"
        return group

    def _before_title(self, left: int, first: Actor) -> int:
        """Where the title words right before a leader start ("Kamikawa and Defence Minister
        Kihara": the list joins at 'Defence')."""
        lower = self.view.lower
        if first.label != "LEADER":
            return left
        while left > self.sent.start and lower[left - 1] in self.w.title_words and lower[left - 1] not in self.w.conj:
            left -= 1
        return left

    def _titled(self, holder: Actor, leader: Actor) -> bool:
        """'Eritrean President Isaias Afwerki': a holder that only titles the next leader."""
        view = self.view
        words = range(holder.end, leader.start)
        if words and view.lower[words[0]] in self.w.possessive:
            words = words[1:]  # "Egypt's leader Abdel Fattah al-Sisi"
        return holder.label != "LEADER" and leader.label == "LEADER" and 0 < len(words) <= 3 and self._title_words(words)

    def _title_words(self, words) -> bool:
        """Whether every token of `words` is capitalised or a title word."""
        view = self.view
        return all(view.is_title[w] or view.lower[w] in self.w.title_words for w in words)

    def is_venue(self, actor: Actor) -> bool:
        """An organisation that only names a meeting ("on the sidelines of a Shanghai
        Cooperation Organisation summit", "at a BRICS summit"): no party to a CONSULT."""
        lower = self.view.lower
        return actor.label == "ORG" and actor.end < len(lower) and lower[actor.end] in self.w.meeting_nouns

    def relative_object(self, m: TriggerMatch) -> list[Actor]:
        """The antecedent of an object relative clause, the object of its verb ("the TTP,
        which Islamabad blames for", "Hamas, whom Israel attacked"); empty for any other verb."""
        lower, pool = self.view.lower, self.pool
        j = self._skip_back(m.start - 1, self.w.subject_gap)
        subject = next((a for a in pool if a.start <= j < a.end or self._owns(a, j)), None)
        if m.trigger.pos != "verb" or subject is None:
            return []
        k = self._skip_back(subject.start - 1, self.w.determiners)
        if k <= self.sent.start or lower[k] not in self.w.object_relative or lower[k - 1] != ",":
            return []
        comma = k - 1
        antecedent = self._last_ending_by(comma)
        opened = None if antecedent is None else self._clause_opening(pool[antecedent].end, k)
        if opened is not None:  # "Guaidó, the head of the National Assembly, whom Washington recognised"
            comma, antecedent = opened, self._last_ending_by(opened)
        if antecedent is None or not self._names_antecedent(pool[antecedent].end, comma):
            return []
        return self._group_ending(antecedent)

    def act_apposition_object(self, m: TriggerMatch) -> list[Actor]:
        """The subject of the clause an act apposition follows: "X declined to hand over the
        presidency, a move that Chile and Colombia criticised" -> X; empty for any other shape."""
        lower, pool = self.view.lower, self.pool
        j = self._skip_back(m.start - 1, self.w.subject_gap)
        subject = next((a for a in pool if a.start <= j < a.end), None)
        if m.trigger.pos != "verb" or subject is None:
            return []
        group = self._group_ending(pool.index(subject))
        k = group[0].start - 1
        if k - 3 < self.sent.start or lower[k] not in ("that", "which") or lower[k - 1] not in self.w.act_nouns:
            return []
        comma = k - 2 if lower[k - 2] == "," else k - 3
        if lower[comma] != "," or (comma == k - 3 and lower[k - 2] not in self.w.determiners):
            return []
        return self._sentence_subject(comma)

    def _ending_at(self, end: int) -> Optional[int]:
        """The index in the pool of the last actor ending at token `end`, else None."""
        return next((idx for idx in range(len(self.pool) - 1, -1, -1) if self.pool[idx].end == end), None)

    def _last_ending_by(self, end: int) -> Optional[int]:
        """The index in the pool of the last actor ending at or before token `end`."""
        return next((idx for idx in range(len(self.pool) - 1, -1, -1) if self.pool[idx].end <= end), None)

    def _owns(self, actor: Actor, j: int) -> bool:
        """'Yunus's government': the actor is the possessor of the noun words ending at token j."""
        words = self.view.lower[actor.end:j + 1]
        return 2 <= len(words) <= 3 and words[0] in self.w.possessive and all(w.isalpha() for w in words[1:])

    def _names_antecedent(self, end: int, comma: int) -> bool:
        """Only a closing bracket or up to two lower-case words ('party') between an actor and the comma."""
        words = self.view.lower[end:comma]
        return len(words) <= 2 and all(w == ")" or (w.isalpha() and w not in self.w.determiners) for w in words)

    # --- after the trigger --------------------------------------------------

    def object(self, m: TriggerMatch) -> list[Actor]:
        """The first group after the trigger: no boundary word and no other trigger between.
        A verb's object inside the trigger's gap comes first ("accused Iran last week of")."""
        pool = self.pool
        inside = self._first_in_gap(m) if m.trigger.pos == "verb" else None
        if inside is not None:
            return self._group_from(inside)
        if m.trigger.pos == "verb" and m.gap is not None and m.gap[1] > m.gap[0] and \
                m.trigger.words[-1] in self.w.prepositions and m.end < self.sent.end and \
                self.view.lower[m.end].endswith("ing"):
            return []  # 'accused the West of seeking to contain China': the object is the gap's, no actor
        first = next((k for k, a in enumerate(pool) if a.start >= m.end), None)
        if first is None or pool[first].start - m.end > MAX_TAIL_GAP:
            return []
        if pool[first].virtual and pool[first].start > m.end and self.view.lower[pool[first].start] in self.w.possessive_pronouns:
            return []  # 'accept any deal reached without its participation': a possessor deep in the object
        blockers = self.w.tail_blockers if m.trigger.type == "ASSAULT" else self.w.object_blockers
        if self._blocked(m.end, pool[first].start, blockers) or self._other_trigger(m, m.end, pool[first].start):
            return []
        if self._compound_modifier(pool[first]):  # "fought the Iran-aligned Houthi movement": the Houthis
            nxt = first + 1
            if nxt >= len(pool) or pool[nxt].start > pool[first].end + 3:
                return []  # "attacked Russian-backed separatists": no actor named
            first = nxt
        if not self.w.object_pronouns.isdisjoint(self.view.lower[m.end:pool[first].start]):
            return []  # "help it deter Chinese aggression": the pronoun is the object
        return self._group_from(first)

    def _compound_modifier(self, actor: Actor) -> bool:
        """An actor in a hyphenated modifier of what follows ("the Iran-aligned Houthi movement",
        "Russian-backed separatists" are no object of Iran's or Russia's)."""
        lower = self.view.lower
        return actor.end + 1 < self.sent.end and lower[actor.end] == "-" and lower[actor.end + 1] in self.w.compounds

    def _right_after(self, m: TriggerMatch) -> list[Actor]:
        """The group that starts right after a noun trigger (its object without a preposition)."""
        k = bisect_left(self._starts, m.end)
        return self._group_from(k) if k < len(self.pool) and self.pool[k].start == m.end else []

    def after_word(self, m: TriggerMatch, word: str, whole_list: bool = False) -> list[Actor]:
        """The group right after the first `word` that follows the trigger ("talks with X"),
        inside a gap pattern's gap too ("spoke with X by phone")."""
        lower, end = self.view.lower, min(self.sent.end, m.end + PREP_WINDOW)
        start = m.gap[0] if m.gap is not None and m.trigger.pos == "verb" else m.end
        at = _index(lower, word, start - 1, end)
        if word == "toward":
            at = min((i for i in (at, _index(lower, "towards", start - 1, end)) if i is not None), default=None)
        if at is not None and at > self.sent.start and lower[at - 1] in self.w.not_argument_openers:
            return []  # "according to US officials", "due to", "thanks to": no argument of the trigger
        if at is None or self._blocked(start, at, self.w.prep_blockers) or self._other_trigger(m, m.end, at):
            return []
        first = bisect_right(self._starts, at)
        if first == len(self.pool) or self.pool[first].start - at > self._prep_reach(self.pool[first].start):
            return []
        between = self.view.lower[at + 1:self.pool[first].start]
        if not self.w.tail_blockers.isdisjoint(between):
            return []
        return self._group_from(first, whole_list=whole_list)

    def _prep_reach(self, start: int) -> int:
        """How far after a preposition its actor may start: further after a place noun
        ("near the northern border town of Sinjar")."""
        lower = self.view.lower
        if start - 2 > self.sent.start and lower[start - 1] == "of" and lower[start - 2] in self.w.place_nouns:
            return AFTER_PREP + PLACE_WORDS
        return AFTER_PREP

    def in_gap(self, m: TriggerMatch) -> list[Actor]:
        """The first actor inside the trigger's gap ("link X to", "designate X as")."""
        inside = self._first_in_gap(m)
        return [] if inside is None else [self.possessor_hop(self.pool[inside])]

    def _first_in_gap(self, m: TriggerMatch) -> Optional[int]:
        """The index in the pool of the first actor inside the trigger's gap, if any."""
        if m.gap is None:
            return None
        return next((k for k, a in enumerate(self.pool) if m.gap[0] <= a.start and a.end <= m.gap[1]), None)

    def _group_from(self, first: int, whole_list: bool = False) -> list[Actor]:
        """The conjoined group that starts with pool[first], possessors hopped ("Russia's Putin")."""
        pool = self.pool
        first = self._past_possessive_pronoun(first)
        group, end = [pool[first]], self.possessor_hop(pool[first]).end
        for k in range(first + 1, len(pool)):
            nxt = pool[k]
            if _same_tokens(group[-1], nxt):
                group.append(nxt)  # "both leaders": a pair of references
                continue
            if nxt.end <= end:
                continue  # the leader a titled holder hops to ("Peruvian President Boluarte and")
            if not self._conjoined(end, nxt.start) or (not whole_list and self._new_clause(end, nxt.start)):
                break
            if self._possessive_apposition(end, nxt) or self._attribution_from(k):
                break  # "met Richard Grenell, U.S. President Donald Trump's envoy"; "..., U.S. officials said"
            group.append(nxt)
            end = self.possessor_hop(nxt).end
        return [hopped for a in group for hopped in self._with_place(self.possessor_hop(a))]

    def target_places(self, m: TriggerMatch, tails: list[Actor]) -> list[Actor]:
        """The places an attack's object lies in: "struck Houthi positions in Sanaa and around
        the port of Aden" -> Sanaa, Aden; "struck nine sites in Pakistan and Pakistani-administered
        Kashmir" -> Pakistan, Kashmir. Only after a target noun ("positions", "bases", "sites")."""
        lower, end = self.view.lower, self.sent.end
        k = tails[-1].end if tails else m.end
        start, noun = k, False
        while k < end and k - start < MOD_GAP + 2 and lower[k] not in self.w.place_prepositions and (
                self.view.is_alpha[k] or lower[k] == "-") and lower[k] not in self.w.tail_blockers:
            noun |= self.view.lemmas[k] in self.w.target_nouns
            k += 1
        found = []
        while noun and k < end and lower[k] in self.w.place_prepositions:
            place = self._place_after(k + 1)
            if place is None:
                break
            found.append(place)
            k = place.end + (place.end + 1 < end and lower[place.end] in self.w.conjunctions)
        return found

    def _place_after(self, k: int) -> Optional[Actor]:
        """The place named after a preposition: over 'the', adjectives, place nouns and 'of',
        and a hyphenated state modifier ('Pakistani-administered Kashmir')."""
        lower = self.view.lower
        for a in self.pool[bisect_left(self._starts, k):]:
            if a.start - k > MOD_GAP + 2 or any(lower[w] in self.w.tail_blockers or lower[w] in self.w.conjunctions
                                                 for w in range(k, a.start)):
                return None
            if a.end < self.sent.end and lower[a.end] == "-":
                continue  # 'Pakistani-administered': a modifier of the place that follows
            return a if a.label in ("LOCATION", "STATE") else None
        return None

    def _with_place(self, actor: Actor) -> list[Actor]:
        """A state and the place of it that it names: "the Syrian city of Homs" -> Syrian, Homs."""
        lower, end = self.view.lower, actor.end
        if actor.label != "STATE":
            return [actor]
        words = 0
        while words < 2 and end + words < self.sent.end and lower[end + words] in self.w.place_nouns:
            words += 1
        if not words or end + words >= self.sent.end or lower[end + words] != "of":
            return [actor]
        k = bisect_left(self._starts, end + words + 1)
        if k < len(self.pool) and self.pool[k].start == end + words + 1 and self.pool[k].label == "LOCATION":
            return [actor, self.pool[k]]
        return [actor]

    def _past_possessive_pronoun(self, idx: int) -> int:
        """'met his Chinese counterpart Wang Yi': a possessive pronoun that only opens the title
        of a named leader gives way to that leader (pool index)."""
        pool, view = self.pool, self.view
        pronoun = pool[idx]
        if not pronoun.virtual or view.lower[pronoun.start] not in self.w.possessive_pronouns:
            return idx
        for k in range(idx + 1, len(pool)):
            words = range(pronoun.end, pool[k].start)
            if len(words) > TITLE_HOP_MAX or not self._title_words(words):
                return idx
            if pool[k].label == "LEADER" and words:
                return k
        return idx

    def possessor_hop(self, actor: Actor) -> Actor:
        """'North Korea's Kim' and 'North Korean leader Kim' stand for Kim."""
        view = self.view
        if actor.label == "LEADER":
            return actor
        starts = self._starts
        for k in range(bisect_left(starts, actor.end), bisect_right(starts, actor.end + TITLE_HOP_MAX)):
            nxt = self.pool[k]
            if nxt.label != "LEADER":
                continue
            words = list(range(actor.end, nxt.start))
            if words and view.lower[words[0]] in self.w.possessive:
                words = words[1:]  # "Syria's President Bashar al-Assad"
                if not words:
                    return nxt
                if len(words) > 1 and view.lower[words[-1]] == ",":
                    words = words[:-1]  # "Cameroon's defence minister, Joseph Beti Assomo"
            if words and self._title_words(words):
                return nxt
        return actor

    # --- noun arguments -----------------------------------------------------

    def possessor(self, m: TriggerMatch) -> list[Actor]:
        """The actor before "'s" right before a noun trigger, adjectives allowed between."""
        return self._possessor_of(_noun_start(m))

    def _possessor_of(self, noun: int) -> list[Actor]:
        """The actor before "'s" right before token `noun`, adjectives allowed between."""
        view, pool = self.view, self.pool
        j = self._modifiers_start(noun, MOD_GAP + 1)
        if j < self.sent.start or view.lower[j] not in self.w.possessive:
            virtual = [a for a in pool if a.virtual and j < a.end <= noun]  # 'their summit', not 'they discussed the war'
            return virtual[-1:]
        idx = self._ending_at(j)
        return [] if idx is None else [pool[idx]]

    def modifier(self, m: TriggerMatch) -> list[Actor]:
        """An actor word right before a noun trigger ("US sanctions", "Russian air strikes")."""
        return self._modifier_of(_noun_start(m), m)

    def _modifier_of(self, noun: int, m: Optional[TriggerMatch] = None) -> list[Actor]:
        """An actor word right before token `noun`, only adjectives and nouns between."""
        view = self.view
        for a in reversed(self.pool):
            gap = noun - a.end
            if gap < 0:
                continue
            if gap > MOD_GAP or (m is not None and m.trigger.pos == "verb" and a.start < m.end and a.end <= m.start):
                return []  # a verb pattern's modifier is inside it ('expelled Russian diplomats'), not its subject
            between = range(a.end, noun)
            if all(view.is_alpha[w] and view.lower[w] not in self.w.determiners and view.lower[w] not in self.w.prepositions
                   and view.lower[w] not in self.w.conjunctions and not self._finite_verb(w) for w in between):
                return self._hyphen_pair(a)
            return []
        return []

    def _finite_verb(self, i: int) -> bool:
        """A past or auxiliary verb form ('Iran held joint drills': no modifier of 'drills')."""
        word = self.view.lower[i]
        return word in self.w.auxiliaries or (self.view.lemmas[i] != word and not word.endswith(("s", "ing", "ed")))

    def _hyphen_pair(self, actor: Actor) -> list[Actor]:
        """A modifier and the actor joined to it by a hyphen before it ("the Saudi-Iranian
        deal", "US-China talks"), else the modifier alone."""
        k = actor.start - 1
        if k > self.sent.start and self.view.lower[k] in ("-", "–"):
            before = self._ending_at(k)
            if before is not None:
                return [self.pool[before], actor]
        return [actor]

    # --- voice ----------------------------------------------------------------

    def is_passive(self, m: TriggerMatch) -> bool:
        """'was attacked by', 'were sanctioned', 'was called a sham by', 'militant groups
        backed by Iran': a participle after a form of 'be' at or just before the trigger,
        or one right before 'by' after a noun."""
        view, lower = self.view, self.view.lower
        if self._participle(m.start) and self._after_be(m.start):
            return True  # 'were sanctioned'
        after = self._skip_forward(m.end, self.w.adverbs)
        by_agent = "by" in lower[m.end:min(after + 3, self.sent.end)]
        if by_agent and any(lower[k].endswith(("ed", "en")) and self._after_be(k)
                            for k in range(max(m.start - 3, self.sent.start), m.start)):
            return True  # 'was called a sham by'
        if not self._participle(m.start):
            return False
        j = self._skip_back(m.start - 1, self.w.adverbs_not_be)
        gapped = m.gap is not None and m.gap[1] > m.gap[0] and m.trigger.pos == "verb" and "by" not in m.trigger.words
        verb_end = m.gap[0] if gapped else m.end  # 'rejected [the claims] by'; not 'spoke by phone'
        after = self._skip_forward(verb_end, self.w.adverbs)
        by_follows = after < self.sent.end and lower[after] == "by"
        return by_follows and j >= self.sent.start and (lower[j] == "," or not view.is_alpha[j] or self._is_noun(j))

    def _passive_subject(self, m: TriggerMatch, avoid=None) -> list[Actor]:
        """The subject of a passive verb; where the actor before it closes a prepositional
        phrase on a noun ("Israel's strikes on Iran were condemned by"), the noun is the
        subject and its owner the actor ("Israel"; none in "the attack on Kyiv was condemned");
        'of' after a noun that names no event gives its owner ("the decision of the EU")."""
        group = self.subject(m, avoid)
        i = group[0].start - 1 if group else -1
        if i - 1 < self.sent.start or self.view.lower[i] not in self.w.prepositions or \
                self.view.ents.covering(i - 1) is not None or not self._is_noun(i - 1):
            return group
        if self.view.lower[i] == "of" and not self._matches_by_start().starting(i - 1, i - 1):
            return group
        return self._possessor_of(i - 1) or self._modifier_of(i - 1)

    def _reduced_passive_noun(self, m: TriggerMatch) -> Optional[int]:
        """The noun a participle right after it qualifies ("an exchange mediated by", "Ukrainian
        positions shelled by"), where that noun is no actor; None otherwise."""
        j = self._skip_back(m.start - 1, self.w.adverbs_not_be)
        if j < self.sent.start or self._after_be(m.start) or self.view.ents.covering(j) is not None:
            return None
        return j if self.view.is_alpha[j] and self._is_noun(j) else None

    def _after_be(self, k: int) -> bool:
        """A form of 'be' within the two words before token k."""
        return any(self.view.lower[j] in self.w.be for j in range(max(k - 2, self.sent.start), k))

    def _participle(self, k: int) -> bool:
        word = self.view.lower[k]
        return word.endswith(("ed", "en")) or word in self.w.base_participles or (
            self.view.lemmas[k] != word and word.isalpha() and not word.endswith(("s", "ing")))

    def _is_noun(self, i: int) -> bool:
        """A word that is no verb form: for 'groups backed by', 'a ship attacked by' (a
        reduced relative clause): a name, a plural, or a word in its lemma form that is no
        function word."""
        word = self.view.lower[i]
        if self.view.ents.covering(i) is not None or (word.endswith("s") and not word.endswith("ss")):
            return True
        return word.isalpha() and self.view.lemmas[i] == word and word not in self.w.function_words

    def by_agent(self, m: TriggerMatch) -> list[Actor]:
        return self.after_word(m, "by")

    # --- helpers ---------------------------------------------------------------

    def _skip_forward(self, i: int, words: frozenset) -> int:
        while i < self.sent.end and self.view.lower[i] in words:
            i += 1
        return i

    def _skip_back(self, i: int, words: frozenset) -> int:
        while i >= self.sent.start and self.view.lower[i] in words:
            i -= 1
        return i

    def _blocked(self, start: int, end: int, words: frozenset) -> bool:
        """A boundary word or a line break between two tokens."""
        window = self.view.lower[start:end]
        return not words.isdisjoint(window) or "\n" in "".join(window)

    def _other_trigger(self, m: TriggerMatch, start: int, end: int) -> bool:
        """A trigger in [start, end) that names another event; one of the same type names the
        same event ("pledged 500 million euros in military aid to Ukraine"), except violence,
        where one act follows another ("killed 92 militants in a raid on")."""
        same = m.trigger.type if m.trigger.type != "ASSAULT" else None
        return any(o is not m and o.end <= end and o.trigger.type != same
                   for o in self._matches_by_start().starting(start, end))

    def _matches_by_start(self) -> ByStart:
        """The sentence's trigger matches by start (built on first use)."""
        if self._by_start is None:
            self._by_start = ByStart(self.matches)
        return self._by_start

    def _conjoined(self, end: int, start: int, listed: bool = False) -> bool:
        """Whether the words between two actors join them in a list; ', the' only inside a
        list already closed by a conjunction (`listed`: "Ankara, the United States and the EU")."""
        words = self.view.lower[end:start]
        if words[:1] in (["'s"], ["’s"]):
            words = words[1:]
        while words and words[0] in self.w.representatives:
            words = words[1:]  # "Sudan's army and the RSF", "The Sudanese army and the RSF": the state's own forces
        if "the" in words and self.w.conjunctions.isdisjoint(words) and not listed:
            return False  # 'Russia, the French foreign ministry said' is no list
        if "as" in words and "well" not in words:
            return False  # 'Kyiv and Moscow, as Washington and Russia pressed ahead': 'as' opens a clause
        return 0 < len(words) <= 4 and self.w.conj.issuperset(words)

    def _attribution_from(self, k: int) -> bool:
        """Whether pool[k] opens a closing attribution: actors joined by 'and', the people
        they stand for, and a speech verb ("sent troops to Russia, U.S. and South Korean
        officials said")."""
        lower, pool, end = self.view.lower, self.pool, self.pool[k].end
        if pool[k].start == 0 or lower[pool[k].start - 1] != ",":
            return False
        while k + 1 < len(pool) and lower[end:pool[k + 1].start] in (["and"], [","]):
            k, end = k + 1, pool[k + 1].end
        while end < self.sent.end and lower[end] in self.w.representatives:
            end += 1
        return end < self.sent.end and lower[end] in self.w.speech_verbs

    def _possessive_apposition(self, end: int, nxt: Actor) -> bool:
        """A comma, then an actor (its title hopped) with "'s": the possessor of an apposition."""
        lower, after = self.view.lower, self.possessor_hop(nxt).end
        return lower[end:nxt.start] == [","] and after < self.sent.end and lower[after] in self.w.possessive

    def _new_clause(self, end: int, start: int) -> bool:
        """', and the United States imposed ...' opens a clause rather than extending a list."""
        words = self.view.lower[end:start]
        return any(a == "," and b in ("and", "but") for a, b in zip(words, words[1:]))

    def subject_of(self, last: Actor, m: TriggerMatch) -> bool:
        """'Syria and North Korea have held close relations': only auxiliaries, adverbs and
        light verbs between a conjoined subject and its trigger, or between it and a verb
        trigger the trigger is coordinated with ("A and B met on Friday and agreed to")."""
        if self._only_gap_words(last.end, m.start) or self._their(m):
            return True
        j = self._skip_back(m.start - 1, self.w.adverbs)
        if j <= last.end or self.view.lower[j] not in self.w.verb_coordinators or any(
                last.end <= a.start < m.start for a in self.pool):
            return False
        return any(o.trigger.pos == "verb" and o.end <= j and self._only_gap_words(last.end, o.start)
                   for o in self._matches_by_start().starting(last.end, j))

    def _their(self, m: TriggerMatch) -> bool:
        """'their' right before a noun trigger, adjectives between: it binds the conjoined
        subject ("Washington and Moscow pressed ahead with their own negotiations")."""
        return m.trigger.pos == "noun" and self.view.lower[self._modifiers_start(_noun_start(m), MOD_GAP)] == "their"

    def _modifiers_start(self, noun: int, reach: int) -> int:
        """The token before the adjectives right before token `noun` (at most `reach` back): a
        possessive, a determiner ('their') or any other word that is no adjective."""
        view, j = self.view, noun - 1
        while j > self.sent.start and noun - j <= reach and view.lower[j] not in self.w.possessive \
                and view.is_alpha[j] and view.lower[j] not in self.w.determiners:
            j -= 1
        return j

    def _only_gap_words(self, start: int, end: int) -> bool:
        """Only auxiliaries, adverbs, light verbs and, right after the group, the people it
        stands for ("Indian and Chinese foreign ministers met") in [start, end)."""
        lower, gap, people = self.view.lower, self.w.subject_gap, self.w.representatives
        if start < end and lower[start] in self.w.possessive and start + 1 < end and lower[start + 1] in people:
            start += 1  # "The two countries' armies exchanged fire"
        while start < end and lower[start] in people:
            start += 1
        return all(lower[i] in gap or lower[i].endswith("ly") for i in range(start, end) if not lower[i].isspace())


def _same_tokens(a: Actor, b: Actor) -> bool:
    """Two references over one phrase ("both leaders")."""
    return a.start == b.start and a.end == b.end


def _index(words: list, word: str, start: int, end: int) -> Optional[int]:
    """The first position of a word in words[start:end], else None."""
    try:
        return words.index(word, start, end)
    except ValueError:
        return None


def _noun_start(m: TriggerMatch) -> int:
    """Where the noun that `mod` and `poss` qualify starts: a verb pattern's word after its gap
    ("expelled Russian diplomats", "summoned Iran's envoy"), else the trigger itself."""
    return m.gap[1] if m.trigger.pos == "verb" and m.gap is not None else m.start
