"""Every generated sentence says who says it, and an inference is never the article's word.

The walk covers all the prose the library writes for a knowledge base: every edge's
narration, every question's answer, every path among many pairs, every comparison, the
quiz of several seeds, generated tours (from paths and from every node), and the lesson
and handout of generated and shipped tours. Text the curators wrote (quotes, evidence
summaries, node descriptions, titles and citations, shipped tour steps) is set aside as
data; every other sentence must open with a speaker (``narrate.SPEAKERS``), and no claim
may be said bare: each time a claim's words appear, an attribution leads into them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

import networkx as nx
import pytest

import tests.seed
from graph import build_graph
from graph.compare import comparable, compare
from graph.errors import NoPath
from graph.handout import handout_html
from graph.integrity import missing_harms
from graph.layout import compute_layout
from graph.lesson import lesson_data
from graph.narrate import (
    SPEAKERS,
    VERDICT_SOURCES,
    claim_sentence,
    clause,
    edge_verdict_sentence,
    verdict_sentence,
)
from graph.paths import find_paths
from graph.questions import DEFAULT_QUESTIONS_DIR, answer_question, load_questions
from graph.quiz import make_quiz
from graph.schema import STRENGTHS, VERDICTS, KnowledgeBase, Provenance
from graph.sentences import narrate_path, sentence_for_edge
from graph.tours import DEFAULT_TOURS_DIR, Tour, load_tours, tour_from_focus, tour_from_path

READING = ("magnesium", "contributes_to", "cramp-prevention")
"""An edge the tool reads into the article (issue 8): made ``inferred`` below if it is not."""

LEADS = (
    "says that ",
    "suggests that ",
    "say that ",
    "infers that ",
    "the claim that ",
    "reading (not the article's words) that ",
)
"""What may come right before a claim's words: an attribution. A claim in quotation marks
(named in a sentence about it, such as what reviews find of it) is not asserted either."""

TOOL_LEADS = ("infers that ", "the claim that ", "reading (not the article's words) that ")
"""What may come right before the words of a claim the tool reads into the article."""


def _inferred(kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base with the ``READING`` edge's quotes all marked ``inferred``."""
    edges = tuple(
        edge.model_copy(
            update={
                "provenance": tuple(
                    Provenance(source=item.source, quote=item.quote, strength="inferred")
                    for item in edge.provenance
                )
            }
        )
        if (edge.subject, edge.relation, edge.object) == READING
        else edge
        for edge in kb.edges
    )
    return kb.model_copy(update={"edges": edges})


@pytest.fixture(scope="module", params=["seed", "inferred"])
def graph(request: pytest.FixtureRequest) -> nx.MultiDiGraph:
    if request.param == "seed":
        return tests.seed.graph()
    return build_graph(_inferred(tests.seed.knowledge_base()))


@pytest.fixture(scope="module")
def layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    return compute_layout(graph)


def _data(graph: nx.MultiDiGraph, tours: tuple[Tour, ...] = ()) -> list[str]:
    """Curated text, longest first: set aside before sentences are checked."""
    found = set()
    for _, _, data in graph.edges(data=True):
        found.update(item["quote"] for item in data["provenance"])
        evidence = data.get("evidence") or {}
        found.add(evidence.get("summary", ""))
    for _, data in graph.nodes(data=True):
        found.add(data.get("description", ""))
    for source in graph.graph.get("sources", {}).values():
        found.add(source.get("title", ""))
    for reference in graph.graph.get("references", ()):
        found.update((reference.get("short", ""), reference.get("citation", "")))
    for tour in tours:
        found.update((tour.title, tour.description or ""))
        for step in tour.steps:
            found.update((step.title, step.narration, step.question or "", step.answer or ""))
    return sorted((item for item in found if item), key=len, reverse=True)


_LEADING_MARKS = re.compile(r"^[^\w\u00ab\u201c\"]+")
_NOT_WORDS = re.compile(r"[\u00ab\u00bb\u201c\u201d\"()\s.,;:\u2026-]")


def _set_aside(text: str, data: list[str]) -> str:
    for item in data:
        # Curated text is a sentence (or several) of its own, or a quote inside one.
        text = text.replace(item, "\u00ab\u00bb.")
    return text


