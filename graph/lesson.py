"""A tour as one self-contained HTML file that presents it, step by step, on a projector.

``lesson_html`` writes a single document (vis-network's script and styles inlined from
``page.vis_assets``, the drawing script ``graph/static/canvas.js``, no CDN, no font, no
``src`` or ``href`` to anything) that works opened from a USB stick with no network and no
server, and inside an iframe (the app's presentation view). It draws the whole graph at
the positions of ``graph.layout`` and presents one step at a time: the step's nodes and
edges emphasised and the rest dimmed (``render.canvas_payload`` with the step's edges
highlighted), the camera gliding to frame them while every node keeps its place. Beside
or below the graph, in large type: the step's title, its narration, what reviews say of
the highlighted claims, and the step's question with a "Show answer" reveal (a step with a
question keeps both its answer and what reviews say hidden until then); above it,
"Step 2 of 5" and a progress bar. The graph spans the width on 4:3 screens and narrow
frames; on wide ones (3:2 and wider, from 960 px) the words sit in a column beside it,
so the graph keeps its height on a 16:9 projector.

Keys: Right arrow, Down arrow, Page Down, Space or N go on; Left arrow, Up arrow, Page Up,
Shift+Space or P go back (clickers send Page Up/Down); Home and End jump to the first and
last step; A or Enter shows the answer; L shows the legend. Inside an iframe, on a screen
with a mouse, the page asks to be clicked first ("Click here, then use ← →"), since keys
go to the frame with focus; a touch screen has no arrow keys and gets no such hint. A key
press, a click or a change of step hides the graph's hover box until the mouse moves on,
so a pointer left resting on the graph never covers the step. The step's title stays at
the top of the words, and showing the answer brings the whole answer into view below it.
With "reduce motion" set, the camera jumps instead of gliding.

Hooks for tests and host pages, on ``document.body``: ``data-step`` (the current step,
0-based; the page shows it 1-based), ``data-step-count``, ``data-answer`` (``"hidden"``,
``"shown"`` or ``"none"`` when the step has no question), ``data-moving`` (``"true"``
while the camera glides) and ``data-drawn`` (the step last drawn on the canvas);
``window.atlasLesson`` with ``next()``, ``previous()``, ``go(index)`` (each returns the
step it lands on), ``showAnswer()``, ``toggleLegend()``, ``step`` and ``count``; and
``window.atlasCanvas``, the drawing's controller (``network`` is vis-network's).

All text from the tour and the graph travels as JSON in a ``<script
type="application/json">`` element (``assets.json_for_script``) and reaches the page through
``textContent`` only.

Examples
--------
Both functions take the whole graph, its layout and a checked tour:

>>> from graph import build_graph, load_knowledge_base
>>> from graph.layout import compute_layout
>>> from graph.tours import DEFAULT_TOURS_DIR, find_tour, load_tours
>>> graph = build_graph(load_knowledge_base())
>>> positions, tours = compute_layout(graph), load_tours(DEFAULT_TOURS_DIR, graph)

``lesson_data`` gives what each step draws and says:

>>> data = lesson_data(graph, positions, find_tour(tours, "almonds-to-fewer-cramps"))
>>> [step["nodes"] for step in data["steps"][1:2]]
[['almonds', 'magnesium', 'usual-diet']]
>>> [(group["verdict"], group["claims"]) for group in data["steps"][1]["claims"]]
... # doctest: +NORMALIZE_WHITESPACE
[('supported', ['Almonds → rich in → Magnesium']),
 ('not assessed', ['Food → gives too little → Magnesium'])]
>>> data["steps"][2]["claims_heading"]
'What the evidence says of each link with Magnesium:'
>>> [(group["verdict"], group["claims"]) for group in data["steps"][2]["claims"]]
[('supported', ['Buckwheat cereals', 'Walnuts']), ('mixed', ['Legumes']), \
('not supported', ['Dried apricots', 'Raisins'])]

``lesson_html`` writes the page:

>>> page = lesson_html(graph, positions, find_tour(tours, "why-calves-cramp"))
>>> page.startswith("<!DOCTYPE html>"), 'data-step-count="7"' in page
(True, True)
>>> "<title>Why calves cramp: the causes</title>" in page
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx
from markupsafe import Markup

from .assets import json_for_script, static_text
from .evidence import works_cited
from .labels import drawing_bounds
from .page import page_html
from .render import canvas_payload, edge_label, reading_mark
from .schema import RELATIONS, VERDICTS, graph_edge_id
from .tours import Tour, step_view

__all__ = ["lesson_data", "lesson_html"]

_CAMERA = {"padding": 36, "duration_ms": 700}
"""Screen px kept free around a step's nodes and how long the camera takes to glide to the
next step; the zoom's ceiling and floor are the explorer's (``render.canvas_payload``)."""


def _claims(
    graph: nx.MultiDiGraph, edges: tuple[tuple[str, str, str], ...]
) -> tuple[str, list[dict[str, Any]]]:
    """What the evidence says of the highlighted edges: a heading and one group per verdict.

    Groups come in ``schema.VERDICTS`` order; each names its claims as "Subject ->
    relation -> Object". When three or more edges all meet one node (a star: five foods
    rich in magnesium), the heading names that node and each claim is named by its
    other end (and its relation, when the step's edges have more than one).
    """
    labels = {node: graph.nodes[node]["label"] for edge in edges for node in edge[:2]}
    shared = set.intersection(*(set(edge[:2]) for edge in edges)) if len(edges) > 2 else set()
    hub = min(shared) if len(shared) == 1 else None
    heading = (
        f"What the evidence says of each link with {labels[hub]}:"
        if hub
        else "What the evidence says:"
    )
    several = len({edge[2] for edge in edges}) > 1
    grouped: dict[str, list[str]] = {}
    for edge in edges:
        verdict = graph.edges[edge].get("verdict", "not assessed")
        if hub is not None:
            name = labels[edge[1] if edge[0] == hub else edge[0]]
            name += f" ({RELATIONS[edge[2]].label})" if several else ""
            name += reading_mark(graph, edge)
        else:
            name = f"{labels[edge[0]]} \u2192 {edge_label(graph, edge)} \u2192 {labels[edge[1]]}"
        grouped.setdefault(verdict, []).append(name)
    groups = [
        {
            "verdict": VERDICTS[name].label,
            "icon": VERDICTS[name].icon,
            "colour": VERDICTS[name].colour,
            "claims": sorted(grouped[name], key=str.casefold),
        }
        for name in VERDICTS
        if name in grouped
    ]
    return heading, groups


def _without_titles(items: list[dict[str, Any]], titles: dict[str, str]) -> list[dict]:
    """Move each item's tooltip into ``titles`` (shared by every step) and drop it."""
    kept = []
    for item in items:
        titles.setdefault(item["id"], item["title"])
        kept.append({key: value for key, value in item.items() if key != "title"})
    return kept


def lesson_data(
    graph: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]], tour: Tour
) -> dict[str, Any]:
    """Everything the lesson page draws, as JSON-safe data.

    Returns
    -------
    dict
        ``tour`` (``id``, ``title``, ``audience``, ``description``), ``camera`` (see
        ``_CAMERA``), ``titles`` (``nodes`` and ``edges``: id -> tooltip text, shared by
        all steps) and ``steps``: per step its ``title``, ``narration``, ``question`` and
        ``answer`` (``""`` when none), ``nodes`` (the view, sorted), ``edges`` (the
        highlighted edge ids), ``bounds`` (the box of the view's nodes with their labels,
        which the camera frames), ``claims_heading`` and ``claims`` (what reviews say
        of the highlighted edges: per verdict, ``verdict``, ``icon``, ``colour`` and
        the ``claims`` named in words), ``sources`` (``evidence.works_cited`` of the step's
        records) and ``payload`` (``render.canvas_payload`` of the whole graph with the step's edges
        highlighted, tooltips moved to ``titles``).

    Examples
    --------
    The module's example runs it on a shipped tour.
    """
    titles: dict[str, dict[str, str]] = {"nodes": {}, "edges": {}}
    steps = []
    for index, step in enumerate(tour.steps):
        nodes, edges = step_view(graph, tour, index)
        payload = canvas_payload(graph, positions, highlight=edges)
        # A step frames its few nodes, not the whole graph: the explorer's lower label
        # floor for a phone-wide canvas (``style.CAMERA["narrow"]``) does not apply.
        payload["camera"] = {k: v for k, v in payload["camera"].items() if k != "narrow"}
        payload["nodes"] = _without_titles(payload["nodes"], titles["nodes"])
        payload["edges"] = _without_titles(payload["edges"], titles["edges"])
        heading, claims = _claims(graph, edges)
        steps.append(
            {
                "title": step.title,
                "narration": step.narration,
                "question": step.question or "",
                "answer": step.answer or "",
                "nodes": sorted(nodes),
                "edges": [graph_edge_id(edge) for edge in edges],
                "bounds": list(drawing_bounds(graph.subgraph(nodes), positions)),
                "claims_heading": heading,
                "claims": claims,
                "sources": works_cited(graph, step.evidence),
                "payload": payload,
            }
        )
    return {
        "tour": {
            "id": tour.id,
            "title": tour.title,
            "audience": tour.audience,
            "description": tour.description,
        },
        "camera": dict(_CAMERA),
        "titles": titles,
        "steps": steps,
    }


def lesson_html(
    graph: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]], tour: Tour
) -> str:
    """Write ``tour`` as one self-contained HTML document that presents it, step by step.

    Parameters
    ----------
    graph
        The whole graph the tour was checked against (every step draws all of it).
    positions
        ``node id -> (x, y)`` from ``layout.compute_layout(graph)``.
    tour
        A checked tour (``tours.load_tours``, ``tours.tour_from_yaml``, ...).

    Returns
    -------
    str
        The document; the same arguments always give the same string.

    Raises
    ------
    ValueError
        If a node of ``graph`` has no position.

    Examples
    --------
    The module's example writes the page of a shipped tour.
    """
    return page_html(
        "lesson.html",
        title=tour.title,
        count=len(tour.steps),
        data=json_for_script(lesson_data(graph, positions, tour)),
        # Trusted code and styles, not data: shipped with the package.
        lesson_css=Markup(static_text("lesson.css")),
        lesson_js=Markup(static_text("lesson.js")),
    )
