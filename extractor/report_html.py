"""A self-contained HTML report of Documents, to look at before trusting them.

Per document: each sentence with its entities highlighted by displaCy (`style="ent"`,
manual), each entity titled with its KB id and linked to the page's KB index; under each
sentence its relations (type, direction, date, mode, negation, modality, the evidence with
both arguments marked); the document's actor graph. For the corpus: the actor graph, a
timeline of dated events and a filter by type and actor (a few lines of inline JS). No
network at view time: CSS, JS and SVG are inline, links point inside the page.
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from html import escape
from typing import Iterable, Optional, Sequence, Union

from spacy import displacy

from .events import quad_class, quad_classes
from .io.annotation_tools import sentence_spans
from .io.labelstudio import LABEL_COLOURS
from .report_svg import Dated, Edge, actor_graph, timeline
from .schema import Document, Entity, GoldDocument

AnyDocument = Union[Document, GoldDocument]
ENTITY_TEMPLATE = (
    '<mark class="entity" title="{title}" style="background: {bg}; padding: 0.2em 0.4em; margin: 0 0.15em; '
    'border-radius: 0.3em;">{text}<span style="font-size: 0.7em; font-weight: bold; margin-left: 0.4em">'
    '{label}{kb_link}</span></mark>'
)
CSS = """
body { font-family: sans-serif; margin: 1.5em auto; max-width: 70em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; border-top: 2px solid #ccc; padding-top: 0.6em; }
.sentence { margin: 0.6em 0; } .sentence .entities { line-height: 2.2 !important; }
ul.relations { margin: 0 0 0.8em 1.2em; padding: 0; font-size: 0.9em; }
ul.relations li { margin: 0.2em 0; list-style: square; }
.type { color: #fff; border-radius: 0.25em; padding: 0 0.35em; font-weight: bold; }
.neg { color: #b71c1c; font-weight: bold; } .meta { color: #555; }
q mark.arg { background: #fff59d; padding: 0 0.1em; }
.legend span { display: inline-block; margin-right: 1em; }
.legend i { display: inline-block; width: 1.8em; height: 0.35em; vertical-align: middle; margin-right: 0.3em; }
table { border-collapse: collapse; font-size: 0.9em; } td, th { border: 1px solid #ddd; padding: 0.2em 0.5em; text-align: left; }
.filters { position: sticky; top: 0; background: #fafafa; padding: 0.5em; border: 1px solid #ddd; z-index: 1; }
.error { color: #b71c1c; }
"""
SCRIPT = """
function applyFilter() {
  var type = document.getElementById('filter-type').value;
  var actor = document.getElementById('filter-actor').value.trim().toLowerCase();
  document.querySelectorAll('[data-type]').forEach(function (el) {
    var ok = (!type || el.getAttribute('data-type') === type) &&
             (!actor || el.getAttribute('data-actors').indexOf(actor) >= 0);
    el.style.display = ok ? '' : 'none';
  });
}
document.getElementById('filter-type').addEventListener('change', applyFilter);
document.getElementById('filter-actor').addEventListener('input', applyFilter);
"""


def _name(ent: Optional[Entity]) -> str:
    return "?" if ent is None else ent.canonical or ent.text


def actor_key(ent: Entity) -> str:
    """One node per actor: its KB id, else its canonical name, else its text."""
    return ent.kb_id or ent.canonical or ent.text


def _anchor(kb_id: str) -> str:
    return "kb-" + escape(kb_id, quote=True)


def _colour(rel_type: str) -> str:
    return quad_classes()[quad_class(rel_type)]["colour"]


def graph_of(documents: Iterable[AnyDocument]) -> tuple[dict[str, str], list[Edge]]:
    """Actor nodes (key -> name, first seen first) and one edge per (head, tail, type)."""
    nodes: dict[str, str] = {}
    counts: Counter = Counter()
    for document in documents:
        for rel in document.relations:
            head, tail = document.entity(rel.head), document.entity(rel.tail)
            for ent in (head, tail):
                nodes.setdefault(actor_key(ent), _name(ent))
            counts[(actor_key(head), actor_key(tail), rel.type)] += 1
    edges = [Edge(h, t, kind, n, f"{kind}: {nodes[h]} -> {nodes[t]} ({n}x)")
             for (h, t, kind), n in counts.items() if h != t]
    return nodes, edges


def dated_events(document: AnyDocument) -> list[Dated]:
    """The document's relations whose DATE has a value, for the timeline."""
    found = []
    for rel in document.relations:
        when = document.entity(rel.date)
        if when is None or not when.value:
            continue
        first, last = (date.fromisoformat(day) for day in when.value.split("/"))
        head, tail = _name(document.entity(rel.head)), _name(document.entity(rel.tail))
        found.append(Dated(first, last, rel.type, f"{head.lower()}|{tail.lower()}",
                           f"{when.value} {rel.type}: {head} -> {tail} ({document.doc_id})"))
    return found


def _entity_span(ent: Entity, offset: int, end: int) -> dict:
    title = " | ".join(filter(None, (ent.canonical, ent.kb_id, ent.state, ent.value)))
    span = {"start": ent.start - offset, "end": min(ent.end, end) - offset, "label": ent.label,
            "params": {"title": escape(title, quote=True)}}
    if ent.kb_id:
        span.update(kb_id=escape(ent.kb_id), kb_url="#" + _anchor(ent.kb_id))
    return span


def sentence_html(text: str, entities: Sequence[Entity], start: int, end: int) -> str:
    """One sentence with its entities highlighted by displaCy."""
    spans, last = [], start
    for ent in entities:
        if start <= ent.start < end and ent.start >= last:  # overlapping spans: the first one
            spans.append(_entity_span(ent, start, end))
            last = ent.end
    options = {"colors": LABEL_COLOURS, "template": ENTITY_TEMPLATE}
    return displacy.render({"text": text[start:end], "ents": spans}, style="ent", manual=True,
                           jupyter=False, options=options)


def _evidence_html(text: str, rel, document: AnyDocument) -> str:
    """The evidence text with the relation's head and tail marked."""
    start, end = rel.evidence
    marks = sorted((e.start, e.end) for e in (document.entity(rel.head), document.entity(rel.tail))
                   if start <= e.start and e.end <= end)
    out, at = [], start
    for low, high in marks:
        if low >= at:
            out += [escape(text[at:low]), f'<mark class="arg">{escape(text[low:high])}</mark>']
            at = high
    return "".join(out) + escape(text[at:end])


def relation_html(rel, document: AnyDocument, text: str) -> str:
    """One relation as a list item: type, head -> tail, date, mode, negation, evidence."""
    head, tail, when = (document.entity(ent_id) for ent_id in (rel.head, rel.tail, rel.date))
    details = [f"date {escape(when.text)} ({when.value or 'no value'})" if when else "",
               f"mode {escape(rel.mode)}" if rel.mode else "", f"role {escape(rel.role)}" if rel.role else "",
               f"{rel.modality}" if rel.modality and rel.modality != "asserted" else "",
               f"confidence {rel.confidence:.2f}" if getattr(rel, "confidence", None) is not None else ""]
    meta = " · ".join(filter(None, details))
    negated = '<span class="neg">NOT</span> ' if rel.negated else ""
    actors = escape(f"{_name(head).lower()}|{_name(tail).lower()}", quote=True)
    return (f'<li data-type="{rel.type}" data-actors="{actors}">{negated}'
            f'<span class="type" style="background: {_colour(rel.type)}">{rel.type}</span> '
            f'{escape(_name(head))} &rarr; {escape(_name(tail))} <span class="meta">{meta}</span>'
            f'<br><q>{_evidence_html(text, rel, document)}</q></li>')


def _sentence_of(spans: list[tuple[int, int]], position: int) -> int:
    """The index of the sentence a position falls in (else the last one before it)."""
    return max((i for i, (start, _) in enumerate(spans) if start <= position), default=0)


def document_html(number: int, document: AnyDocument, text: str) -> str:
    """The section of one document: sentences with entities and relations, its actor graph."""
    head = (f'<h2 id="doc-{number}">{escape(str(document.doc_id))}'
            f' <span class="meta">{escape(document.doc_date or "no date")}</span></h2>')
    if document.error:
        return f'<section class="doc">{head}<p class="error">{escape(document.error)}</p></section>'
    spans = sentence_spans(text) or [(0, len(text))]
    by_sentence: dict[int, list] = {}
    for rel in document.relations:
        by_sentence.setdefault(_sentence_of(spans, rel.evidence[0]), []).append(rel)
    body = []
    for i, (start, end) in enumerate(spans):
        items = "".join(relation_html(rel, document, text) for rel in by_sentence.get(i, []))
        body.append(f'<div class="sentence">{sentence_html(text, document.entities, start, end)}'
                    + (f'<ul class="relations">{items}</ul>' if items else "") + "</div>")
    graph = actor_graph(*graph_of([document]), prefix=f"d{number}")
    return (f'<section class="doc">{head}<p class="meta">{len(document.entities)} entities, '
            f'{len(document.relations)} relations</p>{graph}{"".join(body)}</section>')


def _legend() -> str:
    return '<p class="legend">' + "".join(
        f'<span><i style="background: {spec["colour"]}"></i>{escape(spec["label"])}</span>'
        for spec in quad_classes().values()) + "</p>"


def _filters(documents: Sequence[AnyDocument]) -> str:
    types = sorted({rel.type for document in documents for rel in document.relations})
    choices = "".join(f'<option value="{t}">{t}</option>' for t in types)
    return ('<div class="filters">Filter: <select id="filter-type"><option value="">every type</option>'
            f'{choices}</select> <input id="filter-actor" placeholder="actor name"></div>')


def _timeline_section(documents: Sequence[AnyDocument]) -> str:
    items = sorted(item for document in documents for item in dated_events(document))
    rows = "".join(
        f'<tr data-type="{item.type}" data-actors="{escape(item.actors, quote=True)}">'
        f'<td>{item.start}</td><td>{item.end}</td><td>{escape(item.title)}</td></tr>' for item in items)
    table = f"<table><tr><th>from</th><th>to</th><th>event</th></tr>{rows}</table>" if rows else "<p>No dated events.</p>"
    return f'<h2 id="timeline">Timeline of dated events ({len(items)})</h2>{timeline(items)}{table}'


def _kb_index(documents: Sequence[AnyDocument]) -> str:
    seen: dict[str, tuple[Entity, Counter]] = {}
    for document in documents:
        for ent in (e for e in document.entities if e.kb_id):
            seen.setdefault(ent.kb_id, (ent, Counter()))[1][str(document.doc_id)] += 1
    rows = "".join(
        f'<tr id="{_anchor(kb_id)}"><td>{escape(kb_id)}</td><td>{escape(_name(ent))}</td><td>{ent.label}</td>'
        f'<td>{escape(ent.state or "")}</td><td>{escape(", ".join(f"{d} ({n})" for d, n in docs.items()))}</td></tr>'
        for kb_id, (ent, docs) in sorted(seen.items()))
    return (f'<h2 id="kb">Knowledge base ids ({len(seen)})</h2><table><tr><th>kb_id</th><th>canonical</th>'
            f'<th>label</th><th>state</th><th>documents (mentions)</th></tr>{rows}</table>')


def render_report(items: Sequence[tuple[AnyDocument, str]], title: str = "extractor report") -> str:
    """The whole report as one HTML page.

    items (Sequence[tuple]): (Document or GoldDocument, the text its offsets index) pairs.
    title (str): the page title.
    RETURNS (str): the HTML text.
    """
    documents = [document for document, _ in items]
    sections = "".join(document_html(number, document, text) for number, (document, text) in enumerate(items, 1))
    contents = "".join(f'<li><a href="#doc-{n}">{escape(str(d.doc_id))}</a></li>' for n, d in enumerate(documents, 1))
    corpus = actor_graph(*graph_of(d for d in documents if not d.error), prefix="corpus")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<style>{CSS}</style></head><body><h1>{escape(title)}</h1>{_filters(documents)}{_legend()}'
            f'<ul>{contents}<li><a href="#timeline">timeline</a></li><li><a href="#kb">KB ids</a></li></ul>'
            f'<h2 id="graph">Actor graph of the corpus</h2>{corpus or "<p>No relations.</p>"}'
            f'{_timeline_section(documents)}{sections}{_kb_index(documents)}<script>{SCRIPT}</script></body></html>\n')