def unattributed(text: str, data: list[str]) -> list[str]:
    """Sentences of ``text`` (curated text set aside) that do not open with a speaker."""
    bad = []
    for sentence in re.split(r"(?<=[.!?])\s+", _set_aside(text, data)):
        sentence = _LEADING_MARKS.sub("", sentence.strip())
        if not _NOT_WORDS.sub("", sentence) or sentence.endswith("?"):
            continue  # curated text alone, or a question
        if not sentence.startswith(SPEAKERS):
            bad.append(sentence)
    return bad


def bare_claims(graph: nx.MultiDiGraph, text: str, data: list[str]) -> list[str]:
    """Claims whose words appear in ``text`` without an attribution leading into them.

    The tool's readings (``inferred``) may be led into only as the tool's.
    """
    text = _set_aside(html.unescape(text), data)
    folded = text.casefold()
    bad = []
    for edge in graph.edges(keys=True):
        inferred = graph.edges[edge]["strength"] == "inferred"
        leads = TOOL_LEADS if inferred else LEADS
        words = clause(graph, edge).casefold()
        for found in re.finditer(re.escape(words), folded):
            before = folded[: found.start()]
            quoted = before[before.rfind(". ") + 1 :].count('"') % 2 == 1
            if not (quoted or before.endswith(leads)):
                bad.append(text[max(0, found.start() - 40) : found.end()])
    return bad


def _paths(graph: nx.MultiDiGraph) -> Iterator:
    ends = ("cramp-prevention", "calf-cramp")
    starts = sorted(n for n, kind in graph.nodes(data="type") if kind in ("food", "cause"))
    for start in starts:
        for end in ends:
            try:
                yield from find_paths(graph, start, end, max_length=4, limit=3)
            except NoPath:
                continue


def _generated_tours(graph: nx.MultiDiGraph) -> list[Tour]:
    tours = [tour_from_path(graph, path) for path in list(_paths(graph))[:12]]
    return tours + [tour_from_focus(graph, node) for node in sorted(graph)]


def _prose(graph: nx.MultiDiGraph) -> Iterator[tuple[str, str]]:
    """``(where, text)`` for every piece of prose the library writes about the graph."""
    for edge in sorted(graph.edges(keys=True)):
        yield f"edge {edge}", sentence_for_edge(graph, edge).narration
    for question in load_questions(DEFAULT_QUESTIONS_DIR, graph):
        answer = answer_question(graph, question)
        yield f"question {question.id}", answer.summary
        for sentence in answer.sentences:
            yield f"question {question.id}", sentence.narration
    for path in _paths(graph):
        for sentence in narrate_path(graph, path):
            yield f"path {path.nodes}", sentence.narration
    for node in sorted(n for n, kind in graph.nodes(data="type") if kind in ("cause", "remedy")):
        for other in comparable(graph, node):
            result = compare(graph, node, other)
            for claim in (*result.first.claims, *result.second.claims, *result.between):
                yield f"compare {node}/{other}", f"{claim.text} {verdict_sentence(claim.verdict)}"
    for seed in range(3):
        for question in make_quiz(graph, seed=seed, count=10**6):
            yield f"quiz {seed}: {question.prompt}", question.explanation
    for tour in _generated_tours(graph):
        for step in tour.steps:
            yield f"tour {tour.id}", f"{step.narration} {step.answer or ''}"


def test_every_generated_sentence_says_who_says_it(graph: nx.MultiDiGraph) -> None:
    data = _data(graph)
    problems = [
        (where, sentence) for where, text in _prose(graph) for sentence in unattributed(text, data)
    ]
    assert problems == []


def test_no_generated_prose_says_a_claim_bare(graph: nx.MultiDiGraph) -> None:
    data = _data(graph)
    problems = [
        (where, bare) for where, text in _prose(graph) for bare in bare_claims(graph, text, data)
    ]
    assert problems == []


