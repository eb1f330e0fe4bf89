"""Read ``data/`` (YAML + source texts) into a validated, frozen ``KnowledgeBase``.

Every problem is located as ``file:line: field: message`` and all of them are reported
together in one ``SchemaError``, so a curator fixes a whole batch in one pass instead of
meeting the errors one at a time.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .errors import Problem, SchemaError
from .schema import RELATIONS, Edge, KnowledgeBase, Node, Source

__all__ = ["DEFAULT_DATA_DIR", "SECTIONS", "load_knowledge_base", "read_yaml"]

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
"""The curated knowledge base shipped with the project."""

SECTIONS: dict[str, type[BaseModel]] = {"sources": Source, "nodes": Node, "edges": Edge}
"""Top-level keys a data file may hold, and the model each list item must match."""

Location = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class _Document:
    """A parsed YAML file: plain data, plus the line of every value by its path."""

    file: str
    data: Any
    lines: dict[Location, int]

    def line_of(self, path: Location) -> int:
        """Line of the deepest known value on ``path`` (a missing field points at its record)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1


def _field_name(path: Location) -> str:
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name


def _decode(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise SchemaError(
            [
                Problem(
                    file,
                    line,
                    "",
                    f"not valid UTF-8 (byte {raw[err.start]:#04x} at offset {err.start});"
                    " save the file as UTF-8",
                )
            ]
        ) from err


def read_yaml(path: Path, *, display_name: str | None = None) -> _Document:
    """Parse one YAML file, keeping the line number of every value.

    Raises
    ------
    SchemaError
        If the file is empty, not UTF-8, not YAML, or repeats a key in one mapping.
    """
    file = display_name or str(path)
    text = _decode(path.read_bytes(), file)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise SchemaError([Problem(file, 1, "", "file is empty")])
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        raise SchemaError([Problem(file, line, "", f"invalid YAML: {err.problem or err}")]) from err
    lines: dict[Location, int] = {}
    problems: list[Problem] = []
    data = _to_python(root, (), lines, problems, file)
    if problems:
        raise SchemaError(problems)
    return _Document(file, data, lines)


_CONSTRUCTOR = yaml.SafeLoader("")


def _to_python(
    node: yaml.Node, path: Location, lines: dict[Location, int], problems: list[Problem], file: str
) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _CONSTRUCTOR.construct_object(key_node)
            if key in result:
                problems.append(
                    Problem(
                        file,
                        key_node.start_mark.line + 1,
                        _field_name((*path, key)),
                        "key appears twice in the same record",
                    )
                )
                continue
            result[key] = _to_python(value_node, (*path, key), lines, problems, file)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_python(item, (*path, index), lines, problems, file)
            for index, item in enumerate(node.value)
        ]
    return _CONSTRUCTOR.construct_object(node)


def _validation_problems(doc: _Document, path: Location, err: ValidationError) -> Iterator[Problem]:
    for detail in err.errors(include_url=False):
        full = (*path, *detail["loc"])
        message = detail["msg"].removeprefix("Value error, ")
        if detail["type"] == "missing":
            message = "required field is missing"
        elif detail["type"] == "extra_forbidden":
            message = "unknown field (check its spelling)"
        elif "input" in detail and detail["type"] not in ("value_error",):
            message = f"{message} (got {detail['input']!r})"
        yield Problem(doc.file, doc.line_of(full), _field_name(full), message)


@dataclass(frozen=True, slots=True)
class _Located:
    """A validated record with where it was written."""

    record: Any
    doc: _Document
    path: Location

    def problem(self, field: str, message: str) -> Problem:
        full = (*self.path, *(part for part in re.split(r"[.\[\]]+", field) if part))
        full = tuple(int(part) if str(part).isdigit() else part for part in full)
        return Problem(self.doc.file, self.doc.line_of(full), _field_name(full), message)


def _records(docs: Iterable[_Document], problems: list[Problem]) -> dict[str, list[_Located]]:
    found: dict[str, list[_Located]] = {name: [] for name in SECTIONS}
    for doc in docs:
        if not isinstance(doc.data, dict):
            problems.append(
                Problem(doc.file, 1, "", "expected a mapping with keys: " + ", ".join(SECTIONS))
            )
            continue
        for section, items in doc.data.items():
            model = SECTIONS.get(section)
            if model is None:
                problems.append(
                    Problem(
                        doc.file,
                        doc.line_of((section,)),
                        str(section),
                        "unknown section (expected one of: " + ", ".join(SECTIONS) + ")",
                    )
                )
                continue
            if not isinstance(items, list):
                problems.append(
                    Problem(doc.file, doc.line_of((section,)), section, "expected a list")
                )
                continue
            for index, item in enumerate(items):
                path = (section, index)
                try:
                    record = model.model_validate(item)
                except ValidationError as err:
                    problems.extend(_validation_problems(doc, path, err))
                    continue
                found[section].append(_Located(record, doc, path))
    return found


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    return re.sub(r"\s+", " ", text.replace("\u201d", '"')).strip().lower()


