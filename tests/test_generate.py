"""The benchmark graph generator: sized, typed, power-law, deterministic, importable."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bench.generate import main, write_graph
from graph.importers import read_imported


def _text(nodes: int, edges: int, seed: int = 0) -> str:
    stream = io.StringIO()
    write_graph(stream, nodes, edges, seed=seed)
    return stream.getvalue()


def test_same_seed_same_bytes_other_seed_other_graph() -> None:
    assert _text(50, 200) == _text(50, 200)
    assert _text(50, 200) != _text(50, 200, seed=1)


def test_the_1k_graph_imports_with_its_size_types_and_hubs(tmp_path: Path) -> None:
    path = tmp_path / "g1k.json"
    main(["--size", "1k", "--output", str(path)])
    graph = read_imported(path)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (1_000, 3_000)
    assert len({attrs["type"] for _, attrs in graph.nodes(data=True)}) == 8
    degrees = sorted((degree for _, degree in graph.degree()), reverse=True)
    assert degrees[0] > 10 * (2 * 3_000 / 1_000)  # hubs: far above the mean degree of 6
    provenance = [attrs["provenance"] for _, _, attrs in graph.edges(data=True)]
    assert all(each == ({"dataset": "g1k.json"},) for each in provenance)


def test_a_graph_without_edges_is_still_node_link(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    main(["--nodes", "3", "--edges", "0", "--output", str(path)])
    assert read_imported(path).number_of_nodes() == 3


def test_the_scale_bench_prints_its_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench.scale import main as bench

    path = tmp_path / "g.json"
    main(["--nodes", "200", "--edges", "600", "--output", str(path)])
    capsys.readouterr()
    bench(["--data", str(path), "--samples", "5"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("g.json: 200 nodes, 600 edges")
    assert [line.split(" | ")[0] for line in lines[4:10]] == [
        "| json.load",
        "| first view (checked columns, summary)",
        "| first load (graph + index)",
        "| networkx graph (read_imported)",
        "| cached start (.npz arrays)",
        "| old cache (pickle of networkx + index)",
    ]
    assert lines[11] == "| question | in memory p50 / p95 |"
    assert [line.split(" | ")[0] for line in lines[13:]] == [
        "| search",
        "| path (max 4)",
        "| neighbours depth 1",
        "| neighbours depth 2 (<= 2,000)",
    ]
