"""The curator's own guesses are said to be theirs wherever the tool repeats them."""

from __future__ import annotations

import re

from graph import build_graph, load_knowledge_base
from graph.tours import DEFAULT_TOURS_DIR, load_tours

SEED = build_graph(load_knowledge_base())
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
