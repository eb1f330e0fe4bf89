"""The vocabulary of entry questions, as pydantic models that check and run themselves.

A question (``EntryQuestion``) holds a ``query``, a list of ``QueryStep`` each naming one
operation (``Edges``, ``NeighboursOf``, ``Paths``, ``PathThrough``), and a ``summary``,
a list of ``SummaryLine``. The models check what they hold the way ``graph.schema``
checks the knowledge base; node ids are checked against the graph passed as validation
context (``{"graph": graph}``), so a question is valid only for the graph it is asked of.
``graph.questions`` loads the files and composes the answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from itertools import pairwise
from types import MappingProxyType
from typing import Annotated, Any

import networkx as nx
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .errors import NoPath
from .evidence import verdict_name
from .ids import EdgeKey
from .integrity import harms_message, missing_harms
from .paths import MAX_PATH_LENGTH, MAX_PATHS, find_paths
from .schema import NODE_TYPES, RELATIONS, STRENGTHS, VERDICTS, Slug, Text, graph_edge
from .yaml_folder import suggest

__all__ = [
    "OPERATIONS",
    "SUMMARY_LINES",
    "EdgeFilter",
    "Edges",
    "EntryQuestion",
    "NeighboursOf",
    "PathThrough",
    "Paths",
    "QueryStep",
    "SummaryLine",
    "label_key",
]

_MODEL = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _known_node(value: str, info: ValidationInfo) -> str:
    graph = (info.context or {}).get("graph")
    if graph is not None and value not in graph:
        raise ValueError(f"unknown node {value!r}{suggest(value, graph.nodes)}")
    return value


def _named(vocabulary: Mapping[str, object], what: str) -> AfterValidator:
    def check(value: str) -> str:
        if value not in vocabulary:
            hint = suggest(value, vocabulary) or f" (expected one of: {', '.join(vocabulary)})"
            raise ValueError(f"unknown {what} {value!r}{hint}")
        return value

    return AfterValidator(check)


def _listed(value: object) -> object:
    """One value given where a list may be is a list of one."""
    return value if isinstance(value, list | tuple) else [value]


def _some(values: tuple[str, ...]) -> tuple[str, ...]:
    if not values:
        raise ValueError("expected at least one value")
    return tuple(dict.fromkeys(values))


def _steps(value: int) -> int:
    if not 1 <= value <= MAX_PATH_LENGTH:
        raise ValueError(f"expected 1 to {MAX_PATH_LENGTH} steps (got {value})")
    return value


_LIST = (BeforeValidator(_listed), AfterValidator(_some))
"""One value or a list of them, at least one, each once."""
NodeId = Annotated[str, AfterValidator(_known_node)]
NodeType = Annotated[str, _named(NODE_TYPES, "node type")]
Strength = Annotated[str, _named(STRENGTHS, "strength")]
NodeIds = Annotated[tuple[NodeId, ...], *_LIST]
NodeTypes = Annotated[tuple[NodeType, ...], *_LIST]
Relations = Annotated[tuple[Annotated[str, _named(RELATIONS, "relation")], ...], *_LIST]
Verdicts = Annotated[tuple[Annotated[str, _named(VERDICTS, "verdict")], ...], *_LIST]
Strengths = Annotated[tuple[Strength, ...], *_LIST]
Length = Annotated[StrictInt, AfterValidator(_steps)]


def label_key(graph: nx.MultiDiGraph, node_id: str) -> tuple[str, str]:
    """Sort key of a node by its label (then id), as answers list nodes."""
    return (graph.nodes[node_id]["label"].casefold(), node_id)


def _edge_order(graph: nx.MultiDiGraph) -> Callable[[EdgeKey], tuple]:
    relation_order = {name: index for index, name in enumerate(RELATIONS)}
    return lambda edge: (
        label_key(graph, edge[0]),
        relation_order.get(edge[2], len(relation_order)),
        label_key(graph, edge[1]),
    )


class EdgeFilter(BaseModel):
    """Keeps the edges that match every key given (each one value or a list of them)."""

    model_config = _MODEL

    subject: NodeIds = ()
    object: NodeIds = ()
    subject_type: NodeTypes = ()
    object_type: NodeTypes = ()
    relation: Relations = ()
    verdict: Verdicts = ()
    strength: Strengths = ()
    quoted_as: Strengths = ()
    """The strength of any one of the edge's quotes (``strength`` is the firmest)."""

    def passes(self, graph: nx.MultiDiGraph, edge: EdgeKey) -> bool:
        """Whether ``edge`` matches every key this filter gives."""
        subject, obj, relation = edge
        data = graph.edges[edge]
        facts: dict[str, Iterable[str]] = {
            "subject": (subject,),
            "object": (obj,),
            "subject_type": (graph.nodes[subject]["type"],),
            "object_type": (graph.nodes[obj]["type"],),
            "relation": (relation,),
            "verdict": (verdict_name(graph, edge),),
            "strength": (data["strength"],),
            "quoted_as": {prov["strength"] for prov in data["provenance"]},
        }
        return all(
            not set(getattr(self, name)).isdisjoint(facts[name])
            for name in EdgeFilter.model_fields
            if getattr(self, name)
        )


