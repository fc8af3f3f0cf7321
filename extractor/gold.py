"""Reading and writing gold JSON Lines files (SCHEMA.md, 'Gold annotation files')."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from pydantic import ValidationError

from .schema import GoldDocument


class GoldFormatError(ValueError):
    """A gold file line that breaks the contract; the message names file and line."""


def parse_gold_line(line: str, where: str) -> GoldDocument:
    """Parse one JSONL line into a GoldDocument and check its spans cut the text.

    line (str): the JSON text of one document.
    where (str): 'file:line' used in error messages.
    RETURNS (GoldDocument): the parsed document.
    """
    try:
        doc = GoldDocument.model_validate(json.loads(line))
    except (json.JSONDecodeError, ValidationError) as err:
        raise GoldFormatError(f"{where}: {err}") from None
    for ent in doc.entities:
        if doc.text[ent.start:ent.end] != ent.text:
            raise GoldFormatError(
                f"{where}: entity {ent.id} span [{ent.start}, {ent.end}) cuts "
                f"{doc.text[ent.start:ent.end]!r}, not {ent.text!r}"
            )
    return doc


def read_gold(path: str | Path) -> list[GoldDocument]:
    """Read a gold JSONL file, refusing it at the first broken line.

    path (str | Path): the file.
    RETURNS (list[GoldDocument]): its documents in file order.
    """
    path = Path(path)
    docs = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                docs.append(parse_gold_line(line, f"{path}:{number}"))
    return docs


def write_gold(docs: Iterable[GoldDocument], path: str | Path) -> None:
    """Write gold documents as JSON Lines, one document a line."""
    with Path(path).open("w", encoding="utf-8") as handle:
        for doc in docs:
            handle.write(doc.model_dump_json() + "\n")
