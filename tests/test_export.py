"""Tests of ``graph.export``: determinism, round trips, and escaping of hostile text."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
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
    KGX_EDGE_COLUMNS,
    KGX_LIST_DELIMITER,
    KGX_NODE_COLUMNS,
    export_bytes,
    graph_to_node_link,
    graph_to_rdf,
    graphml_to_graph,
    node_link_to_graph,
    write_export,
)
from graph.schema import (
    EVIDENCE_TYPES,
    NODE_TYPES,
    RELATIONS,
    STRENGTHS,
    VERDICTS,
    Amount,
    Claim,
    Edge,
    Evidence,
    Identifiers,
    KnowledgeBase,
    Node,
    Provenance,
    Reference,
    Serving,
    Source,
)

ROOT = Path(__file__).resolve().parent.parent
HOSTILE_QUOTE = "'}) DETACH DELETE n //"
HOSTILE_TEXT = 'He said "stop", \\ then \\\' left;\nnext, line\r\nend \x00 \x1b \u2028 tab\there'


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def atlas_views(seed_graph: nx.MultiDiGraph) -> dict[str, nx.MultiDiGraph]:
    near_magnesium = {"magnesium", *seed_graph.predecessors("magnesium")}
    return {
        "subgraph": seed_graph.subgraph(near_magnesium),
        "subgraph_view": nx.subgraph_view(
            seed_graph,
            filter_node=lambda node_id: seed_graph.nodes[node_id]["type"] != "context",
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
            synonyms=(HOSTILE_QUOTE, "semi;colon", "comma, quote \" and 'apostrophe'", "pi|pe"),
            plural=True,
            identifiers=Identifiers(mesh="D008274", wikidata="Q660"),
            related_mesh=("D002118",),
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
            amounts=(
                Amount(
                    item=HOSTILE_TEXT,
                    usda_description=HOSTILE_QUOTE,
                    state="raw\tdry",
                    per_100g=12.5,
                    unit="mg",
                    ndb="01234",
                    source="hostile-ref",
                    serving=Serving(label="1 'cup'", grams=10, amount=1.25),
                ),
            ),
        ),
    )
    reference = Reference(
        key="hostile-ref",
        authors=(HOSTILE_QUOTE,),
        title=HOSTILE_TEXT,
        venue="Venue | with pipe",
        url="https://example.org/a?b=c&d='e'",
        evidence_type="review",
    )
    evidence = Evidence(
        id="hostile-evidence",
        claims=(Claim(subject="bad-food", relation="rich_in", object="bad-nutrient"),),
        verdict="possible harm",
        summary=HOSTILE_TEXT,
        citations=("hostile-ref",),
        facts_row="E9",
    )
    return build_graph(
        KnowledgeBase(
            sources=(source,),
            nodes=nodes,
            edges=edges,
            references=(reference,),
            evidence=(evidence,),
        )
    )


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
_MAP = rf"\{{(?:[a-z_]+: {_VALUE}(?:, [a-z_]+: {_VALUE})*)?\}}"
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


_amounts = st.builds(
    Amount,
    item=_texts,
    usda_description=_texts,
    state=st.none() | _texts,
    fortified=st.none() | st.booleans(),
    per_100g=st.floats(0, 5000, allow_nan=False),
    unit=st.sampled_from(["mg", "\u00b5g"]),
    ndb=st.from_regex(r"[0-9]{5}", fullmatch=True),
    fdc_id=st.none() | st.integers(1, 10**6),
    source=st.just("ref"),
    serving=st.none()
    | st.builds(
        Serving, label=_texts, grams=st.none() | st.floats(1, 500), amount=st.floats(0, 500)
    ),
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
            amounts=tuple(draw(st.lists(_amounts, max_size=2))) if relation == "rich_in" else (),
        )
        for subject, relation, obj in chosen
    )
    references = tuple(
        Reference(
            key=key,
            authors=tuple(draw(st.lists(_texts, max_size=2))),
            year=draw(st.none() | st.integers(1900, 2030)),
            title=draw(st.none() | _texts),
            venue=draw(_texts),
            doi=draw(st.none() | st.from_regex(r"10\.[0-9]{4}/[a-z0-9.]{1,8}", fullmatch=True)),
            evidence_type=draw(st.sampled_from(sorted(EVIDENCE_TYPES))),
            note=draw(st.just("") | _texts),
        )
        for key in ("ref", *draw(st.lists(_slugs, max_size=2, unique=True)))
    )
    keys = [reference.key for reference in references]
    covered = draw(st.lists(st.sampled_from(chosen), unique=True)) if chosen else []
    evidence = tuple(
        Evidence(
            id=f"evidence-{index}",
            claims=(Claim(subject=subject, relation=relation, object=obj),),
            verdict=draw(st.sampled_from(sorted(VERDICTS))),
            summary=draw(_texts),
            citations=tuple(draw(st.lists(st.sampled_from(keys), min_size=1, unique=True))),
            facts_row=draw(st.none() | st.from_regex(r"E[1-9][0-9]?", fullmatch=True)),
        )
        for index, (subject, relation, obj) in enumerate(covered)
    )
    return KnowledgeBase(
        sources=sources, nodes=nodes, edges=edges, references=references, evidence=evidence
    )


_random_graphs = _knowledge_bases().map(build_graph)


# --- the registry ---------------------------------------------------------------------------


def test_formats_names_every_format_with_a_description():
    assert set(FORMATS) == {"json", "graphml", "gexf", "csv", "cypher", "ttl", "kgx"}
    assert all(description.strip() for description in FORMATS.values())


def test_unknown_format_raises_atlas_error_listing_formats(seed_graph):
    with pytest.raises(AtlasError, match=r"unknown export format 'xlsx' \(expected one of: json"):
        export_bytes(seed_graph, "xlsx")


def test_export_bytes_names_files_after_the_format(seed_graph):
    names = {fmt: list(export_bytes(seed_graph, fmt)) for fmt in FORMATS}
    assert names == {
        "json": ["cramp-atlas.json"],
        "graphml": ["cramp-atlas.graphml"],
        "gexf": ["cramp-atlas.gexf"],
        "csv": ["nodes.csv", "edges.csv"],
        "cypher": ["cramp-atlas.cypher"],
        "ttl": ["cramp-atlas.ttl"],
        "kgx": ["nodes.tsv", "edges.tsv"],
    }


# --- determinism ----------------------------------------------------------------------------


def _written(graph: nx.MultiDiGraph, fmt: str, folder: Path) -> dict[str, bytes]:
    name = "out" if fmt in {"csv", "kgx"} else f"out.{fmt}"
    return {path.name: path.read_bytes() for path in write_export(graph, fmt, folder / name)}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_written_twice_is_identical(seed_graph, fmt, tmp_path):
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    first = _written(seed_graph, fmt, tmp_path / "first")
    second = _written(seed_graph, fmt, tmp_path / "second")
    assert first == second
    assert list(first.values()) == list(export_bytes(seed_graph, fmt).values())


@pytest.mark.parametrize("view", ["subgraph", "subgraph_view"])
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_of_a_view_written_twice_is_identical(atlas_views, fmt, view):
    graph = atlas_views[view]
    assert export_bytes(graph, fmt) == export_bytes(graph, fmt)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_of_data_loaded_twice_is_identical(seed_graph, fmt):
    again = build_graph(load_knowledge_base())
    assert export_bytes(again, fmt) == export_bytes(seed_graph, fmt)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_does_not_depend_on_record_order(graph_from_reversed_records, seed_graph, fmt):
    assert export_bytes(graph_from_reversed_records, fmt) == export_bytes(seed_graph, fmt)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_uses_unix_newlines_and_ends_with_one(seed_graph, fmt):
    for content in export_bytes(seed_graph, fmt).values():
        assert b"\r" not in content
        assert content.endswith(b"\n")
        assert not content.endswith(b"\n\n")


def test_gexf_does_not_depend_on_the_date(seed_graph, monkeypatch):
    today = export_bytes(seed_graph, "gexf")
    monkeypatch.setattr(time, "strftime", lambda *args, **kwargs: "1999-12-31")
    assert export_bytes(seed_graph, "gexf") == today
    assert b"lastmodifieddate" not in _only_file(today)
    assert nx.__version__.encode() not in _only_file(today)


# --- node-link JSON -------------------------------------------------------------------------


def test_node_link_json_round_trip_restores_the_seed_graph(seed_graph):
    data = json.loads(export_bytes(seed_graph, "json")["cramp-atlas.json"])
    _assert_same_graph(node_link_to_graph(data), seed_graph)


def test_node_link_reader_restores_tuples(seed_graph):
    read = node_link_to_graph(graph_to_node_link(seed_graph))
    assert isinstance(read.nodes["almonds"]["synonyms"], tuple)
    assert isinstance(read.edges["almonds", "magnesium", "rich_in"]["provenance"], tuple)


def test_node_link_reader_returns_a_frozen_graph(seed_graph):
    assert nx.is_frozen(node_link_to_graph(graph_to_node_link(seed_graph)))


def test_node_link_json_reads_with_plain_networkx(seed_graph):
    data = json.loads(export_bytes(seed_graph, "json")["cramp-atlas.json"])
    read = nx.node_link_graph(data, edges="edges")
    assert read.is_directed() and read.is_multigraph()
    assert _as_lists(dict(read.nodes(data=True))) == _as_lists(dict(seed_graph.nodes(data=True)))
    assert _as_lists(_edges(read)) == _as_lists(_edges(seed_graph))


def test_node_link_json_lists_nodes_with_their_fields(seed_graph):
    data = json.loads(export_bytes(seed_graph, "json")["cramp-atlas.json"])
    assert [node["id"] for node in data["nodes"]] == sorted(seed_graph)
    assert set(data["nodes"][0]) == {
        "id",
        "label",
        "type",
        "description",
        "synonyms",
        "synonym_origins",
        "narrower",
        "related",
        "loose_words",
        "plural",
        "identifiers",
        "related_mesh",
        "daily_intake",
    }
    assert set(data["edges"][0]) == {
        "source",
        "target",
        "key",
        "relation",
        "strength",
        "provenance",
        "verdict",
        "evidence",
        "amounts",
    }
    assert {reference["key"] for reference in data["graph"]["references"]} >= {
        "usda-sr-legacy",
        "garrison-2020-cochrane-magnesium",
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


def test_graphml_round_trip_restores_the_seed_graph(seed_graph, tmp_path):
    [path] = write_export(seed_graph, "graphml", tmp_path / "atlas.graphml")
    _assert_same_graph(graphml_to_graph(path), seed_graph)


def test_graphml_round_trip_keeps_text_xml_cannot_hold(hostile_graph):
    content = export_bytes(hostile_graph, "graphml")["cramp-atlas.graphml"]
    _assert_same_graph(graphml_to_graph(content), hostile_graph)


def test_graphml_has_readable_columns_for_cytoscape(seed_graph):
    content = export_bytes(seed_graph, "graphml")["cramp-atlas.graphml"]
    read = nx.read_graphml(io.BytesIO(content), force_multigraph=True)
    assert read.nodes["almonds"]["synonyms"] == "almond; sweet almond"
    assert read.nodes["almonds"]["label"] == "Almonds"
    [edge] = [
        attrs for _, target, attrs in read.out_edges("almonds", data=True) if target == "magnesium"
    ]
    assert (
        edge["quote"]
        == seed_graph.edges["almonds", "magnesium", "rich_in"]["provenance"][0]["quote"]
    )
    assert edge["predicate"] == RELATIONS["rich_in"].biolink


def test_graphml_keeps_identifiers_as_columns(hostile_graph):
    content = export_bytes(hostile_graph, "graphml")["cramp-atlas.graphml"]
    read = nx.read_graphml(io.BytesIO(content), force_multigraph=True)
    assert read.nodes["bad-food"]["mesh"] == "D008274"
    assert read.nodes["bad-food"]["wikidata"] == "Q660"


def test_graphml_edge_ids_are_unique(seed_graph):
    content = export_bytes(seed_graph, "graphml")["cramp-atlas.graphml"]
    ids = re.findall(rb'<edge id="([^"]+)"', content)
    assert len(ids) == seed_graph.number_of_edges() == len(set(ids))


def test_graphml_to_graph_rejects_what_is_not_graphml():
    with pytest.raises(AtlasError, match="cannot read GraphML"):
        graphml_to_graph(b"<not-closed")


@settings(max_examples=60, deadline=None)
@given(graph=_random_graphs)
def test_graphml_round_trip_on_random_graphs(graph):
    _assert_same_graph(
        graphml_to_graph(export_bytes(graph, "graphml")["cramp-atlas.graphml"]), graph
    )


# --- GEXF -----------------------------------------------------------------------------------


def test_gexf_parses_with_the_same_counts(seed_graph, tmp_path):
    [path] = write_export(seed_graph, "gexf", tmp_path / "atlas.gexf")
    read = nx.read_gexf(path)
    assert read.number_of_nodes() == seed_graph.number_of_nodes()
    assert read.number_of_edges() == seed_graph.number_of_edges()


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


def test_gexf_colours_nodes_by_type(seed_graph):
    read = nx.read_gexf(io.BytesIO(export_bytes(seed_graph, "gexf")["cramp-atlas.gexf"]))
    colour = read.nodes["almonds"]["viz"]["color"]
    assert "#{r:02X}{g:02X}{b:02X}".format(**colour) == NODE_TYPES["food"].colour


# --- CSV for neo4j-admin --------------------------------------------------------------------


def test_csv_headers_follow_neo4j_admin_import(seed_graph):
    files = export_bytes(seed_graph, "csv")
    assert files["nodes.csv"].split(b"\n", 1)[0] == (
        b"id:ID,label,type,description,synonyms:string[],plural:boolean,"
        b"mesh,umls,wikidata,related_mesh:string[],:LABEL"
    )
    assert files["edges.csv"].split(b"\n", 1)[0] == (
        b":START_ID,:END_ID,:TYPE,strength,quotes:string[],sources:string[],strengths:string[],"
        b"predicate,verdict,evidence_id,evidence_summary,facts_row,citations:string[],amounts_json"
    )


def test_csv_has_one_row_per_node_and_edge(seed_graph):
    files = export_bytes(seed_graph, "csv")
    assert len(_read_csv(files["nodes.csv"])) == seed_graph.number_of_nodes() + 1
    assert len(_read_csv(files["edges.csv"])) == seed_graph.number_of_edges() + 1


def test_csv_uses_neo4j_labels_and_relationship_types(seed_graph):
    files = export_bytes(seed_graph, "csv")
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


def test_cypher_merges_every_node_before_any_relationship(seed_graph):
    script = export_bytes(seed_graph, "cypher")["cramp-atlas.cypher"].decode("utf-8")
    statements = [line.split(" ", 1)[0] for line in script.splitlines() if line[:2] != "//"]
    assert statements == (
        ["CREATE"]
        + ["MERGE"] * seed_graph.number_of_nodes()
        + ["MATCH"] * seed_graph.number_of_edges()
    )


def test_cypher_labels_and_types_come_from_the_vocabulary(seed_graph):
    script = export_bytes(seed_graph, "cypher")["cramp-atlas.cypher"].decode("utf-8")
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


def test_write_export_creates_the_csv_folder(seed_graph, tmp_path):
    written = write_export(seed_graph, "csv", tmp_path / "neo4j")
    assert written == [tmp_path / "neo4j" / "nodes.csv", tmp_path / "neo4j" / "edges.csv"]


def test_write_export_writes_only_at_the_output_path(seed_graph, tmp_path):
    before = _tree(tmp_path)
    written = write_export(seed_graph, "json", tmp_path / "atlas.json")
    assert _tree(tmp_path) - before == set(written) == {tmp_path / "atlas.json"}


def test_write_export_refuses_a_file_as_csv_folder(seed_graph, tmp_path):
    (tmp_path / "taken").write_text("keep me")
    with pytest.raises(AtlasError, match="is a file, but csv export writes a folder"):
        write_export(seed_graph, "csv", tmp_path / "taken")
    assert (tmp_path / "taken").read_text() == "keep me"


def test_write_export_refuses_a_folder_as_file(seed_graph, tmp_path):
    with pytest.raises(AtlasError, match="is a folder; give a file name"):
        write_export(seed_graph, "graphml", tmp_path)


def test_write_export_refuses_a_missing_parent_folder(seed_graph, tmp_path):
    with pytest.raises(AtlasError, match="does not exist"):
        write_export(seed_graph, "json", tmp_path / "missing" / "atlas.json")
    assert _tree(tmp_path) == set()


def test_write_export_refuses_an_unknown_format_before_writing(seed_graph, tmp_path):
    with pytest.raises(AtlasError, match="unknown export format"):
        write_export(seed_graph, "pdf", tmp_path / "atlas.pdf")
    assert _tree(tmp_path) == set()


def test_export_names_a_node_type_outside_the_vocabulary():
    graph = nx.MultiDiGraph()
    graph.add_node("x", label="X", type="mineral", description="d", synonyms=(), plural=False)
    with pytest.raises(AtlasError, match="node 'x': unknown node type 'mineral'"):
        export_bytes(graph, "cypher")


# --- evidence, amounts and identifiers travel in every format -------------------------------


def test_graphml_round_trip_keeps_evidence_and_amounts(seed_graph):
    read = graphml_to_graph(export_bytes(seed_graph, "graphml")["cramp-atlas.graphml"])
    edge = ("almonds", "magnesium", "rich_in")
    assert read.edges[edge]["evidence"] == seed_graph.edges[edge]["evidence"]
    assert read.edges[edge]["amounts"][0]["daily_share"][0]["percent"] == 64
    assert read.graph["references"] == seed_graph.graph["references"]


def test_graphml_has_readable_evidence_columns(seed_graph):
    content = export_bytes(seed_graph, "graphml")["cramp-atlas.graphml"]
    read = nx.read_graphml(io.BytesIO(content), force_multigraph=True)
    [edge] = [
        attrs
        for _, target, attrs in read.out_edges("dairy-products", data=True)
        if attrs["key"] == "rich_in"
    ]
    assert edge["verdict"] == "supported"
    assert edge["cited"] == "usda-sr-legacy"
    assert edge["evidence_summary"].startswith("A cup of whole milk gives 276 mg of calcium")
    assert read.nodes["calf-cramp"]["related_mesh"] == "D020922; D013035"


def test_csv_carries_verdict_citations_and_amounts(seed_graph):
    files = export_bytes(seed_graph, "csv")
    header, *rows = _read_csv(files["edges.csv"])
    column = {name: index for index, name in enumerate(header)}
    almonds = next(row for row in rows if row[:3] == ["almonds", "magnesium", "RICH_IN"])
    assert almonds[column["verdict"]] == "supported"
    assert almonds[column["facts_row"]] == "E15"
    assert almonds[column["citations:string[]"]] == "usda-sr-legacy"
    assert json.loads(almonds[column["amounts_json"]])[0]["per_100g"] == 270.0
    node_header, *node_rows = _read_csv(files["nodes.csv"])
    cramp = next(row for row in node_rows if row[0] == "calf-cramp")
    assert cramp[node_header.index("mesh")] == "D009120"
    assert cramp[node_header.index("related_mesh:string[]")].split(CSV_ARRAY_DELIMITER) == [
        "D020922",
        "D013035",
    ]


def test_cypher_sets_verdict_and_citations(seed_graph):
    script = export_bytes(seed_graph, "cypher")["cramp-atlas.cypher"].decode("utf-8")
    _, literals = _split_cypher(script)
    assert "no evidence found" in literals
    assert "garrison-2020-cochrane-magnesium" in literals
    assert any('"per_100g": 270.0' in literal for literal in literals)


def test_cypher_keeps_hostile_evidence_in_its_strings(hostile_graph):
    script = export_bytes(hostile_graph, "cypher")["cramp-atlas.cypher"].decode("utf-8")
    skeleton, literals = _split_cypher(script)
    assert "DETACH" not in skeleton
    assert literals.count(HOSTILE_TEXT) >= 3  # description, quote, evidence summary


# --- RDF Turtle -----------------------------------------------------------------------------


def _parse_ttl(content: bytes):
    import rdflib

    return rdflib.Graph().parse(data=content.decode("utf-8"), format="turtle")


def _expected_triples(graph: nx.MultiDiGraph) -> int:
    """The number of triples the Turtle export must hold, counted from the graph itself."""
    count = 0
    for reference in graph.graph["references"]:
        # RDF holds a set of triples: a value repeated under one predicate counts once.
        count += 3 + len(set(reference["authors"])) + bool(reference.get("year"))
        count += bool(reference.get("link"))
        count += sum(
            bool(reference.get(name))
            for name in ("title", "venue", "details", "doi", "pmid", "evidence_type", "note")
        )
    for source in graph.graph["sources"].values():
        count += 2 + bool(source.get("kind")) + bool(source.get("note"))
    count += 3 * len(VERDICTS)
    for _, attrs in graph.nodes(data=True):
        count += 3 + bool(attrs["description"]) + len(set(attrs["synonyms"]))
        count += len(attrs["identifiers"]) + len(set(attrs["related_mesh"]))
        count += 6 * len(attrs["daily_intake"])
    records = {}
    for _, _, attrs in graph.edges(data=True):
        count += 1 + 4 + 1 + 1  # direct triple, statement, strength, verdict
        count += 4 * len(attrs["provenance"])
        evidence = attrs["evidence"]
        if evidence:
            count += 1
            records[evidence["id"]] = (
                3
                + bool(evidence.get("facts_row"))
                + bool(evidence.get("note"))
                + len(evidence["citations"])
            )
        for amount in attrs["amounts"]:
            count += 2 + 1 + 1  # link, type, per 100 g, source
            count += sum(bool(amount.get(name)) for name in ("item", "usda_description"))
            count += sum(bool(amount.get(name)) for name in ("state", "unit", "ndb", "note"))
            count += ("fortified" in amount) + ("fdc_id" in amount)
            serving = amount.get("serving")
            if serving:
                count += 2 + bool(serving.get("grams"))
            count += 4 * len(amount.get("daily_share", ()))
    relations = {key for _, _, key in graph.edges(keys=True)}
    return count + sum(records.values()) + 3 * len(relations)


def test_ttl_parses_back_with_the_expected_triple_count(seed_graph):
    parsed = _parse_ttl(export_bytes(seed_graph, "ttl")["cramp-atlas.ttl"])
    assert len(parsed) == _expected_triples(seed_graph)


def test_ttl_parses_back_to_the_graph_it_was_written_from(seed_graph):
    parsed = _parse_ttl(export_bytes(seed_graph, "ttl")["cramp-atlas.ttl"])
    assert set(parsed) == set(graph_to_rdf(seed_graph))


def test_ttl_types_nodes_by_biolink_category_and_links_mesh(seed_graph):
    import rdflib

    parsed = _parse_ttl(export_bytes(seed_graph, "ttl")["cramp-atlas.ttl"])
    node = rdflib.URIRef("urn:cramp-atlas:node:calf-cramp")
    biolink = "https://w3id.org/biolink/vocab/"
    assert (node, rdflib.RDF.type, rdflib.URIRef(biolink + "DiseaseOrPhenotypicFeature")) in parsed
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    mesh = rdflib.Namespace("http://id.nlm.nih.gov/mesh/")
    assert set(parsed.objects(node, skos.exactMatch)) == {
        mesh.D009120,
        rdflib.URIRef("https://identifiers.org/umls:C0026821"),
    }
    assert set(parsed.objects(node, skos.relatedMatch)) == {mesh.D020922, mesh.D013035}
    rich_in = rdflib.URIRef("urn:cramp-atlas:vocab:rich_in")
    assert (rich_in, rdflib.RDFS.subPropertyOf, rdflib.URIRef(biolink + "has_part")) in parsed


def test_ttl_keeps_hostile_text_exactly(hostile_graph):
    import rdflib

    parsed = _parse_ttl(export_bytes(hostile_graph, "ttl")["cramp-atlas.ttl"])
    assert set(parsed) == set(graph_to_rdf(hostile_graph))
    labels = set(parsed.objects(predicate=rdflib.RDFS.label))
    assert rdflib.Literal(HOSTILE_QUOTE) in labels
    summaries = set(parsed.objects(predicate=rdflib.URIRef("urn:cramp-atlas:vocab:summary")))
    assert summaries == {rdflib.Literal(HOSTILE_TEXT)}


def test_ttl_is_identical_whatever_the_hash_seed(tmp_path):
    script = (
        "import sys; from graph import build_graph, load_knowledge_base;"
        "from graph.export import export_bytes;"
        "sys.stdout.buffer.write(export_bytes(build_graph(load_knowledge_base()), 'ttl')"
        "['cramp-atlas.ttl'])"
    )
    outputs = set()
    for seed in ("0", "1", "12345"):
        done = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
            timeout=120,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


@settings(max_examples=40, deadline=None)
@given(graph=_random_graphs)
def test_ttl_round_trip_on_random_graphs(graph):
    parsed = _parse_ttl(export_bytes(graph, "ttl")["cramp-atlas.ttl"])
    assert set(parsed) == set(graph_to_rdf(graph))
    assert len(parsed) == _expected_triples(graph)


# --- KGX TSV --------------------------------------------------------------------------------

_CURIE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*:[^\s|]+")
_BIOLINK_CATEGORIES = {node_type.biolink_category for node_type in NODE_TYPES.values()}
_BIOLINK_PREDICATES = {relation.biolink for relation in RELATIONS.values()}


def _read_tsv(content: bytes) -> list[dict[str, str]]:
    text = content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t"))
    header, *body = rows
    assert all(len(row) == len(header) for row in body), "every row has every column"
    return [dict(zip(header, row, strict=True)) for row in body]


def _assert_kgx(files: dict[str, bytes]) -> tuple[list[dict], list[dict]]:
    """The KGX TSV column rules: required columns, CURIE ids, Biolink terms, known ends."""
    assert list(files) == ["nodes.tsv", "edges.tsv"]
    for content in files.values():
        assert content.endswith(b"\n") and b"\r" not in content
    nodes, edges = _read_tsv(files["nodes.tsv"]), _read_tsv(files["edges.tsv"])
    node_header = files["nodes.tsv"].split(b"\n", 1)[0].decode().split("\t")
    edge_header = files["edges.tsv"].split(b"\n", 1)[0].decode().split("\t")
    assert node_header[:2] == ["id", "category"]
    assert {"subject", "predicate", "object", "knowledge_level", "agent_type"} <= set(edge_header)
    ids = [node["id"] for node in nodes]
    assert len(set(ids)) == len(ids)
    for node in nodes:
        assert _CURIE.fullmatch(node["id"]), node["id"]
        categories = node["category"].split(KGX_LIST_DELIMITER)
        assert categories and set(categories) <= _BIOLINK_CATEGORIES, categories
        for xref in filter(None, node["xref"].split(KGX_LIST_DELIMITER)):
            assert _CURIE.fullmatch(xref), xref
    edge_ids = [edge["id"] for edge in edges]
    assert len(set(edge_ids)) == len(edge_ids)
    for edge in edges:
        assert edge["subject"] in ids and edge["object"] in ids
        assert edge["predicate"] in _BIOLINK_PREDICATES
        expected = "prediction" if edge["strength"] == "inferred" else "knowledge_assertion"
        assert edge["knowledge_level"] == expected
        assert edge["agent_type"] == "manual_agent"
        assert edge["category"] == "biolink:Association"
    return nodes, edges


def test_kgx_follows_the_kgx_tsv_column_rules(seed_graph):
    nodes, edges = _assert_kgx(export_bytes(seed_graph, "kgx"))
    assert len(nodes) == seed_graph.number_of_nodes()
    assert len(edges) == seed_graph.number_of_edges()


def test_kgx_columns_are_the_declared_ones(seed_graph):
    files = export_bytes(seed_graph, "kgx")
    assert files["nodes.tsv"].split(b"\n", 1)[0].decode().split("\t") == list(KGX_NODE_COLUMNS)
    assert files["edges.tsv"].split(b"\n", 1)[0].decode().split("\t") == list(KGX_EDGE_COLUMNS)


def test_kgx_carries_identifiers_evidence_and_amounts(seed_graph):
    nodes, edges = _assert_kgx(export_bytes(seed_graph, "kgx"))
    diabetes = next(node for node in nodes if node["id"] == "CRAMPATLAS:diabetes-mellitus")
    assert diabetes["xref"].split("|") == ["MESH:D003920", "UMLS:C0011849", "WIKIDATA:Q12206"]
    assert diabetes["category"] == "biolink:DiseaseOrPhenotypicFeature"
    wall = next(
        edge for edge in edges if edge["id"] == "CRAMPATLAS:wall-stretch--prevents--calf-cramp"
    )
    assert wall["predicate"] == "biolink:preventative_for_condition"
    assert wall["verdict"] == "mixed"
    assert wall["evidence_citations"].split("|") == [
        "hallegraeff-2012-stretching-trial",
        "cochrane-2021-non-drug-therapies",
    ]
    dairy = next(edge for edge in edges if edge["subject"] == "CRAMPATLAS:dairy-products")
    assert [amount["ndb"] for amount in json.loads(dairy["amounts"])] == [
        "01077",
        "01211",
        "01116",
        "01009",
        "01012",
    ]


def test_kgx_keeps_hostile_text_inside_its_cells(hostile_graph):
    nodes, edges = _assert_kgx(export_bytes(hostile_graph, "kgx"))
    [food, _] = nodes
    assert "\t" not in food["description"] and "\n" not in food["description"]
    assert food["synonym"].split("|")[-1] == "pi\u00a6pe"
    assert json.loads(edges[0]["amounts"])[0]["item"] == HOSTILE_TEXT


@settings(max_examples=40, deadline=None)
@given(graph=_random_graphs)
def test_kgx_follows_the_column_rules_on_random_graphs(graph):
    nodes, edges = _assert_kgx(export_bytes(graph, "kgx"))
    assert (len(nodes), len(edges)) == (graph.number_of_nodes(), graph.number_of_edges())
