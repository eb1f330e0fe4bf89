"""Bounded, ranked paths between two nodes of the graph, walked along edges either way.

Path finding is bounded in length and in the number of paths scanned, so no query can
hang the app.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx

from .errors import NoPath
from .evidence import verdict_name
from .kinds import RELATIONS
from .narrate_verdicts import verdict_label
from .narrate_words import own_words
from .query import require_nodes, undirected_neighbours
from .schema import STRENGTHS

__all__ = [
    "MAX_PATHS",
    "MAX_PATH_LENGTH",
    "PATH_NOTE",
    "SHORT_SCOPE",
    "Path",
    "Step",
    "arrow",
    "find_paths",
    "format_path",
    "link_word",
    "path_note",
    "step_flags",
    "unsupported_steps",
]

MAX_PATH_LENGTH = 6
"""Longest path (in edges) anyone may ask for."""

MAX_PATHS = 50
"""Most paths one query may return."""

PATH_NOTE = (
    "Each link is a separate claim; the path is not a chain of cause and effect, and no "
    "source says one end leads to the other."
)
"""What every path of two or more links is shown with (sixth read, H1): its links are
claims of different kinds, often from different sentences, never one causal chain."""

_SCAN_BUDGET = 20_000
"""Most partial paths explored per query; keeps dense graphs from hanging a request."""


@dataclass(frozen=True, slots=True)
class Step:
    """One edge of a path; ``forward`` is False when walked from object to subject."""

    subject: str
    relation: str
    object: str
    forward: bool

    @property
    def edge(self) -> tuple[str, str, str]:
        """The edge as ``(u, v, key)`` in the graph."""
        return (self.subject, self.object, self.relation)


@dataclass(frozen=True, slots=True)
class Path:
    """A simple path: the nodes in walking order and the edge taken at each step."""

    nodes: tuple[str, ...]
    steps: tuple[Step, ...]

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def edges(self) -> tuple[tuple[str, str, str], ...]:
        """The path's edges as ``(u, v, key)`` triples, for highlighting."""
        return tuple(step.edge for step in self.steps)


def _distances(graph: nx.MultiDiGraph, target: str, limit: int) -> dict[str, int]:
    distance = {target: 0}
    frontier = [target]
    for step in range(1, limit + 1):
        frontier = [
            neighbour
            for node in frontier
            for neighbour in undirected_neighbours(graph, node)
            if neighbour not in distance
        ]
        for node in frontier:
            distance.setdefault(node, step)
    return distance


def _moves(graph: nx.MultiDiGraph, node: str) -> list[Step]:
    forward = [Step(node, key, v, True) for _, v, key in graph.out_edges(node, keys=True)]
    backward = [Step(u, key, node, False) for u, _, key in graph.in_edges(node, keys=True)]
    return sorted(
        forward + backward, key=lambda s: (not s.forward, s.subject, s.object, s.relation)
    )


def _paths_of_length(
    graph: nx.MultiDiGraph, source: str, target: str, length: int, distance: dict[str, int]
) -> Iterator[Path]:
    budget = _SCAN_BUDGET
    stack: list[tuple[str, tuple[str, ...], tuple[Step, ...]]] = [(source, (source,), ())]
    while stack and budget > 0:
        node, nodes, steps = stack.pop()
        budget -= 1
        if node == target:
            if len(steps) == length:
                yield Path(nodes, steps)
            continue
        left = length - len(steps)
        for step in reversed(_moves(graph, node)):
            nxt = step.object if step.forward else step.subject
            if nxt in nodes or distance.get(nxt, length + 1) > left - 1:
                continue
            stack.append((nxt, (*nodes, nxt), (*steps, step)))


def unsupported_steps(graph: nx.MultiDiGraph, path: Path) -> list[int]:
    """The numbers (from 1) of the steps whose claim the evidence does not rate supported.

    Not supported, contradicted, mixed, insufficient, no evidence found, not assessed and
    possible harm all count: a path's header names each such step, so no chain looks as if
    its links held (sixth read, M1).
    """
    return [
        number
        for number, step in enumerate(path.steps, start=1)
        if verdict_name(graph, step.edge) != "supported"
    ]


def _rank(graph: nx.MultiDiGraph, path: Path) -> tuple:
    backward = sum(not step.forward for step in path.steps)
    strength = sum(STRENGTHS[graph.edges[step.edge]["strength"]].rank for step in path.steps)
    hubs = sum(graph.degree(node) for node in path.nodes[1:-1])
    return (len(path), backward, -strength, -hubs, [graph.nodes[n]["label"] for n in path.nodes])


def find_paths(
    graph: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    max_length: int = 3,
    limit: int = 5,
) -> list[Path]:
    """Ranked simple paths from ``source`` to ``target``, walking edges either way.

    Ranking: fewer steps first, then fewer steps walked against the edge's direction,
    then firmer claims, then better-connected intermediate nodes, then labels. Paths are
    found shortest first and the search stops once ``limit`` paths of the shortest
    lengths are known, so it is bounded.

    Parameters
    ----------
    graph
        The graph or a view of it.
    source, target
        Node ids (use ``resolve`` for names).
    max_length
        Most edges in a path, 1 to ``MAX_PATH_LENGTH``.
    limit
        Most paths returned, 1 to ``MAX_PATHS``.

    Returns
    -------
    list of Path
        Never empty.

    Raises
    ------
    UnknownNode
        If either end is not in ``graph``.
    NoPath
        If no path of at most ``max_length`` edges joins them.
    ValueError
        For a bound out of range or ``source == target``.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> find_paths(graph, "almonds", "cramp-prevention")[0].nodes
    ('almonds', 'magnesium', 'cramp-prevention')
    """
    require_nodes(graph, [source, target])
    if not 1 <= max_length <= MAX_PATH_LENGTH:
        raise ValueError(f"max_length must be 1 to {MAX_PATH_LENGTH} (got {max_length})")
    if not 1 <= limit <= MAX_PATHS:
        raise ValueError(f"limit must be 1 to {MAX_PATHS} (got {limit})")
    if source == target:
        raise ValueError("a path needs two different nodes")
    distance = _distances(graph, target, max_length)
    found: list[Path] = []
    for length in range(distance.get(source, max_length + 1), max_length + 1):
        found.extend(_paths_of_length(graph, source, target, length, distance))
        if len(found) >= limit:
            break
    if not found:
        raise NoPath(f"no path of at most {max_length} steps joins {source!r} and {target!r}")
    return sorted(found, key=lambda path: _rank(graph, path))[:limit]


