"""Load large node-link graphs fast: JSON bytes to small structs, to columns, to arrays.

``open_file`` decodes the file (mapped, not read into a copy) with msgspec straight into
one small struct per node and edge (only the fields the columns need; no dict per record),
checks them, and turns the edges into columns (node positions, looked up in an Arrow hash
table, and relation codes, in file order). That is all a large graph's opening view (its
summary) needs; ``graph.adjacency.Adjacency`` sorts the columns into the arrays that
``graph.memory.MemoryBackend`` answers from, and the search index is built, when a
question first needs them, without a million Python dicts. ``read_node_link`` builds the
networkx graph (the model, for exports and ``db load``) from the same columns. Edges that
carry no provenance of their own share one attribute dict per relation. A file with any
problem at all (bad JSON, a record of another shape, a wrong type, a missing field, an
unknown node) is read again by ``graph.importers.import_graph``, which reports every
problem with its place; a clean file gives exactly the graph ``import_graph`` would.
The arrays, search index and summary are kept in a content-keyed cache
(``graph.store_arrays``): ``load_backend`` writes it at once, ``Opened`` after the app's
first view, in a thread.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import json
import mmap
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import msgspec
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .adjacency import EdgeColumns, build_graph
from .limits import UNSAFE_CHARACTERS, max_length, text_problem
from .memory import MemoryBackend
from .store_arrays import read_cache, write_cache

if TYPE_CHECKING:
    import networkx as nx

# networkx and graph.importers (YAML, XML, CSV readers) are imported where a careful read,
# a networkx graph or a record's own provenance needs them: a clean file's first view
# needs none of them, and they cost it a tenth of a second.

__all__ = ["CACHE_VERSION", "Opened", "load_backend", "open_file", "read_node_link"]

CACHE_VERSION = "4"
"""Part of every cache key: bump it when the graph or index layout changes."""


_Nodes = tuple[list[str], list[str], list[str], list[tuple[str, ...]]]
_Read: TypeAlias = "tuple[_Nodes, EdgeColumns] | nx.MultiDiGraph"


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
    """The file as structs; a ``ValueError`` if it is not JSON (or empty) or a record does
    not fit.

    The file is mapped, not read into a copy: the decoded structs hold their own strings.
    """
    with path.open("rb") as stream, mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as text:
        try:
            return msgspec.json.Decoder(_File).decode(text)
        except msgspec.ValidationError:
            raise  # JSON, but a record that does not fit: the careful reader's turn
        except msgspec.DecodeError:
            # JSON that Python reads and msgspec does not (a lone surrogate escaped in a
            # label): the same structs, by way of Python's objects.
            return msgspec.convert(json.loads(text[:]), _File)


def _node_columns(nodes: list[_Node]) -> _Nodes:
    """Ids, labels, types and synonyms; ``_NotClean`` at an empty id or type, or a repeated id."""
    node_ids = list(map(attrgetter("id"), nodes))
    types = list(map(sys.intern, map(attrgetter("type"), nodes)))
    if not all(node_ids) or not all(types) or len(set(node_ids)) != len(node_ids):
        raise _NotClean
    labels = [node.label or node.id for node in nodes]
    synonyms = list(map(attrgetter("synonyms"), nodes))
    every_synonym = list(itertools.chain.from_iterable(synonyms))
    for name, texts in (("id", node_ids), ("label", labels), ("type", types)):
        _check_limits(texts, name)
    _check_limits(every_synonym, "synonyms")
    return node_ids, labels, types, synonyms


def _check_limits(texts: list[str], name: str) -> None:
    """``_NotClean`` unless every text keeps the data limits of the field ``name``
    (``graph.limits``).

    The texts are checked at once: their longest length, then one search of them all,
    joined by line breaks (which the limits allow), for a character the limits refuse; a
    hundred thousand names cost a few milliseconds. The careful reader names the record
    and field of any that do not keep them.
    """
    if texts and (max(map(len, texts)) > max_length(name) or _UNSAFE.search("\n".join(texts))):
        raise _NotClean


_UNSAFE = re.compile(UNSAFE_CHARACTERS)


def _column(edges: list[_Edge], name: str) -> pa.Array:
    """One text field of every edge as an Arrow array.

    A text Arrow cannot hold (a lone surrogate) raises ``UnicodeEncodeError``, a
    ``ValueError``: the careful reader takes the file.
    """
    return pa.array(map(attrgetter(name), edges), type=pa.string(), size=len(edges))


def _positions(ends: pa.Array, node_ids: pa.Array) -> np.ndarray:
    """Each of ``ends`` as a position in ``node_ids``; ``_NotClean`` at an unknown node.

    Arrow's hash table over the ids' UTF-8 bytes looks a million ends up in a tenth of
    the time Python's dict takes (its probes chase a string object each).
    """
    found = pc.index_in(ends, value_set=node_ids)
    if found.null_count:
        raise _NotClean
    return found.to_numpy().astype(np.int64)


def _own_provenance(edges: list[_Edge], dataset: str) -> dict[int, tuple[dict[str, str], ...]]:
    """The provenance of the edges that carry their own; ``_NotClean`` at one that does
    not fit."""
    given = list(map(attrgetter("provenance"), edges))
    if given.count(msgspec.UNSET) == len(given):  # none has any: no loop in Python
        return {}
    from . import importers

    provenance = {}
    for edge, record in enumerate(given):
        # Absent, null or empty means the file's data set, as for the careful reader.
        if record is msgspec.UNSET or record is None or record == "":
            continue
        found = importers.to_provenance(record, dataset)
        if found is None or any(
            text_problem(key, text) for item in found for key, text in item.items()
        ):
            raise _NotClean
        provenance[edge] = found
    return provenance


def _edge_columns(edges: list[_Edge], node_ids: list[str], dataset: str) -> EdgeColumns:
    """The edges as columns; ``_NotClean`` at the first edge the fast path does not take."""
    known = pa.array(node_ids, type=pa.string())
    sources = _positions(_column(edges, "source"), known)
    targets = _positions(_column(edges, "target"), known)
    # Arrow numbers the relations in order of first appearance, as the careful reader.
    named = _column(edges, "relation").dictionary_encode()
    relations = named.dictionary.to_pylist()
    if not all(relations):
        raise _NotClean
    _check_limits(relations, "relation")
    codes = named.indices.to_numpy().astype(np.int32)
    provenance = _own_provenance(edges, dataset)
    columns = EdgeColumns(node_ids, sources, targets, codes, relations, provenance)
    return _without_repeats(columns, dataset)


def _without_repeats(columns: EdgeColumns, dataset: str) -> EdgeColumns:
    """Each edge once: a repeat (same source, relation and target) merged into the first,
    its provenance added, as ``graph.importers`` merges it; edges stay in file order.

    One pass of a hash table over the edges' keys finds the repeats; a file without any
    is returned as is.
    """
    count, width = len(columns.codes), len(columns.node_ids)
    kinds = max(len(columns.relations), 1)
    if count < 2:
        return columns
    if width * width * kinds >= 2**62:
        raise _NotClean  # keys would not fit in 64 bits: the careful reader merges
    keys = (columns.sources * kinds + columns.codes) * width + columns.targets
    # Arrow's hash table numbers the distinct keys in order of first appearance (no sort):
    # group g's first edge is where the running highest number first reaches g.
    encoded = pa.array(keys, type=pa.int64()).dictionary_encode()
    if len(encoded.dictionary) == count:
        return columns
    group = encoded.indices.to_numpy().astype(np.int64)
    running = np.maximum.accumulate(group)
    is_first = np.ones(count, dtype=bool)
    is_first[1:] = running[1:] > running[:-1]
    kept = np.flatnonzero(is_first)  # the first edge of each group, in file order
    if not columns.provenance:  # every edge has the file's data set: nothing to merge
        return _kept_columns(columns, kept, {})
    from .importers import merged_provenance, shared_dataset

    repeated = np.bincount(group) > 1
    default = shared_dataset(dataset)
    provenance = {}
    # Only a repeat group holding an edge with provenance of its own needs merging; the
    # others keep the file's data set. Group g is the g-th kept edge.
    own_groups = np.zeros(len(kept), dtype=bool)
    own_groups[group[np.fromiter(columns.provenance, dtype=np.int64)]] = True
    for edge in np.flatnonzero((repeated & own_groups)[group]).tolist():
        at = int(group[edge])
        own = columns.provenance.get(edge, default)
        provenance[at] = merged_provenance(provenance[at], own) if at in provenance else own
    for edge, own in columns.provenance.items():
        if not repeated[group[edge]]:
            provenance[int(group[edge])] = own
    merged = {edge: records for edge, records in provenance.items() if records is not default}
    return _kept_columns(columns, kept, merged)


def _kept_columns(
    columns: EdgeColumns, kept: np.ndarray, provenance: dict[int, tuple[dict[str, str], ...]]
) -> EdgeColumns:
    return EdgeColumns(
        columns.node_ids,
        columns.sources[kept],
        columns.targets[kept],
        columns.codes[kept],
        columns.relations,
        provenance,
    )


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
    from .importers import shared_dataset

    path = Path(path)
    with _no_cycle_collection():
        found = _read(path)
        if not isinstance(found, tuple):  # the careful reader's graph
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
    except (_NotClean, ValueError, RecursionError):
        # JSON or record trouble (msgspec's errors are ValueErrors; Python's parser, the
        # fallback for what msgspec refuses, runs out of stack on deep nesting): the
        # careful reader finds every problem and says where.
        from .importers import import_graph

        data = edges = None
        _refuse_other_formats(path)
        return import_graph(path, fmt="json", max_bytes=2**62)
    return nodes, columns


def _refuse_other_formats(path: Path) -> None:
    """Refuse, in one line, a file in a format ``import`` reads but the query commands do
    not (GraphML, GEXF), saying how to turn it into node-link JSON."""
    from .errors import Problem, SchemaError
    from .import_readers import FORMAT_NAMES, sniff_format

    found = sniff_format(path)
    if found in ("graphml", "gexf"):
        message = (
            f"is {FORMAT_NAMES[found]}, not node-link JSON; import it first"
            f" (import FILE --format {found} --output DIR), then give DIR/graph.json"
        )
        raise SchemaError([Problem(path.name, 0, "", message)])


def _content_key(path: Path) -> str:
    digest = hashlib.sha256(CACHE_VERSION.encode())
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(eq=False)
class Opened:
    """A node-link file's backend, and the cache file it still has to be written to.

    ``cache_file`` is None when the backend came from the cache or is not to be cached.
    The app sends its first view before the cache is written
    (``finish_in_background``); the command line writes it at once (``load_backend``).
    """

    backend: MemoryBackend
    cache_file: Path | None
    _started: threading.Thread | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def finish(self) -> None:
        """Sort the arrays, build the search index and write the cache file, if due."""
        with _no_cycle_collection():
            self.backend.prepare()
        if self.cache_file is not None:
            self.cache_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_cache(self.cache_file, self.backend)

    def finish_in_background(self, *, after: float = 0.0) -> threading.Thread:
        """Start ``finish`` in a thread ``after`` seconds from now (once: later calls return
        the same thread).

        The thread is not a daemon, so a server stopping waits for the cache file to be
        whole; it is written to a temporary file first and renamed, so no reader ever
        sees part of it. A question asked meanwhile waits for the arrays or index it needs
        under the backend's lock instead of building them twice.
        """
        with self._lock:
            if self._started is None:
                self._started = threading.Timer(after, self.finish)
                self._started.name = "cramp-atlas-cache"
                self._started.start()
            return self._started


def open_file(path: Path | str, *, cache_dir: Path | str | None = None) -> Opened:
    """Open a node-link file for questions, from a cache when one matches; write nothing.

    The cache is keyed by the SHA-256 of the file's bytes (and ``CACHE_VERSION``), so an
    edited file never meets a stale cache. It holds only numbers and text in numpy arrays
    (``graph.store_arrays``), read with pickles refused, so a planted cache file can
    give a wrong graph at worst, never run code. Files the fast path does not take (those
    the careful reader accepts in another form) are not cached.

    Without a matching cache the backend's summary is ready at once and its arrays and
    search index are built when first needed (``MemoryBackend.from_columns``), so a
    large graph's opening view waits for neither.

    Parameters
    ----------
    path
        The node-link file.
    cache_dir
        Where ``<key>.npz`` files are kept (made when one is written); None for no cache.

    Returns
    -------
    Opened
        The backend (its ``.graph`` frozen), and the cache file still to write, if any.

    Raises
    ------
    SchemaError
        Every problem of a file that does not load, with its place.
    """
    path = Path(path)
    cached = None if cache_dir is None else Path(cache_dir) / f"{_content_key(path)}.npz"
    backend = None if cached is None else read_cache(cached)
    if backend is not None:
        return Opened(backend, None)
    with _no_cycle_collection():
        found = _read(path)
    if not isinstance(found, tuple):
        return Opened(MemoryBackend(found), None)  # the careful reader's graph: not cached
    return Opened(MemoryBackend.from_columns(*found, path.name), cached)


def load_backend(path: Path | str, *, cache_dir: Path | str | None = None) -> MemoryBackend:
    """``open_file``, then the arrays, the search index and the cache file at once.

    For the command line and the benchmark: the backend is ready for every question.
    See ``open_file`` for the parameters.
    """
    opened = open_file(path, cache_dir=cache_dir)
    opened.finish()
    return opened.backend
