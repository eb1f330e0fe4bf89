"""Evidence, identifiers and amounts: complete, resolvable, and true to the curated facts.

The facts live beside the clone, in ``../shared/facts/domain-facts.md`` (as in CI); tests
that compare the data with them are skipped when the file is absent.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from graph import build_graph, load_knowledge_base
from graph.evidence import edge_evidence, edge_verdict, verdict_name
from graph.integrity import NARROW_VERDICTS
from graph.paths import find_paths
from graph.query import ViewSpec, compose_view, filter_view
from graph.schema import (
    AMOUNT_RELATIONS,
    NODE_TYPES,
    RELATIONS,
    VERDICTS,
    KnowledgeBase,
)
from graph.sentences import amount_phrase, evidence_overview, narrate_path, sentence_for_edge

REPO_ROOT = Path(__file__).resolve().parents[1]
FACTS_FILE = REPO_ROOT.parent / "shared" / "facts" / "domain-facts.md"


# --- reading the facts file -----------------------------------------------------------------


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end != -1 else len(text)]


def _table(section: str) -> list[list[str]]:
    """The rows of the markdown tables in ``section``, as lists of stripped cells."""
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("|") and not re.fullmatch(r"\|[-| ]+\|", line.strip())
    ]


class Facts:
    """The three tables of the facts file, indexed the way the tests look things up."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.entities = {
            row[0]: " | ".join(row)
            for row in _table(_section(text, "## 1. Entity table"))
            if re.fullmatch(r"\d+[a-z]?", row[0])
        }
        self.nutrients = {
            row[2]: row
            for row in _table(_section(text, "## 2. Nutrients per 100 g"))
            if re.fullmatch(r"\d{5}", row[2])
        }
        self.evidence = {
            row[0]: row
            for row in _table(_section(text, "## 3. Evidence per claim"))
            if row[0][:1] == "E"
        }


@pytest.fixture(scope="module")
def facts() -> Facts:
    if not FACTS_FILE.is_file():
        pytest.skip(f"no facts file at {FACTS_FILE}")
    return Facts(FACTS_FILE.read_text(encoding="utf-8"))


# The facts' verdict words, longest first so "not supported" is not read as "supported".
# "potential harm" -> "possible harm" is the facts' own mapping note; "no evidence found"
# is a verdict of our vocabulary, so it stays itself.
_VERDICT_WORDS = (
    ("potential harm", "possible harm"),
    ("not supported", "not supported"),
    ("not assessed", "not assessed"),
    ("no evidence found", "no evidence found"),
    ("data not found", "no evidence found"),
    ("insufficient", "insufficient"),
    ("mixed", "mixed"),
    ("supported", "supported"),
)


def _verdicts_in(cell: str) -> set[str]:
    found = set()
    text = cell.replace("*", "").lower()
    for words, verdict in _VERDICT_WORDS:
        if words in text:
            found.add(verdict)
            text = text.replace(words, " ")
    return found


def test_facts_map_potential_harm_to_possible_harm(facts: Facts) -> None:
    assert "potential harm → `possible harm`" in facts.text


# --- every edge has its verdict, every citation resolves ------------------------------------


def test_every_edge_has_exactly_one_evidence_record(kb: KnowledgeBase) -> None:
    covering = Counter(claim.key for record in kb.evidence for claim in record.claims)
    assert {edge.key: covering[edge.key] for edge in kb.edges if covering[edge.key] != 1} == {}
    assert set(covering) == {edge.key for edge in kb.edges}


def test_every_edge_of_the_graph_has_a_verdict(seed_graph: nx.MultiDiGraph) -> None:
    verdicts = [verdict for *_, verdict in seed_graph.edges(data="verdict")]
    assert len(verdicts) == seed_graph.number_of_edges()
    assert set(verdicts) <= set(VERDICTS)
    assert all(seed_graph.edges[edge]["evidence"] for edge in seed_graph.edges(keys=True))


