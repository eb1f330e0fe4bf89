"""Question-first entry: plain questions, each answered by a declarative query of the graph.

People who do not think in graphs start from a question ("Why do cramps happen at
night?"). Each question lives in ``data/questions/*.yaml`` with an intro sentence, the
node it is about, a **query** written in a small fixed vocabulary of operations
(``OPERATIONS``) and a **summary** plan written in a small vocabulary of summary lines
(``SUMMARY_LINES``). Nothing about a question is code: the answer's subgraph, its narrated
sentences and its summary are all derived from the graph, so they follow the data.

A question file looks like this::

    questions:
      - id: foods-that-prevent-cramps
        question: What foods does the article recommend, and what do reviews say?
        intro: The article puts foods rich in magnesium and calcium on the daily menu.
        about: cramp-prevention
        query:
          - paths: {from_type: food, to: cramp-prevention, within: 2}
        summary:
          - count: food
          - evidence: {object: cramp-prevention}

Query operations (each step of ``query`` is a mapping with exactly one of them; the
answer is the union of the edges every step finds, in step order):

``edges: {FILTER}``
    Every edge of the graph that passes the edge filter (see below).
``neighbours_of: NODE`` or ``{node: NODE, node_type: ..., FILTER...}``
    Every edge at ``NODE``, in either direction; ``node_type`` keeps the edges whose
    other end is of that type.
``paths: {from: NODE | from_type: TYPE, to: NODE, within: N}``
    For each start (``from``, or every node of ``from_type`` sorted by label), the edges of
    all its shortest paths to ``to`` of at most ``N`` steps (default 2); starts with no
    such path add nothing.
``path: [NODE, NODE, ...]`` or ``{through: [...], within: N}``
    The best-ranked path (``query.find_paths``) through the nodes in turn.

An edge filter is a mapping of any of ``subject``, ``object`` (node ids),
``subject_type``, ``object_type`` (node types), ``relation``, ``verdict``, ``strength``
(the edge's firmest strength) and ``quoted_as`` (the strength of any one of its quotes),
each given one value or a list; an edge passes when it matches every key given.

Summary lines (each a mapping with exactly one key), composed in order into
``Answer.summary``; each FILTER selects among the answer's edges (``{}`` for all):

``count: TYPE``
    "The article names 7 foods: almonds, ... and walnuts." (the answer's nodes of that
    type, except the node the question is about).
``verdicts: {FILTER}``
    "Reviews' verdicts for "relieves calf muscle cramp": supported for ...; insufficient
    for ...".
``evidence: {FILTER}``
    For each evidence record covering a selected edge, the verdict said of its claims
    (``narrate.verdict_sentence``: "Reviews find little support for "<claims>".") and
    the record's summary.
``strengths: {FILTER}``
    "The article gives 4 quotes behind 3 claims: 3 report hearsay and 1 hedges."

``load_questions`` checks every file against this vocabulary and the graph (unknown
operations, fields, nodes, relations, types, verdicts and strengths; steps and summary
lines that find nothing) and reports every problem at once, as ``file:line: field:
message``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from types import MappingProxyType
from typing import Any

import networkx as nx

from .errors import NoPath, Problem, SchemaError
from .evidence import edge_evidence, verdict_name
from .integrity import check_grounds, harms_message, missing_harms
from .limits import MAX_FILE_BYTES
from .load import DEFAULT_DATA_DIR
from .narrate import (
    edge_verdict_sentence,
    join,
    lower_first,
    names_sentence,
    speaker,
    strengths_sentence,
    verdict_label,
    verdicts_sentence,
)
from .query import MAX_PATH_LENGTH, MAX_PATHS, Sentence, find_paths, sentence_for_edge
from .schema import NODE_TYPES, RELATIONS, STRENGTHS, VERDICTS, graph_edge, is_slug
from .yaml_folder import Location, field_name, folder_files, parse_folder, suggest

__all__ = [
    "DEFAULT_QUESTIONS_DIR",
    "EDGE_FILTERS",
    "OPERATIONS",
    "SUMMARY_LINES",
    "Answer",
    "EntryQuestion",
    "Operation",
    "Option",
    "QueryStep",
    "SummaryLine",
    "answer_question",
    "load_questions",
]

DEFAULT_QUESTIONS_DIR = DEFAULT_DATA_DIR / "questions"
"""The questions shipped with the project."""

EdgeKey = tuple[str, str, str]
Value = str | int | tuple[str, ...]
Options = tuple[tuple[str, Value], ...]


@dataclass(frozen=True, slots=True)
class Option:
    """What one option of an operation takes: a kind of value, one or a list of them."""

    kind: str  # "node", "node type", "relation", "verdict", "strength" or "length"
    many: bool = True


EDGE_FILTERS: Mapping[str, Option] = MappingProxyType(
    {
        "subject": Option("node"),
        "object": Option("node"),
        "subject_type": Option("node type"),
        "object_type": Option("node type"),
        "relation": Option("relation"),
        "verdict": Option("verdict"),
        "strength": Option("strength"),
        "quoted_as": Option("strength"),
    }
)
"""Keys of an edge filter and the kind of value each takes."""


@dataclass(frozen=True, slots=True)
class Operation:
    """One query operation: its options, which are required, and what a bare value means."""

    options: Mapping[str, Option]
    required: frozenset[str] = frozenset()
    one_of: frozenset[str] = frozenset()
    """Exactly one of these options must be given."""
    bare: str | None = None
    """The option a value that is not a mapping stands for (``neighbours_of: sleep``)."""
    defaults: tuple[tuple[str, Value], ...] = ()


_WITHIN = Option("length", many=False)

OPERATIONS: Mapping[str, Operation] = MappingProxyType(
    {
        "edges": Operation(EDGE_FILTERS),
        "neighbours_of": Operation(
            MappingProxyType(
                {"node": Option("node", many=False), "node_type": Option("node type")}
                | dict(EDGE_FILTERS)
            ),
            required=frozenset({"node"}),
            bare="node",
        ),
        "paths": Operation(
            MappingProxyType(
                {
                    "from": Option("node", many=False),
                    "from_type": Option("node type", many=False),
                    "to": Option("node", many=False),
                    "within": _WITHIN,
                }
            ),
            required=frozenset({"to"}),
            one_of=frozenset({"from", "from_type"}),
            defaults=(("within", 2),),
        ),
        "path": Operation(
            MappingProxyType({"through": Option("node"), "within": _WITHIN}),
            required=frozenset({"through"}),
            bare="through",
            defaults=(("within", 3),),
        ),
    }
)
"""The query operations a question may use, by name (described in the module docstring)."""

SUMMARY_LINES: Mapping[str, str] = MappingProxyType(
    {"count": "node type", "verdicts": "filter", "evidence": "filter", "strengths": "filter"}
)
"""The summary lines a question may ask for, and what each takes."""


@dataclass(frozen=True, slots=True)
class QueryStep:
    """One step of a question's query: an operation and its checked options.

    ``options`` are ``(name, value)`` pairs sorted by name, defaults filled in; list
    options are tuples (a single value given in the file becomes a 1-tuple).
    """

    operation: str
    options: Options

    def option(self, name: str, default: Value | None = None) -> Value | None:
        """The value of option ``name``, or ``default`` when it was not given."""
        return dict(self.options).get(name, default)


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """One line of a question's summary plan: ``kind`` and either a node type or a filter."""

    kind: str
    node_type: str | None = None
    edge_filter: Options = ()


