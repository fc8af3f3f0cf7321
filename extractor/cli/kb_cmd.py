"""`extractor kb`: look up and check the knowledge base."""
import json
from pathlib import Path
from typing import List, Optional

import typer

from ..api import check_date
from ..kb import load_kb
from ..kb.check import check_files
from ..kb.search import search

app = typer.Typer(help="Look up and check the knowledge base.", no_args_is_help=True)


@app.command("search")
def search_cmd(
    query: str = typer.Argument(..., help="A name ('Erdogan') or an office ('the Russian president', 'foreign minister of Turkey')."),
    on: Optional[str] = typer.Option(None, "--on", help="The day an office is held, YYYY-MM-DD (default: now)."),
    kb_files: List[Path] = typer.Option([], "--kb", help="User KB files (JSONL) to search too."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per entry found."),
) -> None:
    """Find the KB entries a name or an office on a day means: id, label, state and terms."""
    try:
        on = check_date(on)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--on") from None
    hits = search(load_kb(kb_files), query, day=on)
    if not hits:
        typer.echo(f"nothing in the KB for {query!r}", err=True)
        raise typer.Exit(1)
    for hit in hits:
        entry = hit.entry
        record = {"id": entry.id, "canonical": entry.canonical, "label": entry.label, "state": entry.state,
                  "found_by": hit.how, "roles": [role._asdict() for role in entry.roles]}
        if as_json:
            typer.echo(json.dumps(record, ensure_ascii=False))
            continue
        typer.echo(f"{entry.id}\t{entry.label}\t{entry.canonical}\t{entry.state or '-'}\t({hit.how})")
        for role in entry.roles:
            typer.echo(f"\t{role.role} of {role.of}: {role.start or '?'} .. {role.end or ('' if role.former else 'now')}")


@app.command("check")
def check_cmd(
    files: List[Path] = typer.Argument(None, help="User KB files (JSONL); without any, the package's files."),
    alone: bool = typer.Option(False, "--alone", help="Check the files without the package's KB (ids and codes must be defined in them)."),
    strict: bool = typer.Option(False, "--strict", help="Exit non-zero on warnings too."),
) -> None:
    """Check KB files: broken lines, refused records, ids used twice, terms that end before
    they start, unknown state codes and organisation ids (errors); aliases that are common words (warnings)."""
    problems, counts = check_files(files or [], with_packaged=not alone or not files)
    for problem in problems:
        typer.echo(f"{problem.where}: {problem.level}: {problem.message}")
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    typer.echo("records: " + ", ".join(f"{label} {n}" for label, n in sorted(counts.items(), key=str))
               + f"; {errors} errors, {warnings} warnings", err=True)
    if errors or (strict and warnings):
        raise typer.Exit(1)


def register(root: typer.Typer) -> None:
    """Add the command group to the app."""
    root.add_typer(app, name="kb")
