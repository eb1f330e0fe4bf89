"""The tenth read's checks (docs/trust-review-findings.md, "Tenth read"): each fails on the
data or code as the reader found them."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from graph import build_graph, load_knowledge_base
from graph.load import DEFAULT_DATA_DIR
from graph.narrate import edge_verdict_sentence
from graph.portions import band
from graph.transcript import transcript_sections
from tests.data_edits import problems_after

GRAPH = build_graph(load_knowledge_base())


def _texts() -> dict[str, str]:
    """Every evidence summary, tour step and entry question in the data, by where it is."""
    texts = {
        f"evidence {record['id']}": " ".join(str(record.get("summary")).split())
        for record in yaml.safe_load((DEFAULT_DATA_DIR / "evidence.yaml").read_text())["evidence"]
    }
    for path in sorted((DEFAULT_DATA_DIR / "tours").glob("*.yaml")):
        for number, step in enumerate(yaml.safe_load(path.read_text("utf-8"))["steps"], 1):
            for field in ("narration", "answer"):
                texts[f"{path.stem} {number} {field}"] = " ".join(str(step.get(field)).split())
    return texts


def test_the_supplements_headline_is_no_wider_than_its_parts() -> None:
    """#1: one "not supported" over pregnancy (mixed), calcium (insufficient) and vitamin B
    complex (possibly effective), credited to "Reviews" though a guideline is among them."""
    edge = ("dietary-supplements", "calf-cramp", "treats")
    assert GRAPH.edges[edge]["verdict"] == "insufficient"
    said = edge_verdict_sentence(GRAPH, edge)
    assert said.startswith("The tool, weighing two reviews and a guideline, finds the evidence")
    assert "(not supported for magnesium supplements in older adults" in said


def test_the_tabriz_trial_is_described_with_both_its_arms() -> None:
    """#2: "a trial of vitamin D supplements" left out its calcium with vitamin D arm, the
    combination the article says doctors prescribe."""
    described = {where: text for where, text in _texts().items() if "Tabriz" in text}
    assert described, "the trial is described somewhere"
    for where, text in described.items():
        assert "calcium with vitamin D" in text, where


def test_no_verdict_is_reasoned_from_a_missing_study() -> None:
    """#3: "no study found gives a figure ..., so the evidence is mixed and weak"."""
    for where, text in _texts().items():
        assert not re.search(r"\bno (?:study|trial)\b[^.]*\bso the evidence\b", text), where


def test_the_spine_scope_names_every_condition_its_summary_cites() -> None:
    """#4: "lumbar spinal stenosis and a pinched nerve only" beside spinal cord injury. The
    eighteenth read (#3): spinal cord injury is an injury, not a spine disease, so the
    summary names it as that, outside the verdict's scope."""
    evidence = GRAPH.edges["spine-disease", "calf-cramp", "associated_with"]["evidence"]
    assert "spinal cord injury, an injury, not a disease" in evidence["summary"]
    assert evidence["qualifier"] == "for lumbar spinal stenosis and a pinched nerve only"


def test_a_food_read_on_two_bases_says_both_readings() -> None:
    """#5: walnuts "a rich source" per 100 g beside a handful's 11-14%, which the tool's own
    scale calls moderate: where per 100 g and a usual portion read differently, the record
    says both words."""
    checked = 0
    for food, nutrient, data in GRAPH.edges(data=True):
        if not data.get("amounts"):
            continue
        intakes = GRAPH.nodes[nutrient]["daily_intake"]
        if not intakes:
            continue
        rda = max(intake["amount"] for intake in intakes)
        said = f"{data['evidence'].get('summary', '')} {data['evidence'].get('qualifier') or ''}"
        for amount in data["amounts"]:
            if not amount.get("serving"):
                continue
            per_100g, portion = (
                band(amount["per_100g"], rda),
                band(amount["serving"]["amount"], rda),
            )
            if per_100g != portion:
                checked += 1
                assert per_100g in said and portion in said, (food, nutrient, amount["item"])
    assert checked >= 5


def test_the_compare_lines_keep_each_verdicts_scope() -> None:
    """#6: "| verdict: not supported |" in the comparisons, without "as standard practice"."""
    sections = list(transcript_sections(GRAPH, (), ()))
    start = next(i for i, part in enumerate(sections) if "COMPARE" in part)
    end = next(i for i, part in enumerate(sections) if "HANDOUTS" in part)
    compared = "\n".join(sections[start + 1 : end])
    assert "| verdict: " not in compared
    said = "prescribed for calf muscle cramp. | The tool, weighing a review and a guideline, finds"
    assert f"{said} this claim not supported (as standard practice" in compared


def test_a_press_summary_is_credited_as_one() -> None:
    """#7: a point of the AAN's taken from a 2010 press summary was said as the Academy's."""
    for where, text in _texts().items():
        if re.search(r"Academy of Neurology[^.;]*low blood calcium", text):
            assert "press summary" in text, where


def test_a_claim_left_unassessed_on_purpose_is_not_promised_an_assessment() -> None:
    """#8: "The tool has not assessed this claim yet. ... there is nothing to test"."""
    edge = ("magnesium-deficiency", "magnesium", "deficiency_of")
    assert edge_verdict_sentence(GRAPH, edge) == "The tool has not assessed this claim."


def test_a_description_from_the_tools_word_list_says_whose_words_it_is(tmp_path: Path) -> None:
    """#9: "Dried grapes." with no origin, beside descriptions that each name theirs."""
    said = problems_after(
        tmp_path,
        "nodes.yaml",
        "description: Dried grapes, in the tool's words.",
        "description: Dried grapes.",
    )
    assert any("say whose words the description is" in message for message in said), said
