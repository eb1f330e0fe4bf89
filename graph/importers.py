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

import csv
import functools
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import yaml

from .errors import AtlasError, Problem, SchemaError
from .import_xml import raw_gexf_records, raw_graphml_records

__all__ = [
    "IMPORT_FORMATS",
    "MAX_IMPORT_BYTES",
    "ImportMapping",
    "RawRecord",
    "import_graph",
    "load_mapping",
    "read_imported",
    "shared_dataset",
    "to_provenance",
    "write_imported",
]

MAX_IMPORT_BYTES = 200 * 1024 * 1024
"""Largest input (bytes, all files of one import together) read by default."""

IMPORT_FORMATS = ("json", "graphml", "gexf", "csv", "kgx")
"""Formats ``import_graph`` reads; ``csv`` and ``kgx`` name a folder (or a file in it)."""

MAX_REPORTED = 1000
"""Problems listed one by one; beyond that, one line counts the rest."""

IMPORTED_FILE = "graph.json"
"""Name of the node-link file ``write_imported`` writes into the output folder."""

_OUR_PREFIX = "CRAMPATLAS:"


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One node or edge as a reader found it: ``kind`` is ``"node"`` or ``"edge"``."""

    kind: str
    file: str
    line: int
    where: str
    attrs: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ImportMapping:
    """Which attribute (or column) holds each field; a tuple lists candidates, first wins.

    ``dataset`` names the data set recorded as provenance of edges that carry none; by
    default it is the input's file name.
    """

    id: tuple[str, ...] = ("id",)
    source: tuple[str, ...] = ("source",)
    target: tuple[str, ...] = ("target",)
    type: tuple[str, ...] = ("type",)
    label: tuple[str, ...] = ("label",)
    synonyms: tuple[str, ...] = ("synonyms",)
    relation: tuple[str, ...] = ("relation",)
    provenance: tuple[str, ...] = ("provenance",)
    dataset: str | None = None
    delimiter: str | None = None
    fields: frozenset[str] = field(default=frozenset(), repr=False)


_FORMAT_DEFAULTS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "json": {},
    "graphml": {},
    "gexf": {"relation": ("relation", "label")},
    "csv": {"source": (":START_ID",), "target": (":END_ID",), "relation": (":TYPE",)},
    "kgx": {
        "source": ("subject",),
        "target": ("object",),
        "type": ("node_type", "category"),
        "label": ("name",),
        "synonyms": ("synonym",),
        "relation": ("original_predicate", "predicate"),
    },
}
_LIST_DELIMITERS = {"csv": ";", "kgx": "|"}
_MAPPING_KEYS = ("id", "source", "target", "type", "label", "synonyms", "relation", "provenance")


def load_mapping(path: Path | str | None, fmt: str) -> ImportMapping:
    """Read a mapping YAML file (``{field: attribute or [candidates]}``) over the defaults.

    Parameters
    ----------
    path
        The mapping file, or None for the format's defaults (our own export's layout).
    fmt
        One of ``IMPORT_FORMATS``.

    Returns
    -------
    ImportMapping

    Raises
    ------
    SchemaError
        If the file is not a mapping of known fields to names, with the line.

    Examples
    --------
    >>> load_mapping(None, "kgx").label
    ('name',)
    """
    values: dict[str, Any] = dict(_FORMAT_DEFAULTS[fmt])
    values["delimiter"] = _LIST_DELIMITERS.get(fmt)
    given: set[str] = set()
    if path is not None:
        file = Path(path).name
        try:
            root = yaml.compose(Path(path).read_text(encoding="utf-8"))
        except yaml.MarkedYAMLError as err:
            line = err.problem_mark.line + 1 if err.problem_mark else 0
            raise SchemaError([Problem(file, line, "", f"not YAML: {err.problem}")]) from err
        if root is not None and not isinstance(root, yaml.MappingNode):
            raise SchemaError([Problem(file, root.start_mark.line + 1, "", "expected a mapping")])
        problems = []
        for key_node, value_node in root.value if root is not None else ():
            line, key = key_node.start_mark.line + 1, key_node.value
            value = yaml.safe_load(yaml.serialize(value_node))
            if key in ("dataset", "delimiter") and isinstance(value, str) and value:
                values[key] = value
            elif key in _MAPPING_KEYS and _is_names(value):
                values[key] = (value,) if isinstance(value, str) else tuple(value)
                given.add(key)
            elif key in _MAPPING_KEYS or key in ("dataset", "delimiter"):
                problems.append(Problem(file, line, key, "expected a name or a list of names"))
            else:
                known = ", ".join((*_MAPPING_KEYS, "dataset", "delimiter"))
                problems.append(Problem(file, line, key, f"unknown field (expected: {known})"))
        if problems:
            raise SchemaError(problems)
    return ImportMapping(**values, fields=frozenset(given))


def _is_names(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value)
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


# --- readers ----------------------------------------------------------------------------------


def _read_json(path: Path, mapping: ImportMapping) -> Iterator[RawRecord]:
    file = path.name
    try:
        with path.open("rb") as stream:
            data = json.load(stream)
    except json.JSONDecodeError as err:
        raise SchemaError([Problem(file, err.lineno, "", f"not JSON: {err.msg}")]) from err
    except UnicodeDecodeError as err:
        raise SchemaError([Problem(file, 0, "", "not UTF-8 text")]) from err
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise SchemaError([Problem(file, 1, "nodes", "not node-link JSON (no list of nodes)")])
    edges = data.get("edges", data.get("links", []))
    if not isinstance(edges, list):
        raise SchemaError([Problem(file, 1, "edges", "expected a list of edges")])
    for kind, section, items in (("node", "nodes", data["nodes"]), ("edge", "edges", edges)):
        for index, item in enumerate(items):
            # Dropping each raw item once read keeps one copy of the graph in memory.
            items[index] = None
            attrs = item if isinstance(item, dict) else {"": item}
            yield RawRecord(kind, file, 0, f"{section}[{index}]", attrs)


def _typed_header(name: str) -> tuple[str, bool]:
    """Split a neo4j-admin header ``name:type`` into the name and whether it is an array."""
    if name.startswith(":"):
        return name, False
    base, _, kind = name.partition(":")
    return base, kind.endswith("[]")


def _read_table(path: Path, kind: str, mapping: ImportMapping, fmt: str) -> Iterator[RawRecord]:
    delimiter = "\t" if path.suffix in (".tsv", ".txt") else ","
    file = f"{path.parent.name}/{path.name}"
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream, delimiter=delimiter)
        header = next(reader, None)
        if not header:
            raise SchemaError([Problem(file, 1, "", "empty file: expected a header row")])
        columns = [_typed_header(name) for name in header]
        arrays = {name for name, is_array in columns if is_array}
        if fmt == "kgx":
            arrays |= {"category", "synonym", "xref", "quotes", "quote_sources"}
        line = reader.line_num
        for row in reader:
            if len(row) != len(columns):
                problem = f"{len(row)} cells, the header has {len(columns)}"
                yield RawRecord(kind, file, line + 1, "row", {"": problem})
            else:
                attrs = {
                    name: _split(value, mapping.delimiter) if name in arrays else value
                    for (name, _), value in zip(columns, row, strict=True)
                    if value != ""
                }
                yield RawRecord(kind, file, line + 1, "row", _our_columns(attrs, fmt))
            line = reader.line_num


def _split(value: str, delimiter: str | None) -> list[str]:
    return value.split(delimiter) if delimiter else [value]


def _our_columns(attrs: dict[str, Any], fmt: str) -> dict[str, Any]:
    """Read our own export's columns back: quotes as provenance, prefixed ids, relation case."""
    if fmt == "csv" and "id:ID" in attrs:
        attrs["id"] = attrs.pop("id:ID")
    if fmt == "csv" and ":TYPE" in attrs:
        attrs[":TYPE"] = attrs[":TYPE"].lower()
    if fmt == "kgx":
        for name in ("id", "subject", "object", "original_predicate"):
            if isinstance(attrs.get(name), str):
                attrs[name] = attrs[name].removeprefix(_OUR_PREFIX)
        if isinstance(attrs.get("category"), list):
            attrs["category"] = attrs["category"][0]
    quotes = attrs.get("quotes")
    sources = attrs.get("sources", attrs.get("quote_sources"))
    if "provenance" not in attrs and isinstance(quotes, list) and isinstance(sources, list):
        strengths = attrs.get("strengths") or [attrs.get("strength", "")] * len(quotes)
        if len(quotes) == len(sources) == len(strengths):
            attrs["provenance"] = [
                {"source": src, "quote": quote, "strength": strength}
                for quote, src, strength in zip(quotes, sources, strengths, strict=True)
            ]
    return attrs


