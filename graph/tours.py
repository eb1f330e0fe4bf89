"""Guided tours: a walk through the graph one step at a time, written for teaching.

A tour has an id, a title, an audience, an optional description and steps. Each step
says what is in view (``nodes``, a ``path`` walked along existing edges, and/or a
``focus`` node with its direct neighbours), which edges to highlight (``edges``, written
``subject|relation|object``), a ``narration``, and optionally a ``question`` with its
``answer``. Tours live in ``data/tours/*.yaml``, one tour per file; the knowledge-base
loader reads only the files directly inside ``data/``, so tours never disturb it.

Tours are checked against the built graph the way the loader checks the data: every
problem (an unknown node or edge, with the closest match; a path whose neighbours no edge
joins; a step without narration; a repeated tour id; broken YAML) is located as
``file:line: field: message``, and all of them are raised together in one
``SchemaError``. A tour is a frozen record; ``tour_to_yaml`` and ``tour_from_yaml`` are a
symmetric pair, so a tour generated from a path (``tour_from_path``) or a focus
(``tour_from_focus``), edited (``edit_steps``: reword, reorder, drop) and saved, loads
back as it was written. ``step_view`` says what a step shows, for the app, the one-file
lesson (``graph.lesson``) and the handout alike.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any

import networkx as nx
import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .errors import AtlasError, Problem, SchemaError, UnknownNode
from .evidence import edge_evidence, edge_verdict
from .integrity import check_grounds, harms_message, missing_harms
from .limits import MAX_FILE_BYTES
from .load import DEFAULT_DATA_DIR
from .narrate import claims_sentence, edge_verdict_sentence, link_sentence, quotes_sentence
from .query import Path as GraphPath
from .query import format_path, neighbourhood, search, sentence_for_edge
from .schema import RELATIONS, Slug, Text, graph_edge, graph_edge_id, split_edge_id
from .yaml_folder import (
    Document,
    Location,
    field_name,
    folder_files,
    parse_folder,
    parse_text,
    validation_problems,
)

__all__ = [
    "DEFAULT_TOURS_DIR",
    "StepEdit",
    "Tour",
    "TourStep",
    "UnknownTour",
    "edit_steps",
    "find_tour",
    "load_tours",
    "step_view",
    "tour_from_focus",
    "tour_from_path",
    "tour_from_yaml",
    "tour_to_yaml",
]

DEFAULT_TOURS_DIR = DEFAULT_DATA_DIR / "tours"
"""The tours shipped with the project."""

_MODEL = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
_FIELDS = ("id", "title", "audience", "description", "steps")
_STEP_FIELDS = (
    "title",
    "nodes",
    "path",
    "focus",
    "edges",
    "claims",
    "evidence",
    "narration",
    "question",
    "answer",
)
"""Field order of a step as ``tour_to_yaml`` writes it: what is seen, then what is said."""


def _is_edge_id(text: str) -> str:
    if split_edge_id(text) is None:
        raise ValueError(
            f"write an edge as subject|relation|object, like 'almonds|rich_in|magnesium'"
            f" (got {text!r})"
        )
    return text


EdgeId = Annotated[str, AfterValidator(_is_edge_id)]


class TourStep(BaseModel):
    """One step of a tour: what is in view, what is highlighted, and what is said.

    ``nodes`` are shown as they are; ``path`` is a walk whose neighbours are joined by
    an edge (either way), and all such edges are highlighted; ``focus`` shows a node with
    its direct neighbours; ``edges`` (``subject|relation|object``) are highlighted too.
    ``question`` and ``answer`` come together or not at all. ``claims`` (edge ids) and
    ``evidence`` (evidence record ids) are what the step's sentences rest on; a step read
    from a file must name some, each in its view (see ``graph.integrity.check_grounds``).
    """

    model_config = _MODEL

    title: Text
    narration: Text
    nodes: tuple[Slug, ...] = ()
    path: tuple[Slug, ...] = ()
    focus: Slug | None = None
    edges: tuple[EdgeId, ...] = ()
    claims: tuple[EdgeId, ...] = ()
    evidence: tuple[Slug, ...] = ()
    question: Text | None = None
    answer: Text | None = Field(default=None, validate_default=True)

    @field_validator("path")
    @classmethod
    def _path_is_a_walk(cls, path: tuple[str, ...]) -> tuple[str, ...]:
        if len(path) == 1:
            raise ValueError("a path needs at least two nodes (use nodes to show one)")
        repeated = sorted({node for node in path if path.count(node) > 1})
        if repeated:
            raise ValueError(f"a path visits each node once ({repeated[0]!r} comes twice)")
        return path

    @field_validator("answer")
    @classmethod
    def _answer_goes_with_question(cls, answer: str | None, info: ValidationInfo) -> str | None:
        has_question = info.data.get("question") is not None
        if has_question and answer is None:
            raise ValueError("a question needs its answer (add answer:)")
        if answer is not None and not has_question and "question" in info.data:
            raise ValueError("an answer needs its question (add question:)")
        return answer

    @model_validator(mode="after")
    def _shows_something(self) -> TourStep:
        if not (self.nodes or self.path or self.focus or self.edges):
            raise ValueError("a step needs something in view: nodes, a path, a focus or edges")
        return self


class Tour(BaseModel):
    """A guided tour: a title, who it is for, and its steps in order."""

    model_config = _MODEL

    id: Slug
    title: Text
    audience: Text
    description: str = ""
    steps: tuple[TourStep, ...]

    @field_validator("steps")
    @classmethod
    def _has_steps(cls, steps: tuple[TourStep, ...]) -> tuple[TourStep, ...]:
        if not steps:
            raise ValueError("a tour needs at least one step")
        return steps


class UnknownTour(AtlasError, KeyError):
    """No tour has this id; ``suggestions`` holds the closest ids, if any."""

    def __init__(self, tour_id: str, suggestions: tuple[str, ...] = ()) -> None:
        self.tour_id = tour_id
        self.suggestions = suggestions
        hint = f" (did you mean {', '.join(map(repr, suggestions))}?)" if suggestions else ""
        super().__init__(f"no tour has the id {tour_id!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


# --- checking a tour against the graph ---------------------------------------------------


def _suggest_node(graph: nx.MultiDiGraph, name: str) -> str:
    close = difflib.get_close_matches(name, list(graph.nodes), n=1, cutoff=0.6)
    if not close:
        # A label or synonym ("charley horse") names a node as well as its id does.
        close = [match.node_id for match in search(graph, name.replace("-", " "), limit=1)]
    return f" (did you mean {close[0]!r}?)" if close else ""


def _suggest_edge(graph: nx.MultiDiGraph, text: str) -> str:
    subject, obj, relation = graph_edge(text)
    if graph.has_edge(obj, subject, relation):
        turned = graph_edge_id((obj, subject, relation))
        return f" (did you mean {turned!r}? edges keep their direction)"
    known = [graph_edge_id(edge) for edge in graph.edges(keys=True)]
    close = difflib.get_close_matches(text, known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


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


def _tour_of(
    doc: Document, graph: nx.MultiDiGraph, problems: list[Problem]
) -> tuple[Tour | None, int]:
    """Validate one parsed file; return the tour (``None`` if broken) and its id's line."""
    if not isinstance(doc.data, dict):
        expected = "expected a mapping with keys: " + ", ".join(_FIELDS)
        problems.append(Problem(doc.file, 1, "", expected))
        return None, 0
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
                problems.append(Problem(doc.file, doc.line_of(path), field_name(path), message))
    return (tour if len(problems) == found else None), doc.line_of(("id",))


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
    >>> from graph import build_graph, load_knowledge_base
    >>> tours = load_tours(DEFAULT_TOURS_DIR, build_graph(load_knowledge_base()))
    >>> "almonds-to-fewer-cramps" in [tour.id for tour in tours]
    True
    """
    tours_dir = Path(tours_dir)
    files = folder_files(tours_dir, missing="no such tours folder")
    docs, problems = parse_folder(files, shown_from=tours_dir.parent, max_bytes=max_file_bytes)
    first: dict[str, tuple[str, int]] = {}
    tours: list[Tour] = []
    for doc in docs:
        tour, line = _tour_of(doc, graph, problems)
        if tour is None:
            continue
        earlier = first.setdefault(tour.id, (doc.file, line))
        if earlier != (doc.file, line):
            problems.append(
                Problem(
                    doc.file,
                    line,
                    "id",
                    f"duplicate tour id {tour.id!r} (first at {earlier[0]}:{earlier[1]})",
                )
            )
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
    tour, _ = _tour_of(doc, graph, problems)
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
    >>> from graph import build_graph, load_knowledge_base
    >>> tours = load_tours(DEFAULT_TOURS_DIR, build_graph(load_knowledge_base()))
    >>> find_tour(tours, "almonds-to-fewer-cramps").title
    'Almonds, magnesium and cramps: checking a chain'
    >>> find_tour(tours, "almonds")
    Traceback (most recent call last):
    ...
    graph.tours.UnknownTour: no tour has the id 'almonds' (did you mean 'almonds-to-fewer-cramps'?)
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


# --- writing a tour ----------------------------------------------------------------------


class _TourDumper(yaml.SafeDumper):
    """Mappings as blocks, lists of ids on one line, long text folded, lines kept."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # The emitter falls back to a quoted style when a block style cannot hold the text,
    # but single quotes lose Unicode line breaks and odd characters: those get escapes.
    if any(not char.isprintable() and char != "\n" for char in text):
        style = '"'
    elif "\n" in text:
        style = "|"
    else:
        style = ">" if len(text) > _FOLD_AT else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_list(dumper: yaml.SafeDumper, items: list) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=True)


