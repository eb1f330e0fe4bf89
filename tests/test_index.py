"""Scalable queries: search, neighbourhoods and shortest paths match networkx's answers."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.errors import NoPath, UnknownNode
from graph.index import CANDIDATES, grams
from graph.memory import MemoryBackend


@st.composite
def random_graphs(draw: st.DrawFn) -> nx.MultiDiGraph:
    """Small random multigraphs whose nodes have a label and synonyms."""
    count = draw(st.integers(1, 12))
    graph = nx.MultiDiGraph()
    for index in range(count):
        graph.add_node(f"n{index}", label=f"Node {index}", synonyms=(f"alias {index}",))
    pairs = st.tuples(st.integers(0, count - 1), st.integers(0, count - 1))
    for source, target in draw(st.lists(pairs, max_size=30)):
        graph.add_edge(f"n{source}", f"n{target}", relation="r")
    return graph


@settings(max_examples=60, deadline=None)
@given(graph=random_graphs(), data=st.data())
def test_shortest_paths_are_networkx_all_shortest_paths(
    graph: nx.MultiDiGraph, data: st.DataObject
) -> None:
    source = data.draw(st.sampled_from(sorted(graph)))
    target = data.draw(st.sampled_from(sorted(graph)))
    undirected = nx.Graph(graph.to_undirected(as_view=True))
    backend = MemoryBackend(graph)
    try:
        expected = sorted(map(tuple, nx.all_shortest_paths(undirected, source, target)))
    except nx.NetworkXNoPath:
        expected = []
    if not expected or len(expected[0]) - 1 > 4:
        with pytest.raises(NoPath):
            backend.shortest_paths(source, target, max_length=4)
    else:
        assert backend.shortest_paths(source, target, max_length=4, limit=10**6) == expected


@settings(max_examples=60, deadline=None)
@given(graph=random_graphs(), data=st.data(), depth=st.integers(1, 3))
def test_neighbours_are_the_undirected_ego_graph(
    graph: nx.MultiDiGraph, data: st.DataObject, depth: int
) -> None:
    centre = data.draw(st.sampled_from(sorted(graph)))
    undirected = graph.to_undirected(as_view=True)
    expected = set(nx.ego_graph(undirected, centre, radius=depth))
    found = MemoryBackend(graph).neighbours(centre, depth=depth)
    assert (set(found.nodes), found.truncated) == (expected, False)


def _star(leaves: int) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.add_node("hub", label="Hub", synonyms=())
    for index in range(leaves):
        graph.add_node(f"leaf{index}", label=f"Leaf {index}", synonyms=())
        graph.add_edge("hub", f"leaf{index}", relation="r")
    return graph


def test_a_big_neighbourhood_stops_at_the_limit() -> None:
    found = MemoryBackend(_star(50)).neighbours("hub", depth=1, limit=10)
    assert len(found.nodes) == 10 and found.truncated


def test_path_bound_and_unknown_nodes() -> None:
    backend = MemoryBackend(_star(3))
    assert backend.shortest_paths("leaf0", "leaf2") == [("leaf0", "hub", "leaf2")]
    with pytest.raises(NoPath):
        backend.shortest_paths("leaf0", "leaf2", max_length=1)
    with pytest.raises(UnknownNode):
        backend.shortest_paths("leaf0", "nowhere")
    with pytest.raises(ValueError, match="max_length"):
        backend.shortest_paths("leaf0", "leaf1", max_length=99)


def test_search_ranks_exact_then_words_then_typos() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("mg", label="Magnesium", synonyms=("Mg",))
    graph.add_node("mgc", label="Magnesium citrate", synonyms=())
    graph.add_node("mn", label="Manganese", synonyms=())
    graph.add_node("al", label="Almonds", synonyms=("sweet almond",))
    backend = MemoryBackend(graph)
    assert [hit.node_id for hit in backend.search("magnesium")] == ["mg", "mgc"]
    # A name holding the word scores 95 less a quarter point per extra letter (graph.search_rank).
    assert [hit.score for hit in backend.search("magnesium")] == [100.0, 93.0]
    assert backend.search("magnesum")[0].node_id == "mg"
    assert [(hit.node_id, hit.matched) for hit in backend.search("swet almond")] == [
        ("al", "sweet almond")
    ]
    assert backend.search("zzzzzz") == []


def test_search_scores_a_bounded_number_of_candidates() -> None:
    graph = nx.MultiDiGraph()
    for index in range(CANDIDATES * 3):
        graph.add_node(f"x{index:04d}", label=f"Calcium form {index}", synonyms=())
    graph.add_node("zz", label="Calcium", synonyms=())
    hits = MemoryBackend(graph).search("calcium", limit=5)
    assert hits[0].node_id == "zz"
    assert len(hits) == 5


def _typed_graph() -> nx.MultiDiGraph:
    """a -treats-> b -causes-> c, a -causes-> d; types alternate."""
    graph = nx.MultiDiGraph()
    for node, node_type in (("a", "drug"), ("b", "disease"), ("c", "gene"), ("d", "gene")):
        graph.add_node(node, label=node.upper(), type=node_type, synonyms=())
    graph.add_edge("a", "b", relation="treats")
    graph.add_edge("b", "c", relation="causes")
    graph.add_edge("a", "d", relation="causes")
    return graph


def test_filter_keeps_the_types_and_relations_asked_for() -> None:
    backend = MemoryBackend(_typed_graph())
    assert backend.filter_nodes(types=["gene"]) == (["c", "d"], 2)
    assert backend.filter_nodes(relations=["treats"]) == (["a", "b"], 2)
    assert backend.filter_nodes(types=["gene"], relations=["treats"]) == ([], 0)
    assert backend.filter_nodes(limit=1) == (["a"], 4)


def test_focus_follows_only_the_relations_and_keeps_only_the_types() -> None:
    backend = MemoryBackend(_typed_graph())
    assert backend.focus("a", depth=2).nodes == {"a", "b", "c", "d"}
    assert backend.focus("a", depth=2, relations=["treats"]).nodes == {"a", "b"}
    # b is walked through although it is not a gene; the centre always stays.
    assert backend.focus("a", depth=2, types=["gene"]).nodes == {"a", "c", "d"}
    cut = backend.focus("a", depth=2, types=["gene"], limit=2)
    assert cut.nodes == {"a", "c"} and cut.truncated


@settings(max_examples=40, deadline=None)
@given(
    words=st.lists(
        st.text("abcde \u00e9\U0001f600", min_size=1, max_size=8), max_size=600, min_size=1
    )
)
def test_search_candidates_are_the_best_by_shared_trigrams(words: list[str]) -> None:
    graph = nx.MultiDiGraph()
    for index, word in enumerate(words):
        graph.add_node(f"n{index}", label=word, synonyms=())
    names = MemoryBackend(graph).names
    query = words[0]
    wanted = grams(query)
    ranked = sorted(
        (-len(wanted & grams(name)), len(grams(name)), position)
        for position, (_, name) in enumerate(names.names)
        if wanted & grams(name)
    )
    expected = dict.fromkeys(names.names[position][0] for *_, position in ranked[:CANDIDATES])
    assert names.candidates(query) == list(expected)


@settings(max_examples=60, deadline=None)
@given(graph=random_graphs(), data=st.data(), depth=st.integers(1, 3))
def test_focus_is_the_ego_graph_along_the_chosen_relations(
    graph: nx.MultiDiGraph, data: st.DataObject, depth: int
) -> None:
    typed = nx.MultiDiGraph()
    typed.add_nodes_from(graph.nodes(data=True))
    for source, target in graph.edges():
        typed.add_edge(source, target, relation=data.draw(st.sampled_from("rs")))
    center = data.draw(st.sampled_from(sorted(typed)))
    relations = data.draw(st.sampled_from([[], ["r"], ["s"]]))
    along = nx.Graph()
    along.add_nodes_from(typed)
    along.add_edges_from(
        (source, target)
        for source, target, relation in typed.edges(data="relation")
        if not relations or relation in relations
    )
    expected = set(nx.single_source_shortest_path_length(along, center, cutoff=depth))
    found = MemoryBackend(typed).focus(center, depth=depth, relations=relations, limit=10**6)
    assert found.nodes == expected and not found.truncated