def _read_jsonl(path: Path, kind: str) -> Iterator[RawRecord]:
    file = f"{path.parent.name}/{path.name}"
    with path.open(encoding="utf-8") as stream:
        for line, text in enumerate(stream, start=1):
            if not text.strip():
                continue
            try:
                attrs = json.loads(text)
            except json.JSONDecodeError as err:
                yield RawRecord(kind, file, line, "", {"": f"not JSON: {err.msg}"})
                continue
            if not isinstance(attrs, dict):
                yield RawRecord(kind, file, line, "", {"": "expected a JSON object"})
                continue
            yield RawRecord(kind, file, line, "", _our_columns(attrs, "kgx"))


def _table_files(path: Path, fmt: str) -> tuple[Path, Path]:
    folder = path if path.is_dir() else path.parent
    suffixes = (".csv",) if fmt == "csv" else (".tsv", ".jsonl")
    for suffix in suffixes:
        nodes, edges = folder / f"nodes{suffix}", folder / f"edges{suffix}"
        if nodes.is_file() and edges.is_file():
            return nodes, edges
    wanted = " or ".join(f"nodes{s} + edges{s}" for s in suffixes)
    raise AtlasError(f"{folder}: expected {wanted} in this folder")


def _input_files(path: Path, fmt: str) -> tuple[Path, ...]:
    if fmt in ("csv", "kgx"):
        return _table_files(path, fmt)
    if not path.is_file():
        raise AtlasError(f"{path}: no such file")
    return (path,)


