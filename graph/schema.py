"""The knowledge model: vocabularies and frozen records, the one source of truth.

Node types, relations, strengths, evidence verdicts and evidence types are declared apart
from the data and drive validation, colours, shapes, line styles, the legend, filters,
narration and the export mappings (Biolink categories and predicates) alike. Everything
that reads the knowledge base (``load``, ``build``, ``query``, ``render``, ``export``)
imports its vocabulary from this module instead of repeating it.

The vocabularies are declared in ``kinds`` (node types, relations), ``grading`` (strengths,
verdicts, evidence types) and ``ids`` (slugs, edge ids, identifier schemes). This module
re-exports them because it stays the one place the rest of the code imports the knowledge
model from (some sixty import sites and the docs name ``schema.VERDICTS`` and its kin).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from .grading import EVIDENCE_TYPES, STRENGTHS, VERDICTS, EvidenceType, Strength, Verdict
from .ids import (
    IDENTIFIER_SCHEMES,
    SLUG_PATTERN,
    IdentifierScheme,
    edge_id,
    graph_edge,
    graph_edge_id,
    is_slug,
    split_edge_id,
)
from .kinds import AMOUNT_RELATIONS, NODE_TYPES, RELATIONS, NodeType, Relation

__all__ = [
    "AMOUNT_RELATIONS",
    "EVIDENCE_TYPES",
    "IDENTIFIER_SCHEMES",
    "NODE_TYPES",
    "ORIGINS",
    "RELATIONS",
    "SLUG_PATTERN",
    "STRENGTHS",
    "UNITS",
    "VERDICTS",
    "Amount",
    "Claim",
    "DailyIntake",
    "Edge",
    "Evidence",
    "EvidenceType",
    "IdentifierScheme",
    "Identifiers",
    "KnowledgeBase",
    "Node",
    "NodeType",
    "Provenance",
    "Reference",
    "Relation",
    "RowClaim",
    "Serving",
    "Source",
    "Strength",
    "Verdict",
    "edge_id",
    "graph_edge",
    "graph_edge_id",
    "is_slug",
    "split_edge_id",
]

UNITS: tuple[str, ...] = ("mg", "\u00b5g")
"""Units nutrient amounts and daily intakes may be given in."""

_MODEL = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _one_of(vocabulary: Mapping[str, object], what: str):
    def check(value: str) -> str:
        if value not in vocabulary:
            known = ", ".join(vocabulary)
            near = difflib.get_close_matches(value, list(vocabulary), n=2, cutoff=0.6)
            hint = f" (did you mean {' or '.join(map(repr, near))}?)" if near else ""
            raise ValueError(f"unknown {what} {value!r}{hint} (expected one of: {known})")
        return value

    return AfterValidator(check)


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1)]
NodeTypeName = Annotated[str, _one_of(NODE_TYPES, "node type")]
RelationName = Annotated[str, _one_of(RELATIONS, "relation")]
StrengthName = Annotated[str, _one_of(STRENGTHS, "strength")]
VerdictName = Annotated[str, _one_of(VERDICTS, "verdict")]
EvidenceTypeName = Annotated[str, _one_of(EVIDENCE_TYPES, "evidence type")]
Unit = Annotated[str, _one_of(dict.fromkeys(UNITS), "unit")]


def _scheme_id(name: str) -> object:
    """The type of one id of scheme ``name``: text matching its pattern."""
    return Annotated[str, StringConstraints(pattern=IDENTIFIER_SCHEMES[name].pattern)]


MeshId = _scheme_id("mesh")
UmlsId = _scheme_id("umls")
WikidataId = _scheme_id("wikidata")

ORIGINS: Mapping[str, str] = MappingProxyType(
    {
        "facts": "the curated facts (shared/facts/domain-facts.md)",
        "mesh": "MeSH entry terms, as the curated facts list them",
        "curator": "the curator who reviewed a draft, in their own words",
    }
)
"""Where a node's words may come from besides a source text (named by its source id)."""
Origin = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
VerdictSourceName = Literal[
    "reviews", "studies", "studies and guidance", "guidance", "food tables", "cited", "none"
]
"""Who a verdict is credited to (``narrate.VERDICT_SOURCES`` words each)."""
Quantity = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class Identifiers(BaseModel):
    """External identifiers of exactly this concept; only ones checked against a source.

    A descriptor that is merely the nearest one belongs in ``Node.related_mesh`` instead.
    """

    model_config = _MODEL

    mesh: MeshId | None = None
    umls: UmlsId | None = None
    wikidata: WikidataId | None = None


