"""Undo a review decision: ``draft reopen`` puts candidates back to ``proposed``.

A rejected candidate only changes status. An accepted one also has what its accept wrote
taken out again, and nothing else: its (source, quote) from the claim's provenance; the
claim itself, with its place in the ``not assessed`` evidence record, when that quote was
its only one (a claim of ``claims-SOURCE_ID.yaml``); and the new nodes of the draft that
no claim uses any more. Another source's quote, claim or node is never removed. Like every
writer, it holds the data folder's lock and writes all its files together or none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .accept import edge_files
from .curate_io import dump_yaml, load_round_trip, unshared, write_checked
from .drafts import (
    Draft,
    DraftCandidate,
    claims_file,
    draft_file,
    pick,
    read_with_lines,
    resolve_end,
    set_status,
)
from .errors import SchemaError
from .load import load_knowledge_base
from .safe_io import data_lock
from .schema import KnowledgeBase, edge_id
from .yaml_folder import Document

__all__ = ["Reopened", "reopen_candidates"]


@dataclass(frozen=True, slots=True)
class Reopened:
    """What reopening took out of the knowledge base, besides the draft's statuses."""

    numbers: tuple[int, ...]
    quotes_removed: tuple[str, ...]
    """The claims (by key) that lost the candidate's quote."""
    claims_removed: tuple[str, ...]
    nodes_removed: tuple[str, ...]


@dataclass(slots=True)
class _Undo:
    loaded: dict[Path, Any]
    quotes: list[str]
    claims: list[str]


def _claim_of(
    index: int, draft: Draft, doc: Document, kb: KnowledgeBase
) -> tuple[str, DraftCandidate]:
    candidate = draft.candidates[index]
    ends = [
        resolve_end(getattr(candidate, end), end, index, draft, doc, kb)
        for end in ("subject", "object")
    ]
    problems = [problem for _, _, problem in ends if problem is not None]
    if problems:
        raise SchemaError(problems)
    return edge_id(ends[0][0], candidate.relation, ends[1][0]), candidate


def _take_out(
    data_dir: Path, source_id: str, key: str, candidate: DraftCandidate, undo: _Undo
) -> str | None:
    """Remove the candidate's (source, quote) from claim ``key``, and the claim if it was
    the only quote of a claim the source's accept made; what is wrong if it cannot."""
    relative = edge_files(data_dir).get(key)
    data = None
    if relative is not None:
        data = undo.loaded.setdefault(relative, load_round_trip(data_dir / relative))
    ends = tuple(key.split("|"))
    position = next(
        (
            i
            for i, e in enumerate(data["edges"] if data else ())
            if (e["subject"], e["relation"], e["object"]) == ends
        ),
        None,
    )
    if data is None or position is None:
        return f"the claim {key!r} of candidate {candidate.n} is not in the data"
    provenance = unshared(data, "edges", position, "provenance")
    mine = [
        i
        for i, p in enumerate(provenance)
        if p.get("source") == source_id and p.get("quote") == candidate.quote
    ]
    if not mine:
        return f"the claim {key!r} holds no quote of candidate {candidate.n} to take out"
    for i in reversed(mine):
        del provenance[i]
    undo.quotes.append(key)
    if provenance:
        _drop_said_as(data, position, candidate)
        return None
    if relative != claims_file(source_id):
        return f"the claim {key!r} would keep no quote; take candidate {candidate.n} out by hand"
    del data["edges"][position]
    undo.claims.append(key)
    _not_assessed_without(data, source_id, ends)
    return None


def _drop_said_as(data: Any, position: int, candidate: DraftCandidate) -> None:
    """Take out the ``said_as`` words the candidate gave that no quote left says."""
    edge = data["edges"][position]
    quotes = " ".join(p.get("quote") or "" for p in edge["provenance"]).casefold()
    gone = [
        end
        for end, words in (edge.get("said_as") or {}).items()
        if candidate.said_as.get(end) == words and words.casefold() not in quotes
    ]
    if gone:
        said_as = unshared(data, "edges", position, "said_as")
        for end in gone:
            del said_as[end]
        if not said_as:
            del edge["said_as"]


def _not_assessed_without(data: Any, source_id: str, ends: tuple[str, ...]) -> None:
    records = data.get("evidence") or []
    for position, record in enumerate(records):
        if record.get("id") != f"{source_id}-not-assessed":
            continue
        claims = unshared(data, "evidence", position, "claims")
        for i in reversed(range(len(claims))):
            if (claims[i]["subject"], claims[i]["relation"], claims[i]["object"]) == ends:
                del claims[i]
        if not claims:
            del records[position]
        return


def _unused_new_nodes(
    data: Any, draft: Draft, kb: KnowledgeBase, claims_removed: Iterable[str]
) -> list[str]:
    """Take out of a source's claims file the draft's new nodes no claim uses any more."""
    gone = set(claims_removed)
    used = {end for e in kb.edges if e.key not in gone for end in (e.subject, e.object)}
    drafted = {node.id for node in draft.new_nodes}
    nodes = data.get("nodes") or []
    removed = [n["id"] for n in nodes if n["id"] in drafted and n["id"] not in used]
    for i in reversed(range(len(nodes))):
        if nodes[i]["id"] in removed:
            del nodes[i]
    return removed


def reopen_candidates(data_dir: Path, source_id: str, numbers: Iterable[int]) -> Reopened:
    """Put accepted or rejected candidates back to ``proposed``, undoing their accept.

    Raises
    ------
    SchemaError
        The draft does not read, a number names a candidate still proposed, or the claim
        an accepted candidate wrote is no longer as accepting left it (nothing is written).
    AtlasError
        Another writer holds the data folder's lock.
    """
    data_dir = Path(data_dir)
    with data_lock(data_dir, what=f"draft reopen {source_id}"):
        kb = load_knowledge_base(data_dir)
        draft, doc = read_with_lines(data_dir, source_id)
        indexes = pick(draft, doc, numbers, statuses=("accepted", "rejected"))
        undo = _Undo({}, [], [])
        problems = []
        for index in indexes:
            if draft.candidates[index].status == "accepted":
                key, candidate = _claim_of(index, draft, doc, kb)
                wrong = _take_out(data_dir, source_id, key, candidate, undo)
                if wrong is not None:
                    problems.append(doc.problem(("candidates", index), wrong))
        if problems:
            raise SchemaError(problems)
        nodes: list[str] = []
        claims_path = claims_file(source_id)
        if undo.claims:
            claims = undo.loaded.setdefault(claims_path, load_round_trip(data_dir / claims_path))
            nodes = _unused_new_nodes(claims, draft, kb, undo.claims)
        changes = {relative: dump_yaml(data) for relative, data in undo.loaded.items()}
        draft_path = draft_file(data_dir, source_id).relative_to(data_dir)
        changes[draft_path] = set_status(data_dir, source_id, indexes, "proposed")
        aimed = {
            *(f"edges:{key}" for key in undo.quotes),
            *(f"nodes:{node_id}" for node_id in nodes),
            f"evidence:{source_id}-not-assessed",
        }
        write_checked(data_dir, changes, aimed=aimed)
    return Reopened(
        tuple(draft.candidates[i].n for i in indexes),
        tuple(undo.quotes),
        tuple(undo.claims),
        tuple(nodes),
    )
