"""The query commands over an imported node-link file (``--data graph.json``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from graph import large, store
from graph.cli import cli
from graph.paths import PATH_NOTE

_QUOTE = {"source": "nhs", "quote": "Almonds hold <b>magnesium</b>.", "strength": "stated"}


@pytest.fixture
def small_file(tmp_path: Path) -> Path:
    """Three nodes; one edge quoted, one with no provenance (so its data set), one named."""
    path = tmp_path / "tiny.json"
    nodes = [
        {"id": "al", "label": "Almonds", "type": "food", "synonyms": ["almond"]},
        {"id": "mg", "label": "Magnesium", "type": "nutrient", "synonyms": ["Mg"]},
        {"id": "cr", "label": "Cramp", "type": "condition", "synonyms": []},
    ]
    edges = [
        {"source": "al", "target": "mg", "relation": "rich_in", "provenance": [_QUOTE]},
        {"source": "mg", "target": "cr", "relation": "prevents"},
        {"source": "cr", "target": "cr", "relation": "recurs", "provenance": "hetionet"},
    ]
    path.write_text(json.dumps({"nodes": nodes, "edges": edges}))
    return path


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_show_says_the_data_set_of_an_edge_without_a_quote(small_file: Path) -> None:
    result = _run("show", "magnesum", "--data", str(small_file))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Magnesium  (nutrient, id: mg)"
    assert "  Magnesium prevents Cramp" in lines
    assert lines[lines.index("  Magnesium prevents Cramp") + 1] == "    from the data set tiny.json"
    assert "  Almonds rich in Magnesium" in lines
    quoted = lines[lines.index("  Almonds rich in Magnesium") + 1]
    assert quoted == "    \u201cAlmonds hold <b>magnesium</b>.\u201d (stated, nhs)"


def test_show_counts_a_loop_once(small_file: Path) -> None:
    result = _run("show", "cr", "--data", str(small_file), "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["edge_count"] == 2
    loop = [edge for edge in record["edges"] if edge["relation"] == "recurs"]
    assert loop == [
        {
            "subject": "cr",
            "relation": "recurs",
            "object": "cr",
            "provenance": [{"dataset": "hetionet"}],
        }
    ]


def test_search_finds_by_synonym_and_exits_1_on_nothing(small_file: Path) -> None:
    found = _run("search", "almond", "--data", str(small_file), "--json")
    assert found.exit_code == 0, found.output
    assert [hit["id"] for hit in json.loads(found.stdout)][:1] == ["al"]
    assert json.loads(found.stdout)[0]["type"] == "food"
    missing = _run("search", "zzzzzz", "--data", str(small_file))
    assert missing.exit_code == 1
    assert "no node matches 'zzzzzz'" in missing.output


def test_path_narrates_each_step_with_its_provenance(small_file: Path) -> None:
    result = _run("path", "Almonds", "Cramp", "--data", str(small_file))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Almonds -rich in-> Magnesium -prevents-> Cramp",
        PATH_NOTE,
        "  1. Almonds rich in Magnesium",
        "       \u201cAlmonds hold <b>magnesium</b>.\u201d (stated, nhs)",
        "  2. Magnesium prevents Cramp",
        "       from the data set tiny.json",
    ]


def test_a_path_walked_against_its_links_says_which_way_each_runs(small_file: Path) -> None:
    result = _run("path", "Cramp", "Almonds", "--data", str(small_file))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "Cramp <-prevents- Magnesium <-rich in- Almonds",
        PATH_NOTE,
    ]


def test_neighbors_lists_the_nodes_around(small_file: Path) -> None:
    result = _run("neighbors", "mg", "--data", str(small_file), "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert [node["id"] for node in record["nodes"]] == ["al", "cr", "mg"]
    assert record["truncated"] is False


def test_a_broken_file_names_the_place_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"nodes": [{"id": "a", "type": "t"}], "edges": [{"source": "a"}]}')
    result = _run("show", "a", "--data", str(path))
    assert result.exit_code == 2
    assert "bad.json: edges[0].target:" in result.output
    assert "Traceback" not in result.output


def test_an_unknown_name_exits_2(small_file: Path) -> None:
    result = _run("show", "qqqqqqqq", "--data", str(small_file))
    assert result.exit_code == 2
    assert "no node matches 'qqqqqqqq'" in result.output


def test_the_cache_folder_the_user_names_is_filled_by_content(
    small_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("CRAMP_ATLAS_CACHE", str(cache))
    assert _run("show", "mg", "--data", str(small_file)).exit_code == 0
    (first,) = cache.glob("*.npz")
    again = _run("show", "mg", "--data", str(small_file))
    assert again.exit_code == 0 and list(cache.glob("*.npz")) == [first]
    small_file.write_text(small_file.read_text().replace("Magnesium", "Magnesium salt"))
    changed = _run("show", "mg", "--data", str(small_file))
    assert changed.stdout.startswith("Magnesium salt  (nutrient, id: mg)")
    assert len(list(cache.glob("*.npz"))) == 2


def test_an_import_fills_the_cache_so_the_first_start_reads_it(
    small_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(large, "LARGE_FILE_BYTES", 1)  # cache even this small file
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CRAMP_ATLAS_CACHE", raising=False)
    result = _run("import", str(small_file), "--format", "json", "--output", str(tmp_path / "i"))
    assert result.exit_code == 0, result.output
    cache = tmp_path / "xdg" / "cramp-atlas"
    assert len(list(cache.glob("*.npz"))) == 1
    opened = store.open_file(tmp_path / "i" / "graph.json", cache_dir=cache)
    assert opened.cache_file is None  # read from the cache, not the file
    assert opened.backend.node("mg").label == "Magnesium"
    monkeypatch.setenv("CRAMP_ATLAS_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg2"))
    again = _run("import", str(small_file), "--format", "json", "--output", str(tmp_path / "j"))
    assert again.exit_code == 0, again.output
    assert not (tmp_path / "xdg2").exists()  # off writes no cache anywhere


def test_large_files_are_cached_by_default_under_the_users_cache(
    small_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(large, "LARGE_FILE_BYTES", small_file.stat().st_size)
    environ = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    assert large.choose_cache_dir(small_file, None, environ) == tmp_path / "xdg" / "cramp-atlas"
    assert large.choose_cache_dir(small_file, "off", environ) is None
    monkeypatch.setattr(large, "LARGE_FILE_BYTES", small_file.stat().st_size + 1)
    assert large.choose_cache_dir(small_file, "", environ) is None  # small: no cache


@pytest.mark.parametrize("command", ["search", "show", "neighbors"])
def test_an_installed_copy_without_data_answers_from_db_and_asks_for_data_otherwise(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed package has no data/ folder: --db needs none, anything else says so."""
    [data] = [p for p in cli.commands[command].params if p.name == "data_dir"]
    monkeypatch.setattr(data, "default", tmp_path / "not-installed" / "data")
    runner = CliRunner()
    asked = runner.invoke(cli, [command, "almonds"])
    assert asked.exit_code == 2
    assert "no default knowledge base here" in asked.output and "--data" in asked.output
    served = runner.invoke(cli, [command, "almonds", "--db", "redis://127.0.0.1:9"])
    assert "no default knowledge base" not in served.output
    assert "FalkorDB at redis://127.0.0.1:9" in served.output, served.output
    assert served.exit_code == 2


