"""Review a draft of candidate claims: list, edit, accept into ``data/``, reject.

A draft (``data/drafts/SOURCE_ID.yaml``, written by ``graph.ingest``) holds numbered
candidates, each ``proposed``, ``accepted`` or ``rejected``, and the new nodes they name.
Accepting a candidate writes:

- a second (source, quote) on the edge that already makes the claim (multi-source
  provenance), in whichever file holds that edge; or
- a new edge, in ``claims-SOURCE_ID.yaml`` (created on first use), with any new node it
  needs and a place in that file's ``not assessed`` evidence record: a claim from a new
  source is not assessed until a curator adds evidence.

``graph.accept_undo`` reopens a decided candidate (``draft reopen``).

Files are edited with ruamel.yaml's round trip (comments and order kept) and written
only when the whole knowledge base still validates (``graph.curate_io.write_checked``),
each edit holding the data folder's lock from its read to its write
(``graph.safe_io.data_lock``). Every problem is a ``file:line: field: message``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .curate_io import DRAFTS_DIR, dump_yaml, load_round_trip, unshared, write_checked
from .errors import Problem, SchemaError
from .safe_io import data_lock, data_subfolder
from .schema import (
    KnowledgeBase,
    NodeTypeName,
    Origin,
    RelationName,
    Slug,
    StrengthName,
    Text,
)
from .yaml_folder import Document, read_yaml, suggest, validation_problems

__all__ = [
    "STATUSES",
    "Draft",
    "DraftCandidate",
    "DraftNode",
    "add_candidate",
    "claims_file",
    "draft_file",
    "edit_candidate",
    "edit_new_node",
    "list_drafts",
    "pick",
    "read_draft",
    "read_with_lines",
    "reject_candidates",
    "resolve_end",
    "set_status",
]

STATUSES = ("proposed", "accepted", "rejected")
"""What a curator has decided about a candidate."""

_MODEL = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class DraftCandidate(BaseModel):
    """One proposed claim of a draft."""

    model_config = _MODEL

    n: Annotated[int, Field(ge=1)]
    status: Literal["proposed", "accepted", "rejected"]
    subject: Slug
    relation: RelationName
    object: Slug
    quote: Text
    strength: StrengthName
    cue: str = ""
    confidence: Annotated[float, Field(ge=0, le=1)] = 0.0
    sentence: Annotated[int, Field(ge=0)] = 0
    negated: bool = False
    said_as: dict[Literal["subject", "object"], Text] = Field(default_factory=dict)
    """The quote's own words for an end it names more widely than the node ("muscle
    cramps" for the calf cramp), written to the claim as its ``said_as``."""


class DraftNode(BaseModel):
    """A node the article names that the knowledge base lacks."""

    model_config = _MODEL

    id: Slug
    label: Text
    type: NodeTypeName
    synonyms: tuple[Text, ...] = ()
    description: str = ""
    description_from: tuple[Origin, ...] = ()
    """Where the description comes from; accepting writes the draft's source when empty."""
    synonym_origins: dict[Origin, tuple[Text, ...]] = Field(default_factory=dict)
    """Each synonym under its origin; when empty, the synonyms count as the source's words
    (and must then be words of its text)."""
    merge_into: Text | None = None
    """An existing node this one is: its id, label or one of its synonyms."""


class Draft(BaseModel):
    """A whole draft file."""

    model_config = _MODEL

    source: Slug
    candidates: tuple[DraftCandidate, ...] = ()
    new_nodes: tuple[DraftNode, ...] = ()

    @property
    def by_number(self) -> dict[int, DraftCandidate]:
        """Candidates by their number."""
        return {candidate.n: candidate for candidate in self.candidates}

    def counts(self) -> dict[str, int]:
        """How many candidates have each status."""
        return {status: sum(c.status == status for c in self.candidates) for status in STATUSES}


def draft_file(data_dir: Path, source_id: str) -> Path:
    """Where the draft of ``source_id`` lives."""
    return Path(data_dir) / DRAFTS_DIR / f"{source_id}.yaml"


def claims_file(source_id: str) -> Path:
    """The data file (relative to the data folder) holding a source's new claims."""
    return Path(f"claims-{source_id}.yaml")


def _shown(data_dir: Path, path: Path) -> str:
    return str(Path(Path(data_dir).resolve().name) / path.relative_to(data_dir))


def read_with_lines(data_dir: Path, source_id: str) -> tuple[Draft, Document]:
    """The draft of ``source_id`` and its parsed document (for lines); see ``read_draft``."""
    data_subfolder(Path(data_dir), DRAFTS_DIR)  # a drafts/ link out of the folder is refused
    path = draft_file(data_dir, source_id)
    shown = _shown(data_dir, path)
    if not path.is_file():
        raise SchemaError([Problem(shown, 0, "", f"no draft for source {source_id!r}")])
    doc = read_yaml(path, display_name=shown)
    try:
        draft = Draft.model_validate(doc.data)
    except ValidationError as err:
        raise SchemaError(list(validation_problems(doc, (), err))) from err
    numbers = [c.n for c in draft.candidates]
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    if repeated:
        index = numbers.index(repeated[0], numbers.index(repeated[0]) + 1)
        line = doc.line_of(("candidates", index, "n"))
        raise SchemaError([Problem(shown, line, f"candidates[{index}].n", "number used twice")])
    return draft, doc


