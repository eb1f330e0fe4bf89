"""Write the graph, or any view of it, as files other tools open: bytes out, nothing else.

Seven formats, each deterministic byte for byte (sorted nodes and edges, sorted keys,
``"\\n"`` newlines, no dates), so the same data always exports the same files:

- ``json``: networkx node-link JSON, read back exactly by ``node_link_to_graph``;
- ``graphml``: for Cytoscape and yEd, read back exactly by ``read_graphml``;
- ``gexf``: for Gephi, with node colours from the vocabulary;
- ``csv``: ``nodes.csv`` and ``edges.csv`` laid out for ``neo4j-admin database import``;
- ``cypher``: a script of ``MERGE`` statements for ``cypher-shell``;
- ``ttl``: RDF Turtle (written with rdflib; ``graph_to_rdf`` gives the rdflib graph);
- ``kgx``: ``nodes.tsv`` and ``edges.tsv`` in the KGX TSV format, with Biolink
  categories and predicates.

Every format carries the node identifiers, the food amounts and the evidence (verdict,
summary, citations). Labels, relationship types, colours, Biolink categories and
predicates come from ``graph.schema``; free text (labels, descriptions, quotes) only ever
goes into escaped values.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any
from xml.etree import ElementTree

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from .errors import AtlasError
from .limits import printable
from .query import evidence_overview
from .safe_io import check_output, write_atomic
from .schema import (
    IDENTIFIER_SCHEMES,
    NODE_TYPES,
    RELATIONS,
    STRENGTHS,
    VERDICTS,
    Identifiers,
    NodeType,
    Relation,
)

__all__ = [
    "CSV_ARRAY_DELIMITER",
    "CSV_EDGE_HEADER",
    "CSV_NODE_HEADER",
    "CYPHER_NODE_LABEL",
    "EVIDENCE_CSV_HEADER",
    "FORMATS",
    "KGX_EDGE_COLUMNS",
    "KGX_LIST_DELIMITER",
    "KGX_NODE_COLUMNS",
    "KGX_PREFIX",
    "RDF_NAMESPACES",
    "evidence_csv",
    "export_bytes",
    "graph_to_node_link",
    "graph_to_rdf",
    "node_link_to_graph",
    "read_graphml",
    "write_export",
]

_STEM = "cramp-atlas"
_CREATOR = "Cramp Atlas"

CSV_ARRAY_DELIMITER = ";"
"""Array delimiter of the CSV export: neo4j-admin's default ``--array-delimiter``."""

_IDENTIFIER_KEYS = tuple(Identifiers.model_fields)

CSV_NODE_HEADER = (
    "id:ID",
    "label",
    "type",
    "description",
    "synonyms:string[]",
    "plural:boolean",
    *_IDENTIFIER_KEYS,
    "related_mesh:string[]",
    ":LABEL",
)
"""Columns of ``nodes.csv``, in neo4j-admin import notation."""

CSV_EDGE_HEADER = (
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "strength",
    "quotes:string[]",
    "sources:string[]",
    "strengths:string[]",
    "predicate",
    "verdict",
    "evidence_id",
    "evidence_summary",
    "facts_row",
    "citations:string[]",
    "amounts_json",
)
"""Columns of ``edges.csv``; ``quotes``, ``sources`` and ``strengths`` align by position.

``citations`` holds reference keys (the graph's ``references`` has the works); the food
amounts of ``rich_in`` edges are one JSON array in ``amounts_json``.
"""

CYPHER_NODE_LABEL = "Concept"
"""Label every exported node carries besides its type, so ``MERGE`` finds nodes by id."""


# --- shared helpers -------------------------------------------------------------------------


def _sorted_nodes(graph: nx.MultiDiGraph) -> list[tuple[Any, dict[str, Any]]]:
    return sorted(graph.nodes(data=True), key=lambda item: str(item[0]))


def _sorted_edges(graph: nx.MultiDiGraph) -> list[tuple[Any, Any, Any, dict[str, Any]]]:
    return sorted(
        graph.edges(keys=True, data=True),
        key=lambda item: (str(item[0]), str(item[1]), str(item[2])),
    )


def _node_type(node_id: Any, attrs: Mapping[str, Any]) -> NodeType:
    try:
        return NODE_TYPES[attrs["type"]]
    except KeyError as err:
        raise AtlasError(
            f"node {node_id!r}: unknown node type {attrs.get('type')!r}"
            f" (expected one of: {', '.join(NODE_TYPES)})"
        ) from err


def _relation(source: Any, target: Any, attrs: Mapping[str, Any]) -> Relation:
    try:
        return RELATIONS[attrs["relation"]]
    except KeyError as err:
        raise AtlasError(
            f"edge {source!r} -> {target!r}: unknown relation {attrs.get('relation')!r}"
            f" (expected one of: {', '.join(RELATIONS)})"
        ) from err


