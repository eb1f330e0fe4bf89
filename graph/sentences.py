"""Claims told as plain sentences: one edge, a path's steps, the evidence overview.

Each sentence says who makes the claim and how firmly, what reviews say of it and how much
of a nutrient a food holds (wording from ``narrate``), with the quotes that ground it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import networkx as nx

from .evidence import citation_rows, edge_evidence, edge_verdict, verdict_name
from .narrate import (
    amount_sentence,
    claim_sentence,
    edge_verdict_note,
    edge_verdict_sentence,
    lower_first,
    verdict_label,
    verdict_source,
)
from .paths import Path
from .schema import RELATIONS, VERDICTS

__all__ = [
    "Sentence",
    "amount_phrase",
    "evidence_overview",
    "find_reference",
    "narrate_path",
    "reference_short",
    "sentence_for_edge",
]


@dataclass(frozen=True, slots=True)
class Sentence:
    """A plain-language sentence for one edge, with the quotes that ground it.

    ``text`` says who makes the claim and how firmly (``narrate.claim_sentence``: "The
    article says that ...", "The tool infers that ..."). ``verdict`` is what reviews say of
    the claim; ``note`` warns of a weak link ("Reviews find little support for this
    claim.", empty when the verdict is not a weak one) and ``amount`` says how much of a
    nutrient a usual portion of a food holds, by its food table (empty unless the edge has
    amounts). ``narration`` joins the three.
    """

    text: str
    edge: tuple[str, str, str]
    strength: str
    provenance: tuple[dict, ...]
    verdict: str = "not assessed"
    note: str = ""
    amount: str = ""

    @property
    def narration(self) -> str:
        """The sentence, then the amount and the note, as narration reads them out."""
        return " ".join(part for part in (self.text, self.amount, self.note) if part)


def _share_words(share: float) -> str:
    """A share of a daily need as a whole percentage ("18%"), so it is never rounded up
    to a fraction it does not reach (77 mg is 18% of 420 mg, not "a fifth")."""
    return "under 1%" if share < 0.005 else f"{math.floor(share * 100 + 0.5)}%"


def _about(value: float) -> str:
    """A figure as one says it: whole units (half up) from 1 on, one decimal below."""
    if value >= 1:
        return str(math.floor(value + 0.5))
    return f"{value:.1f}"


def _grams(value: float) -> str:
    return f"{value:g} g"


def amount_phrase(
    graph: nx.MultiDiGraph, edge: tuple[str, str, str], *, grams: float | None = None
) -> str:
    """Say how much of the nutrient a portion of the food holds, and what share of a day's need.

    Uses the edge's first amount (the food item the curator lists first) and computes the
    portion from its per-100 g value: ``grams`` if given, else the item's usual serving,
    else 100 g. The share is derived from the nutrient's adult daily intakes (a range when
    they differ, e.g. for men and women). Returns ``""`` when the edge has no amounts.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> import textwrap
    >>> phrase = amount_phrase(graph, ("almonds", "magnesium", "rich_in"), grams=30)
    >>> print(textwrap.fill(phrase, 80))
    According to USDA SR Legacy, 30 g of almonds (raw) gives about 81 mg of
    magnesium, 19-25% of the RDA for men 31+ and women 31+ (the tool derives the
    share from the RDA).
    """
    obj = edge[1]
    amounts = graph.edges[edge].get("amounts") or ()
    if not amounts:
        return ""
    if grams is not None and not (isinstance(grams, int | float) and 0 < grams <= 10_000):
        raise ValueError(f"grams must be more than 0 and at most 10000 (got {grams!r})")
    amount = amounts[0]
    serving = amount.get("serving") or {}
    if grams is not None:
        portion, weight = _grams(grams), grams
    elif serving.get("grams"):
        portion, weight = f"{serving['label']} ({_grams(serving['grams'])})", serving["grams"]
    else:
        portion, weight = "100 g", 100.0
    value = amount["per_100g"] * weight / 100
    food = amount["item"].split(",")[0]
    food = lower_first(food) + (f" ({amount['state']})" if amount.get("state") else "")
    intakes = [
        intake
        for intake in graph.nodes[obj].get("daily_intake", ())
        if intake["unit"] == amount["unit"]
    ]
    # The largest need gives the smallest share: "18-24%".
    largest_first = sorted(intake["amount"] for intake in intakes)[::-1]
    shares = list(dict.fromkeys(_share_words(value / need) for need in largest_first))
    if len(shares) == 2 and all(share[0].isdigit() for share in shares):
        shares = [f"{shares[0][:-1]}-{shares[1]}"]
    return amount_sentence(
        reference_short(graph, amount["source"]),
        portion,
        food,
        f"{_about(value)} {amount['unit']}" if value > 0 else None,
        lower_first(graph.nodes[obj]["label"]),
        " to ".join(shares),
        groups=list(dict.fromkeys(intake["group"] for intake in intakes)),
    )


def find_reference(graph: nx.MultiDiGraph, key: str) -> dict | None:
    """The reference dict with ``key`` from the graph's ``references``, or ``None``.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> find_reference(build_graph(load_knowledge_base()), "usda-sr-legacy")["short"]
    'USDA SR Legacy'
    """
    return next(
        (ref for ref in graph.graph.get("references", ()) if ref["key"] == key),
        None,
    )


def reference_short(graph: nx.MultiDiGraph, key: str) -> str:
    """A work's short name ("USDA SR Legacy") by its key, or the key when no work has it."""
    reference = find_reference(graph, key)
    return reference["short"] if reference else key


def sentence_for_edge(graph: nx.MultiDiGraph, edge: tuple[str, str, str]) -> Sentence:
    """Say one edge in plain words: who makes the claim, and as firmly as they make it.

    The sentence also carries the edge's verdict, a note when the verdict makes the step a
    weak link, and, for a food rich in a nutrient, how much a usual portion holds.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> sentence_for_edge(graph, ("almonds", "magnesium", "rich_in")).text
    'The article lists almonds among foods rich in magnesium (and calcium).'
    >>> sentence = sentence_for_edge(graph, ("lemon-rub", "calf-cramp", "relieves"))
    >>> print(sentence.text)  # doctest: +NORMALIZE_WHITESPACE
    The article reports that many recommend rubbing with a cut lemon, and itself states
    that it relieves calf muscle cramp.
    >>> sentence.verdict
    'no evidence found'
    >>> sentence.note.startswith("The tool: no evidence found for this claim")
    True
    """
    data = graph.edges[edge]
    return Sentence(
        claim_sentence(graph, edge),
        edge,
        data["strength"],
        data["provenance"],
        verdict=verdict_name(graph, edge),
        note=edge_verdict_note(graph, edge),
        amount=amount_phrase(graph, edge),
    )


def evidence_overview(graph: nx.MultiDiGraph) -> list[dict]:
    """Every claim of ``graph`` with what reviews say of it: one row per edge.

    Rows are ordered by verdict (as ``schema.VERDICTS`` lists them), then by subject label,
    relation (as ``schema.RELATIONS`` lists them) and object label, so the same graph
    always gives the same table. Each row is a JSON-safe dict: ``subject``, ``relation``,
    ``object``, ``subject_label``, ``object_label``, ``claim`` (the claim in words,
    saying who makes it), ``strength``, ``quotes`` (list of str), ``verdict``,
    ``verdict_label``, ``icon``, ``summary`` (``""`` if no record covers the edge),
    ``evidence_id``,
    ``facts_row`` (``None`` when not from a facts row), ``verdict_by`` (who gives the
    verdict, as ``narrate.verdict_source`` words it), ``cited`` (short names joined by
    "; ") and ``citations`` (list of ``{"key", "short", "citation", "link"}``).

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> rows = evidence_overview(build_graph(load_knowledge_base()))
    >>> row = next(row for row in rows if row["subject"] == "almonds")
    >>> row["verdict"], row["facts_row"], row["cited"]
    ('supported', 'E15', 'USDA SR Legacy')
    >>> next(row for row in rows if row["subject"] == "seated-toe-pull")["verdict_by"]
    'The tool, weighing a review and two guidance pages'
    >>> next(row for row in rows if row["subject"] == "liver-disease")["verdict_by"]
    'The tool, weighing three studies'
    """
    order = {name: index for index, name in enumerate(VERDICTS)}
    relation_order = {name: index for index, name in enumerate(RELATIONS)}
    rows = []
    for subject, obj, key, data in graph.edges(keys=True, data=True):
        verdict = edge_verdict(graph, (subject, obj, key))
        evidence = edge_evidence(graph, (subject, obj, key))
        citations = citation_rows(evidence)
        rows.append(
            {
                "subject": subject,
                "relation": key,
                "object": obj,
                "subject_label": graph.nodes[subject]["label"],
                "object_label": graph.nodes[obj]["label"],
                "claim": claim_sentence(graph, (subject, obj, key), quoted=False),
                "strength": data["strength"],
                "quotes": [prov["quote"] for prov in data["provenance"]],
                "quote_sources": [prov["source"] for prov in data["provenance"]],
                "verdict": verdict.name,
                "verdict_label": verdict_label(graph, (subject, obj, key)),
                "icon": verdict.icon,
                "summary": evidence.get("summary", ""),
                "evidence_id": evidence.get("id"),
                "facts_row": evidence.get("facts_row"),
                "verdict_by": verdict_source(evidence),
                "cited": "; ".join(citation["short"] for citation in citations),
                "citations": citations,
            }
        )
    return sorted(
        rows,
        key=lambda row: (
            order[row["verdict"]],
            row["subject_label"].casefold(),
            relation_order.get(row["relation"], len(relation_order)),
            row["object_label"].casefold(),
            row["subject"],
            row["object"],
        ),
    )


def narrate_path(graph: nx.MultiDiGraph, path: Path) -> list[Sentence]:
    """One plain sentence per step of ``path``, each with its quotes and a word on its
    evidence, even when the verdict is a plain "supported": a path's reader checks every
    link, so no step is left without one (sixth read, m10).

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> from graph.paths import find_paths
    >>> path = find_paths(graph, "almonds", "cramp-prevention")[0]
    >>> first = narrate_path(graph, path)[0]
    >>> print(first.text)
    The article lists almonds among foods rich in magnesium (and calcium).
    >>> print(first.note)  # doctest: +NORMALIZE_WHITESPACE
    The tool (reading USDA food-table amounts: 20% or more of the higher RDA given is rich,
    10-19% moderate, less modest) finds this claim supported (rich per 100 g, moderate per
    1 oz handful).
    """
    said = (sentence_for_edge(graph, step.edge) for step in path.steps)
    return [
        sentence
        if sentence.note
        else replace(sentence, note=edge_verdict_sentence(graph, sentence.edge))
        for sentence in said
    ]