def read_draft(data_dir: Path, source_id: str) -> Draft:
    """Read and check the draft of ``source_id``.

    Raises
    ------
    SchemaError
        No draft, a ``drafts/`` link out of the data folder, not YAML, or a field that
        does not validate (``file:line: field``).
    """
    return read_with_lines(data_dir, source_id)[0]


def list_drafts(data_dir: Path) -> list[tuple[str, Draft | SchemaError]]:
    """Every draft in the data folder by source id, read as ``read_draft`` does; a draft
    that does not read comes as its ``SchemaError``, so one broken draft hides no other."""
    folder = data_subfolder(Path(data_dir), DRAFTS_DIR)
    paths = sorted(folder.glob("*.yaml")) if folder is not None else []
    found: list[tuple[str, Draft | SchemaError]] = []
    for path in paths:
        try:
            found.append((path.stem, read_draft(data_dir, path.stem)))
        except SchemaError as err:
            found.append((path.stem, err))
    return found


def _index_of(draft: Draft, number: int) -> int | None:
    return next((i for i, c in enumerate(draft.candidates) if c.n == number), None)


def pick(
    draft: Draft,
    doc: Document,
    numbers: Iterable[int],
    *,
    statuses: tuple[str, ...] = ("proposed",),
) -> list[int]:
    """Indexes of the candidates numbered ``numbers``, each with one of ``statuses``."""
    problems: list[Problem] = []
    picked = []
    for number in dict.fromkeys(numbers):
        index = _index_of(draft, number)
        if index is None:
            known = f"1-{len(draft.candidates)}" if draft.candidates else "none"
            problems.append(
                Problem(doc.file, 0, "", f"no candidate {number} (the draft has {known})")
            )
            continue
        candidate = draft.candidates[index]
        if candidate.status not in statuses:
            already = "still" if candidate.status == "proposed" else "already"
            message = f"candidate {number} is {already} {candidate.status}"
            problems.append(doc.problem(("candidates", index, "status"), message))
            continue
        picked.append(index)
    if problems:
        raise SchemaError(problems)
    return picked


def set_status(data_dir: Path, source_id: str, indexes: Iterable[int], status: str) -> str:
    """The draft's text with the candidates at ``indexes`` set to ``status``."""
    data = load_round_trip(draft_file(data_dir, source_id))
    for index in indexes:
        unshared(data, "candidates", index)["status"] = status
    return dump_yaml(data)


def reject_candidates(data_dir: Path, source_id: str, numbers: Iterable[int]) -> list[int]:
    """Mark candidates ``rejected`` in the draft; return their numbers.

    Raises
    ------
    SchemaError
        The draft does not read, or a number names no ``proposed`` candidate.
    """
    with data_lock(data_dir, what=f"draft reject {source_id}"):
        draft, doc = read_with_lines(data_dir, source_id)
        indexes = pick(draft, doc, numbers)
        text = set_status(data_dir, source_id, indexes, "rejected")
        write_checked(data_dir, {draft_file(data_dir, source_id).relative_to(data_dir): text})
    return [draft.candidates[i].n for i in indexes]


def _write_edit(
    data_dir: Path,
    source_id: str,
    doc: Document,
    where: tuple[str, int],
    record: DraftCandidate | DraftNode,
    changes: Mapping[str, Any],
    editable: set[str],
) -> Any:
    """``record`` (item ``where``) with ``changes`` to ``editable`` fields, checked and written."""
    section, index = where
    unknown = sorted(set(changes) - editable)
    if unknown:
        message = f"cannot edit {', '.join(unknown)} (editable: {', '.join(sorted(editable))})"
        raise SchemaError([Problem(doc.file, doc.line_of(where), "", message)])
    try:
        edited = type(record).model_validate({**record.model_dump(), **changes})
    except ValidationError as err:
        raise SchemaError(list(validation_problems(doc, where, err))) from err
    data = load_round_trip(draft_file(data_dir, source_id))
    record_data = unshared(data, section, index)
    for field, value in changes.items():
        if isinstance(value, Mapping) and not value:
            record_data.pop(field, None)  # an empty said_as: no field at all
            continue
        record_data[field] = list(value) if isinstance(value, tuple) else value
    write_checked(
        data_dir, {draft_file(data_dir, source_id).relative_to(data_dir): dump_yaml(data)}
    )
    return edited


def edit_candidate(
    data_dir: Path, source_id: str, number: int, changes: Mapping[str, str]
) -> DraftCandidate:
    """Change a proposed candidate's ends, relation or strength in the draft.

    Raises
    ------
    SchemaError
        The draft does not read, the number names no ``proposed`` candidate, a field is
        not editable, or the edited candidate does not validate.
    """
    with data_lock(data_dir, what=f"draft edit {source_id}"):
        draft, doc = read_with_lines(data_dir, source_id)
        (index,) = pick(draft, doc, [number])
        editable = {"subject", "relation", "object", "strength", "said_as"}
        where, record = ("candidates", index), draft.candidates[index]
        return _write_edit(data_dir, source_id, doc, where, record, changes, editable)


