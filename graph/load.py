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

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Problem, SchemaError
from .integrity import (
    check_harms,
    check_node_origins,
    check_quote_wording,
    check_row_scope,
    check_verdict_wording,
)
from .limits import MAX_FILE_BYTES
from .safe_io import read_inside
from .schema import (
    RELATIONS,
    Edge,
    Evidence,
    KnowledgeBase,
    Node,
    Reference,
    Source,
    edge_id,
    split_edge_id,
)
from .scope import check_named_sources, check_narrower_scope, check_verdict_credit
from .yaml_folder import (
    Document,
    Location,
    display_name,
    field_name,
    folder_files,
    not_utf8,
    parse_folder,
    read_yaml,
    suggest,
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


@dataclass(frozen=True, slots=True)
class _Located:
    """A validated record with where it was written."""

    record: Any
    doc: Document
    path: Location

    def problem(self, field: str, message: str) -> Problem:
        full = (*self.path, *(part for part in re.split(r"[.\[\]]+", field) if part))
        full = tuple(int(part) if str(part).isdigit() else part for part in full)
        return Problem(self.doc.file, self.doc.line_of(full), field_name(full), message)


@dataclass(slots=True)
class _Found:
    """Valid records per section, and the ids of records that exist but are invalid.

    An edge pointing at a node whose record is broken (say, its label is missing) is not
    reported again as "unknown node": that record's own problem already says what to fix.
    """

    records: dict[str, list[_Located]]
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
                    problems.extend(validation_problems(doc, path, err))
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
        texts = [end.strip() for end in ends if isinstance(end, str)]
        return edge_id(*texts) if len(texts) == 3 else None
    name = item.get(_ID_FIELDS.get(section, "id"))
    return name.strip() if isinstance(name, str) else None


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
    return source.model_copy(update={"text": text})


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
                item.problem(field, f"unknown reference {key!r}{suggest(key, self.references)}")
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
                            end, f"unknown node {node_id!r}{suggest(node_id, known.nodes)}"
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
                            f"unknown source {prov.source!r}{suggest(prov.source, known.sources)}",
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
    one, two = split_edge_id(key) or (), split_edge_id(other) or ()
    return sum(a == b for a, b in zip(one, two, strict=False)) >= 2


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
                            f"{suggest(claim.key, known.edges)}",
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
    problems.extend(check_node_origins(records["nodes"], texts, known.references))
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
    said = "is a file, not a data folder" if data_dir.exists() else "no such data folder"
    files = folder_files(data_dir, missing=said, empty="no .yaml files in the data folder")
    docs, problems = parse_folder(files, shown_from=data_dir, max_bytes=max_file_bytes)
    found = _records(docs, problems)
    found.complete = found.complete and len(docs) == len(files)
    known = _know(found, data_dir, problems, max_file_bytes)
    suspect = _check_edges(found.records["edges"], known, problems)
    _check_amounts(found.records["edges"], known, problems)
    _check_intakes(found.records["nodes"], known, problems)
    _check_evidence(found.records["evidence"], known, suspect, problems)
    _check_trust(found.records, known, problems)
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


def _know(found: _Found, data_dir: Path, problems: list[Problem], max_bytes: int) -> _Known:
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
    return _Known(
        nodes={item.record.id: item.record for item in found.records["nodes"]},
        sources=sources,
        references={item.record.key: item.record for item in found.records["references"]},
        edges={item.record.key: item for item in reversed(found.records["edges"])},
        broken_ids=found.broken_ids,
        complete=found.complete,
    )
