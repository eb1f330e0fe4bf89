"""The explorer's shareable state: parsed from and written to URL query parameters.

Pure Python (no Streamlit), so the parsing of untrusted URLs is tested directly: a bad
value never crashes the page; it is dropped with a warning the page shows.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, fields, replace

import networkx as nx

from graph.paths import MAX_PATH_LENGTH
from graph.query import ViewSpec, focus_candidates
from graph.schema import NODE_TYPES, RELATIONS, STRENGTHS, VERDICTS
from graph.view import is_selectable

__all__ = [
    "DEFAULT_DEPTH",
    "DEFAULT_MAX_LENGTH",
    "MODES",
    "PARAMS",
    "ExplorerState",
    "parse_query_params",
    "to_query_params",
]

DEFAULT_DEPTH = 2
DEFAULT_MAX_LENGTH = 3
MAX_DEPTH = 4

MODES = ("explore", "present", "compare", "curate")
"""The page's views: explore the graph, present a tour, compare two nodes, curate a source."""

PARAMS: Mapping[str, str] = {
    "mode": "mode",
    "question": "question",
    "tour": "tour",
    "compare_first": "a",
    "compare_second": "b",
    "search": "q",
    "node_types": "types",
    "relations": "rels",
    "strengths": "strength",
    "verdicts": "verdict",
    "cause": "cause",
    "remedy": "remedy",
    "depth": "depth",
    "path_from": "from",
    "path_to": "to",
    "max_length": "len",
    "path_choice": "path",
    "selected": "sel",
}
"""State field -> query parameter name; the one place URL names are spelled."""


@dataclass(frozen=True, slots=True)
class ExplorerState:
    """Everything a shared link restores. Empty filter tuples mean "show all"."""

    mode: str = "explore"
    question: str | None = None
    tour: str | None = None
    compare_first: str | None = None
    compare_second: str | None = None
    search: str = ""
    node_types: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    verdicts: tuple[str, ...] = ()
    cause: str | None = None
    remedy: str | None = None
    depth: int = DEFAULT_DEPTH
    path_from: str | None = None
    path_to: str | None = None
    max_length: int = DEFAULT_MAX_LENGTH
    path_choice: int = 1
    selected: str | None = None

    def view_spec(self) -> ViewSpec:
        """The library's view request for this state's filters, focus and depth."""
        return ViewSpec(
            node_types=frozenset(self.node_types) or None,
            relations=frozenset(self.relations) or None,
            strengths=frozenset(self.strengths) or None,
            verdicts=frozenset(self.verdicts) or None,
            focus=tuple(node for node in (self.cause, self.remedy) if node),
            depth=self.depth,
        )


def _first(value: str | list[str]) -> str:
    """The last of repeated parameters (``?q=a&q=b`` means ``b``), or the only one."""
    if isinstance(value, list):
        return value[-1] if value else ""
    return value


def _names(raw: str, allowed: Mapping, what: str, warnings: list[str]) -> tuple[str, ...]:
    names = [name for name in raw.split(",") if name]
    unknown = [name for name in names if name not in allowed]
    if unknown:
        warnings.append(f"Ignored unknown {what} in the link: {', '.join(unknown)}.")
    return tuple(name for name in allowed if name in names)


def _number(raw: str, low: int, high: int, default: int, what: str, warnings: list[str]) -> int:
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        warnings.append(f"Ignored {what} {raw!r} in the link (expected {low} to {high}).")
        return default
    return value


_VOCABULARIES: Mapping[str, tuple[Mapping, str]] = {
    "node_types": (NODE_TYPES, "node types"),
    "relations": (RELATIONS, "relations"),
    "strengths": (STRENGTHS, "strengths"),
    "verdicts": (VERDICTS, "verdicts"),
}
"""Comma-separated fields: the names each may hold, and what a warning calls them."""

_NUMBERS: Mapping[str, tuple[int, int, int, str]] = {
    "depth": (1, MAX_DEPTH, DEFAULT_DEPTH, "depth"),
    "max_length": (1, MAX_PATH_LENGTH, DEFAULT_MAX_LENGTH, "path length"),
    "path_choice": (1, 50, 1, "path number"),
}
"""Whole-number fields: lowest, highest, default, and what a warning calls them."""


def _known_names(
    graph: nx.MultiDiGraph, questions: Collection[str], tours: Collection[str]
) -> dict[str, tuple[Callable[[str], bool], str]]:
    """Fields that name one thing: whether a value names one that exists, and what a
    warning calls it (focus candidates are listed only when a link asks for one)."""
    node = (graph.__contains__, "node")
    return {
        "mode": (MODES.__contains__, "view"),
        "question": (questions.__contains__, "question"),
        "tour": (tours.__contains__, "tour"),
        "cause": (lambda name: name in focus_candidates(graph, "cause"), "cause"),
        "remedy": (lambda name: name in focus_candidates(graph, "remedy"), "remedy"),
        "path_from": node,
        "path_to": node,
        "compare_first": node,
        "compare_second": node,
        "selected": (lambda item: is_selectable(graph, item), "selection"),
    }


def parse_query_params(
    params: Mapping[str, str | list[str]],
    graph: nx.MultiDiGraph,
    *,
    questions: Collection[str] = (),
    tours: Collection[str] = (),
) -> tuple[ExplorerState, list[str]]:
    """Read a state from query parameters, dropping (and reporting) what does not fit.

    Returns
    -------
    (ExplorerState, list of str)
        The state, and one plain warning per ignored value. ``questions`` and
        ``tours`` are the ids a link may name.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> state, warnings = parse_query_params({"cause": "sedentary-lifestyle", "depth": "9"}, graph)
    >>> state.cause, state.depth, len(warnings)
    ('sedentary-lifestyle', 2, 1)
    """
    raw = {field: _first(params[name]) for field, name in PARAMS.items() if name in params}
    known = _known_names(graph, questions, tours)
    warnings: list[str] = []
    values: dict[str, object] = {}
    for field, text in raw.items():
        if field == "search":
            values[field] = text[:200]
        elif field in _VOCABULARIES:
            values[field] = _names(text, *_VOCABULARIES[field], warnings)
        elif field in _NUMBERS:
            values[field] = _number(text, *_NUMBERS[field], warnings)
        elif known[field][0](text):
            values[field] = text
        else:
            warnings.append(f"Ignored unknown {known[field][1]} {text!r} in the link.")
    return replace(ExplorerState(), **values), warnings


def to_query_params(state: ExplorerState) -> dict[str, str]:
    """The query parameters that restore ``state``; defaults are left out of the URL.

    Examples
    --------
    >>> to_query_params(ExplorerState(cause="epilepsy", node_types=("food", "nutrient")))
    {'types': 'food,nutrient', 'cause': 'epilepsy'}
    """
    default = ExplorerState()
    params: dict[str, str] = {}
    for field in fields(ExplorerState):
        value = getattr(state, field.name)
        if value == getattr(default, field.name):
            continue
        params[PARAMS[field.name]] = ",".join(value) if isinstance(value, tuple) else str(value)
    return params
