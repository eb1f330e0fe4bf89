"""How firmly a source states a claim and what reviews say of it: strengths, verdicts and
the kinds of cited work, each with how it is shown wherever it appears."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .kinds import index_by_name

__all__ = ["EVIDENCE_TYPES", "STRENGTHS", "VERDICTS", "EvidenceType", "Strength", "Verdict"]


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


STRENGTHS: Mapping[str, Strength] = index_by_name(
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
VERDICTS: Mapping[str, Verdict] = index_by_name(
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

EVIDENCE_TYPES: Mapping[str, EvidenceType] = index_by_name(
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
