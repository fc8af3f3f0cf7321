"""Is a capital city a place ("arrived in Pyongyang") or its government
("Moscow has opposed sanctions", "charges Pyongyang with", "sanctions on Tehran")?

Decided from the words right around the mention, with the lexicon's `metonymy.*` word
lists; lemmas come from the lookup table for these few words only. A capital after a
word of place or motion ("in", "to", "visit"), in "the capital of X", or before "-based"
is a place (but before "-led", "-backed" ... the government: "a Moscow-led alliance"); after a government verb or before one, before ", which", with a
possessive, as the possessor of a government's noun ("at Maputo's request") or after one's
noun and "to", "from", "of", "for" or "against" ("support to Riyadh", "calls from Kyiv", "support for Manila"), it is the government; a
capital with no cue is a place.
"""
from __future__ import annotations

from spacy.tokens import Span

from .lemmas import lemma
from .lexicon import Lexicon


class Metonymy:
    """The capital-for-government test over the lexicon's cue words."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.place_before = lexicon.words("metonymy.place_before")
        self.place_nouns_before_of = lexicon.words("metonymy.place_nouns_before_of")
        self.government_verbs = lexicon.words("metonymy.government_verbs")
        self.object_cues = lexicon.words("metonymy.government_object_cues")
        self.auxiliaries = lexicon.words("metonymy.auxiliaries")
        self.possessive = lexicon.words("metonymy.possessive")
        self.compounds = lexicon.words("metonymy.government_compounds")
        self.possessions = lexicon.words("metonymy.government_possessions")
        self.words_before_preposition = lexicon.words("metonymy.government_words_before_preposition")

    def is_government(self, ent: Span, after_state: bool = False) -> bool:
        """Whether a capital mention stands for its state's government.

        ent (Span): the capital's mention.
        after_state (bool): the mention is coordinated ("X and Moscow") with a state.
        RETURNS (bool): True for the government reading, False for the place.
        """
        doc = ent.doc
        before = doc[ent.start - 1] if ent.start > 0 else None
        if self._held_by_government(ent) or self._addressed(ent):
            return True
        if before is not None and (lemma(before.text) in self.place_before or before.text == "-"):
            return False
        if before is not None and before.lower_ == "of" and ent.start > 1 and \
                doc[ent.start - 2].lower_ in self.place_nouns_before_of:
            return False
        after = [t.text for t in doc[ent.end:ent.end + 5] if not t.is_space]
        if after and (after[0] in self.possessive or after[0] == "-"):
            return after[0] in self.possessive or (len(after) > 1 and after[1].lower() in self.compounds)
        if before is not None and (before.lower_ in self.object_cues or self.is_verb(before.text)):
            return True
        if after[:2] == [",", "which"]:  # "Washington, which has ..., accused": a place takes "where"
            return True
        if before is not None and before.lower_ in ("and", "or") and after_state:
            return True
        if after[:1] in (["and"], ["or"]):  # "Beijing and Manila agreed"
            return self.verb_follows(after[2:])
        return self.verb_follows(after)

    def _held_by_government(self, ent: Span) -> bool:
        """'at Maputo's request', 'in Kyiv's view of': the possessor of a government's noun."""
        after = list(ent.doc[ent.end:ent.end + 2])
        return len(after) == 2 and after[0].text in self.possessive and lemma(after[1].lower_) in self.possessions

    def _addressed(self, ent: Span) -> bool:
        """'support to Riyadh', 'calls from Kyiv', 'the request of Kabul', 'apologised to
        Baku': the party a government's noun or act goes to or comes from."""
        doc, i = ent.doc, ent.start
        word = doc[i - 2].lower_ if i >= 2 else ""
        return i >= 2 and doc[i - 1].lower_ in ("to", "from", "of", "for", "against") and (
            word in self.words_before_preposition or lemma(word) in self.words_before_preposition)

    def is_verb(self, word: str) -> bool:
        """A government verb, or a word shaped like a past form ('forced', 'lent', 'given')."""
        lower = word.lower()
        base = lemma(lower)
        return base in self.government_verbs or (lower.endswith("ed") and len(lower) > 4) or (
            base != lower and not lower.endswith("s") and lower.isalpha())

    def verb_follows(self, words: list[str]) -> bool:
        """A verb right after the mention (past -ly adverbs): a government verb, a past
        form, or any word after an auxiliary ("Moscow has lent ...")."""
        auxiliary = False
        for word in words:
            lower = word.lower()
            if lower in self.auxiliaries:
                auxiliary = True
                continue
            if lower.endswith("ly") and len(lower) > 4:
                continue
            return auxiliary and lower.isalpha() or self.is_verb(lower)
        return False
