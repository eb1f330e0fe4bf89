"""The knowledge model: vocabularies and frozen records, the one source of truth.

Node types, relations and strengths are declared here, apart from the data, and drive
validation, colours, shapes, the legend, filters and narration alike. Everything that
reads the knowledge base (``load``, ``build``, ``query``, ``render``, ``export``) imports
its vocabulary from this module instead of repeating it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
)

__all__ = [
    "NODE_TYPES",
    "RELATIONS",
    "SLUG_PATTERN",
    "STRENGTHS",
    "Edge",
    "Identifiers",
    "KnowledgeBase",
    "Node",
    "NodeType",
    "Provenance",
    "Relation",
    "Source",
    "Strength",
    "is_slug",
]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Ids are lowercase slugs: stable in URLs, file names and exports."""


@dataclass(frozen=True, slots=True)
class NodeType:
    """One kind of node, with how it looks (colour-blind-safe Okabe-Ito colour, vis shape)."""

    name: str
    label: str
    plural: str
    colour: str
    shape: str
    description: str


@dataclass(frozen=True, slots=True)
class Relation:
    """One kind of edge: its allowed ends, its wording and its Biolink predicate.

    ``phrase`` / ``phrase_plural`` are the verb phrases that join subject and object in
    narration ("milk *is rich in*", "almonds *are rich in*"); ``causal`` marks relations
    whose subject is a cause of its object, which is what "focus on a cause" follows.
    """

    name: str
    label: str
    phrase: str
    phrase_plural: str
    subject_types: frozenset[str]
    object_types: frozenset[str]
    biolink: str | None
    causal: bool = False
    beneficial: bool = False


@dataclass(frozen=True, slots=True)
class Strength:
    """How strongly a source states a claim, weakest last in ``STRENGTHS`` order reversed."""

    name: str
    label: str
    rank: int
    description: str


def _frozen_index(items: tuple) -> Mapping:
    return MappingProxyType({item.name: item for item in items})


# Okabe & Ito (2008) palette: distinguishable with the common colour-vision deficiencies.
# Shapes differ per type too, so colour is never the only cue.
NODE_TYPES: Mapping[str, NodeType] = _frozen_index(
    (
        NodeType(
            "condition",
            "Condition",
            "Conditions",
            "#D55E00",
            "star",
            "The cramp itself and the diseases it can accompany.",
        ),
        NodeType(
            "cause",
            "Cause",
            "Causes",
            "#E69F00",
            "triangle",
            "Risk factors and deficiencies named as causes.",
        ),
        NodeType(
            "nutrient",
            "Nutrient",
            "Nutrients",
            "#0072B2",
            "hexagon",
            "Minerals and vitamins.",
        ),
        NodeType(
            "food",
            "Food",
            "Foods",
            "#009E73",
            "dot",
            "Foods named as sources of a nutrient.",
        ),
        NodeType(
            "remedy",
            "Remedy",
            "Remedies",
            "#CC79A7",
            "diamond",
            "Actions, supplements and medications for relief or prevention.",
        ),
        NodeType(
            "context",
            "Context",
            "Contexts",
            "#56B4E9",
            "square",
            "Situations in which cramps happen.",
        ),
        NodeType(
            "outcome",
            "Outcome",
            "Outcomes",
            "#F0E442",
            "ellipse",
            "What a reader hopes for, such as cramp prevention.",
        ),
    )
)

_ALL = frozenset(NODE_TYPES)
_HELPERS = frozenset({"remedy", "nutrient", "food"})

RELATIONS: Mapping[str, Relation] = _frozen_index(
    (
        Relation(
            "causes",
            "causes",
            "causes",
            "cause",
            frozenset({"cause", "condition"}),
            frozenset({"condition"}),
            "biolink:causes",
            causal=True,
        ),
        Relation(
            "associated_with",
            "associated with",
            "is associated with",
            "are associated with",
            frozenset({"cause", "condition"}),
            frozenset({"condition", "cause"}),
            "biolink:associated_with",
            causal=True,
        ),
        Relation(
            "contributes_to",
            "contributes to",
            "contributes to",
            "contribute to",
            _ALL,
            frozenset({"outcome", "condition"}),
            "biolink:contributes_to",
            beneficial=True,
        ),
        Relation(
            "occurs_during",
            "occurs during",
            "occurs during",
            "occur during",
            frozenset({"condition"}),
            frozenset({"context"}),
            "biolink:occurs_in",
        ),
        Relation(
            "deficiency_of",
            "deficiency of",
            "is a deficiency of",
            "are a deficiency of",
            frozenset({"cause"}),
            frozenset({"nutrient"}),
            "biolink:related_to",
        ),
        Relation(
            "rich_in",
            "rich in",
            "is rich in",
            "are rich in",
            frozenset({"food"}),
            frozenset({"nutrient"}),
            "biolink:has_part",
        ),
        Relation(
            "supplies",
            "supplies",
            "supplies",
            "supply",
            frozenset({"remedy"}),
            frozenset({"nutrient"}),
            "biolink:has_part",
        ),
        Relation(
            "needed_for_absorption_of",
            "needed to absorb",
            "is needed to absorb",
            "are needed to absorb",
            frozenset({"nutrient"}),
            frozenset({"nutrient"}),
            "biolink:affects",
        ),
        Relation(
            "relieves",
            "relieves",
            "relieves",
            "relieve",
            _HELPERS,
            frozenset({"condition"}),
            "biolink:treats",
            beneficial=True,
        ),
        Relation(
            "prevents",
            "prevents",
            "prevents",
            "prevent",
            _HELPERS,
            frozenset({"condition"}),
            "biolink:prevents",
            beneficial=True,
        ),
        Relation(
            "treats",
            "treats",
            "treats",
            "treat",
            _HELPERS,
            frozenset({"condition", "cause"}),
            "biolink:treats",
            beneficial=True,
        ),
        Relation(
            "recommended_for",
            "recommended for",
            "is recommended for",
            "are recommended for",
            frozenset({"remedy"}),
            frozenset({"condition"}),
            "biolink:related_to",
            beneficial=True,
        ),
        Relation(
            "used_during",
            "used during",
            "is used during",
            "are used during",
            frozenset({"remedy"}),
            frozenset({"context"}),
            "biolink:related_to",
        ),
    )
)

