"""The `extractor` command: one thin typer command per module, joined here."""
import typer

from . import extract_cmd, schema_cmd
from . import evaluate_cmd, validate_cmd
from . import export_cmd, import_cmd
from . import batch_cmd
from . import train_cmd
from . import kb_cmd
from . import show_cmd

app = typer.Typer(
    name="extractor",
    help="Turn international-politics news into a typed knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
)
extract_cmd.register(app)
schema_cmd.register(app)
evaluate_cmd.register(app)
validate_cmd.register(app)
import_cmd.register(app)
export_cmd.register(app)
batch_cmd.register(app)
train_cmd.register(app)
kb_cmd.register(app)
show_cmd.register(app)