def test_every_cited_key_resolves(kb: KnowledgeBase) -> None:
    keys = {reference.key for reference in kb.references}
    cited = {key for record in kb.evidence for key in record.citations}
    cited |= {key for record in kb.evidence for key in record.related}
    cited |= {amount.source for edge in kb.edges for amount in edge.amounts}
    cited |= {intake.source for node in kb.nodes for intake in node.daily_intake}
    assert cited - keys == set()
    assert keys - cited == set(), "every reference is cited somewhere"


def test_only_verdicts_with_nothing_to_cite_go_without_citations(kb: KnowledgeBase) -> None:
    uncited = {record.verdict for record in kb.evidence if not record.citations}
    assert uncited <= {"not assessed", "no evidence found"}


def test_every_summary_is_one_or_two_sentences(kb: KnowledgeBase) -> None:
    wrong = [
        record.id
        for record in kb.evidence
        if not record.summary.endswith(".")
        or len(re.findall(r"[.!?](?:\s+[A-Z0-9]|$)", record.summary)) > 2
        or len(record.summary) > 450
    ]
    assert not wrong


# --- verdicts, numbers and identifiers match the facts --------------------------------------


def test_every_verdict_matches_its_facts_row(kb: KnowledgeBase, facts: Facts) -> None:
    wrong = []
    for record in kb.evidence:
        if record.facts_row is None:
            # "contradicted" without a row rests on the food tables (facts section 2).
            assert record.verdict in {"not assessed", "contradicted"}, record.id
            assert record.verdict == "not assessed" or "usda-sr-legacy" in record.citations
            continue
        if record.outside_row:
            assert record.verdict in NARROW_VERDICTS, record.id
            continue
        allowed = _verdicts_in(facts.evidence[record.facts_row][2])
        if record.facts_row == "E15" and record.claims[0].relation == "rich_in":
            continue  # the composition split, checked on its own below
        # A headline no part contradicts, with the row's verdict kept on its part (seventh
        # read, #3: "insufficient (not supported for magnesium supplements in older ...)").
        # Or the row's own verdict kept in front as an upper bound ("mixed at best, weak";
        # eleventh read, #2).
        on_its_part = record.verdict in NARROW_VERDICTS and any(
            (record.qualifier or "").startswith((f"{verdict} for ", f"{verdict} at best"))
            for verdict in allowed
        )
        if record.verdict not in allowed and not on_its_part:
            wrong.append((record.id, record.verdict, sorted(allowed)))
    assert not wrong


# A row's claim that names no verb judges the relation its verdict column names (E13: pin
# prick "no evidence found" for relief); E14 found no trial or review of lemon rubs at all,
# which holds for preventing as for relieving. A causal row bears on a weaker association.
_ROW_RELATIONS_UNSAID = {("E13", "relieves"), ("E14", "prevents")}
_WEAKER = {"associated_with": "causes"}


def _unsaid_row_relations(records, facts: Facts) -> list[tuple[str, str, str]]:
    """Records whose ``row_claim`` names a relation their facts row does not say."""
    unsaid = []
    for record in records:
        if record.facts_row is None or record.row_claim is None:
            continue
        said = facts.evidence[record.facts_row][1].lower()
        for relation in record.row_claim.relation:
            if (record.facts_row, relation) in _ROW_RELATIONS_UNSAID:
                continue
            cues = RELATIONS[relation].cues
            if relation in _WEAKER:
                cues += RELATIONS[_WEAKER[relation]].cues
            if not any(cue in said for cue in cues):
                unsaid.append((record.id, record.facts_row, relation))
    return unsaid


