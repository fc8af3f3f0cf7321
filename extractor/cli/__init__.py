"""Command-line interface; `extractor.cli.main:app` is the entry point."""
