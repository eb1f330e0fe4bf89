"""The large-graph cache as plain arrays: a graph, its search index and summary in one .npz.

A pickle would load a little faster to write but runs code when loaded, so a cache file
someone planted could do anything. This cache holds only integers and UTF-8 text in numpy
arrays (``np.savez``), read back with ``allow_pickle=False``: a planted file can give a
wrong graph at worst. Text lists are kept as one UTF-8 blob and the end offset of each
text; the edges as the columns ``graph.store`` read them in (node positions and relation
codes in file order), so ``graph.adjacency.link_columns`` rebuilds exactly the same graph.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from .adjacency import link_columns
from .importers import shared_dataset
from .index import MemoryBackend, NameIndex, Summary

__all__ = ["EdgeColumns", "read_cache", "write_cache"]


@dataclass(frozen=True, slots=True)
class EdgeColumns:
    """A clean file's edges as columns, in file order: what the cache keeps of them.

    ``sources`` and ``targets`` are positions in ``node_ids``, ``codes`` index
    ``relations``, and ``provenance`` holds the edges that carry their own (by position);
    the others share their relation's dict, whose provenance is the file's data set.
    """

    node_ids: list[str]
    sources: np.ndarray
    targets: np.ndarray
    codes: np.ndarray
    relations: list[str]
    provenance: Mapping[int, tuple[dict[str, str], ...]]

    def attrs(self, default: tuple[dict[str, str], ...]) -> list[dict[str, Any]]:
        """Each edge's attribute dict; edges without their own provenance share one."""
        shared = [
            {"relation": sys.intern(relation), "provenance": default} for relation in self.relations
        ]
        attrs = [shared[code] for code in self.codes.tolist()]
        for edge, provenance in self.provenance.items():
            attrs[edge] = {"relation": attrs[edge]["relation"], "provenance": provenance}
        return attrs


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


def _node_arrays(graph: nx.MultiDiGraph, arrays: dict[str, np.ndarray]) -> list[str]:
    """Nodes as arrays (ids, labels, type codes, synonyms); returns the type names."""
    records = list(graph.nodes(data=True))
    types = list(dict.fromkeys(attrs["type"] for _, attrs in records))
    code_of = {name: code for code, name in enumerate(types)}
    _texts(arrays, "id", [node_id for node_id, _ in records])
    _texts(arrays, "label", [attrs["label"] for _, attrs in records])
    arrays["type_codes"] = np.array([code_of[a["type"]] for _, a in records], dtype=np.int32)
    _texts(arrays, "synonym", [name for _, attrs in records for name in attrs["synonyms"]])
    arrays["synonym_counts"] = np.array([len(a["synonyms"]) for _, a in records], dtype=np.int64)
    return types


def _index_arrays(names: NameIndex, node_ids: Sequence[str], arrays: dict[str, np.ndarray]) -> None:
    position = {node_id: index for index, node_id in enumerate(node_ids)}
    arrays["name_nodes"] = np.array([position[node] for node, _ in names.names], dtype=np.int64)
    _texts(arrays, "name", [name for _, name in names.names])
    arrays["name_sizes"] = names.sizes
    _texts(arrays, "gram", list(names.postings))
    lists = list(names.postings.values())
    arrays["posting_ends"] = np.cumsum([len(found) for found in lists], dtype=np.int64)
    arrays["postings"] = np.concatenate(lists) if lists else np.zeros(0, dtype=np.int32)


def write_cache(cached: Path, backend: MemoryBackend, columns: EdgeColumns) -> None:
    """Write ``backend`` (graph, index, summary) as ``cached``, all at once or not at all.

    ``columns`` are the edges as ``graph.store`` read them, so that the order of every
    neighbour dict comes back the same.
    """
    graph = backend.graph
    arrays: dict[str, np.ndarray] = {}
    types = _node_arrays(graph, arrays)
    arrays["sources"], arrays["targets"] = columns.sources, columns.targets
    arrays["codes"] = columns.codes
    own = sorted(columns.provenance)
    arrays["provenance_edges"] = np.array(own, dtype=np.int64)
    _texts(arrays, "provenance", [json.dumps(columns.provenance[edge]) for edge in own])
    _index_arrays(backend.names, columns.node_ids, arrays)
    summary = backend.summary()
    meta = {
        "dataset": graph.graph["dataset"],
        "types": types,
        "relations": columns.relations,
        "summary": [summary.nodes, summary.edges, summary.types, summary.hubs],
    }
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    handle, temporary = tempfile.mkstemp(dir=cached.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            np.savez(stream, **arrays)
        os.replace(temporary, cached)  # readers see a whole file or none
    finally:
        Path(temporary).unlink(missing_ok=True)


def _graph(arrays: Mapping[str, np.ndarray], meta: dict[str, Any]) -> nx.MultiDiGraph:
    node_ids = _unpack(arrays, "id")
    types = [sys.intern(name) for name in meta["types"]]
    synonyms = _unpack(arrays, "synonym")
    ends = np.cumsum(arrays["synonym_counts"]).tolist()
    graph = nx.MultiDiGraph(dataset=meta["dataset"])
    graph._node.update(
        (node_id, {"label": label, "type": types[code], "synonyms": tuple(synonyms[start:end])})
        for node_id, label, code, start, end in zip(
            node_ids,
            _unpack(arrays, "label"),
            arrays["type_codes"].tolist(),
            _starts(ends),
            ends,
            strict=True,
        )
    )
    graph._succ.update((node_id, {}) for node_id in node_ids)
    graph._pred.update((node_id, {}) for node_id in node_ids)
    own = arrays["provenance_edges"].tolist()
    texts = _unpack(arrays, "provenance")
    columns = EdgeColumns(
        node_ids,
        arrays["sources"],
        arrays["targets"],
        arrays["codes"],
        meta["relations"],
        {edge: tuple(json.loads(text)) for edge, text in zip(own, texts, strict=True)},
    )
    attrs = columns.attrs(shared_dataset(meta["dataset"]))
    link_columns(graph, node_ids, columns.sources, columns.targets, attrs)
    return nx.freeze(graph)


def _names(arrays: Mapping[str, np.ndarray], node_ids: Sequence[str]) -> NameIndex:
    nodes = [node_ids[position] for position in arrays["name_nodes"].tolist()]
    postings = arrays["postings"]
    ends = arrays["posting_ends"].tolist()
    found = {
        gram: postings[start:end]
        for gram, start, end in zip(_unpack(arrays, "gram"), _starts(ends), ends, strict=True)
    }
    return NameIndex(
        list(zip(nodes, _unpack(arrays, "name"), strict=True)), arrays["name_sizes"], found
    )


def _backend(arrays: Mapping[str, np.ndarray]) -> MemoryBackend:
    meta = json.loads(arrays["meta"].tobytes())
    graph = _graph(arrays, meta)
    nodes, edges, types, hubs = meta["summary"]
    summary = Summary(
        nodes,
        edges,
        tuple(map(tuple, types)),
        tuple(map(tuple, hubs)),  # type: ignore[arg-type]
    )
    return MemoryBackend(graph, names=_names(arrays, list(graph)), summary=summary)


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
