"""What the export formats share: stable order, vocabulary look-ups, flat columns, names.

Every writer in ``export_xml``, ``export_tables``, ``export_rdf`` and ``export_kgx`` reads
the graph through these, so the order of nodes and edges, the names of files and claims,
and the JSON twins of text XML cannot carry are the same in every format.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import networkx as nx

from .errors import AtlasError
from .schema import NODE_TYPES, RELATIONS, Identifiers, NodeType, Relation

__all__ = [
    "CREATOR",
    "DERIVED_EDGE_COLUMNS",
    "DERIVED_NODE_COLUMNS",
    "FILE_STEM",
    "IDENTIFIER_KEYS",
    "citation_keys",
    "claim_name",
    "flat_edge",
    "flat_node",
    "flatten",
    "jsonable",
    "node_type_of",
    "relation_of",
    "restore_tuples",
    "slug",
    "sorted_edges",
    "sorted_nodes",
    "to_json",
    "unflatten",
]


FILE_STEM = "cramp-atlas"
"""Name of every exported file but the csv and kgx folders' fixed ones."""
CREATOR = "Cramp Atlas"
"""Who made the file, where a format records it (GEXF, Cypher's header)."""

IDENTIFIER_KEYS = tuple(Identifiers.model_fields)


def sorted_nodes(graph: nx.MultiDiGraph) -> list[tuple[Any, dict[str, Any]]]:
    """Nodes with their attributes, by id: every format lists them in this order."""
    return sorted(graph.nodes(data=True), key=lambda item: str(item[0]))


def sorted_edges(graph: nx.MultiDiGraph) -> list[tuple[Any, Any, Any, dict[str, Any]]]:
    """Edges with key and attributes, by (source, target, key)."""
    return sorted(
        graph.edges(keys=True, data=True),
        key=lambda item: (str(item[0]), str(item[1]), str(item[2])),
    )


def node_type_of(node_id: Any, attrs: Mapping[str, Any]) -> NodeType:
    """The declared type of a node; ``AtlasError`` names a type outside the vocabulary."""
    try:
        return NODE_TYPES[attrs["type"]]
    except KeyError as err:
        raise AtlasError(
            f"node {node_id!r}: unknown node type {attrs.get('type')!r}"
            f" (expected one of: {', '.join(NODE_TYPES)})"
        ) from err


def relation_of(source: Any, target: Any, attrs: Mapping[str, Any]) -> Relation:
    """The declared relation of an edge; ``AtlasError`` names one outside the vocabulary."""
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


def restore_tuples(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Turn lists, at any depth, back into the tuples ``build_graph`` stores."""
    return {name: _tupled(value) for name, value in attrs.items()}


def jsonable(value: Any) -> Any:
    """``value`` with tuples as lists and keys as strings, for ``json.dumps``."""
    if isinstance(value, tuple | list):
        return [jsonable(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    return value


# --- flat attributes, for GraphML and GEXF -------------------------------------------------

_JSON_SUFFIX = "_json"
_TEXT_SEPARATOR = "; "
DERIVED_NODE_COLUMNS = frozenset(IDENTIFIER_KEYS)
DERIVED_EDGE_COLUMNS = frozenset({"key", "predicate", "quote", "evidence_summary", "cited"})
"""Columns written only for people reading the file; ``unflatten`` drops them."""

# XML 1.0 cannot carry most C0 controls, lone surrogates, U+FFFE and U+FFFF at all, and a
# parser turns "\r" into "\n"; such text gets a JSON twin that keeps it exactly.
_NOT_XML = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def to_json(value: Any) -> str:
    """``value`` as sorted, ASCII-only JSON: one cell of a flat column."""
    # ASCII-only JSON survives any XML parser, whatever the text holds.
    return json.dumps(jsonable(value), sort_keys=True, ensure_ascii=True)


def flatten(attrs: Mapping[str, Any]) -> dict[str, str | bool | int | float]:
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
                flat[name + _JSON_SUFFIX] = to_json(value)
        else:
            flat[name + _JSON_SUFFIX] = to_json(value)
            if isinstance(value, tuple | list) and all(isinstance(item, str) for item in value):
                flat[name] = _xml_text(_TEXT_SEPARATOR.join(value))
    return flat


def unflatten(flat: Mapping[str, Any], derived: frozenset[str]) -> dict[str, Any]:
    """Attributes back from ``flatten``'s columns: ``derived`` dropped, JSON twins decoded."""
    attrs = {
        name: value
        for name, value in flat.items()
        if name not in derived and not name.endswith(_JSON_SUFFIX)
    }
    for name, value in flat.items():
        if name.endswith(_JSON_SUFFIX):
            attrs[name.removesuffix(_JSON_SUFFIX)] = json.loads(value)
    return restore_tuples(attrs)


def flat_node(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """A node's columns: flattened attributes plus its identifiers, one column each."""
    flat = flatten(attrs)
    identifiers = attrs.get("identifiers")
    if isinstance(identifiers, Mapping):
        flat.update(
            {key: _xml_text(str(identifiers[key])) for key in IDENTIFIER_KEYS if key in identifiers}
        )
    return dict(sorted(flat.items()))


def flat_edge(key: Any, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """An edge's columns: flattened attributes plus readable quote, predicate and evidence."""
    flat = flatten(attrs)
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
        flat["cited"] = _xml_text(_TEXT_SEPARATOR.join(citation_keys(evidence)))
    return dict(sorted(flat.items()))


def citation_keys(evidence: Mapping[str, Any]) -> list[str]:
    """The reference keys an evidence record cites, in order."""
    return [str(ref["key"]) for ref in evidence.get("citations", ()) if isinstance(ref, Mapping)]


def slug(text: str) -> str:
    """A name safe in a URN and a Turtle local name (verdicts have spaces)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "x"


def claim_name(source: Any, target: Any, key: Any) -> str:
    """The name of an edge's claim in the RDF and KGX exports: ``subject--relation--object``."""
    return f"{slug(str(source))}--{slug(str(key))}--{slug(str(target))}"
