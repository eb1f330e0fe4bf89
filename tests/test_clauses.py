"""How ingest reads clauses: who the subject is when a clause does not name it again."""

from __future__ import annotations

import pytest

from graph.clauses import embedded_relative, split_clauses
from tests.vocabulary import proposer

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
propose = proposer(NODES)


def claims(text: str) -> set[tuple[str, str, bool]]:
    """(subject, object, negated) of every candidate for ``text``."""
    return {(c.subject, c.object, c.negated) for c in propose(text)}


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
    strengths = {c.strength for c in propose(text)}
    assert strengths == {"suggests"}


# What a clause leaves to another: a relative pronoun, "because it", "both", "these ...",
# a dash, a category's members, the topic (tuned on no test article: general English).


def test_which_after_a_name_makes_that_name_the_subject() -> None:
    found = claims(
        "Oats supply fibre, and dairy products contain vitamin D, which helps absorb calcium."
    )
    assert ("vitamin-d", "calcium", False) in found
    assert ("dairy-products", "calcium", False) not in found


def test_it_after_because_is_the_thing_named_just_before() -> None:
    found = claims("Many people eat oats because they contain fibre.")
    assert ("oats", "fibre", False) in found


def test_both_stands_for_the_whole_subject_of_the_clause_before() -> None:
    found = claims("Smoking and alcohol dry the mouth, so both can make snoring worse.")
    assert {("smoking", "snoring", False), ("alcohol", "snoring", False)} <= found


def test_these_nutrients_are_the_last_list_of_nutrients() -> None:
    text = "A lack of calcium and vitamin D is common. Oats are rich in these nutrients."
    assert {("oats", "calcium", False), ("oats", "vitamin-d", False)} <= claims(text)


def test_members_of_a_category_take_its_claim() -> None:
    found = claims("Eat foods rich in fibre, such as oats and beans.")
    assert {("oats", "fibre", False), ("legumes", "fibre", False)} <= found


def test_a_clause_opening_with_its_cue_after_a_dash_takes_the_name_before() -> None:
    assert ("dairy-products", "calcium", False) in claims(
        "Eat dairy products - sources of calcium."
    )


def test_an_object_left_unsaid_is_the_topic() -> None:
    text = "Cramps at night\nCramps are common. Cramps hurt. Smoking also raises the risk."
    assert ("smoking", "calf-cramp", False) in claims(text)


def test_a_condition_the_title_names_first_is_the_topic() -> None:
    text = "Gout: a guide\nGout hurts. Gout comes at night. Gout can last a week. Coffee may help."
    found = {(c.subject, c.relation, c.object) for c in propose(text)}
    assert ("coffee", "relieves", "gout") in found


def test_a_sign_of_names_the_cause_last() -> None:
    assert ("smoking", "snoring", False) in claims("Snoring can be a sign of smoking.")


def test_a_negation_does_not_reach_over_and_to_the_next_verb() -> None:
    found = claims("Alcohol does not treat headaches and can worsen snoring.")
    assert ("alcohol", "snoring", False) in found
    assert ("alcohol", "headache", True) in found


def test_during_joins_only_the_nearest_names() -> None:
    found = claims("Snoring, headaches during pregnancy and smoking are common.")
    assert ("headache", "pregnancy", False) in found
    assert ("snoring", "pregnancy", False) not in found


def test_measure_words_name_nothing() -> None:
    assert ("oats", "headache", False) in claims("Oats reduce the severity of headaches.")


def test_a_cue_word_after_an_article_or_adjective_is_a_noun() -> None:
    text = "Snoring\nSnoring is loud. Snoring is common. Lack of sleep is one possible cause."
    found = claims(text)
    assert not any("possible" in end for claim in found for end in claim[:2]), found


def test_list_items_take_the_claim_their_heading_names() -> None:
    text = (
        "Snoring at night\nSnoring is common. Snoring is loud.\nCommon causes of snoring:\n"
        "- alcohol in the evening\n- smoking\nFoods rich in fibre:\n* oats\n* beans\n"
        "A last line.\n- headaches"
    )
    found = claims(text)
    assert {("alcohol", "snoring", False), ("smoking", "snoring", False)} <= found
    assert {("oats", "fibre", False), ("legumes", "fibre", False)} <= found
    assert not any("headache" in claim[:2] for claim in found), "a list ends at a plain line"


