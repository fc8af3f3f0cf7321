"""`extractor validate FILE... [--kind gold|output]`: check gold or batch output files against the contract."""
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..validate import count_documents, validate_files


class Kind(str, Enum):
    gold = "gold"
    output = "output"


def validate(
    files: Annotated[list[Path], typer.Argument(help="Gold (or batch output) JSONL files to check.")],
    kind: Annotated[Kind, typer.Option("--kind", help="gold: gold files (with text); output: `extractor batch` output (Documents).")] = Kind.gold,
) -> None:
    """Check gold files (or batch output): spans, overlaps, ids, labels, relation arguments,
    dates. Lists every problem."""
    problems = validate_files(files, kind.value)
    for problem in problems:
        typer.echo(str(problem))
    if kind is Kind.gold and any(p.field == "text" and "required" in p.message for p in problems):
        typer.echo("hint: a document without text is batch output: check it with --kind output", err=True)
    if problems:
        typer.echo(f"FAILED: {len(problems)} problem(s) in {len(files)} file(s)", err=True)
        raise typer.Exit(code=1)
    total = sum(count_documents(path) for path in files)
    typer.echo(f"OK: {total} documents in {len(files)} file(s)")


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("validate")(validate)
