"""The one-file lesson: self-contained, offline, escaped and byte-stable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graph.assets import static_text
from graph.layout import compute_layout, drawing_bounds
from graph.lesson import lesson_data, lesson_html
from graph.render import canvas_payload
from graph.tours import Tour, TourStep, find_tour, step_view
from tests.hostile import HOSTILE, parse_page, parse_safe_page

STATIC = Path(__file__).resolve().parents[1] / "graph" / "static"

LESSON_TAGS = {
    "html", "head", "meta", "title", "style", "body", "div", "header", "h1", "h2", "p",
    "span", "main", "section", "ul", "button", "nav", "kbd", "script",
}  # fmt: skip
"""Every tag the lesson page is made of: anything else was injected."""


@pytest.fixture(scope="module")
def almonds(tours) -> Tour:
    return find_tour(tours, "almonds-to-fewer-cramps")


@pytest.fixture(scope="module")
def page(seed_graph, positions, almonds) -> str:
    return lesson_html(seed_graph, positions, almonds)


def test_the_lesson_loads_nothing_from_outside(page):
    parsed = parse_page(page)
    for tag, attrs in parsed.tags:
        assert "src" not in attrs and "href" not in attrs, (tag, attrs)
        assert tag not in ("link", "img", "iframe", "object", "embed"), tag
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:|//)""", page, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*[\"']?\s*(?:https?:|//)", page, re.IGNORECASE)
    assert not re.search(r"@font-face", page, re.IGNORECASE)


def test_the_lesson_forbids_the_network_by_policy(page):
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert policy is not None
    assert policy.group(1).startswith("default-src 'none';")
    assert "connect-src" not in policy.group(1)


def test_the_lesson_is_the_same_bytes_every_time(
    seed_graph, graph_from_reversed_records, positions, almonds, page
):
    assert lesson_html(seed_graph, positions, almonds) == page
    # Whatever order the records come in, the graph, layout and lesson are the same.
    reordered = graph_from_reversed_records
    assert lesson_html(reordered, compute_layout(reordered), almonds) == page


@pytest.mark.parametrize(
    "tour_id", ["almonds-to-fewer-cramps", "what-helps-during-a-cramp", "why-calves-cramp"]
)
def test_every_shipped_tour_becomes_a_lesson(seed_graph, positions, tours, tour_id):
    tour = find_tour(tours, tour_id)
    page = lesson_html(seed_graph, positions, tour)
    assert f'data-step-count="{len(tour.steps)}"' in page
    data = json.loads(parse_page(page).texts["lesson-data"])
    assert [step["title"] for step in data["steps"]] == [step.title for step in tour.steps]
    assert data["tour"]["title"] == tour.title


def test_the_lesson_carries_its_data_intact(seed_graph, positions, almonds, page):
    assert json.loads(parse_page(page).texts["lesson-data"]) == lesson_data(
        seed_graph, positions, almonds
    )


def test_each_step_carries_its_view_and_the_camera_box(seed_graph, positions, almonds):
    data = lesson_data(seed_graph, positions, almonds)
    for index, step in enumerate(data["steps"]):
        nodes, edges = step_view(seed_graph, almonds, index)
        assert step["nodes"] == sorted(nodes)
        assert step["edges"] == [f"{u}|{key}|{v}" for u, v, key in edges]
        assert step["bounds"] == list(drawing_bounds(seed_graph.subgraph(nodes), positions))
        assert step["narration"] == almonds.steps[index].narration


def test_every_step_draws_every_node_where_the_layout_puts_it(seed_graph, positions, almonds):
    """Nothing moves between steps: only emphasis and camera change."""
    data = lesson_data(seed_graph, positions, almonds)
    for step in data["steps"]:
        drawn = {node["id"]: (node["x"], node["y"]) for node in step["payload"]["nodes"]}
        assert drawn == {node: tuple(positions[node]) for node in seed_graph}
        assert all(node["fixed"] for node in step["payload"]["nodes"])
        assert step["payload"]["options"]["physics"]["enabled"] is False


def test_a_step_highlights_its_edges_like_the_explorer(seed_graph, positions, almonds):
    data = lesson_data(seed_graph, positions, almonds)
    _, edges = step_view(seed_graph, almonds, 1)
    expected = canvas_payload(seed_graph, positions, highlight=edges)
    carried = data["steps"][1]["payload"]
    assert [{k: v for k, v in node.items() if k != "title"} for node in expected["nodes"]] == (
        carried["nodes"]
    )
    titles = data["titles"]
    assert {node["id"]: node["title"] for node in expected["nodes"]} == titles["nodes"]
    assert {edge["id"]: edge["title"] for edge in expected["edges"]} == titles["edges"]


def test_reviews_of_the_highlighted_claims_are_grouped_by_verdict(seed_graph, positions, tours):
    tour = find_tour(tours, "what-helps-during-a-cramp")
    first = lesson_data(seed_graph, positions, tour)["steps"][0]
    assert first["claims_heading"] == "What the evidence says of each link with Calf muscle cramp:"
    assert [group["verdict"] for group in first["claims"]] == [
        "supported",
        "mixed",
        "insufficient",
        "no evidence found",
        "not assessed",
    ]
    # Row E10 judges pulling the foot toward you; the wall stretch as relief is not assessed
    # (seventh read, #2), never rated as the toe pull is. The toe pull relieving is the
    # tool's reading, and the list says so as the canvas does.
    assert first["claims"][0]["claims"] == [
        "Sit and pull the foot toward you (relieves) (tool's reading)"
    ]
    assert first["claims"][-1]["claims"] == ["Wall calf stretch (relieves)"]


def test_hostile_tour_and_graph_text_never_reaches_the_page_unescaped(hostile_page_graph):
    graph = hostile_page_graph
    everything = " ".join(HOSTILE.values())
    step = TourStep(
        title=HOSTILE["script"],
        narration=everything,
        path=("evil-food", "evil-nutrient"),
        question=HOSTILE["tag"],
        answer=HOSTILE["comment"] + HOSTILE["separators"],
    )
    tour = Tour(
        id="evil",
        title=HOSTILE["tag"],
        audience=HOSTILE["quotes"],
        description=HOSTILE["template"],
        steps=(step,),
    )
    parsed = parse_safe_page(lesson_html(graph, compute_layout(graph), tour), LESSON_TAGS)
    assert parsed.texts["title"] == HOSTILE["tag"]
    # The strings arrive as data, intact, for the page to show with textContent.
    data = json.loads(parsed.texts["lesson-data"])
    assert data["tour"]["title"] == HOSTILE["tag"]
    assert data["steps"][0]["narration"] == everything
    assert data["steps"][0]["answer"] == HOSTILE["comment"] + HOSTILE["separators"]
    assert HOSTILE["script"] in data["titles"]["nodes"]["evil-food"]


@pytest.mark.parametrize(
    "name", sorted(path.name for path in STATIC.iterdir() if path.suffix == ".js")
)
def test_the_page_scripts_fill_text_only_through_text_content(name):
    script = static_text(name)
    assert "innerHTML" not in script and "outerHTML" not in script
    assert "insertAdjacentHTML" not in script and "document.write" not in script
    assert "eval(" not in script and "new Function" not in script
