"""Handout: a printable page per tour, its picture drawn in Python, its text escaped."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import networkx as nx
import pytest
from markupsafe import escape

from graph import build_graph, load_knowledge_base
from graph.handout import handout_html, tour_scene
from graph.handout_picture import path_svg
from graph.layout import compute_layout
from graph.narrate import BANDED_READING, edge_verdict_sentence, verdict_sentence
from graph.paths import find_paths
from graph.schema import VERDICTS, Edge, KnowledgeBase, Node, Provenance, Source
from graph.tours import DEFAULT_TOURS_DIR, Tour, TourStep, find_tour, load_tours, tour_from_path
from tests import seed

SEED = seed.graph()
POSITIONS = compute_layout(SEED)
TOURS = load_tours(DEFAULT_TOURS_DIR, SEED)
ALMONDS = find_tour(TOURS, "almonds-to-fewer-cramps")
SVG = "{http://www.w3.org/2000/svg}"
SHAPES = {f"{SVG}{tag}" for tag in ("polygon", "circle", "rect", "ellipse")}
HOSTILE = "<script>alert('x')</script> & \"quotes\" </svg>"


def _escaped(text: str) -> str:
    """``text`` as the page's templates write it (Jinja2's autoescaping)."""
    return str(escape(text))


def _picture(page: str) -> ElementTree.Element:
    """The tour's picture in a handout, parsed as XML (it must be well-formed SVG)."""
    found = re.search(
        r'<svg xmlns="http://www.w3.org/2000/svg" class="path-picture".*?</svg>', page, re.S
    )
    assert found, "the handout has no picture"
    return ElementTree.fromstring(found[0])


def _nodes(root: ElementTree.Element) -> dict[str, ElementTree.Element]:
    return {g.get("data-node"): g for g in root.iter(f"{SVG}g") if g.get("class") == "node"}


def _edges(root: ElementTree.Element) -> dict[str, ElementTree.Element]:
    return {
        g.get("data-edge"): g
        for g in root.iter(f"{SVG}g")
        if (g.get("class") or "").split()[:1] == ["edge"]
    }


def _edge_id(edge: tuple[str, str, str]) -> str:
    return f"{edge[0]}|{edge[2]}|{edge[1]}"


# --- the picture ---------------------------------------------------------------------


def test_picture_has_a_shape_per_node_and_a_line_per_edge() -> None:
    traced = [
        ("almonds", "magnesium", "rich_in"),
        ("magnesium", "cramp-prevention", "contributes_to"),
    ]
    root = ElementTree.fromstring(path_svg(SEED, POSITIONS, ["calcium"], traced))
    nodes = _nodes(root)
    assert set(nodes) == {"almonds", "magnesium", "cramp-prevention", "calcium"}
    for group in nodes.values():
        assert [child.tag for child in group if child.tag in SHAPES], "every node has a shape"
    context = set(SEED.subgraph(nodes).edges(keys=True)) - set(traced)
    edges = _edges(root)
    assert set(edges) == {_edge_id(edge) for edge in [*traced, *context]}
    for group in edges.values():
        assert group.find(f"{SVG}path") is not None, "every edge is a line"
        assert group.find(f"{SVG}polygon") is not None, "every edge has an arrowhead"
    assert {key for key, group in edges.items() if "traced" in group.get("class")} == {
        _edge_id(edge) for edge in traced
    }


def test_traced_edges_are_drawn_heavier_than_the_others() -> None:
    root = ElementTree.fromstring(
        path_svg(SEED, POSITIONS, ["calcium"], [("almonds", "magnesium", "rich_in")])
    )
    widths = {
        "traced" in group.get("class"): float(group.find(f"{SVG}path").get("stroke-width"))
        for group in _edges(root).values()
    }
    assert widths[True] > widths[False]


def test_an_inferred_link_is_labelled_as_the_tools_reading_as_on_every_canvas() -> None:
    inferred = ("almonds", "vitamin-d", "rich_in")
    stated = ("almonds", "magnesium", "rich_in")
    svg = path_svg(SEED, POSITIONS, [], [inferred, stated], context=False)
    texts = ["".join(t.itertext()) for t in ElementTree.fromstring(svg).iter(f"{SVG}text")]
    assert "rich in (tool's reading)" in texts
    assert "rich in" in texts


def test_picture_can_leave_out_the_other_edges() -> None:
    root = ElementTree.fromstring(
        path_svg(SEED, POSITIONS, ["calcium"], [("almonds", "magnesium", "rich_in")], context=False)
    )
    assert set(_edges(root)) == {"almonds|rich_in|magnesium"}


def test_nodes_keep_the_shapes_and_colours_of_their_types() -> None:
    root = ElementTree.fromstring(
        path_svg(SEED, POSITIONS, ["calf-cramp", "cramp-prevention", "sleep"], [])
    )
    nodes = _nodes(root)
    assert nodes["calf-cramp"].find(f"{SVG}polygon").get("fill") == "#D55E00"
    assert nodes["cramp-prevention"].find(f"{SVG}ellipse") is not None
    assert nodes["sleep"].find(f"{SVG}rect").get("fill") == "#56B4E9"


