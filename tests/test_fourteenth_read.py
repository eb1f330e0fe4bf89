"""The fourteenth read's checks (docs/trust-review-findings.md, "Fourteenth read"): each
fails on the data or code as the reader found them."""

from __future__ import annotations

from graph import build_graph, load_knowledge_base
from graph.narrate import edge_verdict_sentence
from graph.questions import DEFAULT_QUESTIONS_DIR, answer_question, load_questions
from graph.quiz import make_quiz

GRAPH = build_graph(load_knowledge_base())


def test_a_rating_the_works_do_not_give_is_the_tools() -> None:
    """#1: "Studies find ... supported (for cirrhosis only)", "The works cited ... find":
    the works list conditions or measure how common cramps are; the rating is the tool's."""
    for subject, obj, key in (
        ("liver-disease", "calf-cramp", "associated_with"),
        ("spine-disease", "calf-cramp", "associated_with"),
        ("thyroid-disease", "calf-cramp", "associated_with"),
        ("calf-cramp", "sleep", "occurs_during"),
    ):
        said = edge_verdict_sentence(GRAPH, (subject, obj, key))
        assert said.startswith("The tool, weighing "), said


def test_the_diabetes_scope_says_only_what_the_figures_cover() -> None:
    """#2: "neither with a comparison group", which the facts do not state."""
    qualifier = GRAPH.edges["diabetes-mellitus", "calf-cramp", "associated_with"]["evidence"][
        "qualifier"
    ]
    assert "comparison group" not in qualifier
    assert "whose figures are for people with diabetes only" in qualifier


def test_a_list_item_names_the_nutrient_its_verdict_judges() -> None:
    """#3: "... rich in calcium and magnesium? Walnuts ... finds this claim not supported",
    a calcium verdict read as one on both."""
    asked = 0
    for seed in range(6):
        for item in make_quiz(GRAPH, seed=seed):
            listed = item.kind == "relation" and "calcium and magnesium" in item.prompt
            if listed and "not supported" in item.explanation:
                asked += 1
                assert "finds the claim that " in item.explanation, item.explanation
    assert asked


def test_no_verdict_is_credited_to_the_evidence_itself() -> None:
    """#4: "The evidence's verdicts: ..." in the entry questions' summaries."""
    for question in load_questions(DEFAULT_QUESTIONS_DIR, GRAPH):
        summary = answer_question(GRAPH, question).summary
        assert "The evidence's verdicts" not in summary, question.id
