"""Tests of ``graph.export``: determinism, round trips, and escaping of hostile text."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph import AtlasError, build_graph, load_knowledge_base
from graph.export import (
    CSV_ARRAY_DELIMITER,
    FORMATS,
    export_bytes,
    graph_to_node_link,
    node_link_to_graph,
    read_graphml,
    write_export,
)
from graph.schema import (
    NODE_TYPES,
    RELATIONS,
    STRENGTHS,
    Edge,
    Identifiers,
    KnowledgeBase,
    Node,
    Provenance,
    Source,
)

HOSTILE_QUOTE = "'}) DETACH DELETE n //"
HOSTILE_TEXT = 'He said "stop", \\ then \\\' left;\nnext, line\r\nend \x00 \x1b \u2028 tab\there'


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def atlas_kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture(scope="module")
def atlas_graph(atlas_kb: KnowledgeBase) -> nx.MultiDiGraph:
    return build_graph(atlas_kb)


@pytest.fixture(scope="module")
def atlas_views(atlas_graph: nx.MultiDiGraph) -> dict[str, nx.MultiDiGraph]:
    near_magnesium = {"magnesium", *atlas_graph.predecessors("magnesium")}
    return {
        "subgraph": atlas_graph.subgraph(near_magnesium),
        "subgraph_view": nx.subgraph_view(
            atlas_graph,
            filter_node=lambda node_id: atlas_graph.nodes[node_id]["type"] != "context",
            filter_edge=lambda source, target, key: key != "associated_with",
        ),
    }


@pytest.fixture(scope="module")
def hostile_graph() -> nx.MultiDiGraph:
    source = Source(
        id="hostile-source",
        title=HOSTILE_QUOTE,
        file="hostile.txt",
        kind="test",
        language="en",
        note=HOSTILE_TEXT,
    )
    nodes = (
        Node(
            id="bad-food",
            label=HOSTILE_QUOTE,
            type="food",
            description=HOSTILE_TEXT,
            synonyms=(HOSTILE_QUOTE, "semi;colon", "comma, quote \" and 'apostrophe'"),
            plural=True,
            identifiers=Identifiers(mesh="D008274", wikidata="Q660"),
        ),
        Node(id="bad-nutrient", label="Back\\slash", type="nutrient", description="line\nbreak"),
    )
    edges = (
        Edge(
            subject="bad-food",
            relation="rich_in",
            object="bad-nutrient",
            provenance=(
                Provenance(source="hostile-source", quote=HOSTILE_QUOTE, strength="states"),
                Provenance(source="hostile-source", quote=HOSTILE_TEXT, strength="anecdotal"),
            ),
        ),
    )
    return build_graph(KnowledgeBase(sources=(source,), nodes=nodes, edges=edges))


# --- helpers --------------------------------------------------------------------------------


def _edges(graph: nx.MultiDiGraph) -> dict[tuple, dict]:
    return {
        (source, target, key): attrs
        for source, target, key, attrs in graph.edges(keys=True, data=True)
    }


def _assert_same_graph(read: nx.MultiDiGraph, original: nx.MultiDiGraph) -> None:
    assert dict(read.nodes(data=True)) == dict(original.nodes(data=True))
    assert _edges(read) == _edges(original)
    assert read.graph == original.graph


def _as_lists(value):
    if isinstance(value, tuple | list):
        return [_as_lists(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_lists(item) for key, item in value.items()}
    return value


def _only_file(files: dict[str, bytes]) -> bytes:
    [content] = files.values()
    return content


_CYPHER_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b"}


def _split_cypher(script: str) -> tuple[str, list[str]]:
    """Return the script with each string literal replaced by ``''``, and the literals decoded.

    Fails on an unterminated literal, an unknown escape or a raw newline in a literal: any
    of those would let text out of its string.
    """
    skeleton: list[str] = []
    literals: list[str] = []
    index = 0
    while index < len(script):
        char = script[index]
        index += 1
        if char != "'":
            skeleton.append(char)
            continue
        value: list[str] = []
        while True:
            assert index < len(script), "unterminated string literal"
            char = script[index]
            if char == "'":
                index += 1
                break
            assert char not in "\r\n", "raw line break inside a string literal"
            if char == "\\":
                escape = script[index + 1]
                if escape == "u":
                    digits = script[index + 2 : index + 6]
                    assert re.fullmatch("[0-9a-fA-F]{4}", digits), f"bad escape \\u{digits}"
                    value.append(chr(int(digits, 16)))
                    index += 6
                    continue
                assert escape in _CYPHER_ESCAPES, f"bad escape \\{escape}"
                value.append(_CYPHER_ESCAPES[escape])
                index += 2
                continue
            value.append(char)
            index += 1
        skeleton.append("''")
        literals.append("".join(value))
    return "".join(skeleton), literals


_VALUE = r"(?:''|true|false|\[(?:''(?:, '')*)?\])"
_MAP = rf"\{{(?:[a-z]+: {_VALUE}(?:, [a-z]+: {_VALUE})*)?\}}"
_CYPHER_STATEMENTS = (
    re.compile(r"// [^']*"),
    re.compile(r"CREATE CONSTRAINT \w+ IF NOT EXISTS FOR \(n:Concept\) REQUIRE n\.id IS UNIQUE;"),
    re.compile(rf"MERGE \(n:Concept \{{id: ''\}}\) SET n:[A-Z][A-Za-z]*, n \+= {_MAP};"),
    re.compile(
        r"MATCH \(s:Concept \{id: ''\}\), \(o:Concept \{id: ''\}\)"
        rf" MERGE \(s\)-\[r:[A-Z_]+\]->\(o\) SET r \+= {_MAP};"
    ),
)


def _read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


# --- hypothesis: random small knowledge bases through the real schema -----------------------

_slugs = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
_texts = st.text(min_size=1, max_size=20).filter(lambda text: text.strip())
_identifiers = st.builds(
    Identifiers,
    mesh=st.none() | st.from_regex(r"D[0-9]{6}", fullmatch=True),
    umls=st.none() | st.from_regex(r"C[0-9]{7}", fullmatch=True),
    wikidata=st.none() | st.from_regex(r"Q[1-9][0-9]{0,5}", fullmatch=True),
)


@st.composite
def _knowledge_bases(draw: st.DrawFn) -> KnowledgeBase:
    source_ids = draw(st.lists(_slugs, min_size=1, max_size=2, unique=True))
    sources = tuple(
        Source(
            id=source_id,
            title=draw(_texts),
            file=f"{source_id}.txt",
            kind=draw(_texts),
            language="en",
            note=draw(_texts),
        )
        for source_id in source_ids
    )
    node_ids = draw(st.lists(_slugs, min_size=1, max_size=6, unique=True))
    nodes = tuple(
        Node(
            id=node_id,
            label=draw(_texts),
            type=draw(st.sampled_from(sorted(NODE_TYPES))),
            description=draw(_texts),
            synonyms=tuple(draw(st.lists(_texts, max_size=3))),
            plural=draw(st.booleans()),
            identifiers=draw(_identifiers),
        )
        for node_id in node_ids
    )
    claims = [
        (subject.id, relation.name, obj.id)
        for subject in nodes
        for relation in RELATIONS.values()
        for obj in nodes
        if subject.type in relation.subject_types and obj.type in relation.object_types
    ]
    chosen = draw(st.lists(st.sampled_from(claims), unique=True, max_size=8)) if claims else []
    provenance = st.builds(
        Provenance,
        source=st.sampled_from(source_ids),
        quote=_texts,
        strength=st.sampled_from(sorted(STRENGTHS)),
    )
    edges = tuple(
        Edge(
            subject=subject,
            relation=relation,
            object=obj,
            provenance=tuple(draw(st.lists(provenance, min_size=1, max_size=3))),
        )
        for subject, relation, obj in chosen
    )
    return KnowledgeBase(sources=sources, nodes=nodes, edges=edges)


_random_graphs = _knowledge_bases().map(build_graph)


# --- the registry ---------------------------------------------------------------------------


def test_formats_names_every_format_with_a_description():
    assert set(FORMATS) == {"json", "graphml", "gexf", "csv", "cypher"}
    assert all(description.strip() for description in FORMATS.values())


def test_unknown_format_raises_atlas_error_listing_formats(atlas_graph):
    with pytest.raises(AtlasError, match=r"unknown export format 'xlsx' \(expected one of: json"):
        export_bytes(atlas_graph, "xlsx")


def test_export_bytes_names_files_after_the_format(atlas_graph):
    names = {fmt: list(export_bytes(atlas_graph, fmt)) for fmt in FORMATS}
    assert names == {
        "json": ["cramp-atlas.json"],
        "graphml": ["cramp-atlas.graphml"],
        "gexf": ["cramp-atlas.gexf"],
        "csv": ["nodes.csv", "edges.csv"],
        "cypher": ["cramp-atlas.cypher"],
    }


# --- determinism ----------------------------------------------------------------------------


def _written(graph: nx.MultiDiGraph, fmt: str, folder: Path) -> dict[str, bytes]:
    name = "out" if fmt == "csv" else f"out.{fmt}"
    return {path.name: path.read_bytes() for path in write_export(graph, fmt, folder / name)}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_written_twice_is_identical(atlas_graph, fmt, tmp_path):
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    first = _written(atlas_graph, fmt, tmp_path / "first")
    second = _written(atlas_graph, fmt, tmp_path / "second")
    assert first == second
    assert list(first.values()) == list(export_bytes(atlas_graph, fmt).values())


@pytest.mark.parametrize("view", ["subgraph", "subgraph_view"])
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_of_a_view_written_twice_is_identical(atlas_views, fmt, view):
    graph = atlas_views[view]
    assert export_bytes(graph, fmt) == export_bytes(graph, fmt)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_of_data_loaded_twice_is_identical(atlas_graph, fmt):
    again = build_graph(load_knowledge_base())
    assert export_bytes(again, fmt) == export_bytes(atlas_graph, fmt)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_does_not_depend_on_record_order(atlas_kb, atlas_graph, fmt):
    shuffled = KnowledgeBase(
        sources=atlas_kb.sources,
        nodes=tuple(reversed(atlas_kb.nodes)),
        edges=tuple(reversed(atlas_kb.edges)),
    )
    assert export_bytes(build_graph(shuffled), fmt) == export_bytes(atlas_graph, fmt)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_uses_unix_newlines_and_ends_with_one(atlas_graph, fmt):
    for content in export_bytes(atlas_graph, fmt).values():
        assert b"\r" not in content
        assert content.endswith(b"\n")
        assert not content.endswith(b"\n\n")


def test_gexf_does_not_depend_on_the_date(atlas_graph, monkeypatch):
    today = export_bytes(atlas_graph, "gexf")
    monkeypatch.setattr(time, "strftime", lambda *args, **kwargs: "1999-12-31")
    assert export_bytes(atlas_graph, "gexf") == today
    assert b"lastmodifieddate" not in _only_file(today)
    assert nx.__version__.encode() not in _only_file(today)


# --- node-link JSON -------------------------------------------------------------------------


def test_node_link_json_round_trip_restores_the_seed_graph(atlas_graph):
    data = json.loads(export_bytes(atlas_graph, "json")["cramp-atlas.json"])
    _assert_same_graph(node_link_to_graph(data), atlas_graph)


def test_node_link_reader_restores_tuples(atlas_graph):
    read = node_link_to_graph(graph_to_node_link(atlas_graph))
    assert isinstance(read.nodes["almonds"]["synonyms"], tuple)
    assert isinstance(read.edges["almonds", "magnesium", "rich_in"]["provenance"], tuple)


def test_node_link_reader_returns_a_frozen_graph(atlas_graph):
    assert nx.is_frozen(node_link_to_graph(graph_to_node_link(atlas_graph)))


def test_node_link_json_reads_with_plain_networkx(atlas_graph):
    data = json.loads(export_bytes(atlas_graph, "json")["cramp-atlas.json"])
    read = nx.node_link_graph(data, edges="edges")
    assert read.is_directed() and read.is_multigraph()
    assert _as_lists(dict(read.nodes(data=True))) == _as_lists(dict(atlas_graph.nodes(data=True)))
    assert _as_lists(_edges(read)) == _as_lists(_edges(atlas_graph))


def test_node_link_json_lists_nodes_with_their_fields(atlas_graph):
    data = json.loads(export_bytes(atlas_graph, "json")["cramp-atlas.json"])
    assert [node["id"] for node in data["nodes"]] == sorted(atlas_graph)
    assert set(data["nodes"][0]) == {
        "id",
        "label",
        "type",
        "description",
        "synonyms",
        "plural",
        "identifiers",
    }
    assert set(data["edges"][0]) == {
        "source",
        "target",
        "key",
        "relation",
        "strength",
        "provenance",
    }


def test_node_link_reader_rejects_undirected_data():
    with pytest.raises(AtlasError, match="directed multigraph"):
        node_link_to_graph({"directed": False, "multigraph": True, "nodes": [], "edges": []})


@settings(max_examples=60, deadline=None)
@given(graph=_random_graphs)
def test_node_link_json_round_trip_on_random_graphs(graph):
    data = json.loads(export_bytes(graph, "json")["cramp-atlas.json"])
    _assert_same_graph(node_link_to_graph(data), graph)


# --- GraphML --------------------------------------------------------------------------------


def test_graphml_round_trip_restores_the_seed_graph(atlas_graph, tmp_path):
    [path] = write_export(atlas_graph, "graphml", tmp_path / "atlas.graphml")
    _assert_same_graph(read_graphml(path), atlas_graph)


def test_graphml_round_trip_keeps_text_xml_cannot_hold(hostile_graph):
    content = export_bytes(hostile_graph, "graphml")["cramp-atlas.graphml"]
    _assert_same_graph(read_graphml(content), hostile_graph)


def test_graphml_has_readable_columns_for_cytoscape(atlas_graph):
    content = export_bytes(atlas_graph, "graphml")["cramp-atlas.graphml"]
    read = nx.read_graphml(io.BytesIO(content), force_multigraph=True)
    assert read.nodes["almonds"]["synonyms"] == "almond; sweet almond"
    assert read.nodes["almonds"]["label"] == "Almonds"
    [edge] = [
        attrs for _, target, attrs in read.out_edges("almonds", data=True) if target == "magnesium"
    ]
    assert (
        edge["quote"]
        == atlas_graph.edges["almonds", "magnesium", "rich_in"]["provenance"][0]["quote"]
    )
    assert edge["predicate"] == RELATIONS["rich_in"].biolink


def test_graphml_keeps_identifiers_as_columns(hostile_graph):
    content = export_bytes(hostile_graph, "graphml")["cramp-atlas.graphml"]
    read = nx.read_graphml(io.BytesIO(content), force_multigraph=True)
    assert read.nodes["bad-food"]["mesh"] == "D008274"
    assert read.nodes["bad-food"]["wikidata"] == "Q660"


def test_graphml_edge_ids_are_unique(atlas_graph):
    content = export_bytes(atlas_graph, "graphml")["cramp-atlas.graphml"]
    ids = re.findall(rb'<edge id="([^"]+)"', content)
    assert len(ids) == atlas_graph.number_of_edges() == len(set(ids))


def test_read_graphml_rejects_what_is_not_graphml():
    with pytest.raises(AtlasError, match="cannot read GraphML"):
        read_graphml(b"<not-closed")


@settings(max_examples=60, deadline=None)
@given(graph=_random_graphs)
def test_graphml_round_trip_on_random_graphs(graph):
    _assert_same_graph(read_graphml(export_bytes(graph, "graphml")["cramp-atlas.graphml"]), graph)


# --- GEXF -----------------------------------------------------------------------------------


def test_gexf_parses_with_the_same_counts(atlas_graph, tmp_path):
    [path] = write_export(atlas_graph, "gexf", tmp_path / "atlas.gexf")
    read = nx.read_gexf(path)
    assert read.number_of_nodes() == atlas_graph.number_of_nodes()
    assert read.number_of_edges() == atlas_graph.number_of_edges()


def test_gexf_of_a_view_parses_with_the_same_counts(atlas_views):
    view = atlas_views["subgraph_view"]
    read = nx.read_gexf(io.BytesIO(export_bytes(view, "gexf")["cramp-atlas.gexf"]))
    assert (read.number_of_nodes(), read.number_of_edges()) == (
        view.number_of_nodes(),
        view.number_of_edges(),
    )


def test_gexf_parses_with_hostile_text(hostile_graph):
    read = nx.read_gexf(io.BytesIO(export_bytes(hostile_graph, "gexf")["cramp-atlas.gexf"]))
    assert read.nodes["bad-food"]["label"] == HOSTILE_QUOTE
    assert json.loads(read.nodes["bad-food"]["description_json"]) == HOSTILE_TEXT


def test_gexf_colours_nodes_by_type(atlas_graph):
    read = nx.read_gexf(io.BytesIO(export_bytes(atlas_graph, "gexf")["cramp-atlas.gexf"]))
    colour = read.nodes["almonds"]["viz"]["color"]
    assert "#{r:02X}{g:02X}{b:02X}".format(**colour) == NODE_TYPES["food"].colour


# --- CSV for neo4j-admin --------------------------------------------------------------------


def test_csv_headers_follow_neo4j_admin_import(atlas_graph):
    files = export_bytes(atlas_graph, "csv")
    assert _read_csv(files["nodes.csv"])[0] == [
        "id:ID",
        "label",
        "type",
        "description",
        "synonyms:string[]",
        "plural:boolean",
        "mesh",
        "umls",
        "wikidata",
        ":LABEL",
    ]
    assert _read_csv(files["edges.csv"])[0] == [
        ":START_ID",
        ":END_ID",
        ":TYPE",
        "strength",
        "quotes:string[]",
        "sources:string[]",
        "strengths:string[]",
        "predicate",
    ]


def test_csv_has_one_row_per_node_and_edge(atlas_graph):
    files = export_bytes(atlas_graph, "csv")
    assert len(_read_csv(files["nodes.csv"])) == atlas_graph.number_of_nodes() + 1
    assert len(_read_csv(files["edges.csv"])) == atlas_graph.number_of_edges() + 1


def test_csv_uses_neo4j_labels_and_relationship_types(atlas_graph):
    files = export_bytes(atlas_graph, "csv")
    nodes = {row[0]: row for row in _read_csv(files["nodes.csv"])[1:]}
    edges = {(row[0], row[1], row[2]) for row in _read_csv(files["edges.csv"])[1:]}
    assert nodes["almonds"][-1] == "Food"
    assert ("almonds", "magnesium", "RICH_IN") in edges


def test_csv_value_with_commas_quotes_and_newlines_survives_csv_reader(hostile_graph):
    files = export_bytes(hostile_graph, "csv")
    [_, food, nutrient] = _read_csv(files["nodes.csv"])
    assert food[3] == HOSTILE_TEXT
    assert food[1] == HOSTILE_QUOTE
    assert nutrient[1] == "Back\\slash"
    [_, edge] = _read_csv(files["edges.csv"])
    assert edge[4].split(CSV_ARRAY_DELIMITER)[0] == HOSTILE_QUOTE


def test_csv_array_cells_split_into_the_original_items(hostile_graph):
    files = export_bytes(hostile_graph, "csv")
    [_, food, _] = _read_csv(files["nodes.csv"])
    synonyms = food[4].split(CSV_ARRAY_DELIMITER)
    assert len(synonyms) == len(hostile_graph.nodes["bad-food"]["synonyms"])
    assert synonyms[1] == "semi\uff1bcolon"
    [_, edge] = _read_csv(files["edges.csv"])
    assert edge[5].split(CSV_ARRAY_DELIMITER) == ["hostile-source", "hostile-source"]
    assert edge[6].split(CSV_ARRAY_DELIMITER) == ["states", "anecdotal"]


# --- Cypher ---------------------------------------------------------------------------------


def test_cypher_string_literals_are_well_formed_with_hostile_text(hostile_graph):
    script = export_bytes(hostile_graph, "cypher")["cramp-atlas.cypher"].decode("utf-8")
    _, literals = _split_cypher(script)
    assert HOSTILE_QUOTE in literals
    assert HOSTILE_TEXT in literals
    assert "Back\\slash" in literals
    assert "line\nbreak" in literals


def test_cypher_hostile_text_stays_out_of_the_statements(hostile_graph):
    script = export_bytes(hostile_graph, "cypher")["cramp-atlas.cypher"].decode("utf-8")
    skeleton, _ = _split_cypher(script)
    assert "DETACH" not in skeleton
    for line in skeleton.splitlines():
        assert any(pattern.fullmatch(line) for pattern in _CYPHER_STATEMENTS), line


def test_cypher_merges_every_node_before_any_relationship(atlas_graph):
    script = export_bytes(atlas_graph, "cypher")["cramp-atlas.cypher"].decode("utf-8")
    statements = [line.split(" ", 1)[0] for line in script.splitlines() if line[:2] != "//"]
    assert statements == (
        ["CREATE"]
        + ["MERGE"] * atlas_graph.number_of_nodes()
        + ["MATCH"] * atlas_graph.number_of_edges()
    )


def test_cypher_labels_and_types_come_from_the_vocabulary(atlas_graph):
    script = export_bytes(atlas_graph, "cypher")["cramp-atlas.cypher"].decode("utf-8")
    skeleton, _ = _split_cypher(script)
    labels = set(re.findall(r"SET n:(\w+)", skeleton))
    types = set(re.findall(r"\[r:(\w+)\]", skeleton))
    assert labels <= {node_type.label for node_type in NODE_TYPES.values()}
    assert types <= {name.upper() for name in RELATIONS}


@settings(max_examples=40, deadline=None)
@given(graph=_random_graphs)
def test_cypher_is_well_formed_on_random_graphs(graph):
    skeleton, _ = _split_cypher(export_bytes(graph, "cypher")["cramp-atlas.cypher"].decode())
    for line in skeleton.splitlines():
        assert any(pattern.fullmatch(line) for pattern in _CYPHER_STATEMENTS), line


# --- writing files --------------------------------------------------------------------------


def _tree(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def test_write_export_creates_the_csv_folder(atlas_graph, tmp_path):
    written = write_export(atlas_graph, "csv", tmp_path / "neo4j")
    assert written == [tmp_path / "neo4j" / "nodes.csv", tmp_path / "neo4j" / "edges.csv"]


def test_write_export_writes_only_at_the_output_path(atlas_graph, tmp_path):
    before = _tree(tmp_path)
    written = write_export(atlas_graph, "json", tmp_path / "atlas.json")
    assert _tree(tmp_path) - before == set(written) == {tmp_path / "atlas.json"}


def test_write_export_refuses_a_file_as_csv_folder(atlas_graph, tmp_path):
    (tmp_path / "taken").write_text("keep me")
    with pytest.raises(AtlasError, match="is a file, but csv export writes a folder"):
        write_export(atlas_graph, "csv", tmp_path / "taken")
    assert (tmp_path / "taken").read_text() == "keep me"


def test_write_export_refuses_a_folder_as_file(atlas_graph, tmp_path):
    with pytest.raises(AtlasError, match="is a folder; give a file name"):
        write_export(atlas_graph, "graphml", tmp_path)


def test_write_export_refuses_a_missing_parent_folder(atlas_graph, tmp_path):
    with pytest.raises(AtlasError, match="does not exist"):
        write_export(atlas_graph, "json", tmp_path / "missing" / "atlas.json")
    assert _tree(tmp_path) == set()


def test_write_export_refuses_an_unknown_format_before_writing(atlas_graph, tmp_path):
    with pytest.raises(AtlasError, match="unknown export format"):
        write_export(atlas_graph, "pdf", tmp_path / "atlas.pdf")
    assert _tree(tmp_path) == set()


def test_export_names_a_node_type_outside_the_vocabulary():
    graph = nx.MultiDiGraph()
    graph.add_node("x", label="X", type="mineral", description="d", synonyms=(), plural=False)
    with pytest.raises(AtlasError, match="node 'x': unknown node type 'mineral'"):
        export_bytes(graph, "cypher")
