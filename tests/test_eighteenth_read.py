"""The eighteenth read's checks (docs/trust-review-findings.md, "Eighteenth read"): each
fails on the data or code as the reader found them."""

from __future__ import annotations

import re

from graph import build_graph, load_knowledge_base
from tests.curation import run

GRAPH = build_graph(load_knowledge_base())


def _evidence(subject: str, obj: str, relation: str) -> dict:
    return GRAPH.edges[subject, obj, relation]["evidence"]


def test_a_spine_verdict_does_not_reach_an_injury() -> None:
    """#3: "supported (for lumbar spinal stenosis, a pinched nerve and spinal cord injury
    only)": row E24 covers nerve compression and lumbar stenosis."""
    evidence = _evidence("spine-disease", "calf-cramp", "associated_with")
    assert "injury" not in evidence["qualifier"]
    assert "injury" not in evidence.get("note", "")


def test_the_lifetime_figure_is_reported_and_its_sources_all_named() -> None:
    """#2: "up to 50-60% of adults have had them (a figure of the works cited, which one
    gives it not recorded)": the row says "report", and names three works."""
    found = 0
    for *_, data in GRAPH.edges(data=True):
        summary = " ".join((data.get("evidence") or {}).get("summary", "").split())
        for figure in re.finditer(r"50-60% of adults[^;]*", summary):
            found += 1
            assert "report" in figure[0], figure[0]
            for work in ("family-medicine review", "survey", "guidance"):
                assert work in figure[0], (work, figure[0])
    assert found >= 2


def test_a_figure_read_in_a_summary_is_credited_to_the_summary() -> None:
    """#5: the Edinburgh Vein Study's 34%, read only in an AAFP summary (row E17)."""
    summary = " ".join(
        _evidence("varicose-veins", "calf-cramp", "associated_with")["summary"].split()
    )
    assert "(34%, per a summary in American Family Physician)" in summary


def test_dried_apricots_have_no_exact_mesh_heading() -> None:
    """#6: "MeSH D000068219" (the apricot plant) given as exact for dried apricots."""
    node = GRAPH.nodes["dried-apricots"]
    assert "mesh" not in node["identifiers"]
    assert {"D000068219", "D057141"} <= set(node["related_mesh"])


def test_show_says_fortified_once() -> None:
    """#7: "Milk, whole 3.25%, unfortified, not fortified"."""
    shown = run("show", "dairy-products").output
    assert "unfortified, not fortified" not in shown
    assert "Milk, whole 3.25%, unfortified: 113 mg per 100 g" in shown
