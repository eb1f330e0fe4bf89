"""Claims read from the grammar (``graph.extract_parse``), each mechanism on made-up sentences.

Every sentence here is one the cue rules alone read wrong or not at all; the claims are
compared by their ends and their relation's family, as the extraction bench does.
"""

from __future__ import annotations

import time

import pytest

from graph import extract_parse
from graph.extract import family_of
from tests.vocabulary import proposer

NODES = {
    "calf-cramp": ("condition", ("cramps", "cramp")),
    "headache": ("condition", ("headache", "headaches")),
    "magnesium": ("nutrient", ("magnesium",)),
    "calcium": ("nutrient", ("calcium",)),
    "vitamin-d": ("nutrient", ("vitamin d",)),
    "almonds": ("food", ("almonds",)),
    "dehydration": ("cause", ("dehydration",)),
    "stress": ("cause", ("stress",)),
    "sleep": ("context", ("sleep",)),
}
propose = proposer(NODES)


def claims(text: str) -> set[tuple[str, str, str, bool]]:
    """(subject, family, object, negated) of every candidate proposed for ``text``."""
    return {(c.subject, family_of(c.relation), c.object, c.negated) for c in propose(text)}


def test_a_verb_outside_the_cue_list_says_its_family_by_its_lemma() -> None:
    found = claims(
        "Headaches: a guide.\nSipping cool water slowly lessened her headaches."
        " Cheap red wine kicks off a headache within the hour."
    )
    assert ("sipping-cool-water", "help", "headache", False) in found
    assert ("cheap-red-wine", "cause", "headache", False) in found


def test_each_conjunct_of_a_subject_is_its_own_claim() -> None:
    found = claims(
        "Headaches: a guide.\nSunflower seeds, dark chocolate and cashew nuts kick off headaches."
    )
    for subject in ("sunflower-seed", "dark-chocolate", "cashew-nut"):
        assert (subject, "cause", "headache", False) in found


def test_a_chained_verb_takes_the_subject_of_the_verb_before() -> None:
    found = claims("Headaches: a guide.\nCheap red wine tends to kick off headaches.")
    assert ("cheap-red-wine", "cause", "headache", False) in found


def test_a_verb_joined_by_and_shares_the_subject() -> None:
    found = claims("Headaches: a guide.\nStress tightens the neck and kicks off headaches.")
    assert ("stress", "cause", "headache", False) in found


def test_a_relative_clause_gives_its_verb_the_noun_it_describes() -> None:
    found = claims("Headaches: a guide.\nDrinks that kick off headaches are common.")
    assert ("drink", "cause", "headache", False) in found


def test_the_passive_agent_is_the_subject() -> None:
    found = claims("Headaches: a guide.\nHeadaches are often kicked off by bright light.")
    assert ("bright-light", "cause", "headache", False) in found


def test_be_with_an_adjective_and_its_preposition_says_the_relation() -> None:
    found = claims("Headaches: a guide.\nPumpkin seeds are abundant in magnesium.")
    assert ("pumpkin-seed", "source", "magnesium", False) in found


def test_a_relation_noun_after_be_says_the_relation_to_its_of_phrase() -> None:
    found = claims("Headaches: a guide.\nSkipped meals are a well-known driver of headaches.")
    assert ("skipped-meal", "cause", "headache", False) in found
    found = claims("Headaches: a guide.\nBlurred vision is often an early sign of a headache.")
    assert ("headache", "cause", "blurred-vision", False) in found


def test_the_causes_of_x_are_its_members() -> None:
    found = claims("The usual causes of headaches are dehydration and stress.")
    assert ("dehydration", "cause", "headache", False) in found
    assert ("stress", "cause", "headache", False) in found


def test_the_risk_of_x_is_about_x_and_a_risk_for_people_about_the_topic() -> None:
    found = claims("Headaches hurt. Tight shoulders raise the risk for anyone at a desk.")
    assert ("tight-shoulder", "cause", "headache", False) in found
    found = claims("Headaches hurt. Almonds cut the risk of headaches.")
    assert ("almonds", "help", "headache", False) in found


def test_an_order_is_advice_that_helps_the_topic() -> None:
    found = claims("Headaches hurt. For a bad one, dim the lights and lie down quietly.")
    assert ("dim-the-light", "help", "headache", False) in found


