"""The RDF Turtle export: ``graph_to_rdf`` builds the rdflib graph, ``ttl_bytes`` writes it."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import networkx as nx

from .export_common import (
    FILE_STEM,
    claim_name,
    node_type_of,
    relation_of,
    slug,
    sorted_edges,
    sorted_nodes,
)
from .schema import IDENTIFIER_SCHEMES, RELATIONS, VERDICTS

__all__ = ["RDF_NAMESPACES", "graph_to_rdf", "ttl_bytes"]


_URN = "urn:cramp-atlas:"
# No namespace of ours is published, so ids are URNs: stable and honest about not
# resolving. External identifiers use their registries' own IRIs.
RDF_NAMESPACES: Mapping[str, str] = MappingProxyType(
    {
        "atlas": f"{_URN}vocab:",
        "node": f"{_URN}node:",
        "claim": f"{_URN}claim:",
        "evidence": f"{_URN}evidence:",
        "ref": f"{_URN}reference:",
        "source": f"{_URN}source:",
        "verdict": f"{_URN}verdict:",
        "biolink": "https://w3id.org/biolink/vocab/",
        **{scheme.prefix: scheme.iri for scheme in IDENTIFIER_SCHEMES.values()},
        "dcterms": "http://purl.org/dc/terms/",
        "skos": "http://www.w3.org/2004/02/skos/core#",
    }
)
"""Prefixes of the Turtle export and the IRIs they stand for."""

_IDENTIFIER_NAMESPACES = {name: scheme.prefix for name, scheme in IDENTIFIER_SCHEMES.items()}


def graph_to_rdf(graph: nx.MultiDiGraph) -> Any:
    """Return ``graph`` as an ``rdflib.Graph``: what the ``ttl`` export serialises.

    Each node is typed with its Biolink category and carries its label, description,
    synonyms (``skos:altLabel``), exact identifiers (``skos:exactMatch``) and nearest MeSH
    descriptors (``skos:relatedMatch``). Each edge is a direct triple with the relation as
    predicate (declared ``rdfs:subPropertyOf`` its Biolink predicate) and an
    ``rdf:Statement`` (``claim:``) holding its strength, quotes, verdict, evidence record
    and food amounts. No blank nodes, so two exports compare triple by triple.

    Parameters
    ----------
    graph
        A graph from ``build_graph`` or a view of it; the IRIs come from its ids.

    Returns
    -------
    rdflib.Graph

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> rdf = graph_to_rdf(build_graph(load_knowledge_base()))
    >>> from rdflib import URIRef
    >>> rdf.value(URIRef("urn:cramp-atlas:claim:lemon-rub--relieves--calf-cramp"),
    ...           URIRef("urn:cramp-atlas:vocab:verdict"))
    rdflib.term.URIRef('urn:cramp-atlas:verdict:no-evidence-found')
    """
    # rdflib is imported inside the RDF helpers, not at the top: only this export needs
    # it, and the app should not pay for importing it on every start.
    import rdflib

    ns = {prefix: rdflib.Namespace(iri) for prefix, iri in RDF_NAMESPACES.items()}
    rdf = rdflib.Graph()
    for prefix, namespace in ns.items():
        rdf.bind(prefix, namespace, override=True, replace=True)
    for reference in graph.graph.get("references", ()):
        _add_reference(rdf, ns, reference)
    _add_sources_and_verdicts(rdf, ns, graph.graph.get("sources", {}))
    for node_id, attrs in sorted_nodes(graph):
        _add_node(rdf, ns, node_id, attrs)
    used_relations = {_add_edge(rdf, ns, *edge) for edge in sorted_edges(graph)}
    for name in sorted(used_relations):
        relation, predicate = RELATIONS[name], ns["atlas"][name]
        rdf.add((predicate, rdflib.RDF.type, rdflib.RDF.Property))
        rdf.add((predicate, rdflib.RDFS.label, _rdf_text(relation.label)))
        if relation.biolink:
            rdf.add(
                (
                    predicate,
                    rdflib.RDFS.subPropertyOf,
                    rdflib.URIRef(_biolink_iri(relation.biolink)),
                )
            )
    return rdf


def _rdf_text(value: Any) -> Any:
    """A plain string literal."""
    import rdflib

    return rdflib.Literal(str(value))


def _rdf_number(value: Any) -> Any:
    """A typed literal: boolean, ``xsd:integer``, or ``xsd:decimal`` written as Python does."""
    import rdflib

    if isinstance(value, bool):
        return rdflib.Literal(value)
    if isinstance(value, int):
        return rdflib.Literal(value, datatype=rdflib.XSD.integer)
    return rdflib.Literal(Decimal(repr(float(value))), datatype=rdflib.XSD.decimal)


def _add_reference(rdf: Any, ns: Mapping[str, Any], reference: Mapping[str, Any]) -> Any:
    """Add a cited work (``ref:``) with its bibliographic fields; return its IRI."""
    import rdflib

    atlas, dcterms = ns["atlas"], ns["dcterms"]
    subject = ns["ref"][slug(str(reference["key"]))]
    rdf.add((subject, rdflib.RDF.type, atlas.Reference))
    rdf.add((subject, rdflib.RDFS.label, _rdf_text(reference.get("short", reference["key"]))))
    rdf.add((subject, dcterms.bibliographicCitation, _rdf_text(reference.get("citation", ""))))
    for author in reference.get("authors", ()):
        rdf.add((subject, dcterms.creator, _rdf_text(author)))
    for name in ("title", "venue", "details", "doi", "pmid", "evidence_type", "note"):
        if reference.get(name):
            field = dcterms.title if name == "title" else atlas[_camel(name)]
            rdf.add((subject, field, _rdf_text(reference[name])))
    if reference.get("year"):
        rdf.add((subject, atlas.year, _rdf_number(int(reference["year"]))))
    if reference.get("link"):
        rdf.add((subject, rdflib.RDFS.seeAlso, rdflib.URIRef(str(reference["link"]))))
    return subject


def _add_sources_and_verdicts(
    rdf: Any, ns: Mapping[str, Any], sources: Mapping[str, Mapping[str, Any]]
) -> None:
    """Add the articles quotes come from (``source:``) and every verdict (``verdict:``)."""
    import rdflib

    atlas = ns["atlas"]
    for source_id, source in sorted(sources.items()):
        subject = ns["source"][slug(str(source_id))]
        rdf.add((subject, rdflib.RDF.type, atlas.Source))
        rdf.add((subject, ns["dcterms"].title, _rdf_text(source.get("title", source_id))))
        for name in ("kind", "note"):
            if source.get(name):
                rdf.add((subject, atlas[name], _rdf_text(source[name])))
    for verdict in VERDICTS.values():
        subject = ns["verdict"][slug(verdict.name)]
        rdf.add((subject, rdflib.RDF.type, atlas.Verdict))
        rdf.add((subject, rdflib.RDFS.label, _rdf_text(verdict.label)))
        rdf.add((subject, rdflib.RDFS.comment, _rdf_text(verdict.description)))


def _add_node(rdf: Any, ns: Mapping[str, Any], node_id: Any, attrs: Mapping[str, Any]) -> None:
    """Add a node: Biolink type, label, description, synonyms, identifiers, daily intakes."""
    import rdflib

    atlas, skos = ns["atlas"], ns["skos"]
    node_type = node_type_of(node_id, attrs)
    subject = ns["node"][slug(str(node_id))]
    rdf.add((subject, rdflib.RDF.type, rdflib.URIRef(_biolink_iri(node_type.biolink_category))))
    rdf.add((subject, atlas.nodeType, _rdf_text(node_type.name)))
    rdf.add((subject, rdflib.RDFS.label, _rdf_text(attrs.get("label", node_id))))
    if attrs.get("description"):
        rdf.add((subject, ns["dcterms"].description, _rdf_text(attrs["description"])))
    for synonym in attrs.get("synonyms", ()):
        rdf.add((subject, skos.altLabel, _rdf_text(synonym)))
    for scheme, value in (attrs.get("identifiers") or {}).items():
        prefix = _IDENTIFIER_NAMESPACES.get(scheme)
        if prefix:
            rdf.add((subject, skos.exactMatch, ns[prefix][str(value)]))
    for value in attrs.get("related_mesh", ()):
        rdf.add((subject, skos.relatedMatch, ns["mesh"][str(value)]))
    for index, intake in enumerate(attrs.get("daily_intake", ())):
        part = rdflib.URIRef(f"{subject}:daily-intake:{index}")
        rdf.add((subject, atlas.dailyIntake, part))
        rdf.add((part, atlas.group, _rdf_text(intake["group"])))
        rdf.add((part, atlas.amount, _rdf_number(intake["amount"])))
        rdf.add((part, atlas.unit, _rdf_text(intake["unit"])))
        rdf.add((part, atlas.kind, _rdf_text(intake["kind"])))
        rdf.add((part, ns["dcterms"].source, ns["ref"][slug(str(intake["source"]))]))


def _add_edge(
    rdf: Any, ns: Mapping[str, Any], source: Any, target: Any, key: Any, attrs: Mapping[str, Any]
) -> str:
    """Add an edge as a direct triple and its ``claim:`` statement; return its relation."""
    import rdflib

    atlas = ns["atlas"]
    relation = relation_of(source, target, attrs)
    predicate = atlas[relation.name]
    subject, obj = ns["node"][slug(str(source))], ns["node"][slug(str(target))]
    rdf.add((subject, predicate, obj))
    claim = ns["claim"][claim_name(source, target, key)]
    rdf.add((claim, rdflib.RDF.type, rdflib.RDF.Statement))
    rdf.add((claim, rdflib.RDF.subject, subject))
    rdf.add((claim, rdflib.RDF.predicate, predicate))
    rdf.add((claim, rdflib.RDF.object, obj))
    if attrs.get("strength"):
        rdf.add((claim, atlas.strength, _rdf_text(attrs["strength"])))
    for index, prov in enumerate(attrs.get("provenance") or ()):
        part = rdflib.URIRef(f"{claim}:quote:{index}")
        rdf.add((claim, atlas.provenance, part))
        rdf.add((part, atlas.quote, _rdf_text(prov["quote"])))
        rdf.add((part, atlas.strength, _rdf_text(prov["strength"])))
        rdf.add((part, ns["dcterms"].source, ns["source"][slug(str(prov["source"]))]))
    verdict = attrs.get("verdict")
    if verdict:
        rdf.add((claim, atlas.verdict, ns["verdict"][slug(str(verdict))]))
    evidence = attrs.get("evidence") or {}
    if evidence.get("id"):
        _add_evidence(rdf, ns, claim, verdict, evidence)
    for index, amount in enumerate(attrs.get("amounts") or ()):
        _add_amount(rdf, ns, rdflib.URIRef(f"{claim}:amount:{index}"), claim, amount)
    return relation.name


def _add_evidence(
    rdf: Any, ns: Mapping[str, Any], claim: Any, verdict: Any, evidence: Mapping[str, Any]
) -> None:
    """Add a claim's evidence record (``evidence:``) with its summary and citations."""
    import rdflib

    atlas = ns["atlas"]
    record = ns["evidence"][slug(str(evidence["id"]))]
    rdf.add((claim, atlas.evidence, record))
    rdf.add((record, rdflib.RDF.type, atlas.Evidence))
    if verdict:
        rdf.add((record, atlas.verdict, ns["verdict"][slug(str(verdict))]))
    rdf.add((record, atlas.summary, _rdf_text(evidence.get("summary", ""))))
    if evidence.get("facts_row"):
        rdf.add((record, atlas.factsRow, _rdf_text(evidence["facts_row"])))
    if evidence.get("note"):
        rdf.add((record, rdflib.RDFS.comment, _rdf_text(evidence["note"])))
    for reference in evidence.get("citations", ()):
        rdf.add((record, ns["dcterms"].references, _add_reference(rdf, ns, reference)))


