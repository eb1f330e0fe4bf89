"""How ingest names the ends of a claim and which general verbs it reads (extraction round 7).

Each test is a mechanism on made-up sentences, not a sentence of a test article.
"""

from __future__ import annotations

import pytest

from graph.extract import family_of
from graph.mentions import singular
from tests.vocabulary import proposer

NODES = {
    "calf-cramp": ("condition", ("cramps", "cramp")),
    "headache": ("condition", ("headache", "headaches")),
    "rickets": ("condition", ("rickets",)),
    "vitamin-d": ("nutrient", ("vitamin d",)),
    "coffee": ("food", ("coffee",)),
    "alcohol": ("cause", ("alcohol",)),
    "smoking": ("cause", ("smoking",)),
    "heartburn": ("condition", ("heartburn",)),
    "stiffness": ("condition", ("stiffness",)),
    "sleep": ("context", ("sleep", "night")),
}
propose = proposer(NODES)


def claims(text: str) -> set[tuple[str, str, str]]:
    """(subject, family, object) of every positive candidate for ``text``."""
    return {(c.subject, family_of(c.relation), c.object) for c in propose(text) if not c.negated}


def test_a_lack_of_something_is_named_with_what_is_lacking() -> None:
    found = claims("Rickets in children.\nA severe lack of vitamin D causes rickets.")
    assert ("lack-of-vitamin-d", "cause", "rickets") in found
    assert not any(subject == "lack" for subject, _, _ in found)
    found = claims("Headaches.\nA shortage of sleep brings on headaches.")
    assert ("shortage-of-sleep", "cause", "headache") in found


def test_a_change_is_named_with_what_changes() -> None:
    found = claims("Headaches.\nChanges in the weather are triggers for some people.")
    assert ("changes-in-the-weather", "cause", "headache") in found


def test_an_aside_inside_a_list_keeps_the_items_around_it() -> None:
    found = claims(
        "Headaches.\nBright light, strong smells such as perfume or paint, and changes in"
        " the weather are triggers."
    )
    subjects = {subject for subject, family, _ in found if family == "cause"}
    assert {"bright-light", "strong-smell", "changes-in-the-weather"} <= subjects


def test_a_sentence_adverb_or_a_possessive_is_no_part_of_a_name() -> None:
    found = claims("Headaches.\nOver the years, though, the constant strain damages the arteries.")
    assert not any("though" in end for claim in found for end in claim)
    found = claims("Headaches.\nA cold flannel eased my headaches.")
    assert ("cold-flannel", "help", "headache") in found


def test_both_after_two_subjects_stands_for_each() -> None:
    found = claims(
        "Heartburn.\nSmoking and alcohol irritate the gullet, so both can make heartburn worse."
    )
    assert {("smoking", "cause", "heartburn"), ("alcohol", "cause", "heartburn")} <= found


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("A warm bath relaxes stiff muscles.", "warm-bath"),
        ("Stretching can take the edge off a cramp.", "stretching"),
        ("A hot water bottle dulls the ache of a cramp.", "hot-water-bottle"),
    ],
)
def test_general_verbs_of_easing_are_read(sentence: str, subject: str) -> None:
    found = claims(f"Cramps.\n{sentence}")
    assert any(s == subject and family == "help" for s, family, _ in found)


def test_relax_after_to_is_what_the_muscle_does_not_a_remedy() -> None:
    found = claims("Cramps.\nThe nerve signals tell the muscle to relax after a cramp.")
    assert not any(family == "help" for _, family, _ in found)


def test_a_plural_becomes_the_singular_english_gives() -> None:
    words = ["potatoes", "stretches", "calves", "headaches", "rickets", "diabetes", "coaches"]
    assert [singular(w) for w in words] == [
        "potato",
        "stretch",
        "calf",
        "headache",
        "rickets",
        "diabetes",
        "coach",
    ]


def test_a_finding_is_not_a_recommendation_and_its_own_verb_says_the_claim() -> None:
    found = claims(
        "Cramps.\nTrials suggest that magnesium tablets do not prevent cramps."
        " A few small studies found that pickle juice may shorten a cramp."
    )
    assert not any(subject == "magnesium-tablet" for subject, _, _ in found)
    assert ("pickle-juice", "help", "calf-cramp") in found
    assert not any("studies" in subject or "found" in subject for subject, _, _ in found)


def test_a_past_practice_does_not_deny_when_the_condition_comes() -> None:
    found = [
        (c.subject, c.relation, c.object, c.negated)
        for c in propose("Cramps.\nQuinine was once widely used for night cramps.")
        if c.relation == "occurs_during"
    ]
    assert found == [("calf-cramp", "occurs_during", "sleep", False)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Researchers worry that long runs cause cramps.",
        "Two hours of running can cause cramps.",
        "It is well known that heat causes cramps.",
    ],
)
def test_a_clause_or_a_word_that_names_nothing_is_no_end(sentence: str) -> None:
    ends = {end for claim in claims(f"Cramps.\n{sentence}") for end in claim[::2]}
    assert not ends & {"researchers-worry", "two", "known", "well-known"}


def test_a_list_under_a_colon_line_takes_the_relation_of_its_section_heading() -> None:
    found = claims(
        "Headaches\n\nCommon triggers\n\nThose most often reported are:\n\n"
        "- Missed meals. Low blood sugar comes first.\n- Hormone changes.\n- Too little rest.\n"
    )
    assert {
        ("missed-meal", "cause", "headache"),
        ("hormone-change", "cause", "headache"),
        ("too-little-rest", "cause", "headache"),
    } <= found


def test_a_title_that_is_a_clause_names_no_topic() -> None:
    text = (
        "Why Your Calves Seize Up After a Long Run\n\nYour calves seize up for many reasons."
        " When calves seize up at night, cramps wake you. Calves seize up less after stretching."
        " Dehydration is a common trigger."
    )
    found = claims(text)
    assert ("dehydration", "cause", "calf-cramp") in found
    assert not any("seize" in end for claim in found for end in claim[::2])


def test_an_adjective_before_its_noun_names_nothing_alone() -> None:
    found = claims("Headaches.\nBright or flickering light can trigger headaches.")
    assert not any(subject == "bright" for subject, _, _ in found)
    found = claims("Cramps.\nLong hours in a chair make cramps worse.")
    assert not any(subject == "long" for subject, _, _ in found)


def test_a_direction_stays_in_the_name_of_an_action() -> None:
    found = claims("Cramps hurt at night. Bend the knee and pull the toes back firmly.")
    assert ("pull-the-toes-back", "help", "calf-cramp") in found
    found = claims("Cramps.\nDrinking water fast can ease cramps.")
    assert not any(subject.endswith("-fast") for subject, _, _ in found)
