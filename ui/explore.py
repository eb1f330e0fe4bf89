"""The Explore page: what sits above the graph, the graph, then the sidebar, details and tabs.

Streamlit sends elements in the order the script makes them and the browser renders
them in that order on one thread, so the graph comes right after the few elements above
it (the questions, the notes, the search's line, the summary): they are in place before
it is drawn, so it never moves down. The page's other forty-odd elements (sidebar
widgets, details, tables) come after it; on a session's first load, only once it has
been drawn (``ui.session.sends_graph_first``). Containers made earlier keep their place
on the page, so what is sent later still shows beside or below the graph.
"""

from __future__ import annotations

import streamlit as st

from graph.export import evidence_csv, export_bytes
from graph.paths import path_note
from graph.query import central_node, focus_candidates
from graph.render import render_html
from graph.schema import split_edge_id
from graph.sentences import evidence_overview, narrate_path
from graph.suggest import suggest_questions
from graph.view import ExplorerView, PathRequest, explorer_view, is_selectable

from . import panels
from . import search as search_ui
from .atlas import Atlas, answer_for, hits_for, payload_for, reader_data
from .canvas import graph_canvas, send_library
from .reader import source_reader
from .session import (
    FILTERS,
    clear_view,
    current_state,
    node_picker,
    sends_graph_first,
    set_state,
    sync_url,
)
from .state import MAX_DEPTH, ExplorerState

__all__ = ["explore_page", "path_request"]

LOWER_TAB = "_lower_tab"  # which tab under the graph is open
READER_SOURCE = "_reader_source"  # the source the article tab shows, when there are several
CANVAS_HEIGHT = 620


def path_request(state: ExplorerState) -> PathRequest | None:
    """The path the state asks to trace, or ``None`` when it names no two ends."""
    if not (state.path_from and state.path_to):
        return None
    return PathRequest(state.path_from, state.path_to, state.max_length, state.path_choice)


def _view(atlas: Atlas, state: ExplorerState) -> ExplorerView:
    """The library's view of ``state``, with the cached answer and search hits."""
    question = atlas.questions.get(state.question) if state.question else None
    text = state.search.strip()
    return explorer_view(
        atlas.graph,
        state.view_spec(),
        search=state.search,
        matches=tuple(hits_for(atlas.graph, atlas.data_dir, text)) if text else None,
        answer=answer_for(atlas.graph, atlas.data_dir, question) if question else None,
        path=path_request(state),
        selected=state.selected,
    )


def explore_page(atlas: Atlas) -> None:
    """The explorer: the questions and the graph, then filters, details, paths and tables.

    On a session's first load (``sends_graph_first``) the run stops after the graph and
    what sits above it: the rest comes in the rerun the drawn canvas asks for, beside
    and below the graph, which stays put.
    """
    send_library(key="canvas")  # before any work, so the browser has it the sooner
    graph_first = sends_graph_first()
    state = current_state()
    view = _view(atlas, state)
    if view.paths and view.choice != state.path_choice:
        st.session_state["path_choice"] = view.choice  # the link named a path past the end
    with st.container():  # a block of its own, so the graph's place in the page is fixed
        _head(atlas, view, state.depth)
    canvas_col, details_col = st.columns([2, 1], gap="medium")
    with canvas_col:
        st.markdown(panels.summary(atlas.graph, view.graph))
        payload = payload_for(
            atlas, view.graph, highlight=view.highlight, selected=state.selected or view.centre
        )
        clicked = graph_canvas(
            payload,
            key="canvas",
            height=CANVAS_HEIGHT,
            report_drawn=graph_first,
            with_library=False,
        )
        if clicked and clicked != st.session_state.get("selected"):
            set_state(selected=clicked)
            st.rerun()
    if graph_first:
        return
    explore_sidebar(atlas, view, state)
    with details_col:  # a traced path is what was asked for: its steps come first, beside it
        if view.chosen is not None:
            _paths(atlas, view)
        _details(atlas, view, state)
    _lower_tabs(atlas, view, state.selected)


