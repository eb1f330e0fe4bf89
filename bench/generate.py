"""Generate typed, power-law knowledge graphs as node-link JSON, for benchmarks at scale.

``python -m bench.generate --size 100k --output big.json`` writes 100,000 nodes and
1,000,000 edges; ``--nodes`` and ``--edges`` give any other size. The same seed always
writes the same bytes. Node degrees follow a power law (endpoints are drawn with weight
``rank ** -exponent``, so a few hubs hold many edges, like real biomedical graphs); node
types and relations come from small typed vocabularies, labels are made-up pronounceable
words with synonyms, so search and fuzzy matching have something to work on. Edges carry
no quotes: ``graph.importers`` gives them the file's data set as provenance.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

__all__ = ["SIZES", "generate", "main", "write_graph"]

SIZES = {"1k": (1_000, 3_000), "10k": (10_000, 50_000), "100k": (100_000, 1_000_000)}
"""Named sizes: nodes and edges."""

_TYPES = ("gene", "disease", "compound", "anatomy", "symptom", "pathway", "food", "nutrient")
_TYPE_WEIGHTS = (40, 8, 15, 5, 4, 10, 10, 8)
_RELATIONS = (
    "associated_with",
    "interacts_with",
    "treats",
    "causes",
    "expressed_in",
    "participates_in",
    "rich_in",
    "prevents",
    "regulates",
    "resembles",
)
_SYLLABLES = tuple(a + b for a in "bcdfgklmnprstvz" for b in ("a", "e", "i", "o", "u", "ar", "in"))


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def generate(nodes: int, edges: int, *, seed: int = 0, exponent: float = 0.9) -> Iterator[dict]:
    """Yield the records of a typed power-law graph: first every node, then every edge.

    Parameters
    ----------
    nodes, edges
        How many of each (edges may repeat a pair, with another relation, never a
        claim); at most ``nodes ** 2`` times the relations edges.
    seed
        Same seed, same graph.
    exponent
        Power-law exponent of the endpoint weights; larger means bigger hubs.

    Yields
    ------
    dict
        Nodes ``{"id", "label", "type", "synonyms"}``, then edges
        ``{"source", "target", "relation"}``.

    Examples
    --------
    >>> records = list(generate(3, 2, seed=1))
    >>> [sorted(r) for r in records[:1] + records[3:4]]
    [['id', 'label', 'synonyms', 'type'], ['relation', 'source', 'target']]
    """
    if edges > nodes * nodes * len(_RELATIONS):
        raise ValueError(f"{edges} edges cannot all differ among {nodes} nodes")
    rng = random.Random(seed)
    ids = [f"n{index}" for index in range(nodes)]
    for node_id in ids:
        label = _word(rng).capitalize() + (f" {_word(rng)}" if rng.random() < 0.5 else "")
        yield {
            "id": node_id,
            "label": label,
            "type": rng.choices(_TYPES, _TYPE_WEIGHTS)[0],
            "synonyms": [_word(rng) for _ in range(rng.choice((0, 0, 1, 2)))],
        }
    order = ids[:]
    rng.shuffle(order)  # hubs anywhere in id order, not just the first ids
    weights = list(itertools.accumulate((rank + 1) ** -exponent for rank in range(nodes)))
    sources = rng.choices(order, cum_weights=weights, k=edges)
    targets = rng.choices(order, cum_weights=weights, k=edges)
    # Each claim once: the engine merges a repeated (source, relation, target) into one
    # edge, so a repeat would leave the graph smaller than asked. A repeat is drawn again.
    drawn: set[tuple[str, str, str]] = set()
    for source, target in zip(sources, targets, strict=True):
        claim = (source, rng.choice(_RELATIONS), target)
        while claim in drawn:
            source, target = rng.choices(order, cum_weights=weights, k=2)
            claim = (source, rng.choice(_RELATIONS), target)
        drawn.add(claim)
        yield {"source": claim[0], "target": claim[2], "relation": claim[1]}


def write_graph(stream: TextIO, nodes: int, edges: int, *, seed: int = 0) -> None:
    """Write ``generate``'s graph to ``stream`` as node-link JSON, one record a line."""
    stream.write('{"directed":true,"multigraph":true,"graph":{},"nodes":[\n')
    section = "nodes"
    first = True
    for record in generate(nodes, edges, seed=seed):
        if section == "nodes" and "source" in record:
            stream.write('\n],"edges":[\n')
            section, first = "edges", True
        stream.write(("" if first else ",\n") + json.dumps(record, separators=(",", ":")))
        first = False
    stream.write('\n],"edges":[\n]}\n' if section == "nodes" else "\n]}\n")


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.generate``: write one generated graph."""
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("--size", choices=sorted(SIZES), help="a named size (nodes/edges)")
    parser.add_argument("--nodes", type=int, help="number of nodes (instead of --size)")
    parser.add_argument("--edges", type=int, help="number of edges (instead of --size)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--output", type=Path, required=True, help="the JSON file to write")
    args = parser.parse_args(argv)
    if args.size:
        nodes, edges = SIZES[args.size]
    elif args.nodes and args.edges is not None and args.nodes > 0 and args.edges >= 0:
        nodes, edges = args.nodes, args.edges
    else:
        parser.error("give --size, or --nodes (> 0) and --edges (>= 0)")
    if edges > nodes * nodes * len(_RELATIONS):
        parser.error(f"{edges} edges cannot all differ among {nodes} nodes")
    with args.output.open("w", encoding="utf-8") as stream:
        write_graph(stream, nodes, edges, seed=args.seed)
    print(f"wrote {args.output}: {nodes:,} nodes, {edges:,} edges")


if __name__ == "__main__":
    main()
