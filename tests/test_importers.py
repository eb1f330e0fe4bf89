"""Importing graphs other tools wrote: round trips with our exports, and hostile files."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.cli import cli
from graph.errors import SchemaError
from graph.export import export_bytes
from graph.import_readers import load_mapping
from graph.importers import IMPORT_FORMATS, import_graph, read_imported, write_imported
from graph.schema import NODE_TYPES, RELATIONS, STRENGTHS
from tests.harness import generated_graph

# KGX keeps one strength per edge, not one per quote, so it compares without them.
_STRENGTH_KEPT = {"json": True, "graphml": True, "gexf": True, "csv": True, "kgx": False}


def _write(graph: nx.MultiDiGraph, fmt: str, folder: Path) -> Path:
    files = export_bytes(graph, fmt)
    target = folder / fmt
    if fmt in ("csv", "kgx"):
        target.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (target / name).write_bytes(content)
        return target
    target.write_bytes(next(iter(files.values())))
    return target


def _core(graph: nx.MultiDiGraph, *, strengths: bool) -> tuple:
    nodes = sorted(
        (node, attrs["label"], attrs["type"], tuple(attrs.get("synonyms", ())))
        for node, attrs in graph.nodes(data=True)
    )
    edges = sorted(
        (
            source,
            target,
            attrs["relation"],
            tuple(
                (prov["source"], prov["quote"], prov["strength"] if strengths else "")
                for prov in attrs["provenance"]
            ),
        )
        for source, target, attrs in graph.edges(data=True)
    )
    return nodes, edges


@pytest.mark.parametrize("fmt", IMPORT_FORMATS)
def test_the_seed_export_imports_back_the_same(
    fmt: str, seed_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    imported = import_graph(_write(seed_graph, fmt, tmp_path), fmt=fmt)
    strengths = _STRENGTH_KEPT[fmt]
    assert _core(imported, strengths=strengths) == _core(seed_graph, strengths=strengths)


_WORDS = (
    st.text(
        alphabet=st.characters(
            categories=("L", "N"), include_characters=" '\"<>&,.!?-é", exclude_characters="\x00"
        ),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(bool)
)
_SLUGS = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?", fullmatch=True)


@st.composite
def _graphs(draw: st.DrawFn) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for node_id in draw(st.lists(_SLUGS, min_size=1, max_size=8, unique=True)):
        graph.add_node(
            node_id,
            label=draw(_WORDS),
            type=draw(st.sampled_from(sorted(NODE_TYPES))),
            synonyms=tuple(draw(st.lists(_WORDS, max_size=3, unique=True))),
        )
    nodes = sorted(graph)
    for _ in range(draw(st.integers(0, 10))):
        relation = draw(st.sampled_from(sorted(RELATIONS)))
        source, target = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
        if graph.has_edge(source, target, key=relation):
            continue
        provenance = tuple(
            {"source": draw(_SLUGS), "quote": draw(_WORDS), "strength": strength}
            for strength in draw(
                st.lists(st.sampled_from(sorted(STRENGTHS)), min_size=1, max_size=2)
            )
        )
        graph.add_edge(source, target, key=relation, relation=relation, provenance=provenance)
    return graph


@pytest.mark.parametrize("fmt", IMPORT_FORMATS)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(graph=_graphs())
def test_any_exported_graph_imports_back_the_same(
    fmt: str, graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("round")
    imported = import_graph(_write(graph, fmt, folder), fmt=fmt)
    strengths = _STRENGTH_KEPT[fmt]
    assert _core(imported, strengths=strengths) == _core(graph, strengths=strengths)


def test_written_graph_reads_back(seed_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    imported = import_graph(_write(seed_graph, "json", tmp_path), fmt="json")
    again = read_imported(write_imported(imported, tmp_path / "out"))
    assert _core(again, strengths=True) == _core(imported, strengths=True)


def test_edges_without_quotes_carry_the_dataset(tmp_path: Path) -> None:
    folder = tmp_path / "kg"
    folder.mkdir()
    (folder / "nodes.tsv").write_text(
        "id\tname\tcategory\nX:1\tOne\tbiolink:Gene\nX:2\tTwo\tbiolink:Gene\n"
    )
    (folder / "edges.tsv").write_text(
        "subject\tpredicate\tobject\tprimary_knowledge_source\nX:1\tbiolink:interacts_with\tX:2\tinfores:hetio\n"
    )
    mapping = tmp_path / "map.yaml"
    mapping.write_text("provenance: primary_knowledge_source\n")
    graph = import_graph(folder, fmt="kgx", mapping=load_mapping(mapping, "kgx"))
    (attrs,) = [attrs for _, _, attrs in graph.edges(data=True)]
    assert attrs == {
        "relation": "biolink:interacts_with",
        "provenance": ({"dataset": "infores:hetio"},),
    }
    assert graph.nodes["X:1"] == {"label": "One", "type": "biolink:Gene", "synonyms": ()}
    plain = import_graph(folder, fmt="kgx")
    assert next(iter(plain.edges(data=True)))[2]["provenance"] == ({"dataset": "kg"},)


def test_the_mapping_names_columns(tmp_path: Path) -> None:
    folder = tmp_path / "neo"
    folder.mkdir()
    (folder / "nodes.csv").write_text(
        "uid:ID,name,kind,aka:string[]\na,Alpha,food,al;alf\nb,Beta,food,\n"
    )
    (folder / "edges.csv").write_text(":START_ID,:END_ID,:TYPE,ds\na,b,LINKS,drugbank\n")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("id: uid\nlabel: name\ntype: kind\nsynonyms: aka\nprovenance: ds\n")
    graph = import_graph(folder, fmt="csv", mapping=load_mapping(mapping, "csv"))
    assert graph.nodes["a"] == {"label": "Alpha", "type": "food", "synonyms": ("al", "alf")}
    assert list(graph.edges(data=True)) == [
        ("a", "b", {"relation": "links", "provenance": ({"dataset": "drugbank"},)})
    ]


def test_an_unknown_mapping_field_names_its_line(tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("label: name\nlabell: other\n")
    with pytest.raises(SchemaError) as caught:
        load_mapping(mapping, "json")
    assert str(caught.value.problems[0]).startswith("map.yaml:2: labell: unknown field")


# --- hostile files ----------------------------------------------------------------------------

_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE graphml [
 <!ENTITY a "lol">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<graphml><graph><node id="n"><data key="label">&d;</data></node></graph></graphml>
"""
_EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE gexf [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<gexf><graph><nodes><node id="n" label="&secret;"/></nodes></graph></gexf>
"""


def _run_import(path: Path, fmt: str, tmp_path: Path, *extra: str):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["import", str(path), "--format", fmt, "--output", str(out), *extra]
    )
    return result, out


@pytest.mark.parametrize(("fmt", "text"), [("graphml", _LAUGHS), ("gexf", _EXTERNAL)])
def test_entity_tricks_are_refused(fmt: str, text: str, tmp_path: Path) -> None:
    path = tmp_path / f"evil.{fmt}"
    path.write_text(text)
    result, out = _run_import(path, fmt, tmp_path)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"evil.{fmt}: refused unsafe XML")
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output and "root:" not in result.output
    assert not out.exists()


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as stream:  # sparse: 201 MiB of size, no bytes on disk
        stream.truncate(201 * 2**20)
    result, _ = _run_import(path, "json", tmp_path)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("huge.json: 210,763,776 bytes is over the 209,715,200")
    assert os.stat(path).st_blocks < 100


def test_dangling_ends_and_duplicates_name_their_rows(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "nodes.csv").write_text("id:ID,label,type\na,A,food\nb,B,food\na,A again,food\n")
    (folder / "edges.csv").write_text(":START_ID,:END_ID,:TYPE\na,b,RICH_IN\na,zz,RICH_IN\n")
    result, _ = _run_import(folder, "csv", tmp_path)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        "csv/edges.csv:3: row.:END_ID: unknown node 'zz' (dangling edge end)",
        "csv/nodes.csv:4: row.id: duplicate node id 'a' (first at csv/nodes.csv:2)",
    ]


@pytest.mark.parametrize(
    "read",
    [partial(import_graph, fmt="json"), read_imported],
    ids=["careful reader", "fast reader"],
)
@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            '{"nodes": [{"id": "a", "type": "t"}, {"id": "b"}],'
            ' "edges": [{"source": "a", "target": "q", "relation": "r"}]}',
            [
                "g.json: edges[0].target: unknown node 'q' (dangling edge end)",
                "g.json: nodes[1].type: node 'b' has no type (map one with type:)",
            ],
        ),
        (
            '{"nodes": [{"id": "a", "type": "t"}, {"id": "a", "type": "t"}],'
            ' "edges": [{"source": "a", "target": "b", "relation": "r"}]}',
            [
                "g.json: edges[0].target: unknown node 'b' (dangling edge end)",
                "g.json: nodes[1].id: duplicate node id 'a' (first at nodes[0])",
            ],
        ),
    ],
    ids=["untyped node", "duplicate id"],
)
def test_json_problems_name_their_element(
    tmp_path: Path, read: Callable[[Path], object], text: str, problems: list[str]
) -> None:
    path = tmp_path / "g.json"
    path.write_text(text)
    with pytest.raises(SchemaError) as caught:
        read(path)
    assert [str(problem) for problem in caught.value.problems] == problems


def test_broken_json_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    path.write_text('{"nodes": [\n{"id": "a",,}]}')
    result, _ = _run_import(path, "json", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("g.json:2: not JSON")


def test_jsonl_lines_are_named(tmp_path: Path) -> None:
    folder = tmp_path / "kg"
    folder.mkdir()
    (folder / "nodes.jsonl").write_text('{"id": "a", "category": ["biolink:Gene"]}\n[1]\n')
    (folder / "edges.jsonl").write_text('{"subject": "a", "object": "a", "predicate": "p"}\n')
    with pytest.raises(SchemaError) as caught:
        import_graph(folder, fmt="kgx")
    assert [str(problem) for problem in caught.value.problems] == [
        "kg/nodes.jsonl:2: expected a JSON object"
    ]


def test_import_command_writes_the_graph(seed_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    result, out = _run_import(_write(seed_graph, "graphml", tmp_path), "graphml", tmp_path)
    assert result.exit_code == 0, result.output
    nodes, edges = seed_graph.number_of_nodes(), seed_graph.number_of_edges()
    assert result.stdout.startswith(f"Imported {nodes} nodes and {edges} edges into")
    assert read_imported(out / "graph.json").number_of_edges() == edges


def test_a_broken_mapping_names_its_line(tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("label: name\ntype: [kind\n")
    with pytest.raises(SchemaError) as caught:
        load_mapping(mapping, "json")
    # The line the unclosed list starts on, as the YAML loader says it for data files.
    assert str(caught.value.problems[0]).startswith(
        "map.yaml:2: invalid YAML: the [list] that starts here is never closed"
    )


def test_the_fast_reader_gives_the_careful_readers_graph(tmp_path: Path) -> None:

    path = tmp_path / "g.json"
    generated_graph(path, "--nodes", "300", "--edges", "900")
    fast, careful = read_imported(path), import_graph(path, fmt="json")
    assert fast.graph == careful.graph
    assert list(fast.nodes(data=True)) == list(careful.nodes(data=True))
    assert list(fast.edges(keys=True, data=True)) == list(careful.edges(keys=True, data=True))