_ARROWS = {False: ("-", "->", "<-", "-"), True: ("\u2014", "\u2192", "\u2190", "\u2014")}
"""Arrow parts, plain or ``short`` (drawn): forward ``-rel->``, backward ``<-rel-``."""

SHORT_SCOPE = "Each step below says what its verdict covers."
"""What the app's short path list adds to ``PATH_NOTE``: its flags name verdicts only."""


def arrow(word: str, *, forward: bool, short: bool = False) -> str:
    """An arrow naming a link's relation the way the link runs: ``-word->`` or ``<-word-``
    (drawn with ``short``); every path header, the seed's and an imported graph's, uses it.

    >>> arrow("treats", forward=True), arrow("causes", forward=False)
    ('-treats->', '<-causes-')
    """
    dash, head, back, tail = _ARROWS[short]
    return f"{dash}{word}{head}" if forward else f"{back}{word}{tail}"


def link_word(graph: nx.MultiDiGraph, edge: tuple[str, str, str], *, reading: bool = True) -> str:
    """The word an arrow names a link by: the source's own where its claim uses one, the
    relation's label else, and (with ``reading``) "(tool's reading)" for an inferred link."""
    word = own_words(graph, edge, label=True) or RELATIONS[edge[2]].label
    if reading and graph.edges[edge]["strength"] == "inferred":
        word += " (tool's reading)"
    return word


def _arrow(graph: nx.MultiDiGraph, step: Step, *, short: bool) -> str:
    """The arrow of one step: its relation, the way its claim runs, and "(tool's reading)"
    when the relation is the tool's reading rather than its source's (in the short list
    too: QA pass, an inferred link was drawn there as if the article said it)."""
    return arrow(link_word(graph, step.edge, reading=True), forward=step.forward, short=short)


def step_flags(graph: nx.MultiDiGraph, path: Path, *, short: bool = False) -> list[str]:
    """One flag per step the evidence does not rate supported: its verdict with the scope
    the record gives it ("step 2: insufficient (not supported for magnesium supplements in
    older adults ...)"), so a flag is never broader than its evidence (sixth read, M2), and
    one per step supported only in a scope ("supported (for cirrhosis only)", twelfth read,
    #4); ``short`` flags name the verdict without its scope ("supported (in a scope)"), for a
    list whose steps are told beside it (QA pass: it left a scoped step unflagged)."""
    scoped = {
        number
        for number, step in enumerate(path.steps, start=1)
        if (graph.edges[step.edge].get("evidence") or {}).get("qualifier")
    }
    flagged = set(unsupported_steps(graph, path)) | scoped
    return [
        f"step {number}: "
        + (
            verdict_name(graph, edge) + (" (in a scope)" if number in scoped else "")
            if short
            else verdict_label(graph, edge)
        )
        for number in sorted(flagged)
        for edge in [path.steps[number - 1].edge]
    ]


def path_note(path: Path, *, short: bool = False) -> str:
    """``PATH_NOTE`` for a path of two or more links, else ``""``; with ``short``, also
    ``SHORT_SCOPE`` when a flag leaves its verdict's scope to the step."""
    if len(path) < 2:
        return SHORT_SCOPE if short else ""
    return f"{PATH_NOTE} {SHORT_SCOPE}" if short else PATH_NOTE


def format_path(graph: nx.MultiDiGraph, path: Path, *, short: bool = False) -> str:
    """A path's header: labels joined by arrows that name each link's relation in its
    claim's own direction, then a bracketed flag per step not rated supported, or
    supported only in a scope.

    Every place a path is shown uses this one function, followed by ``path_note`` when it
    has two or more links: the CLI ``path`` and path tours in full; the app's list of
    ranked paths ``short`` (drawn arrows, verdicts without their scope, which the narrated
    steps beside it give). Arrows carry the relation, so "X -treats-> Y -causes-> Z" is
    never read as a run of same-kind steps (sixth read, H1).

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> print(format_path(graph, find_paths(graph, "calcium-deficiency", "epilepsy")[0]))
    ... # doctest: +NORMALIZE_WHITESPACE
    Calcium deficiency -causes-> Calf muscle cramp <-associated with- Epilepsy [step 1: mixed
    (a true deficiency can cause cramps; a family-medicine review thinks ordinary night
    cramps are probably not explained by it)] [step 2: no evidence found]
    """
    labels = [graph.nodes[node]["label"] for node in path.nodes]
    arrows = [_arrow(graph, step, short=short) for step in path.steps]
    text = labels[0] + "".join(
        f" {arrow} {label}" for arrow, label in zip(arrows, labels[1:], strict=True)
    )
    return text + "".join(f" [{flag}]" for flag in step_flags(graph, path, short=short))
