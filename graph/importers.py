"""Read knowledge graphs other tools wrote: node-link JSON, GraphML, GEXF, CSV and KGX.

Every reader yields raw records (one node or edge, where it was found, its attributes);
``import_graph`` maps them through an ``ImportMapping`` onto the four fields the engine
needs (type, label, synonyms on nodes; relation and provenance on edges), checks them and
builds a frozen ``networkx.MultiDiGraph``. Problems are collected, each with its place
(``file:line``, a CSV row or an XML element), and raised together as one ``SchemaError``.

An imported edge's provenance is a tuple of dicts: ``{"source", "quote", "strength"}`` when
the file carries quotes (our own exports do), otherwise ``{"dataset": name}``, the data set
the edge came from. Files larger than ``MAX_IMPORT_BYTES`` are refused before any parsing,
and XML goes through ``defusedxml`` (no entity expansion, no external entities, no DTD).
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import AtlasError, Problem, SchemaError
from .import_readers import (
    ImportMapping,
    RawRecord,
    input_files,
    load_mapping,
    read_records,
    split_list,
)
from .limits import text_problem
from .safe_io import check_output, write_atomic

__all__ = [
    "IMPORT_FORMATS",
    "MAX_IMPORT_BYTES",
    "Imported",
    "import_file",
    "import_graph",
    "imported_path",
    "merged_provenance",
    "read_imported",
    "shared_dataset",
    "to_provenance",
    "write_imported",
]

MAX_IMPORT_BYTES = 200 * 1024 * 1024
"""Largest input (bytes, all files of one import together) read by default."""

IMPORT_FORMATS = ("json", "graphml", "gexf", "csv", "kgx")
"""Formats ``import_graph`` reads; ``csv`` and ``kgx`` name a folder (or a file in it)."""

MAX_REPORTED = 20
"""Problems listed one by one, in the order they are found; one line counts the rest."""

IMPORTED_FILE = "graph.json"
"""Name of the node-link file ``write_imported`` writes into the output folder."""

# --- mapping, checks and the graph ------------------------------------------------------------


def _pick(attrs: Mapping[str, Any], names: Iterable[str]) -> Any:
    for name in names:
        value = attrs.get(name)
        if value not in (None, "", [], ()):
            return value
    return None


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _intern(text: str | None) -> str | None:
    # Types and relations repeat across millions of records: keep one string of each.
    return None if text is None else sys.intern(text)


def _synonyms(value: Any, delimiter: str | None) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v for v in split_list(value, delimiter) if v)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


@functools.lru_cache(maxsize=1024)
def shared_dataset(name: str) -> tuple[dict[str, str], ...]:
    # One shared record per data set: a million edges from one file share one provenance.
    return ({"dataset": name},)


def to_provenance(value: Any, dataset: str) -> tuple[dict[str, str], ...] | None:
    if value is None:
        return shared_dataset(dataset)
    if isinstance(value, str):
        return shared_dataset(value)
    if isinstance(value, list | tuple) and value:
        records = []
        for item in value:
            if isinstance(item, dict) and isinstance(item.get("dataset"), str):
                records.append({"dataset": item["dataset"]})
            elif isinstance(item, dict) and all(
                isinstance(item.get(key), str) for key in ("source", "quote", "strength")
            ):
                records.append({key: item[key] for key in ("source", "quote", "strength")})
            else:
                return None
        return tuple(records)
    return None


def merged_provenance(
    first: tuple[dict[str, str], ...], more: tuple[dict[str, str], ...]
) -> tuple[dict[str, str], ...]:
    """``first``, then the records of ``more`` it does not hold: a repeated edge's provenance.

    Examples
    --------
    >>> merged_provenance(({"dataset": "a"},), ({"dataset": "b"}, {"dataset": "a"}))
    ({'dataset': 'a'}, {'dataset': 'b'})
    """
    held = {tuple(sorted(record.items())) for record in first}
    added = []
    for record in more:
        key = tuple(sorted(record.items()))
        if key not in held:
            held.add(key)
            added.append(record)
    return (*first, *added) if added else first


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import read: the graph, and how many repeated edges were merged into it.

    ``first_repeat`` says where the first repeat was and what it repeats, for a note.
    """

    graph: nx.MultiDiGraph
    merged: int = 0
    first_repeat: str = ""


