"""The Curate view's article, sentence by sentence, where selecting words quotes them.

``article_payload`` is the pure part: the article's sentences with their character
offsets and the known nodes they name. ``article_selector`` draws it with
``st.components.v2`` (text reaches the page only as DOM text nodes, never as markup) and
reports the span the curator selected with the mouse (Shift and the arrow keys extend it),
as offsets into the source text, so the quote taken from it is verbatim by construction.

Browser tests find ``[data-testid="curate-article"]`` inside the component's shadow root;
each sentence is a ``.curate-sentence`` with ``data-start`` (its offset in the source),
known nodes are ``mark.curate-mention``, and the last selection reported is the root's
``data-selection`` (``"START-END"``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import streamlit as st

from graph.assets import json_for_script, render_template, static_text
from graph.clauses import split_clauses
from graph.cues import CUE_PATTERNS
from graph.extract import split_into_sentences
from graph.mentions import TermIndex, find_mentions

from .component import SELECT_EVENT, mount_clickable

__all__ = [
    "MAX_QUOTE",
    "article_payload",
    "article_selector",
    "parse_span",
    "quote_spans",
    "relation_in",
]

MAX_QUOTE = 2_000
"""The longest selection taken as a quote, in characters (a claim's quote is short)."""

_SELECTOR = st.components.v2.component(
    "cramp_atlas_curate_article",
    js=render_template(
        "streamlit-curate-select.js", config=json_for_script({"selectEvent": SELECT_EVENT})
    ),
    css=static_text("curate-select.css"),
)


def article_payload(
    text: str, index: TermIndex, *, claimed: Collection[int] = ()
) -> list[dict[str, Any]]:
    """The article's sentences for the selector: offsets, pieces, known nodes marked.

    Each sentence's pieces joined are exactly ``text[start:end]``, so an offset the
    browser counts inside a sentence is an offset into ``text``.

    Parameters
    ----------
    text
        The source text.
    index
        The known nodes' names (``graph.mentions.term_index``).
    claimed
        Indexes of the sentences a candidate already quotes; they are marked.

    Returns
    -------
    list of dict
        One per sentence: ``index``, ``start``, ``end``, ``claimed`` and ``pieces``
        (``{"text": ..., "node": node id or None}``).

    Examples
    --------
    >>> from graph.mentions import term_index
    >>> sentence = article_payload("Almonds help. Rest.", term_index([("almonds", ["almonds"])]))[0]
    >>> [(p["text"], p["node"]) for p in sentence["pieces"]]
    [('Almonds', 'almonds'), (' help.', None)]
    """
    sentences = []
    for sentence in split_into_sentences(text):
        pieces, at = [], 0
        for mention in find_mentions(sentence.text, index):
            if mention.start > at:
                pieces.append({"text": sentence.text[at : mention.start], "node": None})
            pieces.append({"text": mention.text, "node": mention.node_id})
            at = mention.end
        if at < len(sentence.text):
            pieces.append({"text": sentence.text[at:], "node": None})
        sentences.append(
            {
                "index": sentence.index,
                "start": sentence.start,
                "end": sentence.end,
                "claimed": sentence.index in claimed,
                "pieces": pieces,
            }
        )
    return sentences


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Every sentence of ``text``, each followed by its clauses when it has several.

    The spans a curator can pick as a quote without a mouse; each is an offset pair into
    ``text``, trimmed of spaces and of the commas around a clause.

    Examples
    --------
    >>> text = "Salt helps; it also hurts. Rest."
    >>> [text[a:b] for a, b in quote_spans(text)]
    ['Salt helps; it also hurts.', 'Salt helps', 'it also hurts.', 'Rest.']
    """
    spans: list[tuple[int, int]] = []
    for sentence in split_into_sentences(text):
        spans.append((sentence.start, sentence.end))
        clauses = split_clauses(sentence.text)
        if len(clauses) < 2:
            continue
        for start, end in clauses:
            piece = sentence.text[start:end]
            lead = len(piece) - len(piece.lstrip(" ,"))
            trimmed = piece.strip(" ,")
            if trimmed:
                at = sentence.start + start + lead
                spans.append((at, at + len(trimmed)))
    return spans


def relation_in(quote: str) -> str | None:
    """The relation the first relation cue of ``quote`` suggests, as ingest reads it.

    Examples
    --------
    >>> relation_in("Almonds and spinach contain magnesium"), relation_in("Rest.")
    ('rich_in', None)
    """
    found = [
        (cue.start(), order, relation)  # on a tie, the cue ingest tries first
        for order, (pattern, _, relation, _) in enumerate(CUE_PATTERNS)
        for cue in [pattern.search(quote)]
        if cue is not None
    ]
    return min(found)[2] if found else None


def parse_span(value: object, text: str) -> tuple[int, int] | None:
    """Read a selection the browser reported (``"START-END"``) against ``text``.

    Returns the span with surrounding whitespace left out, or ``None`` when the value is
    malformed, out of range, blank or longer than ``MAX_QUOTE``.

    Examples
    --------
    >>> parse_span("3-11", "An  almond a day")
    (4, 10)
    >>> parse_span("9-2", "An almond"), parse_span("<b>", "An almond")
    (None, None)
    """
    if not isinstance(value, str) or value.count("-") != 1:
        return None
    first, _, last = value.partition("-")
    if not (first.isdigit() and last.isdigit()):
        return None
    start, end = int(first), int(last)
    if not 0 <= start < end <= len(text):
        return None
    chosen = text[start:end]
    start += len(chosen) - len(chosen.lstrip())
    end -= len(chosen) - len(chosen.rstrip())
    if start >= end or end - start > MAX_QUOTE:
        return None
    return start, end


def article_selector(
    sentences: list[dict[str, Any]],
    text: str,
    *,
    key: str,
    height: int = 560,
    on_select: Callable[[str], None] | None = None,
) -> str | None:
    """Show the article; return the span (``"START-END"``) the curator just selected.

    Parameters
    ----------
    sentences
        From ``article_payload(text, ...)``.
    text
        The source text the offsets count into.
    key
        Widget key; keep it constant per source so reruns keep the scroll position.
    height
        Height of the article's scroll box in px.
    on_select
        Called with the validated span, as a Streamlit callback, before the rerun.

    Returns
    -------
    str or None
        The selection, trimmed of whitespace, in the run it caused; ``None`` otherwise,
        and for anything that is not a span of ``text`` (see ``parse_span``).
    """

    def _valid(value: object) -> str | None:
        span = parse_span(value, text)
        return None if span is None else f"{span[0]}-{span[1]}"

    return mount_clickable(
        _SELECTOR,
        key=key,
        height=height,
        data={"sentences": sentences},
        clicked=_valid,
        on_select=on_select,
    )
