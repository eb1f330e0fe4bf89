"""The twelfth read's checks (docs/trust-review-findings.md, "Twelfth read"): each fails
on the data or code as the reader found them."""

from __future__ import annotations

import re

import yaml

from graph import build_graph, load_knowledge_base
from graph.load import DEFAULT_DATA_DIR
from graph.narrate import edge_verdict_sentence
from graph.paths import find_paths, format_path

GRAPH = build_graph(load_knowledge_base())


def _texts() -> dict[str, str]:
    """Every summary, qualifier, description and tour text of the data, by where it is."""
    texts = {}
    evidence = yaml.safe_load((DEFAULT_DATA_DIR / "evidence.yaml").read_text("utf-8"))
    for record in evidence["evidence"]:
        for field in ("summary", "qualifier", "note"):
            texts[f"evidence {record['id']} {field}"] = str(record.get(field) or "")
    for node in yaml.safe_load((DEFAULT_DATA_DIR / "nodes.yaml").read_text("utf-8"))["nodes"]:
        texts[f"node {node['id']}"] = node["description"]
    for path in sorted((DEFAULT_DATA_DIR / "tours").glob("*.yaml")):
        for number, step in enumerate(yaml.safe_load(path.read_text("utf-8"))["steps"], 1):
            for field in ("narration", "question", "answer"):
                texts[f"{path.stem} {number} {field}"] = str(step.get(field) or "")
    return texts


def test_a_verdict_read_from_what_works_leave_out_is_the_tools() -> None:
    """#1: "The works cited, a review and a guideline, find this claim not supported": the
    guideline and the review never judged the claim; the tool reads their silence."""
    for edge in (
        ("medications", "calf-cramp", "recommended_for"),
        ("calcium", "cramp-prevention", "contributes_to"),
    ):
        said = edge_verdict_sentence(GRAPH, edge)
        assert said.startswith("The tool, weighing a review and a guideline, finds"), said
    medications = edge_verdict_sentence(GRAPH, ("medications", "calf-cramp", "recommended_for"))
    assert "the American Academy of Neurology rates other treatments possibly" in medications


def test_the_liver_scope_does_not_contradict_its_own_figure() -> None:
    """#2: "other liver diseases were not checked" beside chronic hepatitis's 7.5%."""
    summary = GRAPH.edges["liver-disease", "calf-cramp", "associated_with"]["evidence"]["summary"]
    assert "other liver diseases were not checked" not in summary
    assert "not liver disease in general" in summary and "7.5% of those with chronic" in summary


def test_the_diseases_step_keeps_the_records_caveats() -> None:
    """#3: "Studies ... link cramps to one kind of each: 48% of 150 people with type 2
    diabetes" without "no comparison group", and one kind of spine disease."""
    narration = " ".join(_texts()["why-calves-cramp 5 narration"].split())
    assert "link cramps" not in narration
    # Thirteenth read, F3 and F7: each figure with its sample, MedlinePlus named as itself.
    # Fourteenth read, #2: what the figures cover, as the facts give it.
    # Twentieth read, #8: "reported ... in the past 3 months", the scope in fewer words.
    assert "(people with diabetes only)" in narration and "48% of 150" in narration
    assert "reported cramps in the past 3 months" in narration
    assert "a review names lumbar spinal stenosis, MedlinePlus a pinched nerve" in narration


def test_a_path_header_flags_a_step_supported_only_in_a_scope() -> None:
    """#4: "... <-associated with- Diabetes mellitus" unflagged though supported for type 2
    diabetes only."""
    path = find_paths(GRAPH, "diabetes-mellitus", "magnesium-deficiency")[0]
    assert "[step 1: supported (for type 2 diabetes only;" in format_path(GRAPH, path)


def test_what_a_search_found_is_not_said_of_the_world() -> None:
    """#5: "The idea ... appears only on commercial pages"; "only lifestyle blogs repeat"."""
    for where, text in _texts().items():
        flat = " ".join(text.split())
        assert not re.search(r"\bappears only on\b|\bonly [a-z ]+ repeat\b", flat), where


def test_the_prevention_verdict_keeps_its_certainty_in_the_narration() -> None:
    """#6: the wall stretch "mixed but favourable" without "low certainty"."""
    narration = " ".join(_texts()["what-helps-during-a-cramp 3 narration"].split())
    assert "mixed but favourable, at low certainty" in narration
    # Thirteenth read, F8: "nightly" is the trial's, not the review's.
    assert "a trial of nightly stretching (adults over 55) and a review of three" in narration


def test_descriptions_credit_their_readings() -> None:
    """#11: "by the usual 100 mg threshold"; "(a literal translation of the Russian term)"."""
    texts = _texts()
    # Fifteenth read, #1: the daily amounts are the ODS's, the 100 mg line the tool's.
    assert "need 310-420 mg a day (NIH Office of Dietary Supplements)" in texts["node magnesium"]
    assert "the tool takes as a macromineral's line" in texts["node calcium"]
    assert "the tool reads it as a literal translation" in texts["node dietary-supplements"]


def test_no_word_is_split_by_a_folded_line() -> None:
    """#13: "family- medicine" (26 times): a hyphen at a folded line's end became a space."""
    for where, text in _texts().items():
        assert not re.search(r"[a-z]- [a-z]", " ".join(text.split())), where
