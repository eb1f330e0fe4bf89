"""FalkorDB as a backend: the same query API as in memory, over parameterised Cypher.

``load_graph`` copies an imported graph into a FalkorDB graph: ``(:Node {id, label, type,
synonyms})`` joined by ``[:EDGE {relation, provenance}]`` (provenance as JSON text),
plus one ``(:Name {node, key, size, grams})`` per id, label or synonym
(``graph.index.name_table``), with range indexes on ``Node.id`` and ``Name.grams`` (an
array index) for the search prefilter. ``FalkorBackend`` then asks the server the
questions ``graph.memory.MemoryBackend`` answers in memory (search, nodes, links,
summary, neighbourhoods, filter, focus, shortest paths), ranks search candidates with
the same function and walks focus and paths one breadth-first step per query, so the
answers are the same.

Every query is a fixed Cypher text with parameters (a depth picks one of three fixed
texts); nothing from the user is spliced into a query. Every query has a timeout that
holds: the server's, and the client's socket timeout just after it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from typing import Any

import networkx as nx
from falkordb import FalkorDB
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from ..errors import AtlasError, NoPath, UnknownNode
from ..index import (
    CANDIDATES,
    Hit,
    Link,
    Neighbourhood,
    NodeInfo,
    Summary,
    _check_bounds,
    focus_result,
    grams,
    meeting_paths,
    name_table,
    provenance_json,
    rank_candidates,
    sort_links,
)

__all__ = ["DEFAULT_TIMEOUT_MS", "FalkorBackend", "load_graph"]

DEFAULT_TIMEOUT_MS = 5_000
"""Longest any one query may run on the server, in milliseconds."""

_BATCH = 5_000

_GRACE_S = 0.25
"""How long past a query's timeout the client waits for the server's own answer."""

_CONNECT_S = 5.0
"""Longest wait for a connection."""

_INDEXES = (
    "CREATE INDEX FOR (n:Node) ON (n.id)",
    "CREATE INDEX FOR (m:Name) ON (m.grams)",
)
_CREATE_NODES = (
    "UNWIND $rows AS row CREATE (:Node {id: row.id, label: row.label, type: row.type,"
    " synonyms: row.synonyms})"
)
_CREATE_NAMES = (
    "UNWIND $rows AS row CREATE (:Name {node: row.node, key: row.key, size: row.size,"
    " grams: row.grams})"
)
_CREATE_EDGES = (
    "UNWIND $rows AS row MATCH (a:Node {id: row.source}), (b:Node {id: row.target})"
    " CREATE (a)-[:EDGE {relation: row.relation, provenance: row.provenance}]->(b)"
)
_CANDIDATES = (
    "UNWIND $grams AS gram MATCH (m:Name) WHERE gram IN m.grams"
    " WITH m, count(*) AS shared ORDER BY shared DESC, m.size, m.key LIMIT $limit"
    " RETURN m.node"
)
_NODES = "MATCH (n:Node) WHERE n.id IN $ids RETURN n.id, n.label, n.synonyms"
_NODE = "MATCH (n:Node {id: $id}) RETURN n.id, n.label, n.type, n.synonyms"
_NODES_INFO = "MATCH (n:Node) WHERE n.id IN $ids RETURN n.id, n.label, n.type, n.synonyms"
# Loops are counted once, among the outgoing edges.
_LINKS_OUT = (
    "MATCH (a:Node {id: $id})-[e:EDGE]->(b:Node) WHERE $other IS NULL OR b.id = $other"
    " RETURN a.id, e.relation, b.id, e.provenance"
    " ORDER BY b.id, e.relation, e.provenance LIMIT $limit"
)
_LINKS_IN = (
    "MATCH (b:Node)-[e:EDGE]->(a:Node {id: $id})"
    " WHERE b.id <> $id AND ($other IS NULL OR b.id = $other)"
    " RETURN b.id, e.relation, a.id, e.provenance"
    " ORDER BY b.id, e.relation, e.provenance LIMIT $limit"
)
_COUNT_OUT = (
    "MATCH (a:Node {id: $id})-[e:EDGE]->(b:Node) WHERE $other IS NULL OR b.id = $other"
    " RETURN count(e)"
)
_COUNT_IN = (
    "MATCH (b:Node)-[e:EDGE]->(a:Node {id: $id})"
    " WHERE b.id <> $id AND ($other IS NULL OR b.id = $other) RETURN count(e)"
)
_SIZES = "MATCH (n:Node) RETURN n.type, count(n)"
_EDGE_COUNT = "MATCH ()-[e:EDGE]->() RETURN count(e)"
_HUBS = (
    "MATCH (n:Node) WITH n,"
    " size([(n)-[:EDGE]->(m) | m]) + size([(n)<-[:EDGE]-(m) | m]) AS degree"
    " RETURN n.id, n.label, degree ORDER BY degree DESC, n.id LIMIT $limit"
)
_PAIRS = (
    "MATCH (a:Node)-[:EDGE]->(b:Node) WHERE a.id IN $ids AND b.id IN $ids"
    " RETURN DISTINCT a.id, b.id ORDER BY a.id, b.id LIMIT $limit"
)
# Nodes of the types asked for (any if none) with an edge of the relations asked for (any
# if none). count(e) of an OPTIONAL MATCH is 0 for a node without such an edge.
_FILTERED = (
    "MATCH (n:Node) WHERE size($types) = 0 OR n.type IN $types"
    " OPTIONAL MATCH (n)-[e:EDGE]-() WHERE e.relation IN $relations"
    " WITH n, count(e) AS hits WHERE size($relations) = 0 OR hits > 0"
)
_FILTER = _FILTERED + " RETURN n.id ORDER BY n.id LIMIT $limit"
_FILTER_COUNT = _FILTERED + " RETURN count(n)"
_STEP = (
    "MATCH (a:Node)-[e:EDGE]-(m:Node) WHERE a.id IN $frontier"
    " AND (size($relations) = 0 OR e.relation IN $relations) RETURN DISTINCT m.id"
)
_OF_TYPES = (
    "MATCH (n:Node) WHERE n.id IN $ids AND (size($types) = 0 OR n.type IN $types) RETURN n.id"
)
_NEIGHBOURS = {
    depth: f"MATCH (a:Node {{id: $id}})-[*1..{depth}]-(m:Node) WHERE m <> a"
    " RETURN DISTINCT m.id LIMIT $limit"
    for depth in (1, 2, 3)
}
_STEP_PAIRS = "MATCH (a:Node)-[:EDGE]-(m:Node) WHERE a.id IN $frontier RETURN DISTINCT a.id, m.id"


def _client(url: str, timeout_ms: int) -> Any:
    """A client whose every wait ends ``_GRACE_S`` after ``timeout_ms``.

    The server's own per-query timeout is checked only between steps of its plan, so a
    long step can run far past it; the socket timeout ends the wait regardless (and,
    with retries off, does not send the query again).
    """
    try:
        return FalkorDB.from_url(
            url,
            socket_timeout=timeout_ms / 1000 + _GRACE_S,
            socket_connect_timeout=_CONNECT_S,
            retry=Retry(NoBackoff(), 0),
        )
    except (RedisError, ValueError) as err:
        raise AtlasError(f"cannot reach FalkorDB at {url}: {err}") from err


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def load_graph(
    graph: nx.MultiDiGraph, url: str, graph_name: str, *, timeout_ms: int = 60_000
) -> None:
    """Replace the FalkorDB graph ``graph_name`` at ``url`` with ``graph``.

    Parameters
    ----------
    graph
        An imported graph (nodes with ``label``, ``type``, ``synonyms``; edges with
        ``relation``).
    url
        ``redis://HOST:PORT`` of the server.
    graph_name
        The FalkorDB graph to (re)create.
    timeout_ms
        Limit for each batch query.

    Raises
    ------
    AtlasError
        If the server cannot be reached or refuses a query.
    """
    client = _client(url, timeout_ms)
    target = client.select_graph(graph_name)
    nodes = (
        {
            "id": node_id,
            "label": attrs.get("label", node_id),
            "type": attrs.get("type", ""),
            "synonyms": list(attrs.get("synonyms", ())),
        }
        for node_id, attrs in graph.nodes(data=True)
    )
    names = (
        {"node": node_id, "key": key, "size": len(name_grams), "grams": sorted(name_grams)}
        for key, (node_id, name) in enumerate(name_table(graph))
        for name_grams in (grams(name),)
    )
    edges = (
        {
            "source": source,
            "target": target_id,
            "relation": attrs.get("relation", ""),
            "provenance": provenance_json(attrs.get("provenance", ())),
        }
        for source, target_id, attrs in graph.edges(data=True)
    )
    try:
        if graph_name in client.list_graphs():
            target.delete()
        for query in _INDEXES:
            target.query(query, timeout=timeout_ms)
        for query, rows in ((_CREATE_NODES, nodes), (_CREATE_NAMES, names), (_CREATE_EDGES, edges)):
            for batch in _batches(rows):
                target.query(query, {"rows": batch}, timeout=timeout_ms)
    except RedisError as err:
        raise AtlasError(f"FalkorDB at {url} refused the load: {err}") from err


class FalkorBackend:
    """``graph.index.GraphBackend`` answered by a FalkorDB server.

    Parameters
    ----------
    url
        ``redis://HOST:PORT`` of the server.
    graph_name
        The graph ``load_graph`` wrote.
    timeout_ms
        Limit for every query, in milliseconds.
    """

    def __init__(self, url: str, graph_name: str, *, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> None:
        self.url = url
        self._graph = _client(url, timeout_ms).select_graph(graph_name)
        self.timeout_ms = timeout_ms

    def _rows(self, query: str, params: dict[str, Any]) -> list[list[Any]]:
        try:
            return self._graph.ro_query(query, params, timeout=self.timeout_ms).result_set
        except RedisError as err:
            raise AtlasError(f"FalkorDB at {self.url}: {err}") from err

    def _require(self, *node_ids: str) -> None:
        found = {row[0] for row in self._rows(_NODES, {"ids": list(node_ids)})}
        for node_id in node_ids:
            if node_id not in found:
                raise UnknownNode(node_id)

    def search(self, text: str, *, limit: int = 10) -> list[Hit]:
        """Nodes whose id, label or a synonym matches ``text``; see ``rank_candidates``."""
        query_grams = sorted(grams(text))
        if not text.strip():
            return []
        chosen = self._rows(_CANDIDATES, {"grams": query_grams, "limit": CANDIDATES})
        # The index holds labels and synonyms; an id typed whole is looked up as well.
        node_ids = list(dict.fromkeys((text.strip(), *(row[0] for row in chosen))))
        rows = self._rows(_NODES, {"ids": node_ids})
        candidates = ((node_id, label, synonyms or ()) for node_id, label, synonyms in rows)
        return rank_candidates(text, candidates, limit=limit)

    def node(self, node_id: str) -> NodeInfo:
        """The node's label, type and synonyms; ``UnknownNode`` if there is none."""
        rows = self._rows(_NODE, {"id": node_id})
        if not rows:
            raise UnknownNode(node_id)
        found, label, node_type, synonyms = rows[0]
        return NodeInfo(found, label, node_type or "", tuple(synonyms or ()))

    def nodes(self, node_ids: Iterable[str]) -> list[NodeInfo]:
        """``node`` for each of ``node_ids``, in their order, in one query; ``UnknownNode``
        if one is not in the graph."""
        wanted = list(node_ids)
        rows = self._rows(_NODES_INFO, {"ids": sorted(set(wanted))}) if wanted else []
        found = {
            node_id: NodeInfo(node_id, label, node_type or "", tuple(synonyms or ()))
            for node_id, label, node_type, synonyms in rows
        }
        for node_id in wanted:
            if node_id not in found:
                raise UnknownNode(node_id)
        return [found[node_id] for node_id in wanted]

    def links(
        self, node_id: str, *, other: str | None = None, limit: int = 200
    ) -> tuple[list[Link], int]:
        """Edges at ``node_id`` (only those to or from ``other`` if given), first ``limit``
        in ``graph.index.sort_links`` order, and how many there are in all."""
        self._require(node_id)
        params = {"id": node_id, "other": other, "limit": max(limit, 1)}
        found = [
            Link(source, relation, target, tuple(json.loads(provenance or "[]")))
            for query in (_LINKS_OUT, _LINKS_IN)
            for source, relation, target, provenance in self._rows(query, params)
        ]
        total = sum(self._rows(query, params)[0][0] for query in (_COUNT_OUT, _COUNT_IN))
        return sort_links(found, limit=limit), total

    def summary(self, *, hubs: int = 10) -> Summary:
        """Sizes, nodes per type and the ``hubs`` best-connected nodes."""
        types = sorted(
            ((node_type or "", count) for node_type, count in self._rows(_SIZES, {})),
            key=lambda pair: (-pair[1], pair[0]),
        )
        best = self._rows(_HUBS, {"limit": max(hubs, 1)})[:hubs]
        return Summary(
            sum(count for _, count in types),
            self._rows(_EDGE_COUNT, {})[0][0],
            tuple(types),
            tuple((node_id, label, degree) for node_id, label, degree in best),
        )

    def pairs_among(self, node_ids: Iterable[str], *, limit: int) -> list[tuple[str, str]]:
        """Distinct ``(source, target)`` pairs joined by an edge, both ends in ``node_ids``,
        at most ``limit`` of them (sorted)."""
        rows = self._rows(_PAIRS, {"ids": sorted(set(node_ids)), "limit": max(limit, 1)})
        return [(source, target) for source, target in rows][:limit]

    def filter_nodes(
        self, *, types: Collection[str] = (), relations: Collection[str] = (), limit: int = 2000
    ) -> tuple[list[str], int]:
        """Ids of the nodes of ``types`` with an edge of ``relations`` (empty: any), the
        first ``limit`` by id, and how many there are in all."""
        params = {"types": sorted(types), "relations": sorted(relations)}
        total = self._rows(_FILTER_COUNT, params)[0][0]
        if limit <= 0:
            return [], total
        rows = self._rows(_FILTER, {**params, "limit": limit})
        return [row[0] for row in rows], total

    def focus(
        self,
        node_id: str,
        *,
        depth: int = 1,
        types: Collection[str] = (),
        relations: Collection[str] = (),
        limit: int = 2000,
    ) -> Neighbourhood:
        """``node_id`` and the nodes of ``types`` within ``depth`` steps along edges of
        ``relations`` (empty: any); see ``graph.index.focus_result``.

        One query per step (the frontier's neighbours), so the work grows with the nodes
        reached, never with the number of paths to them.
        """
        _check_bounds(depth, 1)
        self._require(node_id)
        seen, frontier = {node_id}, [node_id]
        wanted = sorted(relations)
        for _ in range(depth):
            if not frontier:
                break
            rows = self._rows(_STEP, {"frontier": frontier, "relations": wanted})
            frontier = sorted({row[0] for row in rows} - seen)
            seen.update(frontier)
        reached = sorted(seen - {node_id})
        if types and reached:
            params = {"ids": reached, "types": sorted(types)}
            reached = [row[0] for row in self._rows(_OF_TYPES, params)]
        return focus_result(node_id, reached, limit=limit)

    def neighbours(self, node_id: str, *, depth: int = 1, limit: int = 2000) -> Neighbourhood:
        """Nodes within ``depth`` steps (1 to 3), stopping at ``limit`` nodes."""
        _check_bounds(depth, 1)
        self._require(node_id)
        rows = self._rows(_NEIGHBOURS[depth], {"id": node_id, "limit": max(limit, 1)})
        found = {node_id, *(row[0] for row in rows)}
        truncated = len(found) > limit
        return Neighbourhood(frozenset(sorted(found)[:limit] if truncated else found), truncated)

    def shortest_paths(
        self, source: str, target: str, *, max_length: int = 4, limit: int = 5
    ) -> list[tuple[str, ...]]:
        """The shortest paths up to ``max_length`` edges, first ``limit`` in sorted order.

        A bidirectional breadth-first search asked one step at a time (one query for the
        smaller frontier's neighbours), as ``graph.memory.MemoryBackend`` walks it, so the
        work grows with the nodes near the two ends, never with the number of paths.

        Raises
        ------
        NoPath
            If no path of at most ``max_length`` edges joins them.
        """
        _check_bounds(1, max_length)
        self._require(source, target)
        if source == target:
            return [(source,)]
        parents: tuple[dict[str, list[str]], dict[str, list[str]]] = ({source: []}, {target: []})
        frontiers = [[source], [target]]
        for _ in range(max_length):
            side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
            mine, theirs = parents[side], parents[1 - side]
            steps = self._rows(_STEP_PAIRS, {"frontier": frontiers[side]})
            meeting = {other for _, other in steps if other in theirs}
            layer: dict[str, list[str]] = {}
            for node, other in steps:
                # On the layer where the two searches meet, only the meeting nodes matter.
                if other not in mine and (not meeting or other in meeting):
                    layer.setdefault(other, []).append(node)
            mine.update(layer)
            frontiers[side] = sorted(layer)
            if meeting:
                return meeting_paths(parents, meeting, source, target, limit=limit)
            if not layer:
                break
        raise NoPath(f"no path of at most {max_length} steps joins {source!r} and {target!r}")
