"""The large-graph store: a cache keyed by content gives back the same graph and index."""

from __future__ import annotations

import json
import tempfile
import threading
from collections import Counter
from pathlib import Path

import msgspec
import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import graph.store as store
from graph.adjacency import Adjacency
from graph.errors import SchemaError
from graph.importers import import_graph
from graph.index import NameIndex
from graph.store import load_backend
from tests.harness import generated_graph


def _graph_file(tmp_path: Path, seed: int = 0) -> Path:
    path = tmp_path / "g.json"
    generated_graph(path, "--nodes", "200", "--edges", "500", "--seed", str(seed))
    return path


def _refuse_to_parse(stream: object, **_: object) -> None:
    """Stands in for the JSON readers of the file: a cached start must not parse it."""
    raise AssertionError(f"parsed {getattr(stream, 'name', stream)} although the cache matches")


def _refuse_json(monkeypatch: pytest.MonkeyPatch) -> None:
    for module, name in ((json, "load"), (msgspec.json, "Decoder")):
        monkeypatch.setattr(module, name, _refuse_to_parse)


def test_a_second_start_comes_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, cache = _graph_file(tmp_path), tmp_path / "cache"
    first = load_backend(path, cache_dir=cache)
    assert len(list(cache.glob("*.npz"))) == 1
    _refuse_json(monkeypatch)
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
    assert len(list(cache.glob("*.npz"))) == 2


def test_a_broken_cache_file_is_built_again(tmp_path: Path) -> None:
    path, cache = _graph_file(tmp_path), tmp_path / "cache"
    load_backend(path, cache_dir=cache)
    (cached,) = cache.glob("*.npz")
    cached.write_bytes(b"not an npz file")
    backend = load_backend(path, cache_dir=cache)
    assert backend.graph.number_of_edges() == import_graph(path, fmt="json").number_of_edges()
    assert cached.read_bytes() != b"not an npz file"


def test_opening_a_file_writes_no_cache_until_it_is_finished(tmp_path: Path) -> None:
    path, cache = _graph_file(tmp_path), tmp_path / "cache"
    opened = store.open_file(path, cache_dir=cache)
    assert opened.backend.summary().nodes == 200
    assert not cache.exists()  # the opening view wrote nothing
    worker = opened.finish_in_background()
    assert opened.finish_in_background() is worker  # started once
    worker.join(timeout=120)
    assert len(list(cache.glob("*.npz"))) == 1
    again = store.open_file(path, cache_dir=cache)
    assert again.cache_file is None  # read from the cache
    label = opened.backend.graph.nodes["n7"]["label"]
    assert again.backend.search(label) == opened.backend.search(label) != []


def test_the_opening_view_sorts_nothing_and_builds_no_index_until_a_question(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _graph_file(tmp_path)
    expected = load_backend(path)
    built: list[str] = []
    for owner, name in ((Adjacency, "from_columns"), (NameIndex, "build")):
        original = getattr(owner, name)
        monkeypatch.setattr(
            owner, name, lambda *args, _o=original, _n=name: built.append(_n) or _o(*args)
        )
    backend = store.open_file(path).backend
    assert backend.summary() == expected.summary()
    assert built == []  # the summary came from the columns alone
    label = expected.graph.nodes["n7"]["label"]
    assert backend.search(label) == expected.search(label)
    assert built == ["from_columns", "build"]


def test_a_cache_write_cut_short_leaves_no_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, cache = _graph_file(tmp_path), tmp_path / "cache"

    def _cut_short(stream: object, **_: object) -> None:
        stream.write(b"PK\x03\x04 half a file")
        raise OSError("no space left on device")

    monkeypatch.setattr(np, "savez", _cut_short)
    with pytest.raises(OSError, match="no space"):
        load_backend(path, cache_dir=cache)
    assert list(cache.iterdir()) == []  # neither the cache file nor its temporary
    monkeypatch.undo()
    assert store.open_file(path, cache_dir=cache).cache_file is not None  # built again


def test_questions_asked_while_the_thread_builds_are_answered_once_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _graph_file(tmp_path)
    expected = load_backend(path)
    label = expected.graph.nodes["n7"]["label"]
    builds = []
    build = NameIndex.build
    monkeypatch.setattr(NameIndex, "build", lambda records: builds.append(1) or build(records))
    opened = store.open_file(path)
    answers: list[object] = []
    askers = [
        threading.Thread(target=lambda: answers.append(opened.backend.search(label)))
        for _ in range(4)
    ]
    opened.finish_in_background()
    for asker in askers:
        asker.start()
    for asker in [*askers, opened.finish_in_background()]:
        asker.join(timeout=120)
    assert answers == [expected.search(label)] * 4
    assert len(builds) == 1  # one search index, however many asked for it at once


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


def _same_graph(one: nx.MultiDiGraph, other: nx.MultiDiGraph) -> None:
    """Equal down to the order of every node's successors and predecessors."""
    assert one.graph == other.graph
    assert list(one.nodes(data=True)) == list(other.nodes(data=True))
    assert list(one.edges(keys=True, data=True)) == list(other.edges(keys=True, data=True))
    assert [list(one.pred[node]) for node in one] == [list(other.pred[node]) for node in other]


def _mixed_file(tmp_path: Path) -> Path:
    """Repeated pairs, loops, quotes, a named data set and a lone surrogate in a label."""
    nodes = [
        {"id": "a", "type": "t", "label": "Alpha \ud800", "synonyms": ["first", "\u00e9"]},
        {"id": "b", "type": "u"},
        {"id": "c", "type": "t", "label": ""},
    ]
    quote = [{"source": "s", "quote": "A leads to B.", "strength": "stated"}]
    edges = [
        {"source": "b", "target": "a", "relation": "r"},
        {"source": "a", "target": "b", "relation": "r", "provenance": quote},
        {"source": "a", "target": "b", "relation": "s"},
        {"source": "c", "target": "a", "relation": "r", "provenance": "other.json"},
        {"source": "a", "target": "a", "relation": "s"},
        {"source": "a", "target": "b", "relation": "r"},
    ]
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps({"nodes": nodes, "edges": edges}))
    return path


