"""Command-line interface; `extractor.cli.main:main` is the entry point (it runs `app`)."""
