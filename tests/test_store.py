"""The large-graph store: a cache keyed by content gives back the same graph and index."""

from __future__ import annotations

from pathlib import Path

import pytest

import graph.store as store
from bench.generate import main as generate
from graph.store import load_backend


def _graph_file(tmp_path: Path, seed: int = 0) -> Path:
    path = tmp_path / "g.json"
    generate(["--nodes", "200", "--edges", "500", "--seed", str(seed), "--output", str(path)])
    return path


def _refuse_to_parse(path: Path) -> None:
    raise AssertionError(f"parsed {path} although the cache matches")


def test_a_second_start_comes_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, cache = _graph_file(tmp_path), tmp_path / "cache"
    first = load_backend(path, cache_dir=cache)
    assert len(list(cache.glob("*.pickle"))) == 1
    monkeypatch.setattr(store, "read_node_link", _refuse_to_parse)
    second = load_backend(path, cache_dir=cache)
    assert list(second.graph.edges(keys=True, data=True)) == list(
        first.graph.edges(keys=True, data=True)
    )
    label = first.graph.nodes["n7"]["label"]
    assert second.search(label) == first.search(label)


def test_an_edited_file_never_meets_a_stale_cache(tmp_path: Path) -> None:
    path, cache = _graph_file(tmp_path), tmp_path / "cache"
    load_backend(path, cache_dir=cache)
    _graph_file(tmp_path, seed=1)
    again = load_backend(path, cache_dir=cache)
    assert again.graph.nodes["n0"] == store.read_node_link(path).nodes["n0"]
    assert len(list(cache.glob("*.pickle"))) == 2


def test_a_broken_cache_file_is_built_again(tmp_path: Path) -> None:
    path, cache = _graph_file(tmp_path), tmp_path / "cache"
    load_backend(path, cache_dir=cache)
    (cached,) = cache.glob("*.pickle")
    cached.write_bytes(b"not a pickle")
    backend = load_backend(path, cache_dir=cache)
    assert backend.graph.number_of_edges() == 500
    assert cached.read_bytes() != b"not a pickle"


def test_edges_without_provenance_share_one_dict_per_relation(tmp_path: Path) -> None:
    graph = store.read_node_link(_graph_file(tmp_path))
    attrs = {}
    for _, _, data in graph.edges(data=True):
        assert attrs.setdefault(data["relation"], data) is data
    assert len(attrs) < graph.number_of_edges()


def test_the_cache_keeps_the_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, cache = _graph_file(tmp_path), tmp_path / "cache"
    expected = load_backend(path, cache_dir=cache).summary()
    second = load_backend(path, cache_dir=cache)

    def _refuse(hubs: int) -> None:
        raise AssertionError("summarised again although the cache holds it")

    monkeypatch.setattr(second, "_summarise", _refuse)
    assert second.summary() == expected
