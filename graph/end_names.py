"""How an edge names its ends: in the source's own words wherever they differ from a node's.

Run by ``graph.load`` with the checks of ``graph.scope``:

* ``check_subject_names``: an edge's narrower name of its subject (``subject_as``:
  "medications (magnesium and calcium with vitamin D)") is the source's, found in the
  paragraph it quotes (ninth read, #2).
* ``check_wider_words``: a quote that names an end only in wider words ("legs" where the
  tool reads the calf: ``Node.wider_words``) gives them in ``said_as``, found in the
  quote, so no sentence says the source spoke of the calf (fifteenth read, #4).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol

from .errors import Problem
from .schema import Node

__all__ = ["check_subject_names", "check_wider_words", "wider_words_in"]


class _Item(Protocol):
    record: Any

    def problem(self, field: str, message: str) -> Problem: ...


_JOINERS = frozenset({"and", "or", "with", "of", "the", "a", "an", "in", "for"})


def check_subject_names(edges: Sequence[_Item], texts: dict[str, str]) -> Iterator[Problem]:
    """Report a ``subject_as`` some word of which is not in the paragraph of any of the
    edge's quotes: the narrower name is the source's own, never the tool's gloss."""
    for item in edges:
        edge = item.record
        if not edge.subject_as:
            continue
        paragraphs = [
            paragraph.lower()
            for prov in edge.provenance
            for paragraph in texts.get(prov.source, "").split("\n")
            if prov.quote in paragraph
        ]
        if not paragraphs:
            continue  # a quote not in its source is reported by the loader
        words = set(re.findall(r"[a-z]+", edge.subject_as.lower())) - _JOINERS
        if not any(all(re.search(rf"\b{word}\b", text) for word in words) for text in paragraphs):
            yield item.problem(
                "subject_as",
                f"{edge.subject_as!r} is not said in the paragraph of any quote of the claim:"
                " name the subject in the source's words",
            )


def _says(words: str, quote: str) -> bool:
    return re.search(rf"\b{re.escape(words)}\b", quote, re.IGNORECASE) is not None


def _without_own_names(quote: str, node: Node) -> str:
    """``quote`` with the node's own names (label, synonyms, plurals) taken out, so the
    "muscle cramps" of "calf muscle cramps" is not read as wider words."""
    for name in sorted((node.label, *node.synonyms), key=len, reverse=True):
        quote = re.sub(rf"\b{re.escape(name)}(?:e?s)?\b", " ", quote, flags=re.IGNORECASE)
    return quote


def wider_words_in(quotes: Sequence[str], node: Node) -> list[str]:
    """The words of ``quotes`` that name ``node`` more widely than it is (its
    ``wider_words``), as the quotes spell them: what a claim's ``said_as`` must give.
    Shared by validation (``check_wider_words``) and ingest's proposals."""
    found = []
    for quote in quotes:
        rest = _without_own_names(quote, node)
        for words in node.wider_words:
            match = re.search(rf"\b{re.escape(words)}\b", rest, re.IGNORECASE)
            if match and match.group(0) not in found:
                found.append(match.group(0))
    return found


def check_wider_words(edges: Sequence[_Item], nodes: Mapping[str, Node]) -> Iterator[Problem]:
    """Report an edge whose quote names an end in that node's wider words (``wider_words``)
    with no ``said_as`` for that end, and a ``said_as`` its quotes do not say."""
    for item in edges:
        edge = item.record
        for end, words in edge.said_as.items():
            if not any(_says(words, prov.quote) for prov in edge.provenance):
                yield item.problem(
                    f"said_as.{end}", f"{words!r} is not in any quote of the claim: give its words"
                )
        for end in ("subject", "object"):
            node = nodes.get(getattr(edge, end))
            wider = wider_words_in([prov.quote for prov in edge.provenance], node) if node else []
            if wider and end not in edge.said_as:
                yield item.problem(
                    "said_as",
                    f"the quote says {wider[0]!r}, wider than {node.label!r}: give the quote's"
                    f" words for the {end} (said_as: {{{end}: ...}}), so no sentence reads them"
                    f" as {node.label!r} in the source's voice",
                )
