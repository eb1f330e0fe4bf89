"""Stream GraphML and GEXF safely, as raw node and edge records for ``graph.importers``.

Parsing goes through ``defusedxml``: a document type declaration, entity declarations
(the "billion laughs") and external entities are refused, not expanded or fetched. The
files are read with ``iterparse`` and each element is dropped once read, so a large file
is never held whole. Attributes named ``<name>_json`` (our exports' containers) are
decoded back to ``<name>``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from .errors import Problem, SchemaError

if TYPE_CHECKING:
    from .import_readers import RawRecord

__all__ = ["raw_gexf_records", "raw_graphml_records"]

_JSON_SUFFIX = "_json"


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _events(path: Path) -> Iterator[tuple[str, Element]]:
    file = path.name
    try:
        yield from iterparse(
            str(path), events=("start", "end"), forbid_dtd=True, forbid_entities=True
        )
    except DefusedXmlException as err:
        raise SchemaError([Problem(file, 0, "", f"refused unsafe XML: {err}")]) from err
    except ParseError as err:
        line = err.position[0] if err.position else 0
        raise SchemaError([Problem(file, line, "", f"not well-formed XML: {err}")]) from err


def _decoded(attrs: dict[str, Any]) -> dict[str, Any]:
    from .import_readers import decode_json

    for name in [name for name in attrs if name.endswith(_JSON_SUFFIX)]:
        text = attrs.pop(name)
        try:
            attrs[name.removesuffix(_JSON_SUFFIX)] = decode_json(text)
        except (TypeError, json.JSONDecodeError):
            attrs[name] = text
    return attrs


def _record(kind: str, file: str, index: int, attrs: dict[str, Any]) -> RawRecord:
    from .import_readers import RawRecord

    return RawRecord(kind, file, 0, f"{kind}[{index}]", _decoded(attrs))


def _nodes_first(records: Iterator[tuple[str, RawRecord]]) -> Iterator[RawRecord]:
    """Yield node records as they come and edge records after them: both formats allow
    edges before the nodes they join, and the importer checks ends against known nodes."""
    edges = []
    for tag, record in records:
        if tag == "node":
            yield record
        else:
            edges.append(record)
    yield from edges


def raw_graphml_records(path: Path) -> Iterator[RawRecord]:
    """Yield the nodes, then the edges, of a GraphML file with their ``<data>`` by name.

    Node and edge ids become ``id``, ``source`` and ``target``; key defaults apply.
    """
    return _nodes_first(_graphml_records(path))


def _graphml_records(path: Path) -> Iterator[tuple[str, RawRecord]]:
    file = path.name
    keys: dict[str, tuple[str, str]] = {}
    defaults: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    counts = {"node": 0, "edge": 0}
    for event, element in _events(path):
        tag = _local(element.tag)
        if event != "end":
            continue
        if tag == "key":
            name = element.get("attr.name") or element.get("id", "")
            scope = element.get("for", "all")
            keys[element.get("id", "")] = (scope, name)
            default = next((c for c in element if _local(c.tag) == "default"), None)
            for kind in ("node", "edge"):
                if default is not None and scope in (kind, "all"):
                    defaults[kind][name] = default.text or ""
        elif tag in ("node", "edge"):
            attrs = dict(defaults[tag])
            for child in element:
                if _local(child.tag) == "data":
                    attrs[keys.get(child.get("key", ""), ("", child.get("key", "")))[1]] = (
                        child.text or ""
                    )
            for name in ("id", "source", "target"):
                if element.get(name) is not None:
                    attrs[name] = element.get(name)
            yield tag, _record(tag, file, counts[tag], attrs)
            counts[tag] += 1
            element.clear()


def raw_gexf_records(path: Path) -> Iterator[RawRecord]:
    """Yield the nodes, then the edges, of a GEXF file with their ``<attvalue>`` by title.

    The XML attributes of ``<node>`` and ``<edge>`` (``id``, ``label``, ``source``,
    ``target``) are attributes too; attribute values name their attribute by id or title.
    """
    return _nodes_first(_gexf_records(path))


def _gexf_records(path: Path) -> Iterator[tuple[str, RawRecord]]:
    file = path.name
    titles: dict[tuple[str, str], str] = {}
    scope = "node"
    counts = {"node": 0, "edge": 0}
    for event, element in _events(path):
        tag = _local(element.tag)
        if event == "start":
            if tag == "attributes":
                scope = element.get("class", "node")
            continue
        if tag == "attribute":
            title = element.get("title") or element.get("id", "")
            titles[(scope, element.get("id", ""))] = title
        elif tag in ("node", "edge"):
            attrs: dict[str, Any] = {
                name: value for name, value in element.attrib.items() if "}" not in name
            }
            for child in element.iter():
                if _local(child.tag) == "attvalue":
                    ref = child.get("for") or child.get("id", "")
                    attrs[titles.get((tag, ref), ref)] = child.get("value", "")
            yield tag, _record(tag, file, counts[tag], attrs)
            counts[tag] += 1
            element.clear()
