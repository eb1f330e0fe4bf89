"""The explorer's view as the library composes it: answers, paths and selections merged."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.limits import max_length
from graph.load import DEFAULT_DATA_DIR
from graph.paths import find_paths
from graph.query import ViewSpec, search_hits
from graph.questions import EntryQuestion, answer_question, load_questions
from graph.safe_io import data_subfolder
from graph.tours import StepEdit, tour_from_focus, tour_from_path
from graph.view import PathRequest, edit_problem, explorer_view, is_selectable, made_tour


@pytest.fixture(scope="module")
def questions(seed_graph: nx.MultiDiGraph) -> dict[str, EntryQuestion]:
    folder = data_subfolder(DEFAULT_DATA_DIR, "questions")
    return {question.id: question for question in load_questions(folder, seed_graph)}


def test_the_whole_graph_when_nothing_is_asked(seed_graph: nx.MultiDiGraph) -> None:
    view = explorer_view(seed_graph, ViewSpec())
    assert set(view.graph) == set(seed_graph)
    assert view.graph.number_of_edges() == seed_graph.number_of_edges()
    assert (view.centre, view.highlight, view.notes, view.chosen) == (None, None, (), None)


def test_an_answer_replaces_the_view_and_is_highlighted(
    seed_graph: nx.MultiDiGraph, questions: dict[str, EntryQuestion]
) -> None:
    answer = answer_question(seed_graph, questions["does-magnesium-help"])
    view = explorer_view(seed_graph, ViewSpec(node_types=frozenset({"food"})), answer=answer)
    assert set(view.graph) == set(answer.nodes)
    assert view.highlight == answer.edges
    assert view.centre == answer.question.about


def test_a_search_names_the_centre_even_beside_an_answer(
    seed_graph: nx.MultiDiGraph, questions: dict[str, EntryQuestion]
) -> None:
    answer = answer_question(seed_graph, questions["does-magnesium-help"])
    view = explorer_view(seed_graph, ViewSpec(), search="almonds", answer=answer)
    assert view.centre == "almonds"
    assert [match.node_id for match in view.matches] == [
        match.node_id for match in search_hits(seed_graph, "almonds")
    ]


def test_a_traced_path_joins_a_filtered_view_and_outshines_the_answer(
    seed_graph: nx.MultiDiGraph, questions: dict[str, EntryQuestion]
) -> None:
    answer = answer_question(seed_graph, questions["cramps-at-night"])
    request = PathRequest("almonds", "cramp-prevention", max_length=3)
    view = explorer_view(
        seed_graph, ViewSpec(node_types=frozenset({"food"})), answer=answer, path=request
    )
    expected = find_paths(seed_graph, "almonds", "cramp-prevention", max_length=3, limit=10)
    assert view.paths == tuple(expected)
    assert view.chosen == expected[0]
    assert set(expected[0].nodes) <= set(view.graph)
    assert view.highlight == expected[0].edges


def test_a_path_number_past_the_last_path_shows_the_first(seed_graph: nx.MultiDiGraph) -> None:
    view = explorer_view(
        seed_graph, ViewSpec(), path=PathRequest("almonds", "cramp-prevention", choice=50)
    )
    assert view.choice == 1 and view.chosen == view.paths[0]


def test_a_selection_the_filters_hide_is_shown_with_its_ends(seed_graph: nx.MultiDiGraph) -> None:
    spec = ViewSpec(node_types=frozenset({"condition"}))
    assert "almonds" not in explorer_view(seed_graph, spec).graph
    view = explorer_view(seed_graph, spec, selected="almonds|rich_in|magnesium")
    assert {"almonds", "magnesium"} <= set(view.graph)
    assert is_selectable(view.graph, "almonds|rich_in|magnesium")
    assert "almonds" in explorer_view(seed_graph, spec, selected="almonds").graph


def test_a_selection_naming_nothing_adds_nothing(seed_graph: nx.MultiDiGraph) -> None:
    spec = ViewSpec(node_types=frozenset({"condition"}))
    plain = explorer_view(seed_graph, spec)
    for selected in ("nobody", "almonds|rich_in|nobody", "a|b"):
        assert set(explorer_view(seed_graph, spec, selected=selected).graph) == set(plain.graph)


def test_what_could_not_be_done_is_said_in_plain_words(seed_graph: nx.MultiDiGraph) -> None:
    view = explorer_view(
        seed_graph,
        ViewSpec(),
        search="qqqqzzzz",
        path=PathRequest("almonds", "epilepsy", max_length=1),
    )
    assert view.notes[0].startswith("Nothing matches 'qqqqzzzz'")
    assert view.notes[1].endswith("Try a longer path.")
    assert view.paths == () and view.chosen is None and view.centre is None


def test_tours_made_from_the_state_follow_the_path_shown_or_the_focus(
    seed_graph: nx.MultiDiGraph,
) -> None:
    request = PathRequest("almonds", "cramp-prevention", choice=2)
    shown = explorer_view(seed_graph, ViewSpec(), path=request).chosen
    assert made_tour(seed_graph, path=request) == tour_from_path(seed_graph, shown)
    focused = made_tour(seed_graph, focus="sedentary-lifestyle")
    assert focused == tour_from_focus(seed_graph, "sedentary-lifestyle")
    assert made_tour(seed_graph) is None
    assert made_tour(seed_graph, path=PathRequest("almonds", "epilepsy", max_length=1)) is None


@pytest.mark.parametrize(
    "edit, named",
    [
        (StepEdit(1, narration="Nuts \u202e help."), "Step 2, narration: bidi control U+202E"),
        (StepEdit(1, title="Almonds\x1b[2J"), "Step 2, title: control character U+001B"),
        (StepEdit(1, answer="x" * (max_length("answer") + 1)), "Step 2, answer: text is"),
    ],
)
def test_tour_edits_a_tour_file_could_not_hold_are_named(edit: StepEdit, named: str) -> None:
    problem = edit_problem([StepEdit(1, title="Fine"), edit])
    assert problem is not None and problem.startswith(named)
    assert "\n" not in problem


def test_ordinary_tour_edits_pass() -> None:
    edits = [StepEdit(1, title="Almonds", narration="Line one.\nLine two.", question="Why?")]
    assert edit_problem(edits) is None
