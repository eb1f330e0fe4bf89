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
from dataclasses import dataclass

import networkx as nx

from .errors import AtlasError, UnknownNode
from .narrate import edge_verdict_sentence
from .query import focus_candidates
from .schema import NODE_TYPES, RELATIONS, VERDICTS
from .sentences import sentence_for_edge

__all__ = [
    "ClaimEvidence",
    "Comparison",
    "Group",
    "Role",
    "SharedGroup",
    "Side",
    "comparable",
    "compare",
    "compare_candidates",
]

EdgeKey = tuple[str, str, str]


@dataclass(frozen=True, slots=True, order=True)
class Role:
    """How a neighbour is joined to a compared node: by ``relation``, and which way.

    ``outgoing`` is True when the compared node is the subject (magnesium deficiency
    *causes* the cramp), False when it is the object (a supplement *treats* it).
    ``inferred`` is True when the link is the tool's reading of its quotes, not a claim
    the source words: such links are grouped and headed apart ("read by the tool to").
    """

    relation: str
    outgoing: bool
    inferred: bool = False


@dataclass(frozen=True, slots=True)
class Group:
    """Neighbours of one type joined to one compared node in one role, sorted by label.

    ``heading`` says it in words, with "it" for the compared node: "Nutrients it is claimed
    to be a deficiency of", "Remedies claimed to treat it".
    """

    node_type: str
    role: Role
    nodes: tuple[str, ...]
    heading: str


@dataclass(frozen=True, slots=True)
class SharedGroup:
    """Neighbours of one type joined to both compared nodes, in ``first_role`` and ``second_role``.

    The roles are equal for a link both make ("Conditions both are claimed to cause"); they
    differ for a neighbour both are joined to in different ways ("Conditions magnesium
    deficiency is claimed to cause and venous insufficiency is claimed to be associated with").
    """

    node_type: str
    first_role: Role
    second_role: Role
    nodes: tuple[str, ...]
    heading: str

    @property
    def is_same_role(self) -> bool:
        """Whether both compared nodes are joined to these neighbours the same way."""
        return self.first_role == self.second_role


@dataclass(frozen=True, slots=True)
class ClaimEvidence:
    """One claim of a compared node, and what reviews say of it.

    ``text`` is the claim in words, saying who makes it and how firmly
    (``narrate.claim_sentence``); ``summary`` is the
    evidence record's summary (``""`` when none covers the claim) and ``cited`` the short
    names of the works it cites. ``verdict_text`` says the verdict credited to whoever gives
    it, with its qualifier (``narrate.edge_verdict_sentence``). ``shared`` says whether the
    claim's link is shared with the other compared node.
    """

    edge: EdgeKey
    text: str
    strength: str
    verdict: str
    summary: str
    cited: tuple[str, ...]
    verdict_text: str
    shared: bool = False


