"""The explorer's shareable state: parsed from and written to URL query parameters.

Pure Python (no Streamlit), so the parsing of untrusted URLs is tested directly: a bad
value never crashes the page; it is dropped with a warning the page shows.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
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

    def view_spec(self, *, centre: str | None = None) -> ViewSpec:
        """The library's view request for this state (``centre``: the search hit, if any)."""
        return ViewSpec(
            node_types=frozenset(self.node_types) or None,
            relations=frozenset(self.relations) or None,
            strengths=frozenset(self.strengths) or None,
            verdicts=frozenset(self.verdicts) or None,
            focus=tuple(node for node in (self.cause, self.remedy) if node),
            centre=centre,
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
    warnings: list[str] = []
    state = ExplorerState()
    values: dict[str, object] = {}
    if "mode" in raw:
        if raw["mode"] in MODES:
            values["mode"] = raw["mode"]
        else:
            warnings.append(f"Ignored unknown view {raw['mode']!r} in the link.")
    for field, known, what in (("question", questions, "question"), ("tour", tours, "tour")):
        if field in raw:
            if raw[field] in known:
                values[field] = raw[field]
            else:
                warnings.append(f"Ignored unknown {what} {raw[field]!r} in the link.")
    if "search" in raw:
        values["search"] = raw["search"][:200]
    for field, vocabulary, what in (
        ("node_types", NODE_TYPES, "node types"),
        ("relations", RELATIONS, "relations"),
        ("strengths", STRENGTHS, "strengths"),
        ("verdicts", VERDICTS, "verdicts"),
    ):
        if field in raw:
            values[field] = _names(raw[field], vocabulary, what, warnings)
    for field, kind in (("cause", "cause"), ("remedy", "remedy")):
        if field in raw:
            if raw[field] in focus_candidates(graph, kind):
                values[field] = raw[field]
            else:
                warnings.append(f"Ignored unknown {kind} {raw[field]!r} in the link.")
    for field in ("path_from", "path_to", "compare_first", "compare_second"):
        if field in raw:
            if raw[field] in graph:
                values[field] = raw[field]
            else:
                warnings.append(f"Ignored unknown node {raw[field]!r} in the link.")
    if "depth" in raw:
        values["depth"] = _number(raw["depth"], 1, MAX_DEPTH, DEFAULT_DEPTH, "depth", warnings)
    if "max_length" in raw:
        values["max_length"] = _number(
            raw["max_length"], 1, MAX_PATH_LENGTH, DEFAULT_MAX_LENGTH, "path length", warnings
        )
    if "path_choice" in raw:
        values["path_choice"] = _number(raw["path_choice"], 1, 50, 1, "path number", warnings)
    if "selected" in raw:
        if is_selectable(graph, raw["selected"]):
            values["selected"] = raw["selected"]
        else:
            warnings.append(f"Ignored unknown selection {raw['selected']!r} in the link.")
    return replace(state, **values), warnings


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