def _represent_mapping(dumper: yaml.SafeDumper, mapping: dict) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", mapping.items(), flow_style=False)


_TourDumper.add_representer(str, _represent_text)
_TourDumper.add_representer(list, _represent_list)
_TourDumper.add_representer(dict, _represent_mapping)
_FOLD_AT = 60
"""Text longer than this is written folded (``>``), wrapped at ``_WIDTH``."""
_WIDTH = 84


def _dump(value: dict[str, Any]) -> str:
    return yaml.dump(value, Dumper=_TourDumper, allow_unicode=True, width=_WIDTH)


def _comment(text: str) -> str:
    """``text`` as a one-line YAML comment may hold it: printable, no line breaks."""
    return "".join(char for char in " ".join(text.split()) if char.isprintable())


def tour_to_yaml(tour: Tour) -> str:
    """Write ``tour`` as readable YAML that ``tour_from_yaml`` reads back equal.

    The same tour always gives the same text: fields in a fixed order, empty ones left
    out, node lists on one line, each step under a ``# Step N of M`` comment.

    Examples
    --------
    >>> step = TourStep(title="Almonds", nodes=("almonds",), narration="Nuts.")
    >>> print(tour_to_yaml(Tour(id="nuts", title="Nuts", audience="all", steps=(step,))))
    # Tour: Nuts
    # Each step: what is in view (nodes, path, focus), the edges to highlight
    # (subject|relation|object), the narration, and optionally a question and its answer.
    id: nuts
    title: Nuts
    audience: all
    steps:
    <BLANKLINE>
      # Step 1 of 1
      - title: Almonds
        nodes: [almonds]
        narration: Nuts.
    <BLANKLINE>
    """
    head = {field: getattr(tour, field) for field in ("id", "title", "audience")}
    if tour.description:
        head["description"] = tour.description
    lines = [
        f"# Tour: {_comment(tour.title)}",
        "# Each step: what is in view (nodes, path, focus), the edges to highlight",
        "# (subject|relation|object), the narration, and optionally a question and its answer.",
        _dump(head).rstrip("\n"),
        "steps:",
    ]
    total = len(tour.steps)
    for number, step in enumerate(tour.steps, start=1):
        fields = {}
        for field in _STEP_FIELDS:
            value = getattr(step, field)
            if value:
                fields[field] = list(value) if isinstance(value, tuple) else value
        body = _dump(fields).rstrip("\n").split("\n")
        lines += ["", f"  # Step {number} of {total}"]
        lines += [
            ("  - " if index == 0 else "    ") + line if line else ""
            for index, line in enumerate(body)
        ]
    return "\n".join(lines) + "\n"