@dataclass(frozen=True, slots=True)
class EntryQuestion:
    """A plain question, the intro to its answer, and the query that answers it."""

    id: str
    question: str
    intro: str
    about: str | None
    query: tuple[QueryStep, ...]
    summary: tuple[SummaryLine, ...] = ()
    claims: tuple[EdgeKey, ...] = ()
    """The edges the intro rests on, as ``(subject, object, relation)``."""
    evidence: tuple[str, ...] = ()
    """The evidence records the intro rests on."""


@dataclass(frozen=True, slots=True)
class Answer:
    """The answer to an ``EntryQuestion``: a subgraph to highlight and words to show.

    ``edges`` are ``(subject, object, relation)`` keys of the graph, in the order the
    query found them (no repeats); ``nodes`` are their ends; ``sentences`` say each edge
    in turn (``sentences[i].edge == edges[i]``) with its quotes (``.provenance``), verdict
    and evidence note; ``summary`` is a few plain sentences composed from the data.
    """

    question: EntryQuestion
    nodes: frozenset[str]
    edges: tuple[EdgeKey, ...]
    sentences: tuple[Sentence, ...]
    summary: str


# --- answering ---------------------------------------------------------------------------


def _as_set(value: Value | None) -> frozenset | None:
    if value is None:
        return None
    return frozenset(value) if isinstance(value, tuple) else frozenset({value})


