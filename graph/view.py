"""The explorer's view: a search, a question's answer, a traced path and a selection, merged.

The app and the CLI both ask the same thing of the library: given what a reader asked
for (filters and focus as a ``query.ViewSpec``, a search, a question's answer, a path
between two nodes, a selected node or link), which part of the graph is shown, what is
highlighted, which node the view is about, and what could not be done. ``explorer_view``
answers it as one frozen record, so the page only draws. ``made_tour`` turns the same
state (a traced path or a focus) into a tour to present, and ``edit_problem`` checks an
educator's edits of a tour against the limits every tour file is read with.

Everything here reads the graph and returns views; nothing is mutated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import networkx as nx

from .errors import NoPath, UnknownNode
from .limits import text_problem
from .paths import Path, find_paths
from .query import Match, ViewSpec, compose_view, resolve, search_hits
from .questions import Answer
from .schema import split_edge_id
from .tours import StepEdit, Tour, tour_from_focus, tour_from_path

__all__ = [
    "MAX_SHOWN_PATHS",
    "ExplorerView",
    "PathRequest",
    "edit_problem",
    "explorer_view",
    "is_selectable",
    "made_tour",
    "trace",
]

MAX_SHOWN_PATHS = 10
"""The most ranked paths the explorer offers between two nodes."""


@dataclass(frozen=True, slots=True)
class PathRequest:
    """A path to trace: its two ends, the longest path in links, and which ranked path."""

    source: str
    target: str
    max_length: int = 3
    choice: int = 1


@dataclass(frozen=True, slots=True)
class ExplorerView:
    """What the explorer shows for one request.

    ``graph`` is the read-only subgraph drawn; ``centre`` the node the view is about (the
    search's best match, else the question's subject); ``matches`` the search's hits;
    ``paths`` the ranked paths traced and ``chosen`` the one shown (``choice`` is its
    1-based number, put back to 1 when the request named one past the end);
    ``highlight`` the edges to emphasise (the chosen path's, else the answer's);
    ``notes`` plain sentences about what could not be done (nothing matched, no path).
    """

    graph: nx.MultiDiGraph
    centre: str | None = None
    matches: tuple[Match, ...] = ()
    paths: tuple[Path, ...] = ()
    choice: int = 1
    highlight: tuple[tuple[str, str, str], ...] | None = None
    notes: tuple[str, ...] = ()

    @property
    def chosen(self) -> Path | None:
        """The path shown, or ``None`` when no path was traced or none was found."""
        return self.paths[self.choice - 1] if self.paths else None


def is_selectable(view: nx.MultiDiGraph, item_id: str) -> bool:
    """Whether ``item_id`` names a node of ``view`` or one of its links (``schema.edge_id``).

    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> is_selectable(graph, "almonds"), is_selectable(graph, "almonds|rich_in|magnesium")
    (True, True)
    """
    if item_id in view:
        return True
    parts = split_edge_id(item_id)
    return parts is not None and view.has_edge(parts[0], parts[2], parts[1])


def trace(graph: nx.MultiDiGraph, request: PathRequest) -> tuple[list[Path], str | None]:
    """The ranked paths of ``request`` (at most ``MAX_SHOWN_PATHS``), or why there are none.

    Ends that are the same node trace nothing and say nothing.
    """
    if request.source == request.target:
        return [], None
    try:
        paths = find_paths(
            graph,
            request.source,
            request.target,
            max_length=request.max_length,
            limit=MAX_SHOWN_PATHS,
        )
    except NoPath as err:
        return [], f"{err}. Try a longer path."
    return paths, None


def explorer_view(
    graph: nx.MultiDiGraph,
    spec: ViewSpec,
    *,
    search: str = "",
    matches: tuple[Match, ...] | None = None,
    answer: Answer | None = None,
    path: PathRequest | None = None,
    selected: str | None = None,
) -> ExplorerView:
    """Merge a search, an answer, a path and a selection into the view the explorer draws.

    Parameters
    ----------
    graph
        The whole, read-only graph.
    spec
        Filters, focus and depth (``matches`` and ``centre`` are filled in here).
    search
        What was typed in the search box; blank for none.
    matches
        The search's hits when the caller has them already (the app caches them);
        ``None`` runs ``query.search_hits``.
    answer
        A question's answer: its subgraph replaces the filtered view, its subject becomes
        the centre unless a search found one, and its edges are highlighted.
    path
        A path to trace; the chosen path's nodes join the view and its edges are
        highlighted instead of the answer's.
    selected
        A node or link id; one the filters hide is shown anyway, with its ends.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> view = explorer_view(graph, ViewSpec(), path=PathRequest("almonds", "cramp-prevention"))
    >>> view.chosen.nodes[0], view.highlight == view.chosen.edges
    ('almonds', True)
    >>> explorer_view(graph, ViewSpec(), search="zzzz").notes
    ("Nothing matches 'zzzz'",)
    """
    centre, found, problem = _search(graph, search, matches)
    notes = [problem] if problem else []
    paths, problem = trace(graph, path) if path is not None else ([], None)
    notes.extend([problem] if problem else [])
    choice = path.choice if path is not None and path.choice <= len(paths) else 1

    shown = compose_view(graph, _with_matches(spec, found))
    if answer is not None:
        shown = graph.subgraph(answer.nodes)
        centre = centre or answer.question.about
    chosen = paths[choice - 1] if paths else None
    if chosen is not None:
        shown = graph.subgraph(set(shown) | set(chosen.nodes))
    if selected and is_selectable(graph, selected) and not is_selectable(shown, selected):
        # A selection the filters hide (say, a claim picked in the article) is shown
        # anyway, with its ends, rather than silently dropped.
        parts = split_edge_id(selected)
        ends = {parts[0], parts[2]} if parts else {selected}
        shown = graph.subgraph(set(shown) | ends)
    highlight = chosen.edges if chosen else (answer.edges if answer else None)
    return ExplorerView(
        graph=shown,
        centre=centre,
        matches=found,
        paths=tuple(paths),
        choice=choice,
        highlight=highlight,
        notes=tuple(notes),
    )


def _search(
    graph: nx.MultiDiGraph, text: str, matches: tuple[Match, ...] | None
) -> tuple[str | None, tuple[Match, ...], str | None]:
    """The node a search is about, its hits, and what to say when nothing matches."""
    if not text.strip():
        return None, (), None
    try:
        centre = resolve(graph, text)
    except UnknownNode as err:
        return None, (), str(err).replace("no node matches", "Nothing matches")
    return centre, tuple(search_hits(graph, text) if matches is None else matches), None


def _with_matches(spec: ViewSpec, matches: tuple[Match, ...]) -> ViewSpec:
    return replace(spec, matches=tuple(match.node_id for match in matches))


def made_tour(
    graph: nx.MultiDiGraph,
    *,
    path: PathRequest | None = None,
    focus: str | None = None,
) -> Tour | None:
    """A tour of the explorer's current state: of the traced path, else of the focus node.

    Returns ``None`` when the state holds neither (or the path's ends are not linked).

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> tour = made_tour(graph, path=PathRequest("almonds", "cramp-prevention"))
    >>> len(tour.steps) > 0, made_tour(graph) is None
    (True, True)
    """
    if path is not None:
        paths, _ = trace(graph, path)
        if not paths:
            return None
        return tour_from_path(graph, paths[min(path.choice, len(paths)) - 1])
    if focus is not None:
        return tour_from_focus(graph, focus)
    return None


EDITED_FIELDS = ("title", "narration", "question", "answer")
"""The words of a tour step an educator can edit (``tours.StepEdit``)."""


def edit_problem(edits: Sequence[StepEdit]) -> str | None:
    """The first edit a tour file could not hold, as one line; ``None`` when all are fine.

    The edited tour is written as YAML and read back with the limits of ``graph.limits``
    (length, control and bidi characters), so an edit they refuse is named here, before
    the tour is downloaded, rather than when the file fails to load.

    Examples
    --------
    >>> edits = [StepEdit(1, title="Almonds"), StepEdit(2, narration="Nuts\u202e.")]
    >>> print(edit_problem(edits))  # doctest: +ELLIPSIS
    Step 2, narration: bidi control U+202E (right-to-left override) at position 5 is ...
    >>> edit_problem([StepEdit(1, title="Almonds")]) is None
    True
    """
    for number, edit in enumerate(edits, start=1):
        for field in EDITED_FIELDS:
            problem = text_problem(field, getattr(edit, field))
            if problem is not None:
                return f"Step {number}, {field}: {problem}."
    return None