# --- making a tour from the graph --------------------------------------------------------


def _label(graph: nx.MultiDiGraph, node_id: str) -> str:
    return graph.nodes[node_id]["label"]


def _claim_narration(graph: nx.MultiDiGraph, edge: tuple[str, str, str]) -> str:
    """The claim, its amount and its quotes, but not the verdict its question asks for."""
    sentence = sentence_for_edge(graph, edge)
    parts = [sentence.text, sentence.amount]
    if sentence.strength != "inferred":  # an inferred claim's sentence lists its quotes
        parts.append(quotes_sentence(graph, [edge]))
    return " ".join(part for part in parts if part)


def _claim_question(graph: nx.MultiDiGraph, edge: tuple[str, str, str]) -> tuple[str, str] | None:
    """The question on what reviews say of a judged claim and its answer, else ``None``."""
    verdict = edge_verdict(graph, edge)
    summary = edge_evidence(graph, edge).get("summary", "")
    if summary and verdict.name != "not assessed":
        said = f"{verdict.icon} {edge_verdict_sentence(graph, edge)} {summary}"
        return "What does the evidence say about this claim?", said
    return None


def _claim_step(
    graph: nx.MultiDiGraph, edge: tuple[str, str, str], walk: tuple[str, str]
) -> TourStep:
    asked = _claim_question(graph, edge)
    if asked is None:
        subject, obj, _ = edge
        question = f"What links {_label(graph, subject)} to {_label(graph, obj)}?"
        asked = (question, sentence_for_edge(graph, edge).text)
        # Saying the claim would give the answer away: name the link and quote it.
        narration = f"{link_sentence(graph, edge)} {quotes_sentence(graph, [edge])}"
    else:
        narration = _claim_narration(graph, edge)
    record = edge_evidence(graph, edge).get("id")
    return TourStep(
        title=f"{_label(graph, walk[0])} \u2192 {_label(graph, walk[1])}",
        nodes=walk,
        edges=(graph_edge_id(edge),),
        claims=(graph_edge_id(edge),),
        evidence=(record,) if record else (),
        narration=narration,
        question=asked[0],
        answer=asked[1],
    )


