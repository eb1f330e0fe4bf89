"""The eleventh read's checks (docs/trust-review-findings.md, "Eleventh read"): each fails
on the data or code as the reader found them."""

from __future__ import annotations

import yaml

from graph import build_graph, load_knowledge_base
from graph.load import DEFAULT_DATA_DIR
from graph.narrate import claim_sentence, edge_verdict_sentence, verdict_source

GRAPH = build_graph(load_knowledge_base())


def _step(tour: str, number: int) -> dict:
    steps = yaml.safe_load((DEFAULT_DATA_DIR / "tours" / f"{tour}.yaml").read_text("utf-8"))
    return steps["steps"][number - 1]


def test_the_diabetes_verdict_says_its_studies_had_no_comparison_group() -> None:
    """#1: "a cross-sectional association" where only prevalence among people with type 2
    diabetes was measured."""
    evidence = GRAPH.edges["diabetes-mellitus", "calf-cramp", "associated_with"]["evidence"]
    # Fourteenth read, #2: said as the facts give it (figures within diabetes only).
    assert "whose figures are for people with diabetes only" in evidence["qualifier"]
    assert "a cross-sectional association" not in evidence["qualifier"]


def test_the_vein_verdict_is_no_stronger_than_a_null_survey() -> None:
    """#2: "mixed" where the one survey found no significant link and nothing was found on
    venous insufficiency itself: the row's "mixed" is kept only as an upper bound."""
    for subject in ("venous-insufficiency", "varicose-veins"):
        data = GRAPH.edges[subject, "calf-cramp", "associated_with"]
        assert data["verdict"] == "insufficient"
        assert data["evidence"]["qualifier"].startswith("mixed at best, weak")


def test_a_guideline_is_not_credited_as_a_review() -> None:
    """#3: "Reviews find ..." of the AAN guideline and a review; and "not supported" as
    practice says that what doctors prescribe was not checked."""
    credited = 0
    for _, _, data in GRAPH.edges(data=True):
        kinds = {work["evidence_type"] for work in (data["evidence"] or {}).get("citations", ())}
        if "guideline" in kinds:
            credited += 1
            assert not verdict_source(data["evidence"]).startswith("Reviews"), data["evidence"]
    assert credited >= 2
    edge = ("medications", "calf-cramp", "recommended_for")
    assert "what doctors actually prescribe was not checked" in edge_verdict_sentence(GRAPH, edge)


def test_drugs_a_review_associates_with_cramps_are_not_called_causes() -> None:
    """#4: "a family-medicine review lists other causes, among them drugs such as naproxen"."""
    summary = GRAPH.edges["other-causes", "calf-cramp", "causes"]["evidence"]["summary"]
    assert "drugs associated with cramps, among them naproxen" in summary
    assert "other causes, among them drugs" not in summary


def test_the_almonds_tour_keeps_the_handful_and_the_legumes_verdict() -> None:
    """#5, #6: "Strong: almonds are rich in magnesium" without the handful's "moderate";
    legumes shown by black beans alone, their "mixed" left out."""
    # With its share and the line it falls under (fifteenth read, #3).
    answer = " ".join(_step("almonds-to-fewer-cramps", 8)["answer"].split())
    assert "handful gives 77 mg (18-24% of the RDA for adults over 30), which the tool reads" in (
        answer
    )
    narration = " ".join(_step("almonds-to-fewer-cramps", 3)["narration"].split())
    assert "the tool rates legumes mixed" in narration and "of lentils 71 mg" in narration


def test_a_calcium_only_point_is_scoped_to_calcium() -> None:
    """#7: the AAN's low blood calcium read under the magnesium claim too."""
    summary = GRAPH.edges["magnesium-deficiency", "calf-cramp", "causes"]["evidence"]["summary"]
    assert "(for calcium, so does a 2010 press summary" in summary


def test_an_unconfirmed_food_value_says_so_wherever_a_verdict_rests_on_it() -> None:
    """#8: cheddar's 201 mg, an SR28 value still to be confirmed, given as settled."""
    summary = GRAPH.edges["dairy-products", "calcium", "rich_in"]["evidence"]["summary"]
    # Sixteenth read, #5: rated at calcium's higher RDA too.
    assert "201 mg (17-20%, an older USDA value not yet confirmed)" in summary


def test_claims_keep_the_articles_own_words() -> None:
    """#9: "prevents" for "useful for prevention"; "muscle tension" for "tension"."""
    said = claim_sentence(GRAPH, ("wall-stretch", "calf-cramp", "prevents"))
    assert (
        said
        == "The article says that wall calf stretch is useful for preventing calf muscle cramp."
    )
    said = claim_sentence(GRAPH, ("calf-cramp", "muscle-tension", "occurs_during"))
    assert said == "The article says that calf muscle cramp occurs during tension."