def _edge_test(graph: nx.MultiDiGraph, options: Options) -> Callable[[EdgeKey], bool]:
    """A predicate for the edge filter in ``options`` (other options are ignored)."""
    wanted = {name: _as_set(value) for name, value in options if name in EDGE_FILTERS}

    def passes(edge: EdgeKey) -> bool:
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
        return all(not allowed.isdisjoint(facts[name]) for name, allowed in wanted.items())

    return passes


def _label_key(graph: nx.MultiDiGraph, node_id: str) -> tuple[str, str]:
    return (graph.nodes[node_id]["label"].casefold(), node_id)


def _edge_order(graph: nx.MultiDiGraph) -> Callable[[EdgeKey], tuple]:
    relation_order = {name: index for index, name in enumerate(RELATIONS)}
    return lambda edge: (
        _label_key(graph, edge[0]),
        relation_order.get(edge[2], len(relation_order)),
        _label_key(graph, edge[1]),
    )


def _run_edges(graph: nx.MultiDiGraph, step: QueryStep) -> list[EdgeKey]:
    passes = _edge_test(graph, step.options)
    found = [edge for edge in graph.edges(keys=True) if passes(edge)]
    return sorted(found, key=_edge_order(graph))


def _run_neighbours(graph: nx.MultiDiGraph, step: QueryStep) -> list[EdgeKey]:
    node = step.option("node")
    types = _as_set(step.option("node_type"))
    passes = _edge_test(graph, step.options)
    incident = [*graph.out_edges(node, keys=True), *graph.in_edges(node, keys=True)]

    def other(edge: EdgeKey) -> str:
        return edge[1] if edge[0] == node else edge[0]

    found = {
        edge
        for edge in incident
        if passes(edge) and (types is None or graph.nodes[other(edge)]["type"] in types)
    }
    order = _edge_order(graph)
    return sorted(found, key=lambda edge: (_label_key(graph, other(edge)), order(edge)))


def _shortest_paths(graph: nx.MultiDiGraph, start: str, end: str, within: int) -> list[EdgeKey]:
    try:
        paths = find_paths(graph, start, end, max_length=within, limit=MAX_PATHS)
    except NoPath:
        return []
    shortest = min(len(path) for path in paths)
    return [edge for path in paths if len(path) == shortest for edge in path.edges]


def _run_paths(graph: nx.MultiDiGraph, step: QueryStep) -> list[EdgeKey]:
    end = step.option("to")
    start = step.option("from")
    if start is not None:
        starts = [start]
    else:
        start_type = step.option("from_type")
        starts = sorted(
            (node for node, kind in graph.nodes(data="type") if kind == start_type),
            key=lambda node: _label_key(graph, node),
        )
    within = step.option("within")
    return [
        edge for node in starts if node != end for edge in _shortest_paths(graph, node, end, within)
    ]


def _run_path(graph: nx.MultiDiGraph, step: QueryStep) -> list[EdgeKey]:
    through = step.option("through")
    found: list[EdgeKey] = []
    for start, end in pairwise(through):
        try:
            found.extend(find_paths(graph, start, end, max_length=step.option("within"))[0].edges)
        except NoPath:
            return []
    return found


_RUNNERS: Mapping[str, Callable[[nx.MultiDiGraph, QueryStep], list[EdgeKey]]] = MappingProxyType(
    {
        "edges": _run_edges,
        "neighbours_of": _run_neighbours,
        "paths": _run_paths,
        "path": _run_path,
    }
)


def _run(graph: nx.MultiDiGraph, step: QueryStep) -> list[EdgeKey]:
    return _RUNNERS[step.operation](graph, step)


def _answer_edges(graph: nx.MultiDiGraph, question: EntryQuestion) -> tuple[EdgeKey, ...]:
    found = (edge for step in question.query for edge in _run(graph, step))
    return tuple(dict.fromkeys(found))


