"""Build data/kb/states.jsonl from the registries: ISO 3166 codes and names from
pycountry, common names, demonyms and capitals from countryinfo, then the
curated short forms, epithets and missing states of state_overrides.json.

Run `python -m extractor.kb.build_states` (needs the `kb` extra) after a
registry update; the package itself only reads the JSONL it writes.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from .loader import DATA

LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z .'’()-]+$")


def _clean_names(names) -> list[str]:
    """Registry names a news text would use: Latin script, no 'X, Y of' inversions."""
    out = []
    for name in names:
        for part in str(name).split(", ") if "," in str(name) else [name]:
            part = part.strip()
            inverted_half = part.endswith((" of", " the", " of the"))
            if LATIN_NAME.match(part) and len(part) > 3 and not inverted_half and part not in out:
                out.append(part)
    return out


def _countryinfo_by_alpha3() -> dict:
    from countryinfo import all_countries

    info = {}
    for record in (country.info() for country in all_countries()):
        code = (record.get("ISO") or {}).get("alpha3")
        if code:
            info[code] = record
    return info


def _registry_records() -> list[dict]:
    import pycountry

    info = _countryinfo_by_alpha3()
    records = []
    for country in pycountry.countries:
        extra = info.get(country.alpha_3, {})
        names = [getattr(country, "common_name", None), extra.get("name"), country.name,
                 getattr(country, "official_name", None), *extra.get("altSpellings", [])]
        records.append({
            "id": country.alpha_3, "names": _clean_names(n for n in names if n),
            "demonyms": _clean_names([extra.get("demonym")] if extra.get("demonym") else []),
            "capitals": _clean_names([extra.get("capital")] if extra.get("capital") else []),
            "historical": False,
        })
    for country in pycountry.historic_countries:
        names = _historic_names(country.name)
        records.append({"id": country.alpha_4, "names": [n for n in names if LATIN_NAME.match(n)],
                        "demonyms": [], "capitals": [], "historical": True, "registry_name": names[-1]})
    return records


def _historic_names(name: str) -> list[str]:
    """A historical state's registry name and its qualified forms in reading order
    ('Yemen, Democratic' -> 'Yemen', 'Democratic Yemen'; 'Zaire, Republic of' -> 'Zaire',
    'Republic of Zaire')."""
    head, *qualifiers = name.split(", ")
    return [head] + [q if " " in q and not q.endswith(" of") else f"{q} {head}" for q in qualifiers]


def _apply_overrides(records: list[dict], overrides: dict) -> None:
    """Curated names first, then the registry's that are not common words; epithets; the
    states the registry lacks."""
    records.extend(dict(extra) for extra in overrides["extra_states"])
    not_names = set(overrides["not_names"])
    for record in records:
        code = record["id"]
        for key in ("names", "demonyms", "capitals"):
            curated = overrides[key].get(code, [])
            record[key] = curated + [n for n in record[key] if n not in curated and n not in not_names]
        record["epithets"] = overrides["epithets"].get(code, [])
        record["canonical"] = overrides["canonical"].get(code) or (record["names"] or [record.get("registry_name", code)])[0]


def _drop_ambiguous(records: list[dict], overrides: dict) -> None:
    """A registry alias that names two current states is left out of both, and a historical
    state loses a name a current one has; a curated alias stays with the state it was
    curated for and leaves the others."""
    curated = {a: code for key in ("names", "demonyms")
               for code, aliases in overrides[key].items() for a in aliases}
    current = {a for r in records if not r["historical"] for k in ("names", "demonyms") for a in r[k]}
    for record in (r for r in records if r["historical"]):
        for key in ("names", "demonyms"):
            record[key] = [a for a in record[key] if a not in current or curated.get(a) == record["id"]]
    counts = Counter(a for r in records for k in ("names", "demonyms") for a in set(r[k]))
    for record in records:
        for key in ("names", "demonyms"):
            record[key] = [
                a for a in record[key]
                if curated.get(a, record["id"]) == record["id"] and (a in curated or counts[a] == 1)
            ]


def build(out: Path = DATA / "states.jsonl") -> int:
    """Write the states file; RETURNS (int): the number of states written."""
    overrides = json.loads((DATA / "state_overrides.json").read_text(encoding="utf-8"))
    records = _registry_records()
    _apply_overrides(records, overrides)
    _drop_ambiguous(records, overrides)
    with out.open("w", encoding="utf-8") as handle:
        for record in sorted(records, key=lambda r: r["id"]):
            keys = ("id", "canonical", "names", "demonyms", "capitals", "epithets", "historical")
            handle.write(json.dumps({k: record[k] for k in keys}, ensure_ascii=False) + "\n")
    return len(records)


if __name__ == "__main__":
    build()
