"""The search's part of the explorer page: what it found, and the questions it leads to.

The finding is ``graph.query.search_hits`` and ``graph.suggest.suggest_questions``; this
module only words and draws it, every label through ``ui.text.escape_markdown``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from graph.query import Match
from graph.questions import EntryQuestion

from .text import escape_markdown

__all__ = ["offer_questions", "search_line"]


def search_line(matches: Sequence[Match], depth: int, *, hub: str | None = None) -> str:
    """One line of Markdown: how many matches, which, and how far around them is shown.

    ``depth`` is the neighbourhood depth the view uses (a search reaches one link less
    far than a focus: at 2, the matches' direct links). ``hub`` is the central node
    (``graph.query.central_node``): when it is one of several matches, the view does not
    walk through it (``graph.query.search_neighbourhood``), and the line says so.

    Examples
    --------
    >>> from graph.query import Match
    >>> hit = Match("sleep", "Sleep", "context", "night", 100.0, "synonym")
    >>> search_line([hit], 2)
    '**Search:** 1 match: Sleep, shown with its direct links.'
    """
    count = len(matches)
    one = count == 1
    names = ", ".join(escape_markdown(match.label) for match in matches)
    if depth <= 1:
        reach = "shown on its own" if one else "shown on their own"
    elif depth == 2:
        reach = "shown with its direct links" if one else "shown with their direct links"
    else:
        reach = f"shown with what lies up to {depth - 1:d} links from {'it' if one else 'them'}"
    line = f"**Search:** {count} {'match' if one else 'matches'}: {names}, {reach}."
    hub_label = next((match.label for match in matches if match.node_id == hub), None)
    if hub_label is not None and not one:
        line += (
            f" {escape_markdown(hub_label)} links to almost everything, so only its links"
            " to these are shown."
        )
    return line


def offer_questions(questions: Sequence[EntryQuestion], *, on_pick: Callable[[str], None]) -> None:
    """Buttons that open the plain questions a search leads to; nothing when there are none.

    Parameters
    ----------
    questions
        The questions to offer, best first (``graph.suggest.suggest_questions``).
    on_pick
        Called with the id of the question clicked.
    """
    if not questions:
        return
    st.caption("Questions this search leads to")
    for question in questions:
        st.button(
            escape_markdown(question.question),
            key=f"offer-{question.id}",
            on_click=on_pick,
            args=(question.id,),
            width="stretch",
        )
