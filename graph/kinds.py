"""Node types and relations: what the knowledge base may hold and how each kind is drawn.

Declared apart from the data (as hetnetpy's metagraph is), they drive validation, colours,
shapes, the legend, filters, narration and the Biolink export mappings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["AMOUNT_RELATIONS", "NODE_TYPES", "RELATIONS", "NodeType", "Relation", "index_by_name"]


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
    cues: tuple[str, ...] = ()


def index_by_name(items: tuple) -> Mapping:
    """A read-only mapping of ``items`` by their ``name``, in the order given."""
    return MappingProxyType({item.name: item for item in items})


# Okabe & Ito (2008) palette: distinguishable with the common colour-vision deficiencies.
# Shapes differ per type too, so colour is never the only cue.
NODE_TYPES: Mapping[str, NodeType] = index_by_name(
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

RELATIONS: Mapping[str, Relation] = index_by_name(
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

AMOUNT_RELATIONS: frozenset[str] = frozenset({"rich_in"})
"""Relations whose edges may carry nutrient amounts (a food and the nutrient it holds)."""
