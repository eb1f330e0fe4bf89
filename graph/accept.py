"""Accept candidates of a draft into ``data/``: new edges, or more provenance on old ones.

See ``graph.drafts`` for the draft itself. ``accept_candidates`` checks every picked
candidate first (still proposed, not negated, quote verbatim in the source, ends known
or described new nodes) and reports all problems together; then it plans the edits,
and writes them only if the knowledge base still validates with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .curate_io import dump_yaml, load_round_trip, write_checked
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
from .schema import KnowledgeBase, edge_id, split_edge_id
from .yaml_folder import Document, Location

__all__ = ["Accepted", "accept_candidates"]

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
    for node in (subject_node, object_node):
        if node is not None:
            plan.new_nodes[node.id] = node
            plan.node_index[node.id] = next(
                i for i, drafted in enumerate(draft.new_nodes) if drafted.id == node.id
            )
    return []


def _edge_files(data_dir: Path) -> dict[str, Path]:
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
    where = _edge_files(data_dir)
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
        for index, provenance in made:
            at = ("edges", position, "provenance", len(edge["provenance"]))
            plan.origins[(relative.as_posix(), at)] = ("candidates", index)
            edge["provenance"].append(CommentedMap(provenance))
    changes.update({relative: dump_yaml(data) for relative, data in loaded.items()})


def _flow(mapping: dict[str, str]) -> CommentedMap:
    record = CommentedMap(mapping)
    record.fa.set_flow_style()
    return record


def _node_record(node: DraftNode, source_id: str) -> CommentedMap:
    """A new node as ``nodes.yaml`` holds it, saying where its description and synonyms
    come from (the draft's source unless the draft says otherwise)."""
    record = CommentedMap(id=node.id, label=node.label, type=node.type)
    record["description"] = node.description
    record["description_from"] = CommentedSeq(node.description_from or (source_id,))
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
        nodes = data.setdefault("nodes", CommentedSeq())
        plan.origins[(name, ("nodes", len(nodes)))] = ("new_nodes", plan.node_index[node.id])
        nodes.append(_node_record(node, source_id))
    for edge in plan.new_edges.values():
        provenance = CommentedSeq(CommentedMap(p) for p in edge["provenance"])
        edges = data.setdefault("edges", CommentedSeq())
        plan.origins[(name, ("edges", len(edges)))] = ("candidates", edge["made_by"][0])
        for number, index in enumerate(edge["made_by"]):
            at = ("edges", len(edges), "provenance", number)
            plan.origins[(name, at)] = ("candidates", index)
        edges.append(
            CommentedMap(
                subject=edge["subject"],
                relation=edge["relation"],
                object=edge["object"],
                provenance=provenance,
            )
        )
    if kb.evidence and plan.new_edges:
        _not_assessed(data, source_id).extend(
            _flow({k: e[k] for k in ("subject", "relation", "object")})
            for e in plan.new_edges.values()
        )
    changes[claims_file(source_id)] = dump_yaml(data)


def _not_assessed(data: Any, source_id: str) -> Any:
    """The claims list of the source's ``not assessed`` evidence record (made if missing)."""
    records = data.setdefault("evidence", CommentedSeq())
    record_id = f"{source_id}-not-assessed"
    for record in records:
        if record["id"] == record_id:
            return record["claims"]
    summary = (
        f"First claimed by the source '{source_id}'; nobody has checked these claims against"
        " the literature yet."
    )
    record = CommentedMap(id=record_id, verdict="not assessed", summary=summary)
    record["claims"] = CommentedSeq()
    records.append(record)
    return record["claims"]


_CANDIDATE_FIELDS = frozenset({"subject", "relation", "object", "quote", "strength"})
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


def accept_candidates(
    kb: KnowledgeBase, data_dir: Path, source_id: str, numbers: Iterable[int]
) -> Accepted:
    """Write the draft's candidates ``numbers`` into the knowledge base.

    Parameters
    ----------
    kb
        The knowledge base as loaded from ``data_dir``.
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
    """
    data_dir = Path(data_dir)
    draft, doc = read_with_lines(data_dir, source_id)
    if draft.source != source_id or source_id not in {s.id for s in kb.sources}:
        message = f"the draft's source {draft.source!r} is not the source {source_id!r} in the data"
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
    try:
        write_checked(data_dir, changes)
    except SchemaError as err:
        raise SchemaError(_in_the_draft(err.problems, plan, doc, data_dir)) from err
    return Accepted(tuple(plan.new_edges), tuple(plan.extra), tuple(plan.new_nodes))
