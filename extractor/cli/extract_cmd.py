"""`extractor extract`: one text in, its Document out (JSON or a table)."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from typing_extensions import Annotated

from ..api import extract_many
from ..schema import Document


class OutputFormat(str, Enum):
    json = "json"
    table = "table"
    html = "html"


def read_record(path: str, doc_date: Optional[str]):
    """The one document of a file or of standard input, read as `extractor batch` reads it
    (UTF-8 else CP1252/Latin-1, HTML reduced to its text, the date from --doc-date, the
    page's metadata, the dateline or the file name)."""
    from ..api import check_date
    from ..io.readers import ReadOptions, read_inputs

    try:
        records = list(read_inputs([path], ReadOptions(doc_date=check_date(doc_date))))
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--doc-date") from None
    if len(records) != 1:
        raise typer.BadParameter(f"{path} holds {len(records)} documents: use `extractor batch`")
    if records[0].error:
        raise typer.BadParameter(records[0].error)
    for note in records[0].notes:
        typer.echo(f"warning: {note}", err=True)
    return records[0]


def extract_command(
    path: Annotated[str, typer.Argument(help="A text or HTML file, or - to read standard input.")],
    doc_date: Annotated[Optional[str], typer.Option("--doc-date", help="Publication date YYYY-MM-DD (default: from the page's metadata, the dateline or the file name).")] = None,
    doc_id: Annotated[Optional[str], typer.Option("--doc-id", help="Id copied to the output (default: the file name without extension).")] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="json: the schema Document; table: a readable view for a person; html: the page of `extractor show`.")] = OutputFormat.json,
    model: Annotated[Optional[Path], typer.Option("--model", help="A pipeline directory written by `extractor train` (default: the shipped one).")] = None,
    kb: Annotated[Optional[List[Path]], typer.Option("--kb", help="Your KB files (JSONL), used without a retrain.")] = None,
    lexicon: Annotated[Optional[List[Path]], typer.Option("--lexicon", help="Your lexicon files (JSONL), used without a retrain.")] = None,
    parser: Annotated[bool, typer.Option("--parser", help="Read relation roles from a dependency parse (needs the [parser] extra: en_core_web_sm).")] = False,
) -> None:
    """Extract entities and relations from one article."""
    from ..pipeline import load

    record = read_record(path, doc_date)
    nlp = load(model, kb=[str(p) for p in kb or []], lexicon=[str(p) for p in lexicon or []], parser=parser)
    [document] = extract_many([(record.text, {"doc_id": doc_id or (record.doc_id if path != "-" else None),
                                              "doc_date": record.doc_date,
                                              "doc_date_source": record.doc_date_source})], nlp=nlp)
    if document.error:
        raise typer.BadParameter(document.error)
    if output is OutputFormat.json:
        typer.echo(document.model_dump_json(indent=2))
    elif output is OutputFormat.html:
        from ..report_html import render_report

        typer.echo(render_report([(document, record.text)], title=f"extractor: {document.doc_id or path}"), nl=False)
    else:
        print_tables(document, record.text)


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