def _slug(*parts: str) -> str:
    return "-".join(parts)[:80].strip("-")


def tour_from_path(graph: nx.MultiDiGraph, path: GraphPath, *, title: str | None = None) -> Tour:
    """Make a tour of ``path``: one step per edge, in walking order.

    Each step shows the edge's two nodes and highlights the edge. Its question asks what
    reviews say of the claim (answered with the verdict and the evidence summary), and
    its narration says the claim (``sentence_for_edge``: who makes it, how firmly, the
    amount) and its quotes, but not the verdict. When no review has judged the claim,
    the question asks what links the two nodes (answered with the claim), and the
    narration names the two ends and quotes the article without saying the claim. No
    step's narration answers its question.

    Parameters
    ----------
    graph
        The graph ``path`` was found in.
    path
        A path from ``query.find_paths``.
    title
        The tour's title (default: "From <first> to <last>").

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> from graph.query import find_paths
    >>> graph = build_graph(load_knowledge_base())
    >>> tour = tour_from_path(graph, find_paths(graph, "almonds", "cramp-prevention")[0])
    >>> tour.id, tour.title, [step.title for step in tour.steps]
    ('almonds-to-cramp-prevention', 'From Almonds to Cramp prevention', ['Almonds → Magnesium', \
'Magnesium → Cramp prevention'])
    >>> tour.steps[0].question
    'What does the evidence say about this claim?'
    >>> tour.steps[0].answer[:45]
    '✓ USDA food tables find this claim supported.'
    """
    first, last = path.nodes[0], path.nodes[-1]
    steps = tuple(
        _claim_step(graph, step.edge, (walk_from, walk_to))
        for step, walk_from, walk_to in zip(path.steps, path.nodes, path.nodes[1:], strict=False)
    )
    return Tour(
        id=_slug(first, "to", last),
        title=title or f"From {_label(graph, first)} to {_label(graph, last)}",
        audience="general",
        description=f"A walk along the path {format_path(graph, path)}, one link at a time.",
        steps=steps,
    )