def test_every_row_claim_says_the_relation_its_row_judges(kb: KnowledgeBase, facts: Facts) -> None:
    """Ninth read, #1: row E16 judges whether supplements *treat* the cramps; a row claim
    of "recommended for" carried its verdict to the article's "are prescribed". A record's
    row claim names only relations its row says, so a verdict on whether a remedy works
    is never put on a claim that it is prescribed."""
    assert not _unsaid_row_relations(kb.evidence, facts)
    e16 = next(record for record in kb.evidence if record.id == "supplements-for-cramps")
    as_found = e16.model_copy(
        update={
            "row_claim": e16.row_claim.model_copy(
                update={"relation": ("recommended_for", "treats")}
            )
        }
    )
    assert _unsaid_row_relations([as_found], facts) == [
        ("supplements-for-cramps", "E16", "recommended_for")
    ]


def test_food_composition_verdicts_follow_what_usda_data_confirm(
    kb: KnowledgeBase, facts: Facts
) -> None:
    """Row E15 is "composition: mixed"; its summary confirms some pairs, which are supported.

    The rest are judged food by food on the USDA amounts (second read, findings 9 and 10):
    a "mixed" list verdict is never one food's; by the tool's one rule on both bases (sixth
    read, m3; seventh read, #1) almonds' calcium is rich per 100 g (27%) but modest per
    handful (8%), walnuts' is rich on neither; legumes are rich only dry and as black beans.
    """
    row = facts.evidence["E15"]
    assert _verdicts_in(row[2]) == {"mixed", "no evidence found"}
    sentence = (
        "USDA data confirm almonds, walnuts, buckwheat and dry legumes are Mg-rich"
        " and dairy is Ca-rich"
    )
    assert sentence in row[3]
    confirmed = {
        ("almonds", "magnesium"),
        ("walnuts", "magnesium"),
        ("buckwheat", "magnesium"),
        ("dairy-products", "calcium"),
    }
    # No source gathered judges nuts as calcium sources: the tool reads their amounts by
    # its one stated rule, credited to itself (sixth read, m3).
    by_amount = {
        ("almonds", "calcium"): "mixed",
        ("walnuts", "calcium"): "not supported",
        ("legumes", "magnesium"): "mixed",
    }
    # Facts section 2: "dried apricots and raisins are modest sources of Mg and Ca".
    assert "dried apricots and raisins are modest sources of Mg and Ca" in facts.text
    modest = {"dried-apricots", "raisins"}
    for record in kb.evidence:
        for claim in record.claims:
            if record.facts_row != "E15":
                continue
            if claim.relation == "rich_in" and claim.subject in modest:
                expected = "not supported"
            elif (claim.subject, claim.object) in by_amount:
                expected = by_amount[claim.subject, claim.object]
            elif claim.relation == "rich_in":
                assert (claim.subject, claim.object) in confirmed, claim.key
                expected = "supported"
            elif record.outside_row:
                continue
            else:
                expected = "no evidence found"
            assert record.verdict == expected, (record.id, claim.key)


def test_every_number_in_a_summary_is_in_the_facts(kb: KnowledgeBase, facts: Facts) -> None:
    invented = [
        (record.id, number)
        for record in kb.evidence
        for number in re.findall(r"\d+(?:[.,]\d+)*", record.summary)
        if number not in facts.text
    ]
    assert not invented


# Nodes and the rows of the facts' entity table (section 1) that describe them.
ENTITY_ROWS = {
    "calf-cramp": ("1", "1a", "1b"),
    "venous-insufficiency": ("2",),
    "varicose-veins": ("3",),
    "blood-stagnation": ("4",),
    "sedentary-lifestyle": ("5",),
    "magnesium-deficiency": ("6",),
    "calcium-deficiency": ("7",),
    "magnesium": ("8",),
    "calcium": ("9",),
    "vitamin-d": ("10",),
    "vitamin-d-deficiency": ("10",),
    "dietary-supplements": ("11",),
    "medications": ("11",),
    "diabetes-mellitus": ("12",),
    "epilepsy": ("13",),
    "thyroid-disease": ("14",),
    "liver-disease": ("15",),
    "spine-disease": ("16",),
    "pregnancy-complications": ("17",),
    "sleep": ("18",),
    "swimming": ("19",),
    "seated-toe-pull": ("20",),
    "pinching-massage": ("21",),
    "pin-prick": ("22",),
    "wall-stretch": ("23",),
    "lemon-rub": ("24",),
    "dried-apricots": ("25",),
    "raisins": ("26",),
    "almonds": ("27",),
    "walnuts": ("28",),
    "dairy-products": ("29",),
    "buckwheat": ("30",),
    "legumes": ("31",),
    "cramp-prevention": ("33",),
}