def _head(atlas: Atlas, view: ExplorerView, depth: int) -> None:
    """Above the graph: the plain questions, what could not be done, the search's line."""
    questions = atlas.questions
    if questions:
        st.pills(
            "Start with a question",
            list(questions),
            key="question",
            format_func=lambda question_id: panels.escape_markdown(questions[question_id].question),
            on_change=sync_url,
        )
    for note in view.notes:
        st.info(panels.escape_markdown(note))
    if view.matches:
        hub = central_node(atlas.graph)
        st.markdown(search_ui.search_line(list(view.matches), depth, hub=hub))


def _details(atlas: Atlas, view: ExplorerView, state: ExplorerState) -> None:
    """Beside the graph: a question's answer, then the details of what is selected."""
    question = atlas.questions.get(state.question) if state.question else None
    answer = answer_for(atlas.graph, atlas.data_dir, question) if question else None
    if answer is not None:
        with st.container(key="answer"):  # styled compact, so it starts above the fold
            st.subheader(panels.escape_markdown(answer.question.question), anchor=False)
            st.markdown(panels.escape_markdown(answer.question.intro))
            st.info(panels.escape_markdown(answer.summary))
            panels.narration(list(answer.sentences), atlas.kb)
    if answer is None or state.selected:
        with st.container(key="details"):  # its parts stack when it is narrow (ui.layout)
            panels.details(
                atlas.graph, atlas.kb, state.selected or view.centre, on_select=set_state
            )


def _paths(atlas: Atlas, view: ExplorerView) -> None:
    """The ranked paths, and the chosen one told step by step."""
    st.subheader("Paths", anchor=False)
    st.radio(
        "Ranked paths",
        range(1, len(view.paths) + 1),
        format_func=lambda i: f"{i}. {panels.path_label(atlas.graph, view.paths[i - 1])}",
        key="path_choice",
        on_change=sync_url,
    )
    st.caption(panels.escape_markdown(path_note(view.chosen, short=True)))
    panels.narration(narrate_path(atlas.graph, view.chosen), atlas.kb)


def pick_question(question_id: str) -> None:
    """Open a plain question offered by a search; its answer replaces the search."""
    set_state(question=question_id, search="")


def _search_result(atlas: Atlas, view: ExplorerView, state: ExplorerState) -> None:
    """Under the search box, what the search found: on a phone the open sidebar covers
    the page, and the line above the graph with it."""
    if view.matches:
        hub = central_node(atlas.graph)
        st.markdown(search_ui.search_line(list(view.matches), state.depth, hub=hub))
    elif state.search.strip() and view.notes:  # a failed search's note comes first
        st.markdown(panels.escape_markdown(view.notes[0]))


def explore_sidebar(atlas: Atlas, view: ExplorerView, state: ExplorerState) -> None:
    """Search (and what it found), focus, filters and the path tracer."""
    graph = atlas.graph
    label = panels.labeller(graph)
    with st.sidebar:
        st.text_input(
            "Search",
            key="search",
            on_change=sync_url,
            placeholder="e.g. charley horse, almonds, night",
            help="Finds nodes by name, synonym or a near spelling, and shows them and their links.",
        )
        _search_result(atlas, view, state)
        text = st.session_state.get("search", "")
        hits = [match.node_id for match in hits_for(graph, atlas.data_dir, text)]
        search_ui.offer_questions(
            suggest_questions(atlas.questions.values(), text, hits=hits), on_pick=pick_question
        )
        st.subheader("Focus")
        for key, kind in (("cause", "cause"), ("remedy", "remedy")):
            node_picker(
                f"Focus on a {kind}",
                focus_candidates(graph, kind),
                key,
                label,
                placeholder="(none)",
            )
        st.slider(
            "Neighbourhood depth",
            1,
            MAX_DEPTH,
            key="depth",
            on_change=sync_url,
            help=(
                "How many links away from the focus to show. A search shows its matches "
                "and what lies one link less far: at 2, their direct links."
            ),
        )
        st.subheader("Filters")
        for field, (title, vocabulary, shown, placeholder) in FILTERS.items():
            st.multiselect(
                title,
                list(vocabulary),
                key=field,
                format_func=shown,
                placeholder=placeholder,
                on_change=sync_url,
            )
        st.subheader("Trace a path")
        node_options = sorted(graph, key=lambda node: label(node).casefold())
        node_picker("From", node_options, "path_from", label, placeholder="(choose a node)")
        node_picker("To", node_options, "path_to", label, placeholder="(choose a node)")
        st.slider("Longest path (links)", 1, 6, key="max_length", on_change=sync_url)
        st.button("Show the whole graph", on_click=clear_view, width="stretch")