def tour_from_focus(graph: nx.MultiDiGraph, node_id: str) -> Tour:
    """Make a tour of one node's claims: an overview, then one step per claim.

    The claims come in the order of ``schema.RELATIONS``, then by the labels of their ends.

    Raises
    ------
    UnknownNode
        If ``node_id`` is not a node of ``graph``.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> tour = tour_from_focus(build_graph(load_knowledge_base()), "lemon-rub")
    >>> tour.id, [step.title for step in tour.steps]
    ('lemon-rub-claims', ['Rubbing with a cut lemon', 'Rubbing with a cut lemon → Calf muscle \
cramp', 'Rubbing with a cut lemon → Calf muscle cramp'])
    """
    if node_id not in graph:
        close = difflib.get_close_matches(node_id, list(graph.nodes), n=3, cutoff=0.6)
        raise UnknownNode(node_id, tuple(close))
    order = {name: index for index, name in enumerate(RELATIONS)}
    edges = sorted(
        {*graph.out_edges(node_id, keys=True), *graph.in_edges(node_id, keys=True)},
        key=lambda edge: (
            order.get(edge[2], len(order)),
            _label(graph, edge[0]).casefold(),
            _label(graph, edge[1]).casefold(),
            edge,
        ),
    )
    label = _label(graph, node_id)
    overview = TourStep(
        title=label,
        focus=node_id,
        claims=tuple(graph_edge_id(edge) for edge in edges),
        narration=f"{graph.nodes[node_id]['description']} {claims_sentence(graph, node_id)}",
    )
    steps = [overview]
    for edge in edges:
        walk = (node_id, edge[1] if edge[0] == node_id else edge[0])
        steps.append(_claim_step(graph, edge, walk))
    return Tour(
        id=_slug(node_id, "claims"),
        title=f"{label}: what the article claims",
        audience="general",
        description=f"Every claim the article makes about {label}, with what reviews say.",
        steps=tuple(steps),
    )


# --- editing a tour ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StepEdit:
    """An educator's edit of one step: where it goes, whether it stays, and its words.

    ``order`` is the step's new place (1-based; ties keep the old order). Blank
    ``title`` or ``narration`` keep the step's own; a blank ``question`` drops the
    question (and its answer).
    """

    order: int
    keep: bool = True
    title: str = ""
    narration: str = ""
    question: str = ""
    answer: str = ""


def _edited(step: TourStep, edit: StepEdit) -> TourStep:
    question = edit.question.strip() or None
    answer = edit.answer.strip() or None
    if question is not None and answer is None:
        # A question needs its answer: keep the step's own, else ask nothing yet.
        answer = step.answer if step.question is not None else None
        question = question if answer is not None else None
    data = step.model_dump()
    data.update(
        title=edit.title.strip() or step.title,
        narration=edit.narration.strip() or step.narration,
        question=question,
        answer=answer if question is not None else None,
    )
    return TourStep.model_validate(data)


