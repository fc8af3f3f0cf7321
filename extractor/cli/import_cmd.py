"""`extractor import labelstudio|doccano`: annotation tool exports to gold JSONL."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..gold import write_gold
from ..io.annotation_tools import AnnotationImportError
from ..io.doccano import link_states, read_doccano
from ..io.labelstudio import predicted_only, read_labelstudio

import_app = typer.Typer(
    help="Import annotations from Label Studio or Doccano as gold JSONL.",
    no_args_is_help=True,
)

OutOption = Annotated[Path, typer.Option("--output", "-o", help="Gold JSONL file to write.")]


def _write(docs, output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    write_gold(docs, output)
    typer.echo(f"wrote {len(docs)} document(s) to {output}")


def _fail(err: Exception) -> None:
    typer.echo(f"error: {err}", err=True)
    raise typer.Exit(code=1)


@import_app.command("labelstudio")
def labelstudio(
    export: Annotated[Path, typer.Argument(help="Label Studio JSON export (a list of tasks).", exists=True, dir_okay=False)],
    output: OutOption,
    predictions: Annotated[bool, typer.Option("--predictions", help="Use a task's prediction when it has no annotation.")] = False,
) -> None:
    """Convert a Label Studio JSON export into gold JSONL."""
    try:
        docs = read_labelstudio(export, use_predictions=predictions)
    except (AnnotationImportError, OSError) as err:
        _fail(err)
    skipped = 0 if predictions else predicted_only(export)
    if skipped:
        typer.echo(f"hint: {skipped} task(s) hold only predictions, no annotation: skipped; "
                   "add --predictions to import them", err=True)
    _write(docs, output)


@import_app.command("doccano")
def doccano(
    export: Annotated[Path, typer.Argument(help="Doccano JSONL export (sequence labelling, with or without relations).", exists=True, dir_okay=False)],
    output: OutOption,
    kb_link: Annotated[bool, typer.Option("--kb-link/--no-kb-link", help="Fill the kb_id of STATE mentions without one from the KB.")] = True,
) -> None:
    """Convert a Doccano JSONL export into gold JSONL (a STATE without kb_id gets its ISO
    code from the KB)."""
    try:
        docs = read_doccano(export)
    except (AnnotationImportError, OSError) as err:
        _fail(err)
    if kb_link:
        docs = _link_states(docs)
    _write(docs, output)


def _link_states(docs: list) -> list:
    from ..kb import load_kb

    docs, filled, unknown = link_states(docs, load_kb())
    if filled or unknown:
        missing = f"; not in the KB, left null: {', '.join(map(repr, unknown))}" if unknown else ""
        typer.echo(f"filled the kb_id of {filled} STATE mention(s) from the KB{missing}", err=True)
    return docs


def register(app: typer.Typer) -> None:
    """Add the `import` sub-app to the app."""
    app.add_typer(import_app, name="import")
