"""Every canvas names a link the same way: a link the tool infers says "(tool's reading)".

The explorer's canvas, Compare's (the same payload of a smaller view) and every step of a
lesson (in the app and downloaded) draw ``render.canvas_payload``; its edge labels and the
lesson's list of what reviews say of each link come from ``render.edge_label``.
"""

from __future__ import annotations

import networkx as nx
import pytest

from graph.compare import compare
from graph.lesson import lesson_data
from graph.render import READING_MARK, canvas_payload
from graph.schema import RELATIONS, graph_edge_id
from graph.tours import Tour

INFERRED = "inferred"


def _strengths(graph: nx.MultiDiGraph) -> dict[str, str]:
    return {graph_edge_id(edge): graph.edges[edge]["strength"] for edge in graph.edges(keys=True)}


def _assert_marked(graph: nx.MultiDiGraph, edges: list[dict]) -> None:
    strengths = _strengths(graph)
    assert INFERRED in {strengths[edge["id"]] for edge in edges}, "no inferred link drawn"
    for edge in edges:
        relation = RELATIONS[edge["id"].split("|")[1]].label
        marked = relation + READING_MARK
        expected = marked if strengths[edge["id"]] == INFERRED else relation
        assert edge["label"] == expected, edge["id"]


def test_the_explorer_canvas_marks_every_inferred_link(seed_graph, positions) -> None:
    _assert_marked(seed_graph, canvas_payload(seed_graph, positions)["edges"])


def test_the_compare_canvas_marks_every_inferred_link(seed_graph, positions) -> None:
    comparison = compare(seed_graph, "magnesium-deficiency", "calcium-deficiency")
    view = seed_graph.subgraph(comparison.nodes)
    _assert_marked(seed_graph, canvas_payload(view, positions)["edges"])


@pytest.mark.parametrize("tour_id", ["what-helps-during-a-cramp", "almonds-to-fewer-cramps"])
def test_every_lesson_step_marks_every_inferred_link(
    seed_graph, positions, tours: tuple[Tour, ...], tour_id: str
) -> None:
    tour = next(tour for tour in tours if tour.id == tour_id)
    for step in lesson_data(seed_graph, positions, tour)["steps"]:
        _assert_marked(seed_graph, step["payload"]["edges"])


def test_the_lesson_says_which_reviewed_link_is_the_tools_reading(
    seed_graph, positions, tours: tuple[Tour, ...]
) -> None:
    tour = next(tour for tour in tours if tour.id == "almonds-to-fewer-cramps")
    strengths = _strengths(seed_graph)
    marked = 0
    for step in lesson_data(seed_graph, positions, tour)["steps"]:
        named = [claim for group in step["claims"] for claim in group["claims"]]
        inferred = [edge for edge in step["edges"] if strengths[edge] == INFERRED]
        assert sum(READING_MARK in claim for claim in named) == len(inferred), step["title"]
        marked += len(inferred)
    assert marked > 0, "the tour shows no inferred link"
