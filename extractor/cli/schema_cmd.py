"""`extractor schema`: print the JSON Schema of the output Document."""
import json

import typer

from ..schema import Document, GoldDocument


def schema(
    gold: bool = typer.Option(False, "--gold", help="Print the gold-file schema instead of the output schema."),
) -> None:
    """Print the JSON Schema that every output Document validates against."""
    model = GoldDocument if gold else Document
    typer.echo(json.dumps(model.model_json_schema(), indent=2))


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("schema")(schema)
