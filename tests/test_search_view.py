"""Reading the answer: a search narrows, leads to the plain questions; the tables read well.

The library's part (``search_hits``, ``search_neighbourhood``, ``suggest_questions``) is
tested directly; the page's part with Streamlit's AppTest.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.query import ViewSpec, compose_view, search_hits, search_neighbourhood
from graph.questions import DEFAULT_QUESTIONS_DIR, load_questions
from graph.suggest import suggest_questions
from tests import seed

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
SEED = seed.graph()
QUESTIONS = load_questions(DEFAULT_QUESTIONS_DIR, SEED)
TABLE_TAB = "Table of what is shown"


def _run(params: dict[str, str] | None = None, *, tab: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    if tab:
        at.session_state["_lower_tab"] = tab
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _shown_nodes(at: AppTest) -> int:
    for block in at.markdown:
        found = re.search(r"Showing \*\*(\d+)\*\* of \d+ nodes", block.value)
        if found:
            return int(found[1])
    raise AssertionError("no summary line on the page")


def _search_line(at: AppTest) -> str:
    return next(block.value for block in at.markdown if block.value.startswith("**Search:**"))


# --- the library ---------------------------------------------------------------------


def test_a_synonym_hit_hides_the_near_spellings() -> None:
    assert [m.node_id for m in search_hits(SEED, "lack of magnesium")] == ["magnesium-deficiency"]


def test_fuzzy_hits_keep_only_those_close_to_the_best() -> None:
    hits = search_hits(SEED, "night leg cramps")
    assert hits and all(m.kind == "fuzzy" for m in hits)
    assert min(m.score for m in hits) >= hits[0].score - 10


def test_nothing_typed_or_nothing_found_gives_no_hits() -> None:
    assert search_hits(SEED, "   ") == []
    assert search_hits(SEED, "zzzzqqqq") == []


def test_the_cramp_is_not_walked_through_unless_it_is_the_only_hit() -> None:
    with_others = search_neighbourhood(SEED, ["calf-cramp", "sleep"])
    alone = search_neighbourhood(SEED, ["calf-cramp"])
    assert len(with_others) < 5
    assert set(alone) == {
        "calf-cramp",
        *SEED.successors("calf-cramp"),
        *SEED.predecessors("calf-cramp"),
    }


def test_search_matches_in_a_view_spec_reach_one_link_less_than_the_depth() -> None:
    spec = ViewSpec(matches=("magnesium-deficiency",), depth=2)
    direct = set(compose_view(SEED, spec))
    assert direct == set(search_neighbourhood(SEED, ["magnesium-deficiency"], depth=1))
    wider = set(compose_view(SEED, ViewSpec(matches=("magnesium-deficiency",), depth=3)))
    assert direct < wider


def test_night_offers_the_night_question_first() -> None:
    hits = [match.node_id for match in search_hits(SEED, "night")]
    offered = suggest_questions(QUESTIONS, "night", hits=hits)
    assert offered[0].question == "Why do cramps happen at night?"


def test_short_words_alone_offer_nothing() -> None:
    assert suggest_questions(QUESTIONS, "at do", hits=["calf-cramp"]) == []


# --- the page --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["night leg cramps", "lack of magnesium"])
def test_a_search_shows_its_matches_and_their_direct_links(text: str) -> None:
    at = _run({"q": text})
    hits = [m.node_id for m in search_hits(SEED, text)]
    assert _shown_nodes(at) == len(search_neighbourhood(SEED, hits, depth=1))
    assert _shown_nodes(at) <= 6
    line = _search_line(at)
    assert f"{len(hits)} match" in line and "direct links" in line


def test_the_depth_control_widens_and_narrows_a_search() -> None:
    at = _run({"q": "lack of magnesium"})
    direct = _shown_nodes(at)
    at.slider(key="depth").set_value(3).run()
    wider = _shown_nodes(at)
    at.slider(key="depth").set_value(1).run()
    assert _shown_nodes(at) == 1 < direct < wider < SEED.number_of_nodes()
    assert "on its own" in _search_line(at)


def test_typing_night_offers_the_plain_question_and_opens_it() -> None:
    at = _run()
    at.text_input(key="search").set_value("night").run()
    offer = next(b for b in at.button if b.label == "Why do cramps happen at night?")
    offer.click().run()
    assert at.query_params["question"] == "cramps-at-night"
    assert at.text_input(key="search").value == ""
    assert "Why do cramps happen at night?" in [h.value for h in at.subheader]


def test_the_node_table_is_sorted_by_label() -> None:
    at = _run(tab=TABLE_TAB)
    table = next(frame.value for frame in at.dataframe if "Also called" in frame.value.columns)
    labels = list(table["Label"])
    assert labels == sorted(labels, key=str.casefold)
    assert len(labels) == SEED.number_of_nodes()


def test_the_links_table_says_strength_and_verdict() -> None:
    at = _run({"remedy": "lemon-rub"}, tab=TABLE_TAB)
    table = next(frame.value for frame in at.dataframe if "Quote" in frame.value.columns)
    assert {"Strength", "Verdict"} <= set(table.columns)
    relieves = table[table["Relation"] == "relieves"].iloc[0]
    assert relieves["Strength"] == "states"  # "- citric acid relieves spasm": its own voice
    assert "no evidence found" in relieves["Verdict"]


def test_the_search_line_says_when_the_cramp_is_not_walked_through() -> None:
    line = _search_line(_run({"q": "night"}))
    assert line.startswith("**Search:** 2 matches: Sleep, Calf muscle cramp")
    assert "only its links to these are shown" in line
    assert "only its links" not in _search_line(_run({"q": "charley horse"}))
