"""The shareable URL state: any link parses without crashing, and a state survives a round trip."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.query import focus_candidates
from graph.questions import DEFAULT_QUESTIONS_DIR, load_questions
from graph.schema import NODE_TYPES, RELATIONS, STRENGTHS, VERDICTS
from tests import seed
from ui.state import (
    MODES,
    PARAMS,
    ExplorerState,
    Ignored,
    ignored_notice,
    parse_query_params,
    to_query_params,
)

SEED = seed.graph()
NODES = sorted(SEED)
EDGE_IDS = sorted(f"{u}|{k}|{v}" for u, v, k in SEED.edges(keys=True))


def _subset(names):
    return st.lists(st.sampled_from(list(names)), unique=True).map(
        lambda picked: tuple(name for name in names if name in picked)
    )


QUESTIONS = [q.id for q in load_questions(DEFAULT_QUESTIONS_DIR, SEED)]
TOURS = ["almonds-to-fewer-cramps", "why-calves-cramp"]

states = st.builds(
    ExplorerState,
    mode=st.sampled_from(MODES),
    question=st.none() | st.sampled_from(QUESTIONS),
    tour=st.none() | st.sampled_from(TOURS),
    compare_first=st.none() | st.sampled_from(NODES),
    compare_second=st.none() | st.sampled_from(NODES),
    search=st.text(max_size=40),
    node_types=_subset(NODE_TYPES),
    relations=_subset(RELATIONS),
    strengths=_subset(STRENGTHS),
    verdicts=_subset(VERDICTS),
    cause=st.none() | st.sampled_from(focus_candidates(SEED, "cause")),
    remedy=st.none() | st.sampled_from(focus_candidates(SEED, "remedy")),
    depth=st.integers(1, 4),
    path_from=st.none() | st.sampled_from(NODES),
    path_to=st.none() | st.sampled_from(NODES),
    max_length=st.integers(1, 6),
    path_choice=st.integers(1, 10),
    selected=st.none() | st.sampled_from(NODES + EDGE_IDS),
)


@settings(max_examples=200, deadline=None)
@given(state=states)
def test_a_shared_link_restores_the_same_state(state: ExplorerState) -> None:
    params = to_query_params(state)
    restored, warnings = parse_query_params(params, SEED, questions=QUESTIONS, tours=TOURS)
    assert warnings == []
    assert restored == replace(state, search=state.search[:200])


@settings(max_examples=300, deadline=None)
@given(
    params=st.dictionaries(
        st.sampled_from([*PARAMS.values(), "junk"]),
        st.text(max_size=30) | st.lists(st.text(max_size=10), max_size=3),
    )
)
def test_any_link_parses_without_crashing(params: dict) -> None:
    state, warnings = parse_query_params(params, SEED)
    assert isinstance(state, ExplorerState)
    assert all(isinstance(item, Ignored) and item.name in params for item in warnings)
    assert set(state.node_types) <= set(NODE_TYPES)
    assert state.cause is None or state.cause in SEED


def test_bad_values_are_reported_by_name() -> None:
    state, warnings = parse_query_params(
        {"types": "food,planet", "depth": "lots", "sel": "nowhere"}, SEED
    )
    assert state.node_types == ("food",)
    assert state.depth == ExplorerState().depth
    assert state.selected is None
    notice = ignored_notice(warnings)
    assert "types=planet" in notice and "depth=lots" in notice and "sel=nowhere" in notice


def test_default_state_makes_an_empty_query_string() -> None:
    assert to_query_params(ExplorerState()) == {}