def _node_named(kb: KnowledgeBase, name: str) -> str | None:
    """The id of the node whose id, label or synonym is ``name`` (case aside), if any."""
    wanted = name.strip().casefold()
    for node in kb.nodes:
        if wanted in {node.id, node.label.casefold(), *(s.casefold() for s in node.synonyms)}:
            return node.id
    return None


def resolve_end(
    end: str, field: str, index: int, draft: Draft, doc: Document, kb: KnowledgeBase
) -> tuple[str, DraftNode | None, Problem | None]:
    """The node id an end stands for, the new node to create (if any), or a problem.

    An end is a known node id, or the id of one of the draft's ``new_nodes``: one with
    ``merge_into`` stands for the existing node it names (by id, label or synonym), any
    other needs a description.
    """
    known = {node.id for node in kb.nodes}
    if end in known:
        return end, None, None
    for node_index, node in enumerate(draft.new_nodes):
        if node.id != end:
            continue
        if node.merge_into is not None:
            target = _node_named(kb, node.merge_into)
            if target is not None:
                return target, None, None
            message = f"merge_into names no node {node.merge_into!r}"
            return end, None, doc.problem(("new_nodes", node_index, "merge_into"), message)
        if not node.description:
            node_line = doc.line_of(("new_nodes", node_index))
            message = (
                f"new node {end!r} needs a one-sentence description (or merge_into an existing"
                " node)"
            )
            return (
                end,
                None,
                Problem(doc.file, node_line, f"new_nodes[{node_index}].description", message),
            )
        return end, node, None
    names = known | {node.id for node in draft.new_nodes}  # a typo of a new node's id too
    message = f"unknown node {end!r}{suggest(end, names)}; use a node id or add it under new_nodes"
    return end, None, doc.problem(("candidates", index, field), message)


def edit_new_node(
    data_dir: Path, source_id: str, node_id: str, changes: Mapping[str, Any]
) -> DraftNode:
    """Change a proposed new node: label, type, synonyms, description or ``merge_into``.

    Raises
    ------
    SchemaError
        The draft does not read, it proposes no such node, or the edit does not validate.
    """
    with data_lock(data_dir, what=f"draft edit {source_id}"):
        draft, doc = read_with_lines(data_dir, source_id)
        index = next((i for i, n in enumerate(draft.new_nodes) if n.id == node_id), None)
        if index is None:
            message = f"the draft proposes no node {node_id!r}"
            raise SchemaError([Problem(doc.file, 0, "", message)])
        editable = {"label", "type", "synonyms", "description", "merge_into"}
        where, record = ("new_nodes", index), draft.new_nodes[index]
        return _write_edit(data_dir, source_id, doc, where, record, changes, editable)


def add_candidate(
    data_dir: Path,
    source_id: str,
    claim: Mapping[str, str],
    *,
    source_text: str,
    new_nodes: Iterable[DraftNode] = (),
) -> DraftCandidate:
    """Add a candidate the curator made (from a quote they picked) to the draft, proposed.

    ``claim`` holds ``subject``, ``relation``, ``object``, ``quote`` and ``strength``; the
    quote must be a verbatim part of ``source_text``. ``new_nodes`` (an end the curator
    made) are added to the draft's ``new_nodes`` in the same write.

    Raises
    ------
    SchemaError
        The draft does not read, or the claim does not validate (its problems located at
        the new candidate's place in the draft).
    """
    with data_lock(data_dir, what=f"draft add {source_id}"):
        draft, doc = read_with_lines(data_dir, source_id)
        number = max((c.n for c in draft.candidates), default=0) + 1
        index = len(draft.candidates)
        record = {"n": number, "status": "proposed", **claim, "cue": "curator", "confidence": 1.0}
        try:
            candidate = DraftCandidate.model_validate(record)
        except ValidationError as err:
            problems = [
                Problem(
                    doc.file, 0, f"candidates[{index}].{'.'.join(map(str, d['loc']))}", d["msg"]
                )
                for d in err.errors(include_url=False)
            ]
            raise SchemaError(problems) from err
        if candidate.quote not in source_text:
            message = f"quote is not a verbatim part of source {source_id!r}"
            raise SchemaError([Problem(doc.file, 0, f"candidates[{index}].quote", message)])
        data = load_round_trip(draft_file(data_dir, source_id))
        data.setdefault("candidates", [])
        unshared(data, "candidates").append(
            candidate.model_dump(
                exclude={"sentence", "negated", *(() if candidate.said_as else ("said_as",))}
            )
        )
        data.setdefault("new_nodes", [])
        for node in new_nodes:
            unshared(data, "new_nodes").append(node.model_dump(mode="json", exclude_defaults=True))
        write_checked(
            data_dir, {draft_file(data_dir, source_id).relative_to(data_dir): dump_yaml(data)}
        )
    return candidate
