"""A source text as a reader sees it: sentences, the spans that ground claims, coverage.

The graph knows which quotes of a source ground which edges (each edge's ``provenance``);
the knowledge base holds the source's full text (``kb.source(source_id).text``). Every
function here takes both: the graph (or a read-only view of it: then only the view's
edges count), the source id and the text. None of them builds HTML: they return plain
strings and offsets, and the page turns them into DOM text nodes.

- ``source_text.split_sentences`` cuts a text into sentences and headings (its rules
  are told there).
- ``source_passages`` cuts it into passages (one per line of text, and the line breaks
  between them) and each passage into segments, each segment carrying the edges whose
  quotes cover it.
- ``coverage`` says how many sentences ground at least one claim, and which do not.
- ``reader_payload`` packs all three as the JSON-safe dict ``ui.reader`` draws.

Rules
-----
Quotes
    Every occurrence of every quote is highlighted, since the data cannot say which one
    the curator meant (the loader guarantees at least one; the seed's occur once each).
Segments
    Within a passage, a new segment starts exactly where the set of edges whose quote
    occurrences cover the text changes. So quotes may overlap freely (several edges
    sharing one quote, one quote inside another): each segment lists every edge whose
    quote covers all of it, and the characters of each occurrence are covered by
    segments that list its edge. Segments of a passage concatenate to the passage, and
    passages to the whole text, exactly.
Order and verdict of a segment
    A segment's edges are listed most cautionary verdict first (``CAUTION`` order), then
    by edge id; ``verdict`` is the first one's, so the style a reader sees is the claim
    a click selects first.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import networkx as nx

from .errors import AtlasError, UnknownName
from .evidence import verdict_name
from .schema import VERDICTS, graph_edge, graph_edge_id
from .sentences import sentence_for_edge
from .source_text import SentenceSpan, is_heading, split_sentences, text_lines

__all__ = [
    "CAUTION",
    "Coverage",
    "Passage",
    "QuoteNotFound",
    "Segment",
    "UnknownSource",
    "coverage",
    "reader_payload",
    "source_passages",
]

CAUTION: tuple[str, ...] = (
    "possible harm",
    "contradicted",
    "not supported",
    "no evidence found",
    "insufficient",
    "mixed",
    "supported",
    "not assessed",
)
"""Verdicts from the one a reader most needs to see to the one that says least.

When one stretch of text grounds several claims, it is styled by the first of their
verdicts in this order: a warning outranks reassurance, and "not assessed" (nobody
checked; often a definition such as "a deficiency of magnesium") shows only when
nothing else is known.
"""

_RANK = {name: index for index, name in enumerate(CAUTION)}


class UnknownSource(UnknownName):
    """The graph lists no source with this id."""

    def __init__(self, source_id: str, known: tuple[str, ...] = ()) -> None:
        self.source_id = source_id
        hint = f" (known: {', '.join(map(repr, known))})" if known else ""
        super().__init__(f"no source {source_id!r} in the graph{hint}")


class QuoteNotFound(AtlasError, ValueError):
    """A quote of an edge does not occur in the text given for its source."""

    def __init__(self, source_id: str, edge_id: str, quote: str) -> None:
        self.source_id = source_id
        self.edge_id = edge_id
        self.quote = quote
        super().__init__(
            f"{edge_id}: quote {quote!r} is not in the text of source {source_id!r}"
            " (pass that source's full text, kb.source(source_id).text)"
        )


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of a passage; ``edges`` are the ids of the claims its text grounds.

    ``edges`` is empty for plain text, and otherwise ordered most cautionary verdict
    first, then by id; ``verdict`` is the verdict of ``edges[0]`` (``None`` when plain).
    """

    start: int
    end: int
    text: str
    edges: tuple[str, ...] = ()
    verdict: str | None = None

    @property
    def is_highlight(self) -> bool:
        """Whether the segment grounds at least one claim."""
        return bool(self.edges)