def test_list_items_under_a_heading_without_a_verb_take_the_relation_named_before() -> None:
    text = (
        "Headaches have many triggers.\nThe ones people report most are:\n"
        "- loud noise\n- strong perfume\n"
    )
    found = claims(text)
    assert ("loud-noise", "cause", "headache", False) in found
    assert ("strong-perfume", "cause", "headache", False) in found
    # Only a relation named right before the heading: here the heading follows other news.
    later = text.replace("\nThe ones", "\nRest in a dark room.\nThe ones")
    assert not any(c[0] == "loud-noise" for c in claims(later))


def test_a_negated_verb_gives_a_flagged_claim_and_a_hedge_a_suggestion() -> None:
    found = claims("Cold showers never ease headaches.")
    assert ("cold-shower", "help", "headache", True) in found
    assert ("cold-shower", "help", "headache", False) not in found
    hedged = propose("Cold showers might ease headaches.")
    assert [c.strength for c in hedged if c.subject == "cold-shower"] == ["suggests"]


def test_a_name_is_trimmed_of_determiners_possessives_and_quantities() -> None:
    found = claims("Your daily coffee and several sugary drinks bring on headaches.")
    assert ("daily-coffee", "cause", "headache", False) in found
    assert ("sugary-drink", "cause", "headache", False) in found


def test_without_the_model_ingest_still_proposes_and_says_why_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert extract_parse.parser_missing() is None
    extract_parse.load_parser.cache_clear()
    monkeypatch.setattr(extract_parse, "MODEL", "no_such_model_here")
    try:
        message = extract_parse.parser_missing()
        assert message is not None and "\n" not in message and "no_such_model_here" in message
        # The cue rules still read what they can.
        assert ("almonds", "source", "magnesium", False) in claims("Almonds are rich in magnesium.")
        assert not claims("Headaches: a guide.\nCheap red wine kicks off a headache.")
    finally:
        monkeypatch.undo()
        extract_parse.load_parser.cache_clear()


def test_the_parser_reads_only_the_first_part_of_a_huge_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(extract_parse, "MAX_PARSED_CHARS", 40)
    found = claims("Cheap red wine kicks off headaches.\nStale air kicks off headaches.\n")
    assert ("cheap-red-wine", "cause", "headache", False) in found
    assert not any(c[0] == "stale-air" for c in found)


def test_a_relation_noun_as_the_object_says_the_relation() -> None:
    found = claims("Headaches: a guide.\nA dark room brings quick relief from a headache.")
    assert ("dark-room", "help", "headache", False) in found
    found = claims("Headaches: a guide.\nThe usual triggers include skipped meals and loud noise.")
    assert ("skipped-meal", "cause", "headache", False) in found
    assert ("loud-noise", "cause", "headache", False) in found


def test_what_doctors_prescribe_helps_what_it_is_for() -> None:
    found = claims("Headaches: a guide.\nMany doctors now prescribe feverfew for headaches.")
    assert ("feverfew", "help", "headache", False) in found


def test_helpful_with_nothing_after_it_helps_the_topic() -> None:
    found = claims("Headaches: a guide.\nA short nap in the afternoon is often helpful.")
    assert ("short-nap", "help", "headache", False) in found


def test_when_a_condition_strikes_is_its_context() -> None:
    found = claims("Headaches: a guide.\nHeadaches often strike at night.")
    assert ("headache", "context", "night", False) in found


def test_making_a_condition_worse_causes_it_and_a_condition_comes_from_its_cause() -> None:
    found = claims("Headaches: a guide.\nHeadaches hurt. Loud offices make them worse.")
    assert ("loud-office", "cause", "headache", False) in found
    found = claims("Headaches: a guide.\nMost headaches come from tense shoulders.")
    assert ("tense-shoulder", "cause", "headache", False) in found


def test_lowering_a_nutrient_causes_its_shortfall_but_not_lowering_its_absorption() -> None:
    found = claims("Headaches: a guide.\nSome water pills can lower potassium.")
    assert ("water-pill", "cause", "low-potassium", False) in found
    found = claims("Headaches: a guide.\nStrong tea can lower magnesium absorption.")
    assert not any(c[2].startswith("low-") for c in found)


