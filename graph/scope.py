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
* ``check_named_sources``: no description, summary or note cites "the facts", a
  "facts row" or "the evidence gathered" as a source; a reader cannot check those, so
  the text names the real work (Wikipedia "Cramp", NHANES, an AAFP review, ...). The
  facts' curator may still be named for their own inference.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol

from .errors import Problem
from .narrate import VERDICT_SOURCES, derived_verdict_source
from .schema import Evidence, Node, Reference
from .wording import guidance_grades, weighing_credited

__all__ = [
    "BROAD_VERDICTS",
    "check_named_sources",
    "check_narrower_scope",
    "check_verdict_credit",
    "cites_the_facts",
]

BROAD_VERDICTS: frozenset[str] = frozenset({"supported", "mixed", "contradicted"})
"""Verdicts that say something of the claim's whole subject: for a node with narrower
terms they must say which narrower term the evidence covers."""

# "The facts' curator" names the same internal file a reader cannot look up, and "the
# evidence gathered" credits it as if it were a work (third read, finding 6).
_CITES_FACTS = re.compile(
    r"\bthe facts\b|\bfacts row\b|\bcurator\b|\bthe evidence gathered\b", re.IGNORECASE
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
