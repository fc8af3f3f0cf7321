"""`extractor extract`: one text in, its Document out (JSON or a table)."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from typing_extensions import Annotated

from ..api import extract
from ..schema import Document


class OutputFormat(str, Enum):
    json = "json"
    table = "table"


def read_input(path: str) -> str:
    """The text of a file, or of standard input for '-'."""
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise typer.BadParameter(f"cannot read {path}: {err}") from None


def extract_command(
    path: Annotated[str, typer.Argument(help="A UTF-8 text file, or - to read standard input.")],
    doc_date: Annotated[Optional[str], typer.Option("--doc-date", help="Publication date YYYY-MM-DD; resolves 'Friday', 'last year'.")] = None,
    doc_id: Annotated[Optional[str], typer.Option("--doc-id", help="Id copied to the output (default: the file name without extension).")] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="json: the schema Document; table: a readable view for a person.")] = OutputFormat.json,
    model: Annotated[Optional[Path], typer.Option("--model", help="A pipeline directory written by `extractor train` (default: the shipped one).")] = None,
) -> None:
    """Extract entities and relations from one article."""
    from ..pipeline import load

    text = read_input(path)
    if doc_id is None and path != "-":
        doc_id = Path(path).stem
    try:
        document = extract(text, doc_id=doc_id, doc_date=doc_date, nlp=load(model))
    except ValueError as err:
        raise typer.BadParameter(str(err)) from None
    if output is OutputFormat.json:
        typer.echo(document.model_dump_json(indent=2))
    else:
        print_tables(document, text)


def print_tables(document: Document, text: str) -> None:
    """Entities and relations as rich tables."""
    from rich.console import Console
    from rich.table import Table

    entities = Table(title=f"Entities ({len(document.entities)})")
    for column in ("id", "label", "text", "canonical", "kb_id", "state", "value"):
        entities.add_column(column)
    for ent in document.entities:
        entities.add_row(ent.id, ent.label, ent.text, ent.canonical or "", ent.kb_id or "", ent.state or "", ent.value or "")
    names = {ent.id: ent.canonical or ent.text for ent in document.entities}
    relations = Table(title=f"Relations ({len(document.relations)})")
    for column in ("type", "head", "tail", "date", "negated", "mode/role", "confidence"):
        relations.add_column(column)
    for rel in document.relations:
        relations.add_row(rel.type, names[rel.head], names[rel.tail], names.get(rel.date, "") if rel.date else "",
                          "yes" if rel.negated else "", rel.mode or rel.role or "", f"{rel.confidence:.2f}")
    console = Console()
    console.print(entities)
    console.print(relations)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("extract")(extract_command)
