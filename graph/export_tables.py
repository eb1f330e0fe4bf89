"""The Neo4j exports: ``nodes.csv``/``edges.csv`` for ``neo4j-admin`` and a Cypher script."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from .export_common import (
    CREATOR,
    FILE_STEM,
    IDENTIFIER_KEYS,
    citation_keys,
    jsonable,
    node_type_of,
    relation_of,
    sorted_edges,
    sorted_nodes,
)

__all__ = [
    "CSV_ARRAY_DELIMITER",
    "CSV_EDGE_HEADER",
    "CSV_NODE_HEADER",
    "CYPHER_NODE_LABEL",
    "csv_bytes",
    "csv_text",
    "cypher_bytes",
]


CSV_ARRAY_DELIMITER = ";"
"""Array delimiter of the CSV export: neo4j-admin's default ``--array-delimiter``."""

CSV_NODE_HEADER = (
    "id:ID",
    "label",
    "type",
    "description",
    "synonyms:string[]",
    "plural:boolean",
    *IDENTIFIER_KEYS,
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


def _neo4j_type(relation_name: str) -> str:
    return relation_name.upper()


def _array(values: Iterable[str]) -> str:
    # neo4j-admin has no escape for the array delimiter; a lookalike keeps the text readable.
    return CSV_ARRAY_DELIMITER.join(
        str(value).replace(CSV_ARRAY_DELIMITER, "\uff1b") for value in values
    )


def csv_text(rows: list[list[str]]) -> bytes:
    """Rows as UTF-8 CSV with ``"\\n"`` line ends, the same on every platform."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def csv_bytes(graph: nx.MultiDiGraph) -> dict[str, bytes]:
    """The ``csv`` export: ``nodes.csv`` and ``edges.csv`` in neo4j-admin notation."""
    node_rows = [list(CSV_NODE_HEADER)]
    for node_id, attrs in sorted_nodes(graph):
        identifiers = attrs.get("identifiers") or {}
        node_rows.append(
            [
                str(node_id),
                attrs.get("label", ""),
                attrs.get("type", ""),
                attrs.get("description", ""),
                _array(attrs.get("synonyms", ())),
                "true" if attrs.get("plural") else "false",
                *(str(identifiers.get(key, "")) for key in IDENTIFIER_KEYS),
                _array(attrs.get("related_mesh", ())),
                node_type_of(node_id, attrs).label,
            ]
        )
    edge_rows = [list(CSV_EDGE_HEADER)]
    for source, target, _key, attrs in sorted_edges(graph):
        relation = relation_of(source, target, attrs)
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
                _array(citation_keys(evidence)),
                _amounts_json(attrs),
            ]
        )
    return {"nodes.csv": csv_text(node_rows), "edges.csv": csv_text(edge_rows)}


def _amounts_json(attrs: Mapping[str, Any]) -> str:
    amounts = attrs.get("amounts") or ()
    return json.dumps(jsonable(amounts), sort_keys=True, ensure_ascii=False) if amounts else ""


# --- Cypher ----------------------------------------------------------------------------------

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
        properties["citations"] = tuple(citation_keys(evidence))
    if attrs.get("amounts"):
        properties["amounts_json"] = _amounts_json(attrs)
    return properties


def cypher_bytes(graph: nx.MultiDiGraph) -> dict[str, bytes]:
    """The ``cypher`` export: ``MERGE`` every node, then every relationship."""
    nodes = sorted_nodes(graph)
    edges = sorted_edges(graph)
    lines = [
        f"// {CREATOR} export: nodes {len(nodes)}, relationships {len(edges)}.",
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
            **{key: identifiers[key] for key in IDENTIFIER_KEYS if key in identifiers},
            **({"related_mesh": tuple(attrs["related_mesh"])} if attrs.get("related_mesh") else {}),
        }
        lines.append(
            f"MERGE (n:{CYPHER_NODE_LABEL} {{id: {_cypher_string(str(node_id))}}})"
            f" SET n:{_cypher_name(node_type_of(node_id, attrs).label)},"
            f" n += {_cypher_map(properties)};"
        )
    for source, target, _key, attrs in edges:
        relation = relation_of(source, target, attrs)
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
    return {f"{FILE_STEM}.cypher": ("\n".join(lines) + "\n").encode("utf-8")}