def _tupled(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return tuple(_tupled(item) for item in value)
    if isinstance(value, Mapping):
        return {key: _tupled(item) for key, item in value.items()}
    return value


def _restore_tuples(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Turn lists, at any depth, back into the tuples ``build_graph`` stores."""
    return {name: _tupled(value) for name, value in attrs.items()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_jsonable(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return value


# --- node-link JSON ---------------------------------------------------------------------------


def graph_to_node_link(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Return ``graph`` as node-link data, ready for ``json.dumps``.

    Nodes are sorted by id and edges by (source, target, key); tuples become lists. The
    result is what ``networkx.node_link_graph(data, edges="edges")`` reads.

    Parameters
    ----------
    graph
        The graph from ``build_graph``, or any view of it.

    Returns
    -------
    dict
        ``directed``, ``multigraph``, ``graph`` (graph attributes), ``nodes`` (each with
        ``id`` and its attributes) and ``edges`` (each with ``source``, ``target``,
        ``key`` and its attributes).

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> data = graph_to_node_link(build_graph(load_knowledge_base()))
    >>> data["nodes"][0]["id"], data["nodes"][0]["synonyms"]
    ('almonds', ['almond', 'sweet almond'])
    >>> sorted(data["edges"][0])  # doctest: +NORMALIZE_WHITESPACE
    ['amounts', 'evidence', 'key', 'provenance', 'relation', 'source', 'strength',
     'target', 'verdict']
    """
    return {
        "directed": True,
        "multigraph": True,
        "graph": _jsonable(graph.graph),
        "nodes": [{"id": node_id, **_jsonable(attrs)} for node_id, attrs in _sorted_nodes(graph)],
        "edges": [
            {"source": source, "target": target, "key": key, **_jsonable(attrs)}
            for source, target, key, attrs in _sorted_edges(graph)
        ],
    }


def node_link_to_graph(data: Mapping[str, Any]) -> nx.MultiDiGraph:
    """Rebuild the graph from node-link data, the inverse of ``graph_to_node_link``.

    Lists in node, edge and graph attributes (``synonyms``, ``provenance``) become
    tuples again, so the result compares equal to the graph that was exported.

    Parameters
    ----------
    data
        Node-link data, e.g. ``json.loads`` of a ``json`` export.

    Returns
    -------
    networkx.MultiDiGraph
        Frozen, like the graph from ``build_graph``.

    Raises
    ------
    AtlasError
        If ``data`` is not node-link data of a directed multigraph.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> again = node_link_to_graph(graph_to_node_link(graph))
    >>> again.nodes["almonds"] == graph.nodes["almonds"]
    True
    """
    if not isinstance(data, Mapping) or not data.get("directed") or not data.get("multigraph"):
        raise AtlasError("not node-link data of a directed multigraph (see graph_to_node_link)")
    try:
        read = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except (KeyError, TypeError, nx.NetworkXError) as err:
        raise AtlasError(f"not valid node-link data: {err}") from err
    copy = nx.MultiDiGraph(**_restore_tuples(read.graph))
    copy.add_nodes_from(
        (node_id, _restore_tuples(attrs)) for node_id, attrs in read.nodes(data=True)
    )
    copy.add_edges_from(
        (source, target, key, _restore_tuples(attrs))
        for source, target, key, attrs in read.edges(keys=True, data=True)
    )
    return nx.freeze(copy)


def _json_bytes(graph: nx.MultiDiGraph) -> dict[str, bytes]:
    text = json.dumps(graph_to_node_link(graph), sort_keys=True, indent=2, ensure_ascii=False)
    return {f"{_STEM}.json": (text + "\n").encode("utf-8")}


# --- flat attributes, for GraphML and GEXF ----------------------------------------------------

_JSON_SUFFIX = "_json"
_TEXT_SEPARATOR = "; "
_DERIVED_NODE_COLUMNS = frozenset(_IDENTIFIER_KEYS)
_DERIVED_EDGE_COLUMNS = frozenset({"key", "predicate", "quote", "evidence_summary", "cited"})

# XML 1.0 cannot carry most C0 controls, lone surrogates, U+FFFE and U+FFFF at all, and a
# parser turns "\r" into "\n"; such text gets a JSON twin that keeps it exactly.
_NOT_XML = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def _to_json(value: Any) -> str:
    # ASCII-only JSON survives any XML parser, whatever the text holds.
    return json.dumps(_jsonable(value), sort_keys=True, ensure_ascii=True)


def _flatten(attrs: Mapping[str, Any]) -> dict[str, str | bool | int | float]:
    """Scalar columns for formats without lists: containers become ``<name>_json``."""
    flat: dict[str, str | bool | int | float] = {}
    for name, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, bool | int | float):
            flat[name] = value
        elif isinstance(value, str):
            flat[name] = _xml_text(value)
            if flat[name] != value:
                flat[name + _JSON_SUFFIX] = _to_json(value)
        else:
            flat[name + _JSON_SUFFIX] = _to_json(value)
            if isinstance(value, tuple | list) and all(isinstance(item, str) for item in value):
                flat[name] = _xml_text(_TEXT_SEPARATOR.join(value))
    return flat


def _unflatten(flat: Mapping[str, Any], derived: frozenset[str]) -> dict[str, Any]:
    attrs = {
        name: value
        for name, value in flat.items()
        if name not in derived and not name.endswith(_JSON_SUFFIX)
    }
    for name, value in flat.items():
        if name.endswith(_JSON_SUFFIX):
            attrs[name.removesuffix(_JSON_SUFFIX)] = json.loads(value)
    return _restore_tuples(attrs)


def _flat_node(attrs: Mapping[str, Any]) -> dict[str, Any]:
    flat = _flatten(attrs)
    identifiers = attrs.get("identifiers")
    if isinstance(identifiers, Mapping):
        flat.update(
            {
                key: _xml_text(str(identifiers[key]))
                for key in _IDENTIFIER_KEYS
                if key in identifiers
            }
        )
    return dict(sorted(flat.items()))


def _flat_edge(key: Any, attrs: Mapping[str, Any]) -> dict[str, Any]:
    flat = _flatten(attrs)
    flat["key"] = key if isinstance(key, bool | int | float) else _xml_text(str(key))
    relation = RELATIONS.get(attrs.get("relation"))
    if relation is not None and relation.biolink:
        flat["predicate"] = relation.biolink
    provenance = attrs.get("provenance") or ()
    if provenance:
        flat["quote"] = _xml_text(str(provenance[0]["quote"]))
    evidence = attrs.get("evidence") or {}
    if evidence.get("summary"):
        flat["evidence_summary"] = _xml_text(str(evidence["summary"]))
    if evidence.get("citations"):
        flat["cited"] = _xml_text(_TEXT_SEPARATOR.join(_citation_keys(evidence)))
    return dict(sorted(flat.items()))


def _citation_keys(evidence: Mapping[str, Any]) -> list[str]:
    return [str(ref["key"]) for ref in evidence.get("citations", ()) if isinstance(ref, Mapping)]


# --- GraphML ----------------------------------------------------------------------------------

_GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def _graphml_type(values: list[Any]) -> str:
    kinds = {type(value) for value in values}
    if len(kinds) == 1:
        return _GRAPHML_TYPES[kinds.pop()]
    if kinds <= {int, float}:
        return "double"
    return "string"


def _graphml_value(value: Any, xml_type: str) -> str:
    if xml_type == "boolean":
        return "true" if value else "false"
    if xml_type == "double":
        return repr(float(value))
    return str(value)


def _graphml_bytes(graph: nx.MultiDiGraph) -> dict[str, bytes]:
    graph_data = dict(sorted(_flatten(graph.graph).items()))
    nodes = [(str(node_id), _flat_node(attrs)) for node_id, attrs in _sorted_nodes(graph)]
    edges = [
        (str(source), str(target), _flat_edge(key, attrs))
        for source, target, key, attrs in _sorted_edges(graph)
    ]
    root = ElementTree.Element(
        "graphml",
        {
            "xmlns": _GRAPHML_NS,
            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
            "xsi:schemaLocation": f"{_GRAPHML_NS} {_GRAPHML_NS}/1.0/graphml.xsd",
        },
    )
    keys: dict[tuple[str, str], tuple[str, str]] = {}
    for scope, records in (
        ("graph", [graph_data]),
        ("node", [data for _, data in nodes]),
        ("edge", [data for _, _, data in edges]),
    ):
        values: dict[str, list[Any]] = {}
        for record in records:
            for name, value in record.items():
                values.setdefault(name, []).append(value)
        for name in sorted(values):
            key_id = f"d{len(keys)}"
            keys[scope, name] = (key_id, _graphml_type(values[name]))
            ElementTree.SubElement(
                root,
                "key",
                {
                    "id": key_id,
                    "for": scope,
                    "attr.name": name,
                    "attr.type": keys[scope, name][1],
                },
            )

    def add_data(element: ElementTree.Element, scope: str, record: Mapping[str, Any]) -> None:
        for name, value in record.items():
            key_id, xml_type = keys[scope, name]
            data = ElementTree.SubElement(element, "data", {"key": key_id})
            data.text = _graphml_value(value, xml_type)

    graph_element = ElementTree.SubElement(root, "graph", {"id": _STEM, "edgedefault": "directed"})
    add_data(graph_element, "graph", graph_data)
    for node_id, data in nodes:
        add_data(ElementTree.SubElement(graph_element, "node", {"id": node_id}), "node", data)
    for index, (source, target, data) in enumerate(edges):
        edge = ElementTree.SubElement(
            graph_element, "edge", {"id": f"e{index}", "source": source, "target": target}
        )
        add_data(edge, "edge", data)
    ElementTree.indent(root)
    body = ElementTree.tostring(root, encoding="unicode")
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
    return {f"{_STEM}.graphml": text.encode("utf-8")}


def read_graphml(source: Path | str | bytes) -> nx.MultiDiGraph:
    """Read a ``graphml`` export back into the graph it was written from.

    The ``<name>_json`` columns are decoded into the original attributes (tuples,
    dicts, exact text), and the columns added only for people reading the file in
    Cytoscape (``quote``, ``predicate``, ``evidence_summary``, ``cited``, identifier
    columns) are dropped.

    Parameters
    ----------
    source
        A path to the file, or its content as bytes.

    Returns
    -------
    networkx.MultiDiGraph
        Frozen, equal in nodes, edges, keys and attributes to the exported graph.

    Raises
    ------
    AtlasError
        If ``source`` is not a GraphML file this module wrote.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> again = read_graphml(export_bytes(graph, "graphml")["cramp-atlas.graphml"])
    >>> edge = ("almonds", "magnesium", "rich_in")
    >>> again.edges[edge] == graph.edges[edge]
    True
    """
    handle = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        read = nx.read_graphml(handle, node_type=str, edge_key_type=str, force_multigraph=True)
    except (ElementTree.ParseError, nx.NetworkXError, OSError) as err:
        raise AtlasError(f"cannot read GraphML: {err}") from err
    if not read.is_directed():
        raise AtlasError("cannot read GraphML: expected a directed graph")
    # networkx adds empty ``node_default`` / ``edge_default``; the writer never sets them.
    copy = nx.MultiDiGraph(**_unflatten(read.graph, frozenset({"node_default", "edge_default"})))
    copy.add_nodes_from(
        (node_id, _unflatten(attrs, _DERIVED_NODE_COLUMNS))
        for node_id, attrs in read.nodes(data=True)
    )
    for source_id, target_id, attrs in read.edges(data=True):
        if "key" not in attrs:
            raise AtlasError(
                f"cannot read GraphML: edge {source_id!r} -> {target_id!r} has no 'key' column"
            )
        copy.add_edge(
            source_id, target_id, key=attrs["key"], **_unflatten(attrs, _DERIVED_EDGE_COLUMNS)
        )
    return nx.freeze(copy)


# --- GEXF -------------------------------------------------------------------------------------


def _rgb(colour: str) -> dict[str, int | float]:
    red, green, blue = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return {"r": red, "g": green, "b": blue, "a": 1.0}


def _gexf_bytes(graph: nx.MultiDiGraph) -> dict[str, bytes]:
    flat = nx.MultiDiGraph()
    for node_id, attrs in _sorted_nodes(graph):
        node_type = _node_type(node_id, attrs)
        flat.add_node(node_id, **_flat_node(attrs), viz={"color": _rgb(node_type.colour)})
    for index, (source, target, key, attrs) in enumerate(_sorted_edges(graph)):
        data = _flat_edge(key, attrs)
        data.pop("key")
        strength = STRENGTHS.get(attrs.get("strength"))
        flat.add_edge(
            source,
            target,
            key=key,
            id=f"e{index}",
            label=_relation(source, target, attrs).label,
            # Gephi sizes edges by weight: firmer claims draw thicker.
            **({"weight": strength.rank} if strength else {}),
            **data,
        )
    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    # networkx stamps today's date and its own version into <meta>; either would make
    # two exports of the same data differ.
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
        creator = meta.find("creator")
        if creator is not None:
            creator.text = _CREATOR
    writer.add_graph(flat)
    buffer = io.BytesIO()
    writer.write(buffer)
    content = buffer.getvalue()
    return {f"{_STEM}.gexf": content if content.endswith(b"\n") else content + b"\n"}


# --- CSV for neo4j-admin ----------------------------------------------------------------------


def _neo4j_type(relation_name: str) -> str:
    return relation_name.upper()


def _array(values: Iterable[str]) -> str:
    # neo4j-admin has no escape for the array delimiter; a lookalike keeps the text readable.
    return CSV_ARRAY_DELIMITER.join(
        str(value).replace(CSV_ARRAY_DELIMITER, "\uff1b") for value in values
    )


def _csv_text(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _csv_bytes(graph: nx.MultiDiGraph) -> dict[str, bytes]:
    node_rows = [list(CSV_NODE_HEADER)]
    for node_id, attrs in _sorted_nodes(graph):
        identifiers = attrs.get("identifiers") or {}
        node_rows.append(
            [
                str(node_id),
                attrs.get("label", ""),
                attrs.get("type", ""),
                attrs.get("description", ""),
                _array(attrs.get("synonyms", ())),
                "true" if attrs.get("plural") else "false",
                *(str(identifiers.get(key, "")) for key in _IDENTIFIER_KEYS),
                _array(attrs.get("related_mesh", ())),
                _node_type(node_id, attrs).label,
            ]
        )
    edge_rows = [list(CSV_EDGE_HEADER)]
    for source, target, _key, attrs in _sorted_edges(graph):
        relation = _relation(source, target, attrs)
        provenance = attrs.get("provenance") or ()
        evidence = attrs.get("evidence") or {}
        edge_rows.append(
            [
                str(source),
                str(target),
                _neo4j_type(relation.name),
                attrs.get("strength", ""),
                _array(prov["quote"] for prov in provenance),
                _array(prov["source"] for prov in provenance),
                _array(prov["strength"] for prov in provenance),
                relation.biolink or "",
                attrs.get("verdict", ""),
                evidence.get("id", ""),
                evidence.get("summary", ""),
                evidence.get("facts_row", ""),
                _array(_citation_keys(evidence)),
                _amounts_json(attrs),
            ]
        )
    return {"nodes.csv": _csv_text(node_rows), "edges.csv": _csv_text(edge_rows)}


def _amounts_json(attrs: Mapping[str, Any]) -> str:
    amounts = attrs.get("amounts") or ()
    return json.dumps(_jsonable(amounts), sort_keys=True, ensure_ascii=False) if amounts else ""


# --- Cypher -----------------------------------------------------------------------------------

_CYPHER_ESCAPES = {
    **{code: f"\\u{code:04x}" for code in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029)},
    ord("\\"): "\\\\",
    ord("'"): "\\'",
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
}
_CYPHER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _cypher_string(text: str) -> str:
    return "'" + text.translate(_CYPHER_ESCAPES) + "'"


def _cypher_name(name: str) -> str:
    """A label or relationship type; vocabulary names are plain, others get backticks."""
    return name if _CYPHER_NAME.fullmatch(name) else "`" + name.replace("`", "``") + "`"


def _cypher_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_cypher_value(item) for item in value) + "]"
    return _cypher_string(str(value))


