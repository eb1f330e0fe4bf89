"""Build a networkx multigraph's adjacency from edge columns, in a few passes over arrays.

Adding a million edges one at a time touches a hundred thousand scattered dicts a million
times, and that walk was most of a large load. ``link_columns`` sorts the edges (as integer
node positions) with numpy instead, and writes each node's successor and predecessor
dicts whole, so the graph is exactly the one ``add_edge`` in file order would give: the
same keys (0, 1, ... per pair, in file order) and the same neighbour order (a pair first
seen earlier in the file comes first), with one key dict shared by both sides.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Adjacency", "EdgeColumns", "Side", "build_graph", "link_columns"]


@dataclass(frozen=True, slots=True)
class EdgeColumns:
    """A clean file's edges as columns, in file order: what the cache keeps of them.

    ``sources`` and ``targets`` are positions in ``node_ids``, ``codes`` index
    ``relations``, and ``provenance`` holds the edges that carry their own (by position);
    the others share their relation's dict, whose provenance is the file's data set.
    """

    node_ids: list[str]
    sources: np.ndarray
    targets: np.ndarray
    codes: np.ndarray
    relations: list[str]
    provenance: Mapping[int, tuple[dict[str, str], ...]]

    def attrs(self, default: tuple[dict[str, str], ...]) -> list[dict[str, Any]]:
        """Each edge's attribute dict; edges without their own provenance share one."""
        shared = [
            {"relation": sys.intern(relation), "provenance": default} for relation in self.relations
        ]
        attrs = [shared[code] for code in self.codes.tolist()]
        for edge, provenance in self.provenance.items():
            attrs[edge] = {"relation": attrs[edge]["relation"], "provenance": provenance}
        return attrs


def build_graph(
    nodes: tuple[list[str], list[str], list[str], list[tuple[str, ...]]],
    columns: EdgeColumns,
    default: tuple[dict[str, str], ...],
    dataset: str | None,
) -> nx.MultiDiGraph:
    """The frozen networkx graph of nodes ``(ids, labels, types, synonyms)`` and edges.

    ``default`` is the provenance of edges without their own; ``dataset`` (if any) becomes
    the graph's ``dataset`` attribute.
    """
    import networkx as nx  # here: the arrays alone (a large graph's questions) need none

    graph = nx.MultiDiGraph() if dataset is None else nx.MultiDiGraph(dataset=dataset)
    node_ids, labels, types, synonyms = nodes
    graph._node.update(
        (node_id, {"label": label, "type": node_type, "synonyms": names})
        for node_id, label, node_type, names in zip(node_ids, labels, types, synonyms, strict=True)
    )
    graph._succ.update((node_id, {}) for node_id in node_ids)
    graph._pred.update((node_id, {}) for node_id in node_ids)
    link_columns(graph, node_ids, columns.sources, columns.targets, columns.attrs(default))
    return nx.freeze(graph)