def _ids_of(node) -> list[str]:
    exact = node.identifiers.model_dump(exclude_none=True).values()
    return [*exact, *node.related_mesh]


def test_every_identifier_appears_in_the_facts_row_of_its_entity(
    kb: KnowledgeBase, facts: Facts
) -> None:
    wrong = []
    for node in kb.nodes:
        ids = _ids_of(node)
        if not ids:
            continue
        assert node.id in ENTITY_ROWS, f"{node.id} has identifiers but no row in the facts"
        rows = " ".join(facts.entities[row] for row in ENTITY_ROWS[node.id])
        wrong += [(node.id, value) for value in ids if value not in rows]
    assert not wrong


def test_exact_mesh_is_the_descriptor_the_facts_call_the_match(
    kb: KnowledgeBase, facts: Facts
) -> None:
    """Bold in the node's row, or named exactly like the node ("D014808 Vitamin D Deficiency")."""
    wrong = []
    for node in kb.nodes:
        mesh = node.identifiers.mesh
        if mesh is None:
            continue
        row = facts.entities[ENTITY_ROWS[node.id][0]]
        if f"**{mesh}" not in row and f"{mesh} {node.label}".casefold() not in row.casefold():
            wrong.append((node.id, mesh))
    assert not wrong


def test_nodes_without_an_exact_descriptor_have_no_exact_mesh(
    kb: KnowledgeBase, facts: Facts
) -> None:
    caveat = (
        '"Calcium deficiency", "blood stagnation", "pin prick", "lemon rubbing", "wall stretch"'
        " have no exact MeSH descriptor"
    )
    assert caveat in " ".join(facts.text.split())
    for node_id in (
        "calcium-deficiency",
        "blood-stagnation",
        "pin-prick",
        "lemon-rub",
        "wall-stretch",
    ):
        assert kb.node(node_id).identifiers.mesh is None, node_id
        assert kb.node(node_id).related_mesh, f"{node_id} keeps its nearest descriptors"


def test_nocturnal_cramps_descriptor_is_related_not_exact(kb: KnowledgeBase) -> None:
    cramp = kb.node("calf-cramp")
    assert cramp.identifiers.mesh == "D009120"
    assert "D020922" in cramp.related_mesh


def test_wikidata_only_where_the_facts_verified_it(kb: KnowledgeBase, facts: Facts) -> None:
    verified = set(re.findall(r"Only (Q\d+) could be confirmed", facts.text))
    assert verified == {"Q12206"}
    used = {node.id: node.identifiers.wikidata for node in kb.nodes if node.identifiers.wikidata}
    assert used == {"diabetes-mellitus": "Q12206"}


def test_umls_ids_come_from_the_node_row(kb: KnowledgeBase, facts: Facts) -> None:
    for node in kb.nodes:
        if node.identifiers.umls:
            assert node.identifiers.umls in facts.entities[ENTITY_ROWS[node.id][0]], node.id


# --- nutrient amounts -----------------------------------------------------------------------

_NUTRIENT_COLUMNS = {"magnesium": (4, 9), "calcium": (5, 10), "vitamin-d": (7, None)}
"""Nutrient -> (per-100 g column, %-RDA column) in the facts' nutrient table (vitamin D
has no %-RDA column and no serving figure)."""
_UNITS = {"magnesium": "mg", "calcium": "mg", "vitamin-d": "\u00b5g"}
_SERVING = re.compile(r"(?P<label>.+?)(?: \((?P<grams>[\d.]+) g\))?: (?P<mg>\d+) / (?P<ca>\d+)")
_OUNCE_GRAMS = 28.35  # the facts give "1 oz (28.35 g)" once and "1 oz" after


