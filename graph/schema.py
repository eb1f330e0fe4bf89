"""The knowledge model: vocabularies and frozen records, the one source of truth.

Node types, relations, strengths, evidence verdicts and evidence types are declared here,
apart from the data, and drive validation, colours, shapes, line styles, the legend,
filters, narration and the export mappings (Biolink categories and predicates) alike.
Everything that reads the knowledge base (``load``, ``build``, ``query``, ``render``,
``export``) imports its vocabulary from this module instead of repeating it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
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

EDGE_ID_SEPARATOR = "|"
"""Joins subject, relation and object in an edge id; node ids and relations never hold it."""

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

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Ids are lowercase slugs: stable in URLs, file names and exports."""


@dataclass(frozen=True, slots=True)
class NodeType:
    """One kind of node, with how it looks (colour-blind-safe Okabe-Ito colour, vis shape).

    ``biolink_category`` is the Biolink Model class its nodes are exported as (KGX, RDF).
    """

    name: str
    label: str
    plural: str
    colour: str
    shape: str
    description: str
    biolink_category: str


@dataclass(frozen=True, slots=True)
class Relation:
    """One kind of edge: its allowed ends, its wording and its Biolink predicate.

    ``phrase`` / ``phrase_plural`` are the verb phrases that join subject and object in
    narration ("milk *is rich in*", "almonds *are rich in*"); ``causal`` marks relations
    whose subject is a cause of its object, which is what "focus on a cause" follows.
    ``cues`` are word beginnings that say the relation in a source's own words ("reliev"
    for "relieves"): a quote that is not ``inferred`` must hold one of them, or name both
    ends of its edge (see ``graph.integrity``).
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
    cues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    """What reviews and guidelines say about a claim, and how it looks wherever it is shown.

    A verdict is never shown by colour alone: each has a colour (Okabe-Ito, or a grey for
    "nothing known"), a glyph (``icon``) to print beside it, and an underline style for the
    source reader (``dashes``: a dash pattern in px, ``()`` for a solid line; the graph
    canvas marks verdicts with a middle marker instead, see ``graph.render``). ``note`` is
    what narration
    adds after a step with this verdict; it is empty for verdicts that are not a weak link.
    """

    name: str
    label: str
    description: str
    colour: str
    icon: str
    dashes: tuple[int, ...]
    note: str = ""

    @property
    def is_weak(self) -> bool:
        """Whether a path step with this verdict is a weak link worth a note."""
        return bool(self.note)


@dataclass(frozen=True, slots=True)
class EvidenceType:
    """A kind of cited work (systematic review, cohort, ...), strongest kinds first."""

    name: str
    label: str
    description: str


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
            # The cramp is a sign or symptom, diabetes or epilepsy a disease: Biolink's
            # union class holds both without calling a cramp a disease.
            "biolink:DiseaseOrPhenotypicFeature",
        ),
        NodeType(
            "cause",
            "Cause",
            "Causes",
            "#E69F00",
            "triangle",
            "Risk factors and deficiencies named as causes.",
            # Deficiencies, venous insufficiency, inactivity, a posture: states of the body
            # or of how one lives, observed rather than diagnosed.
            "biolink:PhenotypicFeature",
        ),
        NodeType(
            "nutrient",
            "Nutrient",
            "Nutrients",
            "#0072B2",
            "hexagon",
            "Minerals and vitamins.",
            # Magnesium and calcium are elements, vitamin D a small molecule; ChemicalEntity
            # is the class above both.
            "biolink:ChemicalEntity",
        ),
        NodeType(
            "food",
            "Food",
            "Foods",
            "#009E73",
            "dot",
            "Foods named as sources of a nutrient.",
            "biolink:Food",
        ),
        NodeType(
            "remedy",
            "Remedy",
            "Remedies",
            "#CC79A7",
            "diamond",
            "Actions, supplements and medications for relief or prevention.",
            # Stretches, massage, supplements and a doctor's visit alike: Biolink's Treatment
            # "may involve drug exposures, medical devices and/or procedures".
            "biolink:Treatment",
        ),
        NodeType(
            "context",
            "Context",
            "Contexts",
            "#56B4E9",
            "square",
            "Situations in which cramps happen.",
            # Sleeping, resting, swimming, exertion: things a person does over a period of
            # time, which is Biolink's Activity (an Occurrent, as temporally_related_to wants).
            "biolink:Activity",
        ),
        NodeType(
            "outcome",
            "Outcome",
            "Outcomes",
            "#F0E442",
            "ellipse",
            "What a reader hopes for, such as cramp prevention.",
            # "Fewer cramps" is a situation that happens or not: a Phenomenon. Biolink's
            # Outcome is a mixin, which KGX does not accept as a category.
            "biolink:Phenomenon",
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
            cues=("cause", "result", "trigger", "reason"),
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
            cues=("associat", "accompan", "attached"),
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
            cues=("contribut", "prevent", "help", "useful"),
        ),
        Relation(
            "occurs_during",
            "occurs during",
            "occurs during",
            "occur during",
            frozenset({"condition"}),
            frozenset({"context"}),
            # occurs_in holds between a process and a place; "during sleep" is about time.
            "biolink:temporally_related_to",
            cues=("occur", "happen", "during"),
        ),
        Relation(
            "deficiency_of",
            "deficiency of",
            "is a deficiency of",
            "are a deficiency of",
            frozenset({"cause"}),
            frozenset({"nutrient"}),
            "biolink:related_to",
            cues=("deficien", "lack", "shortage"),
        ),
        Relation(
            "rich_in",
            "rich in",
            "is rich in",
            "are rich in",
            frozenset({"food"}),
            frozenset({"nutrient"}),
            "biolink:has_part",
            cues=("rich", "contain", "source", "a lot of"),
        ),
        Relation(
            "supplies",
            "supplies",
            "supplies",
            "supply",
            frozenset({"remedy"}),
            frozenset({"nutrient"}),
            "biolink:has_part",
            cues=("suppl", "prescribe", "contain", "add"),
        ),
        Relation(
            "needed_for_absorption_of",
            "needed to absorb",
            "is needed to absorb",
            "are needed to absorb",
            frozenset({"nutrient"}),
            frozenset({"nutrient"}),
            "biolink:affects",
            cues=("absor",),
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
            cues=("reliev", "help", "remov", "eas"),
        ),
        Relation(
            "prevents",
            "prevents",
            "prevents",
            "prevent",
            _HELPERS,
            frozenset({"condition"}),
            # Current Biolink spells "prevents" (now only an alias) this way.
            "biolink:preventative_for_condition",
            beneficial=True,
            cues=("prevent", "less common"),
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
            cues=("treat", "prescribe", "eradicat", "remov"),
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
            cues=("recommend", "prescribe", "reason for", "should", "need"),
        ),
        Relation(
            "used_during",
            "used during",
            "is used during",
            "are used during",
            frozenset({"remedy"}),
            frozenset({"context"}),
            "biolink:related_to",
            cues=("during", "in the event"),
        ),
        Relation(
            "too_little_of",
            "gives too little",
            "gives too little",
            "give too little",
            frozenset({"food"}),
            frozenset({"nutrient"}),
            # No Biolink predicate says "falls short of a need".
            "biolink:related_to",
            cues=("insignificant", "too little", "only"),
        ),
        Relation(
            "affects",
            "affects",
            "affects",
            "affect",
            frozenset({"condition"}),
            frozenset({"context"}),
            "biolink:related_to",
            cues=("has", "have", "affect"),
        ),
        Relation(
            "comes_on",
            "comes on",
            "comes on",
            "come on",
            frozenset({"condition"}),
            frozenset({"context"}),
            "biolink:temporally_related_to",
            cues=("occur", "come"),
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
        Strength(
            "inferred",
            "inferred",
            0,
            "The tool's reading of the quotes it lists, not the source's words.",
        ),
    )
)

# Colours: Okabe & Ito again, with greys for the two "nothing known" verdicts; each verdict
# also has its own glyph and dash pattern, so it reads in greyscale and to every eye.
VERDICTS: Mapping[str, Verdict] = _frozen_index(
    (
        Verdict(
            "supported",
            "supported",
            "Reviews, guidelines or good studies back the claim.",
            "#009E73",
            "\u2713",
            (),
        ),
        Verdict(
            "mixed",
            "mixed",
            "The evidence points both ways, or holds for only part of the claim.",
            "#E69F00",
            "\u25d0",
            (10, 4),
            "Note: the evidence for this step is mixed.",
        ),
        Verdict(
            "insufficient",
            "insufficient",
            "Too few or too weak studies to say either way.",
            "#56B4E9",
            "?",
            (6, 6),
            "Note: there is too little evidence to judge this step.",
        ),
        Verdict(
            "not supported",
            "not supported",
            "The evidence gathered finds that the claim does not hold.",
            "#CC79A7",
            "\u2717",
            (2, 6),
            "Note: the evidence gives little support for this step.",
        ),
        Verdict(
            "contradicted",
            "contradicted",
            "Data or reviews say otherwise than the claim.",
            "#0072B2",
            "\u2260",
            (8, 3, 2, 3, 2, 3),
            "Note: data or reviews say otherwise than this step.",
        ),
        Verdict(
            "possible harm",
            "possible harm",
            "Regulators or reviews warn that following the claim can do harm.",
            "#D55E00",
            "\u26a0",
            (12, 4, 2, 4),
            "Note: the evidence warns of possible harm.",
        ),
        Verdict(
            "no evidence found",
            "no evidence found",
            "A search found no study or review of the claim.",
            "#7F7F7F",
            "\u2205",
            (2, 10),
            "Note: no evidence was found for this step.",
        ),
        Verdict(
            "not assessed",
            "not assessed",
            "Nobody has checked this claim against the literature yet.",
            "#BBBBBB",
            "\u2013",
            (1, 12),
        ),
    )
)
"""Verdicts on a claim, in the order the overview lists them."""

EVIDENCE_TYPES: Mapping[str, EvidenceType] = _frozen_index(
    (
        EvidenceType(
            "systematic review",
            "systematic review",
            "A review that searches for, appraises and pools every trial on a question.",
        ),
        EvidenceType(
            "guideline",
            "guideline",
            "A recommendation or assessment by a professional body.",
        ),
        EvidenceType(
            "consensus report",
            "consensus report",
            "A report of an expert committee, such as the dietary reference intakes.",
        ),
        EvidenceType("randomised trial", "randomised trial", "A trial that assigns by chance."),
        EvidenceType("cohort", "cohort study", "People followed or compared within one group."),
        EvidenceType(
            "cross-sectional", "cross-sectional study", "A survey of a population at one time."
        ),
        EvidenceType("case series", "case series", "Reports of a number of patients."),
        EvidenceType(
            "primary study",
            "primary study (design not recorded)",
            "An original study whose design the curated facts do not name.",
        ),
        EvidenceType("review", "narrative review", "A review written without a formal search."),
        EvidenceType(
            "clinical reference", "clinical reference", "An online textbook for clinicians."
        ),
        EvidenceType(
            "government fact sheet",
            "government fact sheet",
            "A fact sheet of a government health agency.",
        ),
        EvidenceType(
            "patient guidance",
            "patient guidance",
            "Health information for the public from a health service or library.",
        ),
        EvidenceType(
            "database", "database", "A reference dataset, such as food composition tables."
        ),
        EvidenceType("encyclopedia", "encyclopedia", "A general encyclopedia article."),
        EvidenceType(
            "research summary",
            "research summary",
            "A short summary of a study or guideline by a journal or news service.",
        ),
    )
)
"""Kinds of cited work, from the strongest designs to background reading."""

UNITS: tuple[str, ...] = ("mg", "\u00b5g")
"""Units nutrient amounts and daily intakes may be given in."""

AMOUNT_RELATIONS: frozenset[str] = frozenset({"rich_in"})
"""Relations whose edges may carry nutrient amounts (a food and the nutrient it holds)."""

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
VerdictName = Annotated[str, _one_of(VERDICTS, "verdict")]
EvidenceTypeName = Annotated[str, _one_of(EVIDENCE_TYPES, "evidence type")]
Unit = Annotated[str, _one_of(dict.fromkeys(UNITS), "unit")]


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


IDENTIFIER_SCHEMES: Mapping[str, IdentifierScheme] = _frozen_index(
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
    }
)
"""Where a node's words may come from besides a source text (named by its source id)."""
Origin = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
VerdictSourceName = Literal[
    "reviews", "studies", "studies and guidance", "guidance", "food tables", "none"
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
    """

    model_config = _MODEL

    subject: Slug
    relation: RelationName
    object: Slug
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
