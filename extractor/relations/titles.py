"""Structural rules: LEADER_OF / OFFICIAL_OF from titles, possessives and appositions.

Each pattern has its own confidence, the most explicit highest:
  demonym/name + title + LEADER     "Russian President Vladimir Putin"      0.95
  possessive (+ title) + LEADER     "Syria's Assad", "Syria's President X"  0.9
  LEADER, the title of X            "Kim Il-sung, the founder of North Korea" 0.9
  its/their + title + LEADER        "North Korea also sent its vice foreign minister Im Chon Il" 0.8
  demonym + (regime) leader         "the Syrian regime leader" (a virtual actor) 0.8
  LEADER regime in STATE            "the Assad regime in Syria"             0.85
  HOLDER, led by (title +) LEADER    "The RSF, led by Mohamed Hamdan Dagalo"  0.85
  under the leadership of LEADER, HOLDER  "Under the leadership of Xi, China"  0.8
  title + LEADER, KB state named    "Deputy Prime Minister Walid Muallem" with "Syria" 0.7
"""
from __future__ import annotations

from typing import Optional, Sequence

from .actors import Actor
from .proposals import Proposal

HOLDER_LABELS = ("STATE", "ORG")
RUN_JOINERS = frozenset({",", "and", "-", "of"})
POINTERS = frozenset({"its", "their"})


class TitleLexicon:
    """Title phrases (lower-cased word tuples) -> relation type."""

    def __init__(self, titles: dict, modifiers: frozenset, possessive_role: str = "leader",
                 possessive: frozenset = frozenset({"'s", "’s"}), regime_words: frozenset = frozenset(),
                 led_by: frozenset = frozenset(), leadership: frozenset = frozenset(),
                 not_of_the_state: frozenset = frozenset()):
        self.titles = {tuple(t.split()): typ for t, typ in titles.items()}
        self.possessive, self.regime_words, self.led_by = possessive, regime_words, led_by
        self.leadership = leadership
        self.not_of_the_state = not_of_the_state  # 'Venezuela's opposition leader': no office of the state
        self.modifiers = frozenset(modifiers)
        self.before_holder = self.modifiers - POINTERS  # 'its'/'their' point back instead
        self.possessive_role = possessive_role
        self.words = frozenset(w for t in self.titles for w in t)
        self.longest = max((len(t) for t in self.titles), default=1)
        self.counterpart = frozenset(" ".join(t) for t in self.titles if t[-1] in ("counterpart", "counterparts"))

    @classmethod
    def from_lexicon(cls, lexicon) -> "TitleLexicon":
        """The titles and title modifiers of the lexicon."""
        return cls({t.title: t.type for t in lexicon.titles.values()}, lexicon.words("titles.modifiers"),
                   next(iter(lexicon.words("titles.possessive_role"))), lexicon.words("relations.possessive"),
                   lexicon.words("actors.regime_words"), lexicon.words("titles.led_by"),
                   lexicon.words("titles.leadership"), lexicon.words("titles.not_of_the_state"))

    def phrases(self, words: Sequence[str]) -> list[tuple[str, str]]:
        """Title phrases in a run of words, left to right, longest first: (role, type)."""
        found, i = [], 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                typ = self.titles.get(tuple(words[i:i + n]))
                if typ:
                    found.append((" ".join(words[i:i + n]), typ))
                    i += n - 1
                    break
            i += 1
        return found


def title_proposals(doc, sent, actors: Sequence[Actor], lex: TitleLexicon) -> list[Proposal]:
    """LEADER_OF / OFFICIAL_OF proposals of one sentence.

    doc (Doc): the document.
    sent (Sentence): the sentence.
    actors (Sequence[Actor]): the sentence's actors, in text order.
    lex (TitleLexicon): the title lexicon.
    RETURNS (list[Proposal]): at most one proposal per leader mention.
    """
    leaders = [a for a in actors if a.label == "LEADER"]
    if not leaders:
        return []
    by_start = {a.start: a for a in actors if not a.virtual}
    by_end = {a.end: a for a in actors if not a.virtual}
    out = []
    for actor in leaders:
        found = _virtual(doc, actor, by_start, lex) if actor.virtual else _named(doc, sent, actor, actors, by_end, lex)
        if found is not None:
            out.append(found)
    return out


def _virtual(doc, actor: Actor, by_start, lex: TitleLexicon) -> Optional[Proposal]:
    """A description ("the Russian president", "Cameroon's defence minister") holds the
    office its title names, of the state it starts with."""
    state = by_start.get(actor.start)
    if state is None or state.label != "STATE":
        return None
    words = [doc.lower[k] for k in range(state.end, actor.end) if doc.lower[k] not in lex.possessive]
    titles = lex.phrases(words)
    role, typ = titles[0] if titles else ("leader", "LEADER_OF")
    return Proposal(actor, state, typ, 0.8, role=role, pattern="title:description")