def _rich_in_amounts(kb: KnowledgeBase):
    for edge in kb.edges:
        for index, amount in enumerate(edge.amounts):
            yield edge, index, amount


def test_every_food_amount_matches_the_nutrient_table(kb: KnowledgeBase, facts: Facts) -> None:
    checked = 0
    for edge, _, amount in _rich_in_amounts(kb):
        row = facts.nutrients[amount.ndb]
        per_100g_column, _ = _NUTRIENT_COLUMNS[edge.object]
        assert amount.item == row[0], amount.ndb
        assert amount.usda_description in row[1], amount.ndb
        assert amount.per_100g == float(row[per_100g_column].split()[0]), amount.ndb
        assert amount.unit == _UNITS[edge.object]
        if "UNVERIFIED" in row[3]:
            assert amount.fdc_id is None and "UNVERIFIED" in amount.note, amount.ndb
        else:
            assert amount.fdc_id == int(row[3]), amount.ndb
        if amount.state:
            assert amount.state.casefold() in f"{row[0]} {row[1]}".casefold(), amount.ndb
        checked += 1
    assert checked == 27


def test_every_serving_matches_the_nutrient_table(kb: KnowledgeBase, facts: Facts) -> None:
    for edge, _, amount in _rich_in_amounts(kb):
        if _NUTRIENT_COLUMNS[edge.object][1] is None:
            assert amount.serving is None, amount.ndb
            continue
        cell = facts.nutrients[amount.ndb][11]
        match = _SERVING.fullmatch(cell)
        if match is None:
            assert amount.serving is None, amount.ndb
            continue
        serving = amount.serving
        assert serving is not None, amount.ndb
        assert serving.label == match["label"]
        figure = match["mg"] if edge.object == "magnesium" else match["ca"]
        assert serving.amount == float(figure), amount.ndb
        if match["grams"]:
            assert serving.grams == float(match["grams"])
        elif serving.grams is not None:
            assert (serving.label, serving.grams) == ("1 oz", _OUNCE_GRAMS), amount.ndb


def test_serving_figures_follow_from_the_per_100g_values(kb: KnowledgeBase) -> None:
    """What narration computes from per 100 g agrees with the facts' own serving figures."""
    for _, _, amount in _rich_in_amounts(kb):
        if amount.serving and amount.serving.grams:
            computed = amount.per_100g * amount.serving.grams / 100
            assert abs(computed - amount.serving.amount) <= 1, (amount.ndb, computed)


def test_derived_daily_shares_match_the_facts_percentages(
    seed_graph: nx.MultiDiGraph, facts: Facts
) -> None:
    for subject, obj, data in seed_graph.edges(data=True):
        for amount in data["amounts"]:
            _, percent_column = _NUTRIENT_COLUMNS[obj]
            if percent_column is None:
                assert "daily_share" not in amount, (subject, amount["ndb"])
                continue
            expected = [
                int(n)
                for n in re.findall(r"(\d+)%", facts.nutrients[amount["ndb"]][percent_column])
            ]
            # The facts' table gives calcium's share of the 1,000 mg RDA only; the 1,200 mg
            # groups (sixteenth read, #5) come from the facts' RDA row, checked below.
            given = [s["percent"] for s in amount["daily_share"] if s["intake"] != 1200]
            assert given == expected, (subject, amount["ndb"])
            assert amount["daily_share_derived"] is True


