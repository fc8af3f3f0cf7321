"""`python -m extractor ...`: the same command line as `extractor ...`."""
from .cli.main import main

if __name__ == "__main__":
    main()
