"""Measure the engine on a large node-link graph: load, search, paths, neighbourhoods, memory.

``python -m bench.scale --data big.json [--db redis://HOST:PORT]`` times, in one run:
``json.load`` of the file (the yardstick); what the app's first view needs
(``graph.store.open_file``: every check, the columns, the summary); a first load ready for
questions (``graph.store.load_backend``: that, the graph as arrays, the search index); the
networkx graph alone (``read_imported``); a second start from the ``.npz`` cache; and,
for comparison, loading the pickle of the networkx graph and index that the cache used to
be. Then the p50/p95 of search (prefixes, whole names and typos of random labels),
shortest paths of at most 4 steps between random nodes, and neighbourhoods (depth 1, and
depth 2 up to 2,000 nodes). With ``--db`` it loads the graph into FalkorDB and asks the
same questions there. Peak memory is the maximum resident size of a fresh process that makes
one first load. It prints Markdown tables.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import pickle
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from graph.errors import AtlasError, NoPath
from graph.importers import read_imported
from graph.index import GraphBackend
from graph.memory import MemoryBackend
from graph.store import load_backend, open_file

__all__ = ["main", "measure_queries"]


def _answered(action: Callable[[], Any], failures: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of a question; one that fails (a server timeout) counts, and
    is listed. On a shared machine the CPU seconds are the steadier figure."""
    start, cpu = time.perf_counter(), time.process_time()
    try:
        action()
    except AtlasError as err:
        failures.append(str(err))
    return time.perf_counter() - start, time.process_time() - cpu


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
) -> dict[str, tuple[float, float, float, float, int]]:
    """Time each kind of question ``samples`` times.

    Returns ``(p50, p95, CPU p50, CPU p95)`` in milliseconds and the number of failures,
    by kind of question.
    """
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
        timed = [_answered(action, failures) for action in actions]
        wall = _percentiles([seconds for seconds, _ in timed])
        cpu = _percentiles([seconds for _, seconds in timed])
        results[kind] = (*wall, *cpu, len(failures))
    return results


def _clocked(action: Callable[[], Any]) -> tuple[Any, float, float]:
    """The result, wall seconds and CPU seconds of ``action``."""
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, time.perf_counter() - start, time.process_time() - cpu


def _loads(data: Path) -> tuple[MemoryBackend, dict[str, tuple[float, float]]]:
    """Time every way in, in one run: (wall, CPU) seconds by name; ``peak`` is MB."""
    timings: dict[str, tuple[float, float]] = {"peak": (_first_load_peak_mb(data), 0.0)}
    with data.open("rb") as stream:
        timings["json.load"] = _clocked(lambda: json.load(stream))[1:]
    timings["first view (checked columns, summary)"] = _clocked(
        lambda: open_file(data).backend.summary()
    )[1:]
    backend, *timings["first load (graph + index)"] = _clocked(lambda: load_backend(data))
    graph, *timings["networkx graph (read_imported)"] = _clocked(lambda: read_imported(data))
    with tempfile.TemporaryDirectory() as cache:
        load_backend(data, cache_dir=cache)
        timings["cached start (.npz arrays)"] = _clocked(
            lambda: load_backend(data, cache_dir=cache)
        )[1:]
    # The cache before this one: a pickle of the networkx graph and the index.
    pickled = pickle.dumps((graph, backend.names), protocol=pickle.HIGHEST_PROTOCOL)
    del graph
    timings["old cache (pickle of networkx + index)"] = _clocked(lambda: pickle.loads(pickled))[1:]
    return backend, timings


_PEAK = (
    "import resource, sys; from graph.store import load_backend; load_backend(sys.argv[1]);"
    " print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)


def _first_load_peak_mb(data: Path) -> float:
    """The maximum resident size of a fresh process that makes one first load.

    In this process ``json.load``'s million dicts would set the peak, and a child started
    after them would inherit it, so this runs first.
    """
    found = subprocess.run(
        [sys.executable, "-c", _PEAK, str(data)], check=True, capture_output=True, text=True
    )
    return int(found.stdout) / 1024


def _print_loads(data: Path, backend: MemoryBackend, timings: dict) -> None:
    summary = backend.summary()
    peak = timings.pop("peak")[0]
    print(
        f"{data.name}: {summary.nodes:,} nodes, {summary.edges:,} edges,"
        f" {data.stat().st_size / 2**20:.0f} MiB; peak memory of the first load {peak:,.0f} MB\n"
    )
    json_cpu = timings["json.load"][1]
    print("| load | wall s | CPU s | CPU / json.load CPU |\n|---|---|---|---|")
    for name, (wall, cpu) in timings.items():
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {cpu / json_cpu:.2f}x |")
    print()


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.scale``: print the tables for one graph."""
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="node-link JSON file")
    parser.add_argument("--db", help="also ask a FalkorDB server (redis://HOST:PORT)")
    parser.add_argument("--samples", type=int, default=200, help="questions of each kind")
    parser.add_argument("--db-samples", type=int, default=30, help="questions of each kind, db")
    parser.add_argument("--seed", type=int, default=0, help="random seed for the questions")
    args = parser.parse_args(argv)

    # CPU seconds beside wall seconds: on a shared machine the CPU figure is the steadier.
    backend, timings = _loads(args.data)
    adjacency = backend.adjacency
    node_ids = sorted(adjacency.node_ids)
    labels = [adjacency.labels[adjacency.positions[node]] for node in node_ids]
    results = {
        "in memory": measure_queries(
            backend, node_ids, labels, samples=args.samples, seed=args.seed
        )
    }
    if args.db:
        from graph.backends.falkor import FalkorBackend, load_graph

        start = time.perf_counter()
        load_graph(backend.graph, args.db, "bench-scale", timeout_ms=600_000)
        db_seconds = time.perf_counter() - start
        falkor = FalkorBackend(args.db, "bench-scale")
        results[f"FalkorDB (load {db_seconds:.1f} s)"] = measure_queries(
            falkor, node_ids, labels, samples=args.db_samples, seed=args.seed
        )
    _print_loads(args.data, backend, timings)
    kinds = list(next(iter(results.values())))
    print("| question | " + " | ".join(f"{name} p50 / p95" for name in results) + " |")
    print("|---|" + "---|" * len(results))
    for kind in kinds:
        print(f"| {kind} | " + " | ".join(_cell(*results[name][kind]) for name in results) + " |")


def _cell(p50: float, p95: float, cpu50: float, cpu95: float, failures: int) -> str:
    failed = f" ({failures} timed out)" if failures else ""
    return f"{p50:.1f} / {p95:.1f} ms (CPU {cpu50:.1f} / {cpu95:.1f}){failed}"


if __name__ == "__main__":
    main()