STRENGTHS: Mapping[str, Strength] = _frozen_index(
    (
        Strength("states", "states", 3, "The source says it plainly."),
        Strength("suggests", "suggests", 2, 'The source hedges: "may", "can".'),
        Strength(
            "anecdotal",
            "anecdotal",
            1,
            'The source reports hearsay: "they say", "many recommend".',
        ),
    )
)

_MODEL = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _one_of(vocabulary: Mapping[str, object], what: str):
    def check(value: str) -> str:
        if value not in vocabulary:
            known = ", ".join(vocabulary)
            raise ValueError(f"unknown {what} {value!r} (expected one of: {known})")
        return value

    return AfterValidator(check)


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1)]
NodeTypeName = Annotated[str, _one_of(NODE_TYPES, "node type")]
RelationName = Annotated[str, _one_of(RELATIONS, "relation")]
StrengthName = Annotated[str, _one_of(STRENGTHS, "strength")]


class Identifiers(BaseModel):
    """External identifiers; only ones checked against a source belong here."""

    model_config = _MODEL

    mesh: Annotated[str, StringConstraints(pattern=r"^D\d{6,9}$")] | None = None
    umls: Annotated[str, StringConstraints(pattern=r"^C\d{7}$")] | None = None
    wikidata: Annotated[str, StringConstraints(pattern=r"^Q\d+$")] | None = None


class Node(BaseModel):
    """A thing the knowledge base talks about.

    ``plural`` says whether the label is grammatically plural ("Almonds"), so narration
    can say "Almonds are rich in magnesium".
    """

    model_config = _MODEL

    id: Slug
    label: Text
    type: NodeTypeName
    description: Text
    synonyms: tuple[Text, ...] = ()
    plural: bool = False
    identifiers: Identifiers = Field(default_factory=Identifiers)


class Provenance(BaseModel):
    """Where a claim comes from: a verbatim quote of one source, and how firmly it says it."""

    model_config = _MODEL

    source: Slug
    quote: Text
    strength: StrengthName


class Edge(BaseModel):
    """One claim: subject, relation, object, with at least one provenance."""

    model_config = _MODEL

    subject: Slug
    relation: RelationName
    object: Slug
    provenance: tuple[Provenance, ...] = Field(min_length=1)

    @property
    def key(self) -> str:
        """Stable edge id, unique within a knowledge base: ``subject|relation|object``."""
        return f"{self.subject}|{self.relation}|{self.object}"

    @property
    def strength(self) -> str:
        """The firmest strength among the edge's provenance."""
        return max((p.strength for p in self.provenance), key=lambda s: STRENGTHS[s].rank)


class Source(BaseModel):
    """A text that claims are quoted from, with its full text loaded alongside."""

    model_config = _MODEL

    id: Slug
    title: Text
    file: Text
    kind: Text
    language: Text
    note: str = ""
    text: str = Field(default="", repr=False)


class KnowledgeBase(BaseModel):
    """Everything loaded from ``data/``: validated, frozen, indexed by id."""

    model_config = ConfigDict(frozen=True)

    sources: tuple[Source, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    _nodes_by_id: Mapping[str, Node] = PrivateAttr()
    _sources_by_id: Mapping[str, Source] = PrivateAttr()

    def model_post_init(self, context: object, /) -> None:
        self._nodes_by_id = MappingProxyType({node.id: node for node in self.nodes})
        self._sources_by_id = MappingProxyType({src.id: src for src in self.sources})

    def node(self, node_id: str) -> Node:
        """Return the node with ``node_id`` (``KeyError`` if there is none)."""
        return self._nodes_by_id[node_id]

    def source(self, source_id: str) -> Source:
        """Return the source with ``source_id`` (``KeyError`` if there is none)."""
        return self._sources_by_id[source_id]


def is_slug(text: str) -> bool:
    """Tell whether ``text`` is a valid id."""
    return re.fullmatch(SLUG_PATTERN, text) is not None
