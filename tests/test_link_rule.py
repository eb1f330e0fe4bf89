"""What a mistyped or hostile link does: one rule for every parameter, one notice for all.

A parameter given two different values names neither (the sender's intent is unknown), a
name the page does not read is reported rather than dropped silently, and however many
parameters are ignored the page shows one warning that names each of them, literally.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.query import focus_candidates
from graph.questions import DEFAULT_QUESTIONS_DIR, load_questions
from tests import seed
from ui.state import (
    NOT_A_PARAMETER,
    PARAMS,
    REPEATED,
    ExplorerState,
    Ignored,
    ignored_notice,
    parse_query_params,
)

APP = str(Path(__file__).resolve().parents[1] / "app.py")
SEED = seed.graph()
QUESTIONS = [question.id for question in load_questions(DEFAULT_QUESTIONS_DIR, SEED)]
TOURS = ["almonds-to-fewer-cramps", "why-calves-cramp"]
CAUSES = focus_candidates(SEED, "cause")
REMEDIES = focus_candidates(SEED, "remedy")

TWO_GOOD_VALUES = {
    "mode": ("present", "compare"),
    "question": tuple(QUESTIONS[:2]),
    "tour": tuple(TOURS),
    "a": ("almonds", "magnesium"),
    "b": ("walnuts", "calcium"),
    "q": ("magnesium", "night"),
    "types": ("food", "nutrient,food"),
    "rels": ("rich_in", "prevents"),
    "strength": ("states", "suggests"),
    "verdict": ("supported", "mixed"),
    "cause": tuple(CAUSES[:2]),
    "remedy": tuple(REMEDIES[:2]),
    "depth": ("1", "3"),
    "from": ("almonds", "walnuts"),
    "to": ("cramp-prevention", "calf-cramp"),
    "len": ("2", "4"),
    "path": ("2", "3"),
    "sel": ("almonds", "calf-cramp"),
}
"""For each parameter, two values it would accept one at a time."""


def _parse(params: dict[str, str | list[str]]) -> tuple[ExplorerState, list[Ignored]]:
    return parse_query_params(params, SEED, questions=QUESTIONS, tours=TOURS)


def test_every_parameter_has_two_good_values_here() -> None:
    assert set(TWO_GOOD_VALUES) == set(PARAMS.values())
    for name, values in TWO_GOOD_VALUES.items():
        for value in values:
            assert _parse({name: value})[1] == [], (name, value)


@pytest.mark.parametrize("name", sorted(TWO_GOOD_VALUES))
def test_a_parameter_given_two_different_values_keeps_its_default_and_is_named(
    name: str,
) -> None:
    first, second = TWO_GOOD_VALUES[name]
    state, ignored = _parse({name: [first, second]})
    assert state == ExplorerState()
    assert ignored == [Ignored(name, REPEATED)]
    assert f"given different values: {name}." in ignored_notice(ignored)


@pytest.mark.parametrize("name", sorted(TWO_GOOD_VALUES))
def test_the_same_value_given_twice_counts_once(name: str) -> None:
    value = TWO_GOOD_VALUES[name][1]
    assert _parse({name: [value, value]}) == _parse({name: value})


def test_the_order_of_repeated_values_does_not_matter() -> None:
    assert _parse({"depth": ["3", "99"]}) == _parse({"depth": ["99", "3"]})


def test_a_mistyped_parameter_name_is_reported() -> None:
    state, ignored = _parse({"dpeth": "3", "cause": CAUSES[0]})
    assert state.cause == CAUSES[0] and state.depth == ExplorerState().depth
    assert ignored == [Ignored("dpeth", NOT_A_PARAMETER)]


def _hostile_link() -> dict[str, str | list[str]]:
    """Every parameter wrong, two names the page does not read, one repeated search."""
    params: dict[str, str | list[str]] = {name: "<b>zz</b>" for name in PARAMS.values()}
    params.update({"q": ["a", "b"], "depth": "99", "x" * 80: "1", "[y](http://e.example)": "2"})
    return params


def test_one_notice_names_every_ignored_parameter_of_a_hostile_link() -> None:
    params = _hostile_link()
    _, ignored = _parse(params)
    notice = ignored_notice(ignored)
    assert len(ignored) == len(params) == 20
    for name in params:
        assert name[:20] in notice, name
    assert "depth=99 (1 to 4)" in notice
    assert len(notice) < 600, "one short message"


def test_a_notice_past_its_limit_says_how_many_more() -> None:
    ignored = [Ignored(f"junk{index}", NOT_A_PARAMETER) for index in range(30)]
    notice = ignored_notice(ignored, most=24)
    assert "junk23" in notice and "junk24" not in notice
    assert notice.endswith("(and 6 more).")


def test_the_page_shows_one_warning_for_a_hostile_link_with_the_names_literal() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in _hostile_link().items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [error.value for error in at.exception]
    notices = [warning.value for warning in at.warning if "Ignored" in warning.value]
    assert len(notices) == 1, notices
    assert r"\[y\]\(http\:" in notices[0], "a name from the link is escaped"
    assert r"\<b\>zz\<" in notices[0], "a value from the link is escaped"
