"""Helpers shared by the batch tests: a blank pipeline with one test component, the JSON
lines of an output file, and a CLI holding the batch command."""
import json
from pathlib import Path

import spacy
import typer
from spacy.language import Language

from extractor.cli.batch_cmd import register
from extractor.extensions import install_extensions


def blank_pipeline(component: str) -> Language:
    """spaCy's blank English pipeline with one registered component, extensions installed."""
    install_extensions()
    pipeline = spacy.blank("en")
    pipeline.add_pipe(component)
    return pipeline


def read_lines(path) -> list[dict]:
    """The JSON lines of a file."""
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]


def batch_cli() -> typer.Typer:
    """A Typer app with the batch command."""
    app = typer.Typer()
    app.callback()(lambda: None)
    register(app)
    return app