def test_the_cache_gives_back_the_same_graph_and_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, cache = _mixed_file(tmp_path), tmp_path / "cache"
    careful = import_graph(path, fmt="json")
    _same_graph(store.read_node_link(path), careful)
    first = load_backend(path, cache_dir=cache)
    _refuse_json(monkeypatch)
    second = load_backend(path, cache_dir=cache)
    _same_graph(second.graph, careful)
    # The last edge repeats the second: merged into it, its data set added to the quote.
    assert second.graph.edges["a", "b", 0]["provenance"] == (
        {"source": "s", "quote": "A leads to B.", "strength": "stated"},
        {"dataset": "mixed.json"},
    )
    assert second.search("frst") == first.search("frst") != []
    assert second.summary() == first.summary()


def test_the_cache_holds_no_pickles(tmp_path: Path) -> None:
    path, cache = _graph_file(tmp_path), tmp_path / "cache"
    load_backend(path, cache_dir=cache)
    (cached,) = cache.glob("*.npz")
    with np.load(cached, allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)


def _explode() -> None:
    raise AssertionError("the cache ran code from a pickle")


class _Planted:
    """Unpickling this runs ``_explode``."""

    def __reduce__(self) -> tuple:
        return (_explode, ())


def test_a_pickle_planted_in_the_cache_never_runs(tmp_path: Path) -> None:
    path, cache = _graph_file(tmp_path), tmp_path / "cache"
    load_backend(path, cache_dir=cache)
    (cached,) = cache.glob("*.npz")
    with np.load(cached, allow_pickle=False) as arrays:
        planted = {name: arrays[name] for name in arrays.files}
    planted["meta"] = np.array([_Planted()], dtype=object)
    np.savez(cached, **planted)
    backend = load_backend(path, cache_dir=cache)  # refused, so built again from the file
    assert backend.graph.number_of_edges() == import_graph(path, fmt="json").number_of_edges()
    with np.load(cached, allow_pickle=False) as arrays:
        assert arrays["meta"].dtype == np.uint8


# --- the fast path against the careful reader ------------------------------------------------

_IDS = st.sampled_from(["a", "b", "c", "dé", "e f"])
_TEXTS = st.sampled_from(["x", "Y  z", "\u00e9", "first"])
_ODD = st.one_of(st.none(), st.just(""), st.integers(-1, 2), st.just(1.5), st.just([]), st.just({}))
_DATASETS = st.lists(st.fixed_dictionaries({"dataset": _TEXTS}), min_size=1, max_size=2)
_QUOTES = st.lists(
    st.fixed_dictionaries({"source": _TEXTS, "quote": _TEXTS, "strength": _TEXTS}),
    min_size=1,
    max_size=2,
)
_PROVENANCE = st.one_of(st.none(), st.just(""), _TEXTS, _DATASETS, _QUOTES)


def _node(node_id: str) -> st.SearchStrategy:
    return st.fixed_dictionaries(
        {"id": st.just(node_id), "type": _TEXTS},
        optional={
            "label": st.one_of(st.just(""), _TEXTS),
            "synonyms": st.lists(_TEXTS, max_size=2),
        },
    )


