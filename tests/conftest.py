"""Shared fixtures: the seed knowledge base, its graph, a breakable copy and a tiny one."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import pytest

from graph.build import build_graph
from graph.load import DEFAULT_DATA_DIR, load_knowledge_base
from graph.schema import Edge, KnowledgeBase, Node, Provenance, Source

TINY_TEXT = "Almonds are rich in magnesium. Magnesium may help prevent cramps."


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The seed knowledge base in ``data/`` (frozen, shared by every test)."""
    return load_knowledge_base(DEFAULT_DATA_DIR)


@pytest.fixture(scope="session")
def seed_graph(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """The frozen graph of the seed knowledge base."""
    return build_graph(kb)


@pytest.fixture
def kb_path(tmp_path: Path) -> Path:
    """A fresh copy of ``data/`` (sources included) at ``tmp_path/data``, free to break."""
    return Path(shutil.copytree(DEFAULT_DATA_DIR, tmp_path / "data"))


@pytest.fixture
def tiny_kb() -> KnowledgeBase:
    """Three nodes and two claims: almonds -> magnesium -> cramp prevention."""
    source = Source(
        id="note",
        title="A note",
        file="sources/note.txt",
        kind="note",
        language="en",
        text=TINY_TEXT,
    )

    def claim(subject: str, relation: str, obj: str, quote: str, strength: str) -> Edge:
        provenance = (Provenance(source="note", quote=quote, strength=strength),)
        return Edge(subject=subject, relation=relation, object=obj, provenance=provenance)

    return KnowledgeBase(
        sources=(source,),
        nodes=(
            Node(id="almonds", label="Almonds", type="food", description="Nuts.", plural=True),
            Node(id="magnesium", label="Magnesium", type="nutrient", description="A mineral."),
            Node(
                id="cramp-prevention",
                label="Cramp prevention",
                type="outcome",
                description="Fewer cramps.",
            ),
        ),
        edges=(
            claim("almonds", "rich_in", "magnesium", "Almonds are rich in magnesium.", "states"),
            claim(
                "magnesium",
                "contributes_to",
                "cramp-prevention",
                "Magnesium may help prevent cramps.",
                "suggests",
            ),
        ),
    )
