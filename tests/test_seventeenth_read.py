"""The seventeenth read's checks (docs/trust-review-findings.md, "Seventeenth read"): each
fails on the data or code as the reader found them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from graph import build_graph, load_knowledge_base
from graph.errors import SchemaError
from graph.evidence import works_cited
from graph.load import DEFAULT_DATA_DIR
from graph.narrate import claim_sentence
from tests.curation import run

GRAPH = build_graph(load_knowledge_base())


def _summaries() -> dict[str, str]:
    return {
        data["evidence"]["id"]: " ".join(data["evidence"]["summary"].split())
        for *_, data in GRAPH.edges(data=True)
        if data.get("evidence")
    }


def test_the_tabriz_trial_is_not_called_small_nor_merged_into_the_review() -> None:
    """#2: "one small trial in Tabriz ... with inconsistent, low-certainty results": the
    facts give 126 women and "some differences vs placebo", the review's words are its own."""
    summaries = _summaries()
    assert not any("small trial in Tabriz" in text for text in summaries.values())
    calcium = summaries["calcium-prevents-cramps"]
    assert "a Cochrane review's trials (against no treatment or vitamin C) gave inconsistent" in (
        calcium
    )
    # The whole trial's 126 women across its three arms (nineteenth read, #2).
    assert "one trial in Tabriz (126 pregnant women in all, given vitamin D, calcium with" in (
        calcium
    )


def test_muscle_cramps_are_said_as_the_article_says_them() -> None:
    """#3: "Often muscle cramps occur during sleep" said as "calf muscle cramp often occurs
    during sleep"."""
    said = claim_sentence(GRAPH, ("calf-cramp", "sleep", "occurs_during"))
    assert said == (
        "The article says that muscle cramps often occur during sleep; the tool reads"
        " \u201cmuscle cramps\u201d as calf muscle cramp."
    )
    qualifier = GRAPH.edges["calf-cramp", "sleep", "occurs_during"]["evidence"]["qualifier"]
    assert qualifier == "the figures are for night cramps in the legs"


def test_validate_refuses_muscle_cramps_read_as_calf_cramps(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    edges = data / "edges.yaml"
    edges.write_text(
        edges.read_text("utf-8").replace("    said_as: {subject: muscle cramps}\n", "", 1), "utf-8"
    )
    with pytest.raises(SchemaError) as err:
        load_knowledge_base(data)
    assert any("'muscle cramps', wider than" in str(p) for p in err.value.problems)


def test_a_figure_no_one_pinned_to_a_work_is_not_credited_to_one() -> None:
    """#4: "up to 50-60% ... (a family-medicine review, Allen and Kirby 2012)": row E26
    gives the figure with three sources and does not say whose it is."""
    for text in _summaries().values():
        for found in re.finditer(r"50-60%[^;]*", text):
            assert "Allen and Kirby" not in found[0], found[0]
            assert re.search(r"works (?:cited|gathered)", found[0]), found[0]


@pytest.mark.parametrize(
    ("node", "term"),
    [
        ("raisins", "sultanas"),
        ("venous-insufficiency", "chronic venous disease"),
        ("varicose-veins", "varices"),
    ],
)
def test_a_variety_or_wider_term_is_no_other_name(node: str, term: str) -> None:
    """#5: "Also called: ... sultanas", "chronic venous disease", "varices"."""
    data = GRAPH.nodes[node]
    assert term not in data["synonyms"]
    assert term in [t for terms in data["related"].values() for t in terms]


def test_show_heads_a_prescribing_claim_by_the_articles_word() -> None:
    """#6: "recommended for (2)" above "... are prescribed for calf muscle cramp"."""
    shown = run("show", "medications").output.splitlines()
    heading = shown.index("prescribed for (1)")
    assert "are prescribed for calf muscle cramp" in shown[heading + 1]
    assert "recommended for (1)" not in shown


def test_a_work_says_its_kind_once() -> None:
    """#8: "Katzberg HD & Sadeghian H (review, review (journal not recorded), ...)"."""
    records = {data["evidence"].get("id") for *_, data in GRAPH.edges(data=True)}
    named = works_cited(GRAPH, records)
    assert not any("review, review" in work for work in named)
    assert "Katzberg HD & Sadeghian H (review (journal not recorded), as context)" in named
