"""Load large node-link graphs fast: ``json.load``'s lists to columns, then to arrays.

``load_backend`` checks each record and turns the edges into columns (node positions and
relation codes, in file order), dropping the records as it goes, so the graph is held
once; ``graph.adjacency.Adjacency`` sorts the columns into the arrays that
``graph.memory.MemoryBackend`` answers from, without building a million Python dicts.
``read_node_link`` builds the networkx graph (the model, for exports and ``db load``)
from the same columns. Edges that carry no provenance of their own share one attribute
dict per relation. A file with any problem at all is read again by
``graph.importers.import_graph``, which reports every problem with its place; a clean
file gives exactly the graph ``import_graph`` would. ``load_backend`` keeps the arrays,
search index and summary in a content-keyed cache (``graph.store_arrays``).
"""

from __future__ import annotations

import gc
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

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


def _is_texts(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(type(item) is str for item in value)


def _node_columns(nodes: list[Any]) -> _Nodes:
    """Ids, labels, types and synonyms; ``_NotClean`` at the first record not taken."""
    node_ids, labels, types, synonyms = [], [], [], []
    seen: set[str] = set()
    for index, item in enumerate(nodes):
        nodes[index] = None  # drop each record once read: one copy of the graph at a time
        if type(item) is not dict:
            raise _NotClean
        node_id, node_type = item.get("id"), item.get("type")
        label, names = item.get("label", node_id), item.get("synonyms", ())
        if (
            type(node_id) is not str
            or not node_id
            or node_id in seen
            or type(node_type) is not str
            or not node_type
            or type(label) is not str
            or not _is_texts(names)
        ):
            raise _NotClean
        seen.add(node_id)
        node_ids.append(node_id)
        labels.append(label or node_id)
        types.append(sys.intern(node_type))
        synonyms.append(tuple(names))
    return node_ids, labels, types, synonyms


def _edge_columns(edges: list[Any], node_ids: list[str], dataset: str) -> EdgeColumns:
    """The edges as columns; ``_NotClean`` at the first record the fast path does not take."""
    positions = {node_id: position for position, node_id in enumerate(node_ids)}
    code_of: dict[str, int] = {}
    try:
        # A record that is not a dict, lacks a field or names an unknown or unhashable
        # node or relation fails here, with KeyError or TypeError.
        sources = np.array([positions[item["source"]] for item in edges], dtype=np.int64)
        targets = np.array([positions[item["target"]] for item in edges], dtype=np.int64)
        codes = np.array(
            [code_of.setdefault(item["relation"], len(code_of)) for item in edges], dtype=np.int32
        )
    except (KeyError, TypeError):
        raise _NotClean from None
    relations = list(code_of)
    if not all(type(relation) is str and relation for relation in relations):
        raise _NotClean
    provenance = {}
    for edge in [edge for edge, item in enumerate(edges) if "provenance" in item]:
        found = to_provenance(edges[edge]["provenance"], dataset)
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
    found = _read_quietly(path)
    if isinstance(found, nx.MultiDiGraph):
        return found
    nodes, columns = found
    return build_graph(nodes, columns, shared_dataset(path.name), path.name)


def _read_quietly(path: Path) -> _Read:
    # Millions of new objects would set off the cycle collector again and again; none of
    # them can be in a cycle, so it waits until the graph is read.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read(path)
    finally:
        if collecting:
            gc.enable()


def _read(path: Path) -> _Read:
    """Nodes and edge columns; or, from a file the fast path does not take, the careful
    reader's networkx graph."""
    try:
        with path.open("rb") as stream:
            data = json.load(stream)
        if type(data) is not dict or type(data.get("nodes")) is not list:
            raise _NotClean
        edges = data.get("edges", data.get("links", []))
        if type(edges) is not list:
            raise _NotClean
        nodes = _node_columns(data["nodes"])
        columns = _edge_columns(edges, nodes[0], path.name)
    except (_NotClean, ValueError):
        # JSON or record trouble (UnicodeDecodeError is a ValueError): the careful reader
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
        found = _read_quietly(path)
        if isinstance(found, nx.MultiDiGraph):
            return MemoryBackend(found)  # the careful reader's graph: not cached
        backend = MemoryBackend(adjacency=Adjacency.from_columns(*found, path.name))
        if cached is not None:
            backend.summary()  # the app's opening view: worked out once, kept in the cache
            cached.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_cache(cached, backend)
    return backend
