"""The tool's one reading of a food's amount of a nutrient, per 100 g and per usual portion.

Nuts are not eaten 100 g at a time: a reading per 100 g alone called almonds "rich in
calcium" (27% of the RDA per 100 g) though a 1 oz handful gives 8% (seventh read, #1).
So every "rich in" claim on a food is read on BOTH bases, each as a share of the larger
adult RDA (20% or more rich, 10-19% moderate, under 10% modest):

* rich on both bases -> supported;
* rich on one basis only -> mixed ("rich per 100 g, modest per handful");
* rich on neither -> not supported.

A food holds several items (milk, cheddar; dry and cooked groats): it is rich on both
when one item is, rich on neither when none is rich on any basis. Where facts row E15
speaks of a food ("USDA data confirm almonds, walnuts, buckwheat and dry legumes are
Mg-rich and dairy is Ca-rich, but dried apricots/raisins are only modest Mg/Ca sources"),
its word is followed (``E15_READINGS``); the rule decides where it is silent.
``check_portion_rule`` holds every "rich in" record's verdict to it, ``check_band_words``
its summary's words (run by ``graph.load``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

from .errors import Problem
from .schema import Amount, Node

__all__ = [
    "BAND_RULE",
    "BAND_WORD",
    "E15_READINGS",
    "RICH_SHARE",
    "band",
    "band_words",
    "check_band_words",
    "check_portion_rule",
    "food_reading",
]

RICH_SHARE, MODERATE_SHARE = 20, 10
BAND_WORD = re.compile(r"\b(rich|moderate|modest)\b")
"""The rule's three words, wherever a text rates an amount by them."""
"""The shares of the RDA (%) from which an amount reads as rich, and as moderate."""

BAND_RULE = (
    f"{RICH_SHARE}% or more of the higher RDA given is rich, {MODERATE_SHARE}-{RICH_SHARE - 1}%"
    " moderate, less modest"
)
"""The rule said wherever a verdict rests on it, so no "rich" turns on an unstated line
(fifteenth read, #3)."""

E15_READINGS: Mapping[tuple[str, str], str] = {
    # Row E15: "almonds, walnuts, buckwheat and dry legumes are Mg-rich and dairy is Ca-rich".
    # Dry legumes only: the article's legumes are eaten cooked, so the rule reads them.
    ("almonds", "magnesium"): "supported",
    ("walnuts", "magnesium"): "supported",
    ("buckwheat", "magnesium"): "supported",
    ("dairy-products", "calcium"): "supported",
    # "... but dried apricots/raisins are only modest Mg/Ca sources".
    ("dried-apricots", "magnesium"): "not supported",
    ("dried-apricots", "calcium"): "not supported",
    ("raisins", "magnesium"): "not supported",
    ("raisins", "calcium"): "not supported",
}
"""The "rich in" verdicts row E15 gives itself, by (food, nutrient)."""


class _Item(Protocol):
    record: Any

    def problem(self, field: str, message: str) -> Problem: ...


def band(amount: float, rda: float) -> str:
    """Read ``amount`` as a share of ``rda``: 20% or more rich, 10-19% moderate, else modest.

    Examples
    --------
    >>> band(76, 1000), band(269, 1000), band(86, 420)
    ('modest', 'rich', 'rich')
    """
    share = int(100 * amount / rda)
    return "rich" if share >= RICH_SHARE else "moderate" if share >= MODERATE_SHARE else "modest"


def food_reading(amounts: Iterable[Amount], rda: float) -> str:
    """The rule's verdict on a food's "rich in" claim from its items' ``amounts``.

    Examples
    --------
    >>> from graph.schema import Amount, Serving
    >>> def item(per_100g, portion):
    ...     return Amount(item="x", usda_description="x", per_100g=per_100g, unit="mg",
    ...                   ndb="00000", source="s", serving=Serving(label="1 oz", amount=portion))
    >>> food_reading([item(269, 76)], 1000), food_reading([item(98, 28)], 1000)
    ('mixed', 'not supported')
    """
    readings = [
        (band(amount.per_100g, rda), band(amount.serving.amount, rda) if amount.serving else None)
        for amount in amounts
    ]
    if any(reading == ("rich", "rich") for reading in readings):
        return "supported"
    if any("rich" in reading for reading in readings):
        return "mixed"
    return "not supported"


