"""The twentieth read's checks (docs/trust-review-findings.md, "Twentieth read"): each
fails on the data or code as the reader found them."""

from __future__ import annotations

import yaml

from graph import build_graph, load_knowledge_base
from graph.handout import handout_html
from graph.layout import compute_layout
from graph.questions import DEFAULT_QUESTIONS_DIR, answer_question, load_questions
from graph.tours import DEFAULT_TOURS_DIR, find_tour, load_tours

GRAPH = build_graph(load_knowledge_base())


def _summaries() -> str:
    return " ".join(
        answer_question(GRAPH, question).summary
        for question in load_questions(DEFAULT_QUESTIONS_DIR, GRAPH)
    )


def test_a_summary_never_fuses_an_article_claim_with_the_tools_reading() -> None:
    """#1: 'no evidence found for "rubbing with a cut lemon and special nutrition prevent
    calf muscle cramp"': an article claim and the tool's inference, one phrase."""
    said = _summaries()
    assert "rubbing with a cut lemon and special nutrition prevent" not in said
    assert '"special nutrition prevents calf muscle cramp" (the tool\'s reading)' in said
    assert "other causes and uncomfortable position cause" not in said
    assert '"uncomfortable position causes calf muscle cramp" (the article suggests it)' in said
    # A topic several claims share says whose they are too.
    assert 'the verdicts for "are rich in vitamin D" (the tool\'s reading)' in said


def _step(tour: str, number: int) -> dict:
    path = DEFAULT_TOURS_DIR / f"{tour}.yaml"
    return yaml.safe_load(path.read_text("utf-8"))["steps"][number - 1]


def test_tour_answers_say_no_more_than_their_records() -> None:
    """#4 "No." for massage (no trial found); #6 a lemon's minerals, where the article
    credits citric acid; #7 "rank the five" with the wall stretch unrated; #8 "had cramps"."""
    massage = " ".join(_step("what-helps-during-a-cramp", 4)["answer"].split())
    assert massage.startswith("Not proven: no trial of massage")
    lemon = _step("what-helps-during-a-cramp", 5)
    assert "minerals" not in lemon["question"]
    assert "citric acid" in lemon["answer"]
    rank = _step("what-helps-during-a-cramp", 7)
    assert "five" not in rank["question"]
    assert "The wall stretch is not rated as relief." in " ".join(rank["answer"].split())
    diseases = " ".join(_step("why-calves-cramp", 5)["narration"].split())
    assert "reported cramps in the past 3 months" in diseases


def test_records_credit_works_only_with_what_they_say() -> None:
    """#3 "usually by pulling the foot toward you", credited to guidance that advises
    stretching and massaging; #11 Wikipedia's "abnormal" dropped."""
    relief = GRAPH.edges["wall-stretch", "calf-cramp", "relieves"]["evidence"]["summary"]
    assert "usually by pulling" not in relief
    assert "advise stretching and massaging the muscle during a cramp" in " ".join(relief.split())
    assert "any involuntary abnormal contraction" in GRAPH.nodes["calf-cramp"]["description"]
    diabetes = " ".join(
        GRAPH.edges["diabetes-mellitus", "calf-cramp", "associated_with"]["evidence"][
            "summary"
        ].split()
    )
    assert "cramps were recorded in 47.8% of 136 patients" in diabetes


def test_a_handout_tags_a_quote_a_claim_is_only_read_from() -> None:
    """#10: the treatment sentence printed as the words of "medical examination is
    recommended", which it grounds only as the tool's reading."""
    tour = find_tour(load_tours(DEFAULT_TOURS_DIR, GRAPH), "what-helps-during-a-cramp")
    page = handout_html(GRAPH, compute_layout(GRAPH), tour)
    # In the tool's voice, apart from the claim's (twenty-first read, F2).
    assert (
        "Claim: The tool reads this sentence as backing another quote&#39;s claim. The article"
        " suggests that medical examination is recommended for calf muscle cramp." in page
    )


def test_a_label_in_a_list_never_reads_as_a_plain_claims() -> None:
    """Twenty-first read, F5: '"other causes cause ..." and "uncomfortable position causes
    ..." (the article suggests it)' read as covering both: a claim said plainly comes last."""
    assert (
        '"uncomfortable position causes calf muscle cramp" (the article suggests it) and "other'
        ' causes cause calf muscle cramp"' in _summaries()
    )
