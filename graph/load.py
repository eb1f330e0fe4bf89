"""Read ``data/`` (YAML + source texts) into a validated, frozen ``KnowledgeBase``.

Every problem is located as ``file:line: field: message`` and all of them are reported
together in one ``SchemaError``, so a curator fixes a whole batch in one pass instead of
meeting the errors one at a time.

Besides sources, nodes and edges, the data may hold ``references`` (cited works, by key)
and ``evidence`` (verdicts on claims, citing references). Once any evidence is present,
every edge must be covered by exactly one evidence record (``not assessed`` counts), so no
claim silently goes without a verdict.
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
from .integrity import (
    check_harms,
    check_node_origins,
    check_quote_wording,
    check_row_scope,
    check_verdict_wording,
)
from .limits import MAX_FILE_BYTES, printable, text_problem
from .safe_io import read_inside, yaml_files
from .schema import (
    RELATIONS,
    SLUG_PATTERN,
    Edge,
    Evidence,
    KnowledgeBase,
    Node,
    Reference,
    Source,
)
from .scope import check_named_sources, check_narrower_scope, check_verdict_credit

__all__ = ["DEFAULT_DATA_DIR", "SECTIONS", "load_knowledge_base", "read_yaml"]

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
"""The curated knowledge base shipped with the project."""

SECTIONS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "nodes": Node,
    "edges": Edge,
    "references": Reference,
    "evidence": Evidence,
}
"""Top-level keys a data file may hold, and the model each list item must match."""

_ID_FIELDS = {"references": "key"}
"""The field that names a record, for sections where it is not ``id``."""

Location = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class _Document:
    """A parsed YAML file: plain data, plus the line of every value by its path."""

    file: str
    data: Any
    lines: dict[Location, int]
    spoiled: frozenset[Location] = frozenset()
    """Paths whose value could not be read; their problem is already reported."""

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
        raise SchemaError([_not_utf8(raw, err, file)]) from err


def _not_utf8(raw: bytes, err: UnicodeDecodeError, file: str) -> Problem:
    line = raw[: err.start].count(b"\n") + 1
    return Problem(
        file,
        line,
        "",
        f"not valid UTF-8 (byte {raw[err.start]:#04x} at offset {err.start});"
        " save the file as UTF-8",
    )


def read_yaml(
    path: Path, *, display_name: str | None = None, max_bytes: int = MAX_FILE_BYTES
) -> _Document:
    """Parse one YAML file, keeping the line number of every value.

    Parameters
    ----------
    path
        The YAML file.
    display_name
        How messages name the file (default: ``path`` as given).
    max_bytes
        The largest file accepted, checked before parsing.

    Returns
    -------
    _Document
        The plain data (dicts, lists, scalars) and the line of every value by its path.

    Raises
    ------
    SchemaError
        If the file links outside its folder, cannot be read, is too large, empty, not
        UTF-8 or not YAML, repeats a key in one mapping, or holds a value YAML cannot
        construct, a text too long for its field or a control character.
    """
    doc, problems = _parse(path, display_name or str(path), max_bytes=max_bytes)
    if problems:
        raise SchemaError(problems)
    return doc


def _parse(
    path: Path, file: str, *, max_bytes: int = MAX_FILE_BYTES
) -> tuple[_Document, list[Problem]]:
    """Parse what can be parsed; problems that spoil only some values are returned with it.

    Raises ``SchemaError`` when nothing of the file can be used (a link out of its folder,
    unreadable, too large, empty, not UTF-8, not YAML); a repeated key or an odd value
    costs only that value, so the rest of the file is still checked and its ids still
    count (no cascade of "unknown node").
    """
    raw = read_inside(path, path.parent, file=file, max_bytes=max_bytes)
    return _parse_text(_decode(raw, file), file)


def _compose(text: str) -> yaml.Node | None:
    """Compose with libyaml's parser when there is one (composing 1 MB: 0.4 s of CPU instead
    of 2 to 3 s); a file it refuses is composed again by PyYAML alone, whose messages the
    curator's hints are written for.
    """
    if _FAST_LOADER is not yaml.SafeLoader:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _parse_text(text: str, file: str) -> tuple[_Document, list[Problem]]:
    """As ``_parse``, for text already read and decoded (an edited tour, say)."""
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        raise SchemaError([Problem(file, 1, "", "file is empty")])
    converter = _Converter(file)
    try:
        data = converter.convert(_compose(text), ())
    except yaml.MarkedYAMLError as err:
        raise SchemaError([_syntax_problem(err, file)]) from err
    except yaml.reader.ReaderError as err:
        line = text[: err.position].count("\n") + 1
        raise SchemaError(
            [Problem(file, line, "", f"character U+{err.character:04X} is not allowed in YAML")]
        ) from err
    except RecursionError as err:
        raise SchemaError([Problem(file, 1, "", "invalid YAML: nested too deeply")]) from err
    except _TooManyAliases as err:
        raise SchemaError(
            [Problem(file, err.line, "", "aliases expand to too many values (a YAML bomb?)")]
        ) from err
    doc = _Document(file, data, converter.lines, frozenset(converter.spoiled))
    return doc, converter.problems


# Constructs a syntax error can be in, and what is wrong with them: for these the line the
# construct starts on is the one to fix, not the line (often the end of the file) where YAML
# gave up.
_UNCLOSED = {
    "quoted scalar": "the quoted text that starts here is never closed",
    "flow sequence": "the [list] that starts here is never closed",
    "flow mapping": "the {mapping} that starts here is never closed",
    "simple key": "this line needs a ':' after its key",
}


def _syntax_problem(err: yaml.MarkedYAMLError, file: str) -> Problem:
    problem = err.problem or str(err)
    context = err.context or ""
    problem_line = err.problem_mark.line + 1 if err.problem_mark else None
    context_line = err.context_mark.line + 1 if err.context_mark else None
    unclosed = next((say for what, say in _UNCLOSED.items() if what in context), None)
    if unclosed and context_line and problem_line != context_line:
        message = f"invalid YAML: {unclosed} ({problem} at line {problem_line})"
        return Problem(file, context_line, "", message)
    # A context such as "expected a single document in the stream" is half of the problem;
    # one such as "while parsing a block mapping" only says where YAML was.
    said = f"{context}, {problem}" if context.startswith("expected") else problem
    message = f"invalid YAML: {said}"
    if "\\t" in problem:
        message += " (indent with spaces, not tabs)"
    elif "expected <block end>" in problem:
        message += " (check the indentation)"
    elif "mapping values are not allowed" in problem:
        message += " (quote text that contains ': ', or check the indentation)"
    return Problem(file, problem_line or context_line or 1, "", message)


try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # PyYAML built without libyaml
    _CParser = None


if _CParser is not None:

    class _EventLoader(yaml.composer.Composer, _CParser, yaml.resolver.Resolver):
        """libyaml's parser under PyYAML's composer: the speed of C for the scanning, and
        a composer that stops at Python's recursion limit (libyaml's own composer crashes
        the process on a few kilobytes of nested brackets)."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _FAST_LOADER: type = _EventLoader
