"""The source reader: the article itself, each span that grounds a claim highlighted.

``source_reader`` draws a ``graph.source.reader_payload`` with ``st.components.v2`` (no
iframe, nothing fetched) and returns the claim the reader clicked. Every piece of text
reaches the page as a DOM text node (``textContent``) or an attribute value, never as
markup, so a source can hold ``<script>`` and still only show it.

What it shows, top to bottom: the coverage line ("27 of 36 sentences ground at least
one claim") with the sentences that ground none behind a disclosure, a legend of the
verdicts used, and the article in its own scroll box (headings as headings, lines as
paragraphs, about 70 characters a line). A highlight is tinted with its verdict's colour
and, so that colour is never the only cue, underlined with the verdict's dash pattern
(the reader's own cue; on the graph canvas a verdict is a middle marker) and followed by
the verdict's glyph (``schema.VERDICTS.icon``, e.g. a check mark for supported) at the
end of each run of one verdict.

Clicks: a highlight lists the claims it grounds, most cautionary verdict first (the one
its style shows; see ``graph.source``). A click reports the first of them, or, when the
selected claim is among them, the next one (wrapping around): clicking the same words
again steps through every claim they ground. Enter and Space on a focused highlight act
like a click.

Selection: ``selected_edge`` outlines every highlight of that claim and, when it changes
(or on the first draw), scrolls the reader's own box (never the page) so that its first
highlight is in view, unless it is already. A reader hidden in a tab scrolls as soon as
it is shown.

Browser tests find ``[data-testid="source-reader"]`` (inside the component's shadow
root; Playwright's CSS selectors pierce it). It carries ``data-key``,
``data-highlight-count``, ``data-selected-edge`` (``""`` when none) and, once drawn,
``data-ready="true"``; each highlight is a ``mark`` with ``data-edges="id1 id2"`` (space
separated, in the order clicks step through) and ``data-verdict``; the scroll box is
``[data-testid="source-reader-scroll"]``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from graph.assets import json_for_script, render_template, static_text

from .component import SELECT_EVENT, mount_clickable

__all__ = ["source_reader"]

# Registered once, when the module is imported; every mount reuses the definition.
_READER = st.components.v2.component(
    "cramp_atlas_source_reader",
    js=render_template(
        "streamlit-reader.js", config=json_for_script({"selectEvent": SELECT_EVENT})
    ),
    css=static_text("reader.css"),
)


def _clicked(value: Any, payload: Mapping[str, Any]) -> str | None:
    """Validate a click coming back from the browser: only claims the payload names pass."""
    if not isinstance(value, str):
        return None
    return value if value in payload.get("claims", {}) else None


def source_reader(
    passages_payload: Mapping[str, Any],
    *,
    key: str,
    selected_edge: str | None = None,
    height: int = 520,
    on_select: Callable[[str], None] | None = None,
) -> str | None:
    """Show a source with its grounding spans highlighted; return the claim clicked.

    Parameters
    ----------
    passages_payload
        From ``graph.source.reader_payload(graph, source_id, kb.source(source_id).text)``.
    key
        Widget key; keep it constant so reruns update the same reader (scroll kept).
    selected_edge
        The selected edge's id (``"subject|relation|object"``), or ``None``: its
        highlights are outlined and, when it changes, scrolled into view inside the
        reader. An id the source does not ground outlines nothing.
    height
        Height of the reader's scroll box in px (the coverage line and legend sit above).
    on_select
        Called with the clicked edge id (as a Streamlit callback, before the rerun).

    Returns
    -------
    str or None
        The edge id (``"subject|relation|object"``, as ``schema.Edge.key`` and the graph
        canvas) the reader clicked, in the run the click caused; ``None`` in every other
        run. Clicks are events, not state: keep the selection in ``st.session_state``
        and pass it back as ``selected_edge``. Values naming no claim of the payload are
        dropped.

    Raises
    ------
    ValueError
        If ``height`` is not a positive integer.
    """
    return mount_clickable(
        _READER,
        key=key,
        height=height,
        data={"payload": passages_payload, "selected": selected_edge},
        clicked=lambda value: _clicked(value, passages_payload),
        on_select=on_select,
    )
