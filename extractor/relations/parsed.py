"""A trigger's argument roles read from a dependency parse of its sentence.

The parse (`doc._.parse`, written by the optional `extractor_parser` component for the
sentences that hold a trigger and two actors) gives each token its head and relation. A
verb's `subj` is its nominal subject, through an open complement ("agreed to send": the
subject of "agreed"; "urged India to impose": the object of "urged"), a coordinated verb
and a relative clause ("the state, which backs the leader"); in the passive it is the
agent ("by"), and the object the passive subject ("militant groups backed by Iran": Iran
backs the groups; a participle on a noun is passive only where the words read it so too).
`obj` is the (first) direct object or dative. A noun trigger's `subj` is the subject of
the verb that governs it ("held talks"), unless a trigger of another type that does not
commit the subject to it lies between ("condemned the attack", "discussed the sanctions";
not "agree joint patrols"); a noun after a preposition ("after talks", "amid talks") is
read from the words. Conjoined arguments come along; a dateline ("MAPUTO, Aug 9 -") is no
argument.

The parse has the say only where it did better than the words on the annotated sets:
`subj`, `obj` and the passive's `by`. The local roles (`poss`, `mod`, `gap`, `between`),
the prepositions, a verb's subject the words refuse, any role the parse leaves without an
actor and any the words fill with the parse's actors and more ("both leaders", "the
European Union (EU)") are read from the words, as without a parser.
"""
from __future__ import annotations

from typing import Optional

from .actors import Actor
from .roles import SurfaceRoles
from .triggers import TriggerMatch

SUBJECTS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
OBJECTS = frozenset({"dobj", "dative", "obj", "iobj"})
CLIMB_TO_SUBJECT = frozenset({"xcomp", "conj", "advcl", "ccomp", "acomp", "pcomp"})
NOUN_TO_VERB = frozenset({"dobj", "pobj", "prep", "attr", "oprd", "nsubjpass", "npadvmod", "compound", "appos", "conj"})
NAME_CHILDREN = frozenset({"compound", "appos", "flat", "nmod"})
PARSED_ROLES = frozenset({"subj", "obj", "iobj", "by"})  # the rest (local roles, prepositions) from the words
MAX_CLIMB = 4
COMMITTING_TYPES = frozenset({"AGREE"})  # a trigger that commits its subject to the act it governs