def test_daily_intakes_are_the_facts_rdas(kb: KnowledgeBase, facts: Facts) -> None:
    assert "men 31+ = 420 mg, women 31+ = 320 mg; Ca: 1,000 mg" in facts.text
    # Calcium's higher RDA, by which the tool rates amounts (sixteenth read, #5).
    assert "51\u201370 y: men 1,000 mg, women 1,200 mg; 71+ y: 1,200 mg" in facts.text
    intakes = {
        node.id: [(intake.group, intake.amount, intake.unit) for intake in node.daily_intake]
        for node in kb.nodes
        if node.daily_intake
    }
    assert intakes == {
        "magnesium": [("men 31+", 420.0, "mg"), ("women 31+", 320.0, "mg")],
        "calcium": [
            ("adults 19-50", 1000.0, "mg"),
            ("women 51-70", 1200.0, "mg"),
            ("adults 71+", 1200.0, "mg"),
        ],
    }


def test_amounts_sit_only_on_edges_the_article_makes(kb: KnowledgeBase) -> None:
    claims = {(edge.subject, edge.relation, edge.object) for edge in kb.edges}
    assert ("dairy-products", "rich_in", "magnesium") not in claims
    for edge in kb.edges:
        assert bool(edge.amounts) == (edge.relation in AMOUNT_RELATIONS), edge.key


def test_unverified_facts_stay_marked_unverified(kb: KnowledgeBase) -> None:
    assert "Angeli P (UNVERIFIED)" in kb.reference("hepatology-1996-cirrhosis-cramps").note
    assert kb.reference("hepatology-1996-cirrhosis-cramps").authors == ()
    assert "UNVERIFIED" in kb.reference("katzberg-sadeghian-muscle-cramps-review").note
    assert kb.reference("katzberg-sadeghian-muscle-cramps-review").year is None
    cheddar = next(amount for _, _, amount in _rich_in_amounts(kb) if amount.ndb == "01009")
    assert "UNVERIFIED" in cheddar.note


# --- the vocabulary --------------------------------------------------------------------------


def test_verdicts_are_the_fixed_vocabulary() -> None:
    assert list(VERDICTS) == [
        "supported",
        "mixed",
        "insufficient",
        "not supported",
        "contradicted",
        "possible harm",
        "no evidence found",
        "not assessed",
    ]


def test_verdicts_are_told_apart_without_colour() -> None:
    verdicts = list(VERDICTS.values())
    assert all(re.fullmatch(r"#[0-9A-F]{6}", verdict.colour) for verdict in verdicts)
    for field in ("colour", "icon", "dashes"):
        values = [getattr(verdict, field) for verdict in verdicts]
        assert len(set(values)) == len(values), field


def test_weak_verdicts_carry_a_narration_note() -> None:
    weak = {name for name, verdict in VERDICTS.items() if verdict.is_weak}
    assert weak == {
        "mixed",
        "insufficient",
        "not supported",
        "contradicted",
        "possible harm",
        "no evidence found",
    }
    assert (
        VERDICTS["not supported"].note == "Note: the evidence gives little support for this step."
    )
    assert VERDICTS["possible harm"].note == "Note: the evidence warns of possible harm."


def test_every_node_type_and_relation_maps_to_biolink() -> None:
    assert all(kind.biolink_category.startswith("biolink:") for kind in NODE_TYPES.values())
    assert all(relation.biolink.startswith("biolink:") for relation in RELATIONS.values())


# --- narration, filters and the overview ----------------------------------------------------


MAGNESIUM_SCOPE = (
    "not supported for magnesium supplements in older adults with idiopathic cramps; pregnancy"
    " trials conflict; no trial of a magnesium-rich diet found"
)
"""Facts rows E1 and E2: where "not supported" holds (second read, finding 1), and for
what: supplements, not the diet the tool reads the claim from (fourth read, H1)."""