class Edges(EdgeFilter):
    """``edges: {FILTER}``: every edge of the graph that passes the filter."""

    @model_validator(mode="after")
    def _filters_something(self) -> Edges:
        if not self.model_fields_set:
            raise ValueError(f"give at least one of: {', '.join(EdgeFilter.model_fields)}")
        return self

    def run(self, graph: nx.MultiDiGraph) -> list[EdgeKey]:
        """The edges found, ordered by subject label, relation and object label."""
        found = [edge for edge in graph.edges(keys=True) if self.passes(graph, edge)]
        return sorted(found, key=_edge_order(graph))


class NeighboursOf(EdgeFilter):
    """``neighbours_of: NODE`` or ``{node: NODE, node_type: ..., FILTER...}``."""

    node: NodeId
    node_type: NodeTypes = ()
    """Keep the edges whose other end is of one of these types."""

    @model_validator(mode="before")
    @classmethod
    def _bare(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else {"node": value}

    def run(self, graph: nx.MultiDiGraph) -> list[EdgeKey]:
        """The edges at ``node`` either way, ordered by the label of their other end."""
        incident = [*graph.out_edges(self.node, keys=True), *graph.in_edges(self.node, keys=True)]

        def other(edge: EdgeKey) -> str:
            return edge[1] if edge[0] == self.node else edge[0]

        found = {
            edge
            for edge in incident
            if self.passes(graph, edge)
            and (not self.node_type or graph.nodes[other(edge)]["type"] in self.node_type)
        }
        order = _edge_order(graph)
        return sorted(found, key=lambda edge: (label_key(graph, other(edge)), order(edge)))


class Paths(BaseModel):
    """``paths: {from: NODE | from_type: TYPE, to: NODE, within: N}``."""

    model_config = _MODEL

    start: NodeId | None = Field(default=None, alias="from")
    from_type: NodeType | None = None
    to: NodeId
    within: Length = 2

    @model_validator(mode="after")
    def _one_start(self) -> Paths:
        if (self.start is None) == (self.from_type is None):
            raise ValueError("give exactly one of: from, from_type")
        return self

    def run(self, graph: nx.MultiDiGraph) -> list[EdgeKey]:
        """For each start (by label), the edges of all its shortest paths to ``to``."""
        starts = (
            [self.start]
            if self.start is not None
            else sorted(
                (node for node, kind in graph.nodes(data="type") if kind == self.from_type),
                key=lambda node: label_key(graph, node),
            )
        )
        return [edge for node in starts if node != self.to for edge in self._shortest(graph, node)]

    def _shortest(self, graph: nx.MultiDiGraph, start: str) -> list[EdgeKey]:
        try:
            paths = find_paths(graph, start, self.to, max_length=self.within, limit=MAX_PATHS)
        except NoPath:
            return []
        shortest = min(len(path) for path in paths)
        return [edge for path in paths if len(path) == shortest for edge in path.edges]


class PathThrough(BaseModel):
    """``path: [NODE, NODE, ...]`` or ``{through: [...], within: N}``: the best path."""

    model_config = _MODEL

    through: tuple[NodeId, ...]
    within: Length = 3

    @model_validator(mode="before")
    @classmethod
    def _bare(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else {"through": value}

    @field_validator("through")
    @classmethod
    def _two_or_more(cls, through: tuple[str, ...]) -> tuple[str, ...]:
        if len(through) < 2:
            raise ValueError("a path needs at least two nodes")
        return through

    def run(self, graph: nx.MultiDiGraph) -> list[EdgeKey]:
        """The best-ranked path through the nodes in turn; nothing if a leg has none."""
        found: list[EdgeKey] = []
        for start, end in pairwise(self.through):
            try:
                found.extend(find_paths(graph, start, end, max_length=self.within)[0].edges)
            except NoPath:
                return []
        return found


OPERATIONS: Mapping[str, type[BaseModel]] = MappingProxyType(
    {"edges": Edges, "neighbours_of": NeighboursOf, "paths": Paths, "path": PathThrough}
)
"""The query operations a question may use, by name (see ``graph.questions``)."""

SUMMARY_LINES: Mapping[str, str] = MappingProxyType(
    {"count": "node type", "verdicts": "filter", "evidence": "filter", "strengths": "filter"}
)
"""The summary lines a question may ask for, and what each takes."""


def _one_key(value: Any, example: str, names: Iterable[str]) -> Any:
    """``value`` if it is a mapping of exactly one key, as a query step or summary line is."""
    if not isinstance(value, dict) or len(value) != 1:
        raise ValueError(f"{example} (expected one of: {', '.join(names)})")
    return value


class QueryStep(BaseModel):
    """One step of a question's query: exactly one operation."""

    model_config = _MODEL

    edges: Edges | None = None
    neighbours_of: NeighboursOf | None = None
    paths: Paths | None = None
    path: PathThrough | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_operation(cls, value: Any) -> Any:
        example = "a query step is one operation, like 'edges: {relation: relieves}'"
        return _one_key(value, example, OPERATIONS)

    @property
    def operation(self) -> str:
        """The name of the step's operation."""
        return next(name for name in OPERATIONS if getattr(self, name) is not None)

    def run(self, graph: nx.MultiDiGraph) -> list[EdgeKey]:
        """The edges the step finds in ``graph``, in the operation's order."""
        return getattr(self, self.operation).run(graph)


class SummaryLine(BaseModel):
    """One line of a question's summary plan: a count of a node type, or a filter."""

    model_config = _MODEL

    count: NodeType | None = None
    verdicts: EdgeFilter | None = None
    evidence: EdgeFilter | None = None
    strengths: EdgeFilter | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_kind(cls, value: Any) -> Any:
        return _one_key(value, "a summary line is one mapping, like 'count: food'", SUMMARY_LINES)

    @property
    def kind(self) -> str:
        """``count``, ``verdicts``, ``evidence`` or ``strengths``."""
        return next(name for name in SUMMARY_LINES if getattr(self, name) is not None)

    @property
    def edge_filter(self) -> EdgeFilter:
        """The filter choosing the answer's edges the line speaks of (all, for a count)."""
        return getattr(self, self.kind) if self.kind != "count" else EdgeFilter()


def _asks(text: str) -> str:
    if not text.endswith("?"):
        raise ValueError(f"a question ends with '?' (got {text!r})")
    return text


def _names_harms(text: str) -> str:
    names = missing_harms(text)
    if names:
        raise ValueError(harms_message(names))
    return text


def _edge_key(text: Any) -> Any:
    """A claim written ``subject|relation|object``, as the graph's ``(subject, object,
    relation)``; anything but text is left to the type to refuse."""
    if not isinstance(text, str):
        return text
    edge = graph_edge(text.strip())
    if edge is None:
        raise ValueError(f"write a claim as subject|relation|object (got {text!r})")
    return edge


def _some_steps(steps: tuple[QueryStep, ...]) -> tuple[QueryStep, ...]:
    if not steps:
        raise ValueError("a question needs at least one query step")
    return steps


Words = Annotated[Text, AfterValidator(lambda text: " ".join(text.split()))]


class EntryQuestion(BaseModel):
    """A plain question, the intro to its answer, and the query that answers it."""

    model_config = _MODEL

    id: Slug
    question: Annotated[Words, AfterValidator(_asks), AfterValidator(_names_harms)]
    intro: Annotated[Words, AfterValidator(_names_harms)]
    about: NodeId | None = None
    claims: tuple[Annotated[tuple[str, str, str], BeforeValidator(_edge_key)], ...] = ()
    """The edges the intro rests on, as ``(subject, object, relation)``."""
    evidence: tuple[Slug, ...] = ()
    """The evidence records the intro rests on."""
    query: Annotated[tuple[QueryStep, ...], AfterValidator(_some_steps)]
    summary: tuple[SummaryLine, ...] = ()

    def edges(self, graph: nx.MultiDiGraph) -> tuple[EdgeKey, ...]:
        """The union of the edges every step finds, in step order, without repeats."""
        return tuple(dict.fromkeys(edge for step in self.query for edge in step.run(graph)))
