"""Build a networkx multigraph's adjacency from edge columns, in a few passes over arrays.

Adding a million edges one at a time touches a hundred thousand scattered dicts a million
times, and that walk was most of a large load. ``link_columns`` sorts the edges (as integer
node positions) with numpy instead, and writes each node's successor and predecessor
dicts whole, so the graph is exactly the one ``add_edge`` in file order would give: the
same keys (0, 1, ... per pair, in file order) and the same neighbour order (a pair first
seen earlier in the file comes first), with one key dict shared by both sides.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx
import numpy as np

__all__ = ["link_columns"]


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
