"""Qualified verdicts and the curator's own guesses keep their qualifiers wherever shown."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from graph.handout import handout_html
from graph.layout import compute_layout
from graph.narrate import edge_verdict_sentence, verdict_label
from graph.query import evidence_overview, sentence_for_edge
from graph.questions import DEFAULT_QUESTIONS_DIR, answer_question, load_questions
from graph.render import canvas_payload
from graph.tours import DEFAULT_TOURS_DIR, find_tour, load_tours
from tests import seed

SEED = seed.graph()
GUESS = re.compile(r"translation slip", re.IGNORECASE)
"""An explanation the facts give only as their curator's inference (facts row E21)."""
OWNED = re.compile(r"curator suggests \(their own inference, not a published finding\)")


def _texts() -> list[str]:
    """Every evidence summary and every tour narration, question and answer."""
    texts = [
        str((data.get("evidence") or {}).get("summary", "")) for _, _, data in SEED.edges(data=True)
    ]
    for tour in load_tours(DEFAULT_TOURS_DIR, SEED):
        for step in tour.steps:
            texts += [step.narration, step.question or "", step.answer or ""]
    return texts


def test_the_translation_slip_is_always_the_curators_inference() -> None:
    guesses = [text for text in _texts() if GUESS.search(text)]
    assert guesses, "no text gives the explanation any more: drop this test"
    for text in guesses:
        assert OWNED.search(" ".join(text.split())), text


TOE_PULL = ("seated-toe-pull", "calf-cramp", "relieves")
QUALIFIED = "supported (consensus; low-quality evidence)"


def test_a_qualified_verdict_keeps_its_qualifier_wherever_it_is_shown() -> None:
    """Facts row E10: stretching is supported on consensus and low-quality evidence only."""
    assert verdict_label(SEED, TOE_PULL) == QUALIFIED
    assert edge_verdict_sentence(SEED, TOE_PULL).endswith(f"{QUALIFIED}.")
    [row] = [
        row
        for row in evidence_overview(SEED)
        if row["subject"] == "seated-toe-pull" and row["relation"] == "relieves"
    ]
    assert row["verdict_label"] == QUALIFIED
    tour = find_tour(load_tours(DEFAULT_TOURS_DIR, SEED), "what-helps-during-a-cramp")
    page = handout_html(SEED, compute_layout(SEED), tour)
    assert "\u2713 supported</span>" not in page
    assert QUALIFIED in page
    questions = load_questions(DEFAULT_QUESTIONS_DIR, SEED)
    [during] = [q for q in questions if q.question == "What can I do during a cramp?"]
    summary = answer_question(SEED, during).summary
    assert QUALIFIED in summary
    assert re.search(r"\bsupported\b(?! \(consensus)", summary) is None, summary


def test_the_wall_stretch_does_not_inherit_the_toe_pulls_verdict() -> None:
    """Row E10 is about pulling the foot toward you; the wall stretch was not tested."""
    data = SEED.edges["wall-stretch", "calf-cramp", "relieves"]
    assert data["verdict"] not in ("supported", "mixed")
    assert "not tested" in data["evidence"]["summary"]


def test_a_weak_link_note_credits_food_tables_not_reviews() -> None:
    """A verdict read off USDA amounts is the tables' (review finding 6)."""
    note = sentence_for_edge(SEED, ("dried-apricots", "calcium", "rich_in")).note
    assert note == "USDA food tables find this claim not supported."


def _seed_tables() -> None:
    """The app's tables of the whole seed graph (run by AppTest, so self-contained)."""
    from tests import seed
    from ui.panels import tables

    tables(seed.graph())


def test_the_canvas_tooltip_and_app_table_keep_the_qualifier() -> None:
    edges = {edge["id"]: edge for edge in canvas_payload(SEED, compute_layout(SEED))["edges"]}
    assert f"\u2713 {QUALIFIED}" in edges["seated-toe-pull|relieves|calf-cramp"]["title"]
    at = AppTest.from_function(_seed_tables, default_timeout=60).run()
    [links] = [frame.value for frame in at.dataframe if "Verdict" in frame.value.columns]
    toe_pull, cramp = (SEED.nodes[node]["label"] for node in ("seated-toe-pull", "calf-cramp"))
    [verdict] = links[(links["From"] == toe_pull) & (links["To"] == cramp)]["Verdict"]
    assert verdict == f"\u2713 {QUALIFIED}"
