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
        question: What foods does the article recommend, and what does the evidence say?
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
    The best-ranked path (``paths.find_paths``) through the nodes in turn.

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

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
from pydantic import ValidationError

from .errors import Problem, SchemaError
from .evidence import edge_evidence, verdict_name
from .grouping import group_by
from .ids import EdgeKey
from .integrity import check_grounds
from .limits import MAX_FILE_BYTES
from .load import DEFAULT_DATA_DIR
from .narrate import (
    edge_verdict_sentence,
    join,
    lower_first,
    names_sentence,
    relation_phrase,
    speaker,
    strength_words,
    strengths_sentence,
    subject_name,
    verdict_label,
    verdicts_sentence,
)
from .narrate_words import object_name
from .question_query import (
    OPERATIONS,
    SUMMARY_LINES,
    EdgeFilter,
    EntryQuestion,
    QueryStep,
    SummaryLine,
    label_key,
)
from .schema import NODE_TYPES, VERDICTS
from .sentences import Sentence, sentence_for_edge
from .yaml_folder import (
    Document,
    Location,
    folder_files,
    parse_folder,
    repeated_id,
    suggest,
    validation_problems,
)

__all__ = [
    "DEFAULT_QUESTIONS_DIR",
    "OPERATIONS",
    "SUMMARY_LINES",
    "Answer",
    "EdgeFilter",
    "EntryQuestion",
    "QueryStep",
    "SummaryLine",
    "answer_question",
    "load_questions",
]

DEFAULT_QUESTIONS_DIR = DEFAULT_DATA_DIR / "questions"
"""The questions shipped with the project."""


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
    ...     print(sentence.edge)
    ...     print(sentence.text)
    ('almonds', 'calcium', 'rich_in')
    The article lists almonds among foods rich in calcium (and magnesium).
    >>> print(answer.summary.split(". ")[0])
    The article names 7 foods: almonds, buckwheat cereals, dairy products, dried apricots, \