def answer_question(graph: nx.MultiDiGraph, question: EntryQuestion) -> Answer:
    """Answer ``question`` from ``graph``: the subgraph to highlight, narrated and summed up.

    Parameters
    ----------
    graph
        The graph the question was loaded against (``load_questions`` checked it there).
    question
        One of the questions ``load_questions`` returned.

    Returns
    -------
    Answer
        ``edges`` in query order, ``nodes`` their ends, one ``Sentence`` per edge, and a
        summary of a few sentences composed from the answer's nodes, quotes and evidence.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> questions = load_questions(DEFAULT_QUESTIONS_DIR, graph)
    >>> foods = next(q for q in questions if q.id == "foods-that-prevent-cramps")
    >>> answer = answer_question(graph, foods)
    >>> for sentence in answer.sentences[:1]:
    ...     print(sentence.edge, sentence.text)
    ('almonds', 'calcium', 'rich_in') The article says that almonds are rich in calcium.
    >>> print(answer.summary.split(". ")[0])
    The article names 7 foods: almonds, buckwheat cereals, dairy products, dried apricots, \
legumes, raisins and walnuts
    """
    edges = _answer_edges(graph, question)
    nodes = frozenset(node for edge in edges for node in edge[:2])
    summary = " ".join(
        _summary_line(graph, question, edges, nodes, line) for line in question.summary
    )
    return Answer(
        question=question,
        nodes=nodes,
        edges=edges,
        sentences=tuple(sentence_for_edge(graph, edge) for edge in edges),
        summary=summary,
    )


# --- composing the summary ---------------------------------------------------------------


def _name(graph: nx.MultiDiGraph, node_id: str) -> str:
    return lower_first(graph.nodes[node_id]["label"])


def _names(graph: nx.MultiDiGraph, node_ids: Iterable[str]) -> list[str]:
    unique = sorted(set(node_ids), key=lambda node: _label_key(graph, node))
    return [_name(graph, node) for node in unique]


def _phrase(graph: nx.MultiDiGraph, relation: str, subjects: Sequence[str]) -> str:
    rel = RELATIONS[relation]
    plural = len(subjects) > 1 or graph.nodes[subjects[0]]["plural"]
    return rel.phrase_plural if plural else rel.phrase


def _partition(edges: Sequence[EdgeKey], key: Callable[[EdgeKey], tuple]) -> list[list[EdgeKey]]:
    parts: dict[tuple, list[EdgeKey]] = {}
    for edge in edges:
        parts.setdefault(key(edge), []).append(edge)
    return list(parts.values())


def _describe(graph: nx.MultiDiGraph, edges: Sequence[EdgeKey]) -> str:
    """Claims in few words: "magnesium and calcium contribute to cramp prevention"."""
    by_relation_object = _partition(edges, lambda e: (e[2], e[1]))
    by_subject_relation = _partition(edges, lambda e: (e[0], e[2]))
    by_subject_object = _partition(edges, lambda e: (e[0], e[1]))
    fewest = min(len(by_relation_object), len(by_subject_relation), len(by_subject_object))
    clauses = []
    if len(by_relation_object) == fewest:
        for part in by_relation_object:
            subjects = list(dict.fromkeys(e[0] for e in part))
            phrase = _phrase(graph, part[0][2], subjects)
            clauses.append(f"{join(_names(graph, subjects))} {phrase} {_name(graph, part[0][1])}")
    elif len(by_subject_relation) == fewest:
        for part in by_subject_relation:
            phrase = _phrase(graph, part[0][2], [part[0][0]])
            objects = join(_names(graph, (e[1] for e in part)))
            clauses.append(f"{_name(graph, part[0][0])} {phrase} {objects}")
    else:
        for part in by_subject_object:
            phrases = join([_phrase(graph, e[2], [e[0]]) for e in part])
            clauses.append(f"{_name(graph, part[0][0])} {phrases} {_name(graph, part[0][1])}")
    return join([f'"{clause}"' for clause in clauses])


