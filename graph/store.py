"""Load large node-link graphs fast: JSON bytes to small structs, to columns, to arrays.

``load_backend`` decodes the file with msgspec straight into one small struct per node
and edge (only the fields the columns need; no dict per record, no second copy of the
text), checks them, and turns the edges into columns (node positions and relation codes,
in file order) with loops that run in C; ``graph.adjacency.Adjacency`` sorts the columns
into the arrays that ``graph.memory.MemoryBackend`` answers from, without building a
million Python dicts. ``read_node_link`` builds the networkx graph (the model, for
exports and ``db load``) from the same columns. Edges that carry no provenance of their
own share one attribute dict per relation. A file with any problem at all (bad JSON, a
record of another shape, a wrong type, a missing field, an unknown node) is read again
by ``graph.importers.import_graph``, which reports every problem with its place; a clean
file gives exactly the graph ``import_graph`` would. ``load_backend`` keeps the arrays,
search index and summary in a content-keyed cache (``graph.store_arrays``)."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import sys
from collections.abc import Iterator
from operator import attrgetter
from pathlib import Path
from typing import Any

import msgspec
import networkx as nx
import numpy as np

from .adjacency import Adjacency, EdgeColumns, build_graph
from .importers import import_graph, shared_dataset, to_provenance
from .memory import MemoryBackend
from .store_arrays import read_cache, write_cache

__all__ = ["CACHE_VERSION", "load_backend", "read_node_link"]

CACHE_VERSION = "3"
"""Part of every cache key: bump it when the graph or index layout changes."""


_Nodes = tuple[list[str], list[str], list[str], list[tuple[str, ...]]]
_Read = tuple[_Nodes, EdgeColumns] | nx.MultiDiGraph


class _NotClean(Exception):
    """A record the fast path does not take: the careful reader reports it."""


# What the fast path decodes: only the fields the columns need, straight from the bytes
# into small structs (no dict per record). A record of another shape, a wrong type or a
# missing field fails the decode, and the careful reader takes the file. Nothing decoded
# can be in a reference cycle, so the structs stay out of the cycle collector's way.
class _Node(msgspec.Struct, gc=False):
    id: str
    type: str
    label: str = ""
    synonyms: tuple[str, ...] = ()


class _Edge(msgspec.Struct, gc=False):
    source: str
    target: str
    relation: str
    provenance: Any = msgspec.UNSET


class _File(msgspec.Struct, gc=False):
    nodes: list[_Node]
    edges: list[_Edge] | msgspec.UnsetType = msgspec.UNSET
    links: list[_Edge] | msgspec.UnsetType = msgspec.UNSET


def _decode(path: Path) -> _File:
    """The file as structs; a ``ValueError`` if it is not JSON or a record does not fit."""
    text = path.read_bytes()
    try:
        return msgspec.json.Decoder(_File).decode(text)
    except msgspec.ValidationError:
        raise  # JSON, but a record that does not fit: the careful reader's turn
    except msgspec.DecodeError:
        # JSON that Python reads and msgspec does not (a lone surrogate escaped in a
        # label): the same structs, by way of Python's objects.
        return msgspec.convert(json.loads(text), _File)


def _node_columns(nodes: list[_Node]) -> _Nodes:
    """Ids, labels, types and synonyms; ``_NotClean`` at an empty id or type, or a repeated id."""
    node_ids = list(map(attrgetter("id"), nodes))
    types = list(map(sys.intern, map(attrgetter("type"), nodes)))
    if not all(node_ids) or not all(types) or len(set(node_ids)) != len(node_ids):
        raise _NotClean
    labels = [node.label or node.id for node in nodes]
    return node_ids, labels, types, list(map(attrgetter("synonyms"), nodes))


def _positions(edges: list[_Edge], end: str, positions: dict[str, int]) -> np.ndarray:
    """Each edge's ``end`` node as a position; ``_NotClean`` at an unknown node."""
    try:
        found = map(positions.__getitem__, map(attrgetter(end), edges))
        return np.fromiter(found, dtype=np.int64, count=len(edges))
    except KeyError:
        raise _NotClean from None


