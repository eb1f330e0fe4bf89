"""Read YAML files and folders into plain data that knows the line of every value.

The one reader behind the knowledge base (``graph.load``), tours (``graph.tours``),
questions (``graph.questions``) and drafts: each file is confined to its folder and
size-checked (``graph.safe_io``), decoded as UTF-8, parsed without constructing any
Python object YAML could smuggle in, and kept with the line of every value, so every
problem is told as ``file:line: field: message``. A problem that spoils one value costs
only that value; the rest of the file is still checked.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import Problem, SchemaError
from .limits import MAX_FILE_BYTES, printable, text_problem
from .safe_io import read_inside, yaml_files
from .schema import SLUG_PATTERN

__all__ = [
    "Document",
    "Location",
    "display_name",
    "field_name",
    "folder_files",
    "not_utf8",
    "parse_file",
    "parse_folder",
    "parse_text",
    "read_yaml",
    "repeated_id",
    "suggest",
    "validation_problems",
]

Location = tuple[str | int, ...]
"""Where a value sits in a file: the keys and list indexes that lead to it."""


@dataclass(frozen=True, slots=True)
class Document:
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

    def problem(self, path: Location, message: str) -> Problem:
        """A problem with the value at ``path``, located at its line and named as written."""
        return Problem(self.file, self.line_of(path), field_name(path), message)


def repeated_id(
    first: dict[str, tuple[Document, Location]], record_id: str, doc: Document, path: Location
) -> str | None:
    """Where ``record_id`` first stood (``file:line``) if it stood elsewhere before, else
    ``None``; ``first`` remembers the first place of every id seen (pass it each time)."""
    earlier_doc, earlier_path = first.setdefault(record_id, (doc, path))
    if earlier_doc is doc and earlier_path == path:
        return None
    return f"{earlier_doc.file}:{earlier_doc.line_of(earlier_path)}"


def field_name(path: Location) -> str:
    """Write ``path`` the way messages name a field.

    >>> field_name(("edges", 3, "provenance", 0, "quote"))
    'edges[3].provenance[0].quote'
    """
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name


def _decode(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise SchemaError([not_utf8(raw, err, file)]) from err


def not_utf8(raw: bytes, err: UnicodeDecodeError, file: str) -> Problem:
    """The problem of a file that is not UTF-8, at the line of the first bad byte."""
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
) -> Document:
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
    Document
        The plain data (dicts, lists, scalars) and the line of every value by its path.

    Raises
    ------
    SchemaError
        If the file links outside its folder, cannot be read, is too large, empty, not
        UTF-8 or not YAML, repeats a key in one mapping, or holds a value YAML cannot
        construct, a text too long for its field or a control character.
    """
    doc, problems = parse_file(path, display_name or str(path), max_bytes=max_bytes)
    if problems:
        raise SchemaError(problems)
    return doc


def parse_file(
    path: Path, file: str, *, max_bytes: int = MAX_FILE_BYTES
) -> tuple[Document, list[Problem]]:
    """Parse what can be parsed; problems that spoil only some values are returned with it.

    Raises ``SchemaError`` when nothing of the file can be used (a link out of its folder,
    unreadable, too large, empty, not UTF-8, not YAML); a repeated key or an odd value
    costs only that value, so the rest of the file is still checked and its ids still
    count (no cascade of "unknown node").
    """
    raw = read_inside(path, path.parent, file=file, max_bytes=max_bytes)
    return parse_text(_decode(raw, file), file)


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


def parse_text(text: str, file: str) -> tuple[Document, list[Problem]]:
    """As ``parse_file``, for text already read and decoded (an edited tour, say)."""
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
    doc = Document(file, data, converter.lines, frozenset(converter.spoiled))
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
        self.problems.append(Problem(self.file, line, field_name(path), message))

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


