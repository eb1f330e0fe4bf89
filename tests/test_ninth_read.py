"""The ninth read's checks (docs/trust-review-findings.md, "Ninth read"): each fails on the
code or data as the reader found them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from graph import build_graph, load_knowledge_base
from graph.cli import cli
from graph.quiz import make_quiz
from graph.schema import VERDICTS
from tests.data_edits import problems_after

GRAPH = build_graph(load_knowledge_base())
ABSENT, AGAINST = VERDICTS["no evidence found"].label, VERDICTS["not supported"].label


def test_no_verdict_item_offers_not_supported_beside_no_evidence_found() -> None:
    """#3: in plain English a claim nothing backs is "not supported", so the two verdicts
    are never offered together (S0-Q11 pin prick, S0-Q19 epilepsy, S2-Q10 lemon)."""
    asked = 0
    for seed in range(10):
        for item in make_quiz(GRAPH, seed=seed):
            if item.kind == "verdict" and item.options[item.answer] in {ABSENT, AGAINST}:
                asked += 1
                assert not {ABSENT, AGAINST} <= set(item.options), (seed, item.prompt)
    assert asked, "the seeds ask about both verdicts"


def test_show_lists_the_related_works_a_summary_describes() -> None:
    """#4: the dry-needling trial (Temel 2023) and the Tabriz vitamin D trial were described
    but never listed, so an educator could not look them up; every related work of every
    claim is listed under its summary, marked as context, not evidence."""
    for subject, _obj, data in GRAPH.edges(data=True):
        related = (data.get("evidence") or {}).get("related") or ()
        if not related:
            continue
        shown = CliRunner().invoke(cli, ["show", subject]).stdout
        for work in related:
            assert f"related, not evidence for this claim: {work['citation']}" in shown, subject
    pin = CliRunner().invoke(cli, ["show", "pin-prick"]).stdout
    assert "Temel and colleagues, 2023" in pin and "Temel MH et al. (2023)" in pin


def test_the_medications_claim_names_what_row_e6_judges(tmp_path: Path) -> None:
    """#2: "Reviews find 'medications are prescribed for calf muscle cramp' not supported"
    read as a verdict on every drug; row E6 judges magnesium and calcium with vitamin D,
    and the claim now says so, in the article's words (a gloss of the tool's is refused)."""
    text = CliRunner().invoke(cli, ["show", "medications"]).stdout
    assert "medications (magnesium and calcium with vitamin D) are prescribed for calf" in text
    said = problems_after(
        tmp_path,
        "edges.yaml",
        "subject_as: magnesium and calcium with vitamin D",
        "subject_as: magnesium and zinc with vitamin D",
    )
    assert any(".subject_as: " in message for message in said), said


def test_a_verdict_on_whether_a_remedy_works_is_not_put_on_its_prescribing() -> None:
    """#1, #5: rows E16 (supplements treat the cramps) and E15 (the foods prevent them)
    judge the tool's reading of "are prescribed", which is marked inferred; the claim that
    they are prescribed is no longer given their verdicts."""
    for subject, relation, verdict in (
        ("dietary-supplements", "treats", VERDICTS["insufficient"].label),
        ("special-nutrition", "prevents", ABSENT),
    ):
        edge = GRAPH.edges[subject, "calf-cramp", relation]
        assert edge["strength"] == "inferred"
        assert VERDICTS[edge["verdict"]].label == verdict
        assert not GRAPH.has_edge(subject, "calf-cramp", "recommended_for")
        shown = CliRunner().invoke(cli, ["show", subject]).stdout
        assert "The tool infers that" in shown and "are prescribed" in shown
