"""Reviewing a draft: list, accept (new claims, more sources on old ones), reject, coverage."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest

from graph.drafts import edit_candidate, read_draft
from graph.errors import SchemaError
from graph.load import load_knowledge_base
from tests.curation import SEEDS, STRETCH, describe_new_node, drafted, number_of, run
from tests.hostile_world import snapshot

__all__ = ["drafted"]  # the fixture, shared with the Curate view's tests


def test_draft_list_counts_and_lists_candidates(drafted: Path) -> None:
    result = run("draft", "list", "--data", drafted, "--json")
    assert result.exit_code == 0, result.output
    (summary,) = json.loads(result.stdout)
    assert summary["source"] == "seeds" and summary["proposed"] >= 3
    listing = run("draft", "list", "seeds", "--data", drafted)
    assert "seated-toe-pull -relieves-> calf-cramp" in listing.stdout
    assert "[negated]" in listing.stdout


def test_accepting_a_known_claim_adds_a_second_source(drafted: Path) -> None:
    before = (drafted / "edges.yaml").read_text().splitlines()
    result = run("draft", "accept", "seeds", number_of(drafted, STRETCH), "--data", drafted)
    assert result.exit_code == 0, result.output
    assert "another source for: seated-toe-pull relieves calf-cramp" in result.stdout
    after = (drafted / "edges.yaml").read_text().splitlines()
    assert len(after) == len(before) + 3
    diff = list(difflib.ndiff(before, after))
    assert not [line for line in diff if line.startswith("- ")], "no line changed or removed"
    inserted = [line[2:] for line in diff if line.startswith("+ ")]
    assert inserted == [
        "      - source: seeds",
        "        quote: A seated toe pull relieves a cramp within a minute.",
        "        strength: states",
    ]
    kb = load_knowledge_base(drafted)
    edge = next(e for e in kb.edges if e.key == STRETCH)
    assert {p.source for p in edge.provenance} == {"calf-cramps-article", "seeds"}
    assert read_draft(drafted, "seeds").by_number[number_of(drafted, STRETCH)].status == "accepted"


def test_a_new_node_needs_a_description_before_its_claim_is_accepted(drafted: Path) -> None:
    before = snapshot(drafted)
    result = run("draft", "accept", "seeds", number_of(drafted, SEEDS), "--data", drafted)
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("data/drafts/seeds.yaml:")
    assert "new_nodes[" in line and "description" in line
    assert snapshot(drafted) == before


def test_accepting_a_new_claim_writes_it_not_assessed(drafted: Path) -> None:
    describe_new_node(drafted, "pumpkin-seed", "The flat green seeds of a pumpkin.")
    result = run("draft", "accept", "seeds", number_of(drafted, SEEDS), "--data", drafted)
    assert result.exit_code == 0, result.output
    assert "new node: pumpkin-seed" in result.stdout
    kb = load_knowledge_base(drafted)
    assert kb.node("pumpkin-seed").type == "food"
    record = kb.evidence_for(SEEDS)
    assert record.verdict == "not assessed"
    assert f'"{kb.source("seeds").title}"' in record.summary, "a reader knows it by its title"
    claims = (drafted / "claims-seeds.yaml").read_text()
    assert claims.startswith("# Claims accepted from source 'seeds'")


def _give_synonyms(data_dir: Path, node_id: str, synonyms: str) -> None:
    path = data_dir / "drafts" / "seeds.yaml"
    text = path.read_text()
    at = text.index("synonyms: []", text.index(f"  - id: {node_id}\n"))
    path.write_text(text[:at] + f"synonyms: {synonyms}" + text[at + len("synonyms: []") :])


def test_a_new_node_says_where_its_description_and_synonyms_come_from(drafted: Path) -> None:
    describe_new_node(drafted, "pumpkin-seed", "The flat green seeds of a pumpkin.")
    _give_synonyms(drafted, "pumpkin-seed", "[pumpkin seeds]")
    result = run("draft", "accept", "seeds", number_of(drafted, SEEDS), "--data", drafted)
    assert result.exit_code == 0, result.output
    node = load_knowledge_base(drafted).node("pumpkin-seed")
    assert node.description_from == ("curator",)  # the curator wrote it, not the article
    assert node.synonym_origins == {"seeds": ("pumpkin seeds",)}


def test_a_new_synonym_the_source_does_not_use_is_refused(drafted: Path) -> None:
    describe_new_node(drafted, "pumpkin-seed", "The flat green seeds of a pumpkin.")
    _give_synonyms(drafted, "pumpkin-seed", "[pepitas]")
    before = snapshot(drafted)
    result = run("draft", "accept", "seeds", number_of(drafted, SEEDS), "--data", drafted)
    assert result.exit_code == 2, result.output
    # At the synonym the curator wrote in the draft, not in the claims file accepting makes.
    assert re.match(
        r"data/drafts/seeds\.yaml:\d+: new_nodes\[0\]\.synonyms\[0\]: 'pepitas' is not a word"
        r" of source 'seeds'$",
        result.stderr,
    ), result.stderr
    assert snapshot(drafted) == before


@pytest.mark.parametrize(
    ("name", "code", "says"),
    [
        ("almonds", 0, "another source for: almonds rich_in magnesium"),
        ("Sweet Almond", 0, "another source for: almonds rich_in magnesium"),
        ("gourd", 2, "merge_into: merge_into names no node 'gourd'"),
    ],
    ids=["id", "synonym", "unknown"],
)
def test_merge_into_takes_an_id_or_a_synonym_and_locates_an_unknown_name(
    drafted: Path, name: str, code: int, says: str
) -> None:
    path = drafted / "drafts" / "seeds.yaml"
    path.write_text(
        path.read_text().replace(
            "  - id: pumpkin-seed\n", f"  - id: pumpkin-seed\n    merge_into: {name}\n"
        )
    )
    result = run("draft", "accept", "seeds", number_of(drafted, SEEDS), "--data", drafted)
    assert result.exit_code == code, result.output
    assert says in (result.stdout if code == 0 else result.stderr)


def test_rejecting_marks_the_draft_only(drafted: Path) -> None:
    data_before = {k: v for k, v in snapshot(drafted).items() if not k.startswith("drafts")}
    number = number_of(drafted, SEEDS)
    result = run("draft", "reject", "seeds", number, "--data", drafted)
    assert result.exit_code == 0, result.output
    assert read_draft(drafted, "seeds").by_number[number].status == "rejected"
    assert {k: v for k, v in snapshot(drafted).items() if not k.startswith("drafts")} == data_before
    again = run("draft", "reject", "seeds", number, "--data", drafted)
    assert again.exit_code == 2 and "already rejected" in again.stderr


def test_a_negated_candidate_is_never_accepted(drafted: Path) -> None:
    draft = read_draft(drafted, "seeds")
    negated = next(c for c in draft.candidates if c.negated)
    before = snapshot(drafted)
    result = run("draft", "accept", "seeds", negated.n, "--data", drafted)
    assert result.exit_code == 2 and "denies" in result.stderr
    assert snapshot(drafted) == before


def test_unknown_number_is_refused(drafted: Path) -> None:
    result = run("draft", "accept", "seeds", 999, "--data", drafted)
    assert result.exit_code == 2 and "no candidate 999" in result.stderr


@pytest.mark.parametrize(
    ("broken", "words"),
    [
        ("candidates:\n  - n: 1\n    status: [proposed\n", "seeds.yaml:3: invalid YAML"),
        ("source: seeds\ncandidates:\n  - n: 1\n    status: maybe\n", "4: candidates[0].status"),
    ],
)
def test_a_draft_broken_by_hand_gets_one_located_message(
    drafted: Path, broken: str, words: str
) -> None:
    (drafted / "drafts" / "seeds.yaml").write_text(broken)
    before = snapshot(drafted)
    for command in (["draft", "list"], ["draft", "accept", "seeds", "1"]):
        result = run(*command, "--data", drafted)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        lines = result.stderr.strip().splitlines()
        assert all(line.startswith("data/drafts/seeds.yaml:") for line in lines), lines
        assert words in result.stderr
    assert snapshot(drafted) == before


def test_an_edit_that_would_not_validate_writes_nothing(drafted: Path) -> None:
    number = number_of(drafted, STRETCH)
    edit_candidate(drafted, "seeds", number, {"relation": "rich_in"})
    before = snapshot(drafted)
    result = run("draft", "accept", "seeds", number, "--data", drafted)
    assert result.exit_code == 2
    # Located at the candidate in the draft, not in a claims file that was never written.
    lines = (drafted / "drafts" / "seeds.yaml").read_text().splitlines()
    subject_line = lines.index(f"  - n: {number}") + 3
    where = f"data/drafts/seeds.yaml:{subject_line}: candidates[{number - 1}].subject"
    assert f"{where}: a remedy cannot be the subject" in result.stderr, result.stderr
    assert "claims-seeds.yaml" not in result.stderr
    assert snapshot(drafted) == before


def test_edit_refuses_an_unknown_relation(drafted: Path) -> None:
    with pytest.raises(SchemaError, match=r"seeds\.yaml:\d+: candidates\[\d\]\.relation"):
        edit_candidate(drafted, "seeds", number_of(drafted, STRETCH), {"relation": "heals"})


def test_coverage_names_sentences_with_nodes_but_no_claim(drafted: Path) -> None:
    run("draft", "accept", "seeds", number_of(drafted, STRETCH), "--data", drafted)
    result = run("coverage", "seeds", "--data", drafted, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["grounded"] == [1]
    texts = [s["text"] for s in report["unclaimed"]]
    assert "Almonds do not prevent cramps." in texts
    assert report["share"] == pytest.approx(1 / report["sentences"])


def test_coverage_of_an_unknown_source_exits_2(kb_path: Path) -> None:
    result = run("coverage", "nope", "--data", kb_path)
    assert result.exit_code == 2 and "calf-cramps-article" in result.stderr


def test_an_unknown_end_is_located_with_the_closest_node_id(drafted: Path) -> None:
    number = number_of(drafted, STRETCH)
    edit_candidate(drafted, "seeds", number, {"object": "calf-cramps"})
    before = snapshot(drafted)
    result = run("draft", "accept", "seeds", number, "--data", drafted)
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert re.fullmatch(
        r"data/drafts/seeds\.yaml:\d+: candidates\[\d+\]\.object: unknown node 'calf-cramps'"
        r" \(did you mean 'calf-cramp'\?\); use a node id or add it under new_nodes",
        line,
    ), line
    assert snapshot(drafted) == before