def _records(files: tuple[Path, ...], fmt: str, mapping: ImportMapping) -> Iterator[RawRecord]:
    if fmt == "json":
        yield from _read_json(files[0], mapping)
    elif fmt == "graphml":
        yield from raw_graphml_records(files[0])
    elif fmt == "gexf":
        yield from raw_gexf_records(files[0])
    else:
        for kind, path in zip(("node", "edge"), files, strict=True):
            if path.suffix == ".jsonl":
                yield from _read_jsonl(path, kind)
            else:
                yield from _read_table(path, kind, mapping, fmt)


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
        return tuple(v for v in _split(value, delimiter) if v)
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


class _Builder:
    """Checks records one at a time and adds the good ones to a graph."""

    def __init__(self, mapping: ImportMapping, dataset: str) -> None:
        self.mapping = mapping
        self.dataset = dataset
        self.graph = nx.MultiDiGraph(dataset=dataset)
        self.problems: list[Problem] = []
        self.extra = 0
        self.seen_at: dict[str, str] = {}

    def problem(self, record: RawRecord, name: str, message: str) -> None:
        if len(self.problems) >= MAX_REPORTED:
            self.extra += 1
            return
        where = f"{record.where}.{name}" if record.where and name else record.where or name
        self.problems.append(Problem(record.file, record.line, where, message))

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
        else:
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
            self.graph.add_edge(ends[0], ends[1], relation=relation, provenance=provenance)

    def finish(self) -> nx.MultiDiGraph:
        """Return the frozen graph, or raise every problem found."""
        if self.extra:
            self.problems.append(Problem("~", 0, "", f"... and {self.extra} more problems"))
        if self.problems:
            raise SchemaError(self.problems)
        return nx.freeze(self.graph)


def import_graph(
    path: Path | str,
    *,
    fmt: str,
    mapping: ImportMapping | None = None,
    max_bytes: int = MAX_IMPORT_BYTES,
) -> nx.MultiDiGraph:
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
    networkx.MultiDiGraph
        Nodes with ``label``, ``type``, ``synonyms``; edges with ``relation`` and
        ``provenance``; the graph attribute ``dataset``.

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
    files = _input_files(path, fmt)
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
        for record in _records(files, fmt, mapping):
            builder.add(record)
    except UnicodeDecodeError as err:
        raise SchemaError([Problem(path.name, 0, "", f"not UTF-8 text ({err.reason})")]) from err
    except csv.Error as err:
        raise SchemaError([Problem(path.name, 0, "", f"not CSV: {err}")]) from err
    return builder.finish()


def write_imported(graph: nx.MultiDiGraph, output: Path | str) -> Path:
    """Write an imported graph as ``graph.json`` (node-link) into ``output``, made if needed.

    Returns
    -------
    Path
        The file written. ``read_imported`` reads it back.
    """
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
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
    target = folder / IMPORTED_FILE
    with target.open("w", encoding="utf-8") as stream:
        json.dump(data, stream, ensure_ascii=False, separators=(",", ":"))
        stream.write("\n")
    return target


def read_imported(path: Path | str) -> nx.MultiDiGraph:
    """Read a node-link file (``write_imported``'s, or ``bench/generate.py``'s) quickly.

    Same checks and result as ``import_graph(path, fmt="json")``, in one fast pass when
    the file is clean (see ``graph.store``).
    """
    from .store import read_node_link

    return read_node_link(path)
