"""`python -m extractor ...`: the same command line as `extractor ...`."""
from .cli.main import app

if __name__ == "__main__":
    app()