def _edge(ends: st.SearchStrategy) -> st.SearchStrategy:
    return st.fixed_dictionaries(
        {"source": ends, "target": ends, "relation": _TEXTS}, optional={"provenance": _PROVENANCE}
    )


@st.composite
def _clean_files(draw: st.DrawFn) -> dict:
    """Node-link data every record of which the fast path takes."""
    node_ids = draw(st.lists(_IDS, min_size=1, max_size=5, unique=True))
    ends = st.sampled_from(node_ids)
    return {
        "directed": True,
        "nodes": [draw(_node(node_id)) for node_id in node_ids],
        draw(st.sampled_from(["edges", "links"])): draw(st.lists(_edge(ends), max_size=12)),
    }


_SPOILERS = ("odd value", "no field", "repeat", "unknown", "odd record", "odd section")


@st.composite
def _spoilt_files(draw: st.DrawFn) -> dict:
    """Clean data with one or two faults: a wrong type, a missing field, a repeated id,
    an unknown edge end, a record or a whole section that is not what it should be."""
    data = draw(_clean_files())
    for _ in range(draw(st.integers(1, 2))):
        filled = [
            key
            for key in ("nodes", "edges", "links")
            if isinstance(data.get(key), list) and data[key]
        ]
        if not filled:
            break
        section = draw(st.sampled_from(filled))
        records, how = data[section], draw(st.sampled_from(_SPOILERS))
        index = draw(st.integers(0, len(records) - 1))
        record = records[index]
        if how == "odd section":
            data[section] = draw(_ODD)
        elif how == "odd record" or not isinstance(record, dict) or not record:
            records[index] = draw(_ODD)
        elif how == "repeat":
            records.append(dict(record))
        elif how == "unknown":
            record["id" if section == "nodes" else "target"] = "unknown"
        elif how == "no field":
            del record[draw(st.sampled_from(sorted(record)))]
        else:
            record[draw(st.sampled_from(sorted(record)))] = draw(_ODD)
    return data


def _outcome(read: object, path: Path) -> nx.MultiDiGraph | str:
    """The graph ``read`` gives, or the problems it reports."""
    try:
        return read(path)
    except SchemaError as err:
        return str(err)


def _agree(path: Path) -> None:
    careful = _outcome(lambda where: import_graph(where, fmt="json"), path)
    for fast in (
        _outcome(store.read_node_link, path),
        _outcome(lambda where: load_backend(where).graph, path),
    ):
        if isinstance(careful, str):
            assert fast == careful
        else:
            _same_graph(fast, careful)


def _same_neighbour_order(fast: Adjacency, careful: Adjacency) -> None:
    """Both sides list each node's neighbours, and the edges to each, in the same order."""
    for mine, theirs in ((fast.out, careful.out), (fast.into, careful.into)):
        assert mine.starts.tolist() == theirs.starts.tolist()
        assert mine.others.tolist() == theirs.others.tolist()
        assert list(map(fast.relation, mine.edges.tolist())) == list(
            map(careful.relation, theirs.edges.tolist())
        )


@settings(max_examples=60, deadline=None)
@given(data=_clean_files())
def test_the_fast_path_takes_clean_files_and_gives_the_careful_readers_graph(data: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.json"
        path.write_text(json.dumps(data))
        _agree(path)
        fast = load_backend(path, cache_dir=Path(folder) / "cache")
        careful = import_graph(path, fmt="json")
        _same_neighbour_order(fast.adjacency, Adjacency.from_graph(careful))
        # Only files the fast path takes are cached.
        assert len(list((Path(folder) / "cache").glob("*.npz"))) == 1
        _first_view_agrees(path, careful)


def _first_view_agrees(path: Path, careful: nx.MultiDiGraph) -> None:
    """The opening view, counted from the columns, says what networkx says of the graph."""
    degrees = dict(careful.degree())
    for hubs in (0, 2, 10):
        summary = store.open_file(path).backend.summary(hubs=hubs)
        assert (summary.nodes, summary.edges) == (len(careful), careful.number_of_edges())
        best = sorted(careful, key=lambda node: (-degrees[node], node))[:hubs]
        labels = careful.nodes(data="label")
        assert summary.hubs == tuple((node, labels[node], degrees[node]) for node in best)
        types = Counter(kind for _, kind in careful.nodes(data="type"))
        assert sorted(summary.types) == sorted(types.items())


@settings(max_examples=120, deadline=None)
@given(data=_spoilt_files())
def test_a_faulty_file_loads_as_the_careful_reader_has_it(data: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.json"
        path.write_text(json.dumps(data))
        _agree(path)