def edit_steps(tour: Tour, edits: Sequence[StepEdit]) -> Tour:
    """Apply reworded text, a new order and dropped steps to ``tour``; return the new tour.

    ``edits[i]`` edits ``tour.steps[i]``; what each step shows (nodes, path, focus,
    edges) is kept. Steps without an edit stay as they are, after the edited ones;
    edits beyond the last step are ignored, so edits made to an earlier version of a
    generated tour never fail.

    Returns
    -------
    Tour
        With the kept steps in their new order. When every step is dropped it has no
        steps: such a tour cannot be presented, written or read back.

    Examples
    --------
    >>> steps = tuple(TourStep(title=t, narration="N.", nodes=("almonds",)) for t in "ABC")
    >>> tour = Tour(id="t", title="T", audience="all", steps=steps)
    >>> edits = [StepEdit(3), StepEdit(1, keep=False), StepEdit(2, title="Bee")]
    >>> [step.title for step in edit_steps(tour, edits).steps]
    ['Bee', 'A']
    """
    paired = list(zip(tour.steps, edits, strict=False))
    kept = sorted(
        (
            (edit.order, index, _edited(step, edit))
            for index, (step, edit) in enumerate(paired)
            if edit.keep
        ),
        key=lambda item: item[:2],
    )
    steps = (*(step for _, _, step in kept), *tour.steps[len(paired) :])
    # Not validated again: a tour of no steps is what the educator asked for.
    return tour.model_copy(update={"steps": steps})


# --- what a step shows -------------------------------------------------------------------


def _joining(graph: nx.MultiDiGraph, one: str, other: str) -> list[tuple[str, str, str]]:
    forward = (
        [(one, other, key) for key in sorted(graph[one][other])]
        if graph.has_edge(one, other)
        else []
    )
    backward = (
        [(other, one, key) for key in sorted(graph[other][one])]
        if graph.has_edge(other, one)
        else []
    )
    return forward + backward


def step_view(
    graph: nx.MultiDiGraph, tour: Tour, index: int
) -> tuple[frozenset[str], tuple[tuple[str, str, str], ...]]:
    """What step ``index`` of ``tour`` shows: the nodes in view and the edges to highlight.

    The view holds the step's ``nodes``, its ``path``, its ``focus`` with the focus's
    direct neighbours, and both ends of every highlighted edge. Highlighted are the
    edges joining neighbours of the path (every one, either way), then the step's
    ``edges``. A step that names neither highlights the focus's edges, or else every edge
    among its nodes, so its nodes always stand out.

    Parameters
    ----------
    graph
        The graph the tour was checked against.
    tour
        A tour from ``load_tours``, ``tour_from_yaml`` or ``tour_from_path``.
    index
        0-based step number.

    Returns
    -------
    (frozenset of str, tuple of (source, target, key))
        The edges come in a stable order, as ``render.canvas_payload(highlight=...)`` takes
        them.

    Raises
    ------
    IndexError
        If the tour has no step ``index``.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> tours = load_tours(DEFAULT_TOURS_DIR, graph)
    >>> nodes, edges = step_view(graph, find_tour(tours, "almonds-to-fewer-cramps"), 4)
    >>> sorted(nodes), edges
    (['cramp-prevention', 'magnesium'], (('magnesium', 'cramp-prevention', 'contributes_to'),))
    """
    if not 0 <= index < len(tour.steps):
        raise IndexError(f"the tour {tour.id!r} has no step {index} (0 to {len(tour.steps) - 1})")
    step = tour.steps[index]
    view = set(step.nodes) | set(step.path)
    if step.focus is not None:
        view |= set(neighbourhood(graph, [step.focus], depth=1))
    highlight = [edge for one, other in pairwise(step.path) for edge in _joining(graph, one, other)]
    highlight += [graph_edge(text) for text in step.edges]
    if not highlight and step.focus is not None:
        highlight = sorted(
            {*graph.out_edges(step.focus, keys=True), *graph.in_edges(step.focus, keys=True)}
        )
    elif not highlight:
        highlight = sorted(graph.subgraph(view).edges(keys=True))
    edges = tuple(dict.fromkeys(highlight))
    view.update(node for edge in edges for node in edge[:2])
    return frozenset(view), edges