def _named(doc, sent, leader: Actor, actors, by_end, lex: TitleLexicon) -> Optional[Proposal]:
    run_start, titles = _title_run(doc, sent.start, leader.start, lex)
    if titles and run_start > sent.start and doc.lower[run_start - 1] in lex.not_of_the_state:
        return None
    if titles and titles[0][0] in lex.counterpart:
        titles = _counterpart_titles(doc, sent, leader, actors, lex) or titles
    role, typ = titles[0] if titles else (lex.possessive_role, "LEADER_OF")
    holder, conf = _holder_before(doc, sent, run_start, actors, by_end, lex)
    if holder is None and not titles:
        holder, conf, role, typ = _title_of_before(doc, sent, leader, by_end, lex, role, typ)
    if holder is None or (not titles and conf < 0.9):
        holder, conf, role, typ = _apposition(doc, sent, leader, actors, lex, role, typ)
    if holder is None:
        holder, conf, role, typ = _regime_in(doc, sent, leader, actors, lex, role, typ)
    if holder is None:
        holder, conf = _led_by(doc, sent, run_start, by_end, lex)
    if holder is None and not titles:
        holder, conf = _under_leadership(doc, sent, leader, actors, lex)
    if holder is None and titles and not _place_before(doc, run_start, actors):
        holder, conf = _kb_state(doc, leader, actors), 0.7  # not 'Istanbul mayor Ekrem Imamoglu': the city's
    if holder is None:
        return None
    return Proposal(leader, holder, typ, conf, role=role, pattern=f"title:{role}")


def _counterpart_titles(doc, sent, leader: Actor, actors, lex: TitleLexicon) -> list:
    """A counterpart holds the office of the titled leader before it ("Fijian Prime Minister
    Rabuka and his New Zealand counterpart Luxon": prime minister)."""
    before = [a for a in actors if a.label == "LEADER" and not a.virtual and sent.start <= a.start and a.end <= leader.start]
    return _title_run(doc, sent.start, before[-1].start, lex)[1] if before else []


def _title_run(doc, lo: int, start: int, lex: TitleLexicon) -> tuple[int, list]:
    """The run of title words right before a leader: (its first token, its titles)."""
    i = start
    while i > lo and (doc.lower[i - 1] in lex.words or doc.lower[i - 1] in RUN_JOINERS):
        i -= 1
    while i < start and doc.lower[i] in RUN_JOINERS:
        i += 1
    words = [doc.lower[k] for k in range(i, start) if doc.lower[k] not in {",", "-"}]
    return i, lex.phrases(words)


def _holder_before(doc, sent, run_start: int, actors, by_end, lex) -> tuple[Optional[Actor], float]:
    j = run_start
    while j > sent.start and doc.lower[j - 1] in lex.before_holder:
        j -= 1
    holder = by_end.get(j)
    if holder is not None and holder.label == "ORG" and holder.start - 1 > sent.start and \
            doc.lower[holder.start - 1] in lex.possessive:
        owner = by_end.get(holder.start - 1)
        if owner is not None and owner.label == "STATE":
            return owner, 0.9  # "Kenya's UN envoy Martin Kimani": Kenya's envoy to the UN
    if holder is not None and holder.label in HOLDER_LABELS:
        return holder, 0.95
    if j > sent.start and doc.lower[j - 1] in lex.possessive:
        holder = by_end.get(j - 1)
        if holder is not None and holder.label in HOLDER_LABELS:
            return holder, 0.9
    if j > sent.start and doc.lower[j - 1] in POINTERS:
        earlier = [a for a in actors if a.end < j and a.label in HOLDER_LABELS]
        return (earlier[-1], 0.8) if earlier else (None, 0.0)
    return None, 0.0


def _title_of_before(doc, sent, leader: Actor, by_end, lex, role, typ):
    """'The president of Kazakhstan, Kassym-Jomart Tokayev': a title of a holder set off by a
    comma before the name."""
    j = leader.start - 1
    holder = by_end.get(j) if j > sent.start and doc.lower[j] == "," else None
    if holder is None or holder.label not in HOLDER_LABELS:
        return None, 0.0, role, typ
    k = holder.start - 1 - (doc.lower[holder.start - 1] == "the")
    titles = _title_run(doc, sent.start, k, lex)[1] if k > sent.start and doc.lower[k] == "of" else []
    return (holder, 0.9, *titles[-1]) if titles else (None, 0.0, role, typ)


