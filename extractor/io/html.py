"""The readable text of an HTML page, with the standard library's parser.

Scripts, styles and templates are dropped; block elements become line breaks
(paragraph-like ones a blank line), runs of whitespace inside text collapse to
one space as a browser shows them, except inside <pre>.

The parser rescans the rest of the page from every '<' that opens no complete tag, so
a page of "<a" without '>' is quadratic; a '<' with no '>' within MAX_TAG characters
after it is text, escaped before parsing (what the parser would make of it, in linear
time), so the cost is bounded by MAX_TAG per '<' and pages of real tags parse as before.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "head"})
PARAGRAPHS = frozenset({
    "p", "div", "section", "article", "header", "footer", "aside", "main", "nav",
    "blockquote", "pre", "table", "ul", "ol", "dl", "figure", "figcaption", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "title", "address", "hr",
})
LINES = frozenset({"br", "li", "tr", "dt", "dd", "caption"})
SPACES = re.compile(r"\s+")
MAX_TAG = 10_000  # characters from a tag's '<' to its '>' (a long inline data: URL fits)


class _TextParser(HTMLParser):
    """Collects text pieces and break markers while parsing."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skip = 0
        self._pre = 0
        self._title = 0

    def handle_starttag(self, tag, attrs):
        self._open(tag)

    def handle_startendtag(self, tag, attrs):
        if tag in LINES or tag in PARAGRAPHS:
            self._break(tag)

    def handle_endtag(self, tag):
        if tag in SKIPPED and self._skip:
            self._skip -= 1
        elif tag == "title" and self._title:
            self._title -= 1
        if tag == "pre" and self._pre:
            self._pre -= 1
        if tag in PARAGRAPHS:
            self._break(tag)

    def handle_data(self, data):
        if self._skip and not self._title:
            return
        self.pieces.append(data if self._pre else SPACES.sub(" ", data))

    def _open(self, tag):
        if tag in SKIPPED:
            self._skip += 1
        elif tag == "title":
            self._title += 1
        if tag == "pre":
            self._pre += 1
        if tag in PARAGRAPHS or tag in LINES:
            self._break(tag)

    def _break(self, tag):
        self.pieces.append("\n\n" if tag in PARAGRAPHS else "\n")


def html_to_text(html: str) -> str:
    """The text a reader sees in an HTML document.

    html (str): the decoded HTML.
    RETURNS (str): the text, paragraphs separated by blank lines, stripped.
    """
    parser = _TextParser()
    parser.feed(escape_unclosed(html))
    parser.close()
    lines = [line.strip(" \t") for line in "".join(parser.pieces).split("\n")]
    return _join_lines(lines).strip()


def escape_unclosed(html: str) -> str:
    """The page with each '<' that no '>' follows within MAX_TAG characters as '&lt;'."""
    closes = [m.start() for m in re.finditer(">", html)]
    pieces, pos, k = [], 0, 0
    for m in re.finditer("<", html):
        at = m.start()
        while k < len(closes) and closes[k] < at:
            k += 1
        if k == len(closes) or closes[k] - at > MAX_TAG:
            pieces += [html[pos:at], "&lt;"]
            pos = at + 1
    return "".join(pieces) + html[pos:] if pieces else html


def _join_lines(lines: list[str]) -> str:
    """Lines joined with single newlines, runs of blank lines kept as one blank."""
    kept, blank = [], False
    for line in lines:
        if line:
            kept.append("\n" + line if blank and kept else line)
        blank = not line
    return "\n".join(kept)
