"""The curator's words: narration names the source when there are several (QA3 #8), the
add-claim form reads a selection's strength from its sentence (#6), finds and makes the
claim's ends (#7), and says what went wrong in the form's own words (#12)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from streamlit.testing.v1 import AppTest

from graph.drafts import DraftNode, read_draft
from graph.narrate import claim_sentence, claims_sentence, link_sentence, quotes_sentence
from tests import seed
from tests.curation import drafted, number_of, run
from ui.curate_claim import (
    end_names,
    find_ends,
    new_node,
    read_claim,
    sentence_strength,
    strengths_up_to,
)

__all__ = ["drafted"]  # the fixture

ROOT = Path(__file__).resolve().parents[1]
SECOND_TITLE = "Salt and the night shift"
SEEDS_TYPO = "pumpkin-sed|rich_in|magnesium"
STATED = ("almonds", "magnesium", "rich_in")
HEDGED = ("pin-prick", "calf-cramp", "relieves")


def _with_second_source(edge: tuple[str, str, str], strength: str) -> nx.MultiDiGraph:
    """The seed graph with a second article in the knowledge base that alone makes ``edge``."""
    graph = nx.MultiDiGraph(seed.graph())
    sources = dict(graph.graph["sources"])
    sources["night"] = {**sources["calf-cramps-article"], "title": SECOND_TITLE}
    graph.graph["sources"] = sources
    graph.add_edge(
        *edge[:2],
        key=edge[2],
        **{
            **graph.edges[edge],
            "strength": strength,
            "provenance": ({"source": "night", "quote": "Salt helps.", "strength": strength},),
        },
    )
    return graph


@pytest.mark.parametrize(
    ("strength", "opening"),
    [
        ("states", "The article \u201cSalt and the night shift\u201d says that"),
        ("suggests", "The article \u201cSalt and the night shift\u201d suggests that"),
        ("anecdotal", "People quoted in the article \u201cSalt and the night shift\u201d say that"),
    ],
)
def test_a_claim_only_the_new_article_makes_is_credited_to_it_by_title(
    strength: str, opening: str
) -> None:
    graph = _with_second_source(HEDGED, strength)
    assert claim_sentence(graph, HEDGED).startswith(opening)


def test_a_claim_of_the_first_article_is_named_too_once_there_are_two() -> None:
    graph = _with_second_source(HEDGED, "states")
    said = claim_sentence(graph, STATED)
    assert said.startswith("The article \u201cWhat are the causes of spasms")
    assert "\u201cWhat are the causes" in link_sentence(graph, STATED)
    assert "from the article \u201c" in claims_sentence(graph, "almonds")


def test_a_title_holding_and_keeps_the_verb_singular() -> None:
    graph = _with_second_source(HEDGED, "states")
    assert " says that pricking" in claim_sentence(graph, HEDGED)


def test_the_quotes_line_names_the_title_once() -> None:
    graph = _with_second_source(HEDGED, "states")
    said = quotes_sentence(graph, [HEDGED])
    assert said.count(SECOND_TITLE) == 1, said
    assert said.startswith("The article's words:")


def test_with_one_source_the_seed_wording_stays() -> None:
    graph = seed.graph()
    assert claim_sentence(graph, HEDGED) == (
        "The article suggests that pricking with a pin relieves calf muscle cramp."
    )
    assert link_sentence(graph, STATED) == (
        "The article says there is a link from almonds to magnesium."
    )


COACHES = (
    "Many coaches say that a banana before a race prevents cramps, although the research on"
    " this is thin. Stretching may ease a cramp. Almonds contain magnesium."
)


@pytest.mark.parametrize(
    ("words", "read", "firmest_offered"),
    [
        ("a banana before a race prevents cramps", "anecdotal", "anecdotal"),
        ("Stretching", "suggests", "suggests"),
        ("Almonds contain magnesium", "states", "states"),
    ],
)
def test_a_selection_takes_the_strength_of_its_whole_sentence(
    words: str, read: str, firmest_offered: str
) -> None:
    start = COACHES.index(words)
    assert sentence_strength(COACHES, start, start + len(words)) == read
    offered = strengths_up_to(read)
    assert offered[0] == firmest_offered
    assert "states" in offered if read == "states" else "states" not in offered


@pytest.mark.parametrize(
    ("typed", "found"),
    [("charley horse", "calf-cramp"), ("Almonds", "almonds"), ("magnesum", "magnesium")],
)
def test_an_end_is_found_by_synonym_label_or_near_spelling(typed: str, found: str) -> None:
    names = end_names(seed.knowledge_base())
    assert find_ends(names, typed)[0][0] == found


def test_a_draft_new_node_is_offered_as_an_end() -> None:
    node = DraftNode(id="pickle-juice", label="Pickle juice", type="remedy")
    names = end_names(seed.knowledge_base(), [node])
    assert find_ends(names, "pickle")[0][0] == "pickle-juice"


def test_a_new_node_is_checked_field_by_field_before_anything_is_written() -> None:
    names = end_names(seed.knowledge_base())
    fields = {"id": "Brine!", "label": "", "type": "drink", "synonyms": "", "description": ""}
    node, problems = new_node(fields, end="Subject", names=names)
    assert node is None
    said = "\n".join(problems)
    for field in ("new node id", "label", "type", "description"):
        assert f"Subject, {field}: " in said, said
    assert "lowercase letters and digits" in said
    taken = {**fields, "id": "almonds", "label": "Almonds", "type": "food", "description": "x"}
    assert "'almonds' is already a node" in new_node(taken, end="Object", names=names)[1][0]


def test_a_relation_typo_offers_the_nearest_relation(kb_path: Path) -> None:
    edges = kb_path / "edges.yaml"
    edges.write_text(edges.read_text().replace("relation: causes", "relation: cause", 1))
    result = run("validate", kb_path)
    assert result.exit_code == 2
    assert "unknown relation 'cause' (did you mean 'causes'?)" in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("words", "claim"),
    [
        ("night cramps", ("calf-cramp", "occurs_during", "sleep")),
        ("Almonds and spinach contain magnesium", ("almonds", "rich_in", "magnesium")),
    ],
)
def test_a_selection_is_read_as_ingest_reads_it(words: str, claim: tuple[str, ...]) -> None:
    kb = seed.knowledge_base()
    assert read_claim(kb, end_names(kb), words) == claim


def test_an_end_mistyped_from_a_new_node_of_the_draft_is_suggested(drafted: Path) -> None:
    path = drafted / "drafts" / "seeds.yaml"
    path.write_text(path.read_text().replace("subject: pumpkin-seed", "subject: pumpkin-sed", 1))
    result = run("draft", "accept", "seeds", number_of(drafted, SEEDS_TYPO), "--data", drafted)
    assert result.exit_code == 2
    assert "unknown node 'pumpkin-sed' (did you mean 'pumpkin-seed'?)" in result.output


@pytest.mark.parametrize(
    ("typed", "merged", "said"),
    [
        ("almond", "almonds", "Node 'pumpkin-seed' saved."),
        ("Charley horse", "calf-cramp", "Node 'pumpkin-seed' saved."),
        ("almnds", None, "Or merge into: no node is called 'almnds' (did you mean 'almonds'"),
    ],
)
def test_a_new_node_merges_into_a_node_named_by_label_or_synonym(
    drafted: Path, monkeypatch: pytest.MonkeyPatch, typed: str, merged: str | None, said: str
) -> None:
    monkeypatch.setenv("CRAMP_ATLAS_DATA", str(drafted))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["mode"] = "curate"
    at.run()
    at.text_input(key="curate-node-seeds-pumpkin-seed-merge").set_value(typed)
    form = next(b for b in at.button if b.label == "Save node")
    form.click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(m.value for m in [*at.success, *at.error])
    assert said in shown.replace("\\", "").replace("\u2060", ""), shown
    node = next(n for n in read_draft(drafted, "seeds").new_nodes if n.id == "pumpkin-seed")
    assert node.merge_into == merged