def _by_verdict(graph: nx.MultiDiGraph, edges: Sequence[EdgeKey]) -> list[tuple[str, list]]:
    """``edges`` grouped by verdict label (with its qualifier), in the vocabulary's order."""
    ordered = sorted(edges, key=lambda e: list(VERDICTS).index(verdict_name(graph, e)))
    groups: dict[str, list[EdgeKey]] = {}
    for edge in ordered:
        groups.setdefault(verdict_label(graph, edge), []).append(edge)
    return list(groups.items())


def _verdicts_line(graph: nx.MultiDiGraph, edges: Sequence[EdgeKey]) -> str:
    """Verdicts, grouped: by subject when the claims share relation and object, and so on."""
    topic = ""
    if len(edges) > 1 and len({(e[2], e[1]) for e in edges}) == 1:
        topic = f' for "{RELATIONS[edges[0][2]].label} {_name(graph, edges[0][1])}"'
    elif len(edges) > 1 and len({(e[0], e[2]) for e in edges}) == 1:
        topic = f' for "{_name(graph, edges[0][0])} {RELATIONS[edges[0][2]].label}"'

    def items(group: list[EdgeKey]) -> str:
        if not topic:
            return _describe(graph, group)
        ends = (e[0] for e in group) if len({e[1] for e in edges}) == 1 else (e[1] for e in group)
        return join(_names(graph, ends))

    said = "; ".join(f"{label} for {items(group)}" for label, group in _by_verdict(graph, edges))
    return verdicts_sentence(topic, said)


def _evidence_line(graph: nx.MultiDiGraph, all_edges: Sequence[EdgeKey], chosen: list) -> str:
    """Per evidence record behind ``chosen``: the answer's claims it covers, and its summary."""
    record_of = {edge: edge_evidence(graph, edge).get("id") for edge in all_edges}
    sentences = []
    for record_id in dict.fromkeys(record_of[edge] for edge in chosen):
        covered = (
            [edge for edge in all_edges if record_of[edge] == record_id]
            if record_id is not None
            else [edge for edge in chosen if record_of[edge] is None]
        )
        summary = edge_evidence(graph, covered[0]).get("summary", "")
        said = edge_verdict_sentence(graph, covered[0], _describe(graph, covered))
        sentences.append(f"{said} {summary}".strip())
    return " ".join(sentences)


def _summary_line(
    graph: nx.MultiDiGraph,
    question: EntryQuestion,
    edges: Sequence[EdgeKey],
    nodes: frozenset[str],
    line: SummaryLine,
) -> str:
    if line.kind == "count":
        return _count_sentence(graph, question, edges, nodes, line.node_type)
    passes = _edge_test(graph, line.edge_filter)
    chosen = [edge for edge in edges if passes(edge)]
    if not chosen:
        return ""
    if line.kind == "verdicts":
        return _verdicts_line(graph, chosen)
    if line.kind == "evidence":
        return _evidence_line(graph, edges, chosen)
    return strengths_sentence(graph, chosen)


def _counted(
    graph: nx.MultiDiGraph, question: EntryQuestion, nodes: Iterable[str], node_type: str
) -> list[str]:
    return [n for n in nodes if graph.nodes[n]["type"] == node_type and n != question.about]


def _count_sentence(
    graph: nx.MultiDiGraph,
    question: EntryQuestion,
    edges: Sequence[EdgeKey],
    nodes: frozenset[str],
    node_type: str | None,
) -> str:
    kind = NODE_TYPES[node_type]
    chosen = _counted(graph, question, nodes, kind.name)
    if not chosen:
        return ""
    noun = kind.plural if len(chosen) != 1 else kind.label
    names = _names(graph, chosen)
    return names_sentence(speaker(graph, edges), len(chosen), noun.lower(), names)


# --- loading and checking ----------------------------------------------------------------

_FIELDS = ("id", "question", "intro", "about", "claims", "evidence", "query", "summary")
_REQUIRED = ("id", "question", "intro", "query")
_VOCABULARIES: Mapping[str, Mapping] = MappingProxyType(
    {"node type": NODE_TYPES, "relation": RELATIONS, "verdict": VERDICTS, "strength": STRENGTHS}
)