def _load_source_text(located: _Located, data_dir: Path, problems: list[Problem]) -> Source:
    source: Source = located.record
    path = (data_dir / source.file).resolve()
    if not path.is_relative_to(data_dir.resolve()) or not path.is_file():
        problems.append(located.problem("file", f"source text not found ({source.file!r})"))
        return source
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        problems.append(
            Problem(_display(path, data_dir), line, "", "source text is not valid UTF-8")
        )
        return source
    return source.model_copy(update={"text": text})


def _display(path: Path, data_dir: Path) -> str:
    return str(Path(data_dir.resolve().name) / path.resolve().relative_to(data_dir.resolve()))


def _check_ids(located: list[_Located], what: str, problems: list[Problem]) -> None:
    first: dict[str, _Located] = {}
    for item in located:
        earlier = first.setdefault(item.record.id, item)
        if earlier is not item:
            where = f"{earlier.doc.file}:{earlier.doc.line_of((*earlier.path, 'id'))}"
            problems.append(
                item.problem("id", f"duplicate {what} id {item.record.id!r} (first at {where})")
            )


def _check_edges(
    edges: list[_Located],
    nodes: dict[str, Node],
    sources: dict[str, Source],
    problems: list[Problem],
) -> None:
    seen: Counter[str] = Counter()
    for item in edges:
        edge: Edge = item.record
        relation = RELATIONS[edge.relation]
        for end, allowed in (
            ("subject", relation.subject_types),
            ("object", relation.object_types),
        ):
            node_id = getattr(edge, end)
            node = nodes.get(node_id)
            if node is None:
                problems.append(
                    item.problem(end, f"unknown node {node_id!r}{_suggest(node_id, nodes)}")
                )
            elif node.type not in allowed:
                kinds = ", ".join(sorted(allowed))
                problems.append(
                    item.problem(
                        end,
                        f"a {node.type} cannot be the {end} of {edge.relation!r}"
                        f" (allowed: {kinds}) ({node_id!r})",
                    )
                )
        seen[edge.key] += 1
        if seen[edge.key] == 2:
            problems.append(
                item.problem(
                    "relation",
                    f"the claim {edge.key!r} is written twice; merge the provenance lists",
                )
            )
        for index, prov in enumerate(edge.provenance):
            source = sources.get(prov.source)
            field = f"provenance[{index}]"
            if source is None:
                problems.append(
                    item.problem(
                        f"{field}.source",
                        f"unknown source {prov.source!r}{_suggest(prov.source, sources)}",
                    )
                )
            elif source.text and prov.quote not in source.text:
                hint = (
                    " (it differs only in case, spacing or quote marks)"
                    if _normalise(prov.quote) in _normalise(source.text)
                    else ""
                )
                problems.append(
                    item.problem(
                        f"{field}.quote",
                        f"quote is not a verbatim part of source {prov.source!r}{hint}",
                    )
                )


def load_knowledge_base(data_dir: Path | str = DEFAULT_DATA_DIR) -> KnowledgeBase:
    """Load and validate every ``*.yaml`` file directly inside ``data_dir``.

    Files are read in name order; each may hold any of the sections ``sources``,
    ``nodes`` and ``edges``. Source texts are read from the path each source names,
    relative to ``data_dir``.

    Parameters
    ----------
    data_dir
        Folder holding the YAML files (default: the project's ``data/``).

    Returns
    -------
    KnowledgeBase
        Frozen records, sorted by id (edges by subject, relation, object), so the
        same data always loads the same way whatever the file order.

    Raises
    ------
    SchemaError
        Listing every problem found, each as ``file:line: field: message``.

    Examples
    --------
    >>> kb = load_knowledge_base()
    >>> kb.node("almonds").type
    'food'
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise SchemaError([Problem(str(data_dir), 0, "", "no such data folder")])
    files = sorted(data_dir.glob("*.yaml"))
    if not files:
        raise SchemaError([Problem(str(data_dir), 0, "", "no .yaml files in the data folder")])
    problems: list[Problem] = []
    docs = []
    for path in files:
        try:
            docs.append(read_yaml(path, display_name=_display(path, data_dir)))
        except SchemaError as err:
            problems.extend(err.problems)
    found = _records(docs, problems)
    _check_ids(found["sources"], "source", problems)
    _check_ids(found["nodes"], "node", problems)
    sources = {
        item.record.id: _load_source_text(item, data_dir, problems) for item in found["sources"]
    }
    nodes = {item.record.id: item.record for item in found["nodes"]}
    _check_edges(found["edges"], nodes, sources, problems)
    if problems:
        raise SchemaError(problems)
    return KnowledgeBase(
        sources=tuple(sorted(sources.values(), key=lambda s: s.id)),
        nodes=tuple(sorted(nodes.values(), key=lambda n: n.id)),
        edges=tuple(sorted((item.record for item in found["edges"]), key=lambda e: e.key)),
    )