def test_include_lists_the_members_of_a_category() -> None:
    found = claims("Snoring\nSnoring is common. Triggers of snoring include alcohol and smoking.")
    assert {("alcohol", "snoring", False), ("smoking", "snoring", False)} <= found


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Snoring is made worse by alcohol.", ("alcohol", "snoring", False)),
        ("Headaches are reduced by oats.", ("oats", "headache", False)),
        ("Oats keep the heart healthy.", ("oats", "heart", False)),
    ],
)
def test_passive_and_keeps_cues(text: str, claim: tuple[str, str, bool]) -> None:
    assert claim in claims(text)


def test_a_cue_word_before_from_is_a_noun() -> None:
    found = claims(
        "Snoring\nSnoring is common. Snoring is loud. Heart damage from smoking raises the risk."
    )
    assert ("heart-damage", "snoring", False) in found
    assert ("heart", "smoking", False) not in found


def test_a_context_naming_a_conditions_kind_says_when_it_comes() -> None:
    nodes = {"calf-cramp": ("condition", ("cramps",)), "sleep": ("context", ("night",))}
    found = proposer(nodes)("Night cramps are common in older people.")
    assert "calf-cramp|occurs_during|sleep" in {c.key for c in found}


def test_a_phrase_that_is_a_known_name_without_its_measure_words_is_that_node() -> None:
    nodes = {
        "calf-cramp": ("condition", ("cramps",)),
        "low-iron": ("cause", ("low iron",)),
        "iron": ("nutrient", ()),
    }
    found = proposer(nodes)("Low levels of iron can cause cramps.")
    assert "low-iron|causes|calf-cramp" in {c.key for c in found}


def test_help_before_a_cue_verb_is_no_cue_of_its_own() -> None:
    found = claims("A gentle massage of the neck will help relieve headaches.")
    assert ("gentle-massage", "headache", False) in found
    assert not any(claim[0] == "neck" for claim in found)


def test_a_lists_first_item_may_follow_other_words() -> None:
    found = claims("Snoring\nSome people find that quinoa, oats or beans make snoring worse.")
    assert ("quinoa", "snoring", False) in found
    found = claims("When snoring starts, alcohol is the usual culprit.")
    assert not any(claim[0] == "snoring-start" for claim in found)


def test_adjectives_between_commas_are_no_items_and_during_needs_a_time_next_to_it() -> None:
    found = claims("Snoring\nLarge, fatty meals make snoring worse.")
    assert ("fatty-meal", "snoring", False) in found
    assert not any(claim[0] == "large" for claim in found)
    found = claims("Headaches during the day are sensible.")
    assert not any(claim[1] == "sensible" for claim in found)


def test_but_or_and_before_a_cue_keeps_the_clauses_subject() -> None:
    found = claims("Heart disease is less common but can cause snoring.")
    assert ("heart-disease", "snoring", False) in found
    found = claims("Smoking dries the throat and is strongly linked to snoring.")
    assert ("smoking", "snoring", False) in found


def test_makes_x_feel_names_x_only() -> None:
    found = claims("Snoring\nAlcohol makes the throat feel dry and sore.")
    assert {claim[1] for claim in found if claim[0] == "alcohol"} == {"throat"}


def test_a_gerund_subject_keeps_its_of_phrase() -> None:
    found = claims("Raising the head of the bed prevents snoring.")
    assert ("raising-the-head-of-the-bed", "snoring", False) in found


def test_most_of_them_is_them_and_help_the_body_recover_helps_the_topic() -> None:
    found = claims("Snoring\nSnoring is common. Alcohol causes most of them.")
    assert ("alcohol", "snoring", False) in found
    found = claims("Snoring\nSnoring is common. Oats help the body recover.")
    assert ("oats", "snoring", False) in found


def test_the_problem_is_the_topic_and_an_example_aside_starts_no_clause() -> None:
    text = (
        "Snoring\nSnoring is common. Sleeping late, for example when out with friends,"
        " can make the problem worse."
    )
    assert ("sleeping", "snoring", False) in claims(text)


def test_too_much_is_part_of_a_name_and_a_name_after_a_preposition_is_no_subject() -> None:
    found = claims("Snoring\nSnoring is common, and so is too much caffeine.")
    found |= claims("Headaches are linked to snoring, and so is too much salt.")
    assert ("too-much-salt", "snoring", False) in found
    found = claims("Pills for headaches can worsen snoring.")
    assert ("pill", "snoring", False) in found
    assert ("headache", "snoring", False) not in found


def test_a_short_title_line_heads_the_list_below_it() -> None:
    text = "Snoring\nSnoring is common.\nThings that ease snoring\n- quinoa\nSymptoms\n- oats"
    found = claims(text)
    assert ("quinoa", "snoring", False) in found
    assert not any(claim[0] == "oats" for claim in found), "a heading naming no claim heads none"


