"""The KGX TSV export: ``nodes.tsv`` and ``edges.tsv`` with Biolink categories and predicates."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import networkx as nx

from .export_common import (
    IDENTIFIER_KEYS,
    citation_keys,
    claim_name,
    node_type_of,
    relation_of,
    sorted_edges,
    sorted_nodes,
    to_json,
)
from .schema import IDENTIFIER_SCHEMES

__all__ = ["KGX_EDGE_COLUMNS", "KGX_LIST_DELIMITER", "KGX_NODE_COLUMNS", "KGX_PREFIX", "kgx_bytes"]


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


def kgx_bytes(graph: nx.MultiDiGraph) -> dict[str, bytes]:
    """The ``kgx`` export: ``nodes.tsv`` and ``edges.tsv`` with the declared columns."""
    nodes = []
    for node_id, attrs in sorted_nodes(graph):
        identifiers = attrs.get("identifiers") or {}
        intakes = attrs.get("daily_intake") or ()
        nodes.append(
            {
                "id": _kgx_id(node_id),
                "category": (node_type_of(node_id, attrs).biolink_category,),
                "name": attrs.get("label", ""),
                "description": attrs.get("description", ""),
                "synonym": tuple(attrs.get("synonyms", ())),
                "xref": tuple(
                    f"{_KGX_XREF_PREFIXES[scheme]}:{identifiers[scheme]}"
                    for scheme in IDENTIFIER_KEYS
                    if scheme in identifiers and scheme in _KGX_XREF_PREFIXES
                ),
                "node_type": attrs.get("type", ""),
                "related_mesh": tuple(f"MESH:{value}" for value in attrs.get("related_mesh", ())),
                "daily_intake": to_json(intakes) if intakes else "",
            }
        )
    edges = []
    for source, target, key, attrs in sorted_edges(graph):
        relation = relation_of(source, target, attrs)
        evidence = attrs.get("evidence") or {}
        provenance = attrs.get("provenance") or ()
        edges.append(
            {
                **_KGX_EDGE_CONSTANTS,
                "knowledge_level": _KGX_KNOWLEDGE_LEVELS.get(
                    attrs.get("strength", ""), _KGX_EDGE_CONSTANTS["knowledge_level"]
                ),
                "id": f"{KGX_PREFIX}:{claim_name(source, target, key)}",
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
                "evidence_citations": tuple(citation_keys(evidence)),
                "amounts": to_json(attrs["amounts"]) if attrs.get("amounts") else "",
            }
        )
    return {
        "nodes.tsv": _kgx_rows(KGX_NODE_COLUMNS, nodes),
        "edges.tsv": _kgx_rows(KGX_EDGE_COLUMNS, edges),
    }
