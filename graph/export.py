"""Write the graph, or any view of it, as files other tools open: bytes out, nothing else.

Seven formats, each deterministic byte for byte (sorted nodes and edges, sorted keys,
``"\\n"`` newlines, no dates), so the same data always exports the same files:

- ``json``: networkx node-link JSON, read back exactly by ``node_link_to_graph``;
- ``graphml``: for Cytoscape and yEd, read back exactly by ``graphml_to_graph``;
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

This module holds node-link JSON, the registry of formats and the entry points; the
other writers live in ``export_xml`` (GraphML, GEXF), ``export_tables`` (CSV, Cypher),
``export_rdf`` and ``export_kgx``, on the shared helpers of ``export_common``, and their
public names are importable from here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import networkx as nx

from .errors import AtlasError
from .export_common import FILE_STEM, jsonable, restore_tuples, sorted_edges, sorted_nodes
from .export_kgx import (
    KGX_EDGE_COLUMNS,
    KGX_LIST_DELIMITER,
    KGX_NODE_COLUMNS,
    KGX_PREFIX,
    kgx_bytes,
)
from .export_rdf import RDF_NAMESPACES, graph_to_rdf, ttl_bytes
from .export_tables import (
    CSV_ARRAY_DELIMITER,
    CSV_EDGE_HEADER,
    CSV_NODE_HEADER,
    CYPHER_NODE_LABEL,
    csv_bytes,
    csv_text,
    cypher_bytes,
)
from .export_xml import gexf_bytes, graphml_bytes, graphml_to_graph
from .limits import printable
from .safe_io import check_output, write_atomic
from .sentences import evidence_overview

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
    "graphml_to_graph",
    "node_link_to_graph",
    "write_export",
]


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
        "graph": jsonable(graph.graph),
        "nodes": [{"id": node_id, **jsonable(attrs)} for node_id, attrs in sorted_nodes(graph)],
        "edges": [
            {"source": source, "target": target, "key": key, **jsonable(attrs)}
            for source, target, key, attrs in sorted_edges(graph)
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
    copy = nx.MultiDiGraph(**restore_tuples(read.graph))
    copy.add_nodes_from(
        (node_id, restore_tuples(attrs)) for node_id, attrs in read.nodes(data=True)
    )
    copy.add_edges_from(
        (source, target, key, restore_tuples(attrs))
        for source, target, key, attrs in read.edges(keys=True, data=True)
    )
    return nx.freeze(copy)


def _json_bytes(graph: nx.MultiDiGraph) -> dict[str, bytes]:
    text = json.dumps(graph_to_node_link(graph), sort_keys=True, indent=2, ensure_ascii=False)
    return {f"{FILE_STEM}.json": (text + "\n").encode("utf-8")}


# --- the registry and the two entry points ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Format:
    description: str
    render: Callable[[nx.MultiDiGraph], dict[str, bytes]]
    is_folder: bool = False


_FORMATS: Mapping[str, _Format] = MappingProxyType(
    {
        "json": _Format("node-link JSON (networkx, D3); read back exactly", _json_bytes),
        "graphml": _Format("GraphML for Cytoscape and yEd; read back exactly", graphml_bytes),
        "gexf": _Format("GEXF for Gephi, coloured by node type", gexf_bytes),
        "csv": _Format("nodes.csv and edges.csv for neo4j-admin database import", csv_bytes, True),
        "cypher": _Format("Cypher MERGE script for cypher-shell", cypher_bytes),
        "ttl": _Format("RDF Turtle: nodes, claims as statements, evidence, amounts", ttl_bytes),
        "kgx": _Format("KGX TSV (nodes.tsv, edges.tsv) with Biolink categories", kgx_bytes, True),
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
    return csv_text(rows)


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
        raise AtlasError(
            f"{output}: is a folder; give a file name such as {output / FILE_STEM}.{fmt}"
        )
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