def test_what_comes_before_a_condition_and_makes_it_likely_causes_it() -> None:
    found = claims("Headaches: a guide.\nA long drive in the sun often precedes a headache.")
    assert ("long-drive", "cause", "headache", False) in found
    found = claims("Headaches: a guide.\nIrregular meals make headaches more likely.")
    assert ("irregular-meal", "cause", "headache", False) in found


def test_a_relative_clause_on_an_apposition_describes_the_thing_named_first() -> None:
    found = claims("Headaches: a guide.\nFeverfew, a herb that lessened my headaches, grows wild.")
    assert ("feverfew", "help", "headache", False) in found


def test_a_demonstrative_or_a_category_is_left_to_the_cue_rules() -> None:
    assert not claims("Headaches: a guide.\nThese salts lessened my headaches.")
    assert not claims("Headaches: a guide.\nFoods lessened my headaches.")


def test_a_sign_points_to_what_causes_it_and_a_study_is_no_end() -> None:
    found = claims("Headaches: a guide.\nA stiff neck often points to a headache.")
    assert ("headache", "cause", "stiff-neck", False) in found
    assert not claims("Headaches: a guide.\nStudies point to dehydration.")


def test_boosting_the_absorption_of_a_nutrient_is_needed_for_absorbing_it() -> None:
    found = claims("Headaches: a guide.\nVitamin D boosts the absorption of calcium from food.")
    assert ("vitamin-d", "absorption", "calcium", False) in found
    found = claims("Headaches: a guide.\nA squeeze of lime improves the uptake of magnesium.")
    assert ("lime", "absorption", "magnesium", False) in found


def test_a_text_without_full_stops_is_read_in_bounded_time() -> None:
    text = "Headaches hurt and red wine kicks off headaches " * 4_000
    started = time.perf_counter()
    found = claims(text)
    assert time.perf_counter() - started < 20
    assert ("red-wine", "cause", "headache", False) in found


def test_a_source_said_with_be_and_a_preposition_or_the_passive_is_read() -> None:
    found = claims(
        "Cramps: a guide.\nMagnesium is contained in spinach and cashews."
        " Calcium is in sardines and kale. Lentils are rich with magnesium."
        " Vitamin D is found mostly in oily fish."
    )
    for subject, nutrient in (
        ("spinach", "magnesium"),
        ("cashew", "magnesium"),
        ("sardine", "calcium"),
        ("kale", "calcium"),
        ("lentil", "magnesium"),
        ("oily-fish", "vitamin-d"),
    ):
        assert (subject, "source", nutrient, False) in found


def test_be_in_says_no_source_when_its_subject_is_no_nutrient() -> None:
    found = claims("Cramps: a guide.\nThe answer is in the details. Stress is in the mind.")
    assert not any(family == "source" for _, family, _, _ in found)


def test_items_after_a_colon_take_the_place_of_a_general_plural() -> None:
    found = claims(
        "Cramps: a guide.\n"
        "Several snacks are rich in magnesium: almonds, cashews and pumpkin seeds."
    )
    for subject in ("almonds", "cashew", "pumpkin-seed"):
        assert (subject, "source", "magnesium", False) in found
    assert not any(subject.startswith("snack") for subject, *_ in found)


def test_a_title_narrowing_a_known_condition_makes_a_new_topic() -> None:
    found = claims(
        "Cramps of the hand and wrist: what helps\n"
        "Writers often get cramps after long hours with a pen. Stress brings on cramps."
        " Warmth eases cramps quickly."
    )
    topic = "cramps-of-the-hand-and-wrist"
    assert ("stress", "cause", topic, False) in found
    assert ("warmth", "help", topic, False) in found
    assert not any("calf-cramp" in (subject, obj) for subject, _, obj, _ in found)


def test_a_narrowed_topic_takes_the_short_name_the_body_uses() -> None:
    found = claims(
        "Cramps of the hand: what helps\n"
        "Hand cramps come after long hours with a pen. Stress brings on hand cramps."
        " Warmth eases cramps quickly."
    )
    assert ("stress", "cause", "hand-cramp", False) in found
    assert ("warmth", "help", "hand-cramp", False) in found