def check_portion_rule(
    evidence: Sequence[_Item], edges: Sequence[_Item], nodes: Mapping[str, Node]
) -> Iterator[Problem]:
    """Report a one-food "rich in" record whose verdict is neither row E15's word for that
    food nor the rule's reading of its amounts on both bases (``food_reading``)."""
    amounts = {
        (item.record.subject, item.record.object): item.record.amounts
        for item in edges
        if item.record.relation == "rich_in" and item.record.amounts
    }
    for item in evidence:
        record = item.record
        if len(record.claims) != 1 or record.claims[0].relation != "rich_in":
            continue
        claim = record.claims[0]
        key = (claim.subject, claim.object)
        nutrient = nodes.get(claim.object)
        if key not in amounts or nutrient is None or not nutrient.daily_intake:
            continue
        rda = max(intake.amount for intake in nutrient.daily_intake)
        expected = E15_READINGS.get(key) or food_reading(amounts[key], rda)
        if record.verdict != expected:
            why = "row E15's word" if key in E15_READINGS else "the rule, per 100 g and per portion"
            yield item.problem(
                "verdict",
                f"{record.verdict!r} for {claim.key!r}: by {why} it is {expected!r}"
                " (rich on both bases: supported; on one: mixed; on neither: not supported)",
            )


_AMOUNT = re.compile(r"(?<![\d,.])(?<!the )(\d[\d,]*) mg\b(?! RDA)")
_RATED_OR_END = re.compile(rf"[;.]|{BAND_WORD.pattern}")
"""An amount in mg (an RDA, "the 1,000 mg RDA", "the 1,000 mg for adults", is none), and
what ends its clause or names its band: the first band word after an amount in its
clause is its rating."""


def band_words(text: str, rda: float) -> list[str]:
    """The amounts of ``text`` called by a band word the rule does not give them at ``rda``.

    Examples
    --------
    >>> band_words("98 mg (10% of the 1,000 mg RDA), which the tool reads as moderate", 1200)
    ["98 mg is 'modest' (8% of the RDA), not 'moderate'"]
    >>> band_words("276 mg (23-28%) and 201 mg (17-20%), which it reads as rich", 1200)
    ["201 mg is 'moderate' (16% of the RDA), not 'rich'"]
    >>> band_words("77 mg (18-24%), which it reads as moderate; 1 oz is 28 mg.", 420)
    []
    """
    text = " ".join(text.split())
    wrong = []
    for found in _AMOUNT.finditer(text):
        rated = _RATED_OR_END.search(text, found.end())
        if rated is None or rated[1] is None:
            continue  # no band word before the clause ends
        amount = float(found[1].replace(",", ""))
        expected = band(amount, rda)
        if rated[1] != expected:
            share = int(100 * amount / rda)
            wrong.append(f"{found[1]} mg is {expected!r} ({share}% of the RDA), not {rated[1]!r}")
    return wrong


def check_band_words(evidence: Sequence[_Item], nodes: Mapping[str, Node]) -> Iterator[Problem]:
    """Report a one-nutrient "rich in" record whose summary or qualifier calls an amount
    by a band word the rule does not give it at the nutrient's higher RDA ("98 mg ... a
    moderate source" at 8% of 1,200 mg: sixteenth read, #4)."""
    for item in evidence:
        record = item.record
        objects = {claim.object for claim in record.claims if claim.relation == "rich_in"}
        nutrient = nodes.get(next(iter(objects))) if len(objects) == 1 else None
        if nutrient is None or not nutrient.daily_intake:
            continue
        rda = max(intake.amount for intake in nutrient.daily_intake)
        for field in ("summary", "qualifier"):
            for wrong in band_words(getattr(record, field) or "", rda):
                yield item.problem(field, f"{wrong}: {BAND_RULE}")
