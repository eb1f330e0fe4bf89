"""The explorer's shareable state: parsed from and written to URL query parameters.

Pure Python (no Streamlit), so the parsing of untrusted URLs is tested directly: a bad
value never crashes the page; it is dropped, and one notice names every parameter dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, fields, replace

import networkx as nx

from graph.paths import MAX_PATH_LENGTH
from graph.query import ViewSpec, focus_candidates
from graph.schema import NODE_TYPES, RELATIONS, STRENGTHS, VERDICTS
from graph.view import is_selectable

from .text import shown_text

__all__ = [
    "DEFAULT_DEPTH",
    "DEFAULT_MAX_LENGTH",
    "MODES",
    "NOT_A_PARAMETER",
    "OUT_OF_RANGE",
    "PARAMS",
    "REPEATED",
    "UNKNOWN",
    "ExplorerState",
    "Ignored",
    "ignored_notice",
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


def _single(given: str | list[str]) -> str | None:
    """The one value a parameter holds, or ``None`` when the link gives it different values.

    The same value given twice counts once; ``?depth=3&depth=99`` names no depth.
    """
    if not isinstance(given, list):
        return given
    distinct = list(dict.fromkeys(given))
    if len(distinct) > 1:
        return None
    return distinct[0] if distinct else ""


_VOCABULARIES: Mapping[str, Mapping] = {
    "node_types": NODE_TYPES,
    "relations": RELATIONS,
    "strengths": STRENGTHS,
    "verdicts": VERDICTS,
}
"""Comma-separated fields and the names each may hold."""

_NUMBERS: Mapping[str, tuple[int, int]] = {
    "depth": (1, MAX_DEPTH),
    "max_length": (1, MAX_PATH_LENGTH),
    "path_choice": (1, 50),
}
"""Whole-number fields: lowest and highest value."""

# Why a parameter was ignored (``Ignored.reason``).
UNKNOWN = "unknown"
OUT_OF_RANGE = "out of range"
NOT_A_PARAMETER = "not a parameter"
REPEATED = "given different values"
_REASONS = (UNKNOWN, OUT_OF_RANGE, NOT_A_PARAMETER, REPEATED)
"""Why a parameter was ignored, in the order the notice lists them."""


@dataclass(frozen=True, slots=True)
class Ignored:
    """One query parameter of a link that the page did not use, as the link spelled it.

    ``value`` is the part ignored (only the unknown names of a list); ``expected`` says
    what would have fitted, where a value is out of range.
    """

    name: str
    reason: str
    value: str = ""
    expected: str = ""


def _known_names(
    graph: nx.MultiDiGraph, questions: Collection[str], tours: Collection[str]
) -> dict[str, Callable[[str], bool]]:
    """Fields that name one thing: whether a value names one that exists (focus
    candidates are listed only when a link asks for one)."""
    return {
        "mode": MODES.__contains__,
        "question": questions.__contains__,
        "tour": tours.__contains__,
        "cause": lambda name: name in focus_candidates(graph, "cause"),
        "remedy": lambda name: name in focus_candidates(graph, "remedy"),
        "path_from": graph.__contains__,
        "path_to": graph.__contains__,
        "compare_first": graph.__contains__,
        "compare_second": graph.__contains__,
        "selected": lambda item: is_selectable(graph, item),
    }


def _read_field(
    field: str, text: str, known: Mapping[str, Callable[[str], bool]]
) -> tuple[object, Ignored | None]:
    """The value of ``field`` that ``text`` gives (``None``: keep the default), and what of
    ``text`` was ignored, if anything."""
    name = PARAMS[field]
    if field == "search":
        return text[:200], None
    if field in _VOCABULARIES:
        allowed = _VOCABULARIES[field]
        given = [part for part in text.split(",") if part]
        unknown = [part for part in given if part not in allowed]
        kept = tuple(part for part in allowed if part in given)
        return kept, Ignored(name, UNKNOWN, ",".join(unknown)) if unknown else None
    if field in _NUMBERS:
        low, high = _NUMBERS[field]
        number = int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None
        if number is None or not low <= number <= high:
            return None, Ignored(name, OUT_OF_RANGE, text, f"{low} to {high}")
        return number, None
    if known[field](text):
        return text, None
    return None, Ignored(name, UNKNOWN, text)


def parse_query_params(
    params: Mapping[str, str | list[str]],
    graph: nx.MultiDiGraph,
    *,
    questions: Collection[str] = (),
    tours: Collection[str] = (),
) -> tuple[ExplorerState, list[Ignored]]:
    """Read a state from query parameters, dropping (and reporting) what does not fit.

    One rule for every parameter: a name the page does not read, a value it does not
    know or that is out of range, and a parameter given different values (``?depth=3&
    depth=99``: which did the sender mean?) are ignored, the parameter keeps its default,
    and the result names it. The same value given twice counts once.

    Returns
    -------
    (ExplorerState, list of Ignored)
        The state, and each parameter ignored, in the link's order. ``questions`` and
        ``tours`` are the ids a link may name.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> state, ignored = parse_query_params(
    ...     {"cause": "sedentary-lifestyle", "depth": ["3", "9"], "dpeth": "3"}, graph
    ... )
    >>> state.cause, state.depth, [(item.name, item.reason) for item in ignored]
    ('sedentary-lifestyle', 2, [('depth', 'given different values'), ('dpeth', 'not a parameter')])
    """
    fields_by_name = {name: field for field, name in PARAMS.items()}
    known = _known_names(graph, questions, tours)
    ignored: list[Ignored] = []
    values: dict[str, object] = {}
    for name, given in params.items():
        field = fields_by_name.get(name)
        text = _single(given)
        if field is None or text is None:
            ignored.append(Ignored(name, NOT_A_PARAMETER if field is None else REPEATED))
            continue
        value, dropped = _read_field(field, text, known)
        if value is not None:
            values[field] = value
        if dropped is not None:
            ignored.append(dropped)
    return replace(ExplorerState(), **values), ignored


def ignored_notice(ignored: Sequence[Ignored], *, most: int = 24, width: int = 24) -> str:
    """One short, plain sentence naming every parameter of a link that was ignored.

    Grouped by why; each name and value is cut to ``width`` characters and at most
    ``most`` parameters are listed (a count says how many more). The text comes from the
    link: escape it wherever it is shown.

    Examples
    --------
    >>> too_deep = Ignored("depth", OUT_OF_RANGE, "99", "1 to 4")
    >>> ignored_notice([too_deep, Ignored("dpeth", NOT_A_PARAMETER)])
    'Ignored in this link: out of range: depth=99 (1 to 4); not a parameter: dpeth.'
    >>> ignored_notice([])
    ''
    """
    if not ignored:
        return ""
    groups: dict[str, list[str]] = {reason: [] for reason in _REASONS}
    for item in ignored[:most]:
        part = shown_text(item.name, limit=width)
        if item.value:
            part += "=" + shown_text(item.value, limit=width)
        if item.expected:
            part += f" ({item.expected})"
        groups[item.reason].append(part)
    titles = {UNKNOWN: "not known", NOT_A_PARAMETER: "not a parameter"}
    said = "; ".join(
        f"{titles.get(reason, reason)}: {', '.join(parts)}"
        for reason, parts in groups.items()
        if parts
    )
    more = f" (and {len(ignored) - most} more)" if len(ignored) > most else ""
    return f"Ignored in this link: {said}{more}."


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