@dataclass(frozen=True, slots=True)
class Passage:
    """One line of a text (``"heading"`` or ``"paragraph"``) or the breaks between lines.

    ``kind`` is ``"break"`` for whitespace between lines (newlines, blank lines), which a
    reader shows as the gap between blocks. ``segments`` concatenate to ``text``.
    """

    kind: str
    start: int
    end: int
    text: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of a source grounds claims: sentences (headings excluded) with a quote.

    A sentence grounds a claim when a quote occurrence of that source overlaps it by at
    least one character.
    """

    source_id: str
    grounded: tuple[SentenceSpan, ...]
    ungrounded: tuple[SentenceSpan, ...]

    @property
    def total(self) -> int:
        """Number of sentences (headings not counted)."""
        return len(self.grounded) + len(self.ungrounded)

    @property
    def line(self) -> str:
        """The coverage in words: ``"19 of 27 sentences ground at least one claim"``."""
        noun = "sentence" if self.total == 1 else "sentences"
        verb = "grounds" if len(self.grounded) == 1 else "ground"
        return f"{len(self.grounded)} of {self.total} {noun} {verb} at least one claim"


@dataclass(frozen=True, slots=True)
class _Occurrence:
    start: int
    end: int
    edge_id: str


def _check_source(graph: nx.MultiDiGraph, source_id: str) -> None:
    sources = graph.graph.get("sources", {})
    if source_id not in sources:
        raise UnknownSource(source_id, tuple(sorted(sources)))


def _grounding(
    graph: nx.MultiDiGraph, source_id: str, text: str
) -> tuple[list[_Occurrence], dict[str, str]]:
    """Every occurrence of every quote of ``source_id``, and each grounded edge's verdict."""
    occurrences: list[_Occurrence] = []
    verdicts: dict[str, str] = {}
    for subject, obj, key, data in graph.edges(keys=True, data=True):
        edge_id = graph_edge_id((subject, obj, key))
        for prov in data.get("provenance", ()):
            if prov["source"] != source_id:
                continue
            quote = prov["quote"]
            found = text.find(quote) if quote else -1
            if found < 0:
                raise QuoteNotFound(source_id, edge_id, quote)
            while found >= 0:
                occurrences.append(_Occurrence(found, found + len(quote), edge_id))
                found = text.find(quote, found + 1)
            verdicts[edge_id] = verdict_name(graph, (subject, obj, key))
    occurrences.sort(key=lambda occ: (occ.start, occ.end, occ.edge_id))
    return occurrences, verdicts


def _blocks(text: str) -> Iterator[tuple[str, int, int]]:
    """``(kind, start, end)`` of every passage, covering ``text`` end to end."""
    position = 0
    for start, end in text_lines(text):
        if start > position:
            yield "break", position, start
        yield ("heading" if is_heading(text[start:end]) else "paragraph"), start, end
        position = end
    if position < len(text):
        yield "break", position, len(text)


