"""Which words say which relation, for the parser's reading (``graph.extract_parse``).

Written from general English usage, not from any test article: the common verbs,
adjectives and nouns by which health writing says that one thing causes, eases,
prevents, supplies or helps absorb another, or happens at a time. Each entry names its
family (``graph.extract_claims.FAMILIES``) and the relation tried first; the end types
then pick the relation of the family that fits.

A verb entry is its lemma, with a particle or preposition after an underscore when the
verb says its relation only with it ("bring_on", "lead_to"): the object is then the
preposition's. A leading ``~`` marks an entry read backwards: its object is the claim's
subject ("magnesium comes from nuts": nuts supply it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = [
    "ADJECTIVES",
    "CAUSES",
    "FAMILY_NOUNS",
    "HELD_IN",
    "IN_HEADS",
    "LOWERING",
    "NOT_ENDS",
    "OF_HEADS",
    "PARTICLES",
    "PEOPLE",
    "QUANTITY_VERBS",
    "QUANTITY_WORDS",
    "RELIEVES",
    "RISKS",
    "TIME_SPANS",
    "VERBS",
    "WRAPPERS",
    "Entry",
]

Entry = tuple[str, str, bool]
"""(family, preferred relation, read backwards)."""
CAUSES: Entry = ("cause", "causes", False)
RELIEVES: Entry = ("help", "relieves", False)
HELD_IN: Entry = ("source", "rich_in", True)
"""A nutrient said to be "in" foods ("calcium is in kale"): the foods supply it."""


def _entries(table: str) -> dict[str, Entry]:
    """Parse ``family relation: word word ~word`` lines into entries by word."""
    entries: dict[str, Entry] = {}
    for line in table.strip().splitlines():
        head, _, words = line.partition(":")
        family, relation = head.split()
        for word in words.split():
            entries[word.lstrip("~")] = (family, relation, word.startswith("~"))
    return entries


VERBS: Mapping[str, Entry] = _entries(
    """
    cause causes: cause trigger provoke worsen aggravate induce precipitate spark bring_on
    cause causes: set_off kick_off touch_off lead_to contribute_to result_in ~result_from
    cause causes: ~stem_from ~come_from ~arise_from raise increase heighten drain deplete
    cause causes: irritate inflame damage disturb disrupt fragment weaken exacerbate
    cause causes: give_rise_to ~follow precede come_before ~point_to ~indicate ~signal
    cause causes: drive_up push_up send_up add_to speed_up hasten harm impair
    cause associated_with: link_to link_with associate_with tie_to connect_to relate_to
    cause associated_with: connect_with
    cause associated_with: accompany
    help relieves: ease relieve soothe calm lessen alleviate reduce lower cut decrease
    help relieves: dampen settle shorten stop end halt release loosen counter counteract
    help relieves: help_with help_against fight combat tackle resolve shift
    help relieves: take_away bring_down calm_down settle_down wash_away
    help treats: treat cure heal manage control reverse correct fix
    help relieves: protect support strengthen restore
    help recommended_for: prescribe_for recommend_for
    help prevents: prevent ward_off stave_off head_off avert
    help prevents: protect_against guard_against defend_against
    source rich_in: contain provide supply offer deliver pack ~find_in load_with pack_with
    source rich_in: fill_with
    absorption needed_for_absorption_of: absorb
    context occurs_during: occur_during occur_at happen_during happen_at strike_at
    context occurs_during: strike_during come_on_at come_on_during
    """
)
"""Verbs by family: what their subject does to their object."""

PARTICLES = frozenset({"away", "off", "down", "up", "out", "on"})
"""Adverbs that, after a verb, are its particle ("takes away", parsed as an adverb)."""

ADJECTIVES: Mapping[str, Entry] = _entries(
    """
    source rich_in: rich_in rich_with high_in packed_with loaded_with full_of abundant_in
    cause causes: responsible_for
    cause associated_with: linked_to associated_with related_to tied_to connected_to
    help relieves: good_for helpful_for useful_for beneficial_for effective_for
    help relieves: effective_against helpful_against
    context occurs_during: common_in common_during common_at frequent_during
    """
)
"""Adjectives after "be" (or after the noun they describe) with their preposition."""

FAMILY_NOUNS: Mapping[str, Entry] = _entries(
    """
    cause causes: cause trigger culprit factor driver contributor reason
    cause causes: ~symptom ~sign ~complication ~consequence ~effect ~result
    help relieves: remedy treatment cure relief fix therapy answer
    help prevents: prevention defence defense
    source rich_in: source supplier
    absorption needed_for_absorption_of: absorption uptake
    """
)
"""Nouns that name a relation ("a cause of", "a source of", "a symptom of")."""

WRAPPERS = frozenset(
    re.findall(
        r"\S+",
        "risk chance odds likelihood severity frequency number intensity amount level levels"
        " onset bout episode attack symptom symptoms pain discomfort duration length occurrence"
        " incidence spell plenty lot lots deal variety range kind kinds type types glass cup mug"
        " bowl slice piece spoonful dose serving portion handful bit course majority proportion"
        " share half squeeze pinch dash splash sprinkle",
    )
)
"""Nouns whose "of" phrase is the real end: "the risk of cramps" is about cramps."""

OF_HEADS = frozenset(
    re.findall(
        r"\S+",
        "lack loss shortage deficiency excess overuse shortness stretching build buildup intake"
        " hours",
    )
)
"""Nouns whose "of" phrase belongs to the name: "lack of sleep", "loss of fluid"."""

IN_HEADS = frozenset(
    re.findall(
        r"\S+", "change changes drop drops fall falls rise rises dip dips swing swings shift shifts"
    )
)
"""Nouns of change whose "in" phrase says what changes: "changes in the weather"."""

QUANTITY_WORDS = frozenset(
    re.findall(
        r"\S+",
        "many much more most few several some any other certain various such all both each"
        " every enough numerous plenty lot lots little",
    )
)
"""Words a name is trimmed of: they count or pick, they do not name."""

PEOPLE = frozenset(
    re.findall(
        r"\S+",
        "people person anyone everyone someone somebody those adults adult children child kids"
        " women woman men man patients patient athletes athlete runners runner swimmers swimmer"
        " players player sufferers sufferer users user readers reader",
    )
)
"""Who a claim is for, never its end: "a trigger for swimmers" is one of the topic."""

RISKS = frozenset({"risk", "chance", "odds", "likelihood"})
"""Wrappers that, with no "of" phrase ("raise the risk"), are about the topic."""

NOT_ENDS = frozenset(
    re.findall(
        r"\S+",
        "change changes factor factors issue issues aspect aspects element elements matter way"
        " ways one ones sort form area side need needs demand requirement use liver heart"
        " kidney kidneys lung lungs stomach skin muscle muscles nerve nerves bone bones joint"
        " joints neck back brain gut leg legs arm arms foot feet throat body lining shortage"
        " lack loss excess study studies research evidence trial trials review reviews survey"
        " surveys researchers doctors experts",
    )
)
"""Words that, alone, name no node a claim is about: vague words ("changes", "the
need"), parts of the body ("the liver"; "tight calf muscles" do name one), and who says
it ("studies point to ...")."""

TIME_SPANS = frozenset(
    re.findall(r"\S+", "hour hours minute minutes day days week weeks month months year years")
)
"""Spans of time, never the head of a name ("a cramp hours after", "ten days a month")."""

QUANTITY_VERBS = frozenset(
    re.findall(r"\S+", "raise increase heighten lower reduce decrease cut lessen")
)
"""Verbs of amount: "increases saliva" says no claim; "raises the risk of cramps" or
"lowers uric acid levels" (a known thing) does. Their new objects are left out."""

LOWERING = frozenset(re.findall(r"\S+", "lower reduce decrease cut deplete drain"))
"""Verbs that, said of a nutrient ("diuretics lower potassium"), cause its shortfall."""