def test_narration_notes_a_weak_link(seed_graph: nx.MultiDiGraph) -> None:
    path = find_paths(seed_graph, "almonds", "cramp-prevention")[0]
    first, second = narrate_path(seed_graph, path)
    assert first.note == (  # with the rating's line (fifteenth read, #3)
        "The tool (reading USDA food-table amounts: 20% or more of the higher RDA given is"
        " rich, 10-19% moderate, less modest) finds this claim supported (rich per 100 g,"
        " moderate per 1 oz handful)."
    )
    assert second.verdict == "insufficient"
    assert second.narration.startswith("The tool infers that magnesium contributes to")
    assert second.narration.endswith(
        f"The tool, weighing a review, finds the evidence for this claim insufficient"
        f" ({MAGNESIUM_SCOPE})."
    )


def test_narration_warns_where_reviews_find_little_support(seed_graph: nx.MultiDiGraph) -> None:
    sentence = sentence_for_edge(seed_graph, ("dietary-supplements", "calf-cramp", "treats"))
    # "Dietary supplements" in general: the row's "not supported" stays on its part (tenth
    # read, #1), and the works weighed are named by kind.
    assert sentence.verdict == "insufficient"
    assert sentence.note == (
        "The tool, weighing two reviews and a guideline, finds the evidence for this claim"
        " insufficient (not supported for magnesium supplements in older adults with"
        " idiopathic cramps; magnesium in pregnancy: mixed; calcium: insufficient, tried only in"
        " pregnancy; the American Academy of Neurology rates a different supplement, vitamin B"
        " complex, possibly effective)."
    )


def test_a_plain_supported_step_has_no_note(seed_graph: nx.MultiDiGraph) -> None:
    edge = ("vitamin-d", "calcium", "needed_for_absorption_of")
    assert seed_graph.edges[edge]["verdict"] == "supported"
    assert sentence_for_edge(seed_graph, edge).note == ""


def test_qualified_and_unassessed_steps_say_so(seed_graph: nx.MultiDiGraph) -> None:
    """Second read, findings 12 and 18: a row keeps its qualifier; an unassessed claim
    (vitamin D and magnesium absorption, pregnancy complications) is never left bare."""
    toe_pull = sentence_for_edge(seed_graph, ("seated-toe-pull", "calf-cramp", "relieves"))
    assert toe_pull.note.endswith("supported (consensus; low-quality evidence).")
    diabetes = sentence_for_edge(seed_graph, ("diabetes-mellitus", "calf-cramp", "associated_with"))
    assert "(for type 2 diabetes only" in diabetes.note
    for edge in [
        ("vitamin-d", "magnesium", "needed_for_absorption_of"),
        ("pregnancy-complications", "calf-cramp", "associated_with"),
    ]:
        assert "has not assessed" in sentence_for_edge(seed_graph, edge).note


def test_narration_of_a_food_step_says_the_amount(seed_graph: nx.MultiDiGraph) -> None:
    sentence = sentence_for_edge(seed_graph, ("almonds", "magnesium", "rich_in"))
    assert sentence.text == "The article lists almonds among foods rich in magnesium (and calcium)."
    assert sentence.amount.startswith(
        "According to USDA SR Legacy, 1 oz (28.35 g) of almonds (raw) gives about 77 mg of"
        " magnesium,"
        " 18-24% of the RDA for men 31+ and women 31+"
    )
    assert "derives" in sentence.amount


def test_amount_phrase_computes_from_per_100g(seed_graph: nx.MultiDiGraph) -> None:
    phrase = amount_phrase(seed_graph, ("almonds", "magnesium", "rich_in"), grams=100)
    assert ", 100 g of almonds (raw) gives about 270 mg of magnesium" in phrase
    dairy = amount_phrase(seed_graph, ("dairy-products", "calcium", "rich_in"))
    assert "1 cup (244 g) of milk gives about 276 mg of calcium, 23-28% of the RDA" in dairy
    assert amount_phrase(seed_graph, ("lemon-rub", "calf-cramp", "relieves")) == ""
    with pytest.raises(ValueError, match="grams"):
        amount_phrase(seed_graph, ("almonds", "magnesium", "rich_in"), grams=0)


