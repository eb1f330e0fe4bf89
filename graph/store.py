"""Load large node-link graphs fast: one pass over ``json.load``'s lists into networkx.

``read_node_link`` checks each record as it goes and writes networkx's adjacency
dictionaries directly, dropping each raw record once read, so a million edges cost little
more than parsing the JSON and the graph is held once. Edges that carry no provenance of
their own share one attribute dict per relation (the graph is frozen and read by every
caller, never written), which halves the objects to build, to cache and to load from the
cache. A file with any problem at all is read again by ``graph.importers.import_graph``,
which reports every problem with its place; a clean file gives exactly the graph
``import_graph`` would.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

import networkx as nx

from .importers import import_graph, shared_dataset, to_provenance
from .index import MemoryBackend

__all__ = ["CACHE_VERSION", "load_backend", "read_node_link"]

CACHE_VERSION = "2"
"""Part of every cache key: bump it when the graph or index layout changes."""


class _NotClean(Exception):
    """A record the fast path does not take: the careful reader reports it."""


def _is_texts(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(type(item) is str for item in value)


def _add_nodes(graph: nx.MultiDiGraph, nodes: list[Any]) -> None:
    node_attrs, succ, pred = graph._node, graph._succ, graph._pred
    for index, item in enumerate(nodes):
        nodes[index] = None
        if type(item) is not dict:
            raise _NotClean
        node_id, node_type = item.get("id"), item.get("type")
        label, synonyms = item.get("label", node_id), item.get("synonyms", ())
        if (
            type(node_id) is not str
            or not node_id
            or node_id in node_attrs
            or type(node_type) is not str
            or not node_type
            or type(label) is not str
            or not _is_texts(synonyms)
        ):
            raise _NotClean
        node_attrs[node_id] = {
            "label": label or node_id,
            "type": sys.intern(node_type),
            "synonyms": tuple(synonyms),
        }
        succ[node_id] = {}
        pred[node_id] = {}


def _add_edges(graph: nx.MultiDiGraph, edges: list[Any], dataset: str) -> None:
    node_attrs, succ, pred = graph._node, graph._succ, graph._pred
    default = shared_dataset(dataset)
    shared: dict[str, dict[str, Any]] = {}
    for index, item in enumerate(edges):
        edges[index] = None
        if type(item) is not dict:
            raise _NotClean
        source, target, relation = item.get("source"), item.get("target"), item.get("relation")
        raw = item.get("provenance")
        provenance = default if raw is None else to_provenance(raw, dataset)
        if (
            source not in node_attrs
            or target not in node_attrs
            or type(relation) is not str
            or not relation
            or provenance is None
        ):
            raise _NotClean
        keys = succ[source].get(target)
        if keys is None:
            keys = succ[source][target] = pred[target][source] = {}
        key = len(keys)
        while key in keys:  # networkx's own choice of the next free key
            key += 1
        if raw is None:
            # Edges with the file's own provenance share one attribute dict per relation:
            # the graph is frozen and read-only, and a million equal dicts would cost as
            # much to build, to pickle and to load again as the rest of the graph.
            attrs = shared.get(relation)
            if attrs is None:
                attrs = shared[relation] = {"relation": sys.intern(relation), "provenance": default}
            keys[key] = attrs
        else:
            keys[key] = {"relation": sys.intern(relation), "provenance": provenance}


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
    # Millions of new dicts would set off the cycle collector again and again; none of them
    # can be in a cycle, so it waits until the graph is built.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read(path)
    finally:
        if collecting:
            gc.enable()


def _read(path: Path) -> nx.MultiDiGraph:
    try:
        with path.open("rb") as stream:
            data = json.load(stream)
        if type(data) is not dict or type(data.get("nodes")) is not list:
            raise _NotClean
        edges = data.get("edges", data.get("links", []))
        if type(edges) is not list:
            raise _NotClean
        graph = nx.MultiDiGraph(dataset=path.name)
        _add_nodes(graph, data["nodes"])
        _add_edges(graph, edges, path.name)
    except (_NotClean, ValueError):
        # JSON or record trouble (UnicodeDecodeError is a ValueError): the careful reader
        # finds every problem and says where.
        data = graph = None
        return import_graph(path, fmt="json", max_bytes=2**62)
    return nx.freeze(graph)


def _content_key(path: Path) -> str:
    digest = hashlib.sha256(CACHE_VERSION.encode())
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _read_cache(cached: Path) -> MemoryBackend | None:
    collecting = gc.isenabled()
    gc.disable()
    try:
        with cached.open("rb") as stream:
            backend = pickle.load(stream)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
        return None  # missing, cut short or from another version: build it again
    finally:
        if collecting:
            gc.enable()
    return backend if isinstance(backend, MemoryBackend) else None


def load_backend(path: Path | str, *, cache_dir: Path | str | None = None) -> MemoryBackend:
    """Load a node-link file with its search index, from a cache when one matches.

    The cache is keyed by the SHA-256 of the file's bytes (and ``CACHE_VERSION``), so an
    edited file never meets a stale cache. It is a pickle, so ``cache_dir`` must be a
    folder only this program writes: pickles run code when loaded.

    Parameters
    ----------
    path
        The node-link file.
    cache_dir
        Where to keep ``<key>.pickle`` files (made if missing); None for no cache.

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
    if cache_dir is None:
        return MemoryBackend(read_node_link(path))
    folder = Path(cache_dir)
    cached = folder / f"{_content_key(path)}.pickle"
    backend = _read_cache(cached)
    if backend is None:
        backend = MemoryBackend(read_node_link(path))
        backend.summary()  # the app's opening view: worked out once, kept in the cache
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # others may not plant pickles
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(backend, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, cached)  # readers see a whole file or none
        finally:
            Path(temporary).unlink(missing_ok=True)
    return backend
