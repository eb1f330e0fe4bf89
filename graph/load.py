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

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .crosscheck import Known, Located, check_across
from .errors import Problem, SchemaError
from .limits import MAX_FILE_BYTES, unsafe_line
from .safe_io import read_inside
from .schema import Edge, Evidence, KnowledgeBase, Node, Reference, Source, edge_id
from .yaml_folder import (
    Document,
    Location,
    display_name,
    folder_files,
    not_utf8,
    parse_folder,
    read_yaml,
    repeated_id,
    validation_problems,
)

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


@dataclass(slots=True)
class _Found:
    """Valid records per section, and the ids of records that exist but are invalid.

    An edge pointing at a node whose record is broken (say, its label is missing) is not
    reported again as "unknown node": that record's own problem already says what to fix.
    """

    records: dict[str, list[Located]]
    broken_ids: dict[str, set[str]]
    complete: bool = True


def _records(docs: Iterable[Document], problems: list[Problem]) -> _Found:
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
                    doc.problem((section,), f"expected a list of records (got {items!r})")
                )
                found.complete = False
                continue
            for index, item in enumerate(items):
                path = (section, index)
                try:
                    record = model.model_validate(item)
                except ValidationError as err:
                    problems.extend(validation_problems(doc, path, err))
                    name = _record_name(section, item)
                    if name is not None:
                        found.broken_ids[section].add(name)
                    continue
                found.records[section].append(Located(record, doc, path))
    return found


def _record_name(section: str, item: Any) -> str | None:
    """The id a record that failed validation would have had, when it can be told."""
    if not isinstance(item, dict):
        return None
    if section == "edges":
        ends = [item.get(field) for field in ("subject", "relation", "object")]
        texts = [end.strip() for end in ends if isinstance(end, str)]
        return edge_id(*texts) if len(texts) == 3 else None
    name = item.get(_ID_FIELDS.get(section, "id"))
    return name.strip() if isinstance(name, str) else None


def _load_source_text(
    located: Located, data_dir: Path, problems: list[Problem], max_bytes: int
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
    shown = display_name(path, data_dir)
    try:
        raw = read_inside(path, data_dir, file=shown, max_bytes=max_bytes, what="source text")
    except SchemaError as err:
        problems.extend(err.problems)
        return source
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        problems.append(not_utf8(raw, err, shown))
        return source
    if not text.strip():
        # An empty text would let every quote go unchecked, so it is a problem in itself.
        problems.append(Problem(shown, 1, "", "source text is empty"))
        return source
    # A text placed by hand is held to what ingest refuses: no control or bidi character,
    # which would reach the reader's screen and terminal (line breaks of any system allowed).
    unsafe = unsafe_line(text)
    if unsafe is not None:
        number, message = unsafe
        problems.append(Problem(shown, number, "", message))
        return source
    return source.model_copy(update={"text": text})


def _check_ids(
    located: list[Located], what: str, problems: list[Problem], *, field: str = "id"
) -> None:
    first: dict[str, tuple[Document, Location]] = {}
    for item in located:
        name = getattr(item.record, field)
        earlier = repeated_id(first, name, item.doc, (*item.path, field))
        if earlier:
            problems.append(
                item.problem(field, f"duplicate {what} {field} {name!r} (first at {earlier})")
            )


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
    said = "is a file, not a data folder" if data_dir.exists() else "no such data folder"
    files = folder_files(data_dir, missing=said, empty="no .yaml files in the data folder")
    docs, problems = parse_folder(files, shown_from=data_dir, max_bytes=max_file_bytes)
    found = _records(docs, problems)
    found.complete = found.complete and len(docs) == len(files)
    known = _know(found, data_dir, problems, max_file_bytes)
    check_across(found.records, known, problems)
    if problems:
        raise SchemaError(problems)
    return KnowledgeBase(
        sources=tuple(sorted(known.sources.values(), key=lambda s: s.id)),
        nodes=tuple(sorted(known.nodes.values(), key=lambda n: n.id)),
        edges=tuple(sorted((item.record for item in found.records["edges"]), key=lambda e: e.key)),
        references=tuple(sorted(known.references.values(), key=lambda r: r.key)),
        evidence=tuple(
            sorted((item.record for item in found.records["evidence"]), key=lambda e: e.id)
        ),
    )


def _know(found: _Found, data_dir: Path, problems: list[Problem], max_bytes: int) -> Known:
    """Check ids are unique, read the source texts, and index what records may refer to."""
    _check_ids(found.records["sources"], "source", problems)
    _check_ids(found.records["nodes"], "node", problems)
    _check_ids(found.records["references"], "reference", problems, field="key")
    _check_ids(found.records["evidence"], "evidence", problems)
    sources = {
        item.record.id: _load_source_text(item, data_dir, problems, max_bytes)
        for item in found.records["sources"]
    }
    # When a file did not parse, the ids it defines are unknown: reporting every edge that
    # uses one as dangling would bury the one real problem under dozens of false ones.
    return Known(
        nodes={item.record.id: item.record for item in found.records["nodes"]},
        sources=sources,
        references={item.record.key: item.record for item in found.records["references"]},
        edges={item.record.key: item for item in reversed(found.records["edges"])},
        broken_ids=found.broken_ids,
        complete=found.complete,
    )
