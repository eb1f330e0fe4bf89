"""A printable handout per tour: a static picture of the path, the words, the sources, questions.

``handout_html`` writes one self-contained HTML page (no script, no network, no external
file) for a teacher to print or save as PDF from any browser: the tour's nodes drawn as
an SVG picture (``handout_picture.path_svg``), each step's narration, the tour's
questions with ruled space to answer, then (on pages of their own, so the worksheet can
be handed out first) the article's quotes and what reviews say of each claim, and last
the answer key on a page of its own: no question is printed after its answer.

The picture, its layout and its marks are drawn in ``graph.handout_picture``.

All text is escaped by Jinja2's autoescaping (the SVG too), and the same arguments always
give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
from markupsafe import Markup

from .assets import render_template
from .handout_marks import Edge
from .handout_picture import BORDER, dash_patterns, path_svg, shape_element
from .narrate import edge_verdict_sentence, strength_words, verdict_label
from .render import strength_items
from .schema import NODE_TYPES, VERDICTS
from .sentences import sentence_for_edge
from .tours import Tour, step_view

__all__ = ["Scene", "handout_html", "tour_scene"]

_ANSWER_LINES = 4
"""Ruled lines under each question."""


@dataclass(frozen=True, slots=True)
class Scene:
    """Everything a tour shows: its nodes, the edges it traces, in the order first shown."""

    nodes: tuple[str, ...]
    edges: tuple[Edge, ...]


def tour_scene(graph: nx.MultiDiGraph, tour: Tour) -> Scene:
    """Every node and traced edge of ``tour``: its steps' views (``tours.step_view``) joined.

    Nodes and edges keep the order in which the steps first show them (nodes of one step
    by id), so the result is the same for the same tour.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> from graph.paths import find_paths
    >>> from graph.tours import tour_from_path
    >>> graph = build_graph(load_knowledge_base())
    >>> tour = tour_from_path(graph, find_paths(graph, "almonds", "cramp-prevention")[0])
    >>> tour_scene(graph, tour).nodes
    ('almonds', 'magnesium', 'cramp-prevention')
    """
    nodes: dict[str, None] = {}
    edges: dict[Edge, None] = {}
    for index in range(len(tour.steps)):
        view, traced = step_view(graph, tour, index)
        for edge in traced:
            nodes.update(dict.fromkeys(edge[:2]))
            edges[edge] = None
        nodes.update(dict.fromkeys(sorted(view)))
    return Scene(tuple(nodes), tuple(edges))


# --- the page --------------------------------------------------------------------------


def _claim(graph: nx.MultiDiGraph, edge: Edge) -> str:
    return sentence_for_edge(graph, edge).text


def _sources(graph: nx.MultiDiGraph, edges: Sequence[Edge]) -> list[dict[str, Any]]:
    """Each source the traced edges quote, with its quotes (each once) and their claims."""
    titles = graph.graph.get("sources", {})
    found: dict[str, dict[str, list[str]]] = {}
    for edge in edges:
        for item in graph.edges[edge]["provenance"]:
            claims = found.setdefault(item["source"], {}).setdefault(item["quote"], [])
            claim = _claim(graph, edge)
            # A quote the claim is only read from says so, as `show` tags it, in the tool's
            # voice apart from the claim's (twentieth read, #10; twenty-first, F2).
            read_only = item["strength"] == "inferred"
            if read_only and graph.edges[edge]["strength"] != "inferred":
                claim = f"The tool reads this sentence as backing another quote's claim. {claim}"
            if claim not in claims:
                claims.append(claim)
    return [
        {
            "title": titles.get(source_id, {}).get("title", source_id),
            "kind": titles.get(source_id, {}).get("kind", ""),
            "quotes": [{"quote": quote, "claims": claims} for quote, claims in quotes.items()],
        }
        for source_id, quotes in found.items()
    ]


def _citation(reference: Mapping[str, Any]) -> str:
    """A reference as printed: its one-line citation, then its DOI or PubMed id as text.

    A printed page cannot be clicked, so the identifier is written out instead of linked.
    """
    text = str(reference["citation"]).rstrip(".")
    if reference.get("doi"):
        return f"{text}. doi:{reference['doi']}"
    if reference.get("pmid"):
        return f"{text}. PMID {reference['pmid']}"
    return text


def _evidence(graph: nx.MultiDiGraph, edges: Sequence[Edge]) -> list[dict[str, Any]]:
    notes = []
    for edge in edges:
        data = graph.edges[edge]
        verdict = VERDICTS.get(data.get("verdict", ""), VERDICTS["not assessed"])
        evidence = data.get("evidence") or {}
        notes.append(
            {
                "claim": _claim(graph, edge),
                "icon": verdict.icon,
                "label": verdict_label(graph, edge),
                "colour": verdict.colour,
                "said": edge_verdict_sentence(graph, edge),
                "summary": evidence.get("summary", ""),
                "citations": [_citation(citation) for citation in evidence.get("citations", ())],
            }
        )
    return notes


def _legend(graph: nx.MultiDiGraph, scene: Scene) -> dict[str, Any]:
    types = {graph.nodes[node_id].get("type") for node_id in scene.nodes}
    kinds = [kind for kind in NODE_TYPES.values() if kind.name in types]
    strengths = {graph.edges[edge].get("strength") for edge in scene.edges}
    verdicts = {graph.edges[edge].get("verdict") for edge in scene.edges}
    dashes = dash_patterns()
    return {
        "types": [
            {
                "label": kind.label,
                "colour": kind.colour,
                "shape": shape_element(kind.shape, 11, 11, 7),
            }
            for kind in kinds
        ],
        "strengths": [
            {
                "label": strength_words(name),
                "description": item["description"],
                "dashes": dashes[name],
            }
            for item in strength_items()
            if (name := item["strength"]) in strengths
        ],
        "verdicts": [
            {"icon": verdict.icon, "label": verdict.label, "colour": verdict.colour}
            for verdict in VERDICTS.values()
            if verdict.name in verdicts and verdict.name != "not assessed"
        ],
    }


def handout_html(
    graph: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]], tour: Tour
) -> str:
    """Write the printable handout of ``tour`` as one self-contained HTML page.

    The page holds the tour's title, audience and description; a picture of its nodes
    and traced edges (``path_svg``) with a legend; each step's narration; the steps'
    questions, each with ruled lines to answer on; then, from a new page, the sources
    (every quote the traced edges rest on, under its article's title) and what reviews
    say of each traced claim (verdict glyph, ``narrate.edge_verdict_sentence``, summary,
    citations); and, on a page of its own, the answer key. It has no script and refers
    to nothing outside itself, and its print styles suit A4 and Letter alike.

    Parameters
    ----------
    graph
        The graph the tour was checked against.
    positions
        Node id -> (x, y), from ``layout.compute_layout(graph)``.
    tour
        A tour from ``tours.load_tours``, ``tours.tour_from_path`` and the like.

    Returns
    -------
    str
        The HTML document, the same for the same arguments.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> from graph.layout import compute_layout
    >>> from graph.paths import find_paths
    >>> from graph.tours import tour_from_path
    >>> graph = build_graph(load_knowledge_base())
    >>> tour = tour_from_path(graph, find_paths(graph, "almonds", "cramp-prevention")[0])
    >>> page = handout_html(graph, compute_layout(graph), tour)
    >>> page.startswith("<!DOCTYPE html>"), "<script" in page
    (True, False)
    >>> "<h1>Almonds, magnesium and cramp prevention: checking each link</h1>" in page
    True
    """
    scene = tour_scene(graph, tour)
    picture = path_svg(
        graph, positions, scene.nodes, scene.edges, title=f"The path of the tour: {tour.title}"
    )
    questions = [
        {"step": number, "question": step.question, "answer": step.answer}
        for number, step in enumerate(tour.steps, start=1)
        if step.question
    ]
    return render_template(
        "handout_page.html.j2",
        tour=tour,
        picture=Markup(picture),  # made by the autoescaping picture template
        legend=_legend(graph, scene),
        example=_claim(graph, scene.edges[0]).rstrip(".") if scene.edges else "",
        steps=[{"title": step.title, "narration": step.narration} for step in tour.steps],
        sources=_sources(graph, scene.edges),
        evidence=_evidence(graph, scene.edges),
        questions=questions,
        answer_lines=range(_ANSWER_LINES),
        border=BORDER,
    )
