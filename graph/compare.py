"""Compare two nodes of one type side by side: what they share, what only one has, and the evidence.

Pick two causes (magnesium deficiency and calcium deficiency) or two remedies (a lemon rub
and a wall stretch): ``compare`` says which neighbours both are linked to, grouped by the
neighbour's type and the relation, which links only one of them has, and, for every claim
of each, what reviews say of it. The result is plain frozen data in a fixed order, for a
side-by-side panel in the app and a table in the CLI.

A link is a neighbour joined by one relation in one direction (a *role*): magnesium
deficiency *causes* the cramp, a supplement *treats* it. Both nodes share a link when they
have the same role towards the same neighbour; a neighbour they are both joined to, but
never in the same role, is shared "differently" (one *causes* the cramp, the other *is
associated with* it). Everything else is unique to one side. A claim joining the two
compared nodes directly is listed apart, in ``Comparison.between``.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from .comparison import (
    RELATION_ORDER,
    TYPE_ORDER,
    ClaimEvidence,
    Comparison,
    Group,
    Role,
    Side,
    group_heading,
    group_order,
    label_key,
    role_order,
    shared_group,
    shared_order,
)
from .errors import AtlasError, UnknownNode
from .ids import EdgeKey
from .narrate import edge_verdict_sentence, with_article
from .narrate_words import end_name, own_words
from .query import focus_candidates
from .schema import VERDICTS
from .sentences import sentence_for_edge

__all__ = ["comparable", "compare", "compare_candidates"]


def _links(graph: nx.MultiDiGraph, node_id: str, other_id: str) -> dict[str, set[Role]]:
    """Each neighbour of ``node_id`` (but ``other_id``) with the roles joining them."""
    links: dict[str, set[Role]] = {}
    for _, neighbour, relation in graph.out_edges(node_id, keys=True):
        if neighbour not in (node_id, other_id):
            edge = (node_id, neighbour, relation)
            links.setdefault(neighbour, set()).add(_role(graph, edge, node_id))
    for neighbour, _, relation in graph.in_edges(node_id, keys=True):
        if neighbour not in (node_id, other_id):
            edge = (neighbour, node_id, relation)
            links.setdefault(neighbour, set()).add(_role(graph, edge, node_id))
    return links


def _role(graph: nx.MultiDiGraph, edge: EdgeKey, node_id: str) -> Role:
    """How ``edge`` joins ``node_id`` to its other end, with the source's own words for
    that end where they are wider than its label (``said_as``: sixteenth read, #1)."""
    outgoing = edge[0] == node_id
    return Role(
        edge[2],
        outgoing,
        graph.edges[edge]["strength"] == "inferred",
        own_words(graph, edge),
        end_name(graph, edge, "object" if outgoing else "subject"),
    )


def _edge(node_id: str, neighbour: str, role: Role) -> EdgeKey:
    if role.outgoing:
        return (node_id, neighbour, role.relation)
    return (neighbour, node_id, role.relation)


def _claim(graph: nx.MultiDiGraph, edge: EdgeKey, *, shared: bool) -> ClaimEvidence:
    data = graph.edges[edge]
    evidence = data.get("evidence") or {}
    return ClaimEvidence(
        edge=edge,
        text=sentence_for_edge(graph, edge).text,
        strength=data["strength"],
        verdict=data.get("verdict", "not assessed"),
        summary=evidence.get("summary", ""),
        verdict_text=edge_verdict_sentence(graph, edge),
        shared=shared,
    )


def _grouped(
    graph: nx.MultiDiGraph, links: Iterable[tuple[str, Role]]
) -> dict[tuple[str, Role], list[str]]:
    groups: dict[tuple[str, Role], list[str]] = {}
    for neighbour, role in links:
        groups.setdefault((graph.nodes[neighbour]["type"], role), []).append(neighbour)
    return groups


def _side(
    graph: nx.MultiDiGraph,
    node_id: str,
    links: dict[str, set[Role]],
    shared_links: set[tuple[str, Role]],
) -> Side:
    only_here = (
        (neighbour, role)
        for neighbour, roles in links.items()
        for role in roles
        if (neighbour, role) not in shared_links
    )
    unique = sorted(
        (
            Group(
                node_type,
                role,
                tuple(sorted(nodes, key=lambda n: label_key(graph, n))),
                group_heading(node_type, role),
            )
            for (node_type, role), nodes in _grouped(graph, only_here).items()
        ),
        key=group_order,
    )

    def claim_order(item: tuple[str, Role]) -> tuple:
        neighbour, role = item
        node_type = graph.nodes[neighbour]["type"]
        return (TYPE_ORDER[node_type], role_order(role), label_key(graph, neighbour))

    ordered = sorted(
        ((neighbour, role) for neighbour, roles in links.items() for role in roles),
        key=claim_order,
    )
    claims = tuple(
        _claim(graph, _edge(node_id, neighbour, role), shared=(neighbour, role) in shared_links)
        for neighbour, role in ordered
    )
    counts = [(name, sum(claim.verdict == name for claim in claims)) for name in VERDICTS]
    return Side(
        node_id=node_id,
        label=graph.nodes[node_id]["label"],
        unique=tuple(unique),
        claims=claims,
        verdicts=tuple((name, count) for name, count in counts if count),
        plural=bool(graph.nodes[node_id].get("plural")),
    )


def compare(graph: nx.MultiDiGraph, first: str, second: str) -> Comparison:
    """Compare two nodes of the same type: shared links, unique links, evidence per claim.

    Parameters
    ----------
    graph
        The graph or a view of it.
    first, second
        Ids of two different nodes of the same type (use ``query.resolve`` for names).

    Returns
    -------
    Comparison
        Plain frozen data in a fixed order: groups by node type, then relation (both in
        schema order), outgoing before incoming; nodes and claims by label.
        ``compare(graph, b, a)`` is the same comparison with the two sides swapped.

    Raises
    ------
    UnknownNode
        If either id is not in ``graph``.
    AtlasError
        If the two are the same node, or nodes of different types.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> result = compare(graph, "magnesium-deficiency", "calcium-deficiency")
    >>> for group in result.shared:
    ...     print(f"{group.heading}: {', '.join(group.nodes)}")
    Conditions both are claimed to cause: calf-cramp
    Remedies read by the tool to treat both: dietary-supplements, medications
    >>> [(group.heading, group.nodes) for group in result.first.unique]
    [('Nutrients it is claimed to be a deficiency of', ('magnesium',))]
    >>> result.first.verdicts
    (('mixed', 1), ('not assessed', 3))
    """
    _check_pair(graph, first, second)
    first_links = _links(graph, first, second)
    second_links = _links(graph, second, first)
    shared_links, pairs = _shared_links(graph, first_links, second_links)
    plural = (bool(graph.nodes[first].get("plural")), bool(graph.nodes[second].get("plural")))
    shared = sorted(
        (
            shared_group(
                node_type,
                one,
                two,
                tuple(sorted(nodes, key=lambda n: label_key(graph, n))),
                graph.nodes[first]["label"],
                graph.nodes[second]["label"],
                plural,
            )
            for (node_type, one, two), nodes in pairs.items()
        ),
        key=shared_order,
    )
    between_edges = sorted(
        {
            *((first, second, key) for key in graph.get_edge_data(first, second, default={})),
            *((second, first, key) for key in graph.get_edge_data(second, first, default={})),
        },
        key=lambda edge: (label_key(graph, edge[0]), RELATION_ORDER.get(edge[2], 0)),
    )
    return Comparison(
        node_type=graph.nodes[first]["type"],
        first=_side(graph, first, first_links, _own(shared_links, first_links)),
        second=_side(graph, second, second_links, _own(shared_links, second_links)),
        shared=tuple(shared),
        between=tuple(_claim(graph, edge, shared=False) for edge in between_edges),
    )


def _check_pair(graph: nx.MultiDiGraph, first: str, second: str) -> None:
    """Refuse unknown nodes, the same node twice, and nodes of different types."""
    for node_id in (first, second):
        if node_id not in graph:
            raise UnknownNode(node_id)
    if first == second:
        raise AtlasError(f"pick two different nodes to compare (got {first!r} twice)")
    first_type = graph.nodes[first]["type"]
    second_type = graph.nodes[second]["type"]
    if first_type != second_type:
        raise AtlasError(
            f"cannot compare {graph.nodes[first]['label']!r} ({with_article(first_type)})"
            f" with {graph.nodes[second]['label']!r} ({with_article(second_type)}): pick two"
            " nodes of the same type"
        )


def _shared_links(
    graph: nx.MultiDiGraph,
    first_links: dict[str, set[Role]],
    second_links: dict[str, set[Role]],
) -> tuple[set[tuple[str, Role]], dict[tuple[str, Role, Role], list[str]]]:
    """The links both sides have, and the neighbours they share grouped by type and roles.

    A neighbour both reach in the same role is shared in that role; one they reach in
    different roles is shared in every pairing of them; beside a role both share, a
    relation both have in other words ("useful for preventing", "prevent") is shared too,
    each in its own words (QA pass: it was listed as each side's own).
    """
    shared_links: set[tuple[str, Role]] = set()
    pairs: dict[tuple[str, Role, Role], list[str]] = {}
    for neighbour in first_links.keys() & second_links.keys():
        first_roles, second_roles = first_links[neighbour], second_links[neighbour]
        common = first_roles & second_roles
        if common:
            matched = [(role, role) for role in common] + [
                (one, two)
                for one in first_roles - common
                for two in second_roles - common
                if (one.relation, one.outgoing) == (two.relation, two.outgoing)
            ]
        else:
            matched = [(one, two) for one in first_roles for two in second_roles]
        shared_links.update((neighbour, role) for pair in matched for role in pair)
        node_type = graph.nodes[neighbour]["type"]
        for one, two in matched:
            pairs.setdefault((node_type, one, two), []).append(neighbour)
    return shared_links, pairs


def _own(shared_links: set[tuple[str, Role]], links: dict[str, set[Role]]) -> set[tuple[str, Role]]:
    """The shared links that are this side's own (a role only the other has is not)."""
    return {(n, role) for n, role in shared_links if role in links.get(n, ())}


def comparable(graph: nx.MultiDiGraph, node_id: str) -> list[str]:
    """The nodes ``node_id`` can be compared with: the others of its type, sorted by label.

    Raises
    ------
    UnknownNode
        If ``node_id`` is not in ``graph``.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> comparable(build_graph(load_knowledge_base()), "lemon-rub")[:3]
    ['dietary-supplements', 'pinching-massage', 'medical-examination']
    """
    if node_id not in graph:
        raise UnknownNode(node_id)
    node_type = graph.nodes[node_id]["type"]
    return sorted(
        (n for n, kind in graph.nodes(data="type") if kind == node_type and n != node_id),
        key=lambda n: label_key(graph, n),
    )


def compare_candidates(graph: nx.MultiDiGraph) -> list[str]:
    """The nodes a comparison can start from: the causes and remedies one can focus on,
    sorted by label (``query.focus_candidates``).

    >>> from graph import build_graph, load_knowledge_base
    >>> compare_candidates(build_graph(load_knowledge_base()))[:2]
    ['blood-stagnation', 'calcium-deficiency']
    """
    found = set(focus_candidates(graph, "cause")) | set(focus_candidates(graph, "remedy"))
    return sorted(found, key=lambda n: label_key(graph, n))
