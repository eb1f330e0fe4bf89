"""Read-only questions to the graph: find a node by name, filter, focus, trace paths.

Every function takes the frozen graph from ``build_graph`` (or a view of it) and returns
data or read-only subgraph views; nothing here mutates its argument. Path finding is
bounded in length and in the number of paths scanned, so no query can hang the app.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import networkx as nx
from rapidfuzz import fuzz, process, utils

from .errors import AtlasError, NoPath, UnknownNode
from .evidence import citation_rows, edge_evidence, edge_verdict, verdict_name
from .narrate import (
    amount_sentence,
    claim_sentence,
    edge_verdict_note,
    lower_first,
    verdict_label,
    verdict_source,
)
from .schema import NODE_TYPES, RELATIONS, STRENGTHS, VERDICTS

__all__ = [
    "MAX_PATHS",
    "MAX_PATH_LENGTH",
    "Match",
    "Path",
    "Sentence",
    "Step",
    "ViewSpec",
    "amount_phrase",
    "central_node",
    "compose_view",
    "evidence_overview",
    "filter_view",
    "find_paths",
    "find_reference",
    "focus",
    "focus_candidates",
    "format_path",
    "narrate_path",
    "neighbourhood",
    "resolve",
    "search",
    "search_hits",
    "search_neighbourhood",
    "sentence_for_edge",
]

MAX_PATH_LENGTH = 6
"""Longest path (in edges) anyone may ask for."""

MAX_PATHS = 50
"""Most paths one query may return."""

FUZZY_MARGIN = 10.0
"""How far below the best a fuzzy match may score and still be shown by ``search_hits``."""

_SCAN_BUDGET = 20_000
"""Most partial paths explored per query; keeps dense graphs from hanging a request."""


@dataclass(frozen=True, slots=True)
class Match:
    """A node found by ``search``: which name matched, and how well (0-100)."""

    node_id: str
    label: str
    node_type: str
    matched: str
    score: float
    kind: str  # "id", "label", "synonym", "narrower term" (exact), "partial", "fuzzy"


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


@dataclass(frozen=True, slots=True)
class Sentence:
    """A plain-language sentence for one edge, with the quotes that ground it.

    ``text`` says who makes the claim and how firmly (``narrate.claim_sentence``: "The
    article says that ...", "The tool infers that ..."). ``verdict`` is what reviews say of
    the claim; ``note`` warns of a weak link ("Reviews find little support for this
    claim.", empty when the verdict is not a weak one) and ``amount`` says how much of a
    nutrient a usual portion of a food holds, by its food table (empty unless the edge has
    amounts). ``narration`` joins the three.
    """

    text: str
    edge: tuple[str, str, str]
    strength: str
    provenance: tuple[dict, ...]
    verdict: str = "not assessed"
    note: str = ""
    amount: str = ""

    @property
    def narration(self) -> str:
        """The sentence, then the amount and the note, as narration reads them out."""
        return " ".join(part for part in (self.text, self.amount, self.note) if part)


def central_node(graph: nx.MultiDiGraph) -> str:
    """The most connected node (ties broken by id): the subject the graph is about.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> central_node(build_graph(load_knowledge_base()))
    'calf-cramp'
    """
    if graph.number_of_nodes() == 0:
        raise AtlasError("the graph is empty")
    return min(graph.nodes, key=lambda node: (-graph.degree(node), node))


def _names(graph: nx.MultiDiGraph) -> Iterator[tuple[str, str, str]]:
    """Every (name, kind, node_id) a reader might type."""
    for node_id, data in graph.nodes(data=True):
        yield node_id, "id", node_id
        yield data["label"], "label", node_id
        for synonym in data["synonyms"]:
            yield synonym, "synonym", node_id
        # A narrower term ("night cramps") finds the node it narrows, never as its synonym.
        for terms in (data.get("narrower") or {}).values():
            for term in terms:
                yield term, "narrower term", node_id


def _fold(text: str) -> str:
    return utils.default_process(text.replace("-", " "))


def search(
    graph: nx.MultiDiGraph, text: str, *, limit: int = 10, cutoff: float = 75.0
) -> list[Match]:
    """Find nodes by id, label or synonym, tolerating case, word order and typos.

    Exact names score 100, names holding every typed word (or word start) 85-95, then
    fuzzy matches (rapidfuzz score scaled by 0.85) from ``cutoff`` up. One match per node, best
    first (ties by label).

    Parameters
    ----------
    graph
        The graph or a view of it.
    text
        What the reader typed.
    limit
        Most matches returned.
    cutoff
        Lowest fuzzy score (0-100) still returned.

    Returns
    -------
    list of Match

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> search(graph, "charley horse")[0].node_id
    'calf-cramp'
    >>> search(graph, "almnd")[0].node_id
    'almonds'
    """
    query = _fold(text)
    if not query:
        return []
    words = query.split()
    best: dict[str, Match] = {}

    def offer(node_id: str, name: str, kind: str, score: float) -> None:
        current = best.get(node_id)
        if current is None or score > current.score:
            data = graph.nodes[node_id]
            best[node_id] = Match(node_id, data["label"], data["type"], name, score, kind)

    names = list(_names(graph))
    folded = [_fold(name) for name, _, _ in names]
    for (name, kind, node_id), name_folded in zip(names, folded, strict=True):
        if name_folded == query:
            offer(node_id, name, kind, 100.0)
        elif all(re.search(rf"\b{re.escape(word)}", name_folded) for word in words):
            whole = all(re.search(rf"\b{re.escape(word)}\b", name_folded) for word in words)
            extra = min(len(name_folded) - len(query), 20) / 4
            offer(node_id, name, "partial", (95.0 if whole else 90.0) - extra)
    for _, score, index in process.extract(
        query,
        folded,
        scorer=fuzz.WRatio,
        processor=None,
        score_cutoff=cutoff,
        limit=max(limit * 5, 20),
    ):
        name, _, node_id = names[index]
        offer(node_id, name, "fuzzy", float(score) * 0.85)
    ranked = sorted(best.values(), key=lambda m: (-m.score, m.label.casefold(), m.node_id))
    return ranked[:limit]


def resolve(graph: nx.MultiDiGraph, name: str) -> str:
    """Return the id of the node ``name`` means, as the app and the CLI understand it.

    Raises
    ------
    UnknownNode
        When nothing matches well enough; carries up to three suggestions.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> resolve(build_graph(load_knowledge_base()), "Cramp prevention")
    'cramp-prevention'
    """
    if name in graph:
        return name
    matches = search(graph, name, limit=1)
    if matches:
        return matches[0].node_id
    suggestions = tuple(m.label for m in search(graph, name, limit=3, cutoff=60.0))
    raise UnknownNode(name, suggestions)


def search_hits(graph: nx.MultiDiGraph, text: str, *, limit: int = 8) -> list[Match]:
    """The matches a search shows: the names that hold what was typed, else near spellings.

    When any id, label or synonym equals the text or holds every typed word, only those
    are hits; otherwise the fuzzy matches within ``FUZZY_MARGIN`` of the best one are.
    Best first, as ``search`` ranks them; empty when nothing matches.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> [m.node_id for m in search_hits(graph, "lack of magnesium")]
    ['magnesium-deficiency']
    >>> [m.node_id for m in search_hits(graph, "night")]
    ['sleep', 'calf-cramp']
    """
    matches = search(graph, text, limit=max(limit, 10))
    named = [match for match in matches if match.kind != "fuzzy"]
    if named:
        return named[:limit]
    if not matches:
        return []
    best = matches[0].score
    return [match for match in matches if match.score >= best - FUZZY_MARGIN][:limit]


def search_neighbourhood(
    graph: nx.MultiDiGraph, node_ids: Iterable[str], *, depth: int = 1
) -> nx.MultiDiGraph:
    """Read-only view of a search's hits and what lies within ``depth`` links of them.

    As in ``focus``, the central node (the cramp) is shown but not walked through, since
    almost everything is a link or two from it, unless it is the only hit: then its own
    direct links are what the reader asked for.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> sorted(search_neighbourhood(graph, ["sleep", "calf-cramp"]))
    ['calf-cramp', 'seated-toe-pull', 'sleep']
    >>> len(search_neighbourhood(graph, ["calf-cramp"]))
    31
    """
    node_ids = list(dict.fromkeys(node_ids))
    _require(graph, node_ids)
    if depth < 0:
        raise ValueError(f"depth must be 0 or more (got {depth})")
    hub = central_node(graph)
    stop_at = None if node_ids == [hub] else hub
    return graph.subgraph(_within(graph, node_ids, depth, stop_at=stop_at))


def _require(graph: nx.MultiDiGraph, node_ids: Iterable[str]) -> None:
    for node_id in node_ids:
        if node_id not in graph:
            raise UnknownNode(node_id)


def _undirected_neighbours(graph: nx.MultiDiGraph, node: str) -> Iterator[str]:
    yield from graph.successors(node)
    yield from graph.predecessors(node)


def _within(
    graph: nx.MultiDiGraph, starts: Iterable[str], depth: int, *, stop_at: str | None = None
) -> set[str]:
    """Nodes at most ``depth`` undirected steps from ``starts``; ``stop_at`` is not crossed."""
    seen = set(starts)
    frontier = list(seen)
    for _ in range(depth):
        if not frontier:  # everything reachable is reached: more steps find nothing
            break
        reached = {
            neighbour
            for node in frontier
            if node != stop_at
            for neighbour in _undirected_neighbours(graph, node)
        }
        frontier = sorted(reached - seen)
        seen.update(frontier)
    return seen


def neighbourhood(
    graph: nx.MultiDiGraph, node_ids: Iterable[str], *, depth: int = 1
) -> nx.MultiDiGraph:
    """Read-only view of the nodes within ``depth`` steps (either direction) of ``node_ids``.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> view = neighbourhood(build_graph(load_knowledge_base()), ["almonds"])
    >>> sorted(view)
    ['almonds', 'calcium', 'magnesium', 'vitamin-d']
    """
    node_ids = list(node_ids)
    _require(graph, node_ids)
    if depth < 0:
        raise ValueError(f"depth must be 0 or more (got {depth})")
    return graph.subgraph(_within(graph, node_ids, depth))


def filter_view(
    graph: nx.MultiDiGraph,
    *,
    node_types: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    strengths: Iterable[str] | None = None,
    verdicts: Iterable[str] | None = None,
) -> nx.MultiDiGraph:
    """Read-only view keeping only the given node types, relations, strengths and verdicts.

    ``None`` keeps everything of that kind. Unknown names raise ``ValueError``. Filtering
    by verdict keeps every node and only the edges with one of ``verdicts`` (an edge
    without a verdict counts as ``"not assessed"``).

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> view = filter_view(graph, node_types=["food"])
    >>> view.number_of_nodes(), view.number_of_edges()
    (8, 0)
    >>> sorted(filter_view(graph, verdicts=["not supported"]).edges(keys=True))[0]
    ('dietary-supplements', 'calf-cramp', 'recommended_for')
    """
    keep_types = _checked(node_types, NODE_TYPES, "node type")
    keep_relations = _checked(relations, RELATIONS, "relation")
    keep_strengths = _checked(strengths, STRENGTHS, "strength")
    keep_verdicts = _checked(verdicts, VERDICTS, "verdict")

    def keep_node(node: str) -> bool:
        return keep_types is None or graph.nodes[node]["type"] in keep_types

    def keep_edge(u: str, v: str, key: str) -> bool:
        if keep_relations is not None and key not in keep_relations:
            return False
        edge = (u, v, key)
        if keep_verdicts is not None and verdict_name(graph, edge) not in keep_verdicts:
            return False
        return keep_strengths is None or graph.edges[edge]["strength"] in keep_strengths

    return nx.subgraph_view(graph, filter_node=keep_node, filter_edge=keep_edge)


def _checked(names: Iterable[str] | None, vocabulary: dict, what: str) -> frozenset | None:
    if names is None:
        return None
    names = frozenset(names)
    unknown = sorted(names - set(vocabulary))
    if unknown:
        raise ValueError(f"unknown {what}: {', '.join(unknown)}")
    return names


def focus_candidates(graph: nx.MultiDiGraph, kind: str) -> list[str]:
    """Nodes one can focus on, sorted by label: ``"cause"`` or ``"remedy"``.

    Causes are the nodes with an outgoing causal relation (so diseases the cramp
    accompanies count); remedies are the nodes of type ``remedy``.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> "magnesium-deficiency" in focus_candidates(graph, "cause")
    True
    """
    if kind == "cause":
        found = {u for u, _, key in graph.edges(keys=True) if RELATIONS[key].causal}
    elif kind == "remedy":
        found = {node for node, data in graph.nodes(data=True) if data["type"] == "remedy"}
    else:
        raise ValueError(f"kind must be 'cause' or 'remedy' (got {kind!r})")
    return sorted(found, key=lambda node: (graph.nodes[node]["label"].casefold(), node))


def focus(graph: nx.MultiDiGraph, node_id: str, *, depth: int = 2) -> nx.MultiDiGraph:
    """Read-only view of what connects to ``node_id``: its surroundings up to ``depth`` steps.

    The central node (the cramp) is kept but not walked through, since through it
    everything connects to everything: focusing on magnesium deficiency shows the
    cramp, magnesium, its foods and what treats it, not every other cause.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> view = focus(build_graph(load_knowledge_base()), "sedentary-lifestyle")
    >>> sorted(view)
    ['calf-cramp', 'sedentary-lifestyle']
    """
    _require(graph, [node_id])
    if depth < 1:
        raise ValueError(f"depth must be 1 or more (got {depth})")
    return graph.subgraph(_within(graph, [node_id], depth, stop_at=central_node(graph)))


@dataclass(frozen=True, slots=True)
class ViewSpec:
    """What a reader asked to see: the shareable state of the explorer, as data.

    ``focus`` holds the nodes focused on (a cause, a remedy, or both: their surroundings
    are shown together); ``centre`` a node whose neighbourhood to show. ``matches`` are a
    search's hits (``search_hits``): shown with what lies within ``depth - 1`` links of
    them (``search_neighbourhood``), so at the default depth a search shows its hits and
    their direct links, and each step of depth widens it by a link. ``None`` in a filter
    keeps everything of that kind.
    """

    node_types: frozenset[str] | None = None
    relations: frozenset[str] | None = None
    strengths: frozenset[str] | None = None
    focus: tuple[str, ...] = ()
    centre: str | None = None
    depth: int = 2
    verdicts: frozenset[str] | None = None
    matches: tuple[str, ...] = ()


def compose_view(graph: nx.MultiDiGraph, spec: ViewSpec) -> nx.MultiDiGraph:
    """Read-only view of ``graph`` as ``spec`` asks: focus or neighbourhood, then filters.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> spec = ViewSpec(focus=("lemon-rub",), relations=frozenset({"prevents"}))
    >>> view = compose_view(graph, spec)
    >>> sorted(view.edges(keys=True))
    [('lemon-rub', 'calf-cramp', 'prevents')]
    """
    nodes: set[str] | None = None
    if spec.focus:
        nodes = set().union(*(focus(graph, node, depth=spec.depth) for node in spec.focus))
    if spec.centre is not None:
        around = set(neighbourhood(graph, [spec.centre], depth=spec.depth))
        nodes = around if nodes is None else nodes | around
    if spec.matches:
        found = set(search_neighbourhood(graph, spec.matches, depth=max(spec.depth - 1, 0)))
        nodes = found if nodes is None else nodes | found
    view = graph if nodes is None else graph.subgraph(nodes)
    filters = (spec.node_types, spec.relations, spec.strengths, spec.verdicts)
    if all(chosen is None for chosen in filters):
        return view
    return filter_view(
        view,
        node_types=spec.node_types,
        relations=spec.relations,
        strengths=spec.strengths,
        verdicts=spec.verdicts,
    )


def _distances(graph: nx.MultiDiGraph, target: str, limit: int) -> dict[str, int]:
    distance = {target: 0}
    frontier = [target]
    for step in range(1, limit + 1):
        frontier = [
            neighbour
            for node in frontier
            for neighbour in _undirected_neighbours(graph, node)
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
    _require(graph, [source, target])
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


def _share_words(share: float) -> str:
    """A share of a daily need as a whole percentage ("18%"), so it is never rounded up
    to a fraction it does not reach (77 mg is 18% of 420 mg, not "a fifth")."""
    return "under 1%" if share < 0.005 else f"{math.floor(share * 100 + 0.5)}%"


def _about(value: float) -> str:
    """A figure as one says it: whole units (half up) from 1 on, one decimal below."""
    if value >= 1:
        return str(math.floor(value + 0.5))
    return f"{value:.1f}"


def _grams(value: float) -> str:
    return f"{value:g} g"


def amount_phrase(
    graph: nx.MultiDiGraph, edge: tuple[str, str, str], *, grams: float | None = None
) -> str:
    """Say how much of the nutrient a portion of the food holds, and what share of a day's need.

    Uses the edge's first amount (the food item the curator lists first) and computes the
    portion from its per-100 g value: ``grams`` if given, else the item's usual serving,
    else 100 g. The share is derived from the nutrient's adult daily intakes (a range when
    they differ, e.g. for men and women). Returns ``""`` when the edge has no amounts.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> import textwrap
    >>> phrase = amount_phrase(graph, ("almonds", "magnesium", "rich_in"), grams=30)
    >>> print(textwrap.fill(phrase, 80))
    According to USDA SR Legacy, 30 g of almonds (raw) gives about 81 mg of
    magnesium, 19-25% of the RDA for men 31+ and women 31+ (the tool derives the
    share from the RDA).
    """
    obj = edge[1]
    amounts = graph.edges[edge].get("amounts") or ()
    if not amounts:
        return ""
    if grams is not None and not (isinstance(grams, int | float) and 0 < grams <= 10_000):
        raise ValueError(f"grams must be more than 0 and at most 10000 (got {grams!r})")
    amount = amounts[0]
    serving = amount.get("serving") or {}
    if grams is not None:
        portion, weight = _grams(grams), grams
    elif serving.get("grams"):
        portion, weight = f"{serving['label']} ({_grams(serving['grams'])})", serving["grams"]
    else:
        portion, weight = "100 g", 100.0
    value = amount["per_100g"] * weight / 100
    food = amount["item"].split(",")[0]
    food = lower_first(food) + (f" ({amount['state']})" if amount.get("state") else "")
    intakes = [
        intake
        for intake in graph.nodes[obj].get("daily_intake", ())
        if intake["unit"] == amount["unit"]
    ]
    # The largest need gives the smallest share: "18-24%".
    largest_first = sorted(intake["amount"] for intake in intakes)[::-1]
    shares = list(dict.fromkeys(_share_words(value / need) for need in largest_first))
    if len(shares) == 2 and all(share[0].isdigit() for share in shares):
        shares = [f"{shares[0][:-1]}-{shares[1]}"]
    return amount_sentence(
        _reference_short(graph, amount["source"]),
        portion,
        food,
        f"{_about(value)} {amount['unit']}" if value > 0 else None,
        lower_first(graph.nodes[obj]["label"]),
        " to ".join(shares),
        groups=list(dict.fromkeys(intake["group"] for intake in intakes)),
    )


def find_reference(graph: nx.MultiDiGraph, key: str) -> dict | None:
    """The reference dict with ``key`` from the graph's ``references``, or ``None``.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> find_reference(build_graph(load_knowledge_base()), "usda-sr-legacy")["short"]
    'USDA SR Legacy'
    """
    return next(
        (ref for ref in graph.graph.get("references", ()) if ref["key"] == key),
        None,
    )


def _reference_short(graph: nx.MultiDiGraph, key: str) -> str:
    reference = find_reference(graph, key)
    return reference["short"] if reference else key


def sentence_for_edge(graph: nx.MultiDiGraph, edge: tuple[str, str, str]) -> Sentence:
    """Say one edge in plain words: who makes the claim, and as firmly as they make it.

    The sentence also carries the edge's verdict, a note when the verdict makes the step a
    weak link, and, for a food rich in a nutrient, how much a usual portion holds.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> sentence_for_edge(graph, ("almonds", "magnesium", "rich_in")).text
    'The article says that almonds are rich in magnesium.'
    >>> sentence = sentence_for_edge(graph, ("lemon-rub", "calf-cramp", "relieves"))
    >>> print(sentence.text)  # doctest: +NORMALIZE_WHITESPACE
    The article reports that many recommend rubbing with a cut lemon, and itself states
    that it relieves calf muscle cramp.
    >>> sentence.verdict
    'no evidence found'
    >>> sentence.note.startswith("The tool: no evidence found for this claim")
    True
    """
    data = graph.edges[edge]
    return Sentence(
        claim_sentence(graph, edge),
        edge,
        data["strength"],
        data["provenance"],
        verdict=verdict_name(graph, edge),
        note=edge_verdict_note(graph, edge),
        amount=amount_phrase(graph, edge),
    )


def evidence_overview(graph: nx.MultiDiGraph) -> list[dict]:
    """Every claim of ``graph`` with what reviews say of it: one row per edge.

    Rows are ordered by verdict (as ``schema.VERDICTS`` lists them), then by subject label,
    relation (as ``schema.RELATIONS`` lists them) and object label, so the same graph
    always gives the same table. Each row is a JSON-safe dict: ``subject``, ``relation``,
    ``object``, ``subject_label``, ``object_label``, ``claim`` (the claim in words,
    saying who makes it), ``strength``, ``quotes`` (list of str), ``verdict``,
    ``verdict_label``, ``icon``, ``summary`` (``""`` if no record covers the edge),
    ``evidence_id``,
    ``facts_row`` (``None`` when not from a facts row), ``verdict_by`` (who gives the
    verdict, as ``narrate.verdict_source`` words it), ``cited`` (short names joined by
    "; ") and ``citations`` (list of ``{"key", "short", "citation", "link"}``).

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> rows = evidence_overview(build_graph(load_knowledge_base()))
    >>> row = next(row for row in rows if row["subject"] == "almonds")
    >>> row["verdict"], row["facts_row"], row["cited"]
    ('supported', 'E15', 'USDA SR Legacy')
    >>> next(row for row in rows if row["subject"] == "seated-toe-pull")["verdict_by"]
    "Health services' guidance"
    """
    order = {name: index for index, name in enumerate(VERDICTS)}
    relation_order = {name: index for index, name in enumerate(RELATIONS)}
    rows = []
    for subject, obj, key, data in graph.edges(keys=True, data=True):
        verdict = edge_verdict(graph, (subject, obj, key))
        evidence = edge_evidence(graph, (subject, obj, key))
        citations = citation_rows(evidence)
        rows.append(
            {
                "subject": subject,
                "relation": key,
                "object": obj,
                "subject_label": graph.nodes[subject]["label"],
                "object_label": graph.nodes[obj]["label"],
                "claim": claim_sentence(graph, (subject, obj, key), quoted=False),
                "strength": data["strength"],
                "quotes": [prov["quote"] for prov in data["provenance"]],
                "quote_sources": [prov["source"] for prov in data["provenance"]],
                "verdict": verdict.name,
                "verdict_label": verdict_label(graph, (subject, obj, key)),
                "icon": verdict.icon,
                "summary": evidence.get("summary", ""),
                "evidence_id": evidence.get("id"),
                "facts_row": evidence.get("facts_row"),
                "verdict_by": verdict_source(evidence),
                "cited": "; ".join(citation["short"] for citation in citations),
                "citations": citations,
            }
        )
    return sorted(
        rows,
        key=lambda row: (
            order[row["verdict"]],
            row["subject_label"].casefold(),
            relation_order.get(row["relation"], len(relation_order)),
            row["object_label"].casefold(),
            row["subject"],
            row["object"],
        ),
    )


def narrate_path(graph: nx.MultiDiGraph, path: Path) -> list[Sentence]:
    """One plain sentence per step of ``path``, each with its quotes.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> path = find_paths(graph, "almonds", "cramp-prevention")[0]
    >>> print(narrate_path(graph, path)[0].text)
    The article says that almonds are rich in magnesium.
    """
    return [sentence_for_edge(graph, step.edge) for step in path.steps]


def format_path(graph: nx.MultiDiGraph, path: Path | Sequence[str]) -> str:
    """Labels joined by arrows, e.g. ``Almonds -> Magnesium -> Cramp prevention``."""
    nodes = path.nodes if isinstance(path, Path) else path
    return " -> ".join(graph.nodes[node]["label"] for node in nodes)
