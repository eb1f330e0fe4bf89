"""Shared fixtures, each defined here once: the seed knowledge base, its graph, layout and
tours, a breakable copy of ``data/`` (and a hostile world around one), a tiny knowledge
base, a hostile graph and a generated 10,000-node graph file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
import pytest
from hypothesis import settings

from graph.build import build_graph
from graph.layout import compute_layout
from graph.load import DEFAULT_DATA_DIR
from graph.schema import Edge, KnowledgeBase, Node, Provenance, Source
from graph.tours import DEFAULT_TOURS_DIR, Tour, load_tours
from tests import seed
from tests.harness import generated_graph
from tests.hostile import HOSTILE

if TYPE_CHECKING:
    from tests.hostile_world import World

# In CI the property tests draw the same examples on every run, so a submission's result
# does not depend on the draw; run locally, each run explores new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

TINY_TEXT = "Almonds are rich in magnesium. Magnesium may help prevent cramps."


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The seed knowledge base in ``data/`` (frozen, shared by every test)."""
    return seed.knowledge_base()


@pytest.fixture(scope="session")
def seed_graph() -> nx.MultiDiGraph:
    """The frozen graph of the seed knowledge base (the same object as ``seed.graph()``)."""
    return seed.graph()


@pytest.fixture(scope="session")
def positions(seed_graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """The layout of the seed graph."""
    return compute_layout(seed_graph)


@pytest.fixture(scope="session")
def tours(seed_graph: nx.MultiDiGraph) -> tuple[Tour, ...]:
    """The shipped tours, checked against the seed graph."""
    return load_tours(DEFAULT_TOURS_DIR, seed_graph)


@pytest.fixture(scope="session")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated 10,000-node graph as node-link JSON (for the large-graph views)."""
    path = tmp_path_factory.mktemp("large") / "g10k.json"
    generated_graph(path, "--size", "10k")
    return path


@pytest.fixture(scope="session")
def reversed_seed_graph(seed_graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The seed graph with its nodes and edges inserted in reverse order (frozen)."""
    copy = nx.MultiDiGraph(**seed_graph.graph)
    for node, data in reversed(list(seed_graph.nodes(data=True))):
        copy.add_node(node, **data)
    for subject, obj, key, data in reversed(list(seed_graph.edges(keys=True, data=True))):
        copy.add_edge(subject, obj, key=key, **data)
    return nx.freeze(copy)


@pytest.fixture(scope="session")
def graph_from_reversed_records(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """The graph built from the seed knowledge base with every list of records reversed:
    whatever order the data lists things in, what is made from it must be the same."""
    return build_graph(KnowledgeBase(**{name: records[::-1] for name, records in kb}))


@pytest.fixture
def kb_path(tmp_path: Path) -> Path:
    """A fresh copy of ``data/`` (sources included) at ``tmp_path/data``, free to break."""
    return Path(shutil.copytree(DEFAULT_DATA_DIR, tmp_path / "data"))


@pytest.fixture
def world(tmp_path: Path) -> World:
    """A breakable copy of ``data/`` beside canary files outside it (``tests.hostile_world``)."""
    from tests.hostile_world import make_world  # imports the CLI: only for the tests that ask

    return make_world(tmp_path)


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


@pytest.fixture(scope="session")
def hostile_page_graph() -> nx.MultiDiGraph:
    """A small graph whose every free text is an attack string (``tests.hostile.HOSTILE``)."""
    text = " | ".join(HOSTILE.values())
    source = Source(
        id="evil", title=HOSTILE["script"], file="x.txt", kind="k", language="en", text=text
    )
    nodes = (
        Node(
            id="evil-food",
            label=HOSTILE["tag"],
            type="food",
            description=HOSTILE["script"],
            synonyms=(HOSTILE["url"], HOSTILE["quotes"], HOSTILE["separators"]),
        ),
        Node(
            id="evil-nutrient",
            label=HOSTILE["quotes"],
            type="nutrient",
            description=HOSTILE["template"] + HOSTILE["comment"],
        ),
    )
    provenance = tuple(
        Provenance(source="evil", quote=quote, strength="suggests") for quote in HOSTILE.values()
    )
    edges = (
        Edge(
            subject="evil-food", relation="rich_in", object="evil-nutrient", provenance=provenance
        ),
    )
    return build_graph(KnowledgeBase(sources=(source,), nodes=nodes, edges=edges))