else:
    _FAST_LOADER = yaml.SafeLoader
_MERGE_TAG = "tag:yaml.org,2002:merge"
_UNREADABLE = object()
"""Stands for a value YAML could not construct (its problem is already reported)."""
_MAX_ALIAS_REPEATS = 100_000
"""How many values aliases may repeat in one file; far more than any real file needs."""


class _TooManyAliases(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _Converter:
    """Turn a composed YAML tree into plain data, recording lines and collecting problems.

    One per document: PyYAML's constructor caches every node it builds, so sharing one
    across files would keep them all alive and is not safe across threads.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Location, int] = {}
        self.problems: list[Problem] = []
        self.spoiled: set[Location] = set()
        self._constructor = yaml.SafeLoader("")
        self._visited: set[int] = set()
        self._active: set[int] = set()
        self._repeats = 0

    def _problem(
        self, node: yaml.Node, path: Location, message: str, *, spoil: bool = True
    ) -> None:
        if spoil:
            self.spoiled.add(path)
        line = node.start_mark.line + 1
        self.problems.append(Problem(self.file, line, _field_name(path), message))

    def convert(self, node: yaml.Node, path: Location) -> Any:
        self.lines[path] = node.start_mark.line + 1
        if id(node) in self._active:
            self._problem(node, path, "this alias refers to a value that contains it")
            return None
        if id(node) in self._visited:
            # An alias: its value is converted again under this path, so count the repeats
            # to stop a few lines of nested aliases from expanding to billions of values.
            self._repeats += 1
            if self._repeats > _MAX_ALIAS_REPEATS:
                raise _TooManyAliases(node.start_mark.line + 1)
        self._visited.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            return [self.convert(item, (*path, index)) for index, item in enumerate(node.value)]
        finally:
            self._active.discard(id(node))

    def _scalar(self, node: yaml.ScalarNode, path: Location) -> Any:
        try:
            value = self._constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError) as err:
            reason = getattr(err, "problem", None) or str(err)
            self._problem(
                node, path, f"cannot read {node.value[:80]!r} ({reason}); if it is text, quote it"
            )
            return _UNREADABLE
        field = next((part for part in reversed(path) if isinstance(part, str)), "")
        wrong = text_problem(field, value) if isinstance(value, str) else None
        if wrong:
            self._problem(node, path, wrong)
            return _UNREADABLE
        return value

    def _mapping(self, node: yaml.MappingNode, path: Location) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self._problem(
                    key_node, path, "merge keys (<<) are not supported; write the fields out"
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, path, "a key must be a plain name, not a list or mapping")
                continue
            key = self._scalar(key_node, path)
            if key is _UNREADABLE:
                continue
            if key in result:
                self._problem(
                    key_node, (*path, key), "key appears twice in the same record", spoil=False
                )
                continue
            result[key] = self.convert(value_node, (*path, key))
            self.lines[(*path, key)] = key_node.start_mark.line + 1
        return result


def _validation_problems(doc: _Document, path: Location, err: ValidationError) -> Iterator[Problem]:
    for detail in err.errors(include_url=False):
        full = (*path, *detail["loc"])
        if any(full[:end] in doc.spoiled for end in range(len(full) + 1)):
            continue
        yield Problem(doc.file, doc.line_of(full), _field_name(full), _plain_message(detail))


def _plain_message(detail: Any) -> str:
    """Say a pydantic error in the curator's words (YAML has lists, not tuples)."""
    kind = detail["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check its spelling)"
    if kind == "value_error":
        return detail["msg"].removeprefix("Value error, ")
    if kind == "tuple_type":
        message = "Input should be a list"
    elif kind == "string_pattern_mismatch" and detail["ctx"]["pattern"] == SLUG_PATTERN:
        message = "ids are lowercase letters and digits joined by hyphens, like 'dried-apricots'"
    else:
        message = detail["msg"].replace("Tuple should", "List should")
    return f"{message} (got {detail['input']!r})" if "input" in detail else message


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


@dataclass(slots=True)
class _Found:
    """Valid records per section, and the ids of records that exist but are invalid.

    An edge pointing at a node whose record is broken (say, its label is missing) is not
    reported again as "unknown node": that record's own problem already says what to fix.
    """

    records: dict[str, list[_Located]]
    broken_ids: dict[str, set[str]]
    complete: bool = True


def _records(docs: Iterable[_Document], problems: list[Problem]) -> _Found:
    found = _Found({name: [] for name in SECTIONS}, {name: set() for name in SECTIONS})
    for doc in docs:
        if not isinstance(doc.data, dict):
            problems.append(
                Problem(doc.file, 1, "", "expected a mapping with keys: " + ", ".join(SECTIONS))
            )
            found.complete = False
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
                found.complete = False
                continue
            if (section,) in doc.spoiled:
                found.complete = False
                continue
            if not isinstance(items, list):
                problems.append(
                    Problem(
                        doc.file,
                        doc.line_of((section,)),
                        section,
                        f"expected a list of records (got {items!r})",
                    )
                )
                found.complete = False
                continue
            for index, item in enumerate(items):
                path = (section, index)
                try:
                    record = model.model_validate(item)
                except ValidationError as err:
                    problems.extend(_validation_problems(doc, path, err))
                    name = _record_name(section, item)
                    if name is not None:
                        found.broken_ids[section].add(name)
                    continue
                found.records[section].append(_Located(record, doc, path))
    return found


def _record_name(section: str, item: Any) -> str | None:
    """The id a record that failed validation would have had, when it can be told."""
    if not isinstance(item, dict):
        return None
    if section == "edges":
        ends = [item.get(field) for field in ("subject", "relation", "object")]
        return (
            "|".join(end.strip() for end in ends) if all(isinstance(e, str) for e in ends) else None
        )
    name = item.get(_ID_FIELDS.get(section, "id"))
    return name.strip() if isinstance(name, str) else None


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    return re.sub(r"\s+", " ", text.replace("\u201d", '"')).strip().lower()


def _load_source_text(
    located: _Located, data_dir: Path, problems: list[Problem], max_bytes: int
) -> Source:
    """Return the source with its text, or without (and a problem) if it cannot be used."""
    source: Source = located.record
    path = (data_dir / source.file).resolve()
    if not path.is_relative_to(data_dir.resolve()):
        message = f"source text {source.file!r} is outside the data folder; refused"
        problems.append(located.problem("file", message))
        return source
    if not path.is_file():
        problems.append(located.problem("file", f"source text not found ({source.file!r})"))
        return source
    shown = _display(path, data_dir)
    try:
        raw = read_inside(path, data_dir, file=shown, max_bytes=max_bytes, what="source text")
    except SchemaError as err:
        problems.extend(err.problems)
        return source
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        problems.append(_not_utf8(raw, err, shown))
        return source
    if not text.strip():
        # An empty text would let every quote go unchecked, so it is a problem in itself.
        problems.append(Problem(shown, 1, "", "source text is empty"))
        return source
    return source.model_copy(update={"text": text})


def _display(path: Path, data_dir: Path) -> str:
    """Name a file in messages as ``<data folder name>/<path inside it>``."""
    try:
        inside = path.relative_to(data_dir)
    except ValueError:
        inside = path.resolve().relative_to(data_dir.resolve())
    # A file name can hold any character but "/": show it safely wherever it goes.
    return printable(str(Path(data_dir.resolve().name) / inside), keep_newlines=False)


def _check_ids(
    located: list[_Located], what: str, problems: list[Problem], *, field: str = "id"
) -> None:
    first: dict[str, _Located] = {}
    for item in located:
        name = getattr(item.record, field)
        earlier = first.setdefault(name, item)
        if earlier is not item:
            where = f"{earlier.doc.file}:{earlier.doc.line_of((*earlier.path, field))}"
            problems.append(
                item.problem(field, f"duplicate {what} {field} {name!r} (first at {where})")
            )


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


@dataclass(frozen=True, slots=True)
class _Known:
    """What records may refer to; ``complete`` is false when some data file did not parse."""

    nodes: dict[str, Node]
    sources: dict[str, Source]
    references: dict[str, Reference]
    edges: dict[str, _Located]
    broken_ids: dict[str, set[str]]
    complete: bool

    def is_missing(self, section: str, item_id: str) -> bool:
        """Tell whether a reference is surely dangling (not merely in a broken record or file)."""
        known = getattr(self, section)
        return self.complete and item_id not in known and item_id not in self.broken_ids[section]

    def check_citation(self, item: _Located, field: str, key: str, problems: list[Problem]) -> None:
        """Report ``key`` at ``field`` of ``item`` when no reference has it."""
        if key not in self.references and self.is_missing("references", key):
            problems.append(
                item.problem(field, f"unknown reference {key!r}{_suggest(key, self.references)}")
            )


def _check_edges(edges: list[_Located], known: _Known, problems: list[Problem]) -> set[str]:
    """Check every edge; return the keys of edges whose ends are wrong or that repeat a claim.

    Evidence about such an edge is not checked against it: its own problem says what to fix.
    """
    seen: Counter[str] = Counter()
    suspect: set[str] = set()
    for item in edges:
        edge: Edge = item.record
        relation = RELATIONS[edge.relation]
        found_before = len(problems)
        for end, allowed in (
            ("subject", relation.subject_types),
            ("object", relation.object_types),
        ):
            node_id = getattr(edge, end)
            node = known.nodes.get(node_id)
            if node is None:
                if known.is_missing("nodes", node_id):
                    problems.append(
                        item.problem(
                            end, f"unknown node {node_id!r}{_suggest(node_id, known.nodes)}"
                        )
                    )
            elif node.type not in allowed:
                kinds = ", ".join(sorted(allowed))
                problems.append(
                    item.problem(
                        end,
                        f"{_a(node.type)} cannot be the {end} of {edge.relation!r}"
                        f" (allowed: {kinds}) ({node_id!r})",
                    )
                )
        seen[edge.key] += 1
        if len(problems) > found_before or seen[edge.key] > 1:
            suspect.add(edge.key)
        if seen[edge.key] == 2:
            problems.append(
                item.problem(
                    "relation",
                    f"the claim {edge.key!r} is written twice; merge the provenance lists",
                )
            )
        for index, prov in enumerate(edge.provenance):
            source = known.sources.get(prov.source)
            field = f"provenance[{index}]"
            if source is None:
                if known.is_missing("sources", prov.source):
                    problems.append(
                        item.problem(
                            f"{field}.source",
                            f"unknown source {prov.source!r}{_suggest(prov.source, known.sources)}",
                        )
                    )
            elif source.text and prov.quote not in source.text:
                hint = (
                    " (it differs only in case, spacing or quote marks)"
                    if _normalise(prov.quote) in _normalise(source.text)
                    else ""
                )
                # Name the quote: when a source text changes, each broken one says which it is.
                shown = prov.quote if len(prov.quote) <= 60 else prov.quote[:57] + "..."
                problems.append(
                    item.problem(
                        f"{field}.quote",
                        f"quote is not a verbatim part of source {prov.source!r}{hint}: {shown!r}",
                    )
                )
    return suspect


def _check_amounts(edges: list[_Located], known: _Known, problems: list[Problem]) -> None:
    for item in edges:
        edge: Edge = item.record
        nutrient = known.nodes.get(edge.object)
        units = {intake.unit for intake in nutrient.daily_intake} if nutrient else set()
        for index, amount in enumerate(edge.amounts):
            field = f"amounts[{index}]"
            known.check_citation(item, f"{field}.source", amount.source, problems)
            if units and amount.unit not in units:
                problems.append(
                    item.problem(
                        f"{field}.unit",
                        f"unit {amount.unit!r} differs from the daily intake of"
                        f" {edge.object!r} ({', '.join(sorted(units))}); give the same unit",
                    )
                )


def _check_intakes(nodes: list[_Located], known: _Known, problems: list[Problem]) -> None:
    for item in nodes:
        node: Node = item.record
        if node.daily_intake and node.type != "nutrient":
            problems.append(
                item.problem(
                    "daily_intake", f"only nutrients have a daily intake (this is {_a(node.type)})"
                )
            )
        for index, intake in enumerate(node.daily_intake):
            known.check_citation(item, f"daily_intake[{index}].source", intake.source, problems)


def _shares_two_parts(key: str, other: str) -> bool:
    return sum(a == b for a, b in zip(key.split("|"), other.split("|"), strict=False)) >= 2


def _check_evidence(
    evidence: list[_Located], known: _Known, suspect: set[str], problems: list[Problem]
) -> None:
    """Citations resolve; each claim names an edge; each edge has exactly one record.

    A claim that names no edge is not reported when a broken or ``suspect`` edge differs
    from it in one part only: that is the same mistake, already reported at the edge.
    """
    near_misses = suspect | known.broken_ids["edges"]
    covering: dict[str, tuple[_Located, int]] = {}
    for item in evidence:
        record: Evidence = item.record
        for index, key in enumerate(record.citations):
            known.check_citation(item, f"citations[{index}]", key, problems)
        for index, claim in enumerate(record.claims):
            field = f"claims[{index}]"
            if claim.key not in known.edges:
                if known.is_missing("edges", claim.key) and not any(
                    _shares_two_parts(claim.key, other) for other in near_misses
                ):
                    problems.append(
                        item.problem(
                            field,
                            f"no claim {claim.key!r} in the knowledge base"
                            f"{_suggest(claim.key, known.edges)}",
                        )
                    )
                continue
            first, first_index = covering.setdefault(claim.key, (item, index))
            if first is not item or first_index != index:
                where = (
                    f"{first.doc.file}:{first.doc.line_of((*first.path, 'claims', first_index))}"
                )
                problems.append(
                    item.problem(
                        field,
                        f"the claim {claim.key!r} already has evidence"
                        f" {first.record.id!r} (at {where}); give each claim one record",
                    )
                )
    if not evidence or not known.complete or known.broken_ids["evidence"]:
        return
    for key, edge_item in known.edges.items():
        if key not in covering and key not in suspect:
            problems.append(
                edge_item.problem(
                    "",
                    f"no evidence record covers the claim {key!r}; add it to a record,"
                    " or to a 'not assessed' one",
                )
            )


def _check_trust(
    records: dict[str, list[_Located]], known: _Known, problems: list[Problem]
) -> None:
    """What the data says is no stronger than its sources (see ``graph.integrity``)."""
    evidence = records["evidence"]
    for item in evidence:
        for index, key in enumerate(item.record.related):
            known.check_citation(item, f"related[{index}]", key, problems)
    problems.extend(check_row_scope(evidence))
    problems.extend(check_verdict_wording(evidence))
    problems.extend(check_harms(evidence, ("summary", "note", "outside_row")))
    problems.extend(check_harms(records["nodes"], ("description",)))
    problems.extend(check_quote_wording(records["edges"], known.nodes))
    texts = {source_id: source.text for source_id, source in known.sources.items()}
    problems.extend(check_node_origins(records["nodes"], texts))
    problems.extend(check_narrower_scope(evidence, records["nodes"], known.nodes))
    problems.extend(check_verdict_credit(evidence, known.references))
    problems.extend(check_named_sources(records["nodes"], ("description",)))
    problems.extend(check_named_sources(evidence, ("summary", "note", "qualifier")))


def load_knowledge_base(
    data_dir: Path | str = DEFAULT_DATA_DIR, *, max_file_bytes: int = MAX_FILE_BYTES
) -> KnowledgeBase:
    """Load and validate every ``*.yaml`` file directly inside ``data_dir``.

    Files are read in name order; each may hold any of the sections ``sources``,
    ``nodes``, ``edges``, ``references`` and ``evidence``. Source texts are read from the
    path each source names, relative to ``data_dir``.

    Parameters
    ----------
    data_dir
        Folder holding the YAML files (default: the project's ``data/``).
    max_file_bytes
        The largest data file or source text read; a larger one is refused before it
        is parsed (``MAX_FILE_BYTES``, 1 MiB, by default).

    Returns
    -------
    KnowledgeBase
        Frozen records, sorted by id (edges by subject, relation, object, references
        by key), so the same data always loads the same way whatever the file order.

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
        shown = printable(str(data_dir), keep_newlines=False)
        said = "is a file, not a data folder" if data_dir.exists() else "no such data folder"
        raise SchemaError([Problem(shown, 0, "", said)])
    files = yaml_files(data_dir)
    if not files:
        raise SchemaError([Problem(str(data_dir), 0, "", "no .yaml files in the data folder")])
    problems: list[Problem] = []
    docs = []
    for path in files:
        try:
            doc, doc_problems = _parse(path, _display(path, data_dir), max_bytes=max_file_bytes)
        except SchemaError as err:
            problems.extend(err.problems)
            continue
        docs.append(doc)
        problems.extend(doc_problems)
    found = _records(docs, problems)
    _check_ids(found.records["sources"], "source", problems)
    _check_ids(found.records["nodes"], "node", problems)
    _check_ids(found.records["references"], "reference", problems, field="key")
    _check_ids(found.records["evidence"], "evidence", problems)
    sources = {
        item.record.id: _load_source_text(item, data_dir, problems, max_file_bytes)
        for item in found.records["sources"]
    }
    nodes = {item.record.id: item.record for item in found.records["nodes"]}
    references = {item.record.key: item.record for item in found.records["references"]}
    edges = {item.record.key: item for item in reversed(found.records["edges"])}
    # When a file did not parse, the ids it defines are unknown: reporting every edge that
    # uses one as dangling would bury the one real problem under dozens of false ones.
    known = _Known(
        nodes,
        sources,
        references,
        edges,
        found.broken_ids,
        complete=found.complete and len(docs) == len(files),
    )
    suspect = _check_edges(found.records["edges"], known, problems)
    _check_amounts(found.records["edges"], known, problems)
    _check_intakes(found.records["nodes"], known, problems)
    _check_evidence(found.records["evidence"], known, suspect, problems)
    _check_trust(found.records, known, problems)
    if problems:
        raise SchemaError(problems)
    evidence = {item.record.id: item.record for item in found.records["evidence"]}
    return KnowledgeBase(
        sources=tuple(sorted(sources.values(), key=lambda s: s.id)),
        nodes=tuple(sorted(nodes.values(), key=lambda n: n.id)),
        edges=tuple(sorted((item.record for item in found.records["edges"]), key=lambda e: e.key)),
        references=tuple(sorted(references.values(), key=lambda r: r.key)),
        evidence=tuple(sorted(evidence.values(), key=lambda e: e.id)),
    )
