"""The GraphML export (for Cytoscape and yEd, read back exactly) and the GEXF export (Gephi)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from .errors import AtlasError
from .export_common import (
    CREATOR,
    DERIVED_EDGE_COLUMNS,
    DERIVED_NODE_COLUMNS,
    FILE_STEM,
    flat_edge,
    flat_node,
    flatten,
    node_type_of,
    relation_of,
    sorted_edges,
    sorted_nodes,
    unflatten,
)
from .schema import STRENGTHS

__all__ = ["gexf_bytes", "graphml_bytes", "graphml_to_graph"]


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


def graphml_bytes(graph: nx.MultiDiGraph) -> dict[str, bytes]:
    """The ``graphml`` export: typed columns, containers as ``<name>_json`` twins."""
    graph_data = dict(sorted(flatten(graph.graph).items()))
    nodes = [(str(node_id), flat_node(attrs)) for node_id, attrs in sorted_nodes(graph)]
    edges = [
        (str(source), str(target), flat_edge(key, attrs))
        for source, target, key, attrs in sorted_edges(graph)
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

    graph_element = ElementTree.SubElement(
        root, "graph", {"id": FILE_STEM, "edgedefault": "directed"}
    )
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
    return {f"{FILE_STEM}.graphml": text.encode("utf-8")}


def graphml_to_graph(source: Path | str | bytes) -> nx.MultiDiGraph:
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
    >>> again = graphml_to_graph(graphml_bytes(graph)["cramp-atlas.graphml"])
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
    copy = nx.MultiDiGraph(**unflatten(read.graph, frozenset({"node_default", "edge_default"})))
    copy.add_nodes_from(
        (node_id, unflatten(attrs, DERIVED_NODE_COLUMNS))
        for node_id, attrs in read.nodes(data=True)
    )
    for source_id, target_id, attrs in read.edges(data=True):
        if "key" not in attrs:
            raise AtlasError(
                f"cannot read GraphML: edge {source_id!r} -> {target_id!r} has no 'key' column"
            )
        copy.add_edge(
            source_id, target_id, key=attrs["key"], **unflatten(attrs, DERIVED_EDGE_COLUMNS)
        )
    return nx.freeze(copy)


# --- GEXF ------------------------------------------------------------------------------------


def _rgb(colour: str) -> dict[str, int | float]:
    red, green, blue = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return {"r": red, "g": green, "b": blue, "a": 1.0}


def gexf_bytes(graph: nx.MultiDiGraph) -> dict[str, bytes]:
    """The ``gexf`` export: flat columns and node colours from the vocabulary, no date."""
    flat = nx.MultiDiGraph()
    for node_id, attrs in sorted_nodes(graph):
        node_type = node_type_of(node_id, attrs)
        flat.add_node(node_id, **flat_node(attrs), viz={"color": _rgb(node_type.colour)})
    for index, (source, target, key, attrs) in enumerate(sorted_edges(graph)):
        data = flat_edge(key, attrs)
        data.pop("key")
        strength = STRENGTHS.get(attrs.get("strength"))
        flat.add_edge(
            source,
            target,
            key=key,
            id=f"e{index}",
            label=relation_of(source, target, attrs).label,
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
            creator.text = CREATOR
    writer.add_graph(flat)
    buffer = io.BytesIO()
    writer.write(buffer)
    content = buffer.getvalue()
    return {f"{FILE_STEM}.gexf": content if content.endswith(b"\n") else content + b"\n"}