class ParsedRoles(SurfaceRoles):
    """The roles of the triggers of one parsed sentence."""

    source = "parse"

    def __init__(self, view, sent, pool, matches, words, parse: dict) -> None:
        super().__init__(view, sent, pool, matches, words)
        self.heads, self.deps, self.tags = parse["heads"], parse["deps"], parse.get("tags") or []
        self.children: dict[int, list[int]] = {}
        for i, head in enumerate(self.heads):
            if head != i:
                self.children.setdefault(head + sent.start, []).append(i + sent.start)
        self.by_token = {t: a for a in pool for t in range(a.start, max(a.end, a.start + 1))}

    def head(self, i: int) -> int:
        return self.heads[i - self.sent.start] + self.sent.start

    def dep(self, i: int) -> str:
        return self.deps[i - self.sent.start]

    def kids(self, i: int, deps: frozenset) -> list[int]:
        return [c for c in self.children.get(i, ()) if self.dep(c) in deps]

    def find(self, m: TriggerMatch, role: str, avoid=None) -> list[Actor]:
        """The actor group a role of a trigger names, from the parse where it says."""
        surface = super().find(m, role, avoid)
        if role not in PARSED_ROLES or (role == "subj" and not surface and m.trigger.pos != "noun"):
            return surface  # a verb's subject the words refuse stays refused: "groups backed by Iran attacked"
        found = [a for a in self._from_parse(m, role) or ()
                 if (avoid is None or not avoid(a)) and not self._dateline(a)]
        if not found or all(a in surface for a in found):
            return surface  # the words name the parse's actors and more: "both leaders", "the EU (EU)"
        return found

    def _from_parse(self, m: TriggerMatch, role: str) -> Optional[list[Actor]]:
        """The role's group by the parse (None or [] where it names no actor)."""
        verb = self._verb(m)
        if verb is None:
            return None
        passive = bool(self.kids(verb, PASSIVE_SUBJECTS) or self.kids(verb, frozenset({"auxpass"}))) or (
            self.dep(verb) == "acl" and self.lower_at(verb).endswith(("ed", "en")) and self.is_passive(m))
        if role == "subj":
            tokens = self._agent(verb) if passive else self._subject(verb)
            if m.trigger.pos == "noun" and tokens and (self._other_act_between(m, min(tokens) + 1)
                                                       or self._prepositional(m)):
                return None  # "Syria condemned the attack", "amid US talks speculation": no event of the subject's
        elif role in ("obj", "iobj"):
            tokens = self._parsed_passive_subject(verb) if passive else self._objects(verb)
        else:
            tokens = self._agent(verb) if passive else []
        return self._actors(tokens) if tokens else None

    def _prepositional(self, m: TriggerMatch) -> bool:
        """Whether a noun trigger is the object of a preposition ("after talks", "amid talks",
        "bow to threats"): its parties are read from the words, as without a parser."""
        i = m.start
        for _ in range(MAX_CLIMB):
            if self.dep(i) == "pobj":
                return True
            if self.dep(i) not in NOUN_TO_VERB or self.head(i) == i or self._is_verb(self.head(i)):
                return False
            i = self.head(i)
        return False

    def _other_act_between(self, m: TriggerMatch, start: int) -> bool:
        """A trigger of another type between token `start` and a noun trigger, by which its
        subject acts on an event of another's ("condemned the attack", "called for a truce",
        "discussed the sanctions on Iran"); not one that commits the subject to the act
        ("Fiji and New Zealand agree joint patrols")."""
        return any(o.end <= m.start and o.trigger.type not in (m.trigger.type, *COMMITTING_TYPES)
                   for o in self._matches_by_start().starting(start, m.start))

    def lower_at(self, i: int) -> str:
        return self.view.lower[i]

    def _verb(self, m: TriggerMatch) -> Optional[int]:
        """The verb a trigger's roles hang on: the trigger's first word for a verb, the verb
        that governs a noun trigger."""
        i = m.start
        if m.trigger.pos != "noun":
            return i
        for _ in range(MAX_CLIMB):
            if self.dep(i) not in NOUN_TO_VERB or self.head(i) == i:
                break
            i = self.head(i)
            if self._is_verb(i):
                return i
        return i if self._is_verb(i) else m.start

    def _is_verb(self, i: int) -> bool:
        tags = self.tags
        return bool(tags) and tags[i - self.sent.start].startswith("VB")

    def _subject(self, verb: int) -> list[int]:
        """The subject of a verb, climbing over open complements and coordinated verbs."""
        i = verb
        for _ in range(MAX_CLIMB):
            found = self.kids(i, SUBJECTS)
            if found:
                relative = [t for t in found if self.lower_at(t) in self.w.relative]
                return [self.head(i)] if relative and self.dep(i) == "relcl" else found
            if self.dep(i) == "relcl":
                return [self.head(i)]
            if self.dep(i) not in CLIMB_TO_SUBJECT or self.head(i) == i:
                return []
            if self.dep(i) == "conj" and self.dep(self.head(i)) == "ccomp":
                return []  # "Mikati said Israel had attacked ... and called on the UN": the words decide
            controller = self._objects(self.head(i)) if self.dep(i) == "xcomp" else []
            if controller:
                return controller  # "urged Israel to accept a truce": Israel accepts
            i = self.head(i)
        return []

    def _objects(self, verb: int) -> list[int]:
        """A verb's objects: a second direct object is a misparse ("will host a summit in May,
        a presidency spokesman, Garba Shehu, said": the speaker is no object)."""
        found = self.kids(verb, OBJECTS)
        direct = [t for t in found if self.dep(t) in ("dobj", "obj")]
        return [t for t in found if t not in direct[1:]]

    def _agent(self, verb: int) -> list[int]:
        return [o for a in self.kids(verb, frozenset({"agent"})) for o in self.kids(a, frozenset({"pobj"}))]

    def _parsed_passive_subject(self, verb: int) -> list[int]:
        found = self.kids(verb, PASSIVE_SUBJECTS)
        return found or ([self.head(verb)] if self.dep(verb) in ("acl", "relcl") else [])

    def _actors(self, tokens: list[int]) -> list[Actor]:
        """The actors of argument tokens, with their conjuncts and the names they hold."""
        found: list[Actor] = []
        for token in tokens:
            for t in [token, *self._conjuncts(token)]:
                actor = self._actor_at(t)
                if actor is not None and actor not in found:
                    found.append(self.possessor_hop(actor))
        return found

    def _actor_at(self, t: int) -> Optional[Actor]:
        actor = self.by_token.get(t)
        if actor is not None:
            return actor
        for child in self.kids(t, NAME_CHILDREN):
            actor = self.by_token.get(child)
            if actor is not None:
                return actor
        return None

    def _dateline(self, actor: Actor) -> bool:
        """An upper-case place opening the sentence before a comma ("MAPUTO, Aug 9 -")."""
        view = self.view
        return actor.start == self.sent.start and actor.end < self.sent.end and view.lower[actor.end] == "," and \
            view.doc[actor.start].text.isupper()

    def _conjuncts(self, t: int) -> list[int]:
        """The tokens conjoined with t by 'and', 'or' or a comma; 'neither India nor Pakistan'
        and 'Russia, but not India' are no group."""
        found, stack = [], [t]
        while stack:
            c = stack.pop()
            if any(self.lower_at(cc) not in self.w.conjunctions for cc in self.kids(c, frozenset({"cc", "preconj"}))):
                continue
            conjuncts = self.kids(c, frozenset({"conj"}))
            found += conjuncts
            stack += conjuncts
        return found