def test_verdict_filter_keeps_only_those_edges(seed_graph: nx.MultiDiGraph) -> None:
    view = filter_view(seed_graph, verdicts=["no evidence found"])
    assert view.number_of_nodes() == seed_graph.number_of_nodes()
    assert {data for *_, data in view.edges(data="verdict")} == {"no evidence found"}
    assert ("lemon-rub", "calf-cramp", "relieves") in view.edges(keys=True)
    with pytest.raises(ValueError, match="unknown verdict: proven"):
        filter_view(seed_graph, verdicts=["proven"])


def test_view_spec_filters_by_verdict(seed_graph: nx.MultiDiGraph) -> None:
    spec = ViewSpec(focus=("lemon-rub",), verdicts=frozenset({"supported"}))
    assert list(compose_view(seed_graph, spec).edges) == []
    spec = ViewSpec(focus=("wall-stretch",), verdicts=frozenset({"mixed"}))
    assert sorted(compose_view(seed_graph, spec).edges(keys=True)) == [
        ("wall-stretch", "calf-cramp", "prevents")
    ]


def test_evidence_overview_lists_every_claim_once(seed_graph: nx.MultiDiGraph) -> None:
    rows = evidence_overview(seed_graph)
    assert len(rows) == seed_graph.number_of_edges()
    assert len({(row["subject"], row["relation"], row["object"]) for row in rows}) == len(rows)
    lemon = next(
        row for row in rows if (row["subject"], row["relation"]) == ("lemon-rub", "relieves")
    )
    assert lemon["verdict"] == "no evidence found"
    assert lemon["quotes"][0].startswith("Many recommend rubbing the sore spot with a lemon")


def test_evidence_overview_is_the_same_whatever_the_record_order(kb: KnowledgeBase) -> None:
    shuffled = KnowledgeBase(
        sources=kb.sources,
        nodes=tuple(reversed(kb.nodes)),
        edges=tuple(reversed(kb.edges)),
        references=tuple(reversed(kb.references)),
        evidence=tuple(reversed(kb.evidence)),
    )
    assert evidence_overview(build_graph(shuffled)) == evidence_overview(build_graph(kb))


def test_knowledge_base_without_evidence_loads_as_not_assessed(kb_path: Path) -> None:
    (kb_path / "evidence.yaml").unlink()
    graph = build_graph(load_knowledge_base(kb_path))
    assert {verdict for *_, verdict in graph.edges(data="verdict")} == {"not assessed"}
    assert all(graph.edges[edge]["evidence"] == {} for edge in graph.edges(keys=True))


def test_tiny_knowledge_base_edges_are_not_assessed(tiny_kb: KnowledgeBase) -> None:
    graph = build_graph(tiny_kb)
    sentence = sentence_for_edge(graph, ("magnesium", "cramp-prevention", "contributes_to"))
    assert (sentence.verdict, sentence.amount) == ("not assessed", "")
    assert sentence.note == "The tool has not assessed this claim yet."


# --- graph.evidence: one answer to "what do reviews say of this edge" -------------------------


def test_every_edge_reads_the_record_that_covers_its_claim(kb, seed_graph) -> None:
    for edge in kb.edges:
        key = (edge.subject, edge.object, edge.relation)
        record = kb.evidence_for(edge.key)
        assert edge_evidence(seed_graph, key).get("id") == (record.id if record else None)
        assert verdict_name(seed_graph, key) == (record.verdict if record else "not assessed")
        assert edge_verdict(seed_graph, key) is VERDICTS[verdict_name(seed_graph, key)]


def test_an_edge_no_record_covers_is_not_assessed(tiny_kb) -> None:
    graph = build_graph(tiny_kb)
    edge = ("almonds", "magnesium", "rich_in")
    assert verdict_name(graph, edge) == "not assessed"
    assert dict(edge_evidence(graph, edge)) == {}
