"""How much of a source the knowledge base uses: sentences that ground a claim, and not.

Sentences are cut as the app's reader cuts them (``graph.source_text.split_sentences``,
headings left out), so ``coverage`` and the reader count the same sentences; each keeps
its place in that cut (headings numbered too) as its ``index``.

Examples
--------
>>> from graph.load import load_knowledge_base
>>> report = source_coverage(load_knowledge_base(), "calf-cramps-article")
>>> 0 < len(report.grounded) <= report.total
True
"""

from __future__ import annotations

from dataclasses import dataclass

from .extract import Sentence
from .ingest import known_names
from .mentions import find_mentions, term_index
from .schema import KnowledgeBase
from .source_text import split_sentences

__all__ = ["SourceCoverage", "source_coverage"]


@dataclass(frozen=True, slots=True)
class SourceCoverage:
    """Sentences of a source that ground a claim, and those that name nodes but ground none."""

    source_id: str
    total: int
    grounded: tuple[int, ...]
    unclaimed: tuple[tuple[Sentence, tuple[str, ...]], ...]
    """Sentences with known mentions but no claim, each with the node ids it names."""

    @property
    def share(self) -> float:
        """Share of the sentences that ground at least one claim."""
        return len(self.grounded) / self.total if self.total else 0.0


def source_coverage(kb: KnowledgeBase, source_id: str) -> SourceCoverage:
    """Measure how much of source ``source_id`` grounds claims of ``kb``.

    A sentence grounds a claim when a quote of an edge from this source overlaps it.

    Raises
    ------
    KeyError
        No such source.
    """
    text = kb.source(source_id).text
    spans = []
    for edge in kb.edges:
        for provenance in edge.provenance:
            if provenance.source != source_id:
                continue
            start = text.find(provenance.quote)
            while start != -1:
                spans.append((start, start + len(provenance.quote)))
                start = text.find(provenance.quote, start + 1)
    sentences = [
        Sentence(number, span.start, span.end, span.text)
        for number, span in enumerate(split_sentences(text))
        if not span.heading
    ]
    index = term_index(known_names(kb))
    grounded = []
    unclaimed = []
    for sentence in sentences:
        if any(s < sentence.end and sentence.start < e for s, e in spans):
            grounded.append(sentence.index)
            continue
        named = tuple(dict.fromkeys(m.node_id for m in find_mentions(sentence.text, index)))
        if named:
            unclaimed.append((sentence, named))
    return SourceCoverage(source_id, len(sentences), tuple(grounded), tuple(unclaimed))
