"""Turn a validated ``KnowledgeBase`` into a frozen ``networkx.MultiDiGraph``.

The graph is built once and never mutated afterwards (``nx.freeze``), so one instance
can be shared by every Streamlit session and every query returns views of it. Every
attribute is JSON-safe (strings, numbers, booleans, dicts and tuples of them), so the
app can hand it to the page and the exports can write it without conversion.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from .evidence import evidence_record
from .schema import Amount, DailyIntake, KnowledgeBase, Node, Reference

__all__ = ["build_graph", "daily_share", "reference_record"]


def reference_record(reference: Reference) -> dict[str, Any]:
    """Return ``reference`` as the JSON-safe dict the graph carries.

    Keys: ``key``, ``authors`` (tuple), ``et_al``, ``venue``, ``evidence_type``,
    ``citation`` (one line), ``short`` (e.g. "Garrison SR et al. 2020"), and, when known,
    ``year``, ``title``, ``details``, ``doi``, ``pmid``, ``url``, ``label``, ``link`` (the
    best address) and ``note``.

    Examples
    --------
    >>> from graph.load import load_knowledge_base
    >>> kb = load_knowledge_base()
    >>> record = reference_record(kb.reference("garrison-2020-cochrane-magnesium"))
    >>> record["link"]
    'https://doi.org/10.1002/14651858.CD009402.pub3'
    """
    record = reference.model_dump(exclude_none=True, exclude_defaults=True)
    record.update(
        key=reference.key,
        authors=reference.authors,
        et_al=reference.et_al,
        venue=reference.venue,
        evidence_type=reference.evidence_type,
        citation=reference.citation,
        short=reference.short,
    )
    if reference.link:
        record["link"] = reference.link
    return dict(sorted(record.items()))


def daily_share(per_100g: float, intakes: tuple[DailyIntake, ...]) -> tuple[dict[str, Any], ...]:
    """Per 100 g, the share of each group's daily intake, in whole percent (derived).

    Examples
    --------
    >>> from graph.schema import DailyIntake
    >>> men = DailyIntake(group="men 31+", amount=420, unit="mg", source="ods")
    >>> daily_share(270, (men,))
    ({'group': 'men 31+', 'intake': 420.0, 'kind': 'RDA', 'percent': 64, 'unit': 'mg'},)
    """
    return tuple(
        {
            "group": intake.group,
            "intake": intake.amount,
            "kind": intake.kind,
            "percent": round(per_100g / intake.amount * 100),
            "unit": intake.unit,
        }
        for intake in intakes
    )


def _amount_record(amount: Amount, intakes: tuple[DailyIntake, ...]) -> dict[str, Any]:
    record = amount.model_dump(exclude_none=True, exclude_defaults=True)
    record.update(per_100g=amount.per_100g, unit=amount.unit, source=amount.source)
    shares = daily_share(amount.per_100g, tuple(i for i in intakes if i.unit == amount.unit))
    if shares:
        # Computed here from the food value and the intake, not read from a source.
        record["daily_share"] = shares
        record["daily_share_derived"] = True
    return dict(sorted(record.items()))


def _node_record(node: Node) -> dict[str, Any]:
    """A node's attributes in the graph (see ``build_graph``)."""
    return {
        "label": node.label,
        "type": node.type,
        "description": node.description,
        "synonyms": node.synonyms,
        "synonym_origins": node.synonym_origins,
        "narrower": node.narrower,
        "related": node.related,
        "loose_words": node.loose_words,
        "plural": node.plural,
        "identifiers": node.identifiers.model_dump(exclude_none=True),
        "related_mesh": node.related_mesh,
        "daily_intake": tuple(intake.model_dump() for intake in node.daily_intake),
    }


def build_graph(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """Build the read-only graph of ``kb``.

    Nodes carry ``label``, ``type``, ``description``, ``synonyms`` (tuple),
    ``synonym_origins`` and ``narrower`` (terms by origin), ``plural``,
    ``identifiers`` (dict of the exact ones: ``mesh``, ``umls``, ``wikidata``),
    ``related_mesh`` (tuple of nearest-only MeSH ids) and ``daily_intake`` (tuple of
    ``{"group", "amount", "unit", "kind", "source"}``; nutrients only).

    Edges are keyed by relation name and carry ``relation``, ``strength`` (the firmest of
    its provenance), ``provenance`` (a tuple of ``{"source", "quote", "strength"}``),
    ``verdict`` (a name in ``schema.VERDICTS``; ``"not assessed"`` when no evidence
    record covers the edge), ``evidence`` (``{"id", "summary", "citations", "related",
    "facts_row", "note", "qualifier"}``, the last four when known, with ``citations`` and
    ``related`` (works cited as context only) tuples of reference dicts as
    ``reference_record`` gives them; ``{}`` when no record covers the edge) and
    ``amounts`` (a tuple of amount dicts, ``rich_in`` edges only: ``item``,
    ``usda_description``, ``state``, ``fortified``, ``per_100g``, ``unit``, ``ndb``,
    ``fdc_id``, ``source``, ``serving``, ``note`` as given, plus ``daily_share``, a tuple
    of ``{"group", "intake", "kind", "percent", "unit"}`` with ``daily_share_derived``),
    ``subject_as`` where the edge names its subject more narrowly than the label, and
    ``said_as`` (``{"subject" | "object": words}``) where its quotes name an end more widely.

    The graph attributes are ``sources`` (source id -> title, kind and note) and
    ``references`` (a tuple of reference dicts, sorted by key).

    Parameters
    ----------
    kb
        A knowledge base from ``load_knowledge_base`` (already validated).

    Returns
    -------
    networkx.MultiDiGraph
        Frozen: any attempt to add or remove nodes or edges raises ``NetworkXError``.

    Examples
    --------
    >>> from graph.load import load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> edge = graph.edges["almonds", "magnesium", "rich_in"]
    >>> edge["strength"], edge["verdict"], edge["amounts"][0]["per_100g"]
    ('states', 'supported', 270.0)
    >>> nx.is_frozen(graph)
    True
    """
    references = {ref.key: reference_record(ref) for ref in kb.references}
    graph = nx.MultiDiGraph(
        sources={
            source.id: {"title": source.title, "kind": source.kind, "note": source.note}
            for source in kb.sources
        },
        references=tuple(references[key] for key in sorted(references)),
    )
    intakes = {node.id: node.daily_intake for node in kb.nodes}
    for node in kb.nodes:
        graph.add_node(node.id, **_node_record(node))
    for edge in kb.edges:
        record = kb.evidence_for(edge.key)
        graph.add_edge(
            edge.subject,
            edge.object,
            key=edge.relation,
            relation=edge.relation,
            strength=edge.strength,
            provenance=tuple(prov.model_dump() for prov in edge.provenance),
            verdict=record.verdict if record else "not assessed",
            evidence=evidence_record(record, references),
            amounts=tuple(
                _amount_record(amount, intakes.get(edge.object, ())) for amount in edge.amounts
            ),
            **({"subject_as": edge.subject_as} if edge.subject_as else {}),
            **({"said_as": dict(edge.said_as)} if edge.said_as else {}),
        )
    return nx.freeze(graph)