def _cypher_map(properties: Mapping[str, Any]) -> str:
    return (
        "{"
        + ", ".join(f"{name}: {_cypher_value(properties[name])}" for name in sorted(properties))
        + "}"
    )


def _cypher_evidence(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Evidence and amounts as flat properties (Neo4j properties cannot hold maps)."""
    evidence = attrs.get("evidence") or {}
    properties: dict[str, Any] = {}
    if attrs.get("verdict"):
        properties["verdict"] = attrs["verdict"]
    for name, key in (("evidence_id", "id"), ("evidence_summary", "summary")):
        if evidence.get(key):
            properties[name] = evidence[key]
    if evidence.get("facts_row"):
        properties["facts_row"] = evidence["facts_row"]
    if evidence.get("citations"):
        properties["citations"] = tuple(_citation_keys(evidence))
    if attrs.get("amounts"):
        properties["amounts_json"] = _amounts_json(attrs)
    return properties


def _cypher_bytes(graph: nx.MultiDiGraph) -> dict[str, bytes]:
    nodes = _sorted_nodes(graph)
    edges = _sorted_edges(graph)
    lines = [
        f"// {_CREATOR} export: nodes {len(nodes)}, relationships {len(edges)}.",
        "// Run with: cypher-shell -f cramp-atlas.cypher",
        f"CREATE CONSTRAINT {CYPHER_NODE_LABEL.lower()}_id IF NOT EXISTS"
        f" FOR (n:{CYPHER_NODE_LABEL}) REQUIRE n.id IS UNIQUE;",
    ]
    for node_id, attrs in nodes:
        identifiers = attrs.get("identifiers") or {}
        properties = {
            "label": attrs.get("label", ""),
            "type": attrs.get("type", ""),
            "description": attrs.get("description", ""),
            "synonyms": tuple(attrs.get("synonyms", ())),
            "plural": bool(attrs.get("plural")),
            **{key: identifiers[key] for key in _IDENTIFIER_KEYS if key in identifiers},
            **({"related_mesh": tuple(attrs["related_mesh"])} if attrs.get("related_mesh") else {}),
        }
        lines.append(
            f"MERGE (n:{CYPHER_NODE_LABEL} {{id: {_cypher_string(str(node_id))}}})"
            f" SET n:{_cypher_name(_node_type(node_id, attrs).label)},"
            f" n += {_cypher_map(properties)};"
        )
    for source, target, _key, attrs in edges:
        relation = _relation(source, target, attrs)
        provenance = attrs.get("provenance") or ()
        properties = {
            "strength": attrs.get("strength", ""),
            "quotes": tuple(prov["quote"] for prov in provenance),
            "sources": tuple(prov["source"] for prov in provenance),
            "strengths": tuple(prov["strength"] for prov in provenance),
            **({"predicate": relation.biolink} if relation.biolink else {}),
            **_cypher_evidence(attrs),
        }
        lines.append(
            f"MATCH (s:{CYPHER_NODE_LABEL} {{id: {_cypher_string(str(source))}}}),"
            f" (o:{CYPHER_NODE_LABEL} {{id: {_cypher_string(str(target))}}})"
            f" MERGE (s)-[r:{_cypher_name(_neo4j_type(relation.name))}]->(o)"
            f" SET r += {_cypher_map(properties)};"
        )
    return {f"{_STEM}.cypher": ("\n".join(lines) + "\n").encode("utf-8")}


# --- RDF Turtle -------------------------------------------------------------------------------

_URN = "urn:cramp-atlas:"
# No namespace of ours is published, so ids are URNs: stable and honest about not
# resolving. External identifiers use their registries' own IRIs.
RDF_NAMESPACES: Mapping[str, str] = MappingProxyType(
    {
        "atlas": f"{_URN}vocab:",
        "node": f"{_URN}node:",
        "claim": f"{_URN}claim:",
        "evidence": f"{_URN}evidence:",
        "ref": f"{_URN}reference:",
        "source": f"{_URN}source:",
        "verdict": f"{_URN}verdict:",
        "biolink": "https://w3id.org/biolink/vocab/",
        **{scheme.prefix: scheme.iri for scheme in IDENTIFIER_SCHEMES.values()},
        "dcterms": "http://purl.org/dc/terms/",
        "skos": "http://www.w3.org/2004/02/skos/core#",
    }
)
"""Prefixes of the Turtle export and the IRIs they stand for."""

_IDENTIFIER_NAMESPACES = {name: scheme.prefix for name, scheme in IDENTIFIER_SCHEMES.items()}


def _slug(text: str) -> str:
    """A name safe in a URN and a Turtle local name (verdicts have spaces)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "x"


def _claim_name(source: Any, target: Any, key: Any) -> str:
    return f"{_slug(str(source))}--{_slug(str(key))}--{_slug(str(target))}"


def graph_to_rdf(graph: nx.MultiDiGraph) -> Any:
    """Return ``graph`` as an ``rdflib.Graph``: what the ``ttl`` export serialises.

    Each node is typed with its Biolink category and carries its label, description,
    synonyms (``skos:altLabel``), exact identifiers (``skos:exactMatch``) and nearest MeSH
    descriptors (``skos:relatedMatch``). Each edge is a direct triple with the relation as
    predicate (declared ``rdfs:subPropertyOf`` its Biolink predicate) and an
    ``rdf:Statement`` (``claim:``) holding its strength, quotes, verdict, evidence record
    and food amounts. No blank nodes, so two exports compare triple by triple.

    Parameters
    ----------
    graph
        The graph from ``build_graph``, or any view of it.

    Returns
    -------
    rdflib.Graph

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> rdf = graph_to_rdf(build_graph(load_knowledge_base()))
    >>> from rdflib import URIRef
    >>> rdf.value(URIRef("urn:cramp-atlas:claim:lemon-rub--relieves--calf-cramp"),
    ...           URIRef("urn:cramp-atlas:vocab:verdict"))
    rdflib.term.URIRef('urn:cramp-atlas:verdict:no-evidence-found')
    """
    # rdflib is imported here, not at the top: only this export needs it, and the app
    # should not pay for importing it on every start.
    from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef
    from rdflib import Graph as RdfGraph

    ns = {prefix: Namespace(iri) for prefix, iri in RDF_NAMESPACES.items()}
    atlas, dcterms, skos = ns["atlas"], ns["dcterms"], ns["skos"]
    rdf = RdfGraph()
    for prefix, namespace in ns.items():
        rdf.bind(prefix, namespace, override=True, replace=True)

    def text(value: Any) -> Literal:
        return Literal(str(value))

    def number(value: Any) -> Literal:
        if isinstance(value, bool):
            return Literal(value)
        if isinstance(value, int):
            return Literal(value, datatype=XSD.integer)
        return Literal(Decimal(repr(float(value))), datatype=XSD.decimal)

    def add_reference(reference: Mapping[str, Any]) -> URIRef:
        subject = ns["ref"][_slug(str(reference["key"]))]
        rdf.add((subject, RDF.type, atlas.Reference))
        rdf.add((subject, RDFS.label, text(reference.get("short", reference["key"]))))
        rdf.add((subject, dcterms.bibliographicCitation, text(reference.get("citation", ""))))
        for author in reference.get("authors", ()):
            rdf.add((subject, dcterms.creator, text(author)))
        for name in ("title", "venue", "details", "doi", "pmid", "evidence_type", "note"):
            if reference.get(name):
                field = dcterms.title if name == "title" else atlas[_camel(name)]
                rdf.add((subject, field, text(reference[name])))
        if reference.get("year"):
            rdf.add((subject, atlas.year, number(int(reference["year"]))))
        if reference.get("link"):
            rdf.add((subject, RDFS.seeAlso, URIRef(str(reference["link"]))))
        return subject

    for reference in graph.graph.get("references", ()):
        add_reference(reference)
    for source_id, source in sorted(graph.graph.get("sources", {}).items()):
        subject = ns["source"][_slug(str(source_id))]
        rdf.add((subject, RDF.type, atlas.Source))
        rdf.add((subject, dcterms.title, text(source.get("title", source_id))))
        for name in ("kind", "note"):
            if source.get(name):
                rdf.add((subject, atlas[name], text(source[name])))
    for verdict in VERDICTS.values():
        subject = ns["verdict"][_slug(verdict.name)]
        rdf.add((subject, RDF.type, atlas.Verdict))
        rdf.add((subject, RDFS.label, text(verdict.label)))
        rdf.add((subject, RDFS.comment, text(verdict.description)))

    for node_id, attrs in _sorted_nodes(graph):
        node_type = _node_type(node_id, attrs)
        subject = ns["node"][_slug(str(node_id))]
        rdf.add((subject, RDF.type, URIRef(_biolink_iri(node_type.biolink_category))))
        rdf.add((subject, atlas.nodeType, text(node_type.name)))
        rdf.add((subject, RDFS.label, text(attrs.get("label", node_id))))
        if attrs.get("description"):
            rdf.add((subject, dcterms.description, text(attrs["description"])))
        for synonym in attrs.get("synonyms", ()):
            rdf.add((subject, skos.altLabel, text(synonym)))
        for scheme, value in (attrs.get("identifiers") or {}).items():
            prefix = _IDENTIFIER_NAMESPACES.get(scheme)
            if prefix:
                rdf.add((subject, skos.exactMatch, ns[prefix][str(value)]))
        for value in attrs.get("related_mesh", ()):
            rdf.add((subject, skos.relatedMatch, ns["mesh"][str(value)]))
        for index, intake in enumerate(attrs.get("daily_intake", ())):
            part = URIRef(f"{subject}:daily-intake:{index}")
            rdf.add((subject, atlas.dailyIntake, part))
            rdf.add((part, atlas.group, text(intake["group"])))
            rdf.add((part, atlas.amount, number(intake["amount"])))
            rdf.add((part, atlas.unit, text(intake["unit"])))
            rdf.add((part, atlas.kind, text(intake["kind"])))
            rdf.add((part, dcterms.source, ns["ref"][_slug(str(intake["source"]))]))

    used_relations: set[str] = set()
    for source, target, key, attrs in _sorted_edges(graph):
        relation = _relation(source, target, attrs)
        used_relations.add(relation.name)
        predicate = atlas[relation.name]
        subject, obj = ns["node"][_slug(str(source))], ns["node"][_slug(str(target))]
        rdf.add((subject, predicate, obj))
        claim = ns["claim"][_claim_name(source, target, key)]
        rdf.add((claim, RDF.type, RDF.Statement))
        rdf.add((claim, RDF.subject, subject))
        rdf.add((claim, RDF.predicate, predicate))
        rdf.add((claim, RDF.object, obj))
        if attrs.get("strength"):
            rdf.add((claim, atlas.strength, text(attrs["strength"])))
        for index, prov in enumerate(attrs.get("provenance") or ()):
            part = URIRef(f"{claim}:quote:{index}")
            rdf.add((claim, atlas.provenance, part))
            rdf.add((part, atlas.quote, text(prov["quote"])))
            rdf.add((part, atlas.strength, text(prov["strength"])))
            rdf.add((part, dcterms.source, ns["source"][_slug(str(prov["source"]))]))
        verdict = attrs.get("verdict")
        if verdict:
            rdf.add((claim, atlas.verdict, ns["verdict"][_slug(str(verdict))]))
        evidence = attrs.get("evidence") or {}
        if evidence.get("id"):
            record = ns["evidence"][_slug(str(evidence["id"]))]
            rdf.add((claim, atlas.evidence, record))
            rdf.add((record, RDF.type, atlas.Evidence))
            if verdict:
                rdf.add((record, atlas.verdict, ns["verdict"][_slug(str(verdict))]))
            rdf.add((record, atlas.summary, text(evidence.get("summary", ""))))
            if evidence.get("facts_row"):
                rdf.add((record, atlas.factsRow, text(evidence["facts_row"])))
            if evidence.get("note"):
                rdf.add((record, RDFS.comment, text(evidence["note"])))
            for reference in evidence.get("citations", ()):
                rdf.add((record, dcterms.references, add_reference(reference)))
        for index, amount in enumerate(attrs.get("amounts") or ()):
            _add_amount(rdf, ns, URIRef(f"{claim}:amount:{index}"), claim, amount, text, number)
    for name in sorted(used_relations):
        relation = RELATIONS[name]
        rdf.add((atlas[name], RDF.type, RDF.Property))
        rdf.add((atlas[name], RDFS.label, text(relation.label)))
        if relation.biolink:
            rdf.add((atlas[name], RDFS.subPropertyOf, URIRef(_biolink_iri(relation.biolink))))
    return rdf


def _add_amount(
    rdf: Any, ns: Mapping[str, Any], part: Any, claim: Any, amount: Mapping, text, number
) -> None:
    from rdflib import RDF

    atlas, dcterms = ns["atlas"], ns["dcterms"]
    rdf.add((claim, atlas.amount, part))
    rdf.add((part, RDF.type, atlas.NutrientAmount))
    for name in ("item", "usda_description", "state", "unit", "ndb", "note"):
        if amount.get(name):
            rdf.add((part, atlas[_camel(name)], text(amount[name])))
    rdf.add((part, atlas.per100g, number(amount["per_100g"])))
    if amount.get("fortified") is not None:
        rdf.add((part, atlas.fortified, number(bool(amount["fortified"]))))
    if amount.get("fdc_id") is not None:
        rdf.add((part, atlas.fdcId, number(int(amount["fdc_id"]))))
    rdf.add((part, dcterms.source, ns["ref"][_slug(str(amount["source"]))]))
    serving = amount.get("serving") or {}
    if serving:
        rdf.add((part, atlas.servingLabel, text(serving["label"])))
        rdf.add((part, atlas.servingAmount, number(serving["amount"])))
        if serving.get("grams"):
            rdf.add((part, atlas.servingGrams, number(serving["grams"])))
    for index, share in enumerate(amount.get("daily_share", ())):
        share_part = type(part)(f"{part}:share:{index}")
        rdf.add((part, atlas.dailyShare, share_part))
        rdf.add((share_part, atlas.group, text(share["group"])))
        rdf.add((share_part, atlas.percent, number(int(share["percent"]))))
        rdf.add((share_part, atlas.derived, number(True)))


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _biolink_iri(curie: str) -> str:
    return RDF_NAMESPACES["biolink"] + curie.removeprefix("biolink:")


def _ttl_bytes(graph: nx.MultiDiGraph) -> dict[str, bytes]:
    content = graph_to_rdf(graph).serialize(format="turtle", encoding="utf-8")
    content = content.replace(b"\r\n", b"\n").rstrip(b"\n") + b"\n"
    return {f"{_STEM}.ttl": content}


# --- KGX TSV ----------------------------------------------------------------------------------

KGX_PREFIX = "CRAMPATLAS"
"""CURIE prefix of node ids in the KGX export; exact MeSH, UMLS, Wikidata ids go to ``xref``."""

KGX_LIST_DELIMITER = "|"
"""How KGX TSV separates the values of a multivalued column."""

KGX_NODE_COLUMNS = (
    "id",
    "category",
    "name",
    "description",
    "synonym",
    "xref",
    "node_type",
    "related_mesh",
    "daily_intake",
)
"""Columns of ``nodes.tsv``: KGX's required ``id`` and ``category`` first, then Biolink
slots, then ours (``node_type``, ``related_mesh``, ``daily_intake`` as JSON)."""

KGX_EDGE_COLUMNS = (
    "id",
    "subject",
    "predicate",
    "object",
    "category",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "original_predicate",
    "relation_label",
    "strength",
    "quotes",
    "quote_sources",
    "verdict",
    "evidence_id",
    "evidence_summary",
    "facts_row",
    "evidence_citations",
    "amounts",
)
"""Columns of ``edges.tsv``: KGX's ``subject``, ``predicate``, ``object`` with ``id``,
``knowledge_level`` and ``agent_type``, then ours. Review citations go in
``evidence_citations``, not Biolink's ``publications``: they judge the claim, they do not
all support it."""

_KGX_MULTIVALUED = frozenset(
    {"category", "synonym", "xref", "related_mesh", "quotes", "quote_sources", "evidence_citations"}
)
_KGX_XREF_PREFIXES = {name: scheme.curie for name, scheme in IDENTIFIER_SCHEMES.items()}
# A claim curated by hand from what an article asserts; "infores:cramp-atlas" names this
# project as the knowledge source (it is not in the Biolink information-resource registry).
_KGX_EDGE_CONSTANTS = {
    "category": ("biolink:Association",),
    "knowledge_level": "knowledge_assertion",
    "agent_type": "manual_agent",
    "primary_knowledge_source": "infores:cramp-atlas",
}
# An "inferred" claim is the curator's reading of quotes, not what they assert: Biolink's
# "prediction" (a possible fact reasoned from indirect evidence), not a knowledge assertion.
_KGX_KNOWLEDGE_LEVELS = {"inferred": "prediction"}


def _kgx_cell(value: Any, *, multivalued: bool) -> str:
    # A TSV cell holds no tab or line break; inside a list, a lookalike keeps "|" from
    # splitting one value in two.
    def clean(item: Any) -> str:
        return re.sub(r"[\t\r\n\u2028\u2029]+", " ", str(item))

    if multivalued:
        return KGX_LIST_DELIMITER.join(clean(item).replace("|", "\u00a6") for item in value)
    return clean(value)


def _kgx_id(node_id: Any) -> str:
    return f"{KGX_PREFIX}:{node_id}"


def _kgx_rows(columns: tuple[str, ...], records: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for record in records:
        writer.writerow(
            _kgx_cell(
                record.get(column, "" if column not in _KGX_MULTIVALUED else ()),
                multivalued=column in _KGX_MULTIVALUED,
            )
            for column in columns
        )
    return buffer.getvalue().encode("utf-8")


def _kgx_bytes(graph: nx.MultiDiGraph) -> dict[str, bytes]:
    nodes = []
    for node_id, attrs in _sorted_nodes(graph):
        identifiers = attrs.get("identifiers") or {}
        intakes = attrs.get("daily_intake") or ()
        nodes.append(
            {
                "id": _kgx_id(node_id),
                "category": (_node_type(node_id, attrs).biolink_category,),
                "name": attrs.get("label", ""),
                "description": attrs.get("description", ""),
                "synonym": tuple(attrs.get("synonyms", ())),
                "xref": tuple(
                    f"{_KGX_XREF_PREFIXES[scheme]}:{identifiers[scheme]}"
                    for scheme in _IDENTIFIER_KEYS
                    if scheme in identifiers and scheme in _KGX_XREF_PREFIXES
                ),
                "node_type": attrs.get("type", ""),
                "related_mesh": tuple(f"MESH:{value}" for value in attrs.get("related_mesh", ())),
                "daily_intake": _to_json(intakes) if intakes else "",
            }
        )
    edges = []
    for source, target, key, attrs in _sorted_edges(graph):
        relation = _relation(source, target, attrs)
        evidence = attrs.get("evidence") or {}
        provenance = attrs.get("provenance") or ()
        edges.append(
            {
                **_KGX_EDGE_CONSTANTS,
                "knowledge_level": _KGX_KNOWLEDGE_LEVELS.get(
                    attrs.get("strength", ""), _KGX_EDGE_CONSTANTS["knowledge_level"]
                ),
                "id": f"{KGX_PREFIX}:{_claim_name(source, target, key)}",
                "subject": _kgx_id(source),
                "predicate": relation.biolink or "biolink:related_to",
                "object": _kgx_id(target),
                "original_predicate": f"{KGX_PREFIX}:{relation.name}",
                "relation_label": relation.label,
                "strength": attrs.get("strength", ""),
                "quotes": tuple(prov["quote"] for prov in provenance),
                "quote_sources": tuple(prov["source"] for prov in provenance),
                "verdict": attrs.get("verdict", ""),
                "evidence_id": evidence.get("id", ""),
                "evidence_summary": evidence.get("summary", ""),
                "facts_row": evidence.get("facts_row", ""),
                "evidence_citations": tuple(_citation_keys(evidence)),
                "amounts": _to_json(attrs["amounts"]) if attrs.get("amounts") else "",
            }
        )
    return {
        "nodes.tsv": _kgx_rows(KGX_NODE_COLUMNS, nodes),
        "edges.tsv": _kgx_rows(KGX_EDGE_COLUMNS, edges),
    }


# --- the registry and the two entry points ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Format:
    description: str
    render: Callable[[nx.MultiDiGraph], dict[str, bytes]]
    is_folder: bool = False


_FORMATS: Mapping[str, _Format] = MappingProxyType(
    {
        "json": _Format("node-link JSON (networkx, D3); read back exactly", _json_bytes),
        "graphml": _Format("GraphML for Cytoscape and yEd; read back exactly", _graphml_bytes),
        "gexf": _Format("GEXF for Gephi, coloured by node type", _gexf_bytes),
        "csv": _Format("nodes.csv and edges.csv for neo4j-admin database import", _csv_bytes, True),
        "cypher": _Format("Cypher MERGE script for cypher-shell", _cypher_bytes),
        "ttl": _Format("RDF Turtle: nodes, claims as statements, evidence, amounts", _ttl_bytes),
        "kgx": _Format("KGX TSV (nodes.tsv, edges.tsv) with Biolink categories", _kgx_bytes, True),
    }
)

FORMATS: Mapping[str, str] = MappingProxyType(
    {name: export.description for name, export in _FORMATS.items()}
)
"""Export format names and a one-line description of each (read-only)."""


def _format(fmt: str) -> _Format:
    try:
        return _FORMATS[fmt]
    except (KeyError, TypeError) as err:
        raise AtlasError(
            f"unknown export format {fmt!r} (expected one of: {', '.join(_FORMATS)})"
        ) from err


EVIDENCE_CSV_HEADER = (
    "claim",
    "subject",
    "relation",
    "object",
    "article_strength",
    "quotes",
    "quote_sources",
    "verdict",
    "summary",
    "citations",
)


def evidence_csv(graph: nx.MultiDiGraph) -> bytes:
    """The evidence overview (every claim, its quote and what reviews say) as CSV.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> rows = evidence_csv(build_graph(load_knowledge_base())).decode().splitlines()
    >>> rows[0]
    'claim,subject,relation,object,article_strength,quotes,quote_sources,verdict,summary,citations'
    """
    rows = [list(EVIDENCE_CSV_HEADER)]
    for row in evidence_overview(graph):
        rows.append(
            [
                row["claim"],
                row["subject"],
                row["relation"],
                row["object"],
                row["strength"],
                " / ".join(row["quotes"]),
                " / ".join(row["quote_sources"]),
                row["verdict"],
                row["summary"],
                "; ".join(c["citation"] for c in row["citations"]),
            ]
        )
    return _csv_text(rows)


def export_bytes(graph: nx.MultiDiGraph, fmt: str) -> dict[str, bytes]:
    """Export ``graph`` in memory: file names and their contents.

    Parameters
    ----------
    graph
        The graph from ``build_graph``, or any view of it (what the app shows).
    fmt
        One of ``FORMATS``.

    Returns
    -------
    dict of str to bytes
        One file (``cramp-atlas.<fmt>``), or ``nodes.csv`` and ``edges.csv`` for ``csv``,
        ``nodes.tsv`` and ``edges.tsv`` for ``kgx``. The same graph always gives the
        same bytes.

    Raises
    ------
    AtlasError
        If ``fmt`` is unknown, or a node type or relation is not in the vocabulary.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> list(export_bytes(graph, "csv"))
    ['nodes.csv', 'edges.csv']
    >>> view = graph.subgraph(["almonds", "magnesium"])
    >>> export_bytes(view, "cypher")["cramp-atlas.cypher"].splitlines()[0]
    b'// Cramp Atlas export: nodes 2, relationships 1.'
    """
    return _format(fmt).render(graph)


def write_export(
    graph: nx.MultiDiGraph, fmt: str, output: Path | str, *, force: bool = False
) -> list[Path]:
    """Export ``graph`` to files at ``output``, and nowhere else.

    Parameters
    ----------
    graph
        The graph from ``build_graph``, or any view of it.
    fmt
        One of ``FORMATS``.
    output
        For ``csv`` and ``kgx``, a folder (created if missing; its parent must exist)
        that gets ``nodes.csv`` and ``edges.csv`` (``nodes.tsv`` and ``edges.tsv``); for
        the other formats, the file to write.
    force
        Replace files that already exist; without it, nothing is written if any does.
        A symbolic link is never written through, and each file is written to a
        temporary file first and renamed into place, so a failed write leaves the old
        file as it was.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    AtlasError
        If ``fmt`` is unknown, ``output`` is a file where a folder is needed (or the
        reverse), the folder that should hold ``output`` does not exist, a file to
        write exists (without ``force``) or is a symbolic link.

    Examples
    --------
    >>> import tempfile
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [path.name for path in write_export(graph, "csv", Path(folder) / "neo4j")]
    ['nodes.csv', 'edges.csv']
    """
    export = _format(fmt)
    output = Path(output)
    if export.is_folder and output.is_symlink():
        raise AtlasError(f"{printable(str(output))}: is a symbolic link; give a real folder")
    if not output.parent.is_dir():
        raise AtlasError(f"{output}: folder {str(output.parent)!r} does not exist; create it first")
    if export.is_folder and output.exists() and not output.is_dir():
        raise AtlasError(f"{output}: is a file, but {fmt} export writes a folder; give a folder")
    if not export.is_folder and output.is_dir():
        raise AtlasError(f"{output}: is a folder; give a file name such as {output / _STEM}.{fmt}")
    files = export.render(graph)
    if export.is_folder:
        targets = {output / name: content for name, content in files.items()}
    else:
        [content] = files.values()
        targets = {output: content}
    for path in targets:  # refuse before writing anything, so no half-written export
        check_output(path, force=force)
    if export.is_folder:
        output.mkdir(exist_ok=True)
    for path, content in targets.items():
        write_atomic(path, content, force=force)
    return list(targets)
