"""Queries that scale to a million edges: name search, neighbourhoods and bounded paths.

``MemoryBackend`` answers them over an imported ``networkx.MultiDiGraph`` (which stays the
model) with structures built once: a trigram index over every label and synonym, so a
search scores a few hundred candidates instead of every name; a breadth-first walk that
stops at a node limit; and a bidirectional breadth-first search that finds the shortest
paths without enumerating simple paths. ``graph.backends.falkor.FalkorBackend`` answers the
same three questions from a FalkorDB server, with the same ranking (``rank_candidates``),
so the two give the same answers.
"""

from __future__ import annotations

import heapq
import itertools
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

import networkx as nx
import numpy as np
from rapidfuzz import fuzz

from .errors import NoPath, UnknownNode

__all__ = [
    "CANDIDATES",
    "MAX_DEPTH",
    "MAX_PATH_EDGES",
    "PROVENANCE_KEYS",
    "GraphBackend",
    "Hit",
    "Link",
    "MemoryBackend",
    "NameIndex",
    "Neighbourhood",
    "NodeInfo",
    "Summary",
    "fold",
    "grams",
    "kept_provenance",
    "name_table",
    "provenance_json",
    "rank_candidates",
    "sort_links",
]

CANDIDATES = 200
"""Names a search scores: those sharing the most trigrams with the query, shortest first."""

MIN_SCORE = 70.0
"""Lowest fuzzy score (0-100) that still counts as a match."""

MAX_DEPTH = 3
"""Deepest neighbourhood either backend answers."""

MAX_PATH_EDGES = 6
"""Longest path either backend looks for."""

MAX_ENUMERATED = 10_000
"""Shortest paths collected before sorting; between two hubs there can be millions."""


def fold(text: str) -> str:
    """Case- and space-fold a name for matching.

    Examples
    --------
    >>> fold("  Charley   HORSE ")
    'charley horse'
    """
    return " ".join(text.casefold().split())


def grams(text: str) -> frozenset[str]:
    """The trigrams of a folded name, padded so its first and last letters count.

    Examples
    --------
    >>> sorted(grams("ab"))
    [' ab', 'ab ']
    """
    padded = f" {fold(text)} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


@dataclass(frozen=True, slots=True)
class Hit:
    """One search answer: the node, the name that matched, and the score (100 = exact)."""

    node_id: str
    label: str
    matched: str
    score: float


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """The nodes within ``depth`` of a centre (itself included); ``truncated`` if limited."""

    nodes: frozenset[str]
    truncated: bool


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """What the query commands print of a node."""

    node_id: str
    label: str
    node_type: str
    synonyms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """One edge with its provenance: quotes (``source``, ``quote``, ``strength``) or data sets."""

    source: str
    relation: str
    target: str
    provenance: tuple[dict[str, str], ...]


@dataclass(frozen=True, slots=True)
class Summary:
    """The opening view of a large graph: sizes, nodes per type, the best-connected nodes.

    ``types`` is ``(type, count)`` most first; ``hubs`` is ``(node_id, label, degree)``,
    highest degree first, ties by id (a loop counts twice, as in networkx).
    """

    nodes: int
    edges: int
    types: tuple[tuple[str, int], ...]
    hubs: tuple[tuple[str, str, int], ...]


PROVENANCE_KEYS = ("dataset", "source", "quote", "strength")


def kept_provenance(provenance: Iterable[Mapping[str, str]]) -> tuple[dict[str, str], ...]:
    """Provenance records cut to the keys a ``Link`` keeps (``PROVENANCE_KEYS``)."""
    return tuple(
        {key: record[key] for key in PROVENANCE_KEYS if key in record} for record in provenance
    )


def provenance_json(provenance: Iterable[Mapping[str, str]]) -> str:
    """Provenance records as canonical JSON text, cut to ``PROVENANCE_KEYS``."""
    return json.dumps(list(kept_provenance(provenance)), sort_keys=True, ensure_ascii=False)


def _link_order(link: Link) -> tuple[str, str, str, str]:
    return (link.source, link.target, link.relation, provenance_json(link.provenance))


def sort_links(links: Iterable[Link], *, limit: int) -> list[Link]:
    """The first ``limit`` links by source, target, relation, then provenance."""
    return sorted(links, key=_link_order)[:limit]


def _link(source: str, target: str, attrs: Mapping[str, object]) -> Link:
    provenance = attrs.get("provenance", ())
    return Link(source, str(attrs.get("relation", "")), target, kept_provenance(provenance))  # type: ignore[arg-type]


def _score(query: str, name: str) -> float:
    if name == query:
        return 100.0
    if name.startswith(query):
        return 95.0
    return float(fuzz.ratio(query, name))