def _add_amount(
    rdf: Any, ns: Mapping[str, Any], part: Any, claim: Any, amount: Mapping[str, Any]
) -> None:
    """Add a food amount of a ``rich_in`` claim: per 100 g, serving and daily shares."""
    import rdflib

    atlas = ns["atlas"]
    rdf.add((claim, atlas.amount, part))
    rdf.add((part, rdflib.RDF.type, atlas.NutrientAmount))
    for name in ("item", "usda_description", "state", "unit", "ndb", "note"):
        if amount.get(name):
            rdf.add((part, atlas[_camel(name)], _rdf_text(amount[name])))
    rdf.add((part, atlas.per100g, _rdf_number(amount["per_100g"])))
    if amount.get("fortified") is not None:
        rdf.add((part, atlas.fortified, _rdf_number(bool(amount["fortified"]))))
    if amount.get("fdc_id") is not None:
        rdf.add((part, atlas.fdcId, _rdf_number(int(amount["fdc_id"]))))
    rdf.add((part, ns["dcterms"].source, ns["ref"][slug(str(amount["source"]))]))
    serving = amount.get("serving") or {}
    if serving:
        rdf.add((part, atlas.servingLabel, _rdf_text(serving["label"])))
        rdf.add((part, atlas.servingAmount, _rdf_number(serving["amount"])))
        if serving.get("grams"):
            rdf.add((part, atlas.servingGrams, _rdf_number(serving["grams"])))
    for index, share in enumerate(amount.get("daily_share", ())):
        share_part = rdflib.URIRef(f"{part}:share:{index}")
        rdf.add((part, atlas.dailyShare, share_part))
        rdf.add((share_part, atlas.group, _rdf_text(share["group"])))
        rdf.add((share_part, atlas.percent, _rdf_number(int(share["percent"]))))
        rdf.add((share_part, atlas.derived, _rdf_number(True)))


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _biolink_iri(curie: str) -> str:
    return RDF_NAMESPACES["biolink"] + curie.removeprefix("biolink:")


def ttl_bytes(graph: nx.MultiDiGraph) -> dict[str, bytes]:
    """The ``ttl`` export: ``graph_to_rdf`` serialised as Turtle, ``"\\n"`` line ends."""
    content = graph_to_rdf(graph).serialize(format="turtle", encoding="utf-8")
    content = content.replace(b"\r\n", b"\n").rstrip(b"\n") + b"\n"
    return {f"{FILE_STEM}.ttl": content}