def validation_problems(
    doc: Document,
    path: Location,
    err: ValidationError,
    *,
    say: Callable[[Any], str | None] | None = None,
) -> Iterator[Problem]:
    """Yield pydantic's complaints about the record at ``path`` of ``doc``, located and
    said in the curator's words; values whose problem is already reported are skipped.

    ``say`` may word a complaint (a pydantic error detail) itself; when it returns
    ``None`` the usual words are used.
    """
    for detail in err.errors(include_url=False):
        full = _as_written(doc.data, (*path, *detail["loc"]))
        if any(full[:end] in doc.spoiled for end in range(len(full) + 1)):
            continue
        message = (say(detail) if say else None) or _plain_message(detail)
        yield doc.problem(full, message)


def _as_written(data: Any, full: Location) -> Location:
    """``full`` as the file spells it: a key or index a model put around a bare value (a
    node read as ``{node: ...}``, one value read as a list of one) is left out, while a
    missing field of a mapping is still named."""
    kept: list[str | int] = []
    value = data
    for part in full:
        if isinstance(value, dict):
            kept.append(part)
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            kept.append(part)
            value = value[part]
    return tuple(kept)


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
    elif kind in ("model_type", "dict_type"):
        message = "Input should be a mapping"  # not "... or instance of <class>"
    elif kind == "string_pattern_mismatch" and detail["ctx"]["pattern"] == SLUG_PATTERN:
        message = "ids are lowercase letters and digits joined by hyphens, like 'dried-apricots'"
    elif kind == "string_type" and isinstance(detail.get("input"), bool | int | float):
        # YAML reads a bare no, yes, on, off, true, false as true or false, and a bare
        # number as a number: the curator meant text (QA pass: "id: no" said only "got False").
        got = detail["input"]
        return f"Input should be text, but YAML read {got!r} from it: quote the value ('no', '12')"
    else:
        message = detail["msg"].replace("Tuple should", "List should")
    return f"{message} (got {detail['input']!r})" if "input" in detail else message


def display_name(path: Path, data_dir: Path) -> str:
    """Name a file in messages as ``<data_dir's name>/<path inside it>``, printable."""
    try:
        inside = path.relative_to(data_dir)
    except ValueError:
        inside = path.resolve().relative_to(data_dir.resolve())
    # A file name can hold any character but "/": show it safely wherever it goes.
    return printable(str(Path(data_dir.resolve().name) / inside), keep_newlines=False)


def suggest(name: str, known: Iterable[str], *, cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``known`` to ``name`` (by ``difflib``,
    at least ``cutoff`` alike), else ``""``."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=cutoff)
    return f" (did you mean {close[0]!r}?)" if close else ""


def folder_files(folder: Path, *, missing: str, empty: str | None = None) -> list[Path]:
    """The ``*.yaml`` files directly inside ``folder``, in name order.

    Raises
    ------
    SchemaError
        Saying ``missing`` when ``folder`` is not a folder, and ``empty`` (when given)
        when it holds no ``.yaml`` file.
    """
    shown = printable(str(folder), keep_newlines=False)
    if not folder.is_dir():
        raise SchemaError([Problem(shown, 0, "", missing)])
    files = yaml_files(folder)
    if not files and empty is not None:
        raise SchemaError([Problem(shown, 0, "", empty)])
    return files


def parse_folder(
    files: Iterable[Path],
    *,
    shown_from: Path,
    max_bytes: int = MAX_FILE_BYTES,
    strict: bool = False,
) -> tuple[list[Document], list[Problem]]:
    """Parse every file of ``files`` (from ``folder_files``), collecting every problem.

    Parameters
    ----------
    files
        The YAML files, each read confined to its own folder.
    shown_from
        The folder messages name files from (``display_name``).
    max_bytes
        The largest file read.
    strict
        Leave out a file with any problem, rather than only the values it spoils.

    Returns
    -------
    (list of Document, list of Problem)
        The files that could be used, in order, and the problems of all of them.
    """
    docs: list[Document] = []
    problems: list[Problem] = []
    for path in files:
        try:
            doc, found = parse_file(path, display_name(path, shown_from), max_bytes=max_bytes)
        except SchemaError as err:
            problems.extend(err.problems)
            continue
        problems.extend(found)
        if not (strict and found):
            docs.append(doc)
    return docs, problems
