"""Tokenising a text at a cost linear in its length.

spaCy's tokenizer splits prefixes and suffixes off a run of non-space characters one at a
time, rescanning the rest each time: quadratic in the run's length (`"," * 8000` takes
seconds; a known upstream limitation). A run longer than MAX_RUN characters (no word or
link of news text is; none in the annotated texts is even 60) is tokenised in pieces of
MAX_RUN characters, and the pieces' Docs are joined, so the Doc's text is the text, and a
text without such a run is tokenised as before.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

MAX_RUN = 200
LONG_RUN = re.compile(r"(?<!\S)(\S{%d,})(\s*)" % (MAX_RUN + 1))


def make_tokens(nlp: Language, text: str) -> Doc:
    """The tokenised Doc of a text (`nlp.make_doc`), long runs of non-space in pieces."""
    if len(text) <= MAX_RUN or LONG_RUN.search(text) is None:
        return nlp.make_doc(text)
    return Doc.from_docs([nlp.make_doc(piece) for piece in pieces(text)], ensure_whitespace=False)


def pieces(text: str) -> list[str]:
    """The text cut before and after each long run, the run cut every MAX_RUN characters
    (the whitespace after a run stays with its last piece)."""
    out, pos = [], 0
    for match in LONG_RUN.finditer(text):
        if match.start() > pos:
            out.append(text[pos:match.start()])
        run = match.group(1)
        out += [run[k:k + MAX_RUN] for k in range(0, len(run), MAX_RUN)]
        out[-1] += match.group(2)
        pos = match.end()
    if pos < len(text):
        out.append(text[pos:])
    return out
