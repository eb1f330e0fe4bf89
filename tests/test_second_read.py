"""The second read's checks: each kind of error an independent reader found fails
``validate`` (or a test) when its old wording is put back, and today's data pass.

The findings are in docs/trust-review-findings.md ("Second read"); each test names the
finding it guards.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from graph import load_knowledge_base
from graph.load import DEFAULT_DATA_DIR
from graph.scope import cites_the_facts
from graph.wording import overstated
from tests.data_edits import problems_after


def test_a_scoped_not_supported_without_its_qualifier_fails(tmp_path: Path) -> None:
    """Finding 1: "not supported" holds for idiopathic cramps in older adults only (the
    supplements' record; magnesium's own is "insufficient" since the seventh read, #3, and
    the supplements' since the tenth, #1): a headline over parts rated otherwise fails."""
    said = problems_after(
        tmp_path,
        "evidence.yaml",
        "verdict: insufficient\n    verdict_by: none\n    qualifier: >-\n      not supported"
        " for magnesium supplements in older adults with idiopathic cramps;\n      magnesium in",
        "verdict: not supported\n    verdict_by: reviews\n    qualifier: >-\n      for magnesium"
        " supplements in older adults with idiopathic cramps;\n      magnesium in",
    )
    assert any("the headline is wider than its parts" in message for message in said), said


def test_a_list_verdict_given_to_one_foods_amount_fails(tmp_path: Path) -> None:
    """Finding 9: row E15's "mixed" judges the list, not raisins for calcium."""
    said = problems_after(
        tmp_path,
        "evidence.yaml",
        "    verdict: not supported\n    claims:\n"
        "      - {subject: raisins, relation: rich_in, object: calcium}",
        "    verdict: mixed\n    claims:\n"
        "      - {subject: raisins, relation: rich_in, object: calcium}",
    )
    assert any("is 'mixed' only when its two bases differ" in message for message in said), said


def test_rich_in_supported_beside_moderate_amounts_fails(tmp_path: Path) -> None:
    """Finding 10: legumes are rich in magnesium only dry, and only black beans."""
    said = problems_after(
        tmp_path,
        "evidence.yaml",
        "    verdict: mixed\n    qualifier: >-\n      black beans are rich per cooked cup and per"
        " 100 g dry; a cooked cup of lentils or\n      chickpeas is moderate; per 100 g cooked,"
        " black beans and chickpeas are moderate,\n      lentils modest\n    claims:\n"
        "      - {subject: legumes,",
        "    verdict: supported\n    claims:\n      - {subject: legumes,",
    )
    assert any("calls a source 'moderate'" in message for message in said), said


def test_guidance_credited_with_grading_evidence_fails(tmp_path: Path) -> None:
    """Finding 6: health services advise massage; they do not find its evidence lacking."""
    said = problems_after(
        tmp_path,
        "evidence.yaml",
        "    verdict: insufficient\n    verdict_by: none\n    claims:\n"
        "      - {subject: pinching-massage,",
        "    verdict: insufficient\n    claims:\n      - {subject: pinching-massage,",
    )
    assert any("does not find evidence 'insufficient'" in message for message in said), said


def test_a_survey_and_a_review_without_saying_who_gives_the_verdict_fails(
    tmp_path: Path,
) -> None:
    """Finding 11: the vein verdict rests on a population survey, not on reviews."""
    said = problems_after(
        tmp_path,
        "evidence.yaml",
        "    verdict: insufficient\n    verdict_by: none\n    qualifier: >-\n      mixed at best,",
        "    verdict: insufficient\n    qualifier: >-\n      mixed at best,",
    )
    assert any("say which gives the verdict" in message for message in said), said


def test_not_found_hardened_into_not_tested_fails(tmp_path: Path) -> None:
    """Finding 7: "no trial was found" is not "the stretch was not tested"."""
    said = problems_after(
        tmp_path,
        "evidence.yaml",
        "no trial of massage for cramps was found,",
        "massage was not tested for cramps,",
    )
    assert any("says 'not tested'" in message for message in said), said


def test_the_facts_curator_named_as_a_source_fails(tmp_path: Path) -> None:
    """Finding 5: a class cannot look up "the facts' curator"."""
    said = problems_after(
        tmp_path,
        "evidence.yaml",
        "The translation explanation is the tool's own reading, not a published finding.",
        "The translation explanation is the facts' curator's own inference.",
    )
    assert any("cites the facts file" in message for message in said), said


def test_hearsay_that_goes_on_in_the_articles_own_voice_fails(tmp_path: Path) -> None:
    """Finding 4: after the dash the article states the lemon's effect itself."""
    said = problems_after(
        tmp_path,
        "edges.yaml",
        "lemon cut across - citric acid relieves spasm\n        strength: states",
        "lemon cut across - citric acid relieves spasm\n        strength: anecdotal",
    )
    assert any("after a dash" in message for message in said), said


def test_one_sentence_read_at_two_strengths_fails(tmp_path: Path) -> None:
    """Finding 2 (S1-Q14): "at rest or, on the contrary, tension" says both alike."""
    said = problems_after(
        tmp_path,
        "edges.yaml",
        "on the contrary, tension.\n        strength: states\n  - subject: calf-cramp\n"
        "    relation: occurs_during\n    object: sleep",
        "on the contrary, tension.\n        strength: inferred\n  - subject: calf-cramp\n"
        "    relation: occurs_during\n    object: sleep",
    )
    assert any("says both alike" in message for message in said), said


# --- tours and questions: their words, read as the reader read them -------------------------


def _tour_and_question_texts() -> dict[str, str]:
    texts = {}
    for path in sorted((DEFAULT_DATA_DIR / "tours").glob("*.yaml")):
        tour = yaml.safe_load(path.read_text(encoding="utf-8"))
        for number, step in enumerate(tour["steps"], 1):
            for field in ("narration", "question", "answer"):
                texts[f"{path.stem} step {number} {field}"] = str(step.get(field) or "")
    questions = yaml.safe_load(
        (DEFAULT_DATA_DIR / "questions" / "questions.yaml").read_text(encoding="utf-8")
    )
    for question in questions["questions"]:
        texts[f"question {question['id']}"] = f"{question['question']} {question['intro']}"
    return texts


OLD_SENTENCES = {
    "overstated": [
        "magnesium-rich diet was found: no trial has tested almonds against cramps.",
        "stretching the calf during a cramp, but the wall stretch itself was not tested as",
        "family-medicine review); no source gives a figure for leg cramps of all kinds",
    ],
    "curator": [
        "The facts' curator suggests (their own inference, not a published finding) a",
    ],
}
"""Sentences the reader quoted from the tours (findings 5 and 7), as they were."""


def test_the_checks_catch_the_old_tour_sentences() -> None:
    assert all(overstated(text) for text in OLD_SENTENCES["overstated"])
    assert all(cites_the_facts(text) for text in OLD_SENTENCES["curator"])


@pytest.mark.parametrize("where", sorted(_tour_and_question_texts()))
def test_no_tour_or_question_hardens_not_found_or_names_the_facts(where: str) -> None:
    text = _tour_and_question_texts()[where]
    assert overstated(text) == [], where
    assert not cites_the_facts(text), where


UNNAMED = [
    "Low blood magnesium or calcium is a listed cause",
    "pregnancy itself is a recognised cause",
    "Frequent cramps are a reason to see a doctor",
    "Reviews do not support either",
    "of what an adult needs a day",
]
"""Finding 15 and 17: findings stated with no source, shares with no population."""


@pytest.mark.parametrize("words", UNNAMED)
def test_findings_name_their_source_and_shares_their_population(words: str) -> None:
    texts = " ".join(" ".join(_tour_and_question_texts().values()).split())
    summaries = " ".join(
        " ".join(str(record.get("summary", "")).split())
        for record in yaml.safe_load(
            (DEFAULT_DATA_DIR / "evidence.yaml").read_text(encoding="utf-8")
        )["evidence"]
    )
    assert words not in texts and words not in summaries


# --- synonyms: a MeSH entry term belongs to the descriptor the node carries -----------------

FACTS_ENTRY_TERMS = {
    "D013035": {"muscle spasm"},
    "D020922": {"night cramps", "nighttime leg cramps", "nocturnal leg cramp", "rest cramps"},
}
"""Entry terms the facts give for the related (not exact) descriptors nodes name (entity
1a: D020922; 1b: D013035 Spasm, entry "Muscle Spasm")."""


def _related_entry_terms(nodes: list[dict]) -> list[tuple[str, str]]:
    """(node, term) for each MeSH-origin synonym that is an entry term of a related
    descriptor of that node, not of its own."""
    return [
        (node["id"], term)
        for node in nodes
        for descriptor in node.get("related_mesh", ())
        for term in (node.get("synonym_origins") or {}).get("mesh", ())
        if term.casefold() in FACTS_ENTRY_TERMS.get(descriptor, set())
    ]


def test_no_mesh_synonym_is_an_entry_term_of_a_related_descriptor() -> None:
    """Finding 16: "muscle spasm" is an entry term of D013035 Spasm, not of D009120."""
    old = {
        "id": "calf-cramp",
        "related_mesh": ["D020922", "D013035"],
        "synonym_origins": {"mesh": ["cramps", "muscle spasm"]},
    }
    assert _related_entry_terms([old]) == [("calf-cramp", "muscle spasm")]
    nodes = yaml.safe_load((DEFAULT_DATA_DIR / "nodes.yaml").read_text(encoding="utf-8"))
    assert _related_entry_terms(nodes["nodes"]) == []


def test_the_compare_panel_says_who_gives_each_verdict() -> None:
    """Known leftover: the compare panel showed "The evidence gathered finds ..." where
    the verdict's source is known (here USDA food tables)."""
    from graph import build_graph
    from graph.compare import compare

    graph = build_graph(load_knowledge_base())
    result = compare(graph, "almonds", "walnuts")
    [claim] = [c for c in result.second.claims if c.edge == ("walnuts", "magnesium", "rich_in")]
    assert claim.verdict_text == (  # with the rating's line (fifteenth read, #3)
        "The tool (reading USDA food-table amounts: 20% or more of the higher RDA given is"
        " rich, 10-19% moderate, less modest) finds this claim supported (rich per 100 g,"
        " moderate per 1 oz handful)."
    )


def test_the_handout_footer_and_legend_say_where_claims_and_verdicts_come_from() -> None:
    """Finding 14: claims are not all quoted, nor verdicts all reviews'."""
    from graph import build_graph
    from graph.handout import handout_html
    from graph.layout import compute_layout
    from graph.tours import DEFAULT_TOURS_DIR, find_tour, load_tours

    graph = build_graph(load_knowledge_base())
    tour = find_tour(load_tours(DEFAULT_TOURS_DIR, graph), "almonds-to-fewer-cramps")
    page = " ".join(handout_html(graph, compute_layout(graph), tour).split())
    assert "Claims are quoted from the article" not in page
    assert (
        "where marked, the tool&#39;s reading" in page or "where marked, the tool's reading" in page
    )
    # Thirteenth read, F9: the tables report amounts; "rich" is marked as the tool's.
    assert "USDA food tables report, and mark each rating that is the tool" in page
    assert "reviews: " not in page
