"""What writing the data folder must never do: touch records it was not aimed at, lose
another curator's work, leave a text without its record, refuse what ingest proposed,
credit a curator's words to the article, or be impossible to undo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from graph.build import build_graph
from graph.curate_io import dump_yaml, load_round_trip, unshared, write_checked
from graph.drafts import edit_candidate, read_draft
from graph.errors import SchemaError
from graph.load import load_knowledge_base
from graph.safe_io import data_lock
from graph.source import coverage
from tests.curation import SEEDS, STRETCH, describe_new_node, drafted, number_of, run

ROOT = Path(__file__).resolve().parent.parent
DIABETES = "diabetes-mellitus|associated_with|calf-cramp"
SIGN = "Signs\n\nFrequent cramps can be a sign of diabetes mellitus.\n"
__all__ = ["drafted"]  # the fixture, imported for pytest
"""The edge that owns the ``&diseases`` anchor five other disease edges alias."""


def _ingest(data: Path, tmp_path: Path, source_id: str, text: str) -> None:
    article = tmp_path / f"{source_id}.txt"
    article.write_text(text, encoding="utf-8")
    result = run("ingest", article, "--id", source_id, "--title", source_id, "--data", data)
    assert result.exit_code == 0, result.output


def _quotes(data: Path) -> dict[str, set[tuple[str, str]]]:
    """Every edge's (source, quote) pairs, by edge key."""
    return {
        edge.key: {(p.source, p.quote or "") for p in edge.provenance}
        for edge in load_knowledge_base(data).edges
    }


@pytest.mark.parametrize(
    ("article", "key"),
    [
        ("Almonds are rich in magnesium, which the muscles need.", "almonds|rich_in|magnesium"),
        ("Walnuts are rich in magnesium.", "walnuts|rich_in|magnesium"),
    ],
)
def test_a_quote_accepted_onto_an_edge_sharing_an_anchor_lands_on_that_edge_only(
    kb_path: Path, tmp_path: Path, article: str, key: str
) -> None:
    before = _quotes(kb_path)
    _ingest(kb_path, tmp_path, "nuts", f"Nuts\n\n{article}\n")
    result = run("draft", "accept", "nuts", 1, "--data", kb_path)
    assert result.exit_code == 0, result.output
    after = _quotes(kb_path)
    quote = read_draft(kb_path, "nuts").candidates[0].quote
    assert after[key] - before[key] == {("nuts", quote)}
    changed = sorted(k for k in before if before[k] != after[k])
    assert changed == [key]


def test_the_edge_owning_an_anchor_gets_its_own_copy_and_the_aliases_keep_theirs(
    kb_path: Path, tmp_path: Path
) -> None:
    before = _quotes(kb_path)
    _ingest(kb_path, tmp_path, "signs", SIGN)
    number = next(
        c.n for c in read_draft(kb_path, "signs").candidates if c.subject == "diabetes-mellitus"
    )
    edit_candidate(kb_path, "signs", number, {"relation": "associated_with"})
    result = run("draft", "accept", "signs", number, "--data", kb_path)
    assert result.exit_code == 0, result.output
    after = _quotes(kb_path)
    assert sorted(k for k in before if before[k] != after[k]) == [DIABETES]
    assert "*diseases" in (kb_path / "edges.yaml").read_text(encoding="utf-8")


def test_a_write_that_edits_a_shared_anchor_in_place_is_refused(kb_path: Path) -> None:
    edges = load_round_trip(kb_path / "edges.yaml")
    owner = next(e for e in edges["edges"] if e["subject"] == "diabetes-mellitus")
    owner["provenance"].append(
        {"source": "calf-cramps-article", "quote": "x", "strength": "inferred"}
    )
    before = (kb_path / "edges.yaml").read_bytes()
    with pytest.raises(SchemaError, match=r"would also change edges:epilepsy\|associated_with"):
        write_checked(kb_path, {Path("edges.yaml"): dump_yaml(edges)}, aimed={f"edges:{DIABETES}"})
    assert (kb_path / "edges.yaml").read_bytes() == before