def test_an_eating_or_taking_clause_opening_is_the_subject() -> None:
    found = claims("Snoring\nSnoring is common. Eating the last meal early also helps.")
    assert ("eating-the-last-meal", "snoring", False) in found


def test_a_participle_phrase_after_the_subject_only_describes_it() -> None:
    found = claims("A cold compress wrapped in cloth, held there for a minute, soothes cramps.")
    assert ("cold-compress", "calf-cramp", False) in found
    assert not any(subject.startswith("cold-compress-") for subject, _, _ in found)
    assert ("feeling-stressed", "calf-cramp", False) in claims(
        "Feeling stressed at work can trigger cramps."
    )


def test_verbs_chained_by_commas_share_the_clause_subject() -> None:
    found = claims("Strong alcohol leaves people groggy, worsens headaches and causes snoring.")
    assert ("alcohol", "headache", False) in found
    assert ("alcohol", "snoring", False) in found
    assert not any(subject == "groggy" for subject, _, _ in found)
    # A comma closing an aside is no chain: the noun before the aside is the subject.
    found = claims("Alcohol, sold in every shop, worsens headaches.")
    assert found == {("alcohol", "headache", False)}


def test_drain_and_deplete_say_a_cause() -> None:
    assert ("smoking", "vitamin-c", False) in claims("Smoking can deplete vitamin C.")
    assert ("alcohol", "potassium", False) in claims("Alcohol does drain potassium.")


def test_an_activity_in_ing_is_named_without_its_of_list_or_adverb() -> None:
    found = claims("Gentle stretching of the calves and thighs before bed prevents cramps.")
    assert ("gentle-stretching", "calf-cramp", False) in found
    assert not any(subject == "thigh" for subject, _, _ in found)
    found = claims("Cutting salt slowly eases headaches.")
    assert ("cutting-salt", "headache", False) in found


def test_both_after_a_colon_stands_for_the_two_things_named_before_it() -> None:
    found = claims("On a long walk, take broth or pretzels: both contain salt.")
    assert ("broth", "salt", False) in found
    assert ("pretzel", "salt", False) in found
    assert not any(subject == "long-walk" for subject, _, _ in found)


def test_responsible_or_to_blame_with_nothing_after_blames_the_topic() -> None:
    text = "Cramps are common in older adults. Cold rooms are partly responsible."
    assert ("cold-room", "calf-cramp", False) in claims(text)
    assert ("strong-sun", "headache", False) in claims(
        "Headaches are common. Strong sun is to blame."
    )


def test_a_cue_after_a_participle_cue_takes_the_noun_it_describes() -> None:
    found = claims("The pills prescribed for headaches can cause snoring.")
    assert ("pill", "snoring", False) in found
    assert ("headache", "snoring", False) not in found


def test_a_remedy_noun_before_for_names_what_it_treats() -> None:
    found = claims("Nasal sprays and a cooling cream for headaches are sold in most shops.")
    assert ("cooling-cream", "headache", False) in found
    found = claims("Tablets for headaches can cause snoring.")
    assert ("tablet", "snoring", False) in found
    assert ("headache", "snoring", False) not in found


def test_advice_in_the_imperative_is_a_remedy_for_the_topic() -> None:
    found = claims("Cramps hurt at night. Bend the foot and press the heel down firmly.")
    assert ("bend-the-foot", "calf-cramp", False) in found
    assert ("press-the-heel-down", "calf-cramp", False) in found
    # A clause with a cue of its own says its claim; an order to do something else is none.
    found = claims("Cramps hurt at night. Walk the dog, because walking eases cramps.")
    assert not any(subject.startswith("walk-") for subject, _, _ in found)


def test_shorten_with_an_object_relieves_it() -> None:
    assert ("oats", "headache", False) in claims("Warm oats may shorten a headache.")
    assert not claims("Smoking is common, and with age the muscles shorten.")


def test_a_nutrient_from_named_foods_is_found_in_them() -> None:
    found = claims("Growing children need calcium from sardines or kale.")
    assert ("sardine", "calcium", False) in found
    assert ("kale", "calcium", False) in found
    assert not claims("Most people get enough calcium from the diet.")


def test_making_a_condition_less_likely_prevents_it() -> None:
    assert ("oats", "headache", False) in claims("Oats at breakfast make headaches less likely.")
    assert ("muscle", "headache", False) not in claims("Sport makes muscles more likely to ache.")
