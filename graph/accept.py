"""Accept candidates of a draft into ``data/``: new edges, or more provenance on old ones.

See ``graph.drafts`` for the draft itself. ``accept_candidates`` checks every picked
candidate first (still proposed, not negated, quote verbatim in the source, ends known
or described new nodes) and reports all problems together; then it plans the edits,
and writes them only if the knowledge base still validates with them. It holds the data
folder's lock from its first read to its last write (``graph.safe_io.data_lock``), and
writes only the records it aims at: an edge whose provenance is a shared YAML anchor
gets its own copy before the new quote is added (``graph.curate_io.unshared``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .curate_io import dump_yaml, load_round_trip, unshared, write_checked
from .drafts import (
    Draft,
    DraftNode,
    claims_file,
    draft_file,
    pick,
    read_with_lines,
    resolve_end,
    set_status,
)
from .errors import Problem, SchemaError
from .load import load_knowledge_base
from .safe_io import data_lock
from .schema import KnowledgeBase, edge_id, split_edge_id
from .yaml_folder import Document, Location

__all__ = ["Accepted", "accept_candidates", "description_origin", "edge_files"]

_CLAIMS_HEAD = (
    "Claims accepted from source '{source}' (reviewed in drafts/{source}.yaml), with the\n"
    "nodes they added. Their evidence record is 'not assessed' until a curator checks them."
)


@dataclass(frozen=True, slots=True)
class Accepted:
    """What accepting wrote."""

    new_edges: tuple[str, ...]
    extra_provenance: tuple[str, ...]
    new_nodes: tuple[str, ...]


@dataclass(slots=True)
class _Plan:
    new_edges: dict[str, dict[str, Any]]
    """New claims by key; ``made_by`` lists the candidate index of each provenance record."""
    extra: dict[str, list[tuple[int, dict[str, str]]]]
    """More provenance for existing claims, each with the index of its candidate."""
    new_nodes: dict[str, DraftNode]
    node_index: dict[str, int] = field(default_factory=dict)
    """Each new node's index in the draft's ``new_nodes``."""
    origins: dict[tuple[str, Location], Location] = field(default_factory=dict)
    """Where in the draft each record written comes from, by (data file, path in it)."""
    said_as: dict[str, dict[str, str]] = field(default_factory=dict)
    """The quotes' own words for an end (``said_as``) that candidates give, by claim key."""


def _check_candidate(
    index: int, draft: Draft, doc: Document, kb: KnowledgeBase, plan: _Plan
) -> list[Problem]:
    candidate = draft.candidates[index]
    source = kb.source(draft.source)

    def problem(field: str, message: str) -> Problem:
        return doc.problem(("candidates", index, field), message)

    if candidate.negated:
        return [problem("negated", "the text denies this claim; edit it or reject it")]
    if candidate.quote not in source.text:
        return [problem("quote", f"quote is not a verbatim part of source {source.id!r}")]
    subject, subject_node, subject_problem = resolve_end(
        candidate.subject, "subject", index, draft, doc, kb
    )
    obj, object_node, object_problem = resolve_end(
        candidate.object, "object", index, draft, doc, kb
    )
    problems = [p for p in (subject_problem, object_problem) if p is not None]
    if problems:
        return problems
    key = edge_id(subject, candidate.relation, obj)
    provenance = {"source": source.id, "quote": candidate.quote, "strength": candidate.strength}
    existing = {edge.key: edge for edge in kb.edges}.get(key)
    if existing is not None:
        if any(p.source == source.id and p.quote == candidate.quote for p in existing.provenance):
            return [problem("quote", f"the claim {key!r} already has this quote")]
        plan.extra.setdefault(key, []).append((index, provenance))
    else:
        ends = {"subject": subject, "relation": candidate.relation, "object": obj}
        edge = plan.new_edges.setdefault(key, {**ends, "provenance": [], "made_by": []})
        if provenance not in edge["provenance"]:
            edge["provenance"].append(provenance)
            edge["made_by"].append(index)
    if candidate.said_as:
        plan.said_as.setdefault(key, {}).update(candidate.said_as)
    for node in (subject_node, object_node):
        if node is not None:
            plan.new_nodes[node.id] = node
            plan.node_index[node.id] = next(
                i for i, drafted in enumerate(draft.new_nodes) if drafted.id == node.id
            )
    return []