def rank_candidates(
    query: str, candidates: Iterable[tuple[str, str, Iterable[str]]], *, limit: int
) -> list[Hit]:
    """Score candidate nodes against a query: exact, then prefix, then closest spelling.

    Parameters
    ----------
    query
        What the user typed.
    candidates
        ``(node_id, label, names)`` for each node the prefilter kept.
    limit
        Most hits returned.

    Returns
    -------
    list of Hit
        Best first; ties by label, then id. Names scoring under ``MIN_SCORE`` are dropped.

    Examples
    --------
    >>> [hit.node_id for hit in rank_candidates("almnd", [("a", "Almond", ["almond"])], limit=5)]
    ['a']
    """
    folded = fold(query)
    hits = []
    for node_id, label, names in candidates:
        score, matched = max((_score(folded, fold(name)), name) for name in names)
        if score >= MIN_SCORE:
            hits.append(Hit(node_id, label, matched, score))
    hits.sort(key=lambda hit: (-hit.score, hit.label, hit.node_id))
    return hits[:limit]


def name_table(graph: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """Every ``(node_id, folded name)`` of the graph's labels and synonyms, sorted, unique."""
    names = set()
    for node_id, attrs in graph.nodes(data=True):
        for name in (attrs.get("label", node_id), *attrs.get("synonyms", ())):
            names.add((node_id, fold(name)))
    return sorted(names)


def _candidates(
    graph: nx.MultiDiGraph, node_ids: Iterable[str]
) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    for node_id in node_ids:
        attrs = graph.nodes[node_id]
        label = attrs.get("label", node_id)
        yield node_id, label, (label, *attrs.get("synonyms", ()))


@dataclass(frozen=True, slots=True)
class NameIndex:
    """A trigram index over every label and synonym: the search prefilter.

    ``names`` is ``name_table``'s list; ``sizes`` holds each name's trigram count; and
    ``postings`` maps a trigram to the ascending positions in ``names`` of the names that
    hold it. ``graph.store`` keeps all three as plain arrays in its cache.
    """

    names: list[tuple[str, str]]
    sizes: np.ndarray
    postings: Mapping[str, np.ndarray]

    @classmethod
    def build(cls, graph: nx.MultiDiGraph) -> NameIndex:
        """Index the labels and synonyms of ``graph``."""
        names = name_table(graph)
        postings: dict[str, list[int]] = {}
        sizes = []
        for position, (_, name) in enumerate(names):
            name_grams = grams(name)
            sizes.append(len(name_grams))
            for gram in name_grams:
                postings.setdefault(gram, []).append(position)
        return cls(
            names,
            np.asarray(sizes, dtype=np.int32),
            {gram: np.asarray(found, dtype=np.int32) for gram, found in postings.items()},
        )

    def candidates(self, text: str) -> list[str]:
        """Ids of the nodes whose names share most trigrams with ``text``, best first.

        At most ``CANDIDATES`` names: most shared trigrams first, then fewest trigrams (an
        exact name before longer ones that hold it), then table order, which is the order
        ``FalkorBackend`` asks its server for.
        """
        lists = [self.postings[gram] for gram in grams(text) if gram in self.postings]
        if not lists or not fold(text):
            return []
        counts = np.bincount(np.concatenate(lists), minlength=len(self.names))
        found = np.flatnonzero(counts)
        shared, sizes = counts[found], self.sizes[found].astype(np.int64)
        widest = int(sizes.max()) + 1
        if len(found) <= CANDIDATES or (len(lists) + 1) * widest * len(self.names) >= 2**62:
            chosen = found[np.lexsort((found, sizes, -shared))][:CANDIDATES]
        else:
            # One number per name that sorts as (most shared, fewest trigrams, position),
            # and only the best CANDIDATES of them sorted: a common trigram can match most
            # of the table, and sorting all of it was most of a search's time.
            keys = ((len(lists) - shared) * widest + sizes) * len(self.names) + found
            best = np.argpartition(keys, CANDIDATES - 1)[:CANDIDATES]
            chosen = found[best[np.argsort(keys[best])]]
        return list(dict.fromkeys(self.names[position][0] for position in chosen.tolist()))


class GraphBackend(Protocol):
    """The questions both backends answer, with the same results."""

    def search(self, text: str, *, limit: int = 10) -> list[Hit]:
        """Nodes whose label or a synonym matches ``text``, best first."""
        ...

    def neighbours(self, node_id: str, *, depth: int = 1, limit: int = 2000) -> Neighbourhood:
        """Nodes within ``depth`` steps of ``node_id``, either direction."""
        ...

    def node(self, node_id: str) -> NodeInfo:
        """The node's label, type and synonyms; ``UnknownNode`` if there is none."""
        ...

    def links(
        self, node_id: str, *, other: str | None = None, limit: int = 200
    ) -> tuple[list[Link], int]:
        """Edges at ``node_id`` (only those to or from ``other`` if given), first ``limit``
        in ``sort_links`` order, and how many there are in all."""
        ...

    def summary(self, *, hubs: int = 10) -> Summary:
        """Sizes, nodes per type and the ``hubs`` best-connected nodes."""
        ...

    def pairs_among(self, node_ids: Iterable[str], *, limit: int) -> list[tuple[str, str]]:
        """Distinct ``(source, target)`` pairs joined by an edge, both ends in ``node_ids``,
        at most ``limit`` of them (sorted)."""
        ...

    def shortest_paths(
        self, source: str, target: str, *, max_length: int = 4, limit: int = 5
    ) -> list[tuple[str, ...]]:
        """The shortest paths (either direction per step), at most ``limit``, sorted."""
        ...


def _check_bounds(depth: int, max_length: int) -> None:
    if not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be 1 to {MAX_DEPTH}, not {depth}")
    if not 1 <= max_length <= MAX_PATH_EDGES:
        raise ValueError(f"max_length must be 1 to {MAX_PATH_EDGES}, not {max_length}")


class MemoryBackend:
    """``GraphBackend`` over an in-memory graph; builds its search index once.

    Parameters
    ----------
    graph
        An imported graph (nodes with ``label`` and ``synonyms``), not copied.

    Examples
    --------
    >>> graph = nx.MultiDiGraph()
    >>> graph.add_node("mg", label="Magnesium", synonyms=("Mg",))
    >>> graph.add_node("al", label="Almonds", synonyms=())
    >>> graph.add_edge("al", "mg", relation="rich_in")
    0
    >>> backend = MemoryBackend(graph)
    >>> [hit.node_id for hit in backend.search("magnesum")]
    ['mg']
    >>> backend.shortest_paths("mg", "al")
    [('mg', 'al')]
    """

    def __init__(
        self,
        graph: nx.MultiDiGraph,
        *,
        names: NameIndex | None = None,
        summary: Summary | None = None,
    ) -> None:
        self.graph = graph
        self.names = NameIndex.build(graph) if names is None else names
        self._summaries = {} if summary is None else {len(summary.hubs): summary}

    def _require(self, node_id: str) -> None:
        if node_id not in self.graph:
            raise UnknownNode(node_id)

    def search(self, text: str, *, limit: int = 10) -> list[Hit]:
        """Nodes whose label or a synonym matches ``text``; see ``rank_candidates``."""
        node_ids = self.names.candidates(text)
        return rank_candidates(text, _candidates(self.graph, node_ids), limit=limit)

    def node(self, node_id: str) -> NodeInfo:
        """The node's label, type and synonyms; ``UnknownNode`` if there is none."""
        self._require(node_id)
        attrs = self.graph.nodes[node_id]
        return NodeInfo(
            node_id,
            attrs.get("label", node_id),
            attrs.get("type", ""),
            tuple(attrs.get("synonyms", ())),
        )

    def links(
        self, node_id: str, *, other: str | None = None, limit: int = 200
    ) -> tuple[list[Link], int]:
        """Edges at ``node_id`` (only those to or from ``other`` if given), first ``limit``
        in ``sort_links`` order, and how many there are in all."""
        self._require(node_id)
        succ, pred = self.graph.succ[node_id], self.graph.pred[node_id]
        outgoing = succ.items() if other is None else [(other, succ.get(other, {}))]
        incoming = pred.items() if other is None else [(other, pred.get(other, {}))]
        found = [
            _link(node_id, target, attrs) for target, keyed in outgoing for attrs in keyed.values()
        ]
        found += [
            _link(source, node_id, attrs)
            for source, keyed in incoming
            if source != node_id  # a loop is already among the outgoing edges
            for attrs in keyed.values()
        ]
        return sort_links(found, limit=limit), len(found)

    def summary(self, *, hubs: int = 10) -> Summary:
        """Sizes, nodes per type and the ``hubs`` best-connected nodes (kept once made)."""
        known = self._summaries.get(hubs)
        if known is None:
            known = self._summaries[hubs] = self._summarise(hubs)
        return known

    def _summarise(self, hubs: int) -> Summary:
        graph = self.graph
        types = Counter(attrs.get("type", "") for _, attrs in graph.nodes(data=True))
        best = heapq.nsmallest(hubs, graph.degree, key=lambda pair: (-pair[1], pair[0]))
        return Summary(
            graph.number_of_nodes(),
            graph.number_of_edges(),
            tuple(sorted(types.items(), key=lambda pair: (-pair[1], pair[0]))),
            tuple((node, graph.nodes[node].get("label", node), degree) for node, degree in best),
        )

    def pairs_among(self, node_ids: Iterable[str], *, limit: int) -> list[tuple[str, str]]:
        """Distinct ``(source, target)`` pairs joined by an edge, both ends in ``node_ids``,
        at most ``limit`` of them (sorted)."""
        chosen = set(node_ids)
        succ = self.graph.succ
        found = (
            (source, target)
            for source in sorted(chosen & succ.keys())
            for target in sorted(chosen.intersection(succ[source]))
        )
        return list(itertools.islice(found, limit))

    def _around(self, node_id: str) -> Iterator[str]:
        yield from self.graph.succ[node_id]
        yield from self.graph.pred[node_id]

    def neighbours(self, node_id: str, *, depth: int = 1, limit: int = 2000) -> Neighbourhood:
        """Nodes within ``depth`` steps (1 to ``MAX_DEPTH``), stopping at ``limit`` nodes."""
        _check_bounds(depth, 1)
        self._require(node_id)
        seen = {node_id}
        frontier = [node_id]
        for _ in range(depth):
            following = []
            for node in frontier:
                for other in self._around(node):
                    if other not in seen:
                        if len(seen) >= limit:
                            return Neighbourhood(frozenset(seen), True)
                        seen.add(other)
                        following.append(other)
            frontier = following
        return Neighbourhood(frozenset(seen), False)

    def shortest_paths(
        self, source: str, target: str, *, max_length: int = 4, limit: int = 5
    ) -> list[tuple[str, ...]]:
        """The shortest paths up to ``max_length`` edges, first ``limit`` in sorted order.

        When more than ``MAX_ENUMERATED`` shortest paths exist, the first ``limit`` of
        ``MAX_ENUMERATED`` of them (in middle-node order) are returned.

        A bidirectional breadth-first search grows the smaller side until the two meet,
        so the work is bounded by the nodes near the two ends, never by the number of
        simple paths.

        Raises
        ------
        NoPath
            If no path of at most ``max_length`` edges joins them.
        """
        _check_bounds(1, max_length)
        self._require(source)
        self._require(target)
        if source == target:
            return [(source,)]
        parents: tuple[dict[str, list[str]], dict[str, list[str]]] = ({source: []}, {target: []})
        frontiers = ([source], [target])
        for _ in range(max_length):
            # Grow the side with fewer edges to follow: a frontier of a few hubs can cost
            # more than one of many leaves.
            side = 0 if self._cost(frontiers[0]) <= self._cost(frontiers[1]) else 1
            frontiers, meet = self._grow(parents, frontiers, side)
            if meet:
                found = (
                    path
                    for middle in sorted(meet)
                    for path in _joined(parents, middle, source, target)
                )
                return sorted(itertools.islice(found, MAX_ENUMERATED))[:limit]
            if not frontiers[side]:
                break
        raise NoPath(f"no path of at most {max_length} steps joins {source!r} and {target!r}")

    def _cost(self, frontier: list[str]) -> int:
        succ, pred = self.graph.succ, self.graph.pred
        return sum(len(succ[node]) + len(pred[node]) for node in frontier)

    def _meets(self, frontier: list[str], theirs: Mapping[str, object]) -> bool:
        succ, pred = self.graph.succ, self.graph.pred
        seen = theirs.keys()
        return any(
            not seen.isdisjoint(succ[node]) or not seen.isdisjoint(pred[node]) for node in frontier
        )

    def _grow(
        self,
        parents: tuple[dict[str, list[str]], dict[str, list[str]]],
        frontiers: tuple[list[str], list[str]],
        side: int,
    ) -> tuple[tuple[list[str], list[str]], set[str]]:
        mine, theirs = parents[side], parents[1 - side]
        # On the layer where the two searches meet, only the meeting nodes' parents matter.
        wanted = theirs if self._meets(frontiers[side], theirs) else None
        layer: dict[str, list[str]] = {}
        for node in frontiers[side]:
            for other in self._around(node):
                if other not in mine and (wanted is None or other in wanted):
                    layer.setdefault(other, []).append(node)
        mine.update(layer)
        grown = list(layer)
        new = (grown, frontiers[1]) if side == 0 else (frontiers[0], grown)
        return new, set(grown) if wanted is not None else set()


def _chains(parents: Mapping[str, list[str]], node: str, end: str) -> Iterator[list[str]]:
    """Every parent chain from ``node`` back to ``end``, ``node`` first."""
    if node == end:
        yield [node]
        return
    for parent in sorted(set(parents[node])):
        for chain in _chains(parents, parent, end):
            yield [node, *chain]


def _joined(
    parents: tuple[Mapping[str, list[str]], Mapping[str, list[str]]],
    middle: str,
    source: str,
    target: str,
) -> Iterator[tuple[str, ...]]:
    for left in _chains(parents[0], middle, source):
        for right in _chains(parents[1], middle, target):
            yield (*reversed(left), *right[1:])
