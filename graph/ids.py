"""How things are named: id slugs, the edge id and the external identifier schemes.

Every module that names an edge (URLs, tours, questions, evidence, exports, the canvas)
goes through :func:`edge_id` and :func:`split_edge_id`, so the format lives here only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .kinds import index_by_name

__all__ = [
    "EDGE_ID_SEPARATOR",
    "IDENTIFIER_SCHEMES",
    "SLUG_PATTERN",
    "EdgeKey",
    "IdentifierScheme",
    "edge_id",
    "graph_edge",
    "graph_edge_id",
    "is_slug",
    "split_edge_id",
]

EdgeKey = tuple[str, str, str]
"""An edge as networkx keys it in this multigraph: ``(subject, object, relation)``."""

EDGE_ID_SEPARATOR = "|"
"""Joins subject, relation and object in an edge id; node ids and relations never hold it."""

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Ids are lowercase slugs: stable in URLs, file names and exports."""


@dataclass(frozen=True, slots=True)
class IdentifierScheme:
    """An external identifier scheme: how its ids look and where each one resolves."""

    name: str
    """The field of ``Identifiers`` (``mesh``)."""
    label: str
    """What readers call it (``MeSH``)."""
    pattern: str
    """What one of its ids looks like, as a regular expression."""
    iri: str
    """Namespace IRI of its ids in RDF."""
    prefix: str
    """Turtle prefix of ``iri``."""
    curie: str
    """CURIE prefix of its ids in KGX and Biolink (``MESH``)."""
    page: str | None = None
    """The page a reader opens for an id, ``{}`` standing for the id; ``None`` if none."""


IDENTIFIER_SCHEMES: Mapping[str, IdentifierScheme] = index_by_name(
    (
        IdentifierScheme(
            "mesh",
            "MeSH",
            r"^D\d{6,9}$",
            "http://id.nlm.nih.gov/mesh/",
            "mesh",
            "MESH",
            "https://meshb.nlm.nih.gov/record/ui?ui={}",
        ),
        IdentifierScheme(
            "umls", "UMLS", r"^C\d{7}$", "https://identifiers.org/umls:", "umls", "UMLS"
        ),
        IdentifierScheme(
            "wikidata",
            "Wikidata",
            r"^Q\d+$",
            "http://www.wikidata.org/entity/",
            "wd",
            "WIKIDATA",
            "https://www.wikidata.org/wiki/{}",
        ),
    )
)
"""The external identifier schemes a node may carry (``Identifiers``), in export order."""


def is_slug(text: str) -> bool:
    """Tell whether ``text`` is a valid id."""
    return re.fullmatch(SLUG_PATTERN, text) is not None


def edge_id(subject: str, relation: str, obj: str) -> str:
    """The one spelling of an edge id: ``subject|relation|object``.

    Every module that names an edge (URLs, tours, questions, evidence, exports, the canvas)
    goes through this function and :func:`split_edge_id`, so the format lives here only.

    >>> edge_id("almonds", "rich_in", "magnesium")
    'almonds|rich_in|magnesium'
    """
    return f"{subject}{EDGE_ID_SEPARATOR}{relation}{EDGE_ID_SEPARATOR}{obj}"


def split_edge_id(text: str) -> tuple[str, str, str] | None:
    """``(subject, relation, object)`` of an edge id, or ``None`` if ``text`` is not one.

    >>> split_edge_id("almonds|rich_in|magnesium")
    ('almonds', 'rich_in', 'magnesium')
    >>> split_edge_id("almonds") is None
    True
    """
    parts = text.split(EDGE_ID_SEPARATOR)
    if len(parts) != 3 or not all(parts):
        return None
    return parts[0], parts[1], parts[2]


def graph_edge_id(edge: tuple[str, str, str]) -> str:
    """The id of the graph's edge ``(source, target, key)``; in ``build``'s graph the key
    is the relation, so the order differs from the id's.

    >>> graph_edge_id(("almonds", "magnesium", "rich_in"))
    'almonds|rich_in|magnesium'
    """
    source, target, key = edge
    return edge_id(source, key, target)


def graph_edge(text: str) -> tuple[str, str, str] | None:
    """The graph's ``(source, target, key)`` for an edge id, or ``None`` if it is not one.

    >>> graph_edge("almonds|rich_in|magnesium")
    ('almonds', 'magnesium', 'rich_in')
    """
    parts = split_edge_id(text)
    return None if parts is None else (parts[0], parts[2], parts[1])