class _Checker:
    """Checks the records of one parsed file against the vocabulary and the graph."""

    def __init__(self, doc: Any, graph: nx.MultiDiGraph, problems: list[Problem]) -> None:
        self.doc = doc
        self.graph = graph
        self.problems = problems

    def problem(self, path: Location, message: str) -> None:
        self.problems.append(
            Problem(self.doc.file, self.doc.line_of(path), field_name(path), message)
        )

    def questions(self) -> list[tuple[EntryQuestion, Location]]:
        data = self.doc.data
        if not isinstance(data, dict) or "questions" not in data:
            self.problem((), "expected a mapping with the key: questions")
            return []
        for key in data:
            if key != "questions":
                self.problem((key,), "unknown section (expected: questions)")
        items = data["questions"]
        if not isinstance(items, list) or not items:
            self.problem(("questions",), f"expected a list of questions (got {items!r})")
            return []
        found = []
        for index, item in enumerate(items):
            path = ("questions", index)
            question = self.question(item, path)
            if question is not None:
                found.append((question, path))
        return found

    def text(self, record: dict, path: Location, field: str) -> str | None:
        value = record[field]
        if not isinstance(value, str) or not value.strip():
            self.problem((*path, field), f"expected text (got {value!r})")
            return None
        return " ".join(value.split())

    def question(self, record: Any, path: Location) -> EntryQuestion | None:
        if not isinstance(record, dict):
            self.problem(path, f"expected a question record (got {record!r})")
            return None
        before = len(self.problems)
        for key in record:
            if key not in _FIELDS:
                self.problem((*path, key), f"unknown field (expected one of: {', '.join(_FIELDS)})")
        for field in _REQUIRED:
            if field not in record:
                self.problem((*path, field), "required field is missing")
        if len(self.problems) > before:
            return None
        question_id = record["id"]
        if not isinstance(question_id, str) or not is_slug(question_id):
            self.problem(
                (*path, "id"),
                "ids are lowercase letters and digits joined by hyphens, like"
                f" 'foods-that-prevent-cramps' (got {question_id!r})",
            )
        asked = self.text(record, path, "question")
        if asked is not None and not asked.endswith("?"):
            self.problem((*path, "question"), f"a question ends with '?' (got {asked!r})")
        intro = self.text(record, path, "intro")
        about = record.get("about")
        if about is not None:
            about = self.value(about, (*path, "about"), "node")
        query = self.query(record["query"], (*path, "query"))
        summary = self.summary(record.get("summary", []), (*path, "summary"))
        claims = self.claims(record.get("claims", []), (*path, "claims"))
        evidence = self.texts(record.get("evidence", []), (*path, "evidence"))
        for field in ("question", "intro"):
            if missing_harms(str(record[field])):
                self.problem((*path, field), harms_message(missing_harms(str(record[field]))))
        if len(self.problems) > before:
            return None
        question = EntryQuestion(
            question_id, asked, intro, about, query, summary, claims, tuple(evidence)
        )
        self.answerable(question, path)
        return question if len(self.problems) == before else None

    def texts(self, raw: Any, path: Location) -> list[str]:
        """A list of ids; ``[]`` after reporting a problem."""
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            self.problem(path, f"expected a list of ids (got {raw!r})")
            return []
        return [item.strip() for item in raw]

    def claims(self, raw: Any, path: Location) -> tuple[EdgeKey, ...]:
        """The claims the intro rests on, written ``subject|relation|object``."""
        found = []
        for index, text in enumerate(self.texts(raw, path)):
            edge = graph_edge(text)
            if edge is None:
                self.problem(
                    (*path, index), f"write a claim as subject|relation|object (got {text!r})"
                )
                continue
            found.append(edge)
        return tuple(found)

    def value(self, value: Any, path: Location, kind: str) -> Any:
        """Check one value of ``kind``; return it, or ``None`` after reporting a problem."""
        if kind == "length":
            if isinstance(value, bool) or not isinstance(value, int):
                self.problem(path, f"expected a whole number of steps (got {value!r})")
                return None
            if not 1 <= value <= MAX_PATH_LENGTH:
                self.problem(path, f"expected 1 to {MAX_PATH_LENGTH} steps (got {value})")
                return None
            return value
        if not isinstance(value, str):
            self.problem(
                path, f"expected {'a node id' if kind == 'node' else kind} (got {value!r})"
            )
            return None
        if kind == "node":
            if value not in self.graph:
                self.problem(path, f"unknown node {value!r}{suggest(value, self.graph.nodes)}")
                return None
            return value
        vocabulary = _VOCABULARIES[kind]
        if value not in vocabulary:
            hint = suggest(value, vocabulary) or f" (expected one of: {', '.join(vocabulary)})"
            self.problem(path, f"unknown {kind} {value!r}{hint}")
            return None
        return value

    def option(self, value: Any, path: Location, spec: Option) -> Value | None:
        if not spec.many or not isinstance(value, list):
            checked = self.value(value, path, spec.kind)
            if checked is None or not spec.many:
                return checked
            return (checked,)
        if not value:
            self.problem(path, "expected at least one value")
            return None
        checked = [self.value(item, (*path, index), spec.kind) for index, item in enumerate(value)]
        return None if any(item is None for item in checked) else tuple(dict.fromkeys(checked))

    def options(
        self, raw: Any, path: Location, allowed: Mapping[str, Option], *, what: str
    ) -> Options | None:
        if not isinstance(raw, dict):
            self.problem(path, f"expected a mapping of {what} (got {raw!r})")
            return None
        before = len(self.problems)
        found: dict[str, Value] = {}
        for name, value in raw.items():
            spec = allowed.get(name)
            if spec is None:
                self.problem(
                    (*path, name),
                    f"unknown option {name!r}{suggest(str(name), allowed)}"
                    f" (expected one of: {', '.join(allowed)})",
                )
                continue
            checked = self.option(value, (*path, name), spec)
            if checked is not None:
                found[name] = checked
        return tuple(sorted(found.items())) if len(self.problems) == before else None

    def query(self, raw: Any, path: Location) -> tuple[QueryStep, ...]:
        if not isinstance(raw, list) or not raw:
            self.problem(path, f"expected a list of query steps (got {raw!r})")
            return ()
        steps = []
        for index, item in enumerate(raw):
            step = self.step(item, (*path, index))
            if step is not None:
                steps.append(step)
        return tuple(steps)

    def step(self, raw: Any, path: Location) -> QueryStep | None:
        if not isinstance(raw, dict) or len(raw) != 1:
            self.problem(
                path,
                "a query step is one operation, like 'edges: {relation: relieves}'"
                f" (expected one of: {', '.join(OPERATIONS)})",
            )
            return None
        [(name, raw_options)] = raw.items()
        operation = OPERATIONS.get(name)
        if operation is None:
            self.problem(
                (*path, name),
                f"unknown operation {name!r}{suggest(str(name), OPERATIONS)}"
                f" (expected one of: {', '.join(OPERATIONS)})",
            )
            return None
        where = (*path, name)
        is_bare = operation.bare is not None and not isinstance(raw_options, dict)
        if is_bare:
            # A bare value is reported at the operation itself: the file has no option key.
            value = self.option(raw_options, where, operation.options[operation.bare])
            options = None if value is None else ((operation.bare, value),)
        else:
            options = self.options(raw_options, where, operation.options, what="options")
        if options is None:
            return None
        given = dict(options)
        before = len(self.problems)
        if not given:
            self.problem(where, f"give at least one of: {', '.join(operation.options)}")
        for required in sorted(operation.required - set(given)):
            self.problem((*where, required), "required option is missing")
        if operation.one_of and len(operation.one_of & set(given)) != 1:
            self.problem(where, f"give exactly one of: {', '.join(sorted(operation.one_of))}")
        through = given.get("through", ())
        if name == "path" and len(through) < 2:
            self.problem(
                where if is_bare else (*where, "through"), "a path needs at least two nodes"
            )
        if len(self.problems) > before:
            return None
        full = dict(operation.defaults) | given
        return QueryStep(name, tuple(sorted(full.items())))

    def summary(self, raw: Any, path: Location) -> tuple[SummaryLine, ...]:
        if not isinstance(raw, list):
            self.problem(path, f"expected a list of summary lines (got {raw!r})")
            return ()
        lines = []
        for index, item in enumerate(raw):
            where = (*path, index)
            if not isinstance(item, dict) or len(item) != 1:
                self.problem(
                    where,
                    "a summary line is one mapping, like 'count: food'"
                    f" (expected one of: {', '.join(SUMMARY_LINES)})",
                )
                continue
            [(kind, value)] = item.items()
            if kind not in SUMMARY_LINES:
                self.problem(
                    (*where, kind),
                    f"unknown summary line {kind!r}{suggest(str(kind), SUMMARY_LINES)}"
                    f" (expected one of: {', '.join(SUMMARY_LINES)})",
                )
                continue
            if kind == "count":
                node_type = self.value(value, (*where, kind), "node type")
                if node_type is not None:
                    lines.append(SummaryLine(kind, node_type=node_type))
                continue
            edge_filter = self.options(value, (*where, kind), EDGE_FILTERS, what="edge filters")
            if edge_filter is not None:
                lines.append(SummaryLine(kind, edge_filter=edge_filter))
        return tuple(lines)

    def answerable(self, question: EntryQuestion, path: Location) -> None:
        """Every step, and every summary line, finds something; the asked node is shown."""
        for index, step in enumerate(question.query):
            if not _run(self.graph, step):
                self.problem(
                    (*path, "query", index, step.operation),
                    "finds nothing in the graph; loosen it or drop the step",
                )
        edges = _answer_edges(self.graph, question)
        nodes = {node for edge in edges for node in edge[:2]}
        if question.about is not None and edges and question.about not in nodes:
            self.problem(
                (*path, "about"),
                f"{question.about!r} is not in the answer; name a node the query finds",
            )
        for index, line in enumerate(question.summary):
            where = (*path, "summary", index, line.kind)
            if line.kind == "count":
                if edges and not _counted(self.graph, question, nodes, line.node_type):
                    self.problem(where, f"the answer holds no {line.node_type} to count")
                continue
            passes = _edge_test(self.graph, line.edge_filter)
            if edges and not any(passes(edge) for edge in edges):
                self.problem(where, "matches none of the answer's edges")
        words = {"question": question.question, "intro": question.intro}
        grounds = check_grounds(
            self.graph, question.claims, question.evidence, set(edges), texts=words
        )
        for field, index, message in grounds:
            self.problem((*path, field) if index is None else (*path, field, index), message)