def _ordered(edge_ids: frozenset[str], verdicts: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(sorted(edge_ids, key=lambda edge_id: (_RANK[verdicts[edge_id]], edge_id)))


def _segments(
    text: str, start: int, end: int, occurrences: list[_Occurrence], verdicts: Mapping[str, str]
) -> tuple[Segment, ...]:
    """Cut ``text[start:end]`` where the set of covering edges changes."""
    cuts = {start, end}
    for occ in occurrences:
        if occ.start < end and start < occ.end:
            cuts.update(point for point in (occ.start, occ.end) if start < point < end)
    points = sorted(cuts)
    pieces: list[tuple[int, int, frozenset[str]]] = []
    for left, right in pairwise(points):
        covering = frozenset(
            occ.edge_id for occ in occurrences if occ.start <= left and right <= occ.end
        )
        if pieces and pieces[-1][2] == covering:
            pieces[-1] = (pieces[-1][0], right, covering)
        else:
            pieces.append((left, right, covering))
    segments = []
    for left, right, covering in pieces:
        edges = _ordered(covering, verdicts)
        verdict = verdicts[edges[0]] if edges else None
        segments.append(Segment(left, right, text[left:right], edges, verdict))
    return tuple(segments)


def source_passages(graph: nx.MultiDiGraph, source_id: str, text: str) -> list[Passage]:
    """Cut the text of ``source_id`` into passages and segments, marking what grounds claims.

    Parameters
    ----------
    graph
        The graph from ``build_graph``, or a read-only view of it: only its edges are
        highlighted. Its ``graph.graph["sources"]`` must list ``source_id``.
    source_id
        The source whose quotes to find.
    text
        That source's full text, ``kb.source(source_id).text`` (the graph does not hold
        source texts).

    Returns
    -------
    list of Passage
        In text order; their ``text`` concatenates to ``text`` exactly, and so do their
        segments'. Edge ids are ``"subject|relation|object"`` (``schema.Edge.key``).

    Raises
    ------
    UnknownSource
        If the graph lists no source ``source_id``.
    QuoteNotFound
        If a quote of one of its edges is not in ``text`` (the wrong text was passed).

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> kb = load_knowledge_base()
    >>> source = kb.source("calf-cramps-article")
    >>> passages = source_passages(build_graph(kb), source.id, source.text)
    >>> "".join(passage.text for passage in passages) == source.text
    True
    >>> segment = next(s for p in passages for s in p.segments if "helps quickly" in s.text)
    >>> segment.text, segment.edges, segment.verdict
    ('They say it helps quickly.', ('pin-prick|relieves|calf-cramp',), 'no evidence found')
    """
    _check_source(graph, source_id)
    occurrences, verdicts = _grounding(graph, source_id, text)
    return [
        Passage(
            kind, start, end, text[start:end], _segments(text, start, end, occurrences, verdicts)
        )
        for kind, start, end in _blocks(text)
    ]


def coverage(graph: nx.MultiDiGraph, source_id: str, text: str) -> Coverage:
    """Which sentences of the source ground at least one claim, and which ground none.

    Parameters and errors are those of ``source_passages``; pass the whole graph (not a
    filtered view) to measure the knowledge base rather than what is shown.

    Returns
    -------
    Coverage
        ``grounded`` and ``ungrounded`` sentences in text order; headings are left out.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> kb = load_knowledge_base()
    >>> source = kb.source("calf-cramps-article")
    >>> found = coverage(build_graph(kb), source.id, source.text)
    >>> found.ungrounded[0].text
    'What could be the cause of cramps in the calf muscles?'
    """
    _check_source(graph, source_id)
    occurrences, _ = _grounding(graph, source_id, text)
    grounded: list[SentenceSpan] = []
    ungrounded: list[SentenceSpan] = []
    for span in split_sentences(text):
        if span.heading:
            continue
        hit = any(occ.start < span.end and span.start < occ.end for occ in occurrences)
        (grounded if hit else ungrounded).append(span)
    return Coverage(source_id, tuple(grounded), tuple(ungrounded))


def reader_payload(graph: nx.MultiDiGraph, source_id: str, text: str) -> dict[str, Any]:
    """Everything ``ui.reader.source_reader`` draws for one source, as JSON-safe data.

    Parameters and errors are those of ``source_passages``.

    Returns
    -------
    dict
        ``source``: ``{"id", "title"}``.
        ``passages``: the headings and paragraphs in order (breaks left out), each
        ``{"kind": "heading" | "paragraph", "segments": [{"text", "edges", "verdict"}]}``
        with ``edges`` a list of edge ids (empty for plain text) and ``verdict`` a name
        in ``schema.VERDICTS`` or ``None``.
        ``claims``: edge id -> ``{"text", "verdict", "strength"}`` for every edge the
        source grounds (``text`` is the claim in words, as ``sentences.sentence_for_edge``).
        ``verdicts``: the verdicts used, in ``schema.VERDICTS`` order, each
        ``{"name", "label", "description", "colour", "icon", "dashes"}``.
        ``coverage``: ``{"total", "grounded", "line", "ungrounded"}``, the last a list of
        sentence texts.
        ``highlight_count``: how many highlighted segments the passages hold.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> kb = load_knowledge_base()
    >>> source = kb.source("calf-cramps-article")
    >>> payload = reader_payload(build_graph(kb), source.id, source.text)
    >>> payload["claims"]["lemon-rub|relieves|calf-cramp"]["verdict"]
    'no evidence found'
    """
    passages = source_passages(graph, source_id, text)
    found = coverage(graph, source_id, text)
    shown = [passage for passage in passages if passage.kind != "break"]
    grounded = sorted({edge for p in passages for s in p.segments for edge in s.edges})
    claims = {}
    for edge_id in grounded:
        sentence = sentence_for_edge(graph, graph_edge(edge_id))
        claims[edge_id] = {
            "text": sentence.text,
            "verdict": sentence.verdict,
            "strength": sentence.strength,
        }
    used = {claim["verdict"] for claim in claims.values()}
    return {
        "source": {"id": source_id, "title": graph.graph["sources"][source_id]["title"]},
        "passages": [
            {
                "kind": passage.kind,
                "segments": [
                    {"text": s.text, "edges": list(s.edges), "verdict": s.verdict}
                    for s in passage.segments
                ],
            }
            for passage in shown
        ],
        "claims": claims,
        "verdicts": [
            {
                "name": verdict.name,
                "label": verdict.label,
                "description": verdict.description,
                "colour": verdict.colour,
                "icon": verdict.icon,
                "dashes": list(verdict.dashes),
            }
            for verdict in VERDICTS.values()
            if verdict.name in used
        ],
        "coverage": {
            "total": found.total,
            "grounded": len(found.grounded),
            "line": found.line,
            "ungrounded": [span.text for span in found.ungrounded],
        },
        "highlight_count": sum(s.is_highlight for p in shown for s in p.segments),
    }