def test_unshared_copies_only_what_is_anchored(kb_path: Path) -> None:
    edges = load_round_trip(kb_path / "edges.yaml")["edges"]
    position = next(i for i, e in enumerate(edges) if e["subject"] == "epilepsy")
    shared = edges[position]["provenance"]
    own = unshared(edges, position, "provenance")
    assert own is not shared and own == shared
    assert unshared(edges, position, "provenance") is own  # a copy is made once


def test_a_candidate_naming_an_end_in_wider_words_is_accepted_as_proposed(
    kb_path: Path, tmp_path: Path
) -> None:
    _ingest(kb_path, tmp_path, "lack", "Lack\n\nA lack of magnesium can cause muscle cramps.\n")
    (candidate,) = read_draft(kb_path, "lack").candidates
    assert candidate.said_as == {"object": "muscle cramps"}
    result = run("draft", "accept", "lack", candidate.n, "--data", kb_path)
    assert result.exit_code == 0, result.output
    edge = next(e for e in load_knowledge_base(kb_path).edges if e.key == _key(candidate))
    assert edge.said_as == {"object": "muscle cramps"}


def _key(candidate: object) -> str:
    return "|".join(getattr(candidate, end) for end in ("subject", "relation", "object"))


def test_a_quote_that_does_not_say_its_relation_is_proposed_inferred_and_accepted(
    kb_path: Path, tmp_path: Path
) -> None:
    _ingest(kb_path, tmp_path, "signs", SIGN)
    candidates = [c for c in read_draft(kb_path, "signs").candidates if not c.negated]
    assert candidates and all(c.strength == "inferred" for c in candidates)
    number = next(c.n for c in candidates if c.subject == "diabetes-mellitus")
    result = run("draft", "accept", "signs", number, "--data", kb_path)
    assert result.exit_code == 0, result.output


def _graph(*args: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "graph", *map(str, args)]
    return subprocess.Popen(command, cwd=ROOT, env=env, text=True, stderr=subprocess.PIPE)


def _race(*commands: tuple[object, ...]) -> None:
    processes = [_graph(*command) for command in commands]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err


def test_ingests_at_once_keep_every_record(kb_path: Path, tmp_path: Path) -> None:
    articles = {
        "nuts-a": "Almonds are rich in magnesium.",
        "seeds-b": "Buckwheat is rich in magnesium.",
        "nuts-c": "Walnuts are rich in magnesium.",
    }
    for name, sentence in articles.items():
        (tmp_path / f"{name}.txt").write_text(f"{name}\n\n{sentence}\n", encoding="utf-8")
    _race(
        *(
            ("ingest", tmp_path / f"{name}.txt", "--id", name, "--title", name, "--data", kb_path)
            for name in articles
        )
    )
    kb = load_knowledge_base(kb_path)
    assert set(articles) <= {source.id for source in kb.sources}
    assert {path.stem for path in (kb_path / "drafts").glob("*.yaml")} == set(articles)


def test_two_accepts_at_once_keep_both_quotes(kb_path: Path, tmp_path: Path) -> None:
    _ingest(kb_path, tmp_path, "nuts-a", "A\n\nAlmonds are rich in magnesium.\n")
    _ingest(kb_path, tmp_path, "nuts-b", "B\n\nWalnuts are rich in magnesium.\n")
    _race(*(("draft", "accept", name, 1, "--data", kb_path) for name in ("nuts-a", "nuts-b")))
    quotes = _quotes(kb_path)
    assert ("nuts-a", "Almonds are rich in magnesium.") in quotes["almonds|rich_in|magnesium"]
    assert ("nuts-b", "Walnuts are rich in magnesium.") in quotes["walnuts|rich_in|magnesium"]