def test_a_title_naming_a_known_condition_plainly_keeps_it() -> None:
    found = claims("Cramps in winter: what helps\nStress brings on cramps.")
    assert ("stress", "cause", "calf-cramp", False) in found


def test_sources_named_without_their_nutrient_are_of_the_one_named_first_before() -> None:
    found = claims(
        "Cramps: a guide.\nMagnesium calms muscles, much as calcium tightens them."
        " Almonds and cashews are good sources. The richest sources are:\n- pumpkin seeds\n"
    )
    for subject in ("almonds", "cashew", "pumpkin-seed"):
        assert (subject, "source", "magnesium", False) in found
    sourced = {obj for _, family, obj, _ in found if family == "source"}
    assert sourced == {"magnesium"}


def test_a_heading_naming_another_condition_is_the_topic_of_its_section() -> None:
    found = claims(
        "Cramps: a guide\n\nStress brings on cramps.\n\nCalming headaches\n\n"
        "Warmth eases them. Dark rooms reduce symptoms.\n\nWhat else helps\n\nRest eases them.\n"
    )
    assert ("warmth", "help", "headache", False) in found
    assert ("dark-room", "help", "headache", False) in found
    assert ("rest", "help", "calf-cramp", False) in found
    assert ("warmth", "help", "calf-cramp", False) not in found


def test_a_phrasal_verb_with_its_particle_read_as_an_adverb_says_its_relation() -> None:
    found = claims(
        "Cramps: a guide.\nPeople say that a cold flannel takes away cramps."
        " Shift work drives up stress."
    )
    assert ("cold-flannel", "help", "calf-cramp", False) in found
    assert ("shift-work", "cause", "stress", False) in found


def test_it_is_good_to_do_something_is_advice_that_helps_the_topic() -> None:
    found = claims("Cramps: a guide.\nAt the first twinge it is good to stretch the calf gently.")
    assert ("stretch-the-calf", "help", "calf-cramp", False) in found


def test_helping_a_nutrient_be_absorbed_is_needed_for_its_absorption() -> None:
    found = claims("Cramps: a guide.\nVitamin D helps calcium to be absorbed from food.")
    assert ("vitamin-d", "absorption", "calcium", False) in found


def test_a_list_item_opening_with_not_keeps_the_not() -> None:
    found = claims(
        "Cramps: a guide.\nThings linked with cramps include:\n- not drinking enough water\n"
        "- sitting all day\n"
    )
    assert ("not-drinking-enough-water", "cause", "calf-cramp", False) in found
    assert not any(subject.startswith("drinking") for subject, *_ in found)


def test_a_floating_both_is_not_the_subject() -> None:
    found = claims("Cramps.\nWalking about and massaging the calf both bring quick relief.")
    assert ("walking-about", "help", "calf-cramp", False) in found
    assert ("massaging-the-calf", "help", "calf-cramp", False) in found


def test_a_shortage_of_several_things_is_a_shortage_of_each() -> None:
    found = claims("Cramps.\nA shortage of zinc, iron and copper can cause cramps.")
    for subject in ("shortage-of-zinc", "shortage-of-iron", "shortage-of-copper"):
        assert (subject, "cause", "calf-cramp", False) in found


def test_the_following_points_to_the_list_and_names_nothing() -> None:
    found = claims(
        "Cramps.\nThe commonest reasons for cramps are the following:\n- cold feet\n"
        "- a lack of zinc, iron and copper;\n"
    )
    assert ("cold-feet", "cause", "calf-cramp", False) in found
    assert ("lack-of-copper", "cause", "calf-cramp", False) in found
    assert not any("following" in subject for subject, *_ in found)


def test_a_list_item_s_aside_in_brackets_is_not_part_of_its_name() -> None:
    found = claims("Cramps.\nThings linked with cramps include:\n- fluid tablets (diuretics)\n")
    assert ("fluid-tablet", "cause", "calf-cramp", False) in found
    assert not any("diuretic" in subject for subject, *_ in found)


