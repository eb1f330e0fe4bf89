"""Load tours and check them against the graph.

Every problem is located as ``file:line: field: message``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import networkx as nx
from pydantic import (
    ValidationError,
)

from ..errors import Problem, SchemaError
from ..integrity import check_grounds, harms_message, missing_harms
from ..limits import MAX_FILE_BYTES
from ..query import neighbourhood, search
from ..schema import RELATIONS, graph_edge, graph_edge_id
from ..yaml_folder import (
    Document,
    Location,
    folder_files,
    parse_folder,
    parse_text,
    repeated_id,
    suggest,
    validation_problems,
)
from .model import TOUR_FIELDS, Tour, UnknownTour

__all__ = ["find_tour", "load_tours", "tour_from_yaml"]


def _suggest_node(graph: nx.MultiDiGraph, name: str) -> str:
    # A label or synonym ("charley horse") names a node as well as its id does.
    return suggest(name, graph.nodes) or suggest(
        name, (match.node_id for match in search(graph, name.replace("-", " "), limit=1)), cutoff=0
    )


def _suggest_edge(graph: nx.MultiDiGraph, text: str) -> str:
    subject, obj, relation = graph_edge(text)
    if graph.has_edge(obj, subject, relation):
        turned = graph_edge_id((obj, subject, relation))
        return f" (did you mean {turned!r}? edges keep their direction)"
    return suggest(text, (graph_edge_id(edge) for edge in graph.edges(keys=True)))


def _is_joined(graph: nx.MultiDiGraph, one: str, other: str) -> bool:
    return graph.has_edge(one, other) or graph.has_edge(other, one)


def _texts(raw: dict[str, Any], field: str) -> list[tuple[int, str]]:
    """The strings listed under ``field`` of a step as written, with their positions."""
    items = raw.get(field)
    if not isinstance(items, list):
        return []
    return [(index, item.strip()) for index, item in enumerate(items) if isinstance(item, str)]


def _check_step(
    graph: nx.MultiDiGraph, raw: dict[str, Any], where: Location
) -> Iterable[tuple[Location, str]]:
    """Yield ``(path to the field, message)`` for every node or edge the graph lacks.

    Reads the step as written, so a step that is broken in other ways (no narration,
    say) is still checked against the graph: every problem is reported at once.
    """
    for field in ("nodes", "path"):
        for index, node_id in _texts(raw, field):
            if node_id not in graph:
                message = f"unknown node {node_id!r}{_suggest_node(graph, node_id)}"
                yield (*where, field, index), message
    focus = raw.get("focus")
    if isinstance(focus, str) and focus.strip() not in graph:
        yield (*where, "focus"), f"unknown node {focus.strip()!r}{_suggest_node(graph, focus)}"
    walk = _texts(raw, "path")
    for (_, one), (index, other) in pairwise(walk):
        if one in graph and other in graph and not _is_joined(graph, one, other):
            yield (
                (*where, "path", index),
                f"no edge joins {one!r} and {other!r}; a path walks along edges"
                " (list nodes under nodes: to show them without a link)",
            )
    for index, text in _texts(raw, "edges"):
        edge = graph_edge(text)
        if edge is None:
            continue  # the model reports how to write an edge
        subject, obj, relation = edge
        if relation not in RELATIONS:
            known = ", ".join(RELATIONS)
            yield (*where, "edges", index), f"unknown relation {relation!r} (one of: {known})"
        elif not graph.has_edge(subject, obj, relation):
            yield (*where, "edges", index), f"unknown edge {text!r}{_suggest_edge(graph, text)}"


def _check_step_and_grounds(
    graph: nx.MultiDiGraph, raw: dict[str, Any], where: Location
) -> list[tuple[Location, str]]:
    """``_check_step``, then the grounds; a view already found broken is not checked
    against again (one mistake, one problem)."""
    found = list(_check_step(graph, raw, where))
    return found + list(_check_grounds(graph, raw, where, view_is_broken=bool(found)))


def _raw_view(graph: nx.MultiDiGraph, raw: dict[str, Any]) -> set[tuple[str, str, str]]:
    """The edges among the nodes a step as written shows (as ``step_view`` counts them)."""
    view = {node for field in ("nodes", "path") for _, node in _texts(raw, field)}
    focus = raw.get("focus")
    if isinstance(focus, str) and focus.strip() in graph:
        view |= set(neighbourhood(graph, [focus.strip()], depth=1))
    for _, text in _texts(raw, "edges"):
        view |= set((graph_edge(text) or ())[:2])
    return set(graph.subgraph(node for node in view if node in graph).edges(keys=True))


def _check_grounds(
    graph: nx.MultiDiGraph, raw: dict[str, Any], where: Location, *, view_is_broken: bool
) -> Iterable[tuple[Location, str]]:
    """The claims and evidence a step rests on are named, known and in view; the words
    name no substance without its harms."""
    claims = [graph_edge(text) for _, text in _texts(raw, "claims")]
    evidence = [text for _, text in _texts(raw, "evidence")]
    words = {
        field: raw[field]
        for field in ("narration", "question", "answer")
        if isinstance(raw.get(field), str)
    }
    shown = None if view_is_broken else _raw_view(graph, raw)
    grounds = check_grounds(graph, claims, evidence, shown, texts=words)
    for field, index, message in grounds:
        yield ((*where, field) if index is None else (*where, field, index)), message
    for field in ("title", "narration", "question", "answer"):
        text = raw.get(field)
        if isinstance(text, str) and missing_harms(text):
            yield (*where, field), harms_message(missing_harms(text))


def _overlaps(one: Location, other: Location) -> bool:
    """Whether one location holds the other (a problem there says it all already)."""
    return one[: len(other)] == other or other[: len(one)] == one


def _tour_of(doc: Document, graph: nx.MultiDiGraph, problems: list[Problem]) -> Tour | None:
    """Validate one parsed file; return the tour, or ``None`` if it is broken."""
    if not isinstance(doc.data, dict):
        expected = "expected a mapping with keys: " + ", ".join(TOUR_FIELDS)
        problems.append(Problem(doc.file, 1, "", expected))
        return None
    found = len(problems)
    tour = None
    reported: set[Location] = set(doc.spoiled)
    try:
        tour = Tour.model_validate(doc.data)
    except ValidationError as err:
        problems.extend(validation_problems(doc, (), err))
        reported |= {tuple(detail["loc"]) for detail in err.errors(include_url=False)}
    steps = doc.data.get("steps")
    for index, raw in enumerate(steps if isinstance(steps, list) else ()):
        if not isinstance(raw, dict):
            continue
        for path, message in _check_step_and_grounds(graph, raw, ("steps", index)):
            if not any(_overlaps(path, other) for other in reported):
                problems.append(doc.problem(path, message))
    return tour if len(problems) == found else None


def load_tours(
    tours_dir: Path | str, graph: nx.MultiDiGraph, *, max_file_bytes: int = MAX_FILE_BYTES
) -> tuple[Tour, ...]:
    """Load and check every ``*.yaml`` tour directly inside ``tours_dir``.

    Parameters
    ----------
    tours_dir
        Folder of tour files, one tour per file (``DEFAULT_TOURS_DIR`` for the shipped ones).
    graph
        The graph the tours walk (from ``build_graph``): every node and edge a tour names
        must be in it.
    max_file_bytes
        The largest tour file read; a larger one is refused before it is parsed.

    Returns
    -------
    tuple of Tour
        Sorted by id; empty when the folder holds no ``.yaml`` file.

    Raises
    ------
    SchemaError
        Listing every problem of every file, each as ``file:line: field: message`` (files
        are named ``<parent folder>/<tours folder>/<file>``, e.g. ``data/tours/x.yaml``).

    Examples
    --------
    >>> from graph.tours import DEFAULT_TOURS_DIR
    >>> from graph import build_graph, load_knowledge_base
    >>> tours = load_tours(DEFAULT_TOURS_DIR, build_graph(load_knowledge_base()))
    >>> "almonds-to-fewer-cramps" in [tour.id for tour in tours]
    True
    """
    tours_dir = Path(tours_dir)
    files = folder_files(tours_dir, missing="no such tours folder")
    docs, problems = parse_folder(files, shown_from=tours_dir.parent, max_bytes=max_file_bytes)
    first: dict[str, tuple[Document, Location]] = {}
    tours: list[Tour] = []
    for doc in docs:
        tour = _tour_of(doc, graph, problems)
        if tour is None:
            continue
        earlier = repeated_id(first, tour.id, doc, ("id",))
        if earlier:
            message = f"duplicate tour id {tour.id!r} (first at {earlier})"
            problems.append(doc.problem(("id",), message))
            continue
        tours.append(tour)
    if problems:
        raise SchemaError(problems)
    return tuple(sorted(tours, key=lambda tour: tour.id))


def tour_from_yaml(text: str, graph: nx.MultiDiGraph, *, file: str = "<tour>") -> Tour:
    """Read one tour from YAML text (as ``tour_to_yaml`` writes it) and check it.

    Parameters
    ----------
    text
        The YAML of one tour.
    graph
        The graph the tour walks.
    file
        How messages name the text, e.g. the name of an uploaded file.

    Raises
    ------
    SchemaError
        Listing every problem, each as ``file:line: field: message``.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> tour_from_yaml("id: x\\ntitle: X\\naudience: all\\nsteps: []\\n", graph)
    Traceback (most recent call last):
    ...
    graph.errors.SchemaError: 1 problem in <tour>
    <tour>:4: steps: a tour needs at least one step
    """
    doc, problems = parse_text(text, file)
    tour = _tour_of(doc, graph, problems)
    if problems or tour is None:
        raise SchemaError(problems)
    return tour


def find_tour(tours: Sequence[Tour], tour_id: str) -> Tour:
    """Return the tour with ``tour_id``.

    Raises
    ------
    UnknownTour
        When none has it; carries up to three close ids (by spelling, else by a word).

    Examples
    --------
    >>> from graph.tours import DEFAULT_TOURS_DIR
    >>> from graph import build_graph, load_knowledge_base
    >>> tours = load_tours(DEFAULT_TOURS_DIR, build_graph(load_knowledge_base()))
    >>> find_tour(tours, "almonds-to-fewer-cramps").title
    'Almonds, magnesium and cramps: checking a chain'
    >>> try:
    ...     find_tour(tours, "almonds")
    ... except UnknownTour as err:
    ...     print(err)
    no tour has the id 'almonds' (did you mean 'almonds-to-fewer-cramps'?)
    """
    by_id = {tour.id: tour for tour in tours}
    if tour_id in by_id:
        return by_id[tour_id]
    wanted = tour_id.casefold()
    close = difflib.get_close_matches(wanted, list(by_id), n=3, cutoff=0.6)
    if not close:
        # A word of the id ("almonds") names the tour as well as a near spelling does.
        words = [word for word in wanted.replace(" ", "-").split("-") if len(word) > 3]
        close = [tour.id for tour in tours if any(word in tour.id for word in words)]
    raise UnknownTour(tour_id, tuple(close[:3]))
