"""`extractor validate FILE...`: check gold files against the contract."""
from pathlib import Path
from typing import Annotated

import typer

from ..validate import count_documents, validate_files


def validate(
    files: Annotated[list[Path], typer.Argument(help="Gold JSONL files to check.")],
) -> None:
    """Check gold files: spans, ids, labels, relation arguments, dates. Lists every problem."""
    problems = validate_files(files)
    for problem in problems:
        typer.echo(str(problem))
    if problems:
        typer.echo(f"FAILED: {len(problems)} problem(s) in {len(files)} file(s)", err=True)
        raise typer.Exit(code=1)
    total = sum(count_documents(path) for path in files)
    typer.echo(f"OK: {total} documents in {len(files)} file(s)")


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("validate")(validate)