class _Builder:
    """Checks records one at a time and adds the good ones to a graph.

    An edge that repeats an earlier one (same source, relation and target) is merged
    into it, its provenance added to the first's: a data set listing a claim once per
    source is not wrong, and a graph of a million edges is not edited by hand.
    """

    def __init__(self, mapping: ImportMapping, dataset: str) -> None:
        self.mapping = mapping
        self.dataset = dataset
        self.graph = nx.MultiDiGraph(dataset=dataset)
        self.problems: list[Problem] = []
        self.extra = 0
        self.seen_at: dict[str, str] = {}
        self.edge_at: dict[tuple[str, str, str], tuple[int, str]] = {}
        self.merged = 0
        self.first_repeat = ""

    def problem(self, record: RawRecord, name: str, message: str) -> None:
        if len(self.problems) >= MAX_REPORTED:
            self.extra += 1
            return
        where = f"{record.where}.{name}" if record.where and name else record.where or name
        self.problems.append(Problem(record.file, record.line, where, message))

    def fits(self, record: RawRecord, name: str, field: str, text: str) -> bool:
        """Whether ``text`` keeps the data limits of ``field`` (``graph.limits``, the YAML
        loader's own); if not, the problem is reported at ``name``."""
        problem = text_problem(field, text)
        if problem is not None:
            self.problem(record, name, problem)
        return problem is None

    def texts_fit(self, record: RawRecord, checks: Iterable[tuple[str, str, str]]) -> bool:
        """``fits`` for each ``(name, field, text)``, every problem reported."""
        return all([self.fits(record, *check) for check in checks])

    def add(self, record: RawRecord) -> None:
        if "" in record.attrs and len(record.attrs) == 1:
            self.problem(record, "", str(record.attrs[""]))
        elif record.kind == "node":
            self.add_node(record)
        else:
            self.add_edge(record)

    def add_node(self, record: RawRecord) -> None:
        mapping, attrs = self.mapping, record.attrs
        node_id = _text(_pick(attrs, mapping.id))
        if node_id is None:
            self.problem(record, mapping.id[0], "missing node id")
            return
        place = f"{record.file}:{record.line}" if record.line else record.where
        if node_id in self.seen_at:
            self.problem(
                record,
                mapping.id[0],
                f"duplicate node id {node_id!r} (first at {self.seen_at[node_id]})",
            )
            return
        self.seen_at[node_id] = place
        node_type = _intern(_text(_pick(attrs, mapping.type)))
        label = _text(_pick(attrs, mapping.label)) or node_id
        synonyms = _synonyms(_pick(attrs, mapping.synonyms), mapping.delimiter)
        if node_type is None:
            self.problem(
                record, mapping.type[0], f"node {node_id!r} has no type (map one with type:)"
            )
        elif synonyms is None:
            self.problem(record, mapping.synonyms[0], "expected text or a list of texts")
        elif self.texts_fit(
            record,
            [
                (mapping.id[0], "id", node_id),
                (mapping.label[0], "label", label),
                (mapping.type[0], "type", node_type),
                *(
                    (f"{mapping.synonyms[0]}[{index}]", "synonyms", synonym)
                    for index, synonym in enumerate(synonyms)
                ),
            ],
        ):
            self.graph.add_node(node_id, label=label, type=node_type, synonyms=synonyms)

    def add_edge(self, record: RawRecord) -> None:
        mapping, attrs = self.mapping, record.attrs
        ends = []
        for names in (mapping.source, mapping.target):
            end = _text(_pick(attrs, names))
            if end is None:
                self.problem(record, names[0], "missing edge end")
                return
            ends.append(end)
        relation = _intern(_text(_pick(attrs, mapping.relation)))
        provenance = to_provenance(_pick(attrs, mapping.provenance), self.dataset)
        if relation is None:
            self.problem(
                record, mapping.relation[0], "edge has no relation (map one with relation:)"
            )
        elif provenance is None:
            self.problem(record, mapping.provenance[0], "expected a data set name or quotes")
        # Every reader hands over all nodes before any edge, so the ends are known by now.
        for names, end in zip((mapping.source, mapping.target), ends, strict=True):
            if end not in self.seen_at:
                self.problem(record, names[0], f"unknown node {end!r} (dangling edge end)")
        known = ends[0] in self.graph and ends[1] in self.graph
        if relation is not None and provenance is not None and known:
            checks = [(mapping.relation[0], "relation", relation)]
            if provenance is not shared_dataset(self.dataset):  # not the file's own name
                checks += [
                    (f"{mapping.provenance[0]}[{index}].{key}", key, text)
                    for index, item in enumerate(provenance)
                    for key, text in item.items()
                ]
            if self.texts_fit(record, checks):
                self.add_checked_edge(record, (ends[0], relation, ends[1]), provenance)

    def add_checked_edge(
        self, record: RawRecord, claim: tuple[str, str, str], provenance: tuple[dict[str, str], ...]
    ) -> None:
        source, relation, target = claim
        found = self.edge_at.get(claim)
        if found is None:
            key = self.graph.add_edge(source, target, relation=relation, provenance=provenance)
            self.edge_at[claim] = (key, record.where or f"{record.file}:{record.line}")
            return
        key, first_at = found
        attrs = self.graph[source][target][key]
        attrs["provenance"] = merged_provenance(attrs["provenance"], provenance)
        if not self.merged:
            where = record.where or f"{record.file}:{record.line}"
            self.first_repeat = f"{where} repeats {first_at}: {source} -{relation}-> {target}"
        self.merged += 1

    def finish(self) -> Imported:
        """Return the frozen graph, or raise every problem found."""
        if self.problems:
            raise SchemaError(self.problems, unlisted=self.extra)
        return Imported(nx.freeze(self.graph), self.merged, self.first_repeat)


