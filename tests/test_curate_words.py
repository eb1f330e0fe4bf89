"""The curator's words: narration names the source when there are several (QA3 #8), the
add-claim form reads a selection's strength from its sentence (#6), finds and makes the
claim's ends (#7), and says what went wrong in the form's own words (#12)."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.narrate import claim_sentence, claims_sentence, link_sentence, quotes_sentence
from tests import seed

SECOND_TITLE = "Salt and the night shift"
STATED = ("almonds", "magnesium", "rich_in")
HEDGED = ("pin-prick", "calf-cramp", "relieves")


def _with_second_source(edge: tuple[str, str, str], strength: str) -> nx.MultiDiGraph:
    """The seed graph with a second article in the knowledge base that alone makes ``edge``."""
    graph = nx.MultiDiGraph(seed.graph())
    sources = dict(graph.graph["sources"])
    sources["night"] = {**sources["calf-cramps-article"], "title": SECOND_TITLE}
    graph.graph["sources"] = sources
    graph.add_edge(
        *edge[:2],
        key=edge[2],
        **{
            **graph.edges[edge],
            "strength": strength,
            "provenance": ({"source": "night", "quote": "Salt helps.", "strength": strength},),
        },
    )
    return graph


@pytest.mark.parametrize(
    ("strength", "opening"),
    [
        ("states", "The article \u201cSalt and the night shift\u201d says that"),
        ("suggests", "The article \u201cSalt and the night shift\u201d suggests that"),
        ("anecdotal", "People quoted in the article \u201cSalt and the night shift\u201d say that"),
    ],
)
def test_a_claim_only_the_new_article_makes_is_credited_to_it_by_title(
    strength: str, opening: str
) -> None:
    graph = _with_second_source(HEDGED, strength)
    assert claim_sentence(graph, HEDGED).startswith(opening)


def test_a_claim_of_the_first_article_is_named_too_once_there_are_two() -> None:
    graph = _with_second_source(HEDGED, "states")
    said = claim_sentence(graph, STATED)
    assert said.startswith("The article \u201cWhat are the causes of spasms")
    assert "\u201cWhat are the causes" in link_sentence(graph, STATED)
    assert "from the article \u201c" in claims_sentence(graph, "almonds")


def test_a_title_holding_and_keeps_the_verb_singular() -> None:
    graph = _with_second_source(HEDGED, "states")
    assert " says that pricking" in claim_sentence(graph, HEDGED)


def test_the_quotes_line_names_the_title_once() -> None:
    graph = _with_second_source(HEDGED, "states")
    said = quotes_sentence(graph, [HEDGED])
    assert said.count(SECOND_TITLE) == 1, said
    assert said.startswith("The article's words:")


def test_with_one_source_the_seed_wording_stays() -> None:
    graph = seed.graph()
    assert claim_sentence(graph, HEDGED) == (
        "The article suggests that pricking with a pin relieves calf muscle cramp."
    )
    assert link_sentence(graph, STATED) == (
        "The article says there is a link from almonds to magnesium."
    )
