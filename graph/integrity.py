"""Checks that keep what the data says no stronger than its sources.

``graph.load`` runs the record checks on every load (and so ``python -m graph validate``
and the tests do); ``graph.tours`` and ``graph.questions`` run ``check_grounds`` and
``missing_harms`` on every step and question. Each check guards against one kind of
error found in a read of the data against the article and the curated facts:

* ``check_row_scope``: an evidence record names the claim its facts row judges
  (``row_claim``); a claim outside it needs ``outside_row`` (why) and a narrow verdict
  (``NARROW_VERDICTS``), so a row's verdict is never carried over to another claim.
* ``check_verdict_wording``: a "no evidence found" or "not assessed" record cites no
  work as evidence (works about something else go under ``related``), and a summary
  never names a verdict other than its record's.
* ``check_quote_wording``: a quote that is not ``inferred`` says the relation (one of
  its ``cues``) or names both ends of its edge; otherwise the relation is the tool's
  reading and the quote must be marked ``inferred``.
* ``check_node_origins``: every synonym says where it comes from, and a source's own
  word appears in that source's text.
* ``missing_harms``: text that names a substance with known harms (``NAMED_HARMS``)
  also says them.
* ``check_grounds``: a tour step or a question lists the claims and evidence records
  its sentences rest on, each in the graph and in what it shows; a verdict its words
  name ("the evidence is mixed") is the verdict of one of them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

import networkx as nx

from .errors import Problem
from .schema import (
    AMOUNT_RELATIONS,
    ORIGINS,
    RELATIONS,
    VERDICTS,
    Edge,
    Evidence,
    Node,
    graph_edge_id,
)
from .wording import (
    check_fourth_read,
    check_quote_strengths,
    check_verdict_scope,
    misattributed,
    unattributed_instructions,
    unsourced_amounts,
)

__all__ = [
    "NAMED_HARMS",
    "NARROW_VERDICTS",
    "check_grounds",
    "check_harms",
    "check_node_origins",
    "check_quote_wording",
    "check_row_scope",
    "check_verdict_wording",
    "evidence_claims",
    "harms_message",
    "missing_harms",
    "names_an_end",
    "says_relation",
    "verdicts_named",
]

NARROW_VERDICTS: frozenset[str] = frozenset({"not assessed", "insufficient"})
"""Verdicts a record may give claims outside its facts row's scope: none carries the
row's judgement over to another claim ("not assessed": nothing is carried; "insufficient":
the row's data are too few to judge this claim). "contradicted" is not one: a row that
judges another claim cannot overturn this one."""

_NO_EVIDENCE = frozenset({"no evidence found", "not assessed"})

NAMED_HARMS: Mapping[str, tuple[tuple[str, ...], ...]] = {
    # Facts row E9: FDA boxed warning; serious blood reactions, two deaths.
    "quinine": (("boxed warning",), ("death", "deaths", "fatal", "die", "died")),
}
"""Substances whose every mention must say their harms: for each, groups of words of
which the text must hold one per group (case-insensitive)."""


class _Item(Protocol):
    """A record with where it was written (``graph.load``'s located records)."""

    record: Any

    def problem(self, field: str, message: str) -> Problem: ...


def _words(text: str) -> str:
    return " ".join(re.sub(r"[\u2018\u2019]", "'", text).casefold().split())


def _has_phrase(text: str, phrase: str, *, prefix: bool = False) -> bool:
    tail = r"" if prefix else r"\b"
    return re.search(rf"\b{re.escape(phrase.casefold())}{tail}", text) is not None


# --- evidence records ---------------------------------------------------------------------


def check_row_scope(items: Sequence[_Item]) -> Iterator[Problem]:
    """Report records whose claims fall outside their facts row's claim without a reason.

    A record with ``facts_row`` names the row's claim (``row_claim``); records of the same
    row name the same one. A claim outside it needs ``outside_row`` and a verdict in
    ``NARROW_VERDICTS``.

    Examples
    --------
    >>> from graph.schema import Claim, Evidence, RowClaim
    >>> class Item:
    ...     def __init__(self, record): self.record = record
    ...     def problem(self, field, message): return f"{field}: {message}"
    >>> row = RowClaim(subject="supplements", relation="treats", object="calf-cramp")
    >>> record = Evidence(
    ...     id="x", facts_row="E16", row_claim=row, verdict="not supported", summary="S.",
    ...     citations=("c",), claims=(Claim(subject="supplements", relation="treats",
    ...     object="magnesium-deficiency"),))
    >>> print(*check_row_scope([Item(record)]))  # doctest: +ELLIPSIS
    claims[0]: the claim 'supplements|treats|magnesium-deficiency' is outside what row E16 ...
    """
    first: dict[str, tuple[Evidence, _Item]] = {}
    for item in items:
        record: Evidence = item.record
        if record.facts_row is None:
            if record.row_claim is not None or record.outside_row:
                yield item.problem("row_claim", "row_claim and outside_row need a facts_row")
            yield from _check_table_verdict(item)
            continue
        if record.row_claim is None:
            yield item.problem(
                "row_claim",
                f"say which claim row {record.facts_row} judges"
                " (row_claim: {subject, relation, object})",
            )
            continue
        earlier, _ = first.setdefault(record.facts_row, (record, item))
        if earlier.row_claim != record.row_claim:
            yield item.problem(
                "row_claim",
                f"row {record.facts_row} judges one claim; record {earlier.id!r} states it"
                " differently (give every record of a row the same row_claim)",
            )
        outside = [i for i, claim in enumerate(record.claims) if not record.row_claim.covers(claim)]
        if not outside:
            if record.outside_row:
                yield item.problem(
                    "outside_row", "every claim is inside the row's scope; drop outside_row"
                )
            continue
        if record.outside_row and record.verdict in NARROW_VERDICTS:
            continue
        need = (
            f"a narrow verdict ({', '.join(sorted(NARROW_VERDICTS))}), not {record.verdict!r}"
            if record.outside_row
            else "outside_row (why the row still applies) and a narrow verdict"
        )
        for index in outside:
            yield item.problem(
                f"claims[{index}]",
                f"the claim {record.claims[index].key!r} is outside what row"
                f" {record.facts_row} judges; it needs {need}",
            )


def _check_table_verdict(item: _Item) -> Iterator[Problem]:
    """Report a verdict without a facts row that food tables cannot give.

    Without a row, only the food tables (facts section 2) can judge a claim, and they
    judge only amounts: such a verdict is "not assessed", or "contradicted" on claims
    whose relation is an amount (``AMOUNT_RELATIONS``), citing the tables.
    """
    record: Evidence = item.record
    if record.verdict == "not assessed":
        return
    if record.verdict != "contradicted":
        yield item.problem("verdict", f"{record.verdict!r} needs the facts_row it comes from")
        return
    if _TABLES not in record.citations:
        yield item.problem("citations", f"a 'contradicted' verdict without a row cites {_TABLES}")
    for index, claim in enumerate(record.claims):
        if claim.relation not in AMOUNT_RELATIONS:
            yield item.problem(
                f"claims[{index}]",
                f"food tables judge amounts only; {claim.key!r} needs a facts_row"
                " or the verdict 'not assessed'",
            )


_TABLES = "usda-sr-legacy"

# Verdict words, longest first, so "not supported" is not read as "supported".
_VERDICT_WORDS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {(name, name) for name in VERDICTS}
        | {("no evidence", "no evidence found"), ("unsupported", "not supported")},
        key=lambda pair: -len(pair[0]),
    )
)