@dataclass(frozen=True, slots=True)
class Side:
    """One of the two compared nodes: its unique links, its claims and their verdicts.

    ``verdicts`` counts its claims per verdict, as ``(verdict, count)`` pairs in the order
    of ``schema.VERDICTS`` (verdicts with no claim left out); ``plural`` is the node's
    (a label read as plural: "almonds are").
    """

    node_id: str
    label: str
    unique: tuple[Group, ...]
    claims: tuple[ClaimEvidence, ...]
    verdicts: tuple[tuple[str, int], ...]
    plural: bool = False


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two nodes of ``node_type`` side by side.

    ``shared`` lists what both are linked to; ``first.unique`` / ``second.unique`` what
    only one is; ``between`` the claims joining the two directly (in neither side's
    ``claims``).
    """

    node_type: str
    first: Side
    second: Side
    shared: tuple[SharedGroup, ...]
    between: tuple[ClaimEvidence, ...]

    @property
    def nodes(self) -> frozenset[str]:
        """The nodes a drawing of the comparison shows: the two, what they share, their own.

        >>> from graph import build_graph, load_knowledge_base
        >>> graph = build_graph(load_knowledge_base())
        >>> sorted(compare(graph, "lemon-rub", "wall-stretch").nodes)
        ['calf-cramp', 'lemon-rub', 'wall-stretch']
        """
        nodes = {self.first.node_id, self.second.node_id}
        for group in (*self.shared, *self.first.unique, *self.second.unique):
            nodes.update(group.nodes)
        return frozenset(nodes)

    def mirrored(self) -> Comparison:
        """The same comparison with the sides swapped, as ``compare(graph, second, first)``."""
        shared = (
            _shared_group(
                group.node_type,
                group.second_role,
                group.first_role,
                group.nodes,
                self.second.label,
                self.first.label,
                (self.second.plural, self.first.plural),
            )
            for group in self.shared
        )
        return Comparison(
            node_type=self.node_type,
            first=self.second,
            second=self.first,
            shared=tuple(sorted(shared, key=_shared_order)),
            between=self.between,
        )


def _label_key(graph: nx.MultiDiGraph, node_id: str) -> tuple[str, str]:
    return (graph.nodes[node_id]["label"].casefold(), node_id)


def _lower_first(label: str) -> str:
    if len(label) > 1 and label[1].islower():
        return label[0].lower() + label[1:]
    return label


_TYPE_ORDER = {name: index for index, name in enumerate(NODE_TYPES)}
_RELATION_ORDER = {name: index for index, name in enumerate(RELATIONS)}


def _role_order(role: Role) -> tuple[int, bool, str, bool]:
    return (
        _RELATION_ORDER.get(role.relation, len(_RELATION_ORDER)),
        not role.outgoing,
        role.relation,
        role.inferred,
    )


def _group_order(group: Group) -> tuple:
    return (_TYPE_ORDER.get(group.node_type, len(_TYPE_ORDER)), _role_order(group.role))


def _shared_order(group: SharedGroup) -> tuple:
    """Sort key that does not depend on which node is first, then breaks ties by sides."""
    roles = (_role_order(group.first_role), _role_order(group.second_role))
    return (_TYPE_ORDER.get(group.node_type, len(_TYPE_ORDER)), sorted(roles), roles)


def _plural(node_type: str) -> str:
    return NODE_TYPES[node_type].plural


def _claimed(role: Role) -> str:
    """A relation as a claim, not a fact: "claimed to be rich in", "claimed to cause", or
    "read by the tool to be rich in" for the tool's own reading.

    Every link is a claim of a source or the tool's reading of one, with its own verdict,
    so a heading never states it as true, and says whose it is.
    """
    plural = RELATIONS[role.relation].phrase_plural
    verb = f"be {plural[4:]}" if plural.startswith("are ") else plural
    return f"{'read by the tool' if role.inferred else 'claimed'} to {verb}"


def _heading(node_type: str, role: Role) -> str:
    if role.outgoing:
        return f"{_plural(node_type)} it is {_claimed(role)}"
    return f"{_plural(node_type)} {_claimed(role)} it"


def _clause(role: Role, label: str, plural: bool) -> str:
    if role.outgoing:
        return f"{label} {'are' if plural else 'is'} {_claimed(role)}"
    return f"{_claimed(role)} {label}"


def _shared_group(
    node_type: str,
    first_role: Role,
    second_role: Role,
    nodes: tuple[str, ...],
    first_label: str,
    second_label: str,
    plurals: tuple[bool, bool] = (False, False),
) -> SharedGroup:
    if first_role == second_role:
        claimed = _claimed(first_role)
        heading = (
            f"{_plural(node_type)} both are {claimed}"
            if first_role.outgoing
            else f"{_plural(node_type)} {claimed} both"
        )
    else:
        first = _clause(first_role, _lower_first(first_label), plurals[0])
        second = _clause(second_role, _lower_first(second_label), plurals[1])
        heading = f"{_plural(node_type)} {first} and {second}"
    return SharedGroup(node_type, first_role, second_role, nodes, heading)


def _links(graph: nx.MultiDiGraph, node_id: str, other_id: str) -> dict[str, set[Role]]:
    """Each neighbour of ``node_id`` (but ``other_id``) with the roles joining them."""
    links: dict[str, set[Role]] = {}
    for _, neighbour, relation, strength in graph.out_edges(node_id, keys=True, data="strength"):
        if neighbour not in (node_id, other_id):
            role = Role(relation, True, strength == "inferred")
            links.setdefault(neighbour, set()).add(role)
    for neighbour, _, relation, strength in graph.in_edges(node_id, keys=True, data="strength"):
        if neighbour not in (node_id, other_id):
            role = Role(relation, False, strength == "inferred")
            links.setdefault(neighbour, set()).add(role)
    return links


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
        cited=tuple(reference["short"] for reference in evidence.get("citations", ())),
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
                tuple(sorted(nodes, key=lambda n: _label_key(graph, n))),
                _heading(node_type, role),
            )
            for (node_type, role), nodes in _grouped(graph, only_here).items()
        ),
        key=_group_order,
    )

    def claim_order(item: tuple[str, Role]) -> tuple:
        neighbour, role = item
        node_type = graph.nodes[neighbour]["type"]
        return (_TYPE_ORDER[node_type], _role_order(role), _label_key(graph, neighbour))

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
        ``compare(graph, b, a) == compare(graph, a, b).mirrored()``.

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
    Remedies claimed to treat both: dietary-supplements, medications
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
            _shared_group(
                node_type,
                one,
                two,
                tuple(sorted(nodes, key=lambda n: _label_key(graph, n))),
                graph.nodes[first]["label"],
                graph.nodes[second]["label"],
                plural,
            )
            for (node_type, one, two), nodes in pairs.items()
        ),
        key=_shared_order,
    )
    between_edges = sorted(
        {
            *((first, second, key) for key in graph.get_edge_data(first, second, default={})),
            *((second, first, key) for key in graph.get_edge_data(second, first, default={})),
        },
        key=lambda edge: (_label_key(graph, edge[0]), _RELATION_ORDER.get(edge[2], 0)),
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
            f"cannot compare {graph.nodes[first]['label']!r} ({_a(first_type)}) with"
            f" {graph.nodes[second]['label']!r} ({_a(second_type)}): pick two nodes of the"
            " same type"
        )


def _shared_links(
    graph: nx.MultiDiGraph,
    first_links: dict[str, set[Role]],
    second_links: dict[str, set[Role]],
) -> tuple[set[tuple[str, Role]], dict[tuple[str, Role, Role], list[str]]]:
    """The links both sides have, and the neighbours they share grouped by type and roles.

    A neighbour both reach in the same role is shared in that role; one they reach in
    different roles is shared in every pairing of them.
    """
    shared_links: set[tuple[str, Role]] = set()
    pairs: dict[tuple[str, Role, Role], list[str]] = {}
    for neighbour in first_links.keys() & second_links.keys():
        first_roles, second_roles = first_links[neighbour], second_links[neighbour]
        common = first_roles & second_roles
        matched = (
            [(role, role) for role in common]
            if common
            else [(one, two) for one in first_roles for two in second_roles]
        )
        if not common:
            shared_links.update((neighbour, role) for role in first_roles | second_roles)
        shared_links.update((neighbour, role) for role in common)
        node_type = graph.nodes[neighbour]["type"]
        for one, two in matched:
            pairs.setdefault((node_type, one, two), []).append(neighbour)
    return shared_links, pairs


def _own(shared_links: set[tuple[str, Role]], links: dict[str, set[Role]]) -> set[tuple[str, Role]]:
    """The shared links that are this side's own (a role only the other has is not)."""
    return {(n, role) for n, role in shared_links if role in links.get(n, ())}


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


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
        key=lambda n: _label_key(graph, n),
    )


def compare_candidates(graph: nx.MultiDiGraph) -> list[str]:
    """The nodes a comparison can start from: the causes and remedies one can focus on,
    sorted by label (``query.focus_candidates``).

    >>> from graph import build_graph, load_knowledge_base
    >>> compare_candidates(build_graph(load_knowledge_base()))[:2]
    ['blood-stagnation', 'calcium-deficiency']
    """
    found = set(focus_candidates(graph, "cause")) | set(focus_candidates(graph, "remedy"))
    return sorted(found, key=lambda n: _label_key(graph, n))
