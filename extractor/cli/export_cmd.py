"""`extractor export labelstudio|doccano`: pre-annotated tasks to correct in an annotation tool."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..gold import GoldFormatError, read_gold
from ..io.doccano import document_to_gold, gold_to_doccano
from ..io.labelstudio import gold_to_tasks, labeling_config, predict_tasks, write_tasks
from ..io.readers import ReadOptions, read_inputs

export_app = typer.Typer(help="Export documents as pre-annotated tasks for annotation tools.",
                         no_args_is_help=True)


def _records(paths: list[Path]) -> list[tuple[str, dict]]:
    """(text, metadata) pairs from text/HTML files, directories and JSONL ('text', 'doc_id', 'doc_date')."""
    options = ReadOptions(id_field="doc_id", date_field="doc_date")
    records = []
    for record in read_inputs([str(path) for path in paths], options):
        if record.error:
            raise ValueError(record.error)
        records.append((record.text, {"doc_id": record.doc_id, "doc_date": record.doc_date}))
    return records


@export_app.command("labelstudio")
def labelstudio(
    inputs: Annotated[Optional[list[Path]], typer.Argument(help="Articles (.txt/.html files or directories), or JSONL with 'text', 'doc_id', 'doc_date'.", exists=True)] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Tasks JSON to write; the labeling config goes next to it.")] = None,
    gold: Annotated[bool, typer.Option("--gold", help="Inputs are gold JSONL: write them as annotations, without running the pipeline.")] = False,
    model: Annotated[Optional[Path], typer.Option("--model", help="Pipeline directory; the shipped one by default.")] = None,
    config: Annotated[bool, typer.Option("--config", help="Print the Label Studio labeling config and exit.")] = False,
) -> None:
    """Write Label Studio tasks pre-annotated by the pipeline (or from gold)."""
    if config:
        typer.echo(labeling_config(), nl=False)
        raise typer.Exit()
    if not inputs or output is None:
        typer.echo("error: give INPUT files and --output (or --config)", err=True)
        raise typer.Exit(code=2)
    try:
        tasks = _tasks(inputs, gold, model)
    except (GoldFormatError, ValueError, KeyError, OSError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(code=1)
    write_tasks(tasks, output)
    config_path = output.with_suffix(".config.xml")
    config_path.write_text(labeling_config(), encoding="utf-8")
    typer.echo(f"wrote {len(tasks)} task(s) to {output} and the labeling config to {config_path}")


def _tasks(inputs: list[Path], gold: bool, model: Optional[Path]) -> list[dict]:
    if gold:
        return gold_to_tasks([doc for path in inputs for doc in read_gold(path)])
    nlp = None
    if model is not None:
        from ..pipeline import load
        nlp = load(model)
    return predict_tasks(_records(inputs), nlp=nlp)


@export_app.command("doccano")
def doccano(
    inputs: Annotated[list[Path], typer.Argument(help="Articles (.txt/.html files or directories), or JSONL with 'text', 'doc_id', 'doc_date'.", exists=True)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Doccano JSONL to write (one record per document).")],
    gold: Annotated[bool, typer.Option("--gold", help="Inputs are gold JSONL: write them without running the pipeline.")] = False,
    model: Annotated[Optional[Path], typer.Option("--model", help="Pipeline directory; the shipped one by default.")] = None,
) -> None:
    """Write Doccano records (entities and relations) pre-annotated by the pipeline (or from
    gold); `extractor import doccano` reads them back."""
    try:
        docs = _gold_docs(inputs, gold, model)
    except (GoldFormatError, ValueError, KeyError, OSError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(code=1)
    with output.open("w", encoding="utf-8") as handle:
        for number, doc in enumerate(docs, start=1):
            handle.write(json.dumps(gold_to_doccano(doc, number), ensure_ascii=False) + "\n")
    typer.echo(f"wrote {len(docs)} record(s) to {output}")


def _gold_docs(inputs: list[Path], gold: bool, model: Optional[Path]) -> list:
    if gold:
        return [doc for path in inputs for doc in read_gold(path)]
    from ..api import extract_many
    from ..pipeline import load

    records = _records(inputs)
    predicted = extract_many(records, nlp=load(model) if model is not None else None)
    return [document_to_gold(doc, text) for (text, _), doc in zip(records, predicted)]


def register(app: typer.Typer) -> None:
    """Add the `export` sub-app to the app."""
    app.add_typer(export_app, name="export")
