"""Checks across the records of a knowledge base, once each record is valid on its own.

Every edge's ends are known nodes of the types its relation allows, amounts and daily
intakes are where they may be, evidence covers each claim once and cites known works,
and what the data says is no stronger than its sources (``graph.integrity``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .end_names import check_subject_names, check_wider_words
from .errors import Problem
from .integrity import (
    check_harms,
    check_node_origins,
    check_quote_wording,
    check_row_scope,
    check_verdict_wording,
)
from .narrate import with_article
from .portions import check_band_words, check_portion_rule
from .schema import RELATIONS, Edge, Evidence, Node, Reference, Source, split_edge_id
from .scope import (
    check_banded_shares,
    check_description_origins,
    check_headline_parts,
    check_kept_hedges,
    check_named_sources,
    check_narrower_scope,
    check_recorded_absences,
    check_related_terms,
    check_row_subjects,
    check_row_verdict_words,
    check_tool_readings,
    check_verdict_credit,
)
from .yaml_folder import Document, Location, suggest

__all__ = ["Known", "Located", "check_across"]


@dataclass(frozen=True, slots=True)
class Located:
    """A validated record with where it was written."""

    record: Any
    doc: Document
    path: Location

    def problem(self, field: str, message: str) -> Problem:
        full = (*self.path, *(part for part in re.split(r"[.\[\]]+", field) if part))
        full = tuple(int(part) if str(part).isdigit() else part for part in full)
        return self.doc.problem(full, message)


def _normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    return re.sub(r"\s+", " ", text.replace("\u201d", '"')).strip().lower()


@dataclass(frozen=True, slots=True)
class Known:
    """What records may refer to; ``complete`` is false when some data file did not parse."""

    nodes: dict[str, Node]
    sources: dict[str, Source]
    references: dict[str, Reference]
    edges: dict[str, Located]
    broken_ids: dict[str, set[str]]
    complete: bool

    def is_missing(self, section: str, item_id: str) -> bool:
        """Tell whether a reference is surely dangling (not merely in a broken record or file)."""
        known = getattr(self, section)
        return self.complete and item_id not in known and item_id not in self.broken_ids[section]

    def check_citation(self, item: Located, field: str, key: str, problems: list[Problem]) -> None:
        """Report ``key`` at ``field`` of ``item`` when no reference has it."""
        if key not in self.references and self.is_missing("references", key):
            problems.append(
                item.problem(field, f"unknown reference {key!r}{suggest(key, self.references)}")
            )


def _check_edges(edges: list[Located], known: Known, problems: list[Problem]) -> set[str]:
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
                        f"{with_article(node.type)} cannot be the {end} of {edge.relation!r}"
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


def _check_amounts(edges: list[Located], known: Known, problems: list[Problem]) -> None:
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


def _check_intakes(nodes: list[Located], known: Known, problems: list[Problem]) -> None:
    for item in nodes:
        node: Node = item.record
        if node.daily_intake and node.type != "nutrient":
            problems.append(
                item.problem(
                    "daily_intake",
                    f"only nutrients have a daily intake (this is {with_article(node.type)})",
                )
            )
        for index, intake in enumerate(node.daily_intake):
            known.check_citation(item, f"daily_intake[{index}].source", intake.source, problems)


def _shares_two_parts(key: str, other: str) -> bool:
    one, two = split_edge_id(key) or (), split_edge_id(other) or ()
    return sum(a == b for a, b in zip(one, two, strict=False)) >= 2


def _check_evidence(
    evidence: list[Located], known: Known, suspect: set[str], problems: list[Problem]
) -> None:
    """Citations resolve; each claim names an edge; each edge has exactly one record.

    A claim that names no edge is not reported when a broken or ``suspect`` edge differs
    from it in one part only: that is the same mistake, already reported at the edge.
    """
    near_misses = suspect | known.broken_ids["edges"]
    covering: dict[str, tuple[Located, int]] = {}
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


def _check_trust(records: dict[str, list[Located]], known: Known, problems: list[Problem]) -> None:
    """What the data says is no stronger than its sources (see ``graph.integrity``)."""
    evidence = records["evidence"]
    for item in evidence:
        for index, key in enumerate(item.record.related):
            known.check_citation(item, f"related[{index}]", key, problems)
    problems.extend(check_row_scope(evidence))
    problems.extend(check_verdict_wording(evidence))
    problems.extend(check_portion_rule(evidence, records["edges"], known.nodes))
    problems.extend(check_band_words(evidence, known.nodes))
    problems.extend(check_harms(evidence, ("summary", "note", "outside_row")))
    problems.extend(check_harms(records["nodes"], ("description",)))
    problems.extend(check_quote_wording(records["edges"], known.nodes))
    texts = {source_id: source.text for source_id, source in known.sources.items()}
    problems.extend(check_node_origins(records["nodes"], texts, known.references))
    problems.extend(check_subject_names(records["edges"], texts))
    problems.extend(check_wider_words(records["edges"], known.nodes))
    problems.extend(check_description_origins(records["nodes"]))
    problems.extend(check_narrower_scope(evidence, records["nodes"], known.nodes))
    problems.extend(check_verdict_credit(evidence, known.references))
    problems.extend(check_named_sources(records["nodes"], ("description",)))
    problems.extend(check_named_sources(evidence, ("summary", "note", "qualifier")))
    problems.extend(check_row_subjects(evidence))
    problems.extend(check_recorded_absences(evidence))
    problems.extend(check_headline_parts(evidence))
    problems.extend(check_banded_shares(evidence, ("summary", "note", "qualifier")))
    problems.extend(check_banded_shares(records["nodes"], ("description",)))
    problems.extend(check_kept_hedges(evidence))
    problems.extend(check_row_verdict_words(evidence))
    problems.extend(check_tool_readings(evidence, ("summary", "qualifier"), known.nodes, texts))
    problems.extend(check_tool_readings(records["nodes"], ("description",), known.nodes, texts))
    problems.extend(check_related_terms(records["nodes"]))


def check_across(records: dict[str, list[Located]], known: Known, problems: list[Problem]) -> None:
    """Run every check across ``records``, adding what is wrong to ``problems``."""
    suspect = _check_edges(records["edges"], known, problems)
    _check_amounts(records["edges"], known, problems)
    _check_intakes(records["nodes"], known, problems)
    _check_evidence(records["evidence"], known, suspect, problems)
    _check_trust(records, known, problems)
