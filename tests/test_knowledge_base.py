"""The seed knowledge base says what the article says: quotes, links, wording and strength."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest

from graph.load import DEFAULT_DATA_DIR
from graph.schema import NODE_TYPES, RELATIONS, STRENGTHS, KnowledgeBase, Node, is_slug

REPO_ROOT = Path(__file__).resolve().parents[1]
# shared/ sits beside the clone (../shared from the repository root), in CI as here.
SEED_ARTICLE = REPO_ROOT.parent / "shared" / "seed" / "000_0f5152b62fd67d56.txt"

HEDGES = re.compile(
    # "whether X or Y" offers X as one possible reason, which is a hedge too.
    r"\b(may|might|can|could|sometimes|whether|they say|many recommend)\b",
    re.IGNORECASE,
)
HEARSAY = ("They say", "Many recommend")


def _node_called(kb: KnowledgeBase, words: str) -> Node:
    """The one node whose label or a synonym is ``words`` (the article's own wording)."""
    wanted = words.casefold()
    found = [
        node
        for node in kb.nodes
        if wanted in {node.label.casefold(), *(synonym.casefold() for synonym in node.synonyms)}
    ]
    assert len(found) == 1, f"{words!r} names {[node.id for node in found]}"
    return found[0]


def _claims(kb: KnowledgeBase) -> set[tuple[str, str, str]]:
    return {(edge.subject, edge.relation, edge.object) for edge in kb.edges}


# --- provenance ------------------------------------------------------------------------


def test_every_quote_is_verbatim_in_its_source(kb: KnowledgeBase):
    misquoted = [
        (edge.key, prov.quote)
        for edge in kb.edges
        for prov in edge.provenance
        if prov.quote not in kb.source(prov.source).text
    ]
    assert not misquoted


def test_hearsay_is_marked_anecdotal(kb: KnowledgeBase):
    wrong = [
        (edge.key, prov.strength, prov.quote)
        for edge in kb.edges
        for prov in edge.provenance
        if any(words in prov.quote for words in HEARSAY) and prov.strength != "anecdotal"
        # after a dash the article goes on in its own voice ("- citric acid relieves spasm")
        if not (prov.strength == "states" and re.search(r"\s-\s", prov.quote))
    ]
    assert not wrong


def test_every_hedged_strength_has_a_hedge_in_its_quote(kb: KnowledgeBase):
    """A reader who sees only the quote should see why it is not ``states``."""
    unhedged = [
        (edge.key, prov.strength, prov.quote)
        for edge in kb.edges
        for prov in edge.provenance
        if prov.strength in ("suggests", "anecdotal") and not HEDGES.search(prov.quote)
    ]
    assert not unhedged


def test_seed_source_is_the_article_byte_for_byte():
    if not SEED_ARTICLE.is_file():
        pytest.skip(f"no seed article at {SEED_ARTICLE}")
    seed = SEED_ARTICLE.read_bytes()
    texts = sorted((DEFAULT_DATA_DIR / "sources").glob("*.txt"))
    assert any(path.read_bytes() == seed for path in texts), texts


# --- shape of the graph and its vocabulary ---------------------------------------------


def test_every_node_is_reachable_from_the_cramp(seed_graph: nx.MultiDiGraph):
    reachable = nx.node_connected_component(seed_graph.to_undirected(as_view=True), "calf-cramp")
    assert set(seed_graph) - reachable == set()


def test_every_type_relation_and_strength_is_in_the_vocabulary(kb: KnowledgeBase):
    assert {node.type for node in kb.nodes} <= set(NODE_TYPES)
    assert {edge.relation for edge in kb.edges} <= set(RELATIONS)
    assert {prov.strength for edge in kb.edges for prov in edge.provenance} <= set(STRENGTHS)


def test_every_edge_joins_types_its_relation_allows(kb: KnowledgeBase):
    wrong = [
        edge.key
        for edge in kb.edges
        if kb.node(edge.subject).type not in RELATIONS[edge.relation].subject_types
        or kb.node(edge.object).type not in RELATIONS[edge.relation].object_types
    ]
    assert not wrong


def test_ids_are_slugs(kb: KnowledgeBase):
    assert [node.id for node in kb.nodes if not is_slug(node.id)] == []
    assert [source.id for source in kb.sources if not is_slug(source.id)] == []


def test_labels_are_unique(kb: KnowledgeBase):
    labels = [node.label.casefold() for node in kb.nodes]
    assert sorted(label for label in set(labels) if labels.count(label) > 1) == []


# --- wording of nodes ------------------------------------------------------------------


def test_every_description_is_one_short_sentence(kb: KnowledgeBase):
    wrong = [
        (node.id, node.description)
        for node in kb.nodes
        if not node.description.endswith(".")
        or "\n" in node.description
        or len(node.description) >= 200
        or re.search(r"[.!?]\s+[A-Z]", node.description)
    ]
    assert not wrong


# Nodes whose only name in the article, the facts and MeSH is their label.
NO_OTHER_NAME = {
    "almost-everyone",
    "cramp-prevention",
    "medications",
    "muscle-tension",
    "sleep",
    "special-nutrition",
    "swimming",
    "uncomfortable-position",
    "usual-diet",
    "vitamin-d",
    "vitamin-d-deficiency",
}
"""Nodes no source gives another name for ("from time to time" and "enter the body with
food" are words of the article's sentences, not names of these nodes; the article's
"prevention" is wider than cramp prevention (nineteenth read, #9); cholecalciferol
and ergocalciferol are forms of vitamin D, not names for it; the article's "good
nutrition" is a general remark, not the special nutrition it says is prescribed; the
medications' label is the article's own word, "mineral" being the tool's reading (sixth
read, m8); so is "tension", the label of muscle-tension (eleventh read, #9); "swimmers"
names people, not swimming (thirteenth read, F10); "night"
is a related term of sleep, not its name: fifth read, m5)."""


def test_every_node_has_a_synonym(kb: KnowledgeBase):
    assert [node.id for node in kb.nodes if not node.synonyms] == sorted(NO_OTHER_NAME)


def test_synonyms_are_not_repeated_within_a_node(kb: KnowledgeBase):
    wrong = []
    for node in kb.nodes:
        words = [synonym.casefold() for synonym in node.synonyms]
        if len(set(words)) != len(words) or node.label.casefold() in words:
            wrong.append(node.id)
    assert not wrong


@pytest.mark.parametrize(
    ("node_id", "synonym"),
    [("calf-cramp", "charley horse"), ("magnesium-deficiency", "low magnesium")],
)
def test_lay_and_clinical_names_are_synonyms(kb: KnowledgeBase, node_id: str, synonym: str):
    assert synonym in kb.node(node_id).synonyms


# --- what the article claims -----------------------------------------------------------


def test_almonds_lead_to_cramp_prevention_through_magnesium(seed_graph: nx.MultiDiGraph):
    assert seed_graph.has_edge("almonds", "magnesium", "rich_in")
    assert seed_graph.has_edge("magnesium", "cramp-prevention", "contributes_to")


@pytest.mark.parametrize("remedy", ["wall-stretch", "lemon-rub"])
def test_remedy_that_relieves_and_prevents_has_both_edges(kb: KnowledgeBase, remedy: str):
    claims = _claims(kb)
    assert (remedy, "relieves", "calf-cramp") in claims
    assert (remedy, "prevents", "calf-cramp") in claims


@pytest.mark.parametrize(
    "disease",
    [
        "diabetes mellitus",
        "epilepsy",
        "diseases of the thyroid gland",
        "diseases of the liver",
        "diseases of the spine",
        "complications during pregnancy",
    ],
)
def test_disease_the_article_lists_is_linked_to_the_cramp(kb: KnowledgeBase, disease: str):
    node = _node_called(kb, disease)
    assert node.type == "condition"
    links = {
        relation
        for subject, relation, obj in _claims(kb)
        if (subject, obj) == (node.id, "calf-cramp")
    }
    assert any(RELATIONS[relation].causal for relation in links), links


@pytest.mark.parametrize(
    ("food", "nutrients"),
    [
        ("dairy products", {"calcium"}),
        ("buckwheat cereals", {"magnesium"}),
        ("legumes", {"magnesium"}),
        ("dried apricots", {"magnesium", "calcium"}),
        ("raisins", {"magnesium", "calcium"}),
        ("almonds", {"magnesium", "calcium"}),
        ("walnuts", {"magnesium", "calcium"}),
    ],
)
def test_food_is_rich_in_the_nutrients_the_article_names(
    kb: KnowledgeBase, food: str, nutrients: set[str]
):
    food_node = _node_called(kb, food)
    assert food_node.type == "food"
    claims = _claims(kb)
    for nutrient in nutrients:
        assert (food_node.id, "rich_in", _node_called(kb, nutrient).id) in claims, nutrient


def test_tiny_kb_fixture_keeps_the_same_rules(tiny_kb: KnowledgeBase):
    """The hand-built fixture other tests lean on is itself a valid knowledge base."""
    for edge in tiny_kb.edges:
        relation = RELATIONS[edge.relation]
        assert tiny_kb.node(edge.subject).type in relation.subject_types
        assert tiny_kb.node(edge.object).type in relation.object_types
        assert all(prov.quote in tiny_kb.source(prov.source).text for prov in edge.provenance)
    assert {node.id for node in tiny_kb.nodes} == {"almonds", "magnesium", "cramp-prevention"}