class DailyIntake(BaseModel):
    """How much of a nutrient one group of adults needs a day, and who says so."""

    model_config = _MODEL

    group: Text
    amount: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    unit: Unit
    kind: Text = "RDA"
    source: Slug


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
    related_mesh: tuple[MeshId, ...] = ()
    """MeSH descriptors that are only the nearest match (never the concept itself)."""
    daily_intake: tuple[DailyIntake, ...] = ()
    """For nutrients: the adult daily reference intakes amounts are compared with."""
    description_from: tuple[Origin, ...] = ()
    """Where the description's content comes from: a source id, ``facts`` or ``mesh``."""
    synonym_origins: dict[Origin, tuple[Text, ...]] = Field(default_factory=dict)
    """Each synonym under where it comes from: a source id (the source's own word, checked
    against its text), ``facts`` or ``mesh``; together they hold every synonym."""
    narrower: dict[Origin, tuple[Text, ...]] = Field(default_factory=dict)
    """Narrower terms (a subtype, one disease of a group), under where each comes from;
    never synonyms, so a claim about the node is not read as one about them."""
    related: dict[Origin, tuple[Text, ...]] = Field(default_factory=dict)
    """Broader or related terms ("muscle cramp" for the calf cramp, "night" for sleep), under
    where each comes from: search finds the node by them, but they are never shown as its
    other names."""
    loose_words: dict[Origin, tuple[Text, ...]] = Field(default_factory=dict)
    """Words a source uses loosely for the node that are neither its names nor broader terms
    ("trace elements" for magnesium, a macromineral; "prescribe" for medications), under
    the source: rules reading what a quote names read them, but they are never shown as
    terms of the node (eighth read, #7)."""
    wider_words: tuple[Text, ...] = ()
    """Words for a wider thing that a quote may name where the tool reads this node ("legs"
    for the calf): a claim whose quote says one of them names it in ``Edge.said_as``, so no
    sentence reads the legs as the calves in the source's voice (fifteenth read, #4)."""


class Provenance(BaseModel):
    """Where a claim comes from: a verbatim quote of one source, and how firmly it says it."""

    model_config = _MODEL

    source: Slug
    quote: Text
    strength: StrengthName


class Serving(BaseModel):
    """A usual portion, and how much of the nutrient it holds, as the source gives it."""

    model_config = _MODEL

    label: Text
    grams: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    amount: Quantity


class Amount(BaseModel):
    """How much of the edge's nutrient one food item holds per 100 g, from a food database.

    ``state`` says how the item was measured (raw, dry, cooked, ...) as the source words
    it, since drying or cooking changes the figure per 100 g several-fold.
    """

    model_config = _MODEL

    item: Text
    usda_description: Text
    state: Text | None = None
    fortified: bool | None = None
    per_100g: Quantity
    unit: Unit
    ndb: Annotated[str, StringConstraints(pattern=r"^\d{5}$")]
    fdc_id: Annotated[int, Field(gt=0)] | None = None
    source: Slug
    serving: Serving | None = None
    note: str = ""


