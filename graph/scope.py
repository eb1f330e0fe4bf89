"""Checks on how far a verdict reaches, who it is credited to and whom the data cites.

Run by ``graph.load`` with the checks of ``graph.integrity``; each guards one kind of
error a reader found in the generated text:

* ``check_narrower_scope``: a node's narrower terms (a subtype, one disease of a group)
  are never also its synonyms, and an evidence record that supports a claim whose
  subject is such a node names, in its ``qualifier``, the narrower term its evidence is about ("for
  cirrhosis"), so "supported" is never read as holding for the whole group.
* ``check_verdict_credit``: a record's ``verdict_by`` (reviews, studies, guidance, food
  tables) is backed by at least one cited work of that kind, and is one such works can
  give (``graph.wording.weighing_credited``: no study finds evidence "mixed").
* ``check_row_subjects``: a record's ``row_claim`` names only the remedy its facts row
  judges (row E10 judges pulling the foot toward you, not the wall stretch), so a row's
  verdict is never carried to another remedy by widening its claim (seventh read, #2).
* ``check_recorded_absences``: "no trial ... found" is said only where the facts record
  that search (``RECORDED_ABSENCES``); "low-quality evidence" is not "no trial" (#10).
* ``check_headline_parts``: a firm verdict (supported, not supported) is never given over
  a part its own qualifier says conflicts or found no trial of (#3).
* ``unbanded_shares``: every share of an RDA names the age band it is of (#8).
* ``check_kept_hedges``: a qualifier that states what a hedged summary sentence says
  ("probably", "may") keeps a hedge (eighth read, #1).
* ``check_row_verdict_words``: a facts row's own verdict words ("favourable") survive in
  the qualifier of a record giving that row's verdict (#5).
* ``check_tool_readings``: a word of the tool's list (a facts alias such as "kasha") is
  never given as what the article means (#6).
* ``check_related_terms``: a broader or related term is not one the node's description
  contradicts ("trace elements" for magnesium, a macromineral; #7).
* ``check_named_sources``: no description, summary or note cites "the facts", a
  "facts row" or "the evidence gathered" as a source; a reader cannot check those, so
  the text names the real work (Wikipedia "Cramp", NHANES, an AAFP review, ...). The
  facts' curator may still be named for their own inference.
* ``check_description_origins``: a description drawn from the tool's word list says whose
  words it is (tenth read, #9).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol

from .errors import Problem
from .narrate import VERDICT_SOURCES, derived_verdict_source
from .schema import Evidence, Node, Reference
from .wording import FIRM_VERDICTS, guidance_grades, weighing_credited

__all__ = [
    "BROAD_VERDICTS",
    "RECORDED_ABSENCES",
    "ROW_SUBJECTS",
    "ROW_VERDICT_WORDS",
    "check_banded_shares",
    "check_description_origins",
    "check_headline_parts",
    "check_kept_hedges",
    "check_named_sources",
    "check_narrower_scope",
    "check_recorded_absences",
    "check_related_terms",
    "check_row_subjects",
    "check_row_verdict_words",
    "check_tool_readings",
    "check_verdict_credit",
    "cites_the_facts",
    "unbanded_shares",
]

BROAD_VERDICTS: frozenset[str] = frozenset({"supported", "mixed", "contradicted"})
"""Verdicts that say something of the claim's whole subject: for a node with narrower
terms they must say which narrower term the evidence covers."""

# "The facts' curator" names the same internal file a reader cannot look up, and "the
# evidence gathered" credits it as if it were a work (third read, finding 6).
_CITES_FACTS = re.compile(
    r"\bthe facts\b|\bfacts (?:row|section)\b|\bcurator\b|\bthe evidence gathered\b"
    r"|\brow E\d+\b",  # "row E2 rates ...": the facts file's row, not a work (QA pass)
    re.IGNORECASE,
)


class _Item(Protocol):
    record: object

    def problem(self, field: str, message: str) -> Problem: ...


def cites_the_facts(text: str) -> bool:
    """Tell whether ``text`` cites the curated facts file as if it were a source.

    Examples
    --------
    >>> cites_the_facts("the facts class it as a macromineral (facts row E7)")
    True
    >>> cites_the_facts("The facts' curator suggests (their own inference) a slip.")
    True
    >>> cites_the_facts('Facts section 2, "None of the plant foods ..."'), cites_the_facts(
    ...     "row E2 rates the pregnancy trials mixed")
    (True, True)
    >>> cites_the_facts("The evidence gathered is about type 2 diabetes.")
    True
    >>> cites_the_facts("The tool's own reading (no published source): a slip.")
    False
    """
    return bool(_CITES_FACTS.search(" ".join(text.split())))


def check_narrower_scope(
    evidence: Sequence[_Item], nodes: Sequence[_Item], known: Mapping[str, Node]
) -> Iterator[Problem]:
    """Report narrower terms listed as synonyms, and broad verdicts on a claim whose subject
    has narrower terms that do not name the one their evidence covers."""
    for item in nodes:
        node: Node = item.record
        synonyms = {term.casefold() for term in node.synonyms}
        for origin, terms in node.narrower.items():
            for index, term in enumerate(terms):
                if term.casefold() in synonyms:
                    yield item.problem(
                        f"narrower.{origin}[{index}]",
                        f"{term!r} is a narrower term; it cannot also be a synonym",
                    )
    for item in evidence:
        record: Evidence = item.record
        if record.verdict not in BROAD_VERDICTS:
            continue
        for index, claim in enumerate(record.claims):
            node = known.get(claim.subject)
            terms = [t for terms in (node.narrower if node else {}).values() for t in terms]
            if terms and not any(t.casefold() in record.qualifier.casefold() for t in terms):
                yield item.problem(
                    f"claims[{index}]",
                    f"{record.verdict!r} for {node.label!r} as a whole: the qualifier must"
                    f" name the narrower term the evidence is about ({', '.join(terms)})",
                )


def check_verdict_credit(
    evidence: Sequence[_Item], references: Mapping[str, Reference]
) -> Iterator[Problem]:
    """Report a ``verdict_by`` that no cited work of its kind backs, a verdict credited
    to guidance that grades evidence (``graph.wording.guidance_grades``), and a record
    citing both reviews and studies that does not say which gives its verdict."""
    for item in evidence:
        record: Evidence = item.record
        cited = {references[key].evidence_type for key in record.citations if key in references}
        name = record.verdict_by or derived_verdict_source(cited)
        if guidance_grades(name, record.verdict):
            yield item.problem(
                "verdict_by",
                f"health services' guidance advises; it does not find evidence"
                f" {record.verdict!r}: credit the verdict to the works that do, or to"
                " 'none' (the tool's rating)",
            )
        weighed = weighing_credited(name, record.verdict, cited)
        if weighed:
            yield item.problem("verdict_by", weighed)
        if record.verdict_by is None and all(
            cited & VERDICT_SOURCES[kind][1] for kind in ("reviews", "studies")
        ):
            yield item.problem(
                "verdict_by",
                "cites reviews and studies: say which gives the verdict (verdict_by)",
            )
        if record.verdict_by is None and all(
            cited & VERDICT_SOURCES[kind][1] for kind in ("reviews", "guidance")
        ):
            yield item.problem(
                "verdict_by",
                "cites reviews or guidelines beside guidance pages or clinical references:"
                " crediting reviews would credit them all; say who gives the verdict"
                " (verdict_by; 'cited' names each kind)",
            )
        # A trial credited to "Reviews" (seventh read, #9); reviews cited beside the studies
        # that give a verdict stay the studies' (they sum up the same studies).
        if record.verdict_by == "reviews" and all(
            cited & VERDICT_SOURCES[kind][1] for kind in ("reviews", "studies")
        ):
            yield item.problem(
                "verdict_by",
                "credited to reviews alone, but it cites a study too:"
                " name both ('cited': \"A trial and a review find\")",
            )
        if record.verdict_by in (None, "none"):
            continue
        _, kinds = VERDICT_SOURCES[record.verdict_by]
        if not cited & kinds:
            yield item.problem(
                "verdict_by",
                f"credited to {record.verdict_by!r}, but no cited work is one"
                f" ({', '.join(sorted(kinds))})",
            )


def check_named_sources(items: Sequence[_Item], fields: Sequence[str]) -> Iterator[Problem]:
    """Report ``fields`` of ``items`` that cite "the facts" or a "facts row" as a source."""
    for item in items:
        for field in fields:
            text = getattr(item.record, field, "") or ""
            if isinstance(text, str) and cites_the_facts(text):
                yield item.problem(
                    field,
                    "cites the facts file as a source; name the work it took this from",
                )


_ORIGIN_NAMED = re.compile(
    r"\b(?:the article|article's|MeSH|USDA|the tool|tool's|reviews?|Wikipedia|MedlinePlus"
    r"|Institute of Medicine|studies found|references found)\b",
    re.IGNORECASE,
)


def check_description_origins(items: Sequence[_Item]) -> Iterator[Problem]:
    """Report node descriptions drawn in part from the tool's word list (``facts``) that do
    not say whose words they are ("Dried grapes." read as a fact of no one's; tenth read,
    #9); a curator's new node takes its draft's source as origin (``graph.accept``)."""
    for item in items:
        node = item.record
        if "facts" in node.description_from and not _ORIGIN_NAMED.search(node.description):
            yield item.problem(
                "description",
                "say whose words the description is (the article's, MeSH's, USDA's, a named"
                " work's or the tool's)",
            )


ROW_SUBJECTS: Mapping[str, frozenset[str]] = {
    # E10: "Stretching (pulling the foot toward you) relieves an acute cramp".
    "E10": frozenset({"seated-toe-pull"}),
}
"""Facts rows whose claim names one remedy: the only subjects their ``row_claim`` may name."""

RECORDED_ABSENCES: Mapping[str, tuple[str, ...]] = {
    "E2": ("exercise", "disease"),  # "No RCTs at all for exercise-associated or disease-..."
    "E12": ("massage",),  # "no RCT of massage for cramps found"
    "E13": ("pin", "prick"),  # "Nothing found on pricking with a pin"
    "E14": ("lemon", "citric"),  # "no trial or review found"
    "E15": ("diet",),  # "No trial of diet for cramp prevention found"
}
"""Facts rows that record a search for trials finding none, with the words naming what was
searched: "no trial ... found" is said only by a record of such a row, or of what it names."""

_NO_TRIAL = re.compile(
    r"\b(?:no|none of them|no work found)\b[^.;()]*?\b(?:trials?|RCTs?)\b[^.;()]*", re.IGNORECASE
)
# A part given its own weaker verdict ("magnesium in pregnancy: mixed"; tenth read, #1).
_PART_UNJUDGED = re.compile(
    r"\bconflict|\bno (?:trial|RCT|study)\b[^;]*\bfound\b|\b\w+: (?:mixed|insufficient)\b",
    re.IGNORECASE,
)
_SHARE = re.compile(
    r"\d+(?:-\d+)?% of (?:the )?(?:[\d,]+ mg )?(?:adult |daily )?(?:RDA|need)\b"
    r"(?! (?:for|of) (?:adults|men|women))"
    # A share for one sex only, with no range, hides the other's (eighth read, #8).
    r"|\b\d+% of (?:the )?(?:[\d,]+ mg )?RDA for (?:men|women)\b(?! and (?:men|women))",
    re.IGNORECASE,
)


def check_row_subjects(evidence: Sequence[_Item]) -> Iterator[Problem]:
    """Report a ``row_claim`` naming a subject its facts row does not judge (``ROW_SUBJECTS``)."""
    for item in evidence:
        record: Evidence = item.record
        allowed = ROW_SUBJECTS.get(record.facts_row or "")
        if allowed is None or record.row_claim is None:
            continue
        subjects = record.row_claim.subject
        named = {subjects} if isinstance(subjects, str) else set(subjects)
        if named - allowed:
            yield item.problem(
                "row_claim",
                f"row {record.facts_row} judges {', '.join(sorted(allowed))} only; naming"
                f" {', '.join(sorted(named - allowed))} carries its verdict to another remedy"
                " (give that claim outside_row and a narrow verdict)",
            )


def check_recorded_absences(evidence: Sequence[_Item]) -> Iterator[Problem]:
    """Report "no trial ... found" where no facts row records that search."""
    for item in evidence:
        record: Evidence = item.record
        if record.facts_row in RECORDED_ABSENCES:
            continue
        words = [word for row in RECORDED_ABSENCES.values() for word in row]
        for field in ("summary", "qualifier", "note", "outside_row"):
            text = " ".join((getattr(record, field, "") or "").split())
            for found in _NO_TRIAL.finditer(text):
                if not any(re.search(rf"\b{word}", found[0], re.IGNORECASE) for word in words):
                    yield item.problem(
                        field,
                        f"{found[0]!r}: no facts row records that search; say what the works"
                        " found ('low-quality evidence'), not that no trial exists",
                    )


def check_headline_parts(evidence: Sequence[_Item]) -> Iterator[Problem]:
    """Report a firm verdict over a qualifier part that conflicts or found no trial."""
    for item in evidence:
        record: Evidence = item.record
        if record.verdict not in FIRM_VERDICTS - {"contradicted"} or not record.qualifier:
            continue
        found = _PART_UNJUDGED.search(" ".join(record.qualifier.split()))
        if found:
            yield item.problem(
                "verdict",
                f"{record.verdict!r} over a part that is {found[0]!r}: the headline is wider"
                " than its parts; give the verdict no part contradicts (insufficient, mixed)",
            )


def unbanded_shares(text: str) -> list[str]:
    """The shares of an RDA in ``text`` that do not name whose RDA (age band) they are of.

    Examples
    --------
    >>> unbanded_shares("710 mg in cheddar (71% of the adult RDA), 121 mg in yogurt")
    ['71% of the adult RDA']
    >>> unbanded_shares("76 mg (8% of the 1,000 mg RDA for adults 19-50)")
    []
    >>> unbanded_shares("120 mg (29% of the RDA for men over 30)")
    ['29% of the RDA for men']
    """
    return [found[0] for found in _SHARE.finditer(" ".join(text.split()))]


def check_banded_shares(items: Sequence[_Item], fields: Sequence[str]) -> Iterator[Problem]:
    """Report ``fields`` of ``items`` giving a share of an RDA without its age band."""
    for item in items:
        for field in fields:
            for share in unbanded_shares(getattr(item.record, field, "") or ""):
                yield item.problem(
                    field,
                    f"{share!r}: name whose RDA ('of the 1,000 mg RDA for adults 19-50')",
                )


_HEDGES = re.compile(
    r"\b(?:probably|may|might|likely|uncertain|possibly|thinks?|low certainty|weak)\b",
    re.IGNORECASE,
)
_CONTENT = re.compile(r"[a-z]{5,}")


def _content_words(text: str) -> set[str]:
    return set(_CONTENT.findall(text.casefold()))


def check_kept_hedges(evidence: Sequence[_Item]) -> Iterator[Problem]:
    """Report a qualifier clause that states, with no hedge, what a hedged clause of its
    summary says (two or more shared words of five letters or more): "ordinary cramps are
    not explained by it" beside "ordinary night cramps are probably due to ..."."""
    for item in evidence:
        record: Evidence = item.record
        if not record.qualifier:
            continue
        hedged = [
            _content_words(clause)
            for clause in re.split(r"[,;.]\s", " ".join(record.summary.split()))
            if _HEDGES.search(clause)
        ]
        for part in record.qualifier.split(";"):
            if _HEDGES.search(part):
                continue
            if any(len(_content_words(part) & words) >= 2 for words in hedged):
                yield item.problem(
                    "qualifier",
                    f"{part.strip()!r} drops the hedge its summary gives ('probably', 'may'):"
                    " keep it, and whose view it is",
                )


ROW_VERDICT_WORDS: Mapping[str, tuple[str, ...]] = {
    "E11": ("favourable",),  # "mixed / low certainty, favourable"
}
"""Facts rows whose verdict cell adds words the bare verdict loses, by row."""


def check_row_verdict_words(evidence: Sequence[_Item]) -> Iterator[Problem]:
    """Report a record giving its row's verdict without the row's own verdict words."""
    for item in evidence:
        record: Evidence = item.record
        for word in ROW_VERDICT_WORDS.get(record.facts_row or "", ()):
            if not record.outside_row and word not in (record.qualifier or "").casefold():
                yield item.problem(
                    "qualifier",
                    f"row {record.facts_row} rates it {word!r}: keep the word where the"
                    " verdict is shown",
                )


def _facts_only(node: Node) -> set[str]:
    """A node's synonyms from the tool's word list only (no source uses them)."""
    listed = set(node.synonym_origins.get("facts", ()))
    others = {
        t for origin, terms in node.synonym_origins.items() if origin != "facts" for t in terms
    }
    return {term.casefold() for term in listed - others}


def check_tool_readings(
    items: Sequence[_Item],
    fields: Sequence[str],
    nodes: Mapping[str, Node],
    texts: Mapping[str, str],
) -> Iterator[Problem]:
    """Report a clause that gives a word of the tool's list only ("kasha"), found in no
    source text, as the article's meaning or words, unless it says the tool reads it so."""
    sources = " ".join(texts.values()).casefold()
    words = {
        term
        for node in nodes.values()
        for term in _facts_only(node)
        if not re.search(rf"\b{re.escape(term)}\b", sources)
    }
    for item in items:
        for field in fields:
            text = " ".join((getattr(item.record, field, "") or "").split())
            for part in re.split(r"[,;.]\s", text):
                lowered = part.casefold()
                if "article" not in lowered or "tool" in lowered:
                    continue
                for word in sorted(words):
                    if re.search(rf"\b{re.escape(word)}\b", lowered):
                        yield item.problem(
                            field,
                            f"{word!r} is the tool's word, not the article's: say it is the"
                            f" tool's reading ({part.strip()!r})",
                        )


def check_related_terms(nodes: Sequence[_Item]) -> Iterator[Problem]:
    """Report a broader or related term the node's own description says is wrong of it
    ("the article calls it a trace element, but ... a macromineral")."""
    for item in nodes:
        node: Node = item.record
        description = " ".join(node.description.split())
        for origin, terms in node.related.items():
            for index, term in enumerate(terms):
                stem = re.escape(term.rstrip("s"))
                said = rf"\bcalls? (?:it|them) (?:an? )?{stem}\w*[^.;]*\b(?:but|not)\b"
                if re.search(said, description, re.IGNORECASE):
                    yield item.problem(
                        f"related.{origin}[{index}]",
                        f"{term!r}: the description says the node is not that; list it"
                        " under loose_words, not as a broader or related term",
                    )
