"""Measure the engine on a large node-link graph: load, search, paths, neighbourhoods, memory.

``python -m bench.scale --data big.json [--db redis://HOST:PORT]`` times, in one run:
``json.load`` of the file (the yardstick), ``read_imported`` (load + every check),
building ``MemoryBackend``'s search index, a second start from ``graph.store``'s cache,
and the p50/p95 of search (prefixes, whole names and typos of random labels), shortest
paths of at most 4 steps between random nodes, and neighbourhoods (depth 1, and depth 2
up to 2,000 nodes). With ``--db`` it loads the graph into FalkorDB and asks the same
questions there. Peak memory is the process's maximum resident size. It prints a
Markdown table.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from graph.errors import AtlasError, NoPath
from graph.importers import read_imported
from graph.index import GraphBackend, MemoryBackend
from graph.store import load_backend

__all__ = ["main", "measure_queries"]


def _timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _answered(action: Callable[[], Any], failures: list[str]) -> float:
    """Time a question; one that fails (a server timeout) counts, and is listed."""
    start = time.perf_counter()
    try:
        action()
    except AtlasError as err:
        failures.append(str(err))
    return time.perf_counter() - start


def _percentiles(seconds: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    cut = rng.randrange(1, len(word) - 1)
    return word[:cut] + word[cut + 1 :]


def _queries(labels: Sequence[str], rng: random.Random, count: int) -> list[str]:
    queries = []
    for index in range(count):
        label = rng.choice(labels)
        kind = index % 3
        queries.append(label[: rng.randint(3, 6)] if kind == 0 else label)
        if kind == 2:
            queries[-1] = _typo(rng, label)
    return queries


def _shortest(backend: GraphBackend, source: str, target: str) -> None:
    with contextlib.suppress(NoPath):
        backend.shortest_paths(source, target, max_length=4, limit=5)


def measure_queries(
    backend: GraphBackend,
    node_ids: Sequence[str],
    labels: Sequence[str],
    *,
    samples: int,
    seed: int,
) -> dict[str, tuple[float, float, int]]:
    """Time each kind of question ``samples`` times: (p50 ms, p95 ms, failures)."""
    rng = random.Random(seed)
    queries = _queries(labels, rng, samples)
    pairs = [(rng.choice(node_ids), rng.choice(node_ids)) for _ in range(samples)]
    centres = [rng.choice(node_ids) for _ in range(samples)]
    questions: dict[str, list[Callable[[], Any]]] = {
        "search": [lambda q=q: backend.search(q) for q in queries],
        "path (max 4)": [lambda s=s, t=t: _shortest(backend, s, t) for s, t in pairs],
        "neighbours depth 1": [lambda c=c: backend.neighbours(c, depth=1) for c in centres],
        "neighbours depth 2 (<= 2,000)": [
            lambda c=c: backend.neighbours(c, depth=2, limit=2000) for c in centres
        ],
    }
    results = {}
    for kind, actions in questions.items():
        failures: list[str] = []
        seconds = [_answered(action, failures) for action in actions]
        results[kind] = (*_percentiles(seconds), len(failures))
    return results


def _cached_start(data: Path) -> tuple[float, float]:
    """Seconds and CPU seconds of a second start, from the content-keyed cache."""
    with tempfile.TemporaryDirectory() as cache:
        load_backend(data, cache_dir=cache)
        gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        load_backend(data, cache_dir=cache)
        return time.perf_counter() - start, time.process_time() - cpu


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.scale``: print the table for one graph."""
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="node-link JSON file")
    parser.add_argument("--db", help="also ask a FalkorDB server (redis://HOST:PORT)")
    parser.add_argument("--samples", type=int, default=200, help="questions of each kind")
    parser.add_argument("--db-samples", type=int, default=30, help="questions of each kind, db")
    parser.add_argument("--seed", type=int, default=0, help="random seed for the questions")
    args = parser.parse_args(argv)

    # CPU seconds beside wall seconds: on a shared machine the CPU figure is the steadier.
    with args.data.open("rb") as stream:
        start, cpu = time.perf_counter(), time.process_time()
        json.load(stream)
        json_seconds, json_cpu = time.perf_counter() - start, time.process_time() - cpu
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    graph = read_imported(args.data)
    load_seconds = time.perf_counter() - start
    load_cpu = time.process_time() - cpu
    start = time.perf_counter()
    memory = MemoryBackend(graph)
    index_seconds = time.perf_counter() - start
    node_ids = sorted(graph)
    labels = [graph.nodes[node]["label"] for node in node_ids]
    results = {
        "networkx + index": measure_queries(
            memory, node_ids, labels, samples=args.samples, seed=args.seed
        )
    }
    peak = _peak_mb()
    cached = _cached_start(args.data)  # after the peak: it builds a second copy
    if args.db:
        from graph.backends.falkor import FalkorBackend, load_graph

        start = time.perf_counter()
        load_graph(graph, args.db, "bench-scale", timeout_ms=600_000)
        db_seconds = time.perf_counter() - start
        falkor = FalkorBackend(args.db, "bench-scale")
        results[f"FalkorDB (load {db_seconds:.1f} s)"] = measure_queries(
            falkor, node_ids, labels, samples=args.db_samples, seed=args.seed
        )
    print(
        f"{args.data.name}: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,}"
        f" edges, {args.data.stat().st_size / 2**20:.0f} MiB\n"
        f"json.load {json_seconds:.2f} s ({json_cpu:.2f} s CPU); read_imported (load + checks)"
        f" {load_seconds:.2f} s ({load_cpu:.2f} s CPU) = {load_seconds / json_seconds:.1f}x"
        f" json.load ({load_cpu / json_cpu:.1f}x in CPU); cached start (graph + index)"
        f" {cached[0]:.2f} s ({cached[1]:.2f} s CPU) = {cached[1] / json_cpu:.1f}x json.load CPU;"
        f" search index {index_seconds:.2f} s; peak memory {peak:,.0f} MB\n"
    )
    kinds = list(next(iter(results.values())))
    print("| question | " + " | ".join(f"{name} p50 / p95" for name in results) + " |")
    print("|---|" + "---|" * len(results))
    for kind in kinds:
        cells = [
            f"{results[name][kind][0]:.1f} / {results[name][kind][1]:.1f} ms" for name in results
        ]
        print(f"| {kind} | " + " | ".join(cells) + " |")


def _cell(p50: float, p95: float, failures: int) -> str:
    failed = f" ({failures} timed out)" if failures else ""
    return f"{p50:.1f} / {p95:.1f} ms{failed}"


if __name__ == "__main__":
    main()
