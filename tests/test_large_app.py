"""The app on an imported graph of 10,000 nodes: summary first, search, bounded views."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from graph.large_view import MAX_DRAWN, drawing_svg, neighbourhood_drawing
from graph.memory import MemoryBackend
from graph.store import read_node_link
from tests.harness import generated_graph, wait_until
from ui.text import escape_markdown

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture(scope="module")
def backend(big_file: Path) -> MemoryBackend:
    return MemoryBackend(read_node_link(big_file))


def _run(monkeypatch: pytest.MonkeyPatch, data: Path, params: dict | None = None) -> AppTest:
    monkeypatch.setenv("CRAMP_ATLAS_DATA", str(data))
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_opening_view_is_a_summary_with_a_search_box(
    monkeypatch: pytest.MonkeyPatch, big_file: Path, backend: MemoryBackend
) -> None:
    at = _run(monkeypatch, big_file)
    texts = " ".join(block.value for block in at.markdown)
    assert "10,000 nodes, 50,000 edges" in texts
    summary = backend.summary(hubs=10)
    top_type, top_count = summary.types[0]
    assert f"{top_type}: {top_count:,}" in texts
    hub_id, hub_label, hub_degree = summary.hubs[0]
    assert at.button(key=f"hub:{hub_id}").label == f"{hub_label}: {hub_degree:,} edges"
    assert at.sidebar.text_input(key="large_search") is not None
    assert not at.get("image")  # nothing drawn before a node is chosen


def test_search_then_choose_opens_the_node(
    monkeypatch: pytest.MonkeyPatch, big_file: Path, backend: MemoryBackend
) -> None:
    node_id = "n42"
    label = backend.graph.nodes[node_id]["label"]
    at = _run(monkeypatch, big_file)
    at.sidebar.text_input(key="large_search").input(label).run()
    at.button(key=f"hit:{node_id}").click().run()
    assert not at.exception
    assert at.query_params["node"] == node_id
    assert at.header[0].value == label
    said = " ".join(block.value for block in at.markdown)
    assert "from the data set g10k\\.json" in said
    assert len(at.get("image")) == 1


def test_a_hub_view_shows_at_most_2000_nodes_and_says_so(
    monkeypatch: pytest.MonkeyPatch, big_file: Path, backend: MemoryBackend
) -> None:
    hub_id = backend.summary(hubs=1).hubs[0][0]
    drawing = neighbourhood_drawing(backend, hub_id, depth=2)
    assert len(drawing.nodes) == MAX_DRAWN < drawing.found
    assert drawing.note == f"Showing 2,000 of {drawing.found:,}: narrow with filters."
    labelled = [node for node in drawing.nodes if node.has_label]
    assert 0 < len(labelled) < len(drawing.nodes)  # labels only where there is room
    assert drawing_svg(drawing).count("<circle") == MAX_DRAWN
    at = _run(monkeypatch, big_file, {"node": hub_id})
    at.radio(key="large_depth").set_value(2).run()
    assert [box.value for box in at.info] == [escape_markdown(drawing.note)]


def test_an_unknown_node_in_the_link_falls_back_to_the_summary(
    monkeypatch: pytest.MonkeyPatch, big_file: Path
) -> None:
    at = _run(monkeypatch, big_file, {"node": "<script>"})
    assert "No node has the id" in at.warning[0].value
    assert "<script>" not in at.warning[0].value


def test_a_broken_file_lists_its_problems(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"nodes": [{"id": "a", "type": "t"}, {"id": "a", "type": "t"}]}))
    at = _run(monkeypatch, path)
    assert "bad.json: nodes[1].id: duplicate node id 'a'" in at.code[0].value


def test_text_from_the_file_is_escaped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hostile = "<img src=x onerror=alert(1)> [go](javascript:alert(2))"
    path = tmp_path / "h.json"
    nodes = [
        {"id": "a", "label": hostile, "type": "<b>t</b>", "synonyms": [hostile]},
        {"id": "b", "label": "Plain", "type": "t"},
    ]
    edges = [{"source": "a", "target": "b", "relation": "r", "provenance": hostile}]
    path.write_text(json.dumps({"nodes": nodes, "edges": edges}))
    at = _run(monkeypatch, path, {"node": "b"})
    shown = [block.value for block in (*at.markdown, *at.caption, *at.header)]
    shown += [button.label for button in at.button]
    for text in shown:
        assert "<img" not in text.replace("\\<img", ""), text
        assert "](javascript" not in text.replace("\\]", ""), text
    assert any("from the data set" in text for text in shown)


def test_the_first_start_fills_the_cache_after_its_view_and_the_next_reads_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path, cache = tmp_path / "g1k.json", tmp_path / "cache"
    generated_graph(path, "--size", "1k")
    monkeypatch.setenv("CRAMP_ATLAS_CACHE", str(cache))
    first = _run(monkeypatch, path)
    wait_until(lambda: any(cache.glob("*.npz")), timeout=60, what="the cache file")
    st.cache_resource.clear()  # as a new server would start

    def _refuse(*_: object) -> None:
        raise AssertionError("parsed the file although the cache holds it")

    monkeypatch.setattr(msgspec.json, "Decoder", _refuse)
    second = _run(monkeypatch, path)
    assert [block.value for block in second.markdown] == [block.value for block in first.markdown]
    assert "1,000 nodes, 3,000 edges" in second.markdown[0].value