def verdicts_named(text: str) -> set[str]:
    """Return the verdicts ``text`` names in the vocabulary's words, outside quotations
    (a quote of the article may say "insufficient" of something else).

    Examples
    --------
    >>> sorted(verdicts_named("Not supported for older adults; mixed in pregnancy."))
    ['mixed', 'not supported']
    >>> verdicts_named('The article says absorption is \u201cinsufficient\u201d.')
    set()
    """
    found = set()
    rest = _words(re.sub(r"\u201c[^\u201d]*\u201d|\"[^\"]*\"", " ", text))
    for words, verdict in _VERDICT_WORDS:
        pattern = rf"\b{re.escape(words)}\b"
        if re.search(pattern, rest):
            found.add(verdict)
            rest = re.sub(pattern, " ", rest)
    return found


def check_verdict_wording(items: Sequence[_Item]) -> Iterator[Problem]:
    """Report records whose verdict and summary or citations contradict each other.

    A "no evidence found" or "not assessed" record cites no work as evidence: a cited
    trial or review of the claim found something, which the verdict must say; works
    about something else are ``related``. A summary names no verdict but its own. The
    checks of ``graph.wording.check_verdict_scope`` and ``check_fourth_read`` run here too.
    """
    yield from check_verdict_scope(items)
    yield from check_fourth_read(items)
    for item in items:
        record: Evidence = item.record
        if record.verdict in _NO_EVIDENCE and record.citations:
            yield item.problem(
                "citations",
                f"a {record.verdict!r} record cites no evidence: if these works test the"
                " claim, give the verdict they support; if they are about something else,"
                " list them under related",
            )
        other = verdicts_named(record.summary) - {record.verdict}
        if other:
            yield item.problem(
                "summary",
                f"the summary says {', '.join(sorted(other))!r} but the verdict is"
                f" {record.verdict!r}; say the same in both",
            )


# --- quotes and nodes ---------------------------------------------------------------------


