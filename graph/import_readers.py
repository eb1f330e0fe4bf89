"""Files other tools wrote, read as raw records: node-link JSON, GraphML, GEXF, CSV, KGX.

Each reader yields ``RawRecord``s (one node or edge, where it was found, its attributes)
for ``importers.import_graph`` to map, check and build into a graph. ``ImportMapping`` says
which attributes hold the fields the engine needs; ``load_mapping`` reads one from YAML.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import AtlasError, Problem, SchemaError
from .import_xml import raw_gexf_records, raw_graphml_records

__all__ = [
    "FORMAT_NAMES",
    "ImportMapping",
    "RawRecord",
    "decode_json",
    "input_files",
    "load_mapping",
    "read_records",
    "sniff_format",
    "split_list",
]

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
    if path is not None:
        # The YAML loader's own reader: size, links, nesting, aliases, control characters
        # (imported here: the fast reader of node-link files needs none of it).
        from .yaml_folder import read_yaml

        doc = read_yaml(Path(path), display_name=Path(path).name)
        if doc.data is not None and not isinstance(doc.data, dict):
            raise SchemaError([doc.problem((), "expected a mapping")])
        problems = []
        for key, value in (doc.data or {}).items():
            if key in ("dataset", "delimiter") and isinstance(value, str) and value:
                values[key] = value
            elif key in _MAPPING_KEYS and _is_names(value):
                values[key] = (value,) if isinstance(value, str) else tuple(value)
            elif key in _MAPPING_KEYS or key in ("dataset", "delimiter"):
                problems.append(doc.problem((key,), "expected a name or a list of names"))
            else:
                known = ", ".join((*_MAPPING_KEYS, "dataset", "delimiter"))
                problems.append(doc.problem((key,), f"unknown field (expected: {known})"))
        if problems:
            raise SchemaError(problems)
    return ImportMapping(**values)


def _is_names(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value)
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


# --- readers ----------------------------------------------------------------------------------

_DEEP = 500
"""Nesting depth named in the message when JSON is too deep for Python's parser."""

_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep_at(text: str) -> int:
    """Where ``text``'s nesting first goes past ``_DEEP`` levels (strings skipped), else 0."""
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > _DEEP:
                return token.start()
        elif bracket in "]}":
            depth -= 1
    return 0


def decode_json(text: str | bytes) -> Any:
    """``json.loads``, with nesting too deep for Python's parser as a ``JSONDecodeError``.

    Python's parser recurses once per level, so ``[[[...]]]`` a hundred thousand deep
    exhausts the stack; the error then says where the nesting went too deep, as any other
    JSON error does.

    Examples
    --------
    >>> decode_json('{"a": [1]}')
    {'a': [1]}
    >>> decode_json("[" * 100_000 + "]" * 100_000)
    Traceback (most recent call last):
    ...
    json.decoder.JSONDecodeError: nested too deeply: line 1 column 501 (char 500)
    """
    try:
        return json.loads(text)
    except RecursionError as err:
        shown = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        raise json.JSONDecodeError("nested too deeply", shown, _too_deep_at(shown)) from err


def _read_json(path: Path, mapping: ImportMapping) -> Iterator[RawRecord]:
    file = path.name
    try:
        data = decode_json(path.read_bytes())
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


def _csv_rows(reader: Any, file: str) -> Iterator[list[str]]:
    """The rows of a ``csv.reader``; a row it cannot read is a problem at its line."""
    try:
        yield from reader
    except csv.Error as err:
        limit = csv.field_size_limit()
        message = f"a cell is over {limit:,} characters" if "field limit" in str(err) else err
        raise SchemaError([Problem(file, reader.line_num, "", f"not CSV: {message}")]) from err


def _read_table(path: Path, kind: str, mapping: ImportMapping, fmt: str) -> Iterator[RawRecord]:
    delimiter = "\t" if path.suffix in (".tsv", ".txt") else ","
    file = f"{path.parent.name}/{path.name}"
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream, delimiter=delimiter)
        rows = _csv_rows(reader, file)
        header = next(rows, None)
        if not header:
            raise SchemaError([Problem(file, 1, "", "empty file: expected a header row")])
        columns = [_typed_header(name) for name in header]
        arrays = {name for name, is_array in columns if is_array}
        if fmt == "kgx":
            arrays |= {"category", "synonym", "xref", "quotes", "quote_sources"}
        line = reader.line_num
        for row in rows:
            if len(row) != len(columns):
                problem = f"{len(row)} cells, the header has {len(columns)}"
                yield RawRecord(kind, file, line + 1, "row", {"": problem})
            else:
                attrs = {
                    name: split_list(value, mapping.delimiter) if name in arrays else value
                    for (name, _), value in zip(columns, row, strict=True)
                    if value != ""
                }
                yield RawRecord(kind, file, line + 1, "row", _our_columns(attrs, fmt))
            line = reader.line_num


