"""The fifth read's checks: each kind of error a fifth independent reader found fails
``validate`` or a test when its old wording or code is put back, and today's data pass.

The findings are in docs/trust-review-findings.md ("Fifth read"); each test names the
finding it guards (H = high, M = medium, m = minor).
"""

from __future__ import annotations

from click.testing import CliRunner

from graph import build_graph, load_knowledge_base
from graph.cli import cli
from graph.errors import NoPath
from graph.paths import find_paths, format_path
from graph.tours import tour_from_path
from graph.transcript import path_ends

GRAPH = build_graph(load_knowledge_base())


def _transcript_paths() -> list:
    """The best path between every pair of ends the transcript's path tours use."""
    found = []
    for start, end in path_ends(GRAPH):
        try:
            found.append(find_paths(GRAPH, start, end)[0])
        except NoPath:
            continue
    return found


# --- H1: a path shows each claim in its own direction ------------------------------------


def test_a_path_header_draws_a_backward_claim_backward() -> None:
    """H1: epilepsy can come with cramps; no source says a cramp leads to epilepsy."""
    path = find_paths(GRAPH, "calcium-deficiency", "epilepsy")[0]
    assert format_path(GRAPH, path) == "Calcium deficiency -> Calf muscle cramp <- Epilepsy"


def test_a_path_header_names_the_steps_the_evidence_rates_against() -> None:
    """H1: "Almonds -> Vitamin D -> ..." passed a contradicted link without a word."""
    path = next(
        p
        for p in find_paths(GRAPH, "almonds", "cramp-prevention", max_length=3, limit=10)
        if p.nodes[1] == "vitamin-d"
    )
    assert "(the evidence rates step 1 contradicted" in format_path(GRAPH, path)


def test_no_path_tour_reads_a_claim_against_its_direction() -> None:
    """H1: step titles read each claim its own way; "From X to Y" only for a forward chain."""
    paths = _transcript_paths()
    assert any(not all(step.forward for step in path.steps) for path in paths)
    for path in paths:
        tour = tour_from_path(GRAPH, path)
        for step, walked in zip(tour.steps, path.steps, strict=True):
            subject, obj = (GRAPH.nodes[n]["label"] for n in walked.edge[:2])
            assert step.title == f"{subject} \u2192 {obj}", tour.id
        forward = all(step.forward for step in path.steps)
        assert tour.title.startswith("From ") == forward, tour.title
        if len(path) > 1:
            assert "not a chain of cause and effect" in tour.description


def test_the_cli_path_header_marks_the_backward_step() -> None:
    """H1: the CLI printed "Calcium deficiency -> Calf muscle cramp -> Epilepsy"."""
    result = CliRunner().invoke(cli, ["path", "calcium deficiency", "epilepsy", "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Calcium deficiency -> Calf muscle cramp <- Epilepsy"