class Edge(BaseModel):
    """One claim: subject, relation, object, with at least one provenance.

    ``amounts`` (food -> nutrient edges only) say how much of the nutrient the food holds.
    ``subject_as`` names the subject as narrowly as the quotes do, when the node's label
    is wider ("medications": the article says doctors prescribe "magnesium and calcium with
    vitamin D"), so the claim and its verdict are read in the quotes' scope. ``said_as``
    gives the quotes' own wider words for an end ("subject" or "object") that the tool
    reads as the node ("spasms of the leg muscles" for the calf cramp): every sentence says
    the source's words and that the tool reads them as the node.
    """

    model_config = _MODEL

    subject: Slug
    relation: RelationName
    object: Slug
    subject_as: Text | None = None
    said_as: dict[Literal["subject", "object"], Text] = Field(default_factory=dict)
    provenance: tuple[Provenance, ...] = Field(min_length=1)
    amounts: tuple[Amount, ...] = Field(default=(), validate_default=True)

    @field_validator("amounts")
    @classmethod
    def _amounts_only_where_allowed(
        cls, amounts: tuple[Amount, ...], info: ValidationInfo
    ) -> tuple[Amount, ...]:
        relation = info.data.get("relation")
        if amounts and relation is not None and relation not in AMOUNT_RELATIONS:
            allowed = ", ".join(sorted(AMOUNT_RELATIONS))
            raise ValueError(f"only {allowed} edges carry amounts (this one is {relation!r})")
        return amounts

    @property
    def key(self) -> str:
        """Stable edge id, unique within a knowledge base: ``subject|relation|object``."""
        return edge_id(self.subject, self.relation, self.object)

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
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    note: str = ""
    text: str = Field(default="", repr=False)