def _lower_tabs(atlas: Atlas, view: ExplorerView, selected: str | None) -> None:
    """The article, the table, the evidence and the downloads, under the graph.

    Only the open tab is drawn (a tab change reruns), so a page load does not pay for
    tables and downloads nobody has asked for yet.
    """
    tabs = st.tabs(
        ["The article", "Table of what is shown", "Evidence overview", "Download this view"],
        key=LOWER_TAB,
        on_change="rerun",
    )
    drawers = (
        lambda: article_panel(atlas, selected),
        lambda: panels.tables(view.graph),
        lambda: evidence_panel(atlas),
        lambda: downloads_panel(atlas, view),
    )
    for tab, draw in zip(tabs, drawers, strict=True):
        if tab.open:
            with tab:
                draw()


def article_panel(atlas: Atlas, selected: str | None) -> None:
    """Each source, its grounding sentences highlighted; clicks select claims."""
    kb, graph = atlas.kb, atlas.graph
    st.markdown(
        "Every sentence that grounds a claim is highlighted, shaded by its claim's verdict "
        "(the details say who gives it). Click a highlight to select its claim in the graph."
    )
    edge = split_edge_id(selected) if selected and is_selectable(graph, selected) else None
    shown = kb.sources
    if len(kb.sources) > 1:
        # One source at a time; a selected claim brings up a source that quotes it.
        quoting = []
        if edge is not None:
            subject, relation, obj = edge
            quoting = [p["source"] for p in graph.edges[subject, obj, relation]["provenance"]]
        if quoting and st.session_state.get(READER_SOURCE) not in quoting:
            st.session_state[READER_SOURCE] = quoting[0]
        st.session_state.setdefault(READER_SOURCE, kb.sources[0].id)
        source_id = st.segmented_control(
            "Source",
            [source.id for source in kb.sources],
            key=READER_SOURCE,
            format_func=lambda source_id: panels.escape_markdown(kb.source(source_id).title),
        )
        shown = [kb.source(source_id or kb.sources[0].id)]
    for source in shown:
        source_reader(
            reader_data(graph, atlas.data_dir, source.id, source.text),
            key=f"reader-{source.id}",
            selected_edge=selected if edge is not None else None,
            height=520,
            on_select=lambda edge_id: set_state(selected=edge_id),
        )


def evidence_panel(atlas: Atlas) -> None:
    """Every claim with its verdict and who gives it, sortable and downloadable."""
    st.markdown(
        "Every claim, with its verdict and who gives it: reviews, studies or guidance, or "
        "the tool's own reading of them or of USDA food-table amounts. Sort by any column."
    )
    panels.evidence_overview(evidence_overview(atlas.graph))
    st.download_button(
        "Evidence overview (CSV)",
        evidence_csv(atlas.graph),
        "cramp-atlas-evidence.csv",
        "text/csv",
        on_click="ignore",
    )


def downloads_panel(atlas: Atlas, view: ExplorerView) -> None:
    """The current view as files; each is made when clicked, not on every rerun."""
    shown, positions, highlight = view.graph, atlas.positions, view.highlight
    st.download_button(
        "Standalone HTML (works offline)",
        lambda: render_html(shown, positions, highlight=highlight).encode("utf-8"),
        "cramp-atlas.html",
        "text/html",
        on_click="ignore",
    )
    st.download_button(
        "Node-link JSON",
        lambda: export_bytes(shown, "json")["cramp-atlas.json"],
        "cramp-atlas.json",
        "application/json",
        on_click="ignore",
    )
    for name, data in export_bytes(shown, "csv").items():
        st.download_button(
            f"CSV: {panels.escape_markdown(name)}", data, name, "text/csv", on_click="ignore"
        )