def names_an_end(text: str, node: Node) -> bool:
    """Tell whether ``text`` names ``node`` (whole words) by its label, a synonym, or a
    broader word a source uses for it (the article's loose "spasm"; sixth read, m7)."""
    words = {**node.related, **node.loose_words}
    loose = [term for origin in words.keys() - ORIGINS for term in words[origin]]
    return any(_has_phrase(_words(text), name) for name in (node.label, *node.synonyms, *loose))


def says_relation(text: str, relation: str) -> bool:
    """Tell whether ``text`` holds a cue word of ``relation`` (see ``Relation.cues``).

    Examples
    --------
    >>> says_relation("A light pinching massage will help relieve spasm.", "relieves")
    True
    >>> says_relation("Sit down and pull your foot toward you.", "relieves")
    False
    """
    words = _words(text)
    return any(_has_phrase(words, cue, prefix=True) for cue in RELATIONS[relation].cues)


def is_said_outright(quote: str, relation: str, subject: Node, obj: Node) -> bool:
    """Tell whether ``quote`` says the claim in words (a cue of ``relation``, or both ends
    named), so its strength may be other than ``inferred``: the one rule validation
    (``check_quote_wording``) and ingest's proposals (``graph.ingest.reviewable``) follow."""
    return says_relation(quote, relation) or all(names_an_end(quote, n) for n in (subject, obj))


def check_quote_wording(items: Sequence[_Item], nodes: Mapping[str, Node]) -> Iterator[Problem]:
    """Report quotes that neither say the relation nor name both ends, yet are not inferred,
    and quotes said at odds with themselves (``graph.wording.check_quote_strengths``)."""
    yield from check_quote_strengths(items)
    stated = {
        (item.record.subject, item.record.relation, " ".join(prov.quote.split()))
        for item in items
        for prov in item.record.provenance
        if prov.strength != "inferred"
    }
    for item in items:
        edge: Edge = item.record
        ends = [nodes.get(edge.subject), nodes.get(edge.object)]
        if None in ends:
            continue  # an unknown end is reported by the loader
        for index, prov in enumerate(edge.provenance):
            if prov.strength == "inferred":
                key = (edge.subject, edge.relation, " ".join(prov.quote.split()))
                if key in stated and names_an_end(prov.quote, ends[1]):
                    yield item.problem(
                        f"provenance[{index}].strength",
                        f"the quote names {ends[1].label!r} and backs another"
                        f" {edge.subject}|{edge.relation} claim as the source's words: it says"
                        " both alike, so this one is not 'inferred' either",
                    )
                continue
            if is_said_outright(prov.quote, edge.relation, ends[0], ends[1]):
                continue
            yield item.problem(
                f"provenance[{index}].strength",
                f"the quote neither says {RELATIONS[edge.relation].label!r} nor names both"
                f" ends, so the claim is the tool's reading: mark it 'inferred'"
                f" (not {prov.strength!r})",
            )


def check_node_origins(
    items: Sequence[_Item], sources: Mapping[str, str], works: Iterable[str] = ()
) -> Iterator[Problem]:
    """Report synonyms and descriptions that do not say where they come from.

    ``sources`` maps each source id to its text; a synonym under a source id must appear
    in that text. A synonym may also be credited to a cited work, by its key in ``works``
    (MedlinePlus for "charley horse"), so the work is named rather than the facts file.
    """
    known = {*ORIGINS, *sources}
    synonym_origins = {*known, *works}
    for item in items:
        node: Node = item.record
        if not node.description_from:
            yield item.problem("description_from", "say where the description comes from")
        for index, origin in enumerate(node.description_from):
            if origin not in known:
                yield item.problem(f"description_from[{index}]", f"unknown origin {origin!r}")
        placed = {term for terms in node.synonym_origins.values() for term in terms}
        for index, synonym in enumerate(node.synonyms):
            if synonym not in placed:
                yield item.problem(
                    f"synonyms[{index}]",
                    f"say where {synonym!r} comes from (list it under synonym_origins)",
                )
        for origin, terms in node.synonym_origins.items():
            if origin not in synonym_origins:
                expected = ", ".join(sorted(synonym_origins))
                yield item.problem(
                    f"synonym_origins.{origin}", f"unknown origin {origin!r} ({expected})"
                )
                continue
            for index, term in enumerate(terms):
                field = f"synonym_origins.{origin}[{index}]"
                if term not in node.synonyms:
                    yield item.problem(field, f"{term!r} is not among the synonyms")
                elif origin in sources and not _has_phrase(_words(sources[origin]), term):
                    yield item.problem(field, f"{term!r} is not a word of source {origin!r}")


def missing_harms(text: str) -> tuple[str, ...]:
    """Return the substances ``text`` names without saying their harms.

    Examples
    --------
    >>> missing_harms("The Academy finds quinine likely effective.")
    ('quinine',)
    >>> missing_harms("Quinine carries an FDA boxed warning after deaths.")
    ()
    """
    words = _words(text)
    return tuple(
        name
        for name, groups in NAMED_HARMS.items()
        if _has_phrase(words, name)
        and not all(any(_has_phrase(words, word) for word in group) for group in groups)
    )


