"""A reproducible corpus of news-like documents for the benchmark.

Documents are built from templates of international-politics sentences with
names of states, leaders, organisations, places and dates, mixed with filler
sentences drawn from a general vocabulary, about 600 words each. The same seed
and count always give the same texts.
"""
from __future__ import annotations

import random
from typing import Iterator

STATES = [
    "North Korea", "South Korea", "Syria", "Russia", "the United States", "China", "Iran",
    "Iraq", "Turkey", "Israel", "Japan", "France", "Germany", "the United Kingdom", "Egypt",
    "Saudi Arabia", "Lebanon", "Jordan", "Ukraine", "Belarus", "Venezuela", "Cuba", "India",
    "Pakistan", "Afghanistan", "Libya", "Qatar", "Vietnam", "Mongolia", "Brazil",
]
DEMONYMS = [
    "North Korean", "South Korean", "Syrian", "Russian", "American", "Chinese", "Iranian",
    "Iraqi", "Turkish", "Israeli", "Japanese", "French", "German", "British", "Egyptian",
]
LEADERS = [
    ("President", "Vladimir Putin"), ("leader", "Kim Jong Un"), ("President", "Bashar al-Assad"),
    ("Foreign Minister", "Sergei Lavrov"), ("President", "Xi Jinping"), ("Foreign Minister", "Walid Muallem"),
    ("President", "Donald Trump"), ("Secretary of State", "Mike Pompeo"), ("President", "Hassan Rouhani"),
    ("Prime Minister", "Shinzo Abe"), ("President", "Moon Jae-in"), ("President", "Recep Tayyip Erdogan"),
    ("Chancellor", "Angela Merkel"), ("President", "Emmanuel Macron"), ("Ambassador", "Kim Song"),
    ("Deputy Foreign Minister", "Choe Son Hui"), ("Prime Minister", "Benjamin Netanyahu"),
    ("spokesperson", "Maria Zakharova"), ("Secretary-General", "Antonio Guterres"), ("envoy", "Geir Pedersen"),
]
ORGS = [
    "the UN Security Council", "the United Nations", "the OPCW", "NATO", "the European Union",
    "KCNA", "the International Atomic Energy Agency", "the Arab League", "the World Bank",
    "the Ministry of Foreign Affairs", "Reuters", "the State Department", "the Kremlin",
    "the African Union", "the World Health Organization",
]
PLACES = [
    "Pyongyang", "Damascus", "Moscow", "Beijing", "Seoul", "Tehran", "Vladivostok", "Geneva",
    "Aleppo", "Douma", "Idlib", "Hanoi", "Singapore", "Istanbul", "Baghdad", "Beirut", "Tokyo",
    "the Middle East", "East Asia", "the Korean peninsula",
]
DATES = [
    "on Friday", "on Monday", "last week", "this weekend", "in December 1979", "in the 1980s",
    "in late 2015", "on June 21, 2019", "in the first half of 2021", "earlier this year",
    "on 5 August 2017", "in March", "more than 10 years ago", "between 2012 and 2017",
]
EVENTS = [
    "{leader} met {leader2} in {place} {date}.",
    "{state} accused {state2} of supplying weapons to armed groups {date}.",
    "{org} imposed new sanctions on {state} {date}, citing its missile programme.",
    "{title} {leader} said {state} would defend {state2} at {org}.",
    "{demonym} officials held talks with a delegation from {state2} in {place} {date}.",
    "According to {org}, {state} provided fuel and food to {state2} {date}.",
    "{leader} congratulated {leader2} on the anniversary of the founding of {state}.",
    "{state} and {state2} signed an agreement on economic cooperation {date}.",
    "{org} condemned the attack on {place} and blamed {state} for it.",
    "{leader} sent a letter to {leader2}, {org} reported {date}.",
    "The {demonym} government denied that it had sent troops to {place}.",
    "{state} has maintained close diplomatic relations with {state2} since the 1960s.",
    "{title} {leader} of {state} warned {state2} against further provocations.",
    "Talks between {state} and {state2} collapsed in {place} {date}.",
]
WORDS = (
    "analysts said the move reflected growing concern about regional stability while "
    "observers noted that economic pressure had increased over recent months as trade "
    "declined sharply and officials struggled to contain the fallout from a series of "
    "decisions taken without consultation many experts believe that the situation could "
    "deteriorate further unless both sides agree to resume negotiations on security "
    "arrangements border crossings humanitarian access energy supplies shipping routes "
    "investment projects infrastructure banking restrictions currency reserves harvest "
    "shortages electricity prices public opinion domestic politics military exercises "
    "satellite images commercial vessels coastal areas industrial zones universities "
    "journalists diplomats researchers farmers workers students families veterans "
    "quietly openly reportedly repeatedly recently gradually eventually significantly"
).split()
FILLERS = [
    "The ministry did not respond to a request for comment.",
    "It was not immediately clear how the decision would be implemented.",
    "Details of the meeting were not made public.",
    "The report could not be independently verified.",
]


def _event(rng: random.Random) -> str:
    title, leader = rng.choice(LEADERS)
    state, state2 = rng.sample(STATES, 2)
    sentence = rng.choice(EVENTS).format(
        leader=leader, leader2=rng.choice(LEADERS)[1], title=title, state=state, state2=state2,
        demonym=rng.choice(DEMONYMS), org=rng.choice(ORGS), place=rng.choice(PLACES),
        date=rng.choice(DATES),
    )
    return sentence[0].upper() + sentence[1:]


def _filler(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return rng.choice(FILLERS)
    words = rng.choices(WORDS, k=rng.randint(12, 28))
    number = f" {rng.randint(2, 9800)}" if rng.random() < 0.3 else ""
    return (" ".join(words) + number).capitalize() + "."


def make_document(rng: random.Random, words: int = 600) -> str:
    """One news-like article of about `words` words.

    rng (random.Random): the seeded generator.
    words (int): the length to reach.
    RETURNS (str): a headline and paragraphs separated by blank lines.
    """
    paragraphs, count = [_event(rng).rstrip(".")], 0
    while count < words:
        paragraph = " ".join(_event(rng) if rng.random() < 0.45 else _filler(rng) for _ in range(rng.randint(2, 5)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(paragraphs) + "\n"


def iter_corpus(n_docs: int, seed: int = 13, words: int = 600) -> Iterator[str]:
    """`n_docs` articles, generated lazily, the same for the same seed.

    n_docs (int): how many.
    seed (int): the random seed.
    words (int): about how many words each.
    YIELDS (str): the texts.
    """
    rng = random.Random(seed)
    for _ in range(n_docs):
        yield make_document(rng, words)


def make_corpus(n_docs: int, seed: int = 13, words: int = 600) -> list[str]:
    """`n_docs` articles in a list (see `iter_corpus`).

    RETURNS (list[str]): the texts.
    """
    return list(iter_corpus(n_docs, seed, words))