def test_picture_follows_the_layout() -> None:
    root = ElementTree.fromstring(
        path_svg(SEED, POSITIONS, ["almonds", "magnesium", "sedentary-lifestyle"], [])
    )
    x = {
        node_id: float(group.find(f"{SVG}text").get("x")) for node_id, group in _nodes(root).items()
    }
    assert x["almonds"] < x["magnesium"] < x["sedentary-lifestyle"]


def test_picture_without_a_position_is_refused() -> None:
    with pytest.raises(ValueError, match="no position for node 'almonds'"):
        path_svg(SEED, {}, ["almonds"], [])


def test_picture_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="nothing to draw"):
        path_svg(SEED, POSITIONS, [], [])


def test_picture_of_an_unknown_edge_is_refused() -> None:
    with pytest.raises(KeyError, match="no edge"):
        path_svg(SEED, POSITIONS, [], [("almonds", "calf-cramp", "causes")])


# --- the page ------------------------------------------------------------------------


def test_handout_draws_every_node_and_traced_edge_of_the_tour() -> None:
    scene = tour_scene(SEED, ALMONDS)
    root = _picture(handout_html(SEED, POSITIONS, ALMONDS))
    assert set(_nodes(root)) == set(scene.nodes)
    traced = {key for key, group in _edges(root).items() if "traced" in group.get("class")}
    assert traced == {_edge_id(edge) for edge in scene.edges}
    assert {"almonds", "magnesium", "cramp-prevention"} <= set(scene.nodes)


def test_handout_holds_every_narration_question_and_answer() -> None:
    for tour in TOURS:
        page = handout_html(SEED, POSITIONS, tour)
        assert f"<h1>{_escaped(tour.title)}</h1>" in page
        for step in tour.steps:
            assert _escaped(step.narration) in page
            if step.question:
                assert page.count(_escaped(step.question)) == 2, "asked, then in the key"
                assert _escaped(step.answer) in page


def test_answer_key_starts_a_page_of_its_own_after_the_questions() -> None:
    page = handout_html(SEED, POSITIONS, ALMONDS)
    assert re.search(r"\.answer-key \{[^}]*break-before: page", page)
    assert re.search(r"section\.questions \{[^}]*break-before: page", page), "a worksheet page"
    questions = page.index('<section class="questions">')
    key = page.index('<section class="answer-key">')
    assert questions < key
    answer = _escaped(ALMONDS.steps[0].answer)
    assert page.index(answer) > key, "answers appear only in the key"


def test_questions_come_before_the_quotes_and_the_evidence_that_answer_them() -> None:
    for tour in TOURS:
        page = handout_html(SEED, POSITIONS, tour)
        if not any(step.question for step in tour.steps):
            continue
        questions = page.index('<section class="questions">')
        assert questions < page.index('<section class="sources">'), tour.id
        assert questions < page.index('<section class="evidence">'), tour.id
        assert re.search(r"section\.questions \+ section\.sources \{[^}]*break-before: page", page)


def test_questions_have_ruled_lines_to_answer_on() -> None:
    page = handout_html(SEED, POSITIONS, ALMONDS)
    asked = sum(1 for step in ALMONDS.steps if step.question)
    section = page[
        page.index('<section class="questions">') : page.index(
            "</section>", page.index('<section class="questions">')
        )
    ]
    assert section.count('<div class="line"></div>') >= 3 * asked


def test_handout_quotes_the_article_and_says_what_reviews_found() -> None:
    page = handout_html(SEED, POSITIONS, ALMONDS)
    edge = SEED.edges["almonds", "magnesium", "rich_in"]
    assert _escaped(edge["provenance"][0]["quote"]) in page
    assert _escaped(edge["evidence"]["summary"]) in page
    assert _escaped(SEED.graph["sources"]["calf-cramps-article"]["title"]) in page
    step = ("magnesium", "cramp-prevention", "contributes_to")
    weak = VERDICTS[SEED.edges[step]["verdict"]]
    assert weak.name != "supported"
    assert f"{weak.icon} {weak.label}" in page
    assert _escaped(edge_verdict_sentence(SEED, step)) in page  # with who weighs it, and its scope


def test_handout_credits_a_food_table_verdict_to_the_tables_not_to_reviews() -> None:
    """Not to reviews, and not to USDA either: the tables give amounts, "rich" is the
    tool's reading of them (fourth read, M6)."""
    page = handout_html(SEED, POSITIONS, ALMONDS)
    credited = verdict_sentence("supported", by=BANDED_READING)  # fifteenth read, #3
    assert credited.removesuffix(".") + " (rich per 100 g, moderate per 1 oz handful)." in page
    assert verdict_sentence("supported").removesuffix(".") not in page


