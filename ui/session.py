"""The explorer's state in Streamlit's session, kept in step with the URL.

Widget keys equal the ``ui.state.ExplorerState`` field names, so the widgets hold the
state; the URL's query parameters are its shareable copy. ``read_url`` takes the URL as
the truth when it disagrees with the widgets (an opened link, the back or forward
button); ``sync_url`` writes the widgets' state back after every change.
``sends_graph_first`` keeps the session's first page load short: the graph first, the
rest once it has been drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace

import networkx as nx
import streamlit as st

from graph.schema import NODE_TYPES, RELATIONS, STRENGTHS, VERDICTS

from .state import PARAMS, ExplorerState, Ignored, parse_query_params, to_query_params
from .text import escape_markdown

__all__ = [
    "FIELDS",
    "FILTERS",
    "clear_view",
    "current_state",
    "keep_hidden_widget_state",
    "node_picker",
    "read_url",
    "sends_graph_first",
    "set_state",
    "show_page",
    "sync_url",
    "url_params",
]

# Session-state keys that are not widgets, in one place.
INITIALISED = "_initialised"
URL_STATE = "_url_state"  # the query parameters last read from or written to the URL
GRAPH_FIRST = "_graph_first"  # the session's first explorer run sent the graph alone
PAGE = "_page"  # the view this run shows, which the URL's path names
PENDING = "_pending_url"  # a change of view's query, which the page switch writes
FIELDS = tuple(ExplorerState.__dataclass_fields__)

# The sidebar's filters: state field -> (title, vocabulary, how an entry reads, placeholder).
FILTERS: dict[str, tuple[str, dict, Callable[[str], str], str]] = {
    "node_types": ("Node types", NODE_TYPES, lambda name: NODE_TYPES[name].plural, "All types"),
    "relations": ("Relations", RELATIONS, lambda name: RELATIONS[name].label, "All relations"),
    "strengths": (
        "How it is said (article or tool)",
        STRENGTHS,
        lambda name: STRENGTHS[name].label,
        "All strengths",
    ),
    "verdicts": (
        "What the evidence says",
        VERDICTS,
        lambda name: f"{VERDICTS[name].icon} {VERDICTS[name].label}",
        "All verdicts",
    ),
}


def current_state() -> ExplorerState:
    """The state the widgets hold now."""
    values = {field: st.session_state[field] for field in FIELDS if field in st.session_state}
    for field, (_, vocabulary, _, _) in FILTERS.items():
        chosen = set(values.get(field) or ())
        values[field] = tuple(name for name in vocabulary if name in chosen)
    return ExplorerState(**values)


def url_params(state: ExplorerState) -> dict[str, str]:
    """The query parameters of the URL that restores ``state``: all but its view, which
    the URL's path names (``/present?tour=...``)."""
    return {name: value for name, value in to_query_params(state).items() if name != PARAMS["mode"]}


def read_url(
    graph: nx.MultiDiGraph, *, page: str, questions: Collection[str], tours: Collection[str]
) -> list[Ignored] | None:
    """Set the widgets from the URL when it disagrees with them; return what it ignored.

    ``page`` is the view the URL's path names. An older link's ``?mode=`` names the view
    instead, but only in the session's first run: a back button that returns to such an
    entry shows the view of its path, so it never sends the browser forward again.

    Returns ``None`` when the widgets already hold what the URL says (nothing was read),
    or when they hold a change of view made in the page, which the page switch writes
    to the URL; else each parameter of the link that was ignored (dropped from the
    address bar of a newly opened link, so it is a clean link again). Every value of a
    repeated parameter is read, so the link's rule for those is ``parse_query_params``'s.
    """
    url = st.query_params.to_dict()
    first = INITIALISED not in st.session_state
    held = url_params(current_state())
    pending = st.session_state.pop(PENDING, None)
    if not first and (held == pending or (st.session_state["mode"] == page and held == url)):
        return None
    given = {name: st.query_params.get_all(name) for name in st.query_params}
    state, ignored = parse_query_params(given, graph, questions=questions, tours=tours)
    if not (first and PARAMS["mode"] in url):
        state = replace(state, mode=page)
    for field in FIELDS:
        st.session_state[field] = getattr(state, field)
    st.session_state[INITIALISED] = True
    params = url_params(state)
    st.session_state[URL_STATE] = params
    if first and state.mode == page and (ignored or PARAMS["mode"] in url):
        st.query_params.from_dict(params)
    return ignored


def sends_graph_first() -> bool:
    """Whether this run sends the graph and what sits above it, and the rest later.

    True for a session's first run of the explorer, in a browser. On a fresh page load
    the browser renders every element of a run on one thread, so the sidebar's widgets,
    the details and the tables would otherwise be rendered before the graph is drawn;
    they come in the next run instead, which the canvas asks for once it has drawn
    (``graph_canvas(report_drawn=True)``) or the reader causes first. Every later run
    sends the whole page. A client that runs no script (``AppTest``; unlike a browser,
    it tells no time zone) could never ask, so it gets the whole page at once.
    """
    if GRAPH_FIRST in st.session_state or st.context.timezone is None:
        return False
    st.session_state[GRAPH_FIRST] = True
    return True


def sync_url() -> None:
    """Write the widgets' state to the URL, so the address bar is always a shareable link.

    After the URL has set the widgets (an opened link, the back or forward button),
    Streamlit calls their ``on_change`` at the start of the next run with the very values
    the URL gave them; writing those back would replace the address the browser's
    forward button just went to, so only a state the URL does not hold yet is written.

    A change of view with the View control is not written here: the page switch that
    follows (``st.switch_page`` in ``app.py``) writes the new path, the query unchanged;
    writing the query first would add a second entry to the browser's history, on the old
    path, and the back button would land on it. (A click in Compare changes view and
    query at once, so the browser makes that move itself: ``graph_canvas(explore_param=)``.)
    """
    params = url_params(current_state())
    if st.session_state.get("mode") != st.session_state.get(PAGE, st.session_state.get("mode")):
        st.session_state[PENDING] = st.session_state[URL_STATE] = params
        return
    if params == st.session_state.get(URL_STATE):
        return
    st.session_state[URL_STATE] = params
    st.query_params.from_dict(params)


def show_page(mode: str) -> None:
    """Record that this run shows the view ``mode`` (the one the URL's path names)."""
    st.session_state[PAGE] = mode


def set_state(**changes: object) -> None:
    """Change state from a button or a click, then keep the URL in step."""
    for field, value in changes.items():
        st.session_state[field] = value
    sync_url()


def clear_view() -> None:
    """Back to the whole graph, unfiltered (in the view the reader is in)."""
    default = ExplorerState()
    set_state(**{field: getattr(default, field) for field in FIELDS if field != "mode"})


def keep_hidden_widget_state() -> None:
    """Keep the state of widgets the current view does not draw.

    Streamlit forgets a widget's value in a run that does not draw it; re-assigning the
    values keeps a filter set in "Explore" alive across a visit to "Compare".
    """
    for field in FIELDS:
        if field in st.session_state:
            st.session_state[field] = st.session_state[field]


def node_picker(
    title: str,
    options: list[str],
    key: str,
    label: Callable[[str], str],
    *,
    placeholder: str,
) -> None:
    """A selectbox of nodes by label, with "nothing chosen" first, synced to the URL."""
    st.selectbox(
        escape_markdown(title),
        [None, *options],
        key=key,
        format_func=lambda node: placeholder if node is None else label(node),
        placeholder=placeholder,
        on_change=sync_url,
    )