def test_lessons_and_handouts_never_say_a_claim_bare(
    graph: nx.MultiDiGraph, layout: dict[str, tuple[float, float]]
) -> None:
    shipped = load_tours(DEFAULT_TOURS_DIR, graph)
    data = _data(graph, shipped)
    tours = [*_generated_tours(graph)[:14], *shipped]
    for tour in tours:
        page = handout_html(graph, layout, tour)
        assert bare_claims(graph, re.sub(r"<[^>]+>", " ", page), data) == [], tour.id
        for step in lesson_data(graph, layout, tour)["steps"]:
            said = " ".join((step["narration"], step["answer"], step["claims_heading"]))
            assert bare_claims(graph, said, data) == [], tour.id
            assert unattributed(f"{step['narration']} {step['answer']}", data) == [], tour.id


def test_the_checks_catch_a_bare_claim(graph: nx.MultiDiGraph) -> None:
    """The two checks above can fail: a bare sentence is caught by both."""
    edge = ("almonds", "magnesium", "rich_in")
    bare = clause(graph, edge).capitalize() + "."
    assert unattributed(f"{claim_sentence(graph, edge)} {bare}", []) == [bare]
    assert bare_claims(graph, bare, []) != []
    assert bare_claims(graph, claim_sentence(graph, edge), []) == []


def test_every_strength_and_verdict_has_its_own_words(graph: nx.MultiDiGraph) -> None:
    """A new strength or verdict cannot fall back to a firmer wording: each has a template."""
    edge = ("almonds", "magnesium", "rich_in")
    said = set()
    for name in STRENGTHS:
        changed = nx.MultiDiGraph(graph)
        changed.edges[edge]["strength"] = name
        said.add(claim_sentence(changed, edge))
    assert len(said) == len(STRENGTHS)
    for name, verdict in VERDICTS.items():
        for by, _ in VERDICT_SOURCES.values():
            assert verdict_sentence(name, by=by).startswith(by), (name, by)
            assert verdict.label in verdict_sentence(name, by=by), (name, by)
    # The verb agrees with who gives the verdict.
    assert verdict_sentence("supported", by="Studies") == "Studies find this claim supported."
    assert verdict_sentence("supported", by="Health services' guidance").startswith(
        "Health services' guidance finds"
    )