def test_each_badge_of_the_picture_names_who_gives_its_verdict() -> None:
    """A badge's tooltip said "Reviews: contradicted" for the tool's own reading of the
    food tables (QA pass, 2026-12-07): it now says what the handout's text says."""
    for tour in TOURS:
        root = _picture(handout_html(SEED, POSITIONS, tour))
        badges = [g for g in root.iter(f"{SVG}g") if g.get("class") == "verdict-badge"]
        titles = {g.findtext(f"{SVG}title") for g in badges}
        said = {edge_verdict_sentence(SEED, edge) for edge in SEED.edges(keys=True)}
        assert badges and titles <= said, titles - said
    almonds = _picture(handout_html(SEED, POSITIONS, ALMONDS))
    titles = [g.findtext(f"{SVG}title") or "" for g in almonds.iter(f"{SVG}g")]
    assert any(title.startswith(BANDED_READING) for title in titles)


def test_handout_refers_to_nothing_outside_itself() -> None:
    for tour in TOURS:
        page = handout_html(SEED, POSITIONS, tour)
        assert not re.search(r"\b(?:src|href|xlink:href)\s*=", page, re.I)
        assert not re.search(r"<(?:script|link|iframe|object|embed|img)\b", page, re.I)
        assert "url(" not in page and "@import" not in page
        # The SVG namespace is a name, not an address anything is fetched from.
        addresses = set(re.findall(r"https?://[^\s\"'<>]+", page))
        assert addresses <= {"http://www.w3.org/2000/svg"}


def test_handout_is_the_same_every_time() -> None:
    again = build_graph(load_knowledge_base())
    assert handout_html(SEED, POSITIONS, ALMONDS) == handout_html(
        again, compute_layout(again), find_tour(load_tours(DEFAULT_TOURS_DIR, again), ALMONDS.id)
    )


def test_handout_of_a_generated_tour() -> None:
    tour = tour_from_path(SEED, find_paths(SEED, "almonds", "cramp-prevention")[0])
    page = handout_html(SEED, POSITIONS, tour)
    assert set(_nodes(_picture(page))) == {"almonds", "magnesium", "cramp-prevention"}
    assert '<section class="answer-key">' in page


def test_a_tour_without_questions_has_no_answer_key() -> None:
    step = TourStep(title="Almonds", nodes=("almonds",), narration="Nuts.")
    page = handout_html(
        SEED, POSITIONS, Tour(id="nuts", title="Nuts", audience="all", steps=(step,))
    )
    assert "answer-key" not in page.split("</style>", 1)[1]
    assert 'class="questions"' not in page


# --- hostile text --------------------------------------------------------------------


@pytest.fixture
def hostile_graph() -> nx.MultiDiGraph:
    """Two nodes and a claim whose every text tries to break out of the page."""
    text = f"Quote {HOSTILE} here."
    source = Source(
        id="note",
        title=f"Title {HOSTILE}",
        file="sources/note.txt",
        kind=HOSTILE,
        language="en",
        text=text,
    )
    return build_graph(
        KnowledgeBase(
            sources=(source,),
            nodes=(
                Node(id="food", label=f"Food {HOSTILE}", type="food", description=HOSTILE),
                Node(id="mineral", label=f"Mineral {HOSTILE}", type="nutrient", description="x"),
            ),
            edges=(
                Edge(
                    subject="food",
                    relation="rich_in",
                    object="mineral",
                    provenance=(Provenance(source="note", quote=text, strength="states"),),
                ),
            ),
        )
    )


def test_hostile_text_is_escaped_everywhere(hostile_graph: nx.MultiDiGraph) -> None:
    step = TourStep(
        title=f"Step {HOSTILE}",
        path=("food", "mineral"),
        narration=f"Narration {HOSTILE}",
        question=f"Question {HOSTILE}",
        answer=f"Answer {HOSTILE}",
    )
    tour = Tour(
        id="bad", title=f"Tour {HOSTILE}", audience=HOSTILE, description=HOSTILE, steps=(step,)
    )
    page = handout_html(hostile_graph, compute_layout(hostile_graph), tour)
    assert "<script" not in page
    assert "&lt;script&gt;" in page
    assert page.count("</svg>") == page.count("<svg"), "no label closes the picture early"
    root = _picture(page)
    labels = {"".join(text.itertext()) for text in root.iter(f"{SVG}text")}
    assert any("<script>" in label for label in labels), "labels show literally"
    assert set(_nodes(root)) == {"food", "mineral"}


def test_hostile_labels_keep_the_picture_well_formed(hostile_graph: nx.MultiDiGraph) -> None:
    svg = path_svg(
        hostile_graph,
        compute_layout(hostile_graph),
        [],
        [("food", "mineral", "rich_in")],
        title=HOSTILE,
    )
    root = ElementTree.fromstring(svg)
    assert root.find(f"{SVG}title").text == HOSTILE
