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

from .adjacency import Adjacency, Side
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


def _table(records: Iterable[tuple[str, str, Iterable[str]]]) -> list[tuple[str, str]]:
    names = {
        (node_id, fold(name)) for node_id, label, synonyms in records for name in (label, *synonyms)
    }
    return sorted(names)


def name_table(graph: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """Every ``(node_id, folded name)`` of the graph's labels and synonyms, sorted, unique."""
    return _table(
        (node_id, attrs.get("label", node_id), attrs.get("synonyms", ()))
        for node_id, attrs in graph.nodes(data=True)
    )


def _records(adjacency: Adjacency) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    return zip(adjacency.node_ids, adjacency.labels, adjacency.synonyms, strict=True)


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
    def build(cls, records: Iterable[tuple[str, str, Iterable[str]]]) -> NameIndex:
        """Index ``(node_id, label, synonyms)`` records."""
        names = _table(records)
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
    """``GraphBackend`` over an imported graph held as arrays (``graph.adjacency``).

    networkx stays the model: ``graph`` is the ``networkx.MultiDiGraph``, given or built
    when first asked for. The questions are answered from ``Adjacency``'s sorted arrays,
    in the same order networkx would walk the graph, so a large graph can start from a
    cache without building a million Python dicts first.

    Parameters
    ----------
    graph
        An imported graph (nodes with ``label`` and ``synonyms``), not copied; or None
        when ``adjacency`` is given.
    adjacency
        The graph as arrays (``graph.store`` reads it so); built from ``graph`` if None.
    names
        The search index; built if None.
    summary
        The summary with its hubs, when already worked out.

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
        graph: nx.MultiDiGraph | None = None,
        *,
        adjacency: Adjacency | None = None,
        names: NameIndex | None = None,
        summary: Summary | None = None,
    ) -> None:
        if adjacency is None:
            if graph is None:
                raise ValueError("give a graph or its adjacency")
            adjacency = Adjacency.from_graph(graph)
        self.adjacency = adjacency
        self._graph = graph
        self.names = NameIndex.build(_records(adjacency)) if names is None else names
        self._summaries = {} if summary is None else {len(summary.hubs): summary}

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The frozen networkx graph (built from the arrays on first use)."""
        if self._graph is None:
            self._graph = self.adjacency.to_graph()
        return self._graph

    def _position(self, node_id: str) -> int:
        position = self.adjacency.positions.get(node_id)
        if position is None:
            raise UnknownNode(node_id)
        return position

    def search(self, text: str, *, limit: int = 10) -> list[Hit]:
        """Nodes whose label or a synonym matches ``text``; see ``rank_candidates``."""
        adjacency = self.adjacency
        chosen = (adjacency.positions[node_id] for node_id in self.names.candidates(text))
        candidates = (
            (
                adjacency.node_ids[position],
                adjacency.labels[position],
                (adjacency.labels[position], *adjacency.synonyms[position]),
            )
            for position in chosen
        )
        return rank_candidates(text, candidates, limit=limit)

    def node(self, node_id: str) -> NodeInfo:
        """The node's label, type and synonyms; ``UnknownNode`` if there is none."""
        position = self._position(node_id)
        adjacency = self.adjacency
        return NodeInfo(
            node_id,
            adjacency.labels[position],
            adjacency.types[position],
            adjacency.synonyms[position],
        )

    def _link(self, source: int, target: int, edge: int) -> Link:
        adjacency = self.adjacency
        return Link(
            adjacency.node_ids[source],
            adjacency.relation(edge),
            adjacency.node_ids[target],
            kept_provenance(adjacency.edge_provenance(edge)),
        )

    def links(
        self, node_id: str, *, other: str | None = None, limit: int = 200
    ) -> tuple[list[Link], int]:
        """Edges at ``node_id`` (only those to or from ``other`` if given), first ``limit``
        in ``sort_links`` order, and how many there are in all."""
        position = self._position(node_id)
        wanted = None if other is None else self.adjacency.positions.get(other, -1)
        targets, out_edges = self.adjacency.out.entries(position)
        sources, in_edges = self.adjacency.into.entries(position)
        found = [
            self._link(position, target, edge)
            for target, edge in zip(targets, out_edges, strict=True)
            if wanted is None or target == wanted
        ]
        found += [
            self._link(source, position, edge)
            for source, edge in zip(sources, in_edges, strict=True)
            # a loop is already among the outgoing edges
            if source != position and (wanted is None or source == wanted)
        ]
        return sort_links(found, limit=limit), len(found)

    def summary(self, *, hubs: int = 10) -> Summary:
        """Sizes, nodes per type and the ``hubs`` best-connected nodes (kept once made)."""
        known = self._summaries.get(hubs)
        if known is None:
            known = self._summaries[hubs] = self._summarise(hubs)
        return known

    def _summarise(self, hubs: int) -> Summary:
        adjacency = self.adjacency
        types = Counter(adjacency.types)
        degrees = (adjacency.out.counts() + adjacency.into.counts()).tolist()
        best = heapq.nsmallest(
            hubs, zip(adjacency.node_ids, degrees, strict=True), key=lambda p: (-p[1], p[0])
        )
        return Summary(
            len(adjacency.node_ids),
            len(adjacency.codes),
            tuple(sorted(types.items(), key=lambda pair: (-pair[1], pair[0]))),
            tuple(
                (node, adjacency.labels[adjacency.positions[node]], degree) for node, degree in best
            ),
        )

    def pairs_among(self, node_ids: Iterable[str], *, limit: int) -> list[tuple[str, str]]:
        """Distinct ``(source, target)`` pairs joined by an edge, both ends in ``node_ids``,
        at most ``limit`` of them (sorted)."""
        adjacency = self.adjacency
        chosen = set(node_ids) & adjacency.positions.keys()
        found = (
            (source, target)
            for source in sorted(chosen)
            for target in sorted(chosen.intersection(self._ids(adjacency.out, source)))
        )
        return list(itertools.islice(found, limit))

    def _ids(self, side: Side, node_id: str) -> list[str]:
        node_ids = self.adjacency.node_ids
        return [node_ids[other] for other in side.around(self.adjacency.positions[node_id])]

    def _around(self, node_id: str) -> list[str]:
        return self._ids(self.adjacency.out, node_id) + self._ids(self.adjacency.into, node_id)

    def neighbours(self, node_id: str, *, depth: int = 1, limit: int = 2000) -> Neighbourhood:
        """Nodes within ``depth`` steps (1 to ``MAX_DEPTH``), stopping at ``limit`` nodes."""
        _check_bounds(depth, 1)
        start = self._position(node_id)
        out, into = self.adjacency.out, self.adjacency.into
        seen = {start}
        frontier = [start]
        for _ in range(depth):
            following = []
            for node in frontier:
                for other in out.around(node) + into.around(node):
                    if other not in seen:
                        if len(seen) >= limit:
                            return self._neighbourhood(seen, True)
                        seen.add(other)
                        following.append(other)
            frontier = following
        return self._neighbourhood(seen, False)

    def _neighbourhood(self, seen: set[int], truncated: bool) -> Neighbourhood:
        node_ids = self.adjacency.node_ids
        return Neighbourhood(frozenset(node_ids[node] for node in seen), truncated)

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
        self._position(source)
        self._position(target)
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
        out, into, positions = self.adjacency.out, self.adjacency.into, self.adjacency.positions
        return sum(out.width(positions[node]) + into.width(positions[node]) for node in frontier)

    def _meets(self, frontier: list[str], theirs: Mapping[str, object]) -> bool:
        seen = theirs.keys()
        return any(not seen.isdisjoint(self._around(node)) for node in frontier)

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
