"""The nineteenth read's checks (docs/trust-review-findings.md, "Nineteenth read"): each
fails on the data or code as the reader found them."""

from __future__ import annotations

import re

from graph import build_graph, load_knowledge_base
from graph.load import DEFAULT_DATA_DIR
from graph.paths import find_paths
from graph.quiz import make_quiz
from graph.tours import tour_from_path

GRAPH = build_graph(load_knowledge_base())


def _summary(record_id: str) -> str:
    return next(
        " ".join(data["evidence"]["summary"].split())
        for *_, data in GRAPH.edges(data=True)
        if (data.get("evidence") or {}).get("id") == record_id
    )


def test_the_tabriz_total_is_the_whole_trials() -> None:
    """#2: "(126 women; calcium with vitamin D against placebo)": 126 is all three arms."""
    calcium = _summary("calcium-prevents-cramps")
    assert "126 pregnant women in all, given vitamin D, calcium with vitamin D, or placebo" in (
        calcium
    )


def test_a_path_step_title_names_its_link() -> None:
    """#4: "Epilepsy → Calf muscle cramp" read on a projector as cause and effect."""
    for start, end in (("epilepsy", "calf-cramp"), ("almonds", "cramp-prevention")):
        for step in tour_from_path(GRAPH, find_paths(GRAPH, start, end)[0]).steps:
            assert re.search(r" \u2014[a-z][^\u2192]*\u2192 ", step.title), step.title


def test_no_usda_sentence_rates_in_a_word_off_the_tools_scale() -> None:
    """#5: "per 100 g, a poor source" (lemon), "they are high in potassium" (apricots)."""
    lemon = _summary("lemon-rub-for-cramps")
    assert "a poor source" not in lemon
    assert "(2-3% of the RDA for adults), which the tool reads as a modest source" in lemon
    assert "high in potassium" not in _summary("dried-apricots-magnesium-content")


def test_the_tour_counts_the_articles_sentences_right() -> None:
    """#8: "Two sentences after naming ...": the ask is the third sentence after."""
    text = (DEFAULT_DATA_DIR / "tours" / "almonds-to-fewer-cramps.yaml").read_text("utf-8")
    assert "Three sentences after naming a lack of magnesium" in text
    article = (DEFAULT_DATA_DIR / "sources" / "calf-cramps-article.txt").read_text("utf-8")
    start = article.index("And once again about the most common causes")
    between = article[start : article.index("Every day, the menu should contain", start)]
    assert len(re.findall(r"[.!?](?:\s|$)", between)) == 3  # the naming one and two more


def test_a_listed_item_asks_for_both_nutrients() -> None:
    """#7: "rich in calcium and magnesium?" with buckwheat, named for magnesium only."""
    asked = [
        q.prompt
        for seed in range(6)
        for q in make_quiz(GRAPH, seed=seed, count=200)
        if q.kind == "relation" and " and magnesium" in q.prompt
    ]
    assert asked
    assert all("rich in both calcium and magnesium" in prompt for prompt in asked), asked


def test_prevention_is_no_other_name_for_cramp_prevention() -> None:
    """#9: "Also called: prevention, useful for prevention"."""
    node = GRAPH.nodes["cramp-prevention"]
    assert not node["synonyms"]
    assert "prevention" in node["related"]["calf-cramps-article"]
