"""Accept candidates of a draft into ``data/``: new edges, or more provenance on old ones.

See ``graph.drafts`` for the draft itself. ``accept_candidates`` checks every picked
candidate first (still proposed, not negated, quote verbatim in the source, ends known
or described new nodes) and reports all problems together; then it plans the edits,
and writes them only if the knowledge base still validates with them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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
from .yaml_folder import Document

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
    extra: dict[str, list[dict[str, str]]]
    new_nodes: dict[str, DraftNode]


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
        plan.extra.setdefault(key, []).append(provenance)
    else:
        edge = plan.new_edges.setdefault(
            key,
            {"subject": subject, "relation": candidate.relation, "object": obj, "provenance": []},
        )
        if provenance not in edge["provenance"]:
            edge["provenance"].append(provenance)
    for node in (subject_node, object_node):
        if node is not None:
            plan.new_nodes[node.id] = node
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
    for key, provenance in plan.extra.items():
        relative = where[key]
        data = loaded.setdefault(relative, load_round_trip(data_dir / relative))
        subject, relation, obj = split_edge_id(key)
        edge = next(
            e
            for e in data["edges"]
            if (e["subject"], e["relation"], e["object"]) == (subject, relation, obj)
        )
        edge["provenance"].extend(CommentedMap(p) for p in provenance)
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
    for node in plan.new_nodes.values():
        data.setdefault("nodes", CommentedSeq()).append(_node_record(node, source_id))
    for edge in plan.new_edges.values():
        provenance = CommentedSeq(CommentedMap(p) for p in edge["provenance"])
        data.setdefault("edges", CommentedSeq()).append(
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
    write_checked(data_dir, changes)
    return Accepted(tuple(plan.new_edges), tuple(plan.extra), tuple(plan.new_nodes))