def test_a_writer_kept_waiting_names_who_holds_the_data(kb_path: Path, tmp_path: Path) -> None:
    _ingest(kb_path, tmp_path, "nuts", "Nuts\n\nAlmonds are rich in magnesium.\n")
    before = (kb_path / "drafts" / "nuts.yaml").read_bytes()
    with data_lock(kb_path, what="draft accept other"):
        process = _graph("draft", "reject", "nuts", 1, "--data", kb_path)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert len(err.strip().splitlines()) == 1
    assert f"draft accept other (process {os.getpid()}" in err
    assert "try again" in err
    assert (kb_path / "drafts" / "nuts.yaml").read_bytes() == before


def test_a_lock_dies_with_its_holder(kb_path: Path, tmp_path: Path) -> None:
    """A writer that crashes holding the lock leaves none behind: the next one writes."""
    code = (
        "import os, sys; from pathlib import Path; from graph.safe_io import data_lock\n"
        f"with data_lock(Path({str(kb_path)!r}), what='crash'):\n"
        "    os._exit(9)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    crashed = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=False)
    assert crashed.returncode == 9
    _ingest(kb_path, tmp_path, "nuts", "Nuts\n\nAlmonds are rich in magnesium.\n")


def test_a_failed_ingest_leaves_no_text_without_its_record(
    kb_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace
    calls = []

    def fail_second(source: object, target: object) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    before = {p.relative_to(kb_path): p.read_bytes() for p in kb_path.rglob("*") if p.is_file()}
    monkeypatch.setattr(os, "replace", fail_second)
    article = tmp_path / "nuts.txt"
    article.write_text("Nuts\n\nAlmonds are rich in magnesium.\n", encoding="utf-8")
    result = run("ingest", article, "--id", "nuts", "--title", "Nuts", "--data", kb_path)
    assert result.exit_code == 2
    after = {
        p.relative_to(kb_path): p.read_bytes()
        for p in kb_path.rglob("*")
        if p.is_file() and p.name != ".atlas-write.lock"
    }
    before.pop(Path(".atlas-write.lock"), None)
    assert after == before


@pytest.mark.parametrize(
    ("description", "origin"),
    [
        ("A curved fruit with a soft sweet inside.", "curator"),
        ("Pumpkin seeds are rich in magnesium.", "seeds"),
    ],
)
def test_a_new_node_description_is_credited_to_whoever_wrote_it(
    drafted: Path, description: str, origin: str
) -> None:
    describe_new_node(drafted, "pumpkin-seed", description)
    result = run("draft", "accept", "seeds", number_of(drafted, SEEDS), "--data", drafted)
    assert result.exit_code == 0, result.output
    assert load_knowledge_base(drafted).node("pumpkin-seed").description_from == (origin,)


def test_one_broken_draft_leaves_the_others_listed(drafted: Path) -> None:
    (drafted / "drafts" / "broken.yaml").write_text("source: broken\ncandidates: [1\n")
    result = run("draft", "list", "--data", drafted)
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert any(line.startswith("seeds  proposed") for line in lines)
    assert any(line.startswith("broken  does not read:") for line in lines)
    assert yaml.safe_load((drafted / "drafts" / "seeds.yaml").read_text())["source"] == "seeds"


def _status(data: Path, source_id: str, number: int) -> str:
    return read_draft(data, source_id).by_number[number].status


def test_reopening_an_accept_takes_out_only_what_it_wrote(kb_path: Path, tmp_path: Path) -> None:
    before = _quotes(kb_path)
    _ingest(kb_path, tmp_path, "nuts", "Nuts\n\nAlmonds are rich in magnesium.\n")
    _ingest(kb_path, tmp_path, "seeds", "Seeds\n\nPumpkin seeds are rich in magnesium.\n")
    _ingest(kb_path, tmp_path, "more", "More\n\nPumpkin seeds are rich in magnesium, too.\n")
    draft = kb_path / "drafts" / "seeds.yaml"
    draft.write_text(draft.read_text().replace("description: ''", "description: Seeds."))
    for source_id in ("nuts", "seeds", "more"):
        result = run("draft", "accept", source_id, 1, "--data", kb_path)
        assert result.exit_code == 0, result.output
    claim = "pumpkin-seed|rich_in|magnesium"
    result = run("draft", "reopen", "seeds", 1, "--data", kb_path)
    assert result.exit_code == 0, result.output
    assert f"quote removed from: {claim.replace('|', ' ')}" in result.output
    kept = _quotes(kb_path)
    assert {source for source, _ in kept[claim]} == {"more"}  # another source's quote stays
    assert load_knowledge_base(kb_path).node("pumpkin-seed").label  # and the node it uses
    result = run("draft", "reopen", "nuts", 1, "--data", kb_path)
    assert result.exit_code == 0, result.output
    after = _quotes(kb_path)
    assert {k: v for k, v in after.items() if k != claim} == before
    assert _status(kb_path, "nuts", 1) == _status(kb_path, "seeds", 1) == "proposed"


def test_reopening_a_sole_claim_removes_it_its_record_and_its_new_node(
    drafted: Path,
) -> None:
    before = (drafted / "edges.yaml").read_bytes(), _quotes(drafted)
    describe_new_node(drafted, "pumpkin-seed", "The flat green seeds of a pumpkin.")
    number = number_of(drafted, SEEDS)
    assert run("draft", "accept", "seeds", number, "--data", drafted).exit_code == 0
    result = run("draft", "reopen", "seeds", number, "--data", drafted)
    assert result.exit_code == 0, result.output
    assert "node removed: pumpkin-seed" in result.output
    kb = load_knowledge_base(drafted)
    assert "pumpkin-seed" not in {node.id for node in kb.nodes}
    assert all(record.id != "seeds-not-assessed" for record in kb.evidence)
    assert ((drafted / "edges.yaml").read_bytes(), _quotes(drafted)) == before


def test_reopening_a_rejected_candidate_proposes_it_again(drafted: Path) -> None:
    number = number_of(drafted, SEEDS)
    assert run("draft", "reject", "seeds", number, "--data", drafted).exit_code == 0
    result = run("draft", "reopen", "seeds", number, "--data", drafted)
    assert result.exit_code == 0, result.output
    assert _status(drafted, "seeds", number) == "proposed"
    again = run("draft", "reopen", "seeds", number, "--data", drafted)
    assert again.exit_code == 2
    assert f"candidate {number} is still proposed" in again.output


@pytest.mark.parametrize(
    "article",
    ["runner-night-cramps.txt", "blind/magnesium-oil-spray.txt", "iron-and-tiredness.txt"],
)
def test_coverage_counts_the_sentences_the_reader_counts(kb_path: Path, article: str) -> None:
    path = ROOT / "tests" / "articles" / article
    result = run("ingest", path, "--id", "art", "--title", "A", "--data", kb_path)
    assert result.exit_code == 0, result.output
    result = run("coverage", "art", "--data", kb_path, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    kb = load_knowledge_base(kb_path)
    read = coverage(build_graph(kb), "art", kb.source("art").text)
    assert report["sentences"] == len(read.grounded) + len(read.ungrounded)


def test_an_html_page_whose_title_repeats_its_heading_keeps_one(
    kb_path: Path, tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Cramps page</title></head><body><h1>Cramps page</h1>"
        "<p>Almonds are rich in magnesium.</p></body></html>",
        encoding="utf-8",
    )
    result = run("ingest", page, "--id", "page", "--title", "Page", "--data", kb_path)
    assert result.exit_code == 0, result.output
    stored = (kb_path / "sources" / "page.txt").read_text(encoding="utf-8")
    assert stored == "Cramps page\n\nAlmonds are rich in magnesium.\n"


def _curate(data: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("CRAMP_ATLAS_DATA", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["mode"] = "curate"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_broken_draft_is_one_line_and_the_others_stay_reviewable(
    drafted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (drafted / "drafts" / "broken.yaml").write_text("source: broken\ncandidates: [1\n")
    at = _curate(drafted, monkeypatch)
    (warning,) = [w.value for w in at.warning if "does not read" in w.value]
    assert "broken" in warning and "\n" not in warning
    assert any(b.key == f"curate-accept-seeds-{number_of(drafted, SEEDS)}" for b in at.button)


def test_the_curate_view_reopens_an_accepted_candidate(
    drafted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    number = number_of(drafted, STRETCH)
    before = _quotes(drafted)
    assert run("draft", "accept", "seeds", number, "--data", drafted).exit_code == 0
    at = _curate(drafted, monkeypatch)
    next(b for b in at.button if b.key == f"curate-reopen-seeds-{number}").click().run()
    assert not at.exception
    assert any("proposed again" in s.value for s in at.success)
    assert _quotes(drafted) == before
    assert any(b.key == f"curate-accept-seeds-{number}" for b in at.button)


def test_said_as_asked_for_by_validation_can_be_given_in_the_draft(
    kb_path: Path, tmp_path: Path
) -> None:
    _ingest(kb_path, tmp_path, "lack", "Lack\n\nA lack of magnesium can cause muscle cramps.\n")
    (candidate,) = read_draft(kb_path, "lack").candidates
    edit_candidate(kb_path, "lack", candidate.n, {"said_as": {}})
    refused = run("draft", "accept", "lack", candidate.n, "--data", kb_path)
    assert refused.exit_code == 2
    assert "lack.yaml:" in refused.stderr and "said_as: {object: ...}" in refused.stderr
    edit_candidate(kb_path, "lack", candidate.n, {"said_as": {"object": "muscle cramps"}})
    result = run("draft", "accept", "lack", candidate.n, "--data", kb_path)
    assert result.exit_code == 0, result.output


def test_the_curate_view_edits_said_as(
    kb_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ingest(kb_path, tmp_path, "lack", "Lack\n\nA lack of magnesium can cause muscle cramps.\n")
    (candidate,) = read_draft(kb_path, "lack").candidates
    at = _curate(kb_path, monkeypatch)
    key = f"curate-edit-lack-{candidate.n}"
    assert at.text_input(key=f"{key}-said-as-object").value == "muscle cramps"
    at.text_input(key=f"{key}-said-as-subject").input("lack of magnesium")
    next(b for b in at.button if b.label == "Save edit").click().run()
    assert not at.exception
    assert read_draft(kb_path, "lack").candidates[0].said_as == {
        "subject": "lack of magnesium",
        "object": "muscle cramps",
    }


def test_a_new_node_is_proposed_with_the_type_its_claims_allow(
    kb_path: Path, tmp_path: Path
) -> None:
    """Stress, read as a cause (it contributes to insomnia), is also what exercise relieves:
    a condition, the one type both claims allow."""
    article = "Sleep\n\nStress contributes to insomnia. Regular exercise relieves stress.\n"
    _ingest(kb_path, tmp_path, "sleep", article)
    draft = read_draft(kb_path, "sleep")
    assert {node.id: node.type for node in draft.new_nodes}["stress"] == "condition"


def test_ingest_json_gives_each_candidates_said_as(kb_path: Path, tmp_path: Path) -> None:
    article = tmp_path / "lack.txt"
    article.write_text("Lack\n\nA lack of magnesium can cause muscle cramps.\n", encoding="utf-8")
    result = run("ingest", article, "--id", "lack", "--title", "L", "--data", kb_path, "--json")
    assert result.exit_code == 0, result.output
    (candidate,) = json.loads(result.stdout)
    assert candidate["said_as"] == {"object": "muscle cramps"}
