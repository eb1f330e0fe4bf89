"""The query API that scales to a million edges, and what both backends share.

``GraphBackend`` is the API: search, node, links, summary, neighbourhoods, filter, focus
and bounded shortest paths. ``graph.memory.MemoryBackend`` answers it in memory and
``graph.backends.falkor.FalkorBackend`` from a FalkorDB server; both rank search
candidates with ``rank_candidates`` and pick them with the trigram index's order
(``NameIndex``), and both sort links and cut focus answers the same way, so the two give
the same answers.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Protocol

import numpy as np

from .search_rank import best_of_each, compile_query

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "CANDIDATES",
    "MAX_DEPTH",
    "MAX_PATH_EDGES",
    "PROVENANCE_KEYS",
    "GraphBackend",
    "Hit",
    "Link",
    "NameIndex",
    "Neighbourhood",
    "NodeInfo",
    "Summary",
    "focus_result",
    "fold",
    "grams",
    "kept_provenance",
    "meeting_paths",
    "name_table",
    "provenance_json",
    "rank_candidates",
    "sort_links",
]

CANDIDATES = 200
"""Names a search scores: those sharing the most trigrams with the query, shortest first."""

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


def _gram_text(code: int) -> str:
    """The three letters ``NameIndex.build`` packed into one integer."""
    mask = (1 << 21) - 1
    return chr(code >> 42) + chr(code >> 21 & mask) + chr(code & mask)


@dataclass(frozen=True, slots=True)
class Hit:
    """One search answer: the node, the name that matched, the score (100 = exact), and how
    it matched (``"id"``, ``"label"``, ``"synonym"`` when equal, else ``"partial"`` or
    ``"fuzzy"``)."""

    node_id: str
    label: str
    matched: str
    score: float
    kind: str = ""


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


def rank_candidates(
    query: str, candidates: Iterable[tuple[str, str, Iterable[str]]], *, limit: int
) -> list[Hit]:
    """Score candidate nodes against a query, as every search does (``graph.search_rank``).

    Parameters
    ----------
    query
        What the user typed.
    candidates
        ``(node_id, label, synonyms)`` for each node the prefilter kept (and the node
        whose id is the query, if any); the id, the label and each synonym are matched.
    limit
        Most hits returned.

    Returns
    -------
    list of Hit
        Best first; ties by label (case folded), then id.

    Examples
    --------
    >>> [hit.node_id for hit in rank_candidates("almnd", [("a", "Almond", [])], limit=5)]
    ['a']
    >>> rank_candidates("a", [("a", "<b>x</b>", [])], limit=5)[0].kind
    'id'
    """
    compiled = compile_query(query)
    if compiled is None:
        return []
    nodes = list(candidates)
    names = [
        [(node_id, "id"), (label, "label"), *((name, "synonym") for name in synonyms)]
        for node_id, label, synonyms in nodes
    ]
    hits = [
        Hit(node_id, label, found.name, found.score, found.kind)
        for (node_id, label, _), found in zip(nodes, best_of_each(compiled, names), strict=True)
        if found is not None
    ]
    hits.sort(key=lambda hit: (-hit.score, hit.label.casefold(), hit.node_id))
    return hits[:limit]


def _table(records: Iterable[tuple[str, str, Iterable[str]]]) -> list[tuple[str, str]]:
    # Node ids are unique, so sorting nodes by id and each node's few names is the sort of
    # all (id, name) pairs, at half the cost.
    grouped = sorted(
        (
            (node_id, sorted({fold(name) for name in (label, *synonyms)}))
            for node_id, label, synonyms in records
        ),
        key=itemgetter(0),
    )
    return [(node_id, name) for node_id, names in grouped for name in names]


def name_table(graph: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """Every ``(node_id, folded name)`` of the graph's labels and synonyms, sorted, unique."""
    return _table(
        (node_id, attrs.get("label", node_id), attrs.get("synonyms", ()))
        for node_id, attrs in graph.nodes(data=True)
    )


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
        """Index ``(node_id, label, synonyms)`` records.

        Every trigram of every padded name becomes one integer (three code points of 21
        bits each), so finding each name's distinct trigrams and each trigram's names is a
        sort of a few million integers instead of as many dict and list operations.
        """
        names = _table(records)
        padded = [f" {name} " for _, name in names]
        lengths = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
        text = "".join(padded).encode("utf-32-le", "surrogatepass")
        points = np.frombuffer(text, dtype=np.uint32).astype(np.int64)
        owners = np.repeat(np.arange(len(names), dtype=np.int64), lengths)
        whole = owners[:-2] == owners[2:]  # the three letters belong to one name
        codes = (points[:-2] << 42 | points[1:-1] << 21 | points[2:])[whole]
        owners = owners[:-2][whole]
        order = np.lexsort((owners, codes))
        codes, owners = codes[order], owners[order]
        fresh = np.ones(len(codes), dtype=bool)
        fresh[1:] = (codes[1:] != codes[:-1]) | (owners[1:] != owners[:-1])
        codes, owners = codes[fresh], owners[fresh].astype(np.int32)
        bounds = (np.flatnonzero(codes[1:] != codes[:-1]) + 1).tolist()
        starts = [0, *bounds] if len(codes) else []
        ends = [*bounds, len(codes)] if len(codes) else []
        postings = {
            _gram_text(code): owners[start:end]
            for code, start, end in zip(codes[starts].tolist(), starts, ends, strict=True)
        }
        sizes = np.bincount(owners, minlength=len(names)).astype(np.int32)
        return cls(names, sizes, postings)

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


def focus_result(center: str, reached: Iterable[str], *, limit: int) -> Neighbourhood:
    """A focus answer both backends agree on: the centre and the first ``limit - 1`` of the
    other nodes reached, by id; ``truncated`` if some were left out.

    Examples
    --------
    >>> sorted(focus_result("c", ["b", "a"], limit=2).nodes)
    ['a', 'c']
    """
    others = sorted(set(reached) - {center})
    kept = others[: max(limit - 1, 0)]
    return Neighbourhood(frozenset([center, *kept]), len(kept) < len(others))


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

    def nodes(self, node_ids: Iterable[str]) -> list[NodeInfo]:
        """``node`` for each of ``node_ids``, in their order, in one question."""
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

    def filter_nodes(
        self, *, types: Collection[str] = (), relations: Collection[str] = (), limit: int = 2000
    ) -> tuple[list[str], int]:
        """Ids of the nodes of ``types`` with an edge of ``relations`` (empty: any), the
        first ``limit`` by id, and how many there are in all."""
        ...

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
        ``relations`` (empty: any); see ``focus_result``."""
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


def meeting_paths(
    parents: tuple[Mapping[str, list[str]], Mapping[str, list[str]]],
    meeting: Iterable[str],
    source: str,
    target: str,
    *,
    limit: int,
) -> list[tuple[str, ...]]:
    """The shortest paths through the nodes where two breadth-first searches met.

    ``parents`` maps each node reached from ``source`` (then from ``target``) to the nodes
    it was reached from. The first ``MAX_ENUMERATED`` paths in middle-node order are
    sorted and the first ``limit`` returned, so both backends give the same answer.
    """
    found = (
        path for middle in sorted(meeting) for path in _joined(parents, middle, source, target)
    )
    return sorted(itertools.islice(found, MAX_ENUMERATED))[:limit]
