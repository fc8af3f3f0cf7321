"""`extractor train`: fit the pipeline on gold annotations and save it to models/."""
import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from ..gold import GoldFormatError
from ..relations.learning import MIN_COUNT
from ..relations.thresholds import FOLDS, MIN_EXAMPLES
from ..train import DEFAULT_GOLD, REPORT_FILE, train as train_pipeline

SECTIONS = (("loo_rules_only", "leave-one-out, rules only"),
            ("loo_before", "leave-one-out before: rules + classifier, no learned triggers"),
            ("loo_rules_learned", "leave-one-out, rules + learned triggers, no classifier"),
            ("loo", "leave-one-document-out after: rules + learned triggers + classifier"),
            ("train", "final model on its own gold (not a test score)"))


def _table(title: str, scores: dict) -> Table:
    table = Table(title=f"Relations: {title}")
    for column in ("type", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for rel_type, row in scores["rel_per_type"].items():
        table.add_row(rel_type, *(f"{row[k]:.3f}" for k in "prf"), *(str(row[k]) for k in ("tp", "fp", "fn")))
    table.add_row("micro", *(f"{scores[f'rel_micro_{k}']:.3f}" for k in "prf"), "", "", "", style="bold")
    return table


def _learned_table(learned: list) -> Table:
    table = Table(title="Learned trigger patterns (extractor_relations/learned_triggers.jsonl)")
    for column in ("type", "pattern", "pos", "head", "tail", "count", "contradicted"):
        table.add_column(column, justify="right" if column in ("count", "contradicted") else "left")
    for rec in learned:
        table.add_row(rec["type"], rec["pattern"], rec["pos"], ",".join(rec["head"]), ",".join(rec["tail"]),
                      str(rec["count"]), str(rec["contradicted"]))
    return table


def _curve_table(curve: list) -> Table:
    table = Table(title=f"Learning curve: relations on {curve[0]['n_heldout']} held-out documents")
    for column in ("share", "docs", "learned", "P", "R", "F1"):
        table.add_column(column, justify="right")
    for row in curve:
        table.add_row(f"{row['share']:.0%}", str(row["n_docs"]), str(row["learned"]),
                      *(f"{row[f'rel_micro_{k}']:.3f}" for k in "prf"))
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
    no_shipped_gold: Annotated[bool, typer.Option("--no-shipped-gold", help="Train on your annotations only, not also on the repository's annotations/gold and annotations/train.")] = False,
    no_learn: Annotated[bool, typer.Option("--no-learn", help="Learn no trigger patterns from the gold (fit the classifier only).")] = False,
    min_count: Annotated[int, typer.Option("--min-count", min=1, help="Least annotated relations a learned trigger pattern must propose.")] = MIN_COUNT,
    report: Annotated[bool, typer.Option("--report", help="Also measure the learning curve (trains four more times).")] = False,
    heldout: Annotated[Optional[list[Path]], typer.Option("--heldout", help="Gold files the learning curve scores (default: a fifth of the training documents, left out).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Build the pipeline from the config, learn trigger patterns from the gold and fit the
    relation classifier (on your annotations, the extra documents and the repository's
    gold), print leave-one-document-out relation scores before and after, save it with its
    report."""
    try:
        found = train_pipeline([*(annotations or []), *(gold or [])] or [DEFAULT_GOLD], extra or [],
                               config=config, out=out, seed=seed, loo=not no_loo,
                               kb=[str(p) for p in kb or []], lexicon=[str(p) for p in lexicon or []], force=force,
                               shipped_gold=not no_shipped_gold, learn=not no_learn, min_count=min_count,
                               curve=report, heldout=heldout or [])
    except (OSError, GoldFormatError, ValueError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(code=2)
    if as_json:
        typer.echo(json.dumps(found, indent=2))
        return
    _print(found, seed)


def _print(report: dict, seed: int) -> None:
    console = Console(width=max(Console().width, 100))
    for key, title in SECTIONS:
        if key in report:
            console.print(_table(title, report[key]))
    if report.get("learned"):
        console.print(_learned_table(report["learned"]))
    if report.get("curve"):
        console.print(_curve_table(report["curve"]))
    console.print(f"{report['n_gold']} gold + {report['n_extra']} extra documents, "
                  f"{len(report.get('learned') or [])} learned trigger patterns, "
                  f"{report['pairs']} candidate pairs ({report['positive_pairs']} with a relation), seed {seed}")
    proposing = report.get("thresholds") or {}
    console.print("the classifier proposes pairs no rule proposes for "
                  + (", ".join(f"{t} (p >= {p:.3f})" for t, p in proposing.items()) if proposing else "no type")
                  + f" (thresholds chosen on {FOLDS} folds; a type needs {MIN_EXAMPLES} annotated relations)")
    if report.get("out"):
        console.print(f"saved to {report['out']} (report: {REPORT_FILE})")


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("train")(train)
