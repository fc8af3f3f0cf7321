"""Refresh the people file from a Wikidata SPARQL result (positions held, P39).

Run QUERY at https://query.wikidata.org (this package never goes online), download the
result as JSON, then:

    python -m extractor.kb.wikidata result.json                 # merge into data/kb/people.jsonl
    python -m extractor.kb.wikidata result.json -o people.jsonl # write elsewhere

Each result row is one position held: the person, the position, its start (P580) and end
(P582), the ISO 3166-1 alpha-3 code (P298) of the state the position belongs to (P1001)
and of the person's citizenship (P27). A row becomes a role; rows of one person, one record.
A record matches an existing one by its Wikidata id, else by its id (the slug of the name);
a matched record takes the result's terms for the offices the result holds and keeps its
own aliases, other roles and notes. The office kind and the title come from the position's
label ("President of Russia" -> president, head_of_state) by the titles in the lexicon.
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Mapping, Optional

from ..lexicon import Title, build_lexicon
from .loader import DATA, KB_FILES, read_jsonl, slugify

QUERY = """
SELECT ?person ?personLabel ?position ?positionLabel ?start ?end ?stateCode ?citizenCode WHERE {
  VALUES ?position { wd:Q7747 }   # the positions to refresh, e.g. heads of state and government
  ?person p:P39 ?held .
  ?held ps:P39 ?position .
  OPTIONAL { ?held pq:P580 ?start . }
  OPTIONAL { ?held pq:P582 ?end . }
  OPTIONAL { ?position wdt:P1001 ?state . ?state wdt:P298 ?stateCode . }
  OPTIONAL { ?person wdt:P27 ?citizen . ?citizen wdt:P298 ?citizenCode . }
  FILTER(!BOUND(?end) || ?end >= "2000-01-01"^^xsd:dateTime)
  SERVICE wikibase:label { bd:serviceParam wikibase:language "en". }
}
"""
ENTITY = re.compile(r"/entity/(Q\d+)$")

def _value(row: dict, name: str) -> Optional[str]:
    cell = row.get(name)
    return cell.get("value") if isinstance(cell, dict) else None


def _qid(uri: Optional[str]) -> Optional[str]:
    match = ENTITY.search(uri or "")
    return match.group(1) if match else None


def _day(value: Optional[str]) -> Optional[str]:
    """'2012-05-07T00:00:00Z' -> '2012-05-07' (a year-precision '2012-01-01' stays a day)."""
    return value[:10] if value and re.match(r"^\d{4}-\d{2}-\d{2}", value) else None


def role_of(position_label: str, titles: Mapping[str, Title]) -> tuple[str, list[str]]:
    """The title and office kind of a position label ('Minister of Foreign Affairs of
    Turkey' -> 'foreign minister', ['foreign_minister']): the longest lexicon title in it,
    its kind as the lexicon gives it."""
    label = position_label.lower()
    if "minister" in label and ("foreign" in label or "defence" in label or "defense" in label):
        title = "foreign minister" if "foreign" in label else "defence minister"
    else:
        found = sorted((t for t in titles if re.search(rf"\b{re.escape(t)}\b", label)), key=len, reverse=True)
        title = found[0] if found else label.split(" of ")[0]
    return title, [titles[title].office if title in titles else "other"]


def records_from_result(result: dict, titles: Mapping[str, Title]) -> list[dict]:
    """People records (KB format plus `wikidata`) from a SPARQL JSON result."""
    people: dict[str, dict] = {}
    for row in result.get("results", {}).get("bindings", []):
        qid, name = _qid(_value(row, "person")), _value(row, "personLabel")
        if not qid or not name or re.fullmatch(r"Q\d+", name):
            continue  # no English label: nothing to match in news
        title, offices = role_of(_value(row, "positionLabel") or "", titles)
        person = people.setdefault(qid, {"id": slugify(name), "canonical": name, "aliases": [],
                                         "state": _value(row, "citizenCode"), "roles": [], "wikidata": qid})
        role = {"role": title, "office": offices[0],
                "of": _value(row, "stateCode") or person["state"], "start": _day(_value(row, "start")),
                "end": _day(_value(row, "end")), "wikidata": _qid(_value(row, "position"))}
        if role not in person["roles"]:
            person["roles"].append(role)
    for person in people.values():
        person["roles"].sort(key=lambda r: r["start"] or "")
    return list(people.values())


def merge(existing: list[dict], fresh: list[dict]) -> list[dict]:
    """The existing records with the fresh ones merged in (see the module docstring)."""
    by_qid = {rec["wikidata"]: rec for rec in existing if rec.get("wikidata")}
    by_id = {rec["id"]: rec for rec in existing}
    out = list(existing)
    for rec in fresh:
        known = by_qid.get(rec["wikidata"]) or by_id.get(rec["id"])
        if known is None:
            out.append(rec)
            by_id[rec["id"]] = rec
            continue
        known["wikidata"] = rec["wikidata"]
        refreshed = {(r["role"], r["of"]) for r in rec["roles"]}
        known["roles"] = [r for r in known.get("roles", []) if (r.get("role"), r.get("of")) not in refreshed]
        known["roles"] = sorted(known["roles"] + rec["roles"], key=lambda r: str(r.get("start") or ""))
        if rec["canonical"] != known["canonical"] and rec["canonical"] not in known.get("aliases", []):
            known.setdefault("aliases", []).append(rec["canonical"])
    return out


def refresh(result_path: Path, people_path: Path, out_path: Path) -> int:
    """Merge a result file into a people file; RETURNS (int): the records written."""
    result = json.loads(Path(result_path).read_text(encoding="utf-8"))
    fresh = records_from_result(result, build_lexicon().titles)
    existing = list(read_jsonl(people_path)) if Path(people_path).exists() else []
    merged = merge(existing, fresh)
    with Path(out_path).open("w", encoding="utf-8") as handle:
        for rec in merged:
            handle.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return len(merged)


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("result", type=Path, help="SPARQL result (JSON) of QUERY")
    parser.add_argument("--into", type=Path, default=DATA / KB_FILES["LEADER"], help="people file to merge into")
    parser.add_argument("-o", "--out", type=Path, help="where to write (default: --into)")
    args = parser.parse_args(argv)
    print(refresh(args.result, args.into, args.out or args.into))


if __name__ == "__main__":
    main()
