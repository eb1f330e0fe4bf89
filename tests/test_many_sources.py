"""Many sources everywhere: exports, details and validation name every (source, quote)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from streamlit.testing.v1 import AppTest

from graph import build_graph, load_knowledge_base
from graph.export import FORMATS, evidence_csv, export_bytes
from graph.narrate import claim_sentence
from tests import seed
from tests.curation import SEEDS, STRETCH, describe_new_node, drafted, number_of, run

__all__ = ["drafted"]  # the fixture

ROOT = Path(__file__).resolve().parents[1]
NEW_QUOTE = "A seated toe pull relieves a cramp within a minute."


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


def test_explore_groups_quotes_by_source_and_the_reader_follows_the_claim(
    two_sources: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    describe_new_node(two_sources, "pumpkin-seed", "The flat green seeds of a pumpkin.")
    done = run("draft", "accept", "seeds", number_of(two_sources, SEEDS), "--data", two_sources)
    assert done.exit_code == 0, done.output
    monkeypatch.setenv("CRAMP_ATLAS_DATA", str(two_sources))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["sel"] = STRETCH
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    texts = [m.value for m in at.markdown]
    assert "**Seeds** says:" in texts
    stretch = next(edge for edge in load_knowledge_base(two_sources).edges if edge.key == STRETCH)
    quotes = sum(prov.source == "calf-cramps-article" for prov in stretch.provenance)
    said = "says" if quotes == 1 else f"says, {quotes} times"
    assert f"**What are the causes of spasms of the calf muscles** {said}:" in texts
    captions = " ".join(c.value for c in at.caption)
    assert "each quote below says how firmly its source says it" in captions
    assert "“Seeds” states it" in " ".join(h.value for h in at.subheader)
    assert at.session_state["_reader_source"] == "calf-cramps-article"
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["sel"] = SEEDS
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["_reader_source"] == "seeds", "the reader shows a source quoting it"


def test_a_claim_two_sources_make_is_said_only_as_firmly_as_each_says_it() -> None:
    """QA pass: a second, hedged article on the seed's "most common causes" claim was
    worded "The articles say that magnesium deficiency is among the most common causes"."""
    graph = nx.MultiDiGraph(seed.graph())
    edge = ("magnesium-deficiency", "calf-cramp", "causes")
    hedged = {
        "source": "leaflet",
        "quote": "A lack of magnesium can cause cramps.",
        "strength": "suggests",
    }
    graph.edges[edge]["provenance"] = (*graph.edges[edge]["provenance"], hedged)
    sources = dict(graph.graph["sources"])
    sources["leaflet"] = {**sources["calf-cramps-article"], "title": "Leg cramps at night"}
    graph.graph["sources"] = sources
    said = claim_sentence(graph, edge)
    assert "most common" not in said
    assert said.startswith("The articles make the claim that magnesium deficiency causes")
    assert "\u201cLeg cramps at night\u201d suggests it" in said
    assert claim_sentence(seed.graph(), edge).count("most common") == 1  # one source: kept
