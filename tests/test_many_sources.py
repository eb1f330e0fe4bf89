"""Many sources everywhere: exports, details and validation name every (source, quote)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import build_graph, load_knowledge_base
from graph.export import FORMATS, evidence_csv, export_bytes
from tests.curation import STRETCH, drafted, number_of, run

__all__ = ["drafted"]  # the fixture

NEW_QUOTE = "A calf stretch relieves a cramp within a minute."


@pytest.fixture
def two_sources(drafted: Path) -> Path:
    """The drafted copy after accepting a claim the seed article makes too."""
    result = run("draft", "accept", "seeds", number_of(drafted, STRETCH), "--data", drafted)
    assert result.exit_code == 0, result.output
    return drafted


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_export_carries_every_source_and_quote(two_sources: Path, fmt: str) -> None:
    graph = build_graph(load_knowledge_base(two_sources))
    text = b"".join(export_bytes(graph, fmt).values()).decode("utf-8")
    edge = next(e for e in load_knowledge_base(two_sources).edges if e.key == STRETCH)
    for provenance in edge.provenance:
        assert provenance.quote.replace("\u2019", "")[:30] in text.replace("\u2019", "")
        assert provenance.source in text, f"{fmt} names no source {provenance.source!r}"


def test_evidence_csv_names_the_source_of_each_quote(two_sources: Path) -> None:
    rows = evidence_csv(build_graph(load_knowledge_base(two_sources))).decode("utf-8")
    line = next(row for row in rows.splitlines() if NEW_QUOTE in row)
    assert "calf-cramps-article / seeds" in line


def test_validate_names_every_broken_quote_of_a_changed_source(kb_path: Path) -> None:
    path = kb_path / "sources" / "calf-cramps-article.txt"
    text = path.read_text()
    path.write_text(text.replace("calf", "shin"))
    result = run("validate", kb_path)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    broken = [line for line in lines if "is not a verbatim part of source" in line]
    kb_edges = [
        (edge.key, prov.quote)
        for edge in load_knowledge_base().edges
        for prov in edge.provenance
        if "calf" in prov.quote
    ]
    assert len(broken) == len(kb_edges)
    assert all(line.startswith("data/edges.yaml:") and ".quote" in line for line in broken)
    assert any("'A sharp contraction of the calf muscles" in line for line in broken), (
        "each message names its quote"
    )