def split_list(value: str, delimiter: str | None) -> list[str]:
    """The items of a list cell (``a;b``); the whole cell when the format has no delimiter."""
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
                attrs = decode_json(text)
            except json.JSONDecodeError as err:
                yield RawRecord(kind, file, line, "", {"": f"not JSON: {err.msg}"})
                continue
            if not isinstance(attrs, dict):
                yield RawRecord(kind, file, line, "", {"": "expected a JSON object"})
                continue
            yield RawRecord(kind, file, line, "", _our_columns(attrs, "kgx"))


FORMAT_NAMES = {
    "json": "node-link JSON",
    "graphml": "GraphML",
    "gexf": "GEXF",
    "csv": "CSV",
    "kgx": "KGX",
}
"""How messages name each import format."""

_TABLE_SUFFIXES = {"csv": (".csv",), "kgx": (".tsv", ".jsonl")}
_XML_PROLOGUE = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<![^>]*>)", re.DOTALL)
_XML_ROOT = re.compile(rb"\s*<(?:[\w.-]+:)?([\w.-]+)")


def _table_pair(folder: Path, fmt: str) -> tuple[Path, Path] | None:
    for suffix in _TABLE_SUFFIXES[fmt]:
        nodes, edges = folder / f"nodes{suffix}", folder / f"edges{suffix}"
        if nodes.is_file() and edges.is_file():
            return nodes, edges
    return None


def _tables_hint(folder: Path) -> str:
    found = next((fmt for fmt in _TABLE_SUFFIXES if _table_pair(folder, fmt)), None)
    return (
        "" if found is None else f" (it holds {FORMAT_NAMES[found]} tables: give --format {found})"
    )


def sniff_format(path: Path) -> str | None:
    """Guess what a file holds from its first bytes: an import format, ``"xml"`` for
    other XML, ``None`` when it looks like none of them (a table, say).

    Only the start is read: JSON opens with ``{`` or ``[``; XML's root element, after any
    declaration and comments, names GraphML or GEXF.
    """
    with path.open("rb") as stream:
        head = stream.read(1 << 16).removeprefix(b"\xef\xbb\xbf")
    if head.lstrip()[:1] in (b"{", b"["):
        return "json"
    position = 0
    while prologue := _XML_PROLOGUE.match(head, position):
        position = prologue.end()
    root = _XML_ROOT.match(head, position)
    if root is None:
        return None
    name = root.group(1).decode("ascii", "replace").lower()
    return name if name in ("graphml", "gexf") else "xml"


def _check_content(path: Path, fmt: str) -> None:
    """Refuse, in one line, a file that holds another format than ``fmt``."""
    found = sniff_format(path)
    if found is None or found == fmt or (found == "json" and path.suffix == ".jsonl"):
        return
    if found == "xml":
        message = f"is XML but neither GraphML nor GEXF, not {FORMAT_NAMES[fmt]}"
    else:
        message = f"is {FORMAT_NAMES[found]}, not {FORMAT_NAMES[fmt]}; give --format {found}"
    raise SchemaError([Problem(path.name, 0, "", message)])


def input_files(path: Path, fmt: str) -> tuple[Path, ...]:
    """The files one import of ``fmt`` reads: the file itself, or a folder's two tables.

    Raises
    ------
    AtlasError
        If a file is missing, or a folder is given where a file is wanted.
    SchemaError
        If the file holds another format than ``fmt`` (naming the one to give).
    """
    if fmt in _TABLE_SUFFIXES:
        folder = path if path.is_dir() else path.parent
        pair = _table_pair(folder, fmt)
        if pair is not None:
            return pair
        if path.is_file():
            _check_content(path, fmt)
        wanted = " or ".join(f"nodes{s} + edges{s}" for s in _TABLE_SUFFIXES[fmt])
        raise AtlasError(f"{folder}: expected {wanted} in this folder{_tables_hint(folder)}")
    if path.is_dir():
        raise AtlasError(
            f"{path}: is a folder; give the {FORMAT_NAMES[fmt]} file{_tables_hint(path)}"
        )
    if not path.is_file():
        raise AtlasError(f"{path}: no such file")
    _check_content(path, fmt)
    return (path,)


def read_records(files: tuple[Path, ...], fmt: str, mapping: ImportMapping) -> Iterator[RawRecord]:
    """Every raw record of ``files``, read as ``fmt``, nodes before edges."""
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