def _inferred_edges(graph: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    return [edge for edge in graph.edges(keys=True) if graph.edges[edge]["strength"] == "inferred"]


def test_inferred_edges_are_never_worded_as_the_articles(graph: nx.MultiDiGraph) -> None:
    inferred = _inferred_edges(graph)
    if not inferred:
        pytest.skip("no inferred edge in this variant (the other variant has one)")
    firm = [f"{lead}{clause(graph, edge)}" for edge in inferred for lead in LEADS[:3]]
    for edge in inferred:
        said = claim_sentence(graph, edge)
        assert said.startswith("The tool infers that "), said
        quotes = [item["quote"] for item in graph.edges[edge]["provenance"]]
        assert all(f"\u201c{quote}\u201d" in said for quote in quotes), "lists its quotes"
    data = _data(graph)
    for where, text in _prose(graph):
        assert not any(phrase.casefold() in text.casefold() for phrase in firm), (where, text)
        assert bare_claims(graph, text, data) == [], where


def test_the_almonds_path_stays_traceable_and_honest_at_its_inferred_step() -> None:
    graph = build_graph(_inferred(tests.seed.knowledge_base()))
    paths = find_paths(graph, "almonds", "cramp-prevention")
    path = next(path for path in paths if path.nodes[1] == "magnesium")
    assert path.nodes == ("almonds", "magnesium", "cramp-prevention")
    first, second = narrate_path(graph, path)
    assert first.text == "The article lists almonds among foods rich in magnesium (and calcium)."
    assert second.text.startswith(
        "The tool infers that magnesium contributes to cramp prevention (from: \u201c"
    )


def _gives_away(narration: str, answer: str) -> bool:
    """Whether ``narration`` already says ``answer``: word for word, or all its figures and
    nearly all its words."""
    if answer in narration:
        return True
    figures = re.findall(r"\d[\d.,-]*\d|\d", answer)
    words = set(re.findall(r"[a-z0-9][a-z0-9-]{3,}", answer.casefold()))
    told = set(re.findall(r"[a-z0-9][a-z0-9-]{3,}", narration.casefold()))
    share = len(words & told) / len(words) if words else 0.0
    return share >= 0.9 or (bool(figures) and all(f in narration for f in figures) and share > 0.5)


def _answers_early(graph: nx.MultiDiGraph, tours: Iterable[Tour]) -> list[tuple[str, str]]:
    """Steps whose narration (shown with the question) holds the answer, or the verdict a
    review question asks for."""
    early = []
    for tour in tours:
        for step in tour.steps:
            if not step.question:
                continue
            if _gives_away(step.narration, step.answer or ""):
                early.append((tour.id, step.title))
            if "reviews" not in step.question.casefold():
                continue
            for text in step.edges:
                subject, relation, obj = text.split("|")
                note = sentence_for_edge(graph, (subject, obj, relation)).note
                if note and note in step.narration:
                    early.append((tour.id, step.title))
    return early


def test_no_generated_tour_step_answers_its_question_before_it_is_asked(
    graph: nx.MultiDiGraph,
) -> None:
    assert _answers_early(graph, _generated_tours(graph)) == []


def test_the_early_answer_check_can_fail(graph: nx.MultiDiGraph) -> None:
    tour = tour_from_path(graph, find_paths(graph, "almonds", "cramp-prevention")[0])
    step = tour.steps[0]
    told = step.model_copy(update={"narration": f"{step.narration} {step.answer}"})
    assert _answers_early(graph, [tour.model_copy(update={"steps": (told,)})]) != []


def test_no_generated_prose_names_quinine_without_its_harms(graph: nx.MultiDiGraph) -> None:
    """Facts row E9: whatever names quinine says its harms (the check ``validate`` runs)."""
    problems = [(where, names) for where, text in _prose(graph) if (names := missing_harms(text))]
    assert problems == []


def test_verdicts_read_off_usda_tables_are_credited_to_them_not_to_reviews() -> None:
    """Review finding 6: "Reviews find ..." was written of USDA food-table amounts; the
    fourth read (M6): the tables give amounts, "rich" is the tool's reading of them."""
    graph = tests.seed.graph()
    from_tables = [
        edge
        for edge in graph.edges(keys=True)
        if [work["key"] for work in (graph.edges[edge].get("evidence") or {}).get("citations", ())]
        == ["usda-sr-legacy"]
    ]
    assert len(from_tables) >= 10
    quiz = make_quiz(graph, seed=0, count=10**6)
    for edge in from_tables:
        said = edge_verdict_sentence(graph, edge)
        # A rating of an amount also says its line (fifteenth read, #3).
        assert re.match(r"The tool \(reading USDA food-table amounts(: [^)]*)?\) finds", said), said
        about = f"the claim that {clause(graph, edge)}?"
        for question in (q for q in quiz if q.kind == "verdict" and q.prompt.endswith(about)):
            assert "Reviews" not in question.explanation, question.explanation
            credited = r"The tool \(reading USDA food-table amounts(: [^)]*)?\) finds"
            assert re.search(credited, question.explanation), question.explanation


def _two_source_graph(second_kind: str) -> nx.MultiDiGraph:
    """One stated claim backed by the article and by a second source of ``second_kind``."""
    graph = nx.MultiDiGraph(
        sources={
            "article": {"kind": "popular health article", "title": "A"},
            "other": {"kind": second_kind, "title": "B"},
        }
    )
    graph.add_node("almonds", label="Almonds", plural=True)
    graph.add_node("magnesium", label="Magnesium")
    provenance = [
        {"source": "article", "quote": "almonds are rich", "strength": "states"},
        {"source": "other", "quote": "almonds hold magnesium", "strength": "states"},
    ]
    graph.add_edge("almonds", "magnesium", key="rich_in", provenance=provenance, strength="states")
    return graph


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        (
            "patient leaflet",
            "The article \u201cA\u201d and the leaflet \u201cB\u201d say that almonds are rich"
            " in magnesium.",
        ),
        (
            "news article",
            "The articles \u201cA\u201d and \u201cB\u201d say that almonds are rich in magnesium.",
        ),
    ],
)
def test_a_claim_from_two_sources_names_them_and_agrees(kind: str, said: str) -> None:
    """Not "The sources says that ..." (second read, known leftover); each named by its
    title (QA3 #8)."""
    edge = ("almonds", "magnesium", "rich_in")
    assert claim_sentence(_two_source_graph(kind), edge) == said
