"""`extractor show INPUT... -o report.html`: look at the graph before trusting it."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Iterator, List, Optional

import typer

from ..io.readers import JSONL_SUFFIXES


def _is_output(path: Path) -> bool:
    """Whether a JSONL file holds output (or gold) documents rather than input texts."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        first = next((line for line in handle if line.strip()), "")
    try:
        record = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(record, dict) and "entities" in record


def _documents(path: Path, texts: dict) -> Iterator[tuple]:
    """(Document or GoldDocument, text) of each line of an output or gold file."""
    from ..schema import Document, GoldDocument

    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate((line for line in handle if line.strip()), start=1):
            data = json.loads(line)
            text = data.get("text", texts.get(data.get("doc_id")))
            if text is None:
                raise ValueError(f"{path}:{number}: document {data.get('doc_id')!r} has no text: "
                                 "pass the batch's inputs with --texts")
            if "text" in data:
                yield GoldDocument.model_validate(data), text
            else:
                yield Document.model_validate({k: v for k, v in data.items() if k in Document.model_fields}), text


def _texts(paths: List[Path]) -> dict:
    from ..io.readers import read_inputs

    return {record.doc_id: record.text for record in read_inputs([str(p) for p in paths]) if record.text}


def load_items(inputs: List[Path], texts: dict, nlp_factory) -> list[tuple]:
    """(document, text) pairs: output and gold JSONL as they are, other inputs through the pipeline.

    inputs (List[Path]): text/HTML files, directories, input JSONL, output or gold JSONL.
    texts (dict): doc_id -> text, for output lines that hold no text.
    nlp_factory (Callable): returns the pipeline (called only when a text needs it).
    RETURNS (list[tuple]): the pairs, in input order.
    """
    from ..batch import process_records
    from ..io.readers import read_inputs

    items = []
    for path in inputs:
        if path.suffix.lower() in JSONL_SUFFIXES and path.is_file() and _is_output(path):
            items += list(_documents(path, texts))
        else:
            items += [(document, record.text or "")
                      for record, document in process_records(read_inputs([str(path)]), nlp=nlp_factory())]
    return items


def show(
    inputs: Annotated[List[Path], typer.Argument(help="Text/HTML files, directories, JSONL of texts, or batch output / gold JSONL.", exists=True, show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    texts: Annotated[Optional[List[Path]], typer.Option("--texts", help="The batch's inputs, for output lines without text (matched by doc_id).")] = None,
    title: Annotated[str, typer.Option(help="The page title.")] = "extractor report",
    model: Annotated[Optional[Path], typer.Option(help="A pipeline directory; the shipped one by default.")] = None,
) -> None:
    """Write one self-contained HTML page: each text with its entities and relations, the
    actor graph (per document and for all), a timeline of dated events, a filter by type
    and actor. It opens offline: no scripts, styles or fonts from the network."""
    from ..pipeline import load
    from ..report_html import render_report

    try:
        items = load_items(inputs, _texts(texts or []), lambda: load(model))
    except (OSError, ValueError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(code=2) from None
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_report(items, title=title), encoding="utf-8")
    failed = sum(1 for document, _ in items if document.error)
    typer.echo(f"wrote {len(items)} document(s) ({failed} failed) to {output}", err=True)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("show")(show)