def import_graph(
    path: Path | str,
    *,
    fmt: str,
    mapping: ImportMapping | None = None,
    max_bytes: int = MAX_IMPORT_BYTES,
) -> nx.MultiDiGraph:
    """``import_file``'s graph: see there."""
    return import_file(path, fmt=fmt, mapping=mapping, max_bytes=max_bytes).graph


def import_file(
    path: Path | str,
    *,
    fmt: str,
    mapping: ImportMapping | None = None,
    max_bytes: int = MAX_IMPORT_BYTES,
) -> Imported:
    """Read a graph file in ``fmt`` into a frozen graph, checking every record.

    Parameters
    ----------
    path
        The file (``json``, ``graphml``, ``gexf``) or the folder holding ``nodes.*`` and
        ``edges.*`` (``csv``, ``kgx`` as TSV or JSONL).
    fmt
        One of ``IMPORT_FORMATS``.
    mapping
        Which attributes hold type, label, synonyms, relation, provenance; default: the
        layout our ``export`` writes.
    max_bytes
        Inputs larger than this are refused before they are opened.

    Returns
    -------
    Imported
        The frozen graph (nodes with ``label``, ``type``, ``synonyms``; edges with
        ``relation`` and ``provenance``; the graph attribute ``dataset``), and how many
        repeated edges were merged into the first of each.

    Raises
    ------
    SchemaError
        Every problem, each with its file and line, row or element.
    AtlasError
        An unknown format or a missing file.
    """
    if fmt not in IMPORT_FORMATS:
        raise AtlasError(
            f"unknown import format {fmt!r} (expected one of: {', '.join(IMPORT_FORMATS)})"
        )
    path = Path(path)
    files = input_files(path, fmt)
    size = sum(os.stat(file).st_size for file in files)
    if size > max_bytes:
        raise SchemaError(
            [
                Problem(
                    path.name,
                    0,
                    "",
                    f"{size:,} bytes is over the {max_bytes:,}-byte limit; not read",
                )
            ]
        )
    mapping = mapping or load_mapping(None, fmt)
    builder = _Builder(mapping, mapping.dataset or path.name)
    try:
        for record in read_records(files, fmt, mapping):
            builder.add(record)
    except UnicodeDecodeError as err:
        raise SchemaError([Problem(path.name, 0, "", f"not UTF-8 text ({err.reason})")]) from err
    return builder.finish()


def imported_path(output: Path | str, *, force: bool = False) -> Path:
    """Return ``output/graph.json`` once it is known that ``write_imported`` may write it.

    Called before a long import, so a refusal comes before the work, not after it.

    Raises
    ------
    AtlasError
        If the file is a symbolic link (even with ``force``), or exists and ``force`` is
        false.
    """
    target = Path(output) / IMPORTED_FILE
    check_output(target, force=force)
    return target


def write_imported(graph: nx.MultiDiGraph, output: Path | str, *, force: bool = False) -> Path:
    """Write an imported graph as ``graph.json`` (node-link) into ``output``, made if needed.

    The file is written whole to a temporary file and renamed over the target
    (``safe_io.write_atomic``): an existing file is replaced only with ``force``, and a
    symbolic link is never written through.

    Returns
    -------
    Path
        The file written. ``read_imported`` reads it back.

    Raises
    ------
    AtlasError
        As ``imported_path``.
    """
    target = imported_path(output, force=force)
    data = {
        "directed": True,
        "multigraph": True,
        "graph": dict(graph.graph),
        "nodes": [{"id": node, **attrs} for node, attrs in sorted(graph.nodes(data=True))],
        "edges": [
            {"source": s, "target": t, **attrs}
            for s, t, attrs in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1]))
        ],
    }
    try:
        content = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which JSON allows only escaped
        content = json.dumps(data, separators=(",", ":")).encode("ascii")
    target.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(target, content + b"\n", force=force)


def read_imported(path: Path | str) -> nx.MultiDiGraph:
    """Read a node-link file (``write_imported``'s, or ``bench/generate.py``'s) quickly.

    Same checks and result as ``import_graph(path, fmt="json")``, in one fast pass when
    the file is clean (see ``graph.store``).
    """
    from .store import read_node_link

    return read_node_link(path)
