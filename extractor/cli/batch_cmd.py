"""`extractor batch`: many documents in, one JSON line each out, nothing lost."""
from __future__ import annotations

from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from ..budget import DEFAULT_MAX_SECONDS
from ..io.readers import DEFAULT_MAX_BYTES

EXIT_FAILED_DOCUMENTS = 1
EXIT_USAGE = 2
SHOWN_NOTES = 20


class BatchFormat(str, Enum):
    documents = "documents"
    plover = "plover"


@contextmanager
def _progress(quiet: bool):
    """A rich progress bar on stderr (docs, docs/s, errors), or a no-op callback."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield lambda summary: None
        return
    columns = (
        SpinnerColumn(), TextColumn("{task.completed} docs"),
        TextColumn("{task.fields[rate]:.1f} docs/s"), TextColumn("{task.fields[failed]} errors"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("batch", total=None, rate=0.0, failed=0)

        def update(summary) -> None:
            elapsed = progress.tasks[0].elapsed or 0.0
            rate = summary.processed / elapsed if elapsed else 0.0
            progress.update(task, completed=summary.processed, rate=rate, failed=summary.failed)

        yield update


def batch(
    inputs: Annotated[List[str], typer.Argument(help="Text/HTML/JSONL files, directories, or '-' for stdin.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The JSONL output (written as OUT.partial, renamed at the end).")],
    glob: Annotated[Optional[str], typer.Option(help="File pattern inside directories (recursive; hidden files skipped); default: .txt, .html, .htm and .jsonl files.", show_default=False)] = None,
    id_field: Annotated[str, typer.Option(help="JSONL field holding the document id.")] = "id",
    text_field: Annotated[str, typer.Option(help="JSONL field holding the text.")] = "text",
    date_field: Annotated[str, typer.Option(help="JSONL field holding the date (YYYY-MM-DD).")] = "date",
    doc_date: Annotated[Optional[str], typer.Option("--doc-date", help="Publication date YYYY-MM-DD of every document (over any date they give).")] = None,
    kb: Annotated[Optional[List[Path]], typer.Option("--kb", help="Your KB files (JSONL), used without a retrain.")] = None,
    lexicon: Annotated[Optional[List[Path]], typer.Option("--lexicon", help="Your lexicon files (JSONL), used without a retrain.")] = None,
    parser: Annotated[bool, typer.Option("--parser", help="Read relation roles from a dependency parse (needs the [parser] extra: en_core_web_sm).")] = False,
    max_bytes: Annotated[int, typer.Option(help="Size budget: a file (or JSONL line) larger than this gets an error line, unread.", min=1)] = DEFAULT_MAX_BYTES,
    max_seconds: Annotated[float, typer.Option(help="Time budget of one document: one that takes longer gets an error line (0: no budget; not enforced on Windows, nor with --dask).", min=0)] = DEFAULT_MAX_SECONDS,
    n_process: Annotated[int, typer.Option(help="Worker processes; each runs nlp.pipe on batches and sends back finished Documents.", min=1)] = 1,
    batch_size: Annotated[int, typer.Option(help="Documents per batch for spaCy's nlp.pipe.", min=1)] = 64,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted run: keep OUT.partial, skip the input documents it holds (ids checked, in order).")] = False,
    relations_csv: Annotated[Optional[Path], typer.Option(help="Also write one CSV row per relation here.")] = None,
    entities_csv: Annotated[Optional[Path], typer.Option(help="Also write one CSV row per entity mention here.")] = None,
    events_csv: Annotated[Optional[Path], typer.Option(help="Also write one CSV row per event (interaction relation) here: a dyad table.")] = None,
    output_format: Annotated[BatchFormat, typer.Option("--format", help="documents: one Document a line; plover: one PLOVER-style event record a line.")] = BatchFormat.documents,
    provenance: Annotated[bool, typer.Option("--provenance", help="Add 'source' and 'notes' fields to each line.")] = False,
    model: Annotated[Optional[Path], typer.Option(help="A pipeline directory; the shipped one by default.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no reading warnings.")] = False,
    dask: Annotated[Optional[str], typer.Option("--dask", metavar="SCHEDULER", help="Process on a Dask cluster: a scheduler address (tcp://host:8786), or local:N for N local worker processes (local: one per core; needs the [dask] extra; paths must be on a path every worker sees).")] = None,
) -> None:
    """Extract entities and relations from many documents, one JSON line per document.

    Inputs: .txt files (UTF-8, else CP1252/Latin-1 with a warning),
    .html/.htm files (text extracted: offsets index the extracted text),
    .jsonl files (one {"id", "text", "date"} object a line; "doc_id" and
    "doc_date", as in gold files, are read too), directories
    (files matching --glob, recursively, read by suffix; by default only
    .txt, .html, .htm and .jsonl; a file's id is its path inside the
    directory, e.g. "sub/a.txt"), and '-' for stdin
    (JSONL when it starts with '{', else one text with id 'stdin').

    A document's date is --doc-date when given, else its own (a JSONL
    field), else the HTML page's publication metadata, the dateline at the
    top of the text, or a date in the file name; each output line's
    "doc_date_source" says which (given, metadata, dateline, filename).

    Every input document gets exactly one output line, in input order.
    A document that cannot be read or processed gets a line with "error"
    set ("<file>[:<line>]: <reason>") and the run goes on. So does a
    document over a budget: its line says which ("over the time budget of
    60 s", "over the size budget of 10485760 bytes (file of ... bytes)").
    With --format
    plover each event is a line (a document without events writes none,
    a failed one a record with "story_id" and "error").

    --relations-csv, --entities-csv and --events-csv write tables whose
    columns docs/SCHEMA.md lists.

    The output is written to OUT.partial and renamed to OUT at the end;
    after an interruption, --resume keeps OUT.partial and skips as many
    input documents as it holds (their ids must match, in order). While a
    run writes OUT it holds OUT.lock; a second run on OUT fails at once.

    Exit status: 0 when every document was processed, 1 when any document
    failed (its line says why), 2 for a usage error, an unloadable pipeline
    or an unwritable output. An output that is an input file, another
    output or a directory, and a table given on --resume that the first
    run did not write, are usage errors, found before any work.

    With --dask the documents are processed by the cluster's workers, blocks
    of --batch-size documents a task, and written here in input order, as
    without it. Each worker loads the pipeline (--model, --kb, --lexicon) from
    its absolute path, so on several machines those files must be on a shared
    path. A worker that dies loses no document: Dask reruns its task.
    """
    from ..batch import run_batch
    from ..io.readers import ReadOptions, read_inputs

    _check_outputs(inputs, {"--output": output, "--relations-csv": relations_csv,
                            "--entities-csv": entities_csv, "--events-csv": events_csv}, resume)
    options = ReadOptions(glob=glob, id_field=id_field, text_field=text_field,
                          date_field=date_field, max_bytes=max_bytes, doc_date=_checked_date(doc_date),
                          skip=_own_files(output, relations_csv, entities_csv, events_csv))
    if dask is not None and n_process > 1:
        raise typer.BadParameter("use --dask local:N instead of --n-process with --dask", param_hint="--n-process")
    knowledge = {"kb": [str(p) for p in kb or []], "lexicon": [str(p) for p in lexicon or []], "parser": parser}
    try:
        with _processing(dask, model, knowledge, batch_size) as (nlp, pairs), _progress(quiet) as on_document:
            summary = run_batch(
                read_inputs(inputs, options), output, nlp=nlp, batch_size=batch_size,
                n_process=n_process, resume=resume, relations_csv=relations_csv,
                with_provenance=provenance, on_document=on_document, output_format=output_format.value,
                entities_csv=entities_csv, events_csv=events_csv, pairs=pairs, max_seconds=max_seconds,
            )
    except (OSError, ValueError, ImportError) as err:  # the pipeline, Dask or an output file, not a document
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    _report(summary, output, quiet)
    if summary.failed:
        raise typer.Exit(EXIT_FAILED_DOCUMENTS)


@contextmanager
def _processing(scheduler: Optional[str], model: Optional[Path], knowledge: dict, batch_size: int):
    """(nlp, None) for the local path; (None, pairs) processing on the Dask cluster `scheduler`,
    whose workers have loaded the pipeline (a client and any local cluster closed after)."""
    if scheduler is None:
        from ..pipeline import load

        yield load(model, **knowledge), None
        return
    from functools import partial

    from ..distributed import PipelineSpec, dask_client, dask_pairs, warm_up

    spec = PipelineSpec.of(model, **knowledge)
    with dask_client(scheduler) as client:
        warm_up(client, spec)
        yield None, partial(dask_pairs, client=client, spec=spec, block_size=batch_size)


def _checked_date(doc_date: Optional[str]) -> Optional[str]:
    """The --doc-date, or a usage error saying what is wrong with it."""
    from ..api import check_date

    try:
        return check_date(doc_date)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--doc-date") from None


def _check_outputs(inputs: List[str], outputs: dict, resume: bool) -> None:
    """A usage error for an output that is an input file, another output or a directory, and
    for a table a resumed run would write incomplete (the first run did not write it)."""
    from ..io.writers import partial_path

    given = {flag: path for flag, path in outputs.items() if path is not None}
    input_files = {Path(name).resolve() for name in inputs if name != "-" and Path(name).is_file()}
    seen: dict = {}
    for flag, path in given.items():
        if path.resolve() in input_files:
            _usage_error(f"{flag} {path} is an input file; it would be overwritten")
        if path.resolve() in seen:
            _usage_error(f"{seen[path.resolve()]} and {flag} are one file: {path}")
        if path.is_dir():
            _usage_error(f"{flag} {path} is a directory; give a file name")
        seen[path.resolve()] = flag
    written = {flag: path.exists() or partial_path(path).exists() for flag, path in given.items()}
    if resume and written["--output"]:
        for flag in (flag for flag, was in written.items() if not was):
            _usage_error(f"{flag} {given[flag]} was not written by the run --resume continues, so it "
                         f"would miss the documents written before; run without --resume to write it")


def _usage_error(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _own_files(*outputs: Optional[Path]) -> frozenset:
    """The run's output files and their .partial and .lock files, kept out of directory inputs."""
    from ..io.writers import lock_path, partial_path

    paths = [path for path in outputs if path is not None]
    return frozenset(p.resolve() for path in paths for p in (path, partial_path(path), lock_path(path)))


def _report(summary, output: Path, quiet: bool) -> None:
    if not quiet:
        for note in summary.notes[:SHOWN_NOTES]:
            typer.echo(f"warning: {note}", err=True)
        if summary.notes_total > SHOWN_NOTES:
            typer.echo(f"warning: ... and {summary.notes_total - SHOWN_NOTES} more", err=True)
    skipped = f", skipped {summary.skipped} already written" if summary.skipped else ""
    typer.echo(f"processed {summary.processed}, failed {summary.failed}{skipped} -> {output}", err=True)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("batch")(batch)
