"""Inline SVG for the HTML report: the actor graph and the timeline of dated events.

Both work on plain records (no spaCy, no Document): `Edge` for the graph, `Dated` for
the timeline; colours come from the PLOVER quad classes (`events.quad_classes`). The
markup needs nothing from the network: markers are local (`url(#id)`), no xmlns or fonts.
"""
from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from html import escape
from typing import NamedTuple, Sequence

from .events import quad_class, quad_classes

NODE_RADIUS = 7
CHAR_WIDTH = 7  # pixels per label character at font-size 12, for the room labels need
MIN_RING = 120
RING_PER_NODE = 16  # pixels of ring radius per node, so labels of neighbours stay apart
BEND = 18  # pixels between parallel edges of one pair of actors
TIMELINE_WIDTH = 760
LANE_HEIGHT = 12


class Edge(NamedTuple):
    """A directed edge of the actor graph: one relation type between two actors."""

    head: str  # actor key
    tail: str
    type: str
    count: int
    title: str  # the tooltip: type, names, how often


class Dated(NamedTuple):
    """A dated event of the timeline."""

    start: date
    end: date
    type: str
    actors: str  # lower-cased names for the filter, '|'-joined
    title: str


def _attr(value) -> str:
    return escape(str(value), quote=True)


def _markers(prefix: str) -> str:
    marks = "".join(
        f'<marker id="{prefix}-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" '
        f'markerHeight="10" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{spec["colour"]}"/></marker>'
        for name, spec in quad_classes().items())
    return f"<defs>{marks}</defs>"


def _ring(count: int) -> float:
    return max(MIN_RING, count * RING_PER_NODE)


def positions(keys: Sequence[str], ring: float) -> dict[str, tuple[float, float]]:
    """Node centres on a circle of radius `ring` around (0, 0), in the keys' order."""
    if len(keys) == 1:
        return {keys[0]: (0.0, 0.0)}
    step = 2 * math.pi / max(len(keys), 1)
    return {key: (ring * math.cos(i * step - math.pi / 2), ring * math.sin(i * step - math.pi / 2))
            for i, key in enumerate(keys)}


def _bends(edges: Sequence[Edge]) -> list[float]:
    """A perpendicular offset for each edge, so edges of one pair of actors do not overlap."""
    seen: dict[tuple, int] = defaultdict(int)
    bends = []
    for edge in edges:
        pair = tuple(sorted((edge.head, edge.tail)))
        k = seen[pair]
        seen[pair] += 1
        bends.append(BEND * (k // 2 + 1) * (1 if k % 2 == 0 else -1) * (1 if pair[0] == edge.head else -1))
    return bends


def _edge_path(start: tuple, end: tuple, bend: float) -> str:
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    cx, cy = (x1 + x2) / 2 - uy * bend, (y1 + y2) / 2 + ux * bend
    pad = NODE_RADIUS + 2
    return (f"M{x1 + ux * pad:.1f},{y1 + uy * pad:.1f} Q{cx:.1f},{cy:.1f} "
            f"{x2 - ux * pad:.1f},{y2 - uy * pad:.1f}")


def _edge(edge: Edge, where: dict, bend: float, prefix: str, actors: str) -> str:
    name = quad_class(edge.type)
    colour = quad_classes()[name]["colour"]
    width = 1.5 + math.log(edge.count, 2)
    return (f'<path class="edge" d="{_edge_path(where[edge.head], where[edge.tail], bend)}" fill="none" '
            f'stroke="{colour}" stroke-width="{width:.1f}" marker-end="url(#{prefix}-{name})" '
            f'data-type="{_attr(edge.type)}" data-actors="{_attr(actors)}"><title>{escape(edge.title)}</title></path>')


def _node(key: str, label: str, x: float, y: float) -> str:
    anchor, dx = ("start", NODE_RADIUS + 4) if x >= 0 else ("end", -NODE_RADIUS - 4)
    return (f'<g class="node" data-actors="{_attr(label.lower())}"><circle cx="{x:.1f}" cy="{y:.1f}" '
            f'r="{NODE_RADIUS}" fill="#37474f"><title>{escape(key)}</title></circle>'
            f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}" font-size="12">{escape(label)}</text></g>')


def actor_graph(nodes: dict[str, str], edges: Sequence[Edge], prefix: str) -> str:
    """The actor graph as an <svg> element: actors on a circle, one arrow per relation type.

    nodes (dict[str, str]): actor key -> its label, in drawing order.
    edges (Sequence[Edge]): the edges between keys of `nodes`.
    prefix (str): unique per page, for the marker ids.
    RETURNS (str): the markup (an empty string when there are no edges).
    """
    if not edges:
        return ""
    keys = list(nodes)
    ring = _ring(len(keys))
    where = positions(keys, ring)
    half_w = ring + NODE_RADIUS + 8 + CHAR_WIDTH * max(len(label) for label in nodes.values())
    half_h = ring + 30
    parts = [_edge(edge, where, bend, prefix, f"{nodes[edge.head].lower()}|{nodes[edge.tail].lower()}")
             for edge, bend in zip(edges, _bends(edges))]
    parts += [_node(key, nodes[key], *where[key]) for key in keys]
    return (f'<svg class="graph" viewBox="{-half_w:.0f} {-half_h:.0f} {2 * half_w:.0f} {2 * half_h:.0f}" '
            f'width="{2 * half_w:.0f}" height="{2 * half_h:.0f}" role="img">{_markers(prefix)}{"".join(parts)}</svg>')


def _lanes(items: Sequence[Dated]) -> list[int]:
    """A lane for each event (sorted by start) so that bars in one lane do not overlap."""
    ends: list[date] = []
    lanes = []
    for item in items:
        lane = next((i for i, end in enumerate(ends) if end < item.start), None)
        if lane is None:
            lane = len(ends)
            ends.append(item.end)
        ends[lane] = item.end
        lanes.append(lane)
    return lanes


def timeline(items: Sequence[Dated]) -> str:
    """Dated events as bars on a time axis, coloured by quad class, an <svg> element.

    items (Sequence[Dated]): the events, in any order.
    RETURNS (str): the markup (an empty string when there are none).
    """
    if not items:
        return ""
    items = sorted(items)
    first, last = items[0].start, max(item.end for item in items)
    span = max((last - first).days + 1, 1)
    scale = (TIMELINE_WIDTH - 20) / span
    lanes = _lanes(items)
    height = (max(lanes) + 1) * LANE_HEIGHT + 30
    bars = []
    for item, lane in zip(items, lanes):
        x = 10 + (item.start - first).days * scale
        width = max(((item.end - item.start).days + 1) * scale, 3)
        colour = quad_classes()[quad_class(item.type)]["colour"]
        bars.append(f'<rect class="event" x="{x:.1f}" y="{lane * LANE_HEIGHT + 4}" width="{width:.1f}" '
                    f'height="{LANE_HEIGHT - 3}" fill="{colour}" data-type="{_attr(item.type)}" '
                    f'data-actors="{_attr(item.actors)}"><title>{escape(item.title)}</title></rect>')
    axis = (f'<text x="10" y="{height - 6}" font-size="11">{first.isoformat()}</text>'
            f'<text x="{TIMELINE_WIDTH - 10}" y="{height - 6}" font-size="11" text-anchor="end">{last.isoformat()}</text>')
    return (f'<svg class="timeline" viewBox="0 0 {TIMELINE_WIDTH} {height}" width="{TIMELINE_WIDTH}" '
            f'height="{height}" role="img">{"".join(bars)}{axis}</svg>')