def _edge_columns(edges: list[_Edge], node_ids: list[str], dataset: str) -> EdgeColumns:
    """The edges as columns; ``_NotClean`` at the first edge the fast path does not take."""
    positions = {node_id: position for position, node_id in enumerate(node_ids)}
    sources = _positions(edges, "source", positions)
    targets = _positions(edges, "target", positions)
    named = list(map(attrgetter("relation"), edges))
    relations = list(dict.fromkeys(named))  # in order of first appearance
    if not all(relations):
        raise _NotClean
    code_of = {relation: code for code, relation in enumerate(relations)}
    codes = np.fromiter(map(code_of.__getitem__, named), dtype=np.int32, count=len(named))
    provenance = {}
    for edge, given in enumerate(map(attrgetter("provenance"), edges)):
        # Absent, null or empty means the file's data set, as for the careful reader.
        if given is msgspec.UNSET or given is None or given == "":
            continue
        found = to_provenance(given, dataset)
        if found is None:
            raise _NotClean
        provenance[edge] = found
    return EdgeColumns(node_ids, sources, targets, codes, relations, provenance)


def read_node_link(path: Path | str) -> nx.MultiDiGraph:
    """Read a node-link file (``import``'s ``graph.json``, ``bench.generate``'s) into a graph.

    Parameters
    ----------
    path
        The file; its name is the data set of edges without provenance.

    Returns
    -------
    networkx.MultiDiGraph
        Frozen; the same graph ``import_graph(path, fmt="json")`` gives.

    Raises
    ------
    SchemaError
        Every problem, with its place, when the file is not clean.
    """
    path = Path(path)
    with _no_cycle_collection():
        found = _read(path)
        if isinstance(found, nx.MultiDiGraph):
            return found
        nodes, columns = found
        return build_graph(nodes, columns, shared_dataset(path.name), path.name)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Hold the cycle collector while a graph is read and built.

    Millions of new objects would set it off again and again, and none of them can be in
    a cycle; it was a tenth of a first load.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _read(path: Path) -> _Read:
    """Nodes and edge columns; or, from a file the fast path does not take, the careful
    reader's networkx graph."""
    try:
        data = _decode(path)
        edges = data.links if data.edges is msgspec.UNSET else data.edges
        nodes = _node_columns(data.nodes)
        columns = _edge_columns([] if edges is msgspec.UNSET else edges, nodes[0], path.name)
    except (_NotClean, ValueError):
        # JSON or record trouble (msgspec's errors are ValueErrors): the careful reader
        # finds every problem and says where.
        data = edges = None
        return import_graph(path, fmt="json", max_bytes=2**62)
    return nodes, columns


def _content_key(path: Path) -> str:
    digest = hashlib.sha256(CACHE_VERSION.encode())
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def load_backend(path: Path | str, *, cache_dir: Path | str | None = None) -> MemoryBackend:
    """Load a node-link file with its search index, from a cache when one matches.

    The cache is keyed by the SHA-256 of the file's bytes (and ``CACHE_VERSION``), so an
    edited file never meets a stale cache. It holds only numbers and text in numpy arrays
    (``graph.store_arrays``), read with pickles refused, so a planted cache file can
    give a wrong graph at worst, never run code. Files the fast path does not take (those
    the careful reader accepts in another form) are not cached.

    Parameters
    ----------
    path
        The node-link file.
    cache_dir
        Where to keep ``<key>.npz`` files (made if missing); None for no cache.

    Returns
    -------
    MemoryBackend
        The graph (``.graph``, frozen) with its search index.

    Raises
    ------
    SchemaError
        Every problem of a file that does not load, with its place.
    """
    path = Path(path)
    cached = None if cache_dir is None else Path(cache_dir) / f"{_content_key(path)}.npz"
    backend = None if cached is None else read_cache(cached)
    if backend is None:
        with _no_cycle_collection():
            found = _read(path)
            if isinstance(found, nx.MultiDiGraph):
                return MemoryBackend(found)  # the careful reader's graph: not cached
            backend = MemoryBackend(adjacency=Adjacency.from_columns(*found, path.name))
        if cached is not None:
            backend.summary()  # the app's opening view: worked out once, kept in the cache
            cached.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_cache(cached, backend)
    return backend
