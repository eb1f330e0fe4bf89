"""What a comparison of two nodes is made of, in what order, and how its groups are headed.

``compare.compare`` fills these frozen records; the order of groups and the wording of
their headings live here, so that a comparison and its mirror image agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .ids import EdgeKey
from .narrate import lower_first
from .schema import NODE_TYPES, RELATIONS

__all__ = [
    "RELATION_ORDER",
    "TYPE_ORDER",
    "ClaimEvidence",
    "Comparison",
    "Group",
    "Role",
    "SharedGroup",
    "Side",
    "group_heading",
    "group_order",
    "label_key",
    "role_order",
    "shared_group",
    "shared_order",
]


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
    own_words: str = ""
    """The source's own weaker words for the relation ("are sources of"), when its claim
    uses them (``graph.narrate_words.own_words``): a heading says no more than the claim."""
    said_as: str = ""
    """The source's own wider words for the neighbour ("frequent spasms of the leg muscles"
    for the calf cramp, ``graph.narrate_words.end_name``): the heading says them and that
    the tool reads them as what it lists (sixteenth read, #1)."""


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


@dataclass(frozen=True, slots=True)
class ClaimEvidence:
    """One claim of a compared node, and what reviews say of it.

    ``text`` is the claim in words, saying who makes it and how firmly
    (``narrate.claim_sentence``); ``summary`` is the evidence record's summary (``""`` when
    none covers the claim). ``verdict_text`` says the verdict credited to whoever gives it,
    with its qualifier (``narrate.edge_verdict_sentence``). ``shared`` says whether the
    claim's link is shared with the other compared node.
    """

    edge: EdgeKey
    text: str
    strength: str
    verdict: str
    summary: str
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
        >>> from graph.compare import compare
        >>> graph = build_graph(load_knowledge_base())
        >>> sorted(compare(graph, "lemon-rub", "wall-stretch").nodes)
        ['calf-cramp', 'lemon-rub', 'wall-stretch']
        """
        nodes = {self.first.node_id, self.second.node_id}
        for group in (*self.shared, *self.first.unique, *self.second.unique):
            nodes.update(group.nodes)
        return frozenset(nodes)


def label_key(graph: nx.MultiDiGraph, node_id: str) -> tuple[str, str]:
    """Sort key of a node: its label, case folded, then its id."""
    return (graph.nodes[node_id]["label"].casefold(), node_id)


TYPE_ORDER = {name: index for index, name in enumerate(NODE_TYPES)}
RELATION_ORDER = {name: index for index, name in enumerate(RELATIONS)}
"""Rank of each node type and relation: groups follow the vocabularies' order."""


def role_order(role: Role) -> tuple[int, bool, str, bool, str]:
    """Sort key of a role: relation order, outgoing first, the tool's readings last, the
    relation's own words before the source's ("recommended for", then "prescribed for")."""
    return (
        RELATION_ORDER.get(role.relation, len(RELATION_ORDER)),
        not role.outgoing,
        role.relation,
        role.inferred,
        role.own_words,
    )


def group_order(group: Group) -> tuple:
    """Sort key of a group: node type, then role."""
    return (TYPE_ORDER.get(group.node_type, len(TYPE_ORDER)), role_order(group.role))


def shared_order(group: SharedGroup) -> tuple:
    """Sort key that does not depend on which node is first, then breaks ties by sides."""
    roles = (role_order(group.first_role), role_order(group.second_role))
    return (TYPE_ORDER.get(group.node_type, len(TYPE_ORDER)), sorted(roles), roles)


def _plural(node_type: str) -> str:
    return NODE_TYPES[node_type].plural


def _claimed(role: Role) -> str:
    """A relation as a claim, not a fact: "claimed to be rich in", "claimed to cause", or
    "read by the tool to be rich in" for the tool's own reading.

    Every link is a claim of a source or the tool's reading of one, with its own verdict,
    so a heading never states it as true, and says whose it is.
    """
    plural = role.own_words or RELATIONS[role.relation].phrase_plural
    verb = f"be {plural[4:]}" if plural.startswith("are ") else plural
    return f"{'read by the tool' if role.inferred else 'claimed'} to {verb}"


def _said_as(role: Role) -> str:
    """What a clause adds when the source names the neighbour in wider words (sixteenth
    read, #1): the link is the source's claim, the neighbour the tool's reading of them."""
    if not role.said_as:
        return ""
    words = f"\u201c{role.said_as}\u201d"
    return f" (the source's words: {words}, which the tool reads as those listed)"


def group_heading(node_type: str, role: Role) -> str:
    """The heading of a group only one side has ("Foods it is claimed to be rich in")."""
    if role.outgoing:
        return f"{_plural(node_type)} it is {_claimed(role)}{_said_as(role)}"
    return f"{_plural(node_type)} {_claimed(role)} it{_said_as(role)}"


def _clause(role: Role, label: str, plural: bool) -> str:
    if role.outgoing:
        return f"{label} {'are' if plural else 'is'} {_claimed(role)}{_said_as(role)}"
    return f"{_claimed(role)} {label}{_said_as(role)}"


def shared_group(
    node_type: str,
    first_role: Role,
    second_role: Role,
    nodes: tuple[str, ...],
    first_label: str,
    second_label: str,
    plurals: tuple[bool, bool] = (False, False),
) -> SharedGroup:
    """A group both sides are linked to, headed by both roles (or one, if they agree)."""
    if first_role == second_role:
        claimed = _claimed(first_role)
        heading = (
            f"{_plural(node_type)} both are {claimed}"
            if first_role.outgoing
            else f"{_plural(node_type)} {claimed} both"
        ) + _said_as(first_role)
    else:
        first = _clause(first_role, lower_first(first_label), plurals[0])
        second = _clause(second_role, lower_first(second_label), plurals[1])
        heading = f"{_plural(node_type)} {first} and {second}"
    return SharedGroup(node_type, first_role, second_role, nodes, heading)