def _apposition(doc, sent, leader: Actor, actors, lex, role, typ):
    """'X, the founder of Y' or 'X, the Y president'."""
    i = leader.end
    if i >= sent.end or doc.lower[i] != ",":
        return None, 0.0, role, typ
    i += 1
    while i < sent.end and doc.lower[i] in lex.modifiers:
        i += 1
    starts = {a.start: a for a in actors if not a.virtual}
    holder = starts.get(i)
    if holder is not None and holder.label in HOLDER_LABELS:
        j = holder.end + (holder.end < sent.end and doc.lower[holder.end] in lex.possessive)  # "X, NATO's secretary general"
        titles = _run_after(doc, j, sent.end, lex)
        if titles and _run_end(doc, j, sent.end, lex) in starts:
            return None, 0.0, role, typ  # "Grenell, U.S. President Donald Trump's envoy": the title is Trump's
        return (holder, 0.85, *titles[0]) if titles else (None, 0.0, role, typ)
    titles = _run_after(doc, i, sent.end, lex)
    k = i
    while k < sent.end and doc.lower[k] != "of" and (doc.lower[k] in lex.words or doc.lower[k] == "-"):
        k += 1
    if titles and k + 1 < sent.end and doc.lower[k] == "of":
        k += 2 if doc.lower[k + 1] == "the" else 1
        holder = starts.get(k)
        if holder is not None and holder.label in HOLDER_LABELS:
            return (holder, 0.9, *titles[0])
    return None, 0.0, role, typ


def _regime_in(doc, sent, leader: Actor, actors, lex, role, typ):
    """'the Assad regime in Syria', "Assad's government of Syria"."""
    i = leader.end
    if i < sent.end and doc.lower[i] in lex.possessive:
        i += 1
    if i + 2 < sent.end and doc.lower[i] in lex.regime_words and doc.lower[i + 1] in {"in", "of"}:
        holder = next((a for a in actors if a.start == i + 2 and not a.virtual), None)
        if holder is not None and holder.label in HOLDER_LABELS:
            return holder, 0.85, "leader", "LEADER_OF"
    return None, 0.0, role, typ


def _led_by(doc, sent, run_start: int, by_end, lex: TitleLexicon) -> tuple[Optional[Actor], float]:
    """'The RSF, led by Mohamed Hamdan Dagalo', 'a delegation for Syria, led by Deputy
    Prime Minister Walid Muallem': the holder right before 'led by' / 'headed by'."""
    j = run_start - 2
    if j <= sent.start or doc.lower[j + 1] != "by" or doc.lower[j] not in lex.led_by:
        return None, 0.0
    j -= doc.lower[j - 1] == ","
    holder = by_end.get(j)
    return (holder, 0.85) if holder is not None and holder.label in HOLDER_LABELS else (None, 0.0)


def _under_leadership(doc, sent, leader: Actor, actors, lex: TitleLexicon) -> tuple[Optional[Actor], float]:
    """'Under the leadership of Xi Jinping, China ...': the holder right after the phrase."""
    i = leader.start
    if i - 4 < sent.start or [doc.lower[k] for k in (i - 4, i - 3, i - 1)] != ["under", "the", "of"] \
            or doc.lower[i - 2] not in lex.leadership:
        return None, 0.0
    j = leader.end + (leader.end < sent.end and doc.lower[leader.end] == ",")
    holder = next((a for a in actors if a.start == j and not a.virtual), None)
    return (holder, 0.8) if holder is not None and holder.label in HOLDER_LABELS else (None, 0.0)


def _run_after(doc, i: int, stop: int, lex: TitleLexicon) -> list:
    words = [doc.lower[k] for k in range(i, _run_end(doc, i, stop, lex)) if doc.lower[k] != "-"]
    return lex.phrases(words)


def _run_end(doc, i: int, stop: int, lex: TitleLexicon) -> int:
    """The token after the run of title words from token i."""
    while i < stop and (doc.lower[i] in lex.words or doc.lower[i] == "-"):
        i += 1
    return i


def _place_before(doc, run_start: int, actors) -> bool:
    """Whether a LOCATION ends right before a title run (a local office: 'Istanbul mayor')."""
    return any(a.label == "LOCATION" and a.end == run_start and not a.virtual for a in actors)


def _kb_state(doc, leader: Actor, actors) -> Optional[Actor]:
    """A STATE of the sentence that the KB gives as the leader's own state."""
    ents = doc.ents
    state = ents.states[leader.ent]
    for actor in actors:
        if not actor.virtual and actor.label == "STATE" and state and ents.kb_ids[actor.ent] == state:
            return actor
    return None