def edge_files(data_dir: Path) -> dict[str, Path]:
    """The file (relative to ``data_dir``) that holds each edge, by edge key."""
    found: dict[str, Path] = {}
    for path in sorted(data_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for edge in (data or {}).get("edges") or ():
            found[edge_id(edge["subject"], edge["relation"], edge["object"])] = Path(path.name)
    return found


def _add_provenance(data_dir: Path, plan: _Plan, changes: dict[Path, str]) -> None:
    if not plan.extra:
        return
    where = edge_files(data_dir)
    loaded: dict[Path, Any] = {}
    for key, made in plan.extra.items():
        relative = where[key]
        data = loaded.setdefault(relative, load_round_trip(data_dir / relative))
        subject, relation, obj = split_edge_id(key)
        position, edge = next(
            (i, e)
            for i, e in enumerate(data["edges"])
            if (e["subject"], e["relation"], e["object"]) == (subject, relation, obj)
        )
        provenance_list = unshared(data, "edges", position, "provenance")
        # A new problem of the edge itself (a said_as the new quote needs) is the candidate's.
        plan.origins[(relative.as_posix(), ("edges", position))] = ("candidates", made[0][0])
        for index, provenance in made:
            at = ("edges", position, "provenance", len(provenance_list))
            plan.origins[(relative.as_posix(), at)] = ("candidates", index)
            provenance_list.append(CommentedMap(provenance))
        said_as = {
            e: w for e, w in plan.said_as.get(key, {}).items() if e not in edge.get("said_as", {})
        }
        if said_as:
            if "said_as" not in edge:
                edge["said_as"] = CommentedMap()
            unshared(data, "edges", position, "said_as").update(said_as)
    changes.update({relative: dump_yaml(data) for relative, data in loaded.items()})


def _flow(mapping: dict[str, str]) -> CommentedMap:
    record = CommentedMap(mapping)
    record.fa.set_flow_style()
    return record


def description_origin(node: DraftNode, source_id: str, source_text: str) -> tuple[str, ...]:
    """Where a new node's description comes from: what the draft says, else the source
    when the description is a verbatim part of its text, else the curator who wrote it.

    Examples
    --------
    >>> node = DraftNode(id="banana", label="Banana", type="food", description="A fruit.")
    >>> description_origin(node, "runner", "Eat a banana. A fruit.")
    ('runner',)
    >>> description_origin(node, "runner", "Eat a banana.")
    ('curator',)
    """
    if node.description_from:
        return node.description_from
    return (source_id,) if node.description in source_text else ("curator",)


def _node_record(node: DraftNode, source_id: str, source_text: str) -> CommentedMap:
    """A new node as ``nodes.yaml`` holds it, saying where its description
    (``description_origin``) and synonyms (the source's unless the draft says otherwise)
    come from."""
    record = CommentedMap(id=node.id, label=node.label, type=node.type)
    record["description"] = node.description
    record["description_from"] = CommentedSeq(description_origin(node, source_id, source_text))
    record["description_from"].fa.set_flow_style()
    if node.synonyms:
        record["synonyms"] = list(node.synonyms)
        origins = node.synonym_origins or {source_id: node.synonyms}
        record["synonym_origins"] = CommentedMap(
            (origin, list(terms)) for origin, terms in origins.items()
        )
    return record


def _add_claims(
    data_dir: Path, source_id: str, plan: _Plan, kb: KnowledgeBase, changes: dict[Path, str]
) -> None:
    if not plan.new_edges and not plan.new_nodes:
        return
    path = data_dir / claims_file(source_id)
    if path.is_file():
        data = load_round_trip(path)
    else:
        data = CommentedMap()
        data.yaml_set_start_comment(_CLAIMS_HEAD.format(source=source_id))
    name = claims_file(source_id).as_posix()
    for node in plan.new_nodes.values():
        data.setdefault("nodes", CommentedSeq())
        nodes = unshared(data, "nodes")
        plan.origins[(name, ("nodes", len(nodes)))] = ("new_nodes", plan.node_index[node.id])
        nodes.append(_node_record(node, source_id, kb.source(source_id).text))
    for edge in plan.new_edges.values():
        provenance = CommentedSeq(CommentedMap(p) for p in edge["provenance"])
        data.setdefault("edges", CommentedSeq())
        edges = unshared(data, "edges")
        plan.origins[(name, ("edges", len(edges)))] = ("candidates", edge["made_by"][0])
        for number, index in enumerate(edge["made_by"]):
            at = ("edges", len(edges), "provenance", number)
            plan.origins[(name, at)] = ("candidates", index)
        record = CommentedMap(
            subject=edge["subject"],
            relation=edge["relation"],
            object=edge["object"],
            provenance=provenance,
        )
        key = edge_id(edge["subject"], edge["relation"], edge["object"])
        if plan.said_as.get(key):
            record["said_as"] = CommentedMap(sorted(plan.said_as[key].items()))
        edges.append(record)
    if kb.evidence and plan.new_edges:
        _not_assessed(data, source_id, kb.source(source_id).title).extend(
            _flow({k: e[k] for k in ("subject", "relation", "object")})
            for e in plan.new_edges.values()
        )
    changes[claims_file(source_id)] = dump_yaml(data)


def _not_assessed(data: Any, source_id: str, title: str) -> Any:
    """The claims list of the source's ``not assessed`` evidence record (made if missing,
    its summary naming the source by the title a reader knows it by)."""
    data.setdefault("evidence", CommentedSeq())
    records = unshared(data, "evidence")
    record_id = f"{source_id}-not-assessed"
    for position, record in enumerate(records):
        if record["id"] == record_id:
            return unshared(records, position, "claims")
    summary = (
        f'First claimed by "{title}" (source {source_id}); nobody has checked these claims'
        " against the literature yet."
    )
    record = CommentedMap(id=record_id, verdict="not assessed", summary=summary)
    record["claims"] = CommentedSeq()
    records.append(record)
    return record["claims"]


_CANDIDATE_FIELDS = frozenset({"subject", "relation", "object", "quote", "strength", "said_as"})
_STEP = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


def _path_of(field_name: str) -> Location:
    """The path a message's field names: ``edges[0].provenance[1]`` -> ``('edges', 0, ...)``."""
    return tuple(int(number) if number else name for number, name in _STEP.findall(field_name))


def _draft_path(origin: Location, rest: Location, doc: Document) -> Location:
    """The path in the draft of a field ``rest`` of the record made from ``origin``."""
    if origin[0] == "candidates":  # an edge's or its provenance's field: the candidate's own
        rest = rest[-1:] if rest[-1:] and rest[-1] in _CANDIDATE_FIELDS else ()
    elif rest[:1] == ("synonym_origins",) and (*origin, "synonym_origins") not in doc.lines:
        rest = ("synonyms", *rest[-1:])  # made from the draft's synonyms, in their order
    while rest and (*origin, *rest) not in doc.lines:  # a field the draft leaves out
        rest = rest[:-1]
    return (*origin, *rest)


def _in_the_draft(
    problems: Iterable[Problem], plan: _Plan, doc: Document, data_dir: Path
) -> list[Problem]:
    """Problems of the knowledge base as accepting would make it, moved to what the curator
    edits: a record accepting wrote (a new claim, a quote added, a new node) is reported at
    the draft candidate or new node it comes from, since the file and line named would be
    only in the scratch copy (a ``claims-ID.yaml`` not yet written, say)."""
    folder = Path(data_dir).resolve().name
    moved = []
    for problem in problems:
        relative = problem.file.removeprefix(f"{folder}/")
        path = _path_of(problem.field) if problem.field else ()
        origin = next(
            (
                (plan.origins[(relative, path[:end])], path[end:])
                for end in range(len(path), 0, -1)
                if (relative, path[:end]) in plan.origins
            ),
            None,
        )
        if origin is None:
            moved.append(problem)
            continue
        moved.append(doc.problem(_draft_path(*origin, doc), problem.message))
    return moved


def accept_candidates(data_dir: Path, source_id: str, numbers: Iterable[int]) -> Accepted:
    """Write the draft's candidates ``numbers`` into the knowledge base.

    The data folder is locked (``graph.safe_io.data_lock``) and read afresh, so a
    curator accepting at the same time waits instead of writing over this one.

    Parameters
    ----------
    data_dir
        The data folder written to.
    source_id
        The source whose draft is reviewed.
    numbers
        Candidate numbers (``n`` in the draft).

    Returns
    -------
    Accepted
        The claims written (new edges and edges that gained a quote) and the new nodes.

    Raises
    ------
    SchemaError
        Every problem with the draft or the picked candidates, or with the knowledge base
        as it would be: nothing is written then.
    AtlasError
        Another writer holds the data folder's lock.
    """
    data_dir = Path(data_dir)
    with data_lock(data_dir, what=f"draft accept {source_id}"):
        kb = load_knowledge_base(data_dir)
        draft, doc = read_with_lines(data_dir, source_id)
        if draft.source != source_id or source_id not in {s.id for s in kb.sources}:
            message = (
                f"the draft's source {draft.source!r} is not the source {source_id!r} in the data"
            )
            raise SchemaError([doc.problem(("source",), message)])
        indexes = pick(draft, doc, numbers)
        plan = _Plan({}, {}, {})
        problems = [p for i in indexes for p in _check_candidate(i, draft, doc, kb, plan)]
        if problems:
            raise SchemaError(problems)
        changes: dict[Path, str] = {}
        _add_provenance(data_dir, plan, changes)
        _add_claims(data_dir, source_id, plan, kb, changes)
        draft_path = draft_file(data_dir, source_id).relative_to(data_dir)
        changes[draft_path] = set_status(data_dir, source_id, indexes, "accepted")
        aimed = {
            *(f"edges:{key}" for key in (*plan.new_edges, *plan.extra)),
            *(f"nodes:{node_id}" for node_id in plan.new_nodes),
            f"evidence:{source_id}-not-assessed",
        }
        try:
            write_checked(data_dir, changes, aimed=aimed)
        except SchemaError as err:
            raise SchemaError(_in_the_draft(err.problems, plan, doc, data_dir)) from err
    return Accepted(tuple(plan.new_edges), tuple(plan.extra), tuple(plan.new_nodes))