def test_neighbors_narrows_by_type_and_relation_on_an_imported_graph(small_file: Path) -> None:
    run = CliRunner().invoke
    typed = run(cli, ["neighbors", "Magnesium", "--type", "food", "--data", str(small_file)])
    assert typed.exit_code == 0, typed.output
    assert "Almonds" in typed.output and "Cramp" not in typed.output
    walk = ["--depth", "2", "--relation", "rich_in", "--data", str(small_file)]
    walked = run(cli, ["neighbors", "Almonds", *walk])
    assert walked.exit_code == 0, walked.output
    assert "Magnesium" in walked.output and "Cramp" not in walked.output


@pytest.fixture(scope="module")
def seed_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The curated seed exported as node-link JSON."""
    path = tmp_path_factory.mktemp("seed") / "seed.json"
    result = _run("export", "--format", "json", "--output", str(path))
    assert result.exit_code == 0, result.output
    return path


# --- 11. the same data answers the same search, on a folder or in a file -----------------------


# Not "magnesium" or "night": the folder's narrower and related terms ("magnesium
# supplement", "night") are not carried by an export's import (see the report).
@pytest.mark.parametrize("text", ["cramp", "charley horse", "almnd", "calf-cramp", "vitamin d"])
def test_search_on_an_export_finds_what_search_on_the_folder_finds(
    seed_json: Path, text: str
) -> None:
    folder = _run("search", text, "--json", "--limit", "20")
    exported = _run("search", text, "--json", "--limit", "20", "--data", str(seed_json))
    assert folder.exit_code == exported.exit_code == 0, folder.output + exported.output
    found = [hit["id"] for hit in json.loads(folder.output)]
    assert [hit["id"] for hit in json.loads(exported.output)] == found


def test_an_exact_id_is_found_even_when_the_label_differs(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"nodes": [{"id": "a", "label": "<b>x</b>", "type": "food"}]}))
    result = _run("search", "a", "--json", "--data", str(path))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {
            "id": "a",
            "label": "<b>x</b>",
            "type": "food",
            "matched": "a",
            "kind": "id",
            "score": 100.0,
        }
    ]


_WORD = st.text(st.sampled_from("abcde"), min_size=3, max_size=6)


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(st.lists(_WORD, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=12),
    # Words of three letters or more: the trigram prefilter of a large graph cannot see a
    # shorter word inside a longer one.
    text=st.lists(_WORD, min_size=1, max_size=2).map("-".join),
)
def test_the_backends_rank_a_search_as_the_curated_search(names: list[str], text: str) -> None:
    import networkx as nx

    from graph.index import grams
    from graph.memory import MemoryBackend
    from graph.query import search

    graph = nx.MultiDiGraph()
    for index, name in enumerate(names):
        synonyms = (names[index - 1],) if index % 2 else ()
        graph.add_node(f"n{index}", label=name, type="t", synonyms=synonyms)
    # A large graph scores the nodes that share a trigram with the text (its prefilter);
    # those it ranks exactly as the curated search does, names, kinds and scores alike.
    seen = {
        node_id
        for node_id, attrs in graph.nodes(data=True)
        if any(grams(name) & grams(text) for name in (attrs["label"], *attrs["synonyms"]))
    }
    curated = [
        (m.node_id, m.matched, m.kind, m.score)
        for m in search(graph, text, limit=20)
        if m.node_id in seen
    ]
    hits = MemoryBackend(graph).search(text, limit=20)
    assert [(h.node_id, h.matched, h.kind, h.score) for h in hits] == curated
