"""A generated knowledge base of any size, for measuring the apps on a big graph.

``write_knowledge_base`` writes a folder the loader accepts (``sources.yaml``, one source
text, ``nodes.yaml``, ``edges.yaml``; no evidence, which is optional): ``nodes`` nodes of
every type, in about the seed graph's proportions, and about 1.5 edges per node, each an
allowed relation between its ends and quoting its own sentence of the source text. The
same arguments always give the same files. Nothing in it is a health claim: the labels
are numbered ("Food 17"), and the text says it is generated.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from graph.schema import RELATIONS

__all__ = ["SHARES", "write_knowledge_base"]

SHARES = {
    "condition": 0.12,
    "cause": 0.2,
    "nutrient": 0.06,
    "food": 0.2,
    "remedy": 0.2,
    "context": 0.12,
    "outcome": 0.1,
}
"""Share of the nodes of each type (the seed graph has about these)."""

_SOURCE_ID = "generated-text"
# What each type of node claims, in order of preference: (relation, object type).
_CLAIMS = {
    "condition": (("occurs_during", "context"), ("causes", "condition")),
    "cause": (("causes", "condition"), ("deficiency_of", "nutrient")),
    "nutrient": (("prevents", "condition"), ("needed_for_absorption_of", "nutrient")),
    "food": (("rich_in", "nutrient"), ("relieves", "condition")),
    "remedy": (("relieves", "condition"), ("used_during", "context")),
    "context": (("contributes_to", "condition"), ("contributes_to", "outcome")),
    "outcome": (("contributes_to", "condition"), ("contributes_to", "outcome")),
}


def _node_ids(nodes: int) -> dict[str, list[str]]:
    counts = {kind: max(2, round(share * nodes)) for kind, share in SHARES.items()}
    counts["food"] += nodes - sum(counts.values())  # the rounding's remainder
    return {
        kind: [f"{kind}-{number}" for number in range(1, count + 1)]
        for kind, count in counts.items()
    }


def _edges(ids: dict[str, list[str]], rng: random.Random) -> list[tuple[str, str, str]]:
    edges: set[tuple[str, str, str]] = set()
    for kind, members in ids.items():
        for subject in members:
            claims = _CLAIMS[kind] if rng.random() < 0.5 else _CLAIMS[kind][:1]
            for relation, object_type in claims:
                target = rng.choice(ids[object_type])
                if target != subject:
                    edges.add((subject, relation, target))
    return sorted(edges)


def _documents(
    ids: dict[str, list[str]],
    edges: list[tuple[str, str, str]],
    label: dict[str, str],
    sentences: dict[tuple[str, str, str], str],
) -> dict[str, dict]:
    """The YAML files' contents, by file name."""
    return {
        "sources.yaml": {
            "sources": [
                {
                    "id": _SOURCE_ID,
                    "title": "Generated benchmark text",
                    "file": f"sources/{_SOURCE_ID}.txt",
                    "kind": "generated text",
                    "language": "en",
                }
            ]
        },
        "nodes.yaml": {
            "nodes": [
                {
                    "id": node_id,
                    "label": label[node_id],
                    "type": kind,
                    "description": f"{label[node_id]}, generated.",
                    "description_from": [_SOURCE_ID],
                }
                for kind, group in ids.items()
                for node_id in group
            ]
        },
        "edges.yaml": {
            "edges": [
                {
                    "subject": subject,
                    "relation": relation,
                    "object": target,
                    "provenance": [
                        {
                            "source": _SOURCE_ID,
                            "quote": sentences[subject, relation, target],
                            "strength": "states",
                        }
                    ],
                }
                for subject, relation, target in edges
            ]
        },
    }


def write_knowledge_base(folder: Path, *, nodes: int, seed: int = 7) -> Path:
    """Write a generated knowledge base of ``nodes`` nodes into ``folder``; return it.

    Parameters
    ----------
    folder
        Created if missing; its knowledge-base files are overwritten.
    nodes
        How many nodes, at least 14 (two of every type).
    seed
        Picks the edges; the same seed gives the same files.

    Returns
    -------
    pathlib.Path
        ``folder``, ready for ``load_knowledge_base``.

    Raises
    ------
    ValueError
        If ``nodes`` is below 14.

    Examples
    --------
    >>> import tempfile
    >>> from graph import build_graph, load_knowledge_base
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     graph = build_graph(load_knowledge_base(write_knowledge_base(Path(folder), nodes=60)))
    >>> graph.number_of_nodes(), graph.number_of_edges() > 60
    (60, True)
    """
    if nodes < 2 * len(SHARES):
        raise ValueError(f"nodes: at least {2 * len(SHARES)} (two of every type) ({nodes!r})")
    rng = random.Random(seed)
    ids = _node_ids(nodes)
    edges = _edges(ids, rng)
    label = {
        node_id: node_id.replace("-", " ").capitalize()
        for group in ids.values()
        for node_id in group
    }
    sentences = {
        edge: f"{label[edge[0]]} {RELATIONS[edge[1]].phrase} {label[edge[2]].lower()}."
        for edge in edges
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources").mkdir(exist_ok=True)
    text = "A generated text for benchmarks; it makes no health claims.\n" + "\n".join(
        sentences.values()
    )
    (folder / "sources" / f"{_SOURCE_ID}.txt").write_text(text + "\n", encoding="utf-8")
    documents = _documents(ids, edges, label, sentences)
    for name, document in documents.items():
        (folder / name).write_text(
            yaml.safe_dump(document, sort_keys=False, width=1000), encoding="utf-8"
        )
    return folder