def link_columns(
    graph: nx.MultiDiGraph,
    node_ids: Sequence[str],
    sources: np.ndarray,
    targets: np.ndarray,
    attrs: Sequence[dict[str, Any]],
) -> None:
    """Add every edge ``sources[i] -> targets[i]`` (positions in ``node_ids``) to ``graph``.

    Parameters
    ----------
    graph
        A graph that holds ``node_ids`` (in that order) and no edges yet; filled in place.
    node_ids
        The graph's nodes, in its order.
    sources, targets
        Integer positions in ``node_ids``, one per edge, in file order.
    attrs
        Each edge's attribute dict (kept, not copied).

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.MultiDiGraph()
    >>> graph.add_nodes_from("ab")
    >>> link_columns(graph, "ab", np.array([0, 0]), np.array([1, 1]), [{"r": 1}, {"r": 2}])
    >>> list(graph.edges(keys=True, data="r"))
    [('a', 'b', 0, 1), ('a', 'b', 1, 2)]
    """
    if len(sources) == 0:
        return
    count = len(node_ids)
    pairs = sources.astype(np.int64) * count + targets.astype(np.int64)
    order = np.argsort(pairs, kind="stable")  # stable: a pair's edges stay in file order
    ordered = pairs[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    firsts = order[starts]  # where each distinct pair first appears in the file
    keyed = [{0: attrs[edge]} for edge in firsts.tolist()]
    runs = np.diff(np.append(starts, len(order)))
    for run in np.flatnonzero(runs > 1).tolist():
        edges = order[starts[run] : starts[run] + runs[run]].tolist()
        keyed[run] = dict(enumerate(attrs[edge] for edge in edges))
    distinct = ordered[starts]
    owners, others = distinct // count, distinct % count
    _fill(graph._succ, node_ids, owners, others, firsts, keyed)
    _fill(graph._pred, node_ids, others, owners, firsts, keyed)


def _fill(
    adjacency: dict[str, dict[str, dict[int, Any]]],
    node_ids: Sequence[str],
    owners: np.ndarray,
    others: np.ndarray,
    firsts: np.ndarray,
    keyed: list[dict[int, Any]],
) -> None:
    """Write each owner's neighbour dict whole, neighbours in order of first appearance."""
    order = np.lexsort((firsts, owners))
    grouped = owners[order]
    names = [node_ids[other] for other in others[order].tolist()]
    values = [keyed[pair] for pair in order.tolist()]
    bounds = (np.flatnonzero(grouped[1:] != grouped[:-1]) + 1).tolist()
    starts, ends = [0, *bounds], [*bounds, len(order)]
    for owner, start, end in zip(grouped[starts].tolist(), starts, ends, strict=True):
        adjacency[node_ids[owner]] = dict(zip(names[start:end], values[start:end], strict=True))


def _sort_by(major: np.ndarray, minor: np.ndarray, span: int) -> np.ndarray:
    """The positions that sort by ``major``, then ``minor`` (below ``span``), then position.

    When one integer holds all three, the keys are distinct and numpy's unstable sort
    (vectorised, several times faster than its stable one) gives the one order; graphs too
    large for that take the stable ``lexsort``.
    """
    size = len(major)
    if size == 0 or (int(major.max()) + 1) * span * size >= 2**63:
        return np.lexsort((minor, major))
    major, minor = major.astype(np.int64, copy=False), minor.astype(np.int64, copy=False)
    return np.argsort((major * span + minor) * size + np.arange(size))


@dataclass(frozen=True, slots=True, eq=False)
class Side:
    """One direction of the adjacency (successors or predecessors) as sorted arrays.

    Entries ``starts[p]:starts[p + 1]`` are node ``p``'s edges: ``others`` the node at
    the other end, ``edges`` the edge's number. A node's edges to one neighbour sit
    together, neighbours in the order networkx would list them; ``unique`` holds each
    neighbour once (``unique_starts`` indexes it the same way).
    """

    starts: np.ndarray
    others: np.ndarray
    edges: np.ndarray
    unique_starts: np.ndarray
    unique: np.ndarray

    @classmethod
    def build(cls, owners: np.ndarray, others: np.ndarray, edges: np.ndarray, count: int) -> Side:
        """From entries already grouped by owner (ascending) in neighbour order."""
        ends = np.arange(count + 1)
        new = np.ones(len(owners), dtype=bool)
        new[1:] = (owners[1:] != owners[:-1]) | (others[1:] != others[:-1])
        return cls(
            np.searchsorted(owners, ends),
            others,
            edges,
            np.searchsorted(owners[new], ends),
            others[new],
        )

    def around(self, position: int) -> list[int]:
        """The distinct neighbours of node ``position``, in order."""
        return self.unique[self.unique_starts[position] : self.unique_starts[position + 1]].tolist()

    def width(self, position: int) -> int:
        """How many distinct neighbours node ``position`` has."""
        return int(self.unique_starts[position + 1] - self.unique_starts[position])

    def entries(self, position: int) -> tuple[list[int], list[int]]:
        """Node ``position``'s edges: the other ends and the edge numbers."""
        start, end = self.starts[position], self.starts[position + 1]
        return self.others[start:end].tolist(), self.edges[start:end].tolist()

    def counts(self) -> np.ndarray:
        """Edges per node."""
        return np.diff(self.starts)


@dataclass(frozen=True, slots=True, eq=False)
class Adjacency:
    """An imported graph as arrays: what ``graph.memory.MemoryBackend`` asks questions of.

    Nodes are numbered by position in ``node_ids``; edges by their place in the file.
    Every edge has a relation (``relations[codes[e]]``) and its own provenance in
    ``provenance`` or else ``default``. ``to_graph`` gives the networkx graph (the model)
    these arrays stand for; questions never need it, so a large graph starts without it.
    """

    node_ids: list[str]
    positions: dict[str, int]
    labels: list[str]
    types: list[str]
    synonyms: list[tuple[str, ...]]
    relations: list[str]
    codes: np.ndarray
    provenance: Mapping[int, tuple[dict[str, str], ...]]
    default: tuple[dict[str, str], ...]
    out: Side
    into: Side
    dataset: str | None

    @classmethod
    def from_columns(
        cls,
        nodes: tuple[list[str], list[str], list[str], list[tuple[str, ...]]],
        columns: EdgeColumns,
        dataset: str,
    ) -> Adjacency:
        """From nodes ``(ids, labels, types, synonyms)`` and edges in file order."""
        node_ids = nodes[0]
        count = len(node_ids)
        sources, targets = columns.sources, columns.targets
        order = _sort_by(sources, targets, count)  # by pair, a pair's edges in file order
        ordered = sources[order] * count + targets[order]
        starts = np.flatnonzero(np.diff(ordered, prepend=ordered[:1] - 1))
        runs = np.diff(np.append(starts, len(order)))
        first = np.empty(len(order), dtype=np.int64)  # where each edge's pair first appears
        first[order] = np.repeat(order[starts], runs)
        # networkx lists neighbours in the order their pair first appears: sort by owner,
        # then first appearance, then file order.
        span = max(len(order), 1)
        out_order = _sort_by(sources, first, span)
        into_order = _sort_by(targets, first, span)
        return cls(
            node_ids,
            {node_id: position for position, node_id in enumerate(node_ids)},
            *nodes[1:],
            columns.relations,
            columns.codes,
            columns.provenance,
            ({"dataset": dataset},),
            Side.build(sources[out_order], targets[out_order], out_order, count),
            Side.build(targets[into_order], sources[into_order], into_order, count),
            dataset,
        )

    def relation(self, edge: int) -> str:
        """Edge ``edge``'s relation."""
        return self.relations[self.codes[edge]]

    def edge_provenance(self, edge: int) -> tuple[dict[str, str], ...]:
        """Edge ``edge``'s provenance records."""
        return self.provenance.get(edge, self.default)

    def to_graph(self) -> nx.MultiDiGraph:
        """The frozen networkx graph these arrays stand for (built anew on each call)."""
        edges = len(self.codes)
        sources, targets = np.empty(edges, dtype=np.int64), np.empty(edges, dtype=np.int64)
        sources[self.out.edges] = np.repeat(np.arange(len(self.node_ids)), self.out.counts())
        targets[self.out.edges] = self.out.others
        columns = EdgeColumns(
            self.node_ids, sources, targets, self.codes, self.relations, self.provenance
        )
        nodes = (self.node_ids, self.labels, self.types, self.synonyms)
        return build_graph(nodes, columns, self.default, self.dataset)

    @classmethod
    def from_graph(cls, graph: nx.MultiDiGraph) -> Adjacency:
        """From an imported networkx graph (its neighbour order kept)."""
        node_ids = list(graph)
        positions = {node_id: position for position, node_id in enumerate(node_ids)}
        nodes = graph.nodes
        owners: list[int] = []
        others: list[int] = []
        codes: list[int] = []
        code_of: dict[str, int] = {}
        provenance: dict[int, tuple[dict[str, str], ...]] = {}
        first: dict[int, int] = {}  # a pair's key dict (shared by both sides) -> its first edge
        for source, around in graph._succ.items():
            for target, keyed in around.items():
                first[id(keyed)] = len(owners)
                for attrs in keyed.values():
                    if "provenance" in attrs:
                        provenance[len(owners)] = tuple(attrs["provenance"])
                    owners.append(positions[source])
                    others.append(positions[target])
                    relation = str(attrs.get("relation", ""))
                    codes.append(code_of.setdefault(relation, len(code_of)))
        into: tuple[list[int], list[int], list[int]] = ([], [], [])
        for target, around in graph._pred.items():
            for source, keyed in around.items():
                for offset in range(len(keyed)):
                    into[0].append(positions[target])
                    into[1].append(positions[source])
                    into[2].append(first[id(keyed)] + offset)
        count = len(node_ids)
        return cls(
            node_ids,
            positions,
            [nodes[node].get("label", node) for node in node_ids],
            [nodes[node].get("type", "") for node in node_ids],
            [tuple(nodes[node].get("synonyms", ())) for node in node_ids],
            list(code_of),
            np.array(codes, dtype=np.int32),
            provenance,
            (),
            Side.build(
                *(np.array(column, dtype=np.int64) for column in (owners, others)),
                np.arange(len(owners)),
                count,
            ),
            Side.build(*(np.array(column, dtype=np.int64) for column in into), count),
            graph.graph.get("dataset"),
        )
