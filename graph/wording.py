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
* every amount a summary rates is called by the one rule's word at the nutrient's higher
  RDA (20% or more rich, 10-19% moderate, under 10% modest; sixth read, m3; sixteenth
  read, #4-5), and the verdict follows the rule on both bases, per 100 g and per portion:
  ``graph.portions.check_band_words`` and ``check_portion_rule`` (seventh read, #1).
* ``check_quote_strengths``: a hearsay quote that goes on in the source's own voice
  (after a dash) is not "anecdotal" (and ``graph.integrity.check_quote_wording`` refuses
  an "inferred" quote that says the relation and names the object in its own words).
* ``guidance_grades``: health services' guidance advises; it is never credited with
  grading evidence ("supported", "insufficient", "mixed", ...; fifth read M1).
* ``weighing_credited``: "mixed" and "insufficient" weigh several results against each
  other; a study (which finds an association or none) is never credited with them, nor
  reviews unless a systematic review, which weighs trials itself, is cited (fifth read M1).

From the fourth read (``check_fourth_read``, run by ``graph.integrity.check_row_scope``):

* a firm verdict from a facts row whose trials tested a form of the claim's subject
  (``TESTED_FORMS``: magnesium *supplements*) says that form in its qualifier, so it is
  never read as a verdict on the diet the tool reads the claim from (H1);
* a qualifier's scope (its first clause) names nothing whose own verdict on the cramp
  differs (calcium, tried only in pregnancy, under magnesium's "not supported": H2);
* a "no evidence found" record whose summary says a review or study found something
  says in a qualifier what nothing was found for ("for swimming itself": M1);
* ``misattributed``: no text credits a source with what it does not say (food tables
  "confirm" or "agree" that a food is rich, "lists the three", "the stretch they
  describe is ...", "(they name dairy)": M2, M3, M6, m6);
* ``unsourced_amounts``: a sentence giving an amount per 100 g names its food tables (m7).

From the sixth read: a later clause of a firm verdict's qualifier that speaks of the
evidence for something rated otherwise names that rating (M4); ``misattributed`` also
refuses "neither ... lists it" (M5) and a remedy rated effective that is not said to be a
different one (M4).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from .errors import Problem
from .kinds import AMOUNT_RELATIONS

__all__ = [
    "FIRM_VERDICTS",
    "GUIDANCE_VERDICTS",
    "MISATTRIBUTED",
    "OVERSTATED",
    "TESTED_FORMS",
    "check_fourth_read",
    "check_quote_strengths",
    "check_verdict_scope",
    "guidance_grades",
    "misattributed",
    "overstated",
    "unattributed_instructions",
    "unsourced_amounts",
    "weighing_credited",
]

FIRM_VERDICTS: frozenset[str] = frozenset({"supported", "not supported", "contradicted"})
"""Verdicts a one-line row states without hedging, so their scope must travel with them."""

GUIDANCE_VERDICTS: frozenset[str] = frozenset({"possible harm"})
"""What health services' guidance can be credited with: it warns of harm; it advises a
remedy without grading the evidence, so rating it (supported, insufficient, mixed ...) is
a review's or the tool's (fifth read M1)."""

WEIGHINGS: frozenset[str] = frozenset({"mixed", "insufficient"})
"""Verdicts that weigh several results against each other: no single study gives them."""

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
    (r"\b(?:is )?not (?:the )?standard practice\b", "not standard practice"),
    (r"\bno guidelines? recommends?\b", "no guideline recommends"),
)
"""Wordings that turn "none was found" into a fact about the literature, with their names
("not studied" asserts what no source says; "no trials found for disease cramps" drops the
one small cirrhosis trial the magnesium review holds: third read, findings 3 and 4; "not
standard practice" and "no guideline recommends it" generalise from the two documents
that do not list it: fifth read, m1 and m2)."""

_TOOL_CUTOFF = re.compile(r"\bthe tool counts as rich\b", re.IGNORECASE)

TESTED_FORMS: dict[str, str] = {
    "E1": "supplement",
    "E5": "supplement",
    "E8": "supplement",
    "E16": "supplement",
}
"""What the trials of a facts row gave, where the row's claim is narrower than the claim in
graph terms: row E1 is "Magnesium supplements prevent cramps", while the graph's claim is
the tool's reading of the article's food advice (fourth read, H1)."""

MISATTRIBUTED: tuple[tuple[str, str], ...] = (
    (
        r"\b(?:USDA|food[- ]tables?)(?: data| food[- ]tables?)?\s+(?:confirms?|agrees?|finds?"
        r"|shows?|judges?)\b",
        "food tables judging",
    ),
    (r"\bUSDA food tables: [^.;]*\b(?:rich|modest|moderate|poor)\b", "food tables judging"),
    (r"\blists? the three\b", "lists the three"),
    (r"\bthe stretch they describe is\b", "the stretch they describe is"),
    (r"\bbut show pulling the foot toward you\b", "but show pulling the foot"),
    (r"\(they name dairy\)", "they name dairy"),
    (r"\bneither\b[^.;]*\blists? (?:it|them)\b", "neither ... lists it"),
    (
        r"\brates? (?!(?:a |an )?(?:different|other)\b)[\w ,]{1,60}?"
        r" (?:as )?(?:possibly|probably|likely) effective\b",
        "rates another remedy effective, not said to be another",
    ),
    (
        r"\bthe evidence (?:is|was|seems|looks|remains) (?:\w+ )?(?:mixed|insufficient|supported"
        r"|not supported|contradict\w*|weak|strong|conflicting)\b",
        "the evidence is ..., a verdict no one gives",
    ),
)
"""Wordings that credit a source with what it does not say, with their names: USDA tables
give amounts, "rich" is the tool's reading (M6); a family-medicine review lists magnesium,
so not "the three" (M3); NHS-derived guidance describes the wall stretch too (M2); no
named source "names dairy" (m6). From the sixth read: "neither ... lists it" said of
prescribed magnesium, calcium and vitamin D, while the family-medicine review lists
magnesium (with limited evidence; M5), so an absence names what is absent; and a remedy a
source rates effective beside a verdict on another is said to be a different one
("rates a different supplement, vitamin B complex, possibly effective"; M4). "The
evidence is mixed" names no one who rates it, nor the claim (sixteenth read, #2, #3)."""

_AMOUNT = re.compile(r"\b\d[\d,.]* (?:mg|µg)(?: of \w+)? per 100 g\b|\(\d+ and \d+ mg per 100 g\)")
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z])")
_FINDS = re.compile(r"\b(?:review|trial|study|survey)\b[^.;]*\bfinds?\b", re.IGNORECASE)


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


def misattributed(text: str) -> list[str]:
    """Return the wordings of ``MISATTRIBUTED`` that ``text`` uses.

    Examples
    --------
    >>> misattributed("USDA data confirm that almonds are rich; USDA food tables agree.")
    ['food tables judging']
    >>> misattributed("USDA food tables give raw almonds 270 mg per 100 g.")
    []
    """
    flat = " ".join(text.split())
    return [name for pattern, name in MISATTRIBUTED if re.search(pattern, flat, re.IGNORECASE)]


def unsourced_amounts(text: str) -> list[str]:
    """Return the sentences of ``text`` that give an amount per 100 g without naming USDA.

    Examples
    --------
    >>> unsourced_amounts("Lemon is a poor source (8 and 26 mg per 100 g).")
    ['Lemon is a poor source (8 and 26 mg per 100 g).']
    >>> unsourced_amounts("USDA food tables give lemon 8 mg of magnesium per 100 g.")
    []
    """
    sentences = _SENTENCE_END.split(" ".join(text.split()))
    return [one for one in sentences if _AMOUNT.search(one) and "USDA" not in one]


_INSTRUCTION = re.compile(
    r"^(?:Face|Stand|Sit|Pull|Hold|Rub|Prick|Pinch|Stretch|Eat|Drink|Take|Move|Put)\b"
)


def unattributed_instructions(text: str) -> list[str]:
    """Return the sentences of ``text`` that give a health instruction in no one's voice.

    An instruction said by the tool ("Face a wall, hands on it, feet back.") is advice
    nobody gave; it says whose it is ("The article's stretch: face a wall ...": sixth
    read, m6).

    Examples
    --------
    >>> unattributed_instructions("Face a wall, hands on it. The article says it helps.")
    ['Face a wall, hands on it.']
    >>> unattributed_instructions("The article's stretch: face a wall, hands on it.")
    []
    """
    sentences = _SENTENCE_END.split(" ".join(text.split()))
    return [one for one in sentences if _INSTRUCTION.search(one)]


def check_fourth_read(items: Sequence[_Item]) -> Iterator[Problem]:
    """Report the fourth read's kinds of error in evidence records (see the module doc)."""
    outcome = _outcome_verdicts(items)
    for item in items:
        record = item.record
        form = TESTED_FORMS.get(record.facts_row or "")
        judged = record.verdict not in _UNJUDGED and not record.outside_row
        if form and judged and form not in record.qualifier:
            yield item.problem(
                "qualifier",
                f"row {record.facts_row}'s trials tested {form}s: a {record.verdict!r} read"
                f" alone would judge every form; say {form!r} in qualifier",
            )
        yield from _scoped_parts(item, outcome)
        if record.verdict == "no evidence found" and not record.qualifier:
            found = _FINDS.search(record.summary)
            if found:
                yield item.problem(
                    "qualifier",
                    f"the summary says {found[0]!r}: a bare 'no evidence found' would deny it;"
                    " say in qualifier what nothing was found for",
                )
        for field in ("summary", "note", "qualifier"):
            text = getattr(record, field, "") or ""
            for name in misattributed(text):
                yield item.problem(field, f"says {name!r}: credit each source with what it says")
            for sentence in unsourced_amounts(text):
                yield item.problem(field, f"gives an amount with no source: {sentence!r}")
    yield from _same_evidence_same_verdict(items)


def _same_evidence_same_verdict(items: Sequence[_Item]) -> Iterator[Problem]:
    """Two records of one facts row on claims of one relation and object, one citing no work
    the other does not, give one verdict: the same guidance cannot back the toe pull and
    leave the wall stretch "insufficient" (sixth read, m2). Amount claims are each food's
    own and are left out."""
    by_claim: dict[tuple[str, str, str], list[_Item]] = {}
    for item in items:
        record = item.record
        # An amount is each food's own (one table, many foods), so amounts are left out.
        pairs = {
            (c.relation, c.object) for c in record.claims if c.relation not in AMOUNT_RELATIONS
        }
        for pair in pairs:
            if record.facts_row and record.citations:
                by_claim.setdefault((record.facts_row, *pair), []).append(item)
    for group in by_claim.values():
        for item in group:
            for other in group:
                record, wider = item.record, other.record
                narrower = set(record.citations) <= set(wider.citations)
                if record is not wider and narrower and record.verdict != wider.verdict:
                    yield item.problem(
                        "verdict",
                        f"{record.verdict!r}, while record {wider.id!r} gives"
                        f" {wider.verdict!r} on the same row, relation and works: one verdict",
                    )


_JUDGES = re.compile(r"\b(?:tri(?:ed|als?)|tested|results?|evidence|effective)\b")


def _scoped_parts(item: _Item, outcome: dict[str, set[str]]) -> Iterator[Problem]:
    """A firm verdict's scope (the qualifier's first clause) names nothing whose own verdict
    on the cramp differs (fourth read, H2), and any later clause that speaks of its
    evidence names that verdict ("calcium: insufficient, tried only in pregnancy"), so one
    verdict never covers parts its evidence rates otherwise (sixth read, M4). A narrow
    headline whose qualifier opens with a firm verdict on a part ("insufficient (not
    supported for magnesium supplements ...)") is held to that part's verdict (tenth pass)."""
    record = item.record
    clauses = [clause.casefold() for clause in record.qualifier.split(";")]
    firm = record.verdict if record.verdict in FIRM_VERDICTS else None
    firm = firm or next((v for v in FIRM_VERDICTS if clauses[0].strip().startswith(f"{v} ")), None)
    if firm is None:
        return
    for subject, verdicts in outcome.items():
        if firm in verdicts:
            continue
        for number, clause in enumerate(clauses):
            if not re.search(rf"\b{re.escape(subject)}\b", clause):
                continue
            if number == 0:
                yield item.problem(
                    "qualifier",
                    f"the scope names {subject!r}, whose own verdict on the cramp is"
                    f" {' / '.join(sorted(verdicts))}: scope the verdict to what it judges",
                )
            elif _JUDGES.search(clause) and not any(verdict in clause for verdict in verdicts):
                yield item.problem(
                    "qualifier",
                    f"a clause names {subject!r} under {firm!r}, but its own verdict"
                    f" is {' / '.join(sorted(verdicts))}: say that verdict in the clause",
                )


_OUTCOMES = frozenset({"calf-cramp", "cramp-prevention"})
_UNJUDGED = frozenset({"not assessed", "no evidence found"})


def _outcome_verdicts(items: Sequence[_Item]) -> dict[str, set[str]]:
    """The verdicts each subject gets on the cramp itself, by subject named in words: its
    record's headline, and any a qualifier clause opens with for a part ("not supported for
    magnesium supplements in older adults"; seventh read, #3)."""
    verdicts: dict[str, set[str]] = {}
    for item in items:
        record = item.record
        parts = {
            verdict
            for clause in (record.qualifier or "").split(";")
            for verdict in FIRM_VERDICTS
            if clause.strip().casefold().startswith(f"{verdict} ")
        }
        for claim in record.claims:
            if claim.object in _OUTCOMES and claim.relation != "occurs_during":
                words = claim.subject.replace("-", " ")
                verdicts.setdefault(words, set()).update({record.verdict} | parts)
    return verdicts


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
        one_food = len(record.claims) == 1 and _amounts(record) < 2
        one_basis = "per 100 g" not in (record.qualifier or "")
        if record.verdict == "mixed" and one_food and one_basis:
            yield item.problem(
                "verdict",
                "one food's amount of one nutrient is 'mixed' only when its two bases"
                " differ: say them in qualifier ('rich per 100 g, modest per handful')",
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
    >>> guidance_grades("guidance", "insufficient"), guidance_grades("guidance", "possible harm")
    (True, False)
    """
    return name == "guidance" and verdict not in GUIDANCE_VERDICTS


def weighing_credited(name: str, verdict: str, cited: set[str]) -> str:
    """Why crediting ``verdict`` to ``name`` (a ``VERDICT_SOURCES`` name), given the kinds
    of work ``cited``, gives works a weighing they do not make; ``""`` when it does not.

    Examples
    --------
    >>> weighing_credited("studies", "mixed", {"cross-sectional"})[:30]
    'a study finds an association o'
    >>> weighing_credited("reviews", "mixed", {"review", "cross-sectional"})[:30]
    'only a systematic review weigh'
    >>> weighing_credited("reviews", "insufficient", {"systematic review"})
    ''
    """
    if verdict not in WEIGHINGS:
        return ""
    if name in ("studies", "studies and guidance"):
        return (
            f"a study finds an association or none, not evidence {verdict!r}: that is the"
            " tool's weighing (verdict_by: none)"
        )
    if name == "reviews" and "systematic review" not in cited:
        return (
            f"only a systematic review weighs trials to {verdict!r}, and none is cited: that"
            " is the tool's weighing (verdict_by: none)"
        )
    return ""


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
