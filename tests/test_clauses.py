"""How ingest reads clauses: who the subject is when a clause does not name it again."""

from __future__ import annotations

import pytest

from graph.clauses import embedded_relative, split_clauses
from graph.extract import propose_claims
from graph.mentions import term_index

NODES = {
    "calf-cramp": ("condition", ("cramps", "cramp")),
    "varicose-veins": ("cause", ("varicose veins",)),
    "pregnancy": ("context", ("pregnancy",)),
    "diuretics": ("cause", ("diuretics",)),
    "thyroid-disease": ("condition", ("underactive thyroid",)),
    "dairy-products": ("food", ("dairy products",)),
    "calcium": ("nutrient", ("calcium",)),
    "vitamin-d": ("nutrient", ("vitamin d",)),
    "legumes": ("food", ("beans",)),
    "oats": ("food", ("oats",)),
    "fibre": ("nutrient", ("fibre",)),
    "smoking": ("cause", ("smoking",)),
    "heart-disease": ("condition", ("heart disease",)),
    "older-adult": ("context", ("older adults",)),
    "sitting": ("cause", ("sitting",)),
    "alcohol": ("cause", ("alcohol",)),
    "snoring": ("condition", ("snoring",)),
    "coffee": ("food", ("coffee",)),
    "headache": ("condition", ("headaches",)),
}
INDEX = term_index([(node_id, names) for node_id, (_, names) in NODES.items()])
TYPES = {node_id: node_type for node_id, (node_type, _) in NODES.items()}


def claims(text: str) -> set[tuple[str, str, bool]]:
    """(subject, object, negated) of every candidate for ``text``."""
    return {(c.subject, c.object, c.negated) for c in propose_claims(text, INDEX, TYPES)}


def test_and_before_a_new_cue_starts_a_clause_but_not_a_list_item() -> None:
    text = "Dairy products supply calcium, and vitamin D helps the body absorb calcium."
    assert [text[a:b] for a, b in split_clauses(text)][1].startswith("vitamin D")
    assert split_clauses("Eat oats, beans, and nuts.") == [(0, 26)]


def test_a_second_clause_does_not_borrow_the_first_ones_object() -> None:
    found = claims("Dairy products supply calcium, and vitamin D helps the body absorb calcium.")
    assert ("dairy-products", "calcium", False) in found
    assert ("dairy-products", "vitamin-d", False) not in found


def test_they_in_a_later_clause_is_the_earlier_clauses_subject() -> None:
    found = claims("Cramps are common in older adults, and they are linked to sitting all day.")
    # "linked to" reads both ways: the claim is written with the topic (cramps) as object.
    assert ("sitting", "calf-cramp", False) in found
    assert ("older-adult", "sitting", False) not in found
    assert ("calf-cramp", "sitting", False) not in found


def test_and_so_can_x_shares_the_claim() -> None:
    found = claims("Diuretics can cause cramps, and so can an underactive thyroid.")
    assert {("diuretics", "calf-cramp", False), ("thyroid-disease", "calf-cramp", False)} <= found


def test_an_embedded_which_clause_gives_its_head_to_both_cues() -> None:
    text = "Varicose veins, which are common in pregnancy, are linked to cramps."
    assert embedded_relative(text, 0, len(text), text.index("linked")) is not None
    found = claims(text)
    assert ("varicose-veins", "calf-cramp", False) in found
    assert ("pregnancy", "calf-cramp", False) not in found


def test_a_verb_after_and_keeps_the_subject_of_the_verb_before() -> None:
    found = claims("Smoking damages the arteries and raises the risk of heart disease.")
    assert ("smoking", "heart-disease", False) in found


def test_contains_it_as_well_takes_the_nutrient_of_the_clause_before() -> None:
    found = claims("Beans contain fibre, and oats contain it as well.")
    assert ("oats", "fibre", False) in found


@pytest.mark.parametrize("verb", ["worsens", "can disturb", "aggravates"])
def test_harm_verbs_propose_a_cause(verb: str) -> None:
    assert ("alcohol", "snoring", False) in claims(f"Alcohol {verb} snoring.")


def test_not_only_is_no_negation() -> None:
    found = claims("Not only does alcohol worsen snoring, it also dries the mouth.")
    assert ("alcohol", "snoring", False) in found


def test_some_evidence_is_a_hedge() -> None:
    text = "There is some evidence that alcohol worsens snoring."
    strengths = {c.strength for c in propose_claims(text, INDEX, TYPES)}
    assert strengths == {"suggests"}
