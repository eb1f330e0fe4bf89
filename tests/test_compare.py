"""Compare: what two nodes of one type share, what is unique to each, and the evidence."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.compare import comparable, compare, compare_candidates
from graph.comparison import Comparison, Role, Side
from graph.errors import AtlasError, UnknownNode
from graph.query import focus_candidates
from tests import seed

SEED_GRAPH = seed.graph()
"""Built at import, for hypothesis strategies (the ``seed_graph`` fixture is for tests)."""

SAME_TYPE_PAIRS = sorted(
    (first, second)
    for first, first_type in SEED_GRAPH.nodes(data="type")
    for second, second_type in SEED_GRAPH.nodes(data="type")
    if first != second and first_type == second_type
)


def shared_nodes(result: Comparison) -> set[str]:
    return {node for group in result.shared for node in group.nodes}


def unique_nodes(side: Side) -> set[str]:
    return {node for group in side.unique for node in group.nodes}


def test_deficiencies_share_the_cramp_and_the_treating_remedies(
    seed_graph: nx.MultiDiGraph,
) -> None:
    result = compare(seed_graph, "magnesium-deficiency", "calcium-deficiency")
    assert result.node_type == "cause"
    groups = {(g.node_type, g.first_role, g.second_role): g.nodes for g in result.shared}
    # The article says supplements are prescribed; "treats" a lack is the tool's reading.
    causes, treats = Role("causes", True), Role("treats", False, inferred=True)
    assert groups == {
        ("condition", causes, causes): ("calf-cramp",),
        ("remedy", treats, treats): ("dietary-supplements", "medications"),
    }
    assert unique_nodes(result.first) == {"magnesium"}
    assert unique_nodes(result.second) == {"calcium"}
    assert [g.heading for g in result.shared] == [
        "Conditions both are claimed to cause",
        "Remedies read by the tool to treat both",
    ]


def test_deficiencies_carry_the_evidence_of_every_claim(seed_graph: nx.MultiDiGraph) -> None:
    result = compare(seed_graph, "magnesium-deficiency", "calcium-deficiency")
    for side in (result.first, result.second):
        incident = {
            *seed_graph.out_edges(side.node_id, keys=True),
            *seed_graph.in_edges(side.node_id, keys=True),
        }
        assert {claim.edge for claim in side.claims} == incident
        for claim in side.claims:
            data = seed_graph.edges[claim.edge]
            assert claim.verdict == data["verdict"]
            assert claim.summary == data["evidence"]["summary"]
        assert sum(count for _, count in side.verdicts) == len(side.claims)


def test_lemon_rub_and_wall_stretch_share_the_cramp_but_not_their_verdicts(
    seed_graph: nx.MultiDiGraph,
) -> None:
    result = compare(seed_graph, "lemon-rub", "wall-stretch")
    assert shared_nodes(result) == {"calf-cramp"}
    assert {g.first_role.relation for g in result.shared} == {"relieves", "prevents"}
    # "Useful for prevention" is the article's word for the wall stretch, "prevents" for the
    # lemon: two claims worded apart are not said as one (eleventh read, #9), but they are
    # shared, each in its words (QA pass: listed as each side's own before).
    assert result.first.unique == () and result.second.unique == ()
    [prevents] = [g for g in result.shared if g.first_role.relation == "prevents"]
    assert prevents.heading == (
        "Conditions rubbing with a cut lemon is claimed to prevent and wall calf stretch is"
        " claimed to be useful for preventing"
    )
    first_edges = {claim.edge for claim in result.first.claims}
    second_edges = {claim.edge for claim in result.second.claims}
    assert first_edges and second_edges and not first_edges & second_edges
    first_verdicts = {claim.edge[2]: claim.verdict for claim in result.first.claims}
    second_verdicts = {claim.edge[2]: claim.verdict for claim in result.second.claims}
    assert first_verdicts == {"relieves": "no evidence found", "prevents": "no evidence found"}
    assert second_verdicts == {"relieves": "not assessed", "prevents": "mixed"}
    shared = {
        claim.edge[2] for claim in (*result.first.claims, *result.second.claims) if claim.shared
    }
    assert shared == {"relieves", "prevents"}


def test_a_role_only_one_has_is_unique_to_it(seed_graph: nx.MultiDiGraph) -> None:
    result = compare(seed_graph, "pinching-massage", "wall-stretch")
    assert shared_nodes(result) == {"calf-cramp"}
    [prevents] = result.second.unique
    role = Role("prevents", True, own_words="are useful for preventing")
    assert (prevents.role, prevents.nodes) == (role, ("calf-cramp",))
    assert prevents.heading == "Conditions it is claimed to be useful for preventing"
    assert unique_nodes(result.first) == set()


def test_the_tools_readings_are_headed_apart_from_claims(seed_graph: nx.MultiDiGraph) -> None:
    """Second read, finding 13: vitamin D in the almonds' and walnuts' list is the tool's
    reading of "these microelements", not a claim the article words."""
    headings = {
        group.heading: group.nodes for group in compare(seed_graph, "almonds", "walnuts").shared
    }
    assert headings["Nutrients both are claimed to be rich in"] == ("calcium", "magnesium")
    assert headings["Nutrients both are read by the tool to be rich in"] == ("vitamin-d",)


def test_a_neighbour_joined_in_different_roles_is_shared_differently(
    seed_graph: nx.MultiDiGraph,
) -> None:
    result = compare(seed_graph, "magnesium-deficiency", "venous-insufficiency")
    [group] = result.shared
    # The article says "spasms of the leg muscles": the calf is the tool's reading of them
    # (fifteenth read, #4; sixteenth read, #1).
    assert (group.first_role, group.second_role) == (
        Role("causes", True),
        Role("associated_with", True, said_as="frequent spasms of the leg muscles"),
    )
    assert group.heading == (  # the link is the article's, the calf the tool's reading
        "Conditions magnesium deficiency is claimed to cause and venous insufficiency is"
        " claimed to be associated with (the source's words: \u201cfrequent spasms of the leg"
        " muscles\u201d, which the tool reads as those listed)"
    )


def test_a_claim_joining_the_two_is_listed_between_them(seed_graph: nx.MultiDiGraph) -> None:
    result = compare(seed_graph, "venous-insufficiency", "blood-stagnation")
    assert [claim.edge for claim in result.between] == [
        ("venous-insufficiency", "blood-stagnation", "associated_with")
    ]
    for side in (result.first, result.second):
        assert all(claim.edge not in {c.edge for c in result.between} for claim in side.claims)
        assert "venous-insufficiency" not in unique_nodes(side)
        assert "blood-stagnation" not in unique_nodes(side)


def test_different_types_are_refused(seed_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(AtlasError) as caught:
        compare(seed_graph, "lemon-rub", "magnesium")
    message = str(caught.value)
    assert "'Rubbing with a cut lemon' (a remedy)" in message
    assert "'Magnesium' (a nutrient)" in message
    assert "same type" in message


def test_a_node_is_not_compared_with_itself(seed_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(AtlasError, match="two different nodes"):
        compare(seed_graph, "lemon-rub", "lemon-rub")


def test_unknown_nodes_are_refused(seed_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(UnknownNode):
        compare(seed_graph, "lemon-rub", "lemon-squeeze")
    with pytest.raises(UnknownNode):
        comparable(seed_graph, "lemon-squeeze")


def test_comparison_is_deterministic(seed_graph: nx.MultiDiGraph) -> None:
    [group] = [g for g in compare(seed_graph, "almonds", "usual-diet").shared if g.nodes]
    assert group.heading.startswith("Nutrients almonds are claimed to be rich in and")
    for first, second in SAME_TYPE_PAIRS:
        assert compare(seed_graph, first, second) == compare(seed_graph, first, second)


def test_comparison_is_stable_under_node_reordering(
    seed_graph: nx.MultiDiGraph, reversed_seed_graph: nx.MultiDiGraph
) -> None:
    for first, second in SAME_TYPE_PAIRS:
        assert compare(reversed_seed_graph, first, second) == compare(seed_graph, first, second)


def test_comparable_lists_the_same_type_by_label(seed_graph: nx.MultiDiGraph) -> None:
    others = comparable(seed_graph, "magnesium-deficiency")
    assert "magnesium-deficiency" not in others
    assert {seed_graph.nodes[node]["type"] for node in others} == {"cause"}
    labels = [seed_graph.nodes[node]["label"].casefold() for node in others]
    assert labels == sorted(labels)
    assert len(others) == sum(kind == "cause" for _, kind in seed_graph.nodes(data="type")) - 1


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SAME_TYPE_PAIRS))
def test_compare_both_ways_gives_mirror_images(pair: tuple[str, str]) -> None:
    first, second = pair
    forward = compare(SEED_GRAPH, first, second)
    backward = compare(SEED_GRAPH, second, first)
    roles = {(group.nodes, group.first_role, group.second_role) for group in forward.shared}
    swapped = {(group.nodes, group.second_role, group.first_role) for group in backward.shared}
    assert roles == swapped
    assert (backward.first, backward.second) == (forward.second, forward.first)
    assert shared_nodes(backward) == shared_nodes(forward)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SAME_TYPE_PAIRS))
def test_shared_and_unique_links_agree_with_the_graph(pair: tuple[str, str]) -> None:
    result = compare(SEED_GRAPH, *pair)
    neighbours = {
        side.node_id: set(nx.all_neighbors(SEED_GRAPH, side.node_id))
        for side in (result.first, result.second)
    }
    for group in result.shared:
        for node in group.nodes:
            assert node in neighbours[result.first.node_id]
            assert node in neighbours[result.second.node_id]
    for side, other in ((result.first, result.second), (result.second, result.first)):
        for group in side.unique:
            for node in group.nodes:
                edge = (
                    (side.node_id, node, group.role.relation)
                    if group.role.outgoing
                    else (node, side.node_id, group.role.relation)
                )
                assert SEED_GRAPH.has_edge(*edge)
                assert node != other.node_id
        for claim in side.claims:
            assert side.node_id in claim.edge[:2]
            assert SEED_GRAPH.has_edge(*claim.edge)


def test_headings_call_the_links_claims_not_facts(seed_graph: nx.MultiDiGraph) -> None:
    result = compare(seed_graph, "almost-everyone", "muscle-tension")
    assert [group.heading for group in result.shared] == [
        # The article says it of "cramps in the legs": calf cramps are the tool's reading of
        # them, the claim the article's (sixteenth read, #1).
        "Conditions claimed to affect almost everyone (the source's words: \u201ccramps in the"
        " legs\u201d, which the tool reads as those listed) and claimed to occur during tension"
    ]
    for first, second in SAME_TYPE_PAIRS:
        result = compare(seed_graph, first, second)
        groups = (*result.shared, *result.first.unique, *result.second.unique)
        assert all(
            "claimed to" in group.heading or "read by the tool to" in group.heading
            for group in groups
        ), (first, second)


@pytest.mark.parametrize("first, second", SAME_TYPE_PAIRS[:: max(1, len(SAME_TYPE_PAIRS) // 40)])
def test_a_drawing_of_the_comparison_shows_the_two_and_every_neighbour_it_names(
    first: str, second: str
) -> None:
    result = compare(SEED_GRAPH, first, second)
    named = shared_nodes(result) | unique_nodes(result.first) | unique_nodes(result.second)
    assert result.nodes == {first, second} | named
    # Nothing else: every node drawn is one of the two or linked to one of them.
    for node in result.nodes - {first, second}:
        assert any(
            SEED_GRAPH.has_edge(node, end) or SEED_GRAPH.has_edge(end, node)
            for end in (first, second)
        )


def test_comparison_starts_from_every_cause_and_remedy_one_can_focus_on(
    seed_graph: nx.MultiDiGraph,
) -> None:
    candidates = compare_candidates(seed_graph)
    expected = set(focus_candidates(seed_graph, "cause")) | set(
        focus_candidates(seed_graph, "remedy")
    )
    assert set(candidates) == expected
    labels = [seed_graph.nodes[node]["label"].casefold() for node in candidates]
    assert labels == sorted(labels)


def test_a_relation_both_have_in_other_words_is_shared_beside_a_common_one() -> None:
    """QA pass: wall stretch ("useful for prevention") and lemon rub both prevent the cramp,
    but beside their shared "relieve" each side listed it as its own."""
    result = compare(seed.graph(), "wall-stretch", "lemon-rub")
    headings = [group.heading for group in result.shared]
    assert "Conditions both are claimed to relieve" in headings
    assert (
        "Conditions wall calf stretch is claimed to be useful for preventing and rubbing with"
        " a cut lemon is claimed to prevent" in headings
    )
    assert result.first.unique == () and result.second.unique == ()