def test_a_negation_in_a_clause_before_a_comma_does_not_deny_the_claim_after_it() -> None:
    found = claims("Cramps.\nIf stretching does not work, a warm bath eases cramps.")
    assert ("warm-bath", "help", "calf-cramp", False) in found
    assert ("warm-bath", "help", "calf-cramp", True) not in found


def test_a_title_naming_two_things_takes_the_one_the_body_calls_a_condition() -> None:
    found = claims(
        "Sugar and gum disease: what to know\n"
        "Gum disease is a common dental problem. Sugar feeds the germs behind gum disease,"
        " and gum disease can loosen teeth. Daily flossing is a good remedy."
        " Smoking is another cause of gum disease."
    )
    assert ("daily-flossing", "help", "gum-disease", False) in found
    assert not any(obj == "sugar" for _, family, obj, _ in found if family == "help")


def test_sources_are_of_a_nutrient_named_before_even_one_no_node_has_yet() -> None:
    found = claims(
        "Cramps.\nToo much sodium is the trouble. The biggest sources are:\n- bread\n- cheese\n"
    )
    assert ("bread", "source", "sodium", False) in found
    assert ("cheese", "source", "sodium", False) in found


def test_a_heading_naming_a_proposed_condition_in_other_words_is_its_section_s_topic() -> None:
    found = claims(
        "Cramps: a guide\n\nStress brings on cramps. Wind and smoke can cause dry eyes,"
        " and dry eyes may sting.\n\nWhy eyes get dry\n\nCentral heating makes them worse.\n"
    )
    assert ("central-heating", "cause", "dry-eye", False) in found
    assert ("central-heating", "cause", "calf-cramp", False) not in found


def test_people_at_risk_listed_under_a_heading_are_named_by_what_sets_them_apart() -> None:
    found = claims(
        "Cramps: who gets them.\nSome groups are at higher risk of cramps:\n\n"
        "- people with dark skin, who need more sun\n"
        "- people who are housebound\n"
    )
    assert ("dark-skin", "cause", "calf-cramp", False) in found
    assert ("housebound", "cause", "calf-cramp", False) in found
    assert not {c for c in found if c[0] in ("group", "people", "person")}


def test_a_kind_a_heading_spells_out_in_a_list_is_no_end_of_its_own() -> None:
    found = claims(
        "Cramps and medicines.\nCramps are a side effect of a number of drugs, including:\n\n"
        "- long-acting asthma inhalers\n"
        "- potassium-sparing water tablets\n"
    )
    assert ("long-acting-asthma-inhaler", "cause", "calf-cramp", False) in found
    assert ("potassium-sparing-water-tablet", "cause", "calf-cramp", False) in found
    assert not {c for c in found if c[0] == "drug"}


def test_a_heading_naming_its_items_reasons_makes_them_causes() -> None:
    found = claims(
        "Cramps at night.\nMost often they are connected with the following reasons:\n\n"
        "- long standing\n- tight shoes\n"
    )
    assert ("tight-shoe", "cause", "calf-cramp", False) in found


def test_supporting_and_being_prescribed_for_are_help() -> None:
    found = claims(
        "Cramps: a guide.\nVitamin D supports strong bones."
        " Magnesium is prescribed for cramps in pregnancy."
    )
    assert ("vitamin-d", "help", "strong-bone", False) in found
    assert ("magnesium", "help", "calf-cramp", False) in found


@pytest.mark.parametrize(
    "sentence",
    [
        "Pickle juice is said to stop cramps.",
        "Stress can bring on cramps, some doctors say.",
        "Many coaches believe that stress causes cramps.",
    ],
)
def test_hearsay_said_of_unnamed_others_is_anecdotal(sentence: str) -> None:
    """QA pass: these were proposed as "states" or "suggests"."""
    found = propose(f"Cramps: a guide.\n{sentence}")
    assert found and {c.strength for c in found} == {"anecdotal"}, found


def test_a_practice_of_the_past_is_no_claim_now() -> None:
    """QA pass: "Quinine was once prescribed for night cramps" was proposed as a stated
    recommendation at 0.9 confidence."""
    found = propose(
        "Cramps: a guide.\nAlmonds were once prescribed for cramps, but doctors no longer"
        " recommend them."
    )
    almonds = [c for c in found if c.subject == "almonds"]
    assert almonds and all(c.negated for c in almonds), found