def load_questions(
    questions_dir: Path | str, graph: nx.MultiDiGraph, *, max_file_bytes: int = MAX_FILE_BYTES
) -> tuple[EntryQuestion, ...]:
    """Load and check every ``*.yaml`` file of questions directly inside ``questions_dir``.

    Parameters
    ----------
    questions_dir
        Folder of question files (``DEFAULT_QUESTIONS_DIR`` for the shipped ones).
    graph
        The graph the questions are asked of: every node, relation, type, verdict and
        strength they name must be known, and every step must find something in it.
    max_file_bytes
        The largest question file read; a larger one is refused before it is parsed.

    Returns
    -------
    tuple of EntryQuestion
        In file-name order, then in the order each file lists them.

    Raises
    ------
    SchemaError
        Listing every problem of every file, each as ``file:line: field: message``:
        unreadable, empty or invalid YAML, unknown or missing fields, duplicate ids,
        unknown operations, options, nodes, relations, node types, verdicts or strengths,
        and steps or summary lines that find nothing.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> questions = load_questions(DEFAULT_QUESTIONS_DIR, graph)
    >>> questions[0].question
    'What foods does the article recommend, and what do reviews say?'
    >>> step = questions[0].query[0]
    >>> step.operation, step.options
    ('edges', (('object', ('magnesium', 'calcium')), ('relation', ('rich_in',))))
    """
    questions_dir = Path(questions_dir)
    files = folder_files(
        questions_dir, missing="no such questions folder", empty="no .yaml files of questions"
    )
    shown_from = questions_dir.resolve().parent
    docs, problems = parse_folder(
        files, shown_from=shown_from, max_bytes=max_file_bytes, strict=True
    )
    found: list[EntryQuestion] = []
    first: dict[str, str] = {}
    for doc in docs:
        checker = _Checker(doc, graph, problems)
        for question, where in checker.questions():
            here = f"{doc.file}:{doc.line_of((*where, 'id'))}"
            earlier = first.setdefault(question.id, here)
            if earlier != here:
                checker.problem(
                    (*where, "id"), f"duplicate question id {question.id!r} (first at {earlier})"
                )
                continue
            found.append(question)
    if problems:
        raise SchemaError(problems)
    return tuple(found)
