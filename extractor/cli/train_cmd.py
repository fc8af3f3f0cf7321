"""`extractor train`: fit the pipeline on gold annotations and save it to models/."""
import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from ..gold import GoldFormatError
from ..train import DEFAULT_EXTRA, DEFAULT_GOLD, train as train_pipeline

SECTIONS = (("loo", "leave-one-document-out"), ("loo_rules_only", "leave-one-out, rules only"),
            ("train", "final model on its own gold (not a test score)"))


def _table(title: str, scores: dict) -> Table:
    table = Table(title=f"Relations: {title}")
    for column in ("type", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for rel_type, row in scores["rel_per_type"].items():
        table.add_row(rel_type, *(f"{row[k]:.3f}" for k in "prf"), *(str(row[k]) for k in ("tp", "fp", "fn")))
    table.add_row("micro", *(f"{scores[f'rel_micro_{k}']:.3f}" for k in "prf"), "", "", "", style="bold")
    return table


def train(
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the pipeline to: a new or empty one, or one with files with --force; never the shipped pipeline.")],
    gold: Annotated[Optional[list[Path]], typer.Argument(help="More gold JSONL files or directories, as --annotations (so `--annotations a b` takes both).", show_default=False)] = None,
    annotations: Annotated[Optional[list[Path]], typer.Option("--annotations", help="Gold JSONL files or directories (scored leave-one-out); several after one flag, or the flag repeated.")] = None,
    extra: Annotated[Optional[list[Path]], typer.Option("--extra", help="More training JSONL files or directories (never scored).")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="Pipeline config (default: the packaged pipeline.cfg).")] = None,
    kb: Annotated[Optional[list[Path]], typer.Option("--kb", help="Your KB files (JSONL), saved into the pipeline.")] = None,
    lexicon: Annotated[Optional[list[Path]], typer.Option("--lexicon", help="Your lexicon files (JSONL), saved into the pipeline.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace --out if it holds files.")] = False,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the classifier.")] = 0,
    no_loo: Annotated[bool, typer.Option("--no-loo", help="Skip the leave-one-document-out scores.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Build the pipeline from the config, fit the relation classifier on the gold
    (plus the extra documents), print leave-one-document-out relation scores, save it."""
    try:
        report = train_pipeline([*(annotations or []), *(gold or [])] or [DEFAULT_GOLD], extra or [DEFAULT_EXTRA],
                                config=config, out=out, seed=seed, loo=not no_loo,
                                kb=[str(p) for p in kb or []], lexicon=[str(p) for p in lexicon or []], force=force)
    except (OSError, GoldFormatError, ValueError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(code=2)
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    console = Console(width=max(Console().width, 100))
    for key, title in SECTIONS:
        if key in report:
            console.print(_table(title, report[key]))
    console.print(f"{report['n_gold']} gold + {report['n_extra']} extra documents, "
                  f"{report['pairs']} candidate pairs ({report['positive_pairs']} with a relation), seed {seed}")
    if report.get("out"):
        console.print(f"saved to {report['out']}")


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("train")(train)
