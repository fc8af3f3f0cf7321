"""`extractor evaluate GOLD...`: score predictions, or the pipeline, against gold."""
import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from ..evaluate import load_pair, score
from ..gold import GoldFormatError
from ..report import error_table, find_errors, report_tables


def _bars_failed(report: dict, min_entity_f1: Optional[float], min_relation_f1: Optional[float]) -> list[str]:
    checks = (("entity", "ents_micro_f", min_entity_f1), ("relation", "rel_micro_f", min_relation_f1))
    return [
        f"{name} micro F1 {report[key]:.3f} is below {bar:.3f}"
        for name, key, bar in checks if bar is not None and report[key] < bar
    ]


def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL files.")],
    pred: Annotated[Optional[Path], typer.Option("--pred", help="Predicted Documents (JSONL); without it the pipeline runs on the gold texts.")] = None,
    model: Annotated[Optional[Path], typer.Option("--model", help="Pipeline directory to run (default: the shipped one).")] = None,
    parser: Annotated[bool, typer.Option("--parser", help="Run the pipeline with the optional parser (needs the [parser] extra).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a machine-readable JSON report.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List each false positive and false negative with its sentence.")] = False,
    min_entity_f1: Annotated[Optional[float], typer.Option("--min-entity-f1", help="Exit non-zero below this strict entity micro F1 (0..1).")] = None,
    min_relation_f1: Annotated[Optional[float], typer.Option("--min-relation-f1", help="Exit non-zero below this relation micro F1 (0..1).")] = None,
) -> None:
    """Score entities, linking, dates and relations as SCHEMA.md 'Scoring' says."""
    try:
        gold_docs, pred_docs = load_pair(gold, pred, model, parser)
        report = score(gold_docs, pred_docs)
    except (OSError, GoldFormatError, ValueError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(code=2)
    found = find_errors(gold_docs, pred_docs) if errors else None
    if as_json:
        typer.echo(json.dumps(report if found is None else {**report, "errors": found}, indent=2))
    else:
        console = Console(width=max(Console().width, 120))
        for table in report_tables(report) + ([error_table(found)] if found is not None else []):
            console.print(table)
    failures = _bars_failed(report, min_entity_f1, min_relation_f1)
    for failure in failures:
        typer.echo(f"FAILED: {failure}", err=True)
    if failures:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("evaluate")(evaluate)