def harms_message(names: Iterable[str]) -> str:
    """The message for text that names ``names`` without their harms."""
    listed = ", ".join(names)
    return (
        f"names {listed} without its harms: say them (facts row E9: an FDA boxed warning,"
        " deaths) or do not name it"
    )


def check_harms(items: Sequence[_Item], fields: Sequence[str]) -> Iterator[Problem]:
    """Report records whose ``fields`` name a substance without its harms."""
    for item in items:
        for field in fields:
            names = missing_harms(str(getattr(item.record, field, "") or ""))
            if names:
                yield item.problem(field, harms_message(names))


# --- tour steps and questions ---------------------------------------------------------------


def evidence_claims(graph: nx.MultiDiGraph) -> dict[str, set[tuple[str, str, str]]]:
    """Map each evidence record id of ``graph`` to the edges it covers."""
    covered: dict[str, set[tuple[str, str, str]]] = {}
    for edge in graph.edges(keys=True):
        record = graph.edges[edge].get("evidence") or {}
        if record.get("id"):
            covered.setdefault(record["id"], set()).add(edge)
    return covered


def check_grounds(
    graph: nx.MultiDiGraph,
    claims: Sequence[tuple[str, str, str] | None],
    evidence: Sequence[str],
    shown: Collection[tuple[str, str, str]] | None,
    *,
    texts: Mapping[str, str] | None = None,
) -> Iterator[tuple[str, int | None, str]]:
    """Yield ``(field, index, message)`` for grounds a step or question cannot rest on.

    Parameters
    ----------
    graph
        The graph the step or question is checked against.
    claims
        The edges its sentences rest on, as ``(subject, object, relation)`` (``None`` for
        one that could not be read; its problem is reported elsewhere).
    evidence
        The evidence record ids its sentences rest on.
    shown
        The edges it shows (a step's view, a question's answer); ``None`` when that is
        broken (an unknown node, say) and already reported, so nothing is checked
        against it.
    texts
        Its words by field (narration, answer, ...): a verdict they name must be the
        verdict of one of its claims or evidence records, and they credit no source with
        what it does not say (``graph.wording.misattributed``, ``unsourced_amounts``).

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> edge = ("almonds", "magnesium", "rich_in")
    >>> list(check_grounds(graph, [edge], ["almonds-magnesium-content"], {edge}))
    []
    >>> list(check_grounds(graph, [], [], {edge}))  # doctest: +ELLIPSIS
    [('claims', None, 'name the claims ...')]
    """
    if not claims and not evidence:
        yield (
            "claims",
            None,
            "name the claims (subject|relation|object) and evidence records its sentences rest on",
        )
        return
    for index, edge in enumerate(claims):
        if edge is None:
            continue
        text = graph_edge_id(edge)
        if not graph.has_edge(*edge):
            yield "claims", index, f"no claim {text!r} in the graph"
        elif shown is not None and edge not in shown:
            yield "claims", index, f"the claim {text!r} is not in what this shows"
    covered = evidence_claims(graph)
    for index, record_id in enumerate(evidence):
        edges = covered.get(record_id)
        if edges is None:
            yield "evidence", index, f"no evidence record {record_id!r} in the graph"
        elif shown is not None and not edges & set(shown):
            yield "evidence", index, f"evidence {record_id!r} judges no claim this shows"
    grounds = {edge for edge in claims if edge is not None and graph.has_edge(*edge)}
    grounds |= {edge for record_id in evidence for edge in covered.get(record_id, ())}
    verdicts = {graph.edges[edge].get("verdict", "not assessed") for edge in grounds}
    # A qualifier may name the ratings of the parts its verdict does not cover ("calcium:
    # insufficient"; sixth read, M4): a text showing that qualifier names them too.
    for edge in grounds:
        verdicts |= verdicts_named((graph.edges[edge].get("evidence") or {}).get("qualifier", ""))
    for field, text in (texts or {}).items():
        for message in _text_problems(text, verdicts):
            yield field, None, message


def _text_problems(text: str, verdicts: set[str]) -> Iterator[str]:
    """What is wrong with one text of a step or question, given the verdicts it rests on."""
    named = verdicts_named(text) - verdicts
    if named:
        yield (
            f"says {', '.join(sorted(named))!r}, which is the verdict of none of the"
            " claims and evidence it names"
        )
    for name in misattributed(text):
        yield f"says {name!r}: credit each source with what it says"
    for sentence in unsourced_amounts(text):
        yield f"gives an amount with no source: {sentence!r}"
    for sentence in unattributed_instructions(text):
        yield f"gives an instruction in no one's voice: {sentence!r}"
