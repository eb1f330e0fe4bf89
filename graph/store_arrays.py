"""The large-graph cache as plain arrays: a graph, its search index and summary in one .npz.

A pickle runs code when loaded, so a cache file someone planted could do anything; it was
also slower to load (it rebuilds a million Python dicts). This cache holds only integers
and UTF-8 text in numpy arrays (``np.savez``), read back with ``allow_pickle=False``: a
planted file can give a wrong graph at worst. Text lists are kept as one UTF-8 blob and
the end offset of each text; the graph as ``graph.adjacency.Adjacency``'s sorted arrays,
which ``graph.memory.MemoryBackend`` answers from directly, so a cached start builds no
per-edge objects at all.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .adjacency import Adjacency, Side
from .index import NameIndex, Summary
from .memory import MemoryBackend

__all__ = ["read_cache", "write_cache"]


def _pack(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Texts as one UTF-8 blob and the end (in characters) of each text."""
    ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)))
    # JSON may carry lone surrogates; they survive the round trip.
    blob = "".join(texts).encode("utf-8", "surrogatepass")
    return np.frombuffer(blob, dtype=np.uint8), ends


def _starts(ends: list[int]) -> list[int]:
    return [0, *ends[:-1]] if ends else []


def _unpack(arrays: Mapping[str, np.ndarray], name: str) -> list[str]:
    text = arrays[f"{name}_text"].tobytes().decode("utf-8", "surrogatepass")
    ends = arrays[f"{name}_ends"].tolist()
    return [text[start:end] for start, end in zip(_starts(ends), ends, strict=True)]


def _texts(arrays: dict[str, np.ndarray], name: str, texts: Sequence[str]) -> None:
    arrays[f"{name}_text"], arrays[f"{name}_ends"] = _pack(texts)


_SIDE_FIELDS = ("starts", "others", "edges", "unique_starts", "unique")


def _adjacency_arrays(adjacency: Adjacency, arrays: dict[str, np.ndarray]) -> None:
    _texts(arrays, "id", adjacency.node_ids)
    _texts(arrays, "label", adjacency.labels)
    _texts(arrays, "type", adjacency.types)
    _texts(arrays, "synonym", [name for names in adjacency.synonyms for name in names])
    arrays["synonym_counts"] = np.array([len(names) for names in adjacency.synonyms])
    arrays["codes"] = adjacency.codes
    own = sorted(adjacency.provenance)
    arrays["provenance_edges"] = np.array(own, dtype=np.int64)
    _texts(arrays, "provenance", [json.dumps(adjacency.provenance[edge]) for edge in own])
    for name, side in (("out", adjacency.out), ("into", adjacency.into)):
        for field in _SIDE_FIELDS:
            arrays[f"{name}_{field}"] = getattr(side, field)


def _index_arrays(names: NameIndex, adjacency: Adjacency, arrays: dict[str, np.ndarray]) -> None:
    position = adjacency.positions
    arrays["name_nodes"] = np.array([position[node] for node, _ in names.names], dtype=np.int64)
    _texts(arrays, "name", [name for _, name in names.names])
    arrays["name_sizes"] = names.sizes
    _texts(arrays, "gram", list(names.postings))
    lists = list(names.postings.values())
    arrays["posting_ends"] = np.cumsum([len(found) for found in lists], dtype=np.int64)
    arrays["postings"] = np.concatenate(lists) if lists else np.zeros(0, dtype=np.int32)


def write_cache(cached: Path, backend: MemoryBackend) -> None:
    """Write ``backend`` (arrays, index, summary) as ``cached``, all at once or not at all."""
    adjacency = backend.adjacency
    arrays: dict[str, np.ndarray] = {}
    _adjacency_arrays(adjacency, arrays)
    _index_arrays(backend.names, adjacency, arrays)
    summary = backend.summary()
    meta = {
        "dataset": adjacency.dataset,
        "default": adjacency.default,
        "relations": adjacency.relations,
        "summary": [summary.nodes, summary.edges, summary.types, summary.hubs],
    }
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    handle, temporary = tempfile.mkstemp(dir=cached.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            np.savez(stream, **arrays)
            stream.flush()
            os.fsync(stream.fileno())  # whole on disk before it takes the cache's name
        os.replace(temporary, cached)  # readers see a whole file or none
    finally:
        Path(temporary).unlink(missing_ok=True)


def _adjacency(arrays: Mapping[str, np.ndarray], meta: dict[str, Any]) -> Adjacency:
    node_ids = _unpack(arrays, "id")
    synonyms = _unpack(arrays, "synonym")
    ends = np.cumsum(arrays["synonym_counts"]).tolist()
    own = arrays["provenance_edges"].tolist()
    texts = _unpack(arrays, "provenance")
    sides = [
        Side(*(arrays[f"{name}_{field}"] for field in _SIDE_FIELDS)) for name in ("out", "into")
    ]
    return Adjacency(
        node_ids,
        {node_id: position for position, node_id in enumerate(node_ids)},
        _unpack(arrays, "label"),
        [sys.intern(name) for name in _unpack(arrays, "type")],
        [tuple(synonyms[start:end]) for start, end in zip(_starts(ends), ends, strict=True)],
        meta["relations"],
        arrays["codes"],
        {edge: tuple(json.loads(text)) for edge, text in zip(own, texts, strict=True)},
        tuple(meta["default"]),
        *sides,
        meta["dataset"],
    )


def _names(arrays: Mapping[str, np.ndarray], node_ids: Sequence[str]) -> NameIndex:
    nodes = [node_ids[position] for position in arrays["name_nodes"].tolist()]
    postings = arrays["postings"]
    ends = arrays["posting_ends"].tolist()
    found = {
        gram: postings[start:end]
        for gram, start, end in zip(_unpack(arrays, "gram"), _starts(ends), ends, strict=True)
    }
    names = list(zip(nodes, _unpack(arrays, "name"), strict=True))
    return NameIndex(names, arrays["name_sizes"], found)


def _backend(arrays: Mapping[str, np.ndarray]) -> MemoryBackend:
    meta = json.loads(arrays["meta"].tobytes())
    adjacency = _adjacency(arrays, meta)
    nodes, edges, types, hubs = meta["summary"]
    summary = Summary(nodes, edges, tuple(map(tuple, types)), tuple(map(tuple, hubs)))
    names = _names(arrays, adjacency.node_ids)
    return MemoryBackend(adjacency=adjacency, names=names, summary=summary)


def read_cache(cached: Path) -> MemoryBackend | None:
    """The backend ``write_cache`` kept in ``cached``, or None if it is missing or broken."""
    collecting = gc.isenabled()
    gc.disable()  # no cycles among the new objects: see graph.store
    try:
        with np.load(cached, allow_pickle=False) as arrays:
            return _backend(arrays)
    except (OSError, EOFError, KeyError, IndexError, TypeError, ValueError, zipfile.BadZipFile):
        return None  # missing, cut short or from another layout: build it again
    finally:
        if collecting:
            gc.enable()