legumes, raisins and walnuts
    """
    edges = question.edges(graph)
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
    unique = sorted(set(node_ids), key=lambda node: label_key(graph, node))
    return [_name(graph, node) for node in unique]


def _wording(graph: nx.MultiDiGraph, edge: EdgeKey) -> tuple[str, str, tuple, str]:
    """What must match for claims to be said together: verb phrase, the ends' own words and
    who says it how firmly (an article claim and the tool's reading are never fused into
    one phrase: twentieth read, #1)."""
    data = graph.edges[edge]
    return (
        relation_phrase(graph, edge, plural=True),
        data.get("subject_as") or "",
        tuple(sorted((data.get("said_as") or {}).items())),
        data["strength"],
    )


def _phrase(graph: nx.MultiDiGraph, edge: EdgeKey, subjects: Sequence[str]) -> str:
    """The claim's own verb phrase ("are among the most common causes of"), never the bare
    relation, so a verdict is not handed to a wider claim (eighth read, #4)."""
    return relation_phrase(graph, edge, plural=len(subjects) > 1)


def _partition(edges: Sequence[EdgeKey], key: Callable[[EdgeKey], tuple]) -> list[list[EdgeKey]]:
    return list(group_by(edges, key).values())


def _describe(graph: nx.MultiDiGraph, edges: Sequence[EdgeKey]) -> str:
    """Claims in few words: "magnesium and calcium contribute to cramp prevention"."""
    by_relation_object = _partition(edges, lambda e: (e[2], e[1], *_wording(graph, e)))
    by_subject_relation = _partition(edges, lambda e: (e[0], e[2], *_wording(graph, e)))
    by_subject_object = _partition(edges, lambda e: (e[0], e[1], *_wording(graph, e)[1:]))
    fewest = min(len(by_relation_object), len(by_subject_relation), len(by_subject_object))
    clauses = []
    if len(by_relation_object) == fewest:
        for part in by_relation_object:
            subjects = list(dict.fromkeys(e[0] for e in part))
            named = join(_names(graph, subjects)) if len(part) > 1 else subject_name(graph, part[0])
            phrase = _phrase(graph, part[0], subjects)
            clauses.append((f"{named} {phrase} {object_name(graph, part[0])}", part[0]))
    elif len(by_subject_relation) == fewest:
        for part in by_subject_relation:
            phrase = _phrase(graph, part[0], [part[0][0]])
            objects = join(list(dict.fromkeys(object_name(graph, e) for e in part)))
            clauses.append((f"{subject_name(graph, part[0])} {phrase} {objects}", part[0]))
    else:
        for part in by_subject_object:
            phrases = join([_phrase(graph, e, [e[0]]) for e in part])
            subject, obj = subject_name(graph, part[0]), object_name(graph, part[0])
            clauses.append((f"{subject} {phrases} {obj}", part[0]))
    # Claims said plainly come last, so no label after one reads as its neighbour's (F5).
    clauses.sort(key=lambda said: graph.edges[said[1]]["strength"] == "states")
    return join([f'"{clause}"{_whose(graph, edge)}' for clause, edge in clauses])


def _whose(graph: nx.MultiDiGraph, edge: EdgeKey) -> str:
    """Who makes a claim quoted in a summary, unless its source says it plainly: " (the
    tool's reading)", " (the article suggests it)" (twentieth read, #1)."""
    strength, who = graph.edges[edge]["strength"], lower_first(speaker(graph, [edge]))
    if strength == "inferred":
        return " (the tool's reading)"
    return "" if strength == "states" else f" ({strength_words(strength, who)})"


def _by_verdict(graph: nx.MultiDiGraph, edges: Sequence[EdgeKey]) -> list[tuple[str, list]]:
    """``edges`` grouped by verdict label (with its qualifier), in the vocabulary's order."""
    ordered = sorted(edges, key=lambda e: list(VERDICTS).index(verdict_name(graph, e)))
    return list(group_by(ordered, lambda edge: verdict_label(graph, edge)).items())


def _verdicts_line(graph: nx.MultiDiGraph, edges: Sequence[EdgeKey]) -> str:
    """Verdicts, grouped: by subject when the claims share relation and object, and so on."""
    topic = ""
    # Claims worded differently ("causes", "is among the most common causes of") are
    # described one by one.
    worded_alike = len({_wording(graph, edge) for edge in edges}) == 1
    if worded_alike and len(edges) > 1 and len({(e[2], e[1]) for e in edges}) == 1:
        phrase = relation_phrase(graph, edges[0], plural=True)
        topic = f' for "{phrase} {object_name(graph, edges[0])}"{_whose(graph, edges[0])}'
    elif worded_alike and len(edges) > 1 and len({(e[0], e[2]) for e in edges}) == 1:
        said = f"{subject_name(graph, edges[0])} {relation_phrase(graph, edges[0])}"
        topic = f' for "{said}"{_whose(graph, edges[0])}'

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
        return _count_sentence(graph, question, edges, nodes, line.count)
    chosen = [edge for edge in edges if line.edge_filter.passes(graph, edge)]
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


def _unknown_key(detail: Any) -> str | None:
    """Say an unknown key as what it was meant to be: a field, operation, option or line."""
    if detail["type"] != "extra_forbidden":
        return None
    *parents, name = [part for part in detail["loc"] if isinstance(part, str)]
    if not parents:
        return f"unknown field (expected one of: {', '.join(EntryQuestion.model_fields)})"
    if len(parents) == 1:
        what, known = (
            ("operation", OPERATIONS) if parents == ["query"] else ("summary line", SUMMARY_LINES)
        )
    else:
        what = "option"
        model = OPERATIONS.get(parents[1], EdgeFilter)
        known = [field.alias or key for key, field in model.model_fields.items()]
    return (
        f"unknown {what} {name!r}{suggest(str(name), known)} (expected one of: {', '.join(known)})"
    )


def _unanswered(graph: nx.MultiDiGraph, question: EntryQuestion) -> Iterator[tuple[Location, str]]:
    """Every step and summary line finds something; the asked node is shown; the intro's
    grounds are named and in the answer."""
    for index, step in enumerate(question.query):
        if not step.run(graph):
            yield (
                ("query", index, step.operation),
                "finds nothing in the graph; loosen it or drop the step",
            )
    edges = question.edges(graph)
    nodes = {node for edge in edges for node in edge[:2]}
    if question.about is not None and edges and question.about not in nodes:
        yield ("about",), f"{question.about!r} is not in the answer; name a node the query finds"
    for index, line in enumerate(question.summary):
        where = ("summary", index, line.kind)
        if line.kind == "count":
            if edges and not _counted(graph, question, nodes, line.count):
                yield where, f"the answer holds no {line.count} to count"
        elif edges and not any(line.edge_filter.passes(graph, edge) for edge in edges):
            yield where, "matches none of the answer's edges"
    words = {"question": question.question, "intro": question.intro}
    grounds = check_grounds(graph, question.claims, question.evidence, set(edges), texts=words)
    for field, index, message in grounds:
        yield ((field,) if index is None else (field, index)), message


def _questions_of(
    doc: Document, graph: nx.MultiDiGraph, problems: list[Problem]
) -> Iterator[tuple[EntryQuestion, Location]]:
    """Yield each valid, answerable question of ``doc`` with where it was written."""
    data = doc.data
    if not isinstance(data, dict) or "questions" not in data:
        problems.append(Problem(doc.file, 1, "", "expected a mapping with the key: questions"))
        return
    for key in data:
        if key != "questions":
            problems.append(doc.problem((key,), "unknown section (expected: questions)"))
    items = data["questions"]
    if not isinstance(items, list) or not items:
        message = f"expected a list of questions (got {items!r})"
        problems.append(doc.problem(("questions",), message))
        return
    for index, item in enumerate(items):
        path = ("questions", index)
        try:
            question = EntryQuestion.model_validate(item, context={"graph": graph})
        except ValidationError as err:
            problems.extend(validation_problems(doc, path, err, say=_unknown_key))
            continue
        found = [
            doc.problem((*path, *where), message) for where, message in _unanswered(graph, question)
        ]
        problems.extend(found)
        if not found:
            yield question, path


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
    'What foods does the article recommend, and what does the evidence say?'
    >>> step = questions[0].query[0]
    >>> step.operation, step.edges.object, step.edges.relation
    ('edges', ('magnesium', 'calcium'), ('rich_in',))
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
    first: dict[str, tuple[Document, Location]] = {}
    for doc in docs:
        for question, where in _questions_of(doc, graph, problems):
            earlier = repeated_id(first, question.id, doc, (*where, "id"))
            if earlier:
                message = f"duplicate question id {question.id!r} (first at {earlier})"
                problems.append(doc.problem((*where, "id"), message))
                continue
            found.append(question)
    if problems:
        raise SchemaError(problems)
    return tuple(found)
