"""Checks from the second read: a verdict keeps its scope, its credit and its wording.

An independent reader of the tool's whole output found sentences that lost what their
evidence holds. Each check here guards one kind of those errors, on every load (through
``graph.integrity`` and ``graph.scope``, so ``python -m graph validate`` runs them):

* ``check_verdict_scope``: a firm verdict whose summary narrows it ("ordinary",
  "idiopathic", "... only") carries that scope in its ``qualifier``, which every
  one-line verdict shows; a list-level "mixed" is not given to one food's amount; a
  "rich in" claim the summary calls a moderate or modest source is not "supported"
  unless its qualifier says which item is the exception.
* ``overstated``: "no trial found" is not hardened into "not tested" or "no source
  gives", nor "none was found" into "not studied"; a qualifier does not drop the
  cirrhosis trial ("no trials found for disease cramps"); text that names the internal
  facts file or its curator is refused by ``graph.scope.cites_the_facts``.
* a "rich in" verdict is never the tool's own cut-off presented as a source's (third
  read, finding 1): such a record gives the amounts and is "not assessed".
* ``check_quote_strengths``: a hearsay quote that goes on in the source's own voice
  (after a dash) is not "anecdotal" (and ``graph.integrity.check_quote_wording`` refuses
  an "inferred" quote that says the relation and names the object in its own words).
* ``guidance_grades``: health services' guidance advises; it is never credited with
  grading evidence ("insufficient", "mixed", ...).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from .errors import Problem

__all__ = [
    "FIRM_VERDICTS",
    "GUIDANCE_VERDICTS",
    "OVERSTATED",
    "check_quote_strengths",
    "check_verdict_scope",
    "guidance_grades",
    "overstated",
]

FIRM_VERDICTS: frozenset[str] = frozenset({"supported", "not supported", "contradicted"})
"""Verdicts a one-line row states without hedging, so their scope must travel with them."""

GUIDANCE_VERDICTS: frozenset[str] = frozenset({"supported", "possible harm"})
"""What health services' guidance can be credited with: it advises a remedy or warns of
harm; rating the evidence (insufficient, mixed ...) is a review's or the tool's."""

_SCOPE_WORDS = re.compile(
    r"\b(?:ordinary|idiopathic)\b|\b(?:of|for|in) [\w -]{1,40}? only\b", re.IGNORECASE
)
_MODEST_WORDS = re.compile(r"\b(moderate|modest)\b", re.IGNORECASE)

OVERSTATED: tuple[tuple[str, str], ...] = (
    (r"\bnot tested\b", "not tested"),
    (r"\bnever tested\b", "never tested"),
    (r"\buntested\b", "untested"),
    (r"\bno (?:trial|study|review) has (?:ever )?tested\b", "no trial has tested"),
    (r"\bno source gives\b", "no source gives"),
    (r"\bno evidence at all\b", "no evidence at all"),
    (r"\bnot (?:been )?studied\b", "not studied"),
    (r"\bno trials? (?:were |was )?found for [\w ]*\bdisease\b", "no trials found for disease"),
)
"""Wordings that turn "none was found" into a fact about the literature, with their names
("not studied" asserts what no source says; "no trials found for disease cramps" drops the
one small cirrhosis trial the magnesium review holds: third read, findings 3 and 4)."""

_TOOL_CUTOFF = re.compile(r"\bthe tool counts as rich\b", re.IGNORECASE)


class _Item(Protocol):
    record: Any

    def problem(self, field: str, message: str) -> Problem: ...


def overstated(text: str) -> list[str]:
    """Return the wordings of ``OVERSTATED`` that ``text`` uses.

    Examples
    --------
    >>> overstated("The wall stretch was not tested as relief; no source gives a figure.")
    ['not tested', 'no source gives']
    >>> overstated("No trial of the wall stretch as relief was found.")
    []
    """
    flat = " ".join(text.split())
    return [name for pattern, name in OVERSTATED if re.search(pattern, flat, re.IGNORECASE)]


def check_verdict_scope(items: Sequence[_Item]) -> Iterator[Problem]:
    """Report evidence records whose verdict, read alone, is broader than their summary."""
    for item in items:
        record = item.record
        for field in ("summary", "note", "outside_row", "qualifier"):
            found = overstated(getattr(record, field, "") or "")
            if found:
                yield item.problem(
                    field,
                    f"says {', '.join(found)!r}: a search that found nothing is not a fact"
                    " about the literature; say 'no trial of ... was found'",
                )
        if (
            record.verdict in FIRM_VERDICTS
            and not record.qualifier
            and _SCOPE_WORDS.search(record.summary)
        ):
            yield item.problem(
                "qualifier",
                f"the summary narrows the verdict ({_SCOPE_WORDS.search(record.summary)[0]!r})"
                f" but a one-line {record.verdict!r} would not: say the scope in qualifier",
            )
        if {claim.relation for claim in record.claims} != {"rich_in"}:
            continue
        if record.verdict == "mixed" and len(record.claims) == 1 and _amounts(record) < 2:
            yield item.problem(
                "verdict",
                "one food's amount of one nutrient is not 'mixed': that is a verdict on a"
                " list; judge this food's amount (supported / not supported)",
            )
        if record.verdict != "not assessed" and _TOOL_CUTOFF.search(record.summary):
            yield item.problem(
                "verdict",
                "the verdict rests on the tool's own 'rich' cut-off, not on a source: give the"
                " amounts and 'not assessed', or cite a source that judges this food",
            )
        modest = _MODEST_WORDS.search(record.summary)
        if record.verdict == "supported" and modest and not record.qualifier:
            yield item.problem(
                "verdict",
                f"the summary calls a source {modest[0]!r}, so 'rich in' is not plainly"
                " supported: give mixed or not supported, or say in qualifier which item",
            )


def _amounts(record: Any) -> int:
    """How many per-100 g figures a record's summary gives: one food item, or several."""
    return len(re.findall(r"\b(?:mg|µg) per 100 g\b", record.summary))


def guidance_grades(name: str, verdict: str) -> bool:
    """Tell whether crediting ``verdict`` to ``name`` has guidance grade evidence.

    Examples
    --------
    >>> guidance_grades("guidance", "insufficient"), guidance_grades("guidance", "supported")
    (True, False)
    """
    return name == "guidance" and verdict not in GUIDANCE_VERDICTS


def check_quote_strengths(edges: Sequence[_Item]) -> Iterator[Problem]:
    """Report hearsay quotes that go on, after a dash, in the source's own voice."""
    for item in edges:
        for index, prov in enumerate(item.record.provenance):
            if prov.strength == "anecdotal" and re.search(r"\s[-\u2013\u2014]\s", prov.quote):
                yield item.problem(
                    f"provenance[{index}].strength",
                    "the quote goes on after a dash in the source's own voice: that part is"
                    " not hearsay; quote only the hearsay, or mark the claim 'states'",
                )