class Reference(BaseModel):
    """A cited work, listed once and cited by ``key``.

    Only what the curated facts give is filled in: a field the facts leave out stays
    empty, and anything they mark as unverified is said in ``note``, not written as fact.
    """

    model_config = _MODEL

    key: Slug
    authors: tuple[Text, ...] = ()
    et_al: bool = False
    year: Annotated[int, Field(ge=1800, le=2100)] | None = None
    title: Text | None = None
    venue: Text
    details: str = ""
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    pmid: Annotated[str, StringConstraints(pattern=r"^\d{1,9}$")] | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    evidence_type: EvidenceTypeName
    label: Text | None = None
    """A short name to show instead of author and year, e.g. "USDA SR Legacy"."""
    note: str = ""

    @property
    def link(self) -> str | None:
        """The best address of the work: its DOI, else its URL, else its PubMed record."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.url:
            return self.url
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else None

    @property
    def citation(self) -> str:
        """A one-line citation, e.g. ``Garrison SR et al. (2020). Cochrane CD009402.pub3.``"""
        if len(self.authors) == 2 and not self.et_al:
            authors = " & ".join(self.authors)
        else:
            authors = ", ".join(self.authors) + (" et al." if self.et_al else "")
        lead = authors or self.venue
        parts = [f"{lead}{f' ({self.year})' if self.year else ''}."]
        if self.title:
            parts.append(self.title.rstrip(".") + ".")
        tail = " ".join(
            part for part in (self.venue if lead != self.venue else "", self.details) if part
        )
        if tail:
            parts.append(tail + ".")
        return " ".join(parts)

    @property
    def short(self) -> str:
        """A short name for tables and narration: ``label``, else first author and year."""
        if self.label:
            return self.label
        if len(self.authors) == 2 and not self.et_al:
            lead = " & ".join(self.authors)
        elif self.authors:
            lead = self.authors[0] + (" et al." if self.et_al or len(self.authors) > 2 else "")
        else:
            lead = self.venue
        return f"{lead} {self.year}" if self.year else lead


class Claim(BaseModel):
    """An edge named by its ends and relation, as evidence records refer to it."""

    model_config = _MODEL

    subject: Slug
    relation: RelationName
    object: Slug

    @property
    def key(self) -> str:
        """The edge id it names: ``subject|relation|object``."""
        return edge_id(self.subject, self.relation, self.object)


_NEEDS_NO_CITATION = frozenset({"not assessed", "no evidence found"})


def _as_tuple(value: object) -> object:
    return (value,) if isinstance(value, str) else value


class RowClaim(BaseModel):
    """The claim a row of the curated facts judges, in the graph's terms.

    Each part lists the node ids (or relation names) the row's claim covers; an evidence
    claim is in the row's scope when its subject, relation and object are each listed.
    """

    model_config = _MODEL

    subject: Annotated[tuple[Slug, ...], BeforeValidator(_as_tuple), Field(min_length=1)]
    relation: Annotated[tuple[RelationName, ...], BeforeValidator(_as_tuple), Field(min_length=1)]
    object: Annotated[tuple[Slug, ...], BeforeValidator(_as_tuple), Field(min_length=1)]

    def covers(self, claim: Claim) -> bool:
        """Tell whether ``claim`` falls inside this scope."""
        return (
            claim.subject in self.subject
            and claim.relation in self.relation
            and claim.object in self.object
        )


class Evidence(BaseModel):
    """What reviews and guidelines say about one or more claims of the article.

    The claims themselves (their quotes) are untouched: evidence sits beside them.
    ``facts_row`` names the row of the curated facts the verdict comes from, and
    ``row_claim`` the claim that row judges; ``outside_row`` says why claims outside that
    scope still use the row (their verdict is then a narrow one, see ``graph.integrity``).
    ``citations`` are works that test or judge the claims; ``related`` are works cited only
    as context (a study of something else, a food table behind a side remark).
    ``qualifier`` is how the facts qualify the verdict ("consensus; low-quality evidence"),
    shown beside the verdict wherever it is shown.
    """

    model_config = _MODEL

    id: Slug
    claims: tuple[Claim, ...] = Field(min_length=1)
    verdict: VerdictName
    summary: Text
    qualifier: str = ""
    citations: tuple[Slug, ...] = Field(default=(), validate_default=True)
    facts_row: Annotated[str, StringConstraints(pattern=r"^E\d+$")] | None = None
    row_claim: RowClaim | None = None
    outside_row: str = ""
    related: tuple[Slug, ...] = ()
    note: str = ""
    verdict_by: VerdictSourceName | None = None
    """Who gives the verdict, when not the kind ``narrate.verdict_source`` derives from the
    citations (guidance pages beside a review, say); checked against the cited works."""

    @field_validator("citations")
    @classmethod
    def _cited_unless_nothing_to_cite(
        cls, citations: tuple[str, ...], info: ValidationInfo
    ) -> tuple[str, ...]:
        verdict = info.data.get("verdict")
        if not citations and verdict is not None and verdict not in _NEEDS_NO_CITATION:
            raise ValueError(f"the verdict {verdict!r} needs at least one citation")
        return citations


class KnowledgeBase(BaseModel):
    """Everything loaded from ``data/``: validated, frozen, indexed by id."""

    model_config = ConfigDict(frozen=True)

    sources: tuple[Source, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    references: tuple[Reference, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    _nodes_by_id: Mapping[str, Node] = PrivateAttr()
    _sources_by_id: Mapping[str, Source] = PrivateAttr()
    _references_by_key: Mapping[str, Reference] = PrivateAttr()
    _evidence_by_claim: Mapping[str, Evidence] = PrivateAttr()

    def model_post_init(self, context: object, /) -> None:
        self._nodes_by_id = MappingProxyType({node.id: node for node in self.nodes})
        self._sources_by_id = MappingProxyType({src.id: src for src in self.sources})
        self._references_by_key = MappingProxyType({ref.key: ref for ref in self.references})
        self._evidence_by_claim = MappingProxyType(
            {claim.key: record for record in self.evidence for claim in record.claims}
        )

    def reference(self, key: str) -> Reference:
        """Return the reference with ``key`` (``KeyError`` if there is none)."""
        return self._references_by_key[key]

    def evidence_for(self, edge_key: str) -> Evidence | None:
        """Return the evidence record about the edge ``subject|relation|object``, if any."""
        return self._evidence_by_claim.get(edge_key)

    def node(self, node_id: str) -> Node:
        """Return the node with ``node_id`` (``KeyError`` if there is none)."""
        return self._nodes_by_id[node_id]

    def source(self, source_id: str) -> Source:
        """Return the source with ``source_id`` (``KeyError`` if there is none)."""
        return self._sources_by_id[source_id]
