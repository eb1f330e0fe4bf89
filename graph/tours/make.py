"""Make tours from the graph (a path, a focus), edit them, and say what a step shows."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import networkx as nx

from ..errors import UnknownNode
from ..evidence import edge_evidence, edge_verdict
from ..narrate import (
    claim_sentence,
    claims_sentence,
    edge_verdict_note,
    edge_verdict_sentence,
    join,
    link_sentence,
    lower_first,
    quotes_sentence,
)
from ..paths import Path as GraphPath
from ..paths import arrow, format_path, link_word, path_note
from ..query import neighbourhood
from ..schema import RELATIONS, graph_edge, graph_edge_id
from ..sentences import sentence_for_edge

# --- making a tour from the graph --------------------------------------------------------
from .model import Tour, TourStep

__all__ = ["StepEdit", "edit_steps", "step_view", "tour_from_focus", "tour_from_path"]


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
    """One step of a path tour; its title reads the claim in its own direction."""
    asked = _claim_question(graph, edge)
    if asked is None:
        subject, obj, _ = edge
        question = f"What links {_label(graph, subject)} to {_label(graph, obj)}?"
        # The answer says the claim and, as a path row does, that it is unassessed and why;
        # the narration already quotes an inferred claim's sentences, so it names them once.
        said = claim_sentence(graph, edge, quoted=False)
        answer = f"{said} {edge_verdict_note(graph, edge)}"
        asked = (question, answer.strip())
        # Saying the claim would give the answer away: name the link and quote it.
        narration = f"{link_sentence(graph, edge)} {quotes_sentence(graph, [edge])}"
    else:
        narration = _claim_narration(graph, edge)
    record = edge_evidence(graph, edge).get("id")
    return TourStep(
        # The link's word in the title, so "Epilepsy \u2192 Calf muscle cramp" is not read as
        # cause and effect on a projector (nineteenth read, #4).
        title=f"{_label(graph, edge[0])} {arrow(link_word(graph, edge), forward=True, short=True)}"
        f" {_label(graph, edge[1])}",
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


def _path_title(graph: nx.MultiDiGraph, path: GraphPath) -> str:
    """A title that names a path's links, never a link between its ends (sixth read, M3).

    No source links the ends of a path of several claims, so the title neither says "From
    X to Y" nor "how X and Y are linked": two claims that both run into the node between
    them are "Two claims about <middle>: <first> and <last>"; any other path lists its
    nodes and says each link is checked.
    """
    labels = [_label(graph, node) for node in path.nodes]
    named = [labels[0], *(lower_first(label) for label in labels[1:])]
    if len(path) == 2 and path.steps[0].forward and not path.steps[1].forward:
        ends = join([lower_first(labels[0]), named[2]])
        return f"Two claims about {named[1]}: {ends}"
    checked = "checking the claim" if len(path) == 1 else "checking each link"
    return f"{join(named)}: {checked}"


def _path_description(graph: nx.MultiDiGraph, path: GraphPath) -> str:
    """The links of the path, and what a path of separate claims does not say."""
    said = [f"The links of the path {format_path(graph, path)}, one at a time."]
    said += [note for note in [path_note(path)] if note]
    if not all(step.forward for step in path.steps):
        said.append("A '<-' arrow marks a link whose claim runs against the walk.")
    return " ".join(said)


def tour_from_path(graph: nx.MultiDiGraph, path: GraphPath, *, title: str | None = None) -> Tour:
    """Make a tour of ``path``: one step per edge, in walking order.

    A path walks edges either way, so each step's title reads its claim in the claim's
    own direction; the default title names the path's links, never a link between its
    ends; and the description shows the path's header (each link's relation, a flag on
    every step the evidence does not rate supported) and says that a path of several
    claims is no chain of cause and effect (issue 8, fifth read H1, sixth read H1, M3).

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
        A path from ``paths.find_paths``.
    title
        The tour's title (default: the path's nodes, "...: checking each link", or
        "Two claims about <middle>: <first> and <last>").

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> from graph.paths import find_paths
    >>> graph = build_graph(load_knowledge_base())
    >>> tour = tour_from_path(graph, find_paths(graph, "almonds", "cramp-prevention")[0])
    >>> tour.id, tour.title, [step.title for step in tour.steps]
    ('almonds-to-cramp-prevention', 'Almonds, magnesium and cramp prevention: checking each \
link', ['Almonds —rich in→ Magnesium', "Magnesium —contributes to (tool's reading)→ Cramp \
prevention"])
    >>> tour.steps[0].question
    'What does the evidence say about this claim?'
    >>> tour.steps[0].answer[:43]
    '✓ The tool (reading USDA food-table amounts'
    """
    first, last = path.nodes[0], path.nodes[-1]
    steps = tuple(
        _claim_step(graph, step.edge, (walk_from, walk_to))
        for step, walk_from, walk_to in zip(path.steps, path.nodes, path.nodes[1:], strict=False)
    )
    return Tour(
        id=_slug(first, "to", last),
        title=title or _path_title(graph, path),
        audience="general",
        description=_path_description(graph, path),
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
    ('lemon-rub-claims', ['Rubbing with a cut lemon', 'Rubbing with a cut lemon —relieves→ Calf \
muscle cramp', 'Rubbing with a cut lemon —prevents→ Calf muscle cramp'])
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
    >>> from graph.tours import DEFAULT_TOURS_DIR, find_tour, load_tours
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
    >>> from graph.tours import DEFAULT_TOURS_DIR, find_tour, load_tours
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
