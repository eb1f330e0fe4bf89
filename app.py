"""Cramp Atlas explorer: search, filter, focus, trace paths and read why each link exists.

A thin Streamlit page over the ``graph`` library: widgets -> ``graph.query`` ->
``graph.render``. The knowledge base, graph and layout are built once per process and
shared read-only; a rerun only composes a view and renders it. The URL holds the view.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import streamlit as st

from graph import SchemaError, build_graph, load_knowledge_base
from graph.compare import comparable, compare
from graph.export import evidence_csv, export_bytes
from graph.handout import handout_html
from graph.large import DEFAULT_DB_GRAPH
from graph.layout import compute_layout
from graph.lesson import lesson_html
from graph.limits import MAX_FILE_BYTES, printable
from graph.load import DEFAULT_DATA_DIR
from graph.query import (
    NoPath,
    UnknownNode,
    central_node,
    compose_view,
    evidence_overview,
    find_paths,
    focus_candidates,
    narrate_path,
    resolve,
    search_hits,
)
from graph.questions import answer_question, load_questions
from graph.quiz import make_quiz
from graph.render import canvas_payload, render_html
from graph.safe_io import data_subfolder
from graph.schema import NODE_TYPES, RELATIONS, STRENGTHS, VERDICTS
from graph.source import reader_payload
from graph.suggest import suggest_questions
from graph.tours import (
    StepEdit,
    edit_steps,
    load_tours,
    tour_from_focus,
    tour_from_path,
    tour_to_yaml,
)
from ui import panels
from ui import search as search_ui
from ui.canvas import graph_canvas
from ui.curate import curate_page
from ui.large import is_large_source, large_page
from ui.layout import page_styles
from ui.reader import source_reader
from ui.state import (
    MAX_DEPTH,
    MODES,
    ExplorerState,
    parse_query_params,
    to_query_params,
)

st.set_page_config(page_title="Cramp Atlas", page_icon=":leg:", layout="wide")

# Session-state keys, in one place. Widget keys equal the ExplorerState field names.
INITIALISED = "_initialised"
WARNINGS = "_link_warnings"
FIELDS = tuple(ExplorerState.__dataclass_fields__)
MODE_LABELS = {
    "explore": "Explore",
    "present": "Present",
    "compare": "Compare",
    "curate": "Curate",
}
# The sidebar's filters: state field -> (title, vocabulary, how an entry reads, placeholder).
FILTERS = {
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
# Tours made on the spot from the explorer's current path or focus.
GENERATED_TOURS = {"from-path": "Tour of the traced path", "from-focus": "Tour of the focus"}
LOWER_TAB = "_lower_tab"  # which tab under the graph is open
TOUR_EDITS = "_tour_edits"  # tour id -> edited steps; not a widget key, so never cleared
LINK_TEXT_LIMIT = 300  # longest warning about a link shown (a link may carry 50 kB)
READER_SOURCE = "_reader_source"  # the source the article tab shows, when there are several
URL_STATE = "_url_state"  # the query parameters last read from or written to the URL


# Another knowledge base (a curator's draft, a test's) can be explored with
# CRAMP_ATLAS_DATA=path/to/data python3 tasks.py app
DATA_DIR = os.environ.get("CRAMP_ATLAS_DATA") or str(DEFAULT_DATA_DIR)


def _max_file_bytes() -> int:
    """CRAMP_ATLAS_MAX_FILE_KB (1 KiB to 1 GiB) in bytes; the default when unset or not that."""
    text = os.environ.get("CRAMP_ATLAS_MAX_FILE_KB", "").strip()
    kib = int(text) if text.isdigit() and len(text) <= 7 else 0
    return kib * 1024 if 0 < kib <= 1024 * 1024 else MAX_FILE_BYTES


@st.cache_resource(show_spinner="Loading the knowledge base ...")
def load_atlas(data_dir: str):
    """Knowledge base, frozen graph and layout: built once per process, never mutated."""
    kb = load_knowledge_base(data_dir, max_file_bytes=_max_file_bytes())
    graph = build_graph(kb)
    return kb, graph, compute_layout(graph)


@st.cache_resource(show_spinner=False)
def load_entry_questions(data_dir: str, _graph) -> dict:
    """The plain questions of the opening view, by id (validated against the graph)."""
    folder = data_subfolder(Path(data_dir), "questions")  # optional: may be None
    questions = load_questions(folder, _graph, max_file_bytes=_max_file_bytes()) if folder else ()
    return {question.id: question for question in questions}


@st.cache_resource(show_spinner=False)
def load_tour_index(data_dir: str, _graph) -> dict:
    """The tours in ``data/tours``, by id (validated against the graph)."""
    folder = data_subfolder(Path(data_dir), "tours")  # optional: may be None
    tours = load_tours(folder, _graph, max_file_bytes=_max_file_bytes()) if folder else ()
    return {tour.id: tour for tour in tours}


@st.cache_data(show_spinner=False)
def answer_for(_graph, question):
    """A question's answer: highlighted subgraph and narration (pure, so cached)."""
    return answer_question(_graph, question)


@st.cache_data(show_spinner=False)
def hits_for(_graph, data_dir: str, text: str) -> list:
    """What a search finds (``data_dir`` keys the cache): run once per text, not per rerun."""
    return search_hits(_graph, text)


@st.cache_data(show_spinner=False)
def reader_data(_graph, data_dir: str, source_id: str, text: str) -> dict:
    """The highlighted article, computed once per source (``data_dir`` keys the cache)."""
    return reader_payload(_graph, source_id, text)


def reload_data() -> None:
    """Forget what was loaded from data/: the Curate view just wrote to it."""
    load_atlas.clear()
    load_entry_questions.clear()
    load_tour_index.clear()
    reader_data.clear()


def current_state() -> ExplorerState:
    """The state the widgets hold now."""
    values = {field: st.session_state[field] for field in FIELDS if field in st.session_state}
    for field, (_, vocabulary, _, _) in FILTERS.items():
        chosen = set(values.get(field) or ())
        values[field] = tuple(name for name in vocabulary if name in chosen)
    return ExplorerState(**values)


def sync_url() -> None:
    """Write the widgets' state to the URL, so the address bar is always a shareable link.

    After the URL has set the widgets (an opened link, the back or forward button),
    Streamlit calls their ``on_change`` at the start of the next run with the very values
    the URL gave them; writing those back would replace the address the browser's
    forward button just went to, so only a state the URL does not hold yet is written.
    """
    params = to_query_params(current_state())
    if params == st.session_state.get(URL_STATE):
        return
    st.session_state[URL_STATE] = params
    st.query_params.from_dict(params)


def set_state(**changes: object) -> None:
    """Change state from a button or a click, then keep the URL in step."""
    for field, value in changes.items():
        st.session_state[field] = value
    sync_url()


def clear_view() -> None:
    """Back to the whole graph, unfiltered."""
    default = ExplorerState()
    set_state(**{field: getattr(default, field) for field in FIELDS})


def node_picker(title: str, options: list[str], key: str, label, *, placeholder: str) -> None:
    """A selectbox of nodes by label, with "nothing chosen" first, synced to the URL."""
    st.selectbox(
        panels.escape_markdown(title),
        [None, *options],
        key=key,
        format_func=lambda node: placeholder if node is None else label(node),
        placeholder=placeholder,
        on_change=sync_url,
    )


def keep_hidden_widget_state() -> None:
    """Keep the state of widgets the current view does not draw.

    Streamlit forgets a widget's value in a run that does not draw it; re-assigning the
    values keeps a filter set in "Explore" alive across a visit to "Compare".
    """
    for field in FIELDS:
        if field in st.session_state:
            st.session_state[field] = st.session_state[field]


def main() -> None:
    page_styles()
    st.caption(
        "Cramp Atlas is an educational tool about what one popular article claims. "
        "It is not medical advice: see a doctor about frequent or severe cramps."
    )
    database = os.environ.get("CRAMP_ATLAS_DB", "").strip() or None
    if is_large_source(DATA_DIR, database):  # an imported file or a FalkorDB graph
        graph_name = os.environ.get("CRAMP_ATLAS_DB_GRAPH", "").strip() or DEFAULT_DB_GRAPH
        large_page(DATA_DIR, db=database, db_graph=graph_name)
        return
    try:
        kb, graph, positions = load_atlas(DATA_DIR)
        questions = load_entry_questions(DATA_DIR, graph)
        tours = load_tour_index(DATA_DIR, graph)
    except SchemaError as err:
        folder = panels.escape_markdown(printable(f"{Path(DATA_DIR).resolve().name}/"))
        st.error(f"The knowledge base did not load. Fix these problems in {folder} and reload:")
        st.code("\n".join(printable(str(problem)) for problem in err.problems), language=None)
        st.stop()

    # The URL is the source of truth when it disagrees with the widgets: on the first
    # run of a session (an opened link) and after the browser's back button.
    url = st.query_params.to_dict()
    if INITIALISED not in st.session_state or url != to_query_params(current_state()):
        state, warnings = parse_query_params(
            url, graph, questions=list(questions), tours=[*tours, *GENERATED_TOURS]
        )
        for field in FIELDS:
            st.session_state[field] = getattr(state, field)
        st.session_state[WARNINGS] = warnings
        st.session_state[INITIALISED] = True
        st.session_state[URL_STATE] = to_query_params(state)
        if warnings:  # drop what was ignored, so the address bar is a clean link again
            st.query_params.from_dict(to_query_params(state))
    keep_hidden_widget_state()
    for warning in st.session_state[WARNINGS]:
        st.warning(panels.escape_markdown(warning, limit=LINK_TEXT_LIMIT))

    with st.sidebar:
        st.title("Cramp Atlas")
        st.segmented_control(
            "View",
            MODES,
            key="mode",
            format_func=lambda mode: MODE_LABELS[mode],
            on_change=sync_url,
            required=True,
        )
    mode = st.session_state.get("mode") or "explore"
    if mode == "curate":
        curate_page(kb, Path(DATA_DIR), on_change=reload_data)
    elif mode == "compare":
        compare_page(kb, graph, positions)
    elif mode == "present":
        present_page(graph, positions, tours)
    else:
        explore_page(kb, graph, positions, questions)


def pick_question(question_id: str) -> None:
    """Open a plain question offered by a search; its answer replaces the search."""
    set_state(question=question_id, search="")


def explore_sidebar(graph, questions) -> None:
    """Search, focus, filters and the path tracer."""
    label = panels.labeller(graph)
    with st.sidebar:
        st.text_input(
            "Search",
            key="search",
            on_change=sync_url,
            placeholder="e.g. charley horse, almonds, night",
            help="Finds nodes by name, synonym or a near spelling, and shows them and their links.",
        )
        text = st.session_state.get("search", "")
        hits = [match.node_id for match in hits_for(graph, DATA_DIR, text)]
        search_ui.offer_questions(
            suggest_questions(questions.values(), text, hits=hits), on_pick=pick_question
        )
        st.subheader("Focus")
        node_picker(
            "Focus on a cause",
            focus_candidates(graph, "cause"),
            "cause",
            label,
            placeholder="(none)",
        )
        node_picker(
            "Focus on a remedy",
            focus_candidates(graph, "remedy"),
            "remedy",
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


def explore_page(kb, graph, positions, questions) -> None:
    """The explorer: questions, the graph, details, paths, the article and tables."""
    explore_sidebar(graph, questions)
    state = current_state()
    if questions:
        st.pills(
            "Start with a question",
            list(questions),
            key="question",
            format_func=lambda question_id: panels.escape_markdown(questions[question_id].question),
            on_change=sync_url,
        )
    answer = answer_for(graph, questions[state.question]) if state.question else None

    centre = None
    matches = []
    if state.search.strip():
        try:
            centre = resolve(graph, state.search)
        except UnknownNode as err:
            st.info(panels.escape_markdown(str(err).replace("no node matches", "Nothing matches")))
        else:
            matches = hits_for(graph, DATA_DIR, state.search)
            st.markdown(search_ui.search_line(matches, state.depth, hub=central_node(graph)))

    paths = []
    if state.path_from and state.path_to and state.path_from != state.path_to:
        try:
            paths = find_paths(
                graph, state.path_from, state.path_to, max_length=state.max_length, limit=10
            )
        except NoPath as err:
            st.info(panels.escape_markdown(f"{err}. Try a longer path."))
    if paths and state.path_choice > len(paths):
        st.session_state["path_choice"] = 1
        state = replace(state, path_choice=1)
    chosen = paths[state.path_choice - 1] if paths else None

    found = tuple(match.node_id for match in matches)
    view = compose_view(graph, replace(state.view_spec(), matches=found))
    if answer is not None:
        view = graph.subgraph(answer.nodes)
        centre = centre or answer.question.about
    if chosen is not None:
        view = graph.subgraph(set(view) | set(chosen.nodes))
    highlight = chosen.edges if chosen else (answer.edges if answer else None)
    selected = state.selected
    if selected and selected not in view and not panels.edge_in(view, selected):
        # A selection the filters hide (say, a claim picked in the article) is shown
        # anyway, with its ends, rather than silently dropped.
        ends = [selected] if selected in graph else selected.split("|")[::2]
        view = graph.subgraph(set(view) | set(ends))

    canvas_col, details_col = st.columns([2, 1], gap="medium")
    with canvas_col:
        st.markdown(panels.summary(graph, view))
        payload = canvas_payload(
            view,
            positions,
            highlight=highlight,
            selected=selected or centre,
        )
        clicked = graph_canvas(payload, key="canvas", height=620)
        if clicked and clicked != st.session_state.get("selected"):
            set_state(selected=clicked)
            st.rerun()
    with details_col:
        # A question's answer goes beside the graph, where it is read with it; the details
        # of a node or link clicked meanwhile follow it.
        if answer is not None:
            st.subheader(panels.escape_markdown(answer.question.question), anchor=False)
            st.markdown(panels.escape_markdown(answer.question.intro))
            st.info(panels.escape_markdown(answer.summary))
            panels.narration(list(answer.sentences), kb)
        if answer is None or selected:
            panels.details(graph, kb, selected or centre, on_select=set_state)

    if chosen is not None:
        st.subheader("Paths")
        st.radio(
            "Ranked paths",
            range(1, len(paths) + 1),
            format_func=lambda i: f"{i}. {panels.path_label(graph, paths[i - 1].nodes)}",
            key="path_choice",
            on_change=sync_url,
        )
        panels.narration(narrate_path(graph, chosen), kb)

    # Only the open tab is drawn (a tab change reruns), so a page load does not pay for
    # tables and downloads nobody has asked for yet.
    tabs = st.tabs(
        ["The article", "Table of what is shown", "Evidence overview", "Download this view"],
        key=LOWER_TAB,
        on_change="rerun",
    )
    drawers = (
        lambda: article_panel(kb, graph, selected),
        lambda: panels.tables(view),
        lambda: evidence_panel(graph),
        lambda: downloads_panel(view, positions, highlight),
    )
    for tab, draw in zip(tabs, drawers, strict=True):
        if tab.open:
            with tab:
                draw()


def article_panel(kb, graph, selected: str | None) -> None:
    """Each source, its grounding sentences highlighted; clicks select claims."""
    st.markdown(
        "Every sentence that grounds a claim is highlighted, shaded by what reviews say "
        "about it. Click a highlight to select its claim in the graph."
    )
    shown = kb.sources
    if len(kb.sources) > 1:
        # One source at a time; a selected claim brings up a source that quotes it.
        quoting = []
        if selected and panels.edge_in(graph, selected):
            subject, relation, obj = selected.split("|")
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
            reader_data(graph, DATA_DIR, source.id, source.text),
            key=f"reader-{source.id}",
            selected_edge=selected if selected and "|" in selected else None,
            height=520,
            on_select=lambda edge_id: set_state(selected=edge_id),
        )


def evidence_panel(graph) -> None:
    """Every claim with what reviews say, sortable and downloadable."""
    st.markdown(
        "Every claim of the article, with what systematic reviews, guidelines and food "
        "tables say about it. Sort by any column."
    )
    panels.evidence_overview(evidence_overview(graph))
    st.download_button(
        "Evidence overview (CSV)",
        evidence_csv(graph),
        "cramp-atlas-evidence.csv",
        "text/csv",
        on_click="ignore",
    )


def downloads_panel(view, positions, highlight) -> None:
    """The current view as files; each is made when clicked, not on every rerun."""
    st.download_button(
        "Standalone HTML (works offline)",
        lambda: render_html(view, positions, highlight=highlight).encode("utf-8"),
        "cramp-atlas.html",
        "text/html",
        on_click="ignore",
    )
    st.download_button(
        "Node-link JSON",
        lambda: export_bytes(view, "json")["cramp-atlas.json"],
        "cramp-atlas.json",
        "application/json",
        on_click="ignore",
    )
    for name, data in export_bytes(view, "csv").items():
        st.download_button(
            f"CSV: {panels.escape_markdown(name)}", data, name, "text/csv", on_click="ignore"
        )


def generated_tour(graph, choice: str):
    """The tour made from the explorer's current path or focus, or None if there is none."""
    state = current_state()
    if choice == "from-path" and state.path_from and state.path_to:
        try:
            paths = find_paths(graph, state.path_from, state.path_to, max_length=state.max_length)
        except (NoPath, ValueError):
            return None
        return tour_from_path(graph, paths[min(state.path_choice, len(paths)) - 1])
    focus_node = state.cause or state.remedy
    if choice == "from-focus" and focus_node:
        return tour_from_focus(graph, focus_node)
    return None


def edit_tour(tour):
    """The step editor: reword, reorder, drop. Edits live in session state per tour."""
    edits = st.session_state.setdefault(TOUR_EDITS, {})
    rows = edits.get(tour.id) or [
        {
            "Order": number,
            "Keep": True,
            "Title": step.title,
            "Narration": step.narration,
            "Question": step.question or "",
            "Answer": step.answer or "",
        }
        for number, step in enumerate(tour.steps, start=1)
    ]
    edited = st.data_editor(
        rows,
        key=f"tour-editor-{tour.id}",
        num_rows="fixed",
        hide_index=True,
        width="stretch",
        column_config={
            "Order": st.column_config.NumberColumn(min_value=1, step=1, width="small"),
            "Keep": st.column_config.CheckboxColumn(width="small"),
            "Narration": st.column_config.TextColumn(width="large"),
        },
    )
    edits[tour.id] = edited
    return edit_steps(
        tour,
        [
            StepEdit(
                order=int(row["Order"] or number),
                keep=bool(row["Keep"]),
                title=row["Title"],
                narration=row["Narration"],
                question=row["Question"],
                answer=row["Answer"],
            )
            for number, row in enumerate(edited, start=1)
        ],
    )


def present_page(graph, positions, tours) -> None:
    """Present a tour full width, step by step; edit it; take it away as one file."""
    generated = {
        choice: made
        for choice in GENERATED_TOURS
        if (made := generated_tour(graph, choice)) is not None
    }
    if st.session_state.get("tour") not in (None, *tours, *generated):
        st.session_state["tour"] = None  # a generated tour whose path or focus is gone
    with st.sidebar:
        st.selectbox(
            "Tour",
            [None, *tours, *generated],
            key="tour",
            format_func=lambda tour_id: (
                "(choose a tour)"
                if tour_id is None
                else GENERATED_TOURS.get(tour_id) or tours[tour_id].title
            ),
            placeholder="(choose a tour)",
            on_change=sync_url,
            help="Shipped tours, or one made from the path or focus you chose in Explore.",
        )
    tour_id = st.session_state.get("tour")
    base = tours.get(tour_id) or generated.get(tour_id)
    if base is None:
        st.info(
            "Choose a tour in the sidebar. Trace a path or focus on a cause or remedy in "
            "Explore to make a tour of your own."
        )
        return
    with st.expander("Edit this tour (reword, reorder, drop steps)"):
        st.caption(
            "Your edits stay while this page is open, across views and tours. "
            "Download the YAML to keep them."
        )
        tour = edit_tour(base)
    if not tour.steps:
        st.warning("Every step is dropped: tick Keep on at least one step to present.")
        return
    st.caption("Click the presentation, then use ← → (or the buttons) to step through it.")
    lesson = lesson_html(graph, positions, tour)
    st.iframe(lesson, height=820)
    columns = st.columns(3)
    columns[0].download_button(
        "One-file lesson (HTML, works offline)",
        lesson.encode("utf-8"),
        f"{tour.id}.html",
        "text/html",
        on_click="ignore",
    )
    columns[1].download_button(
        "Printable handout (HTML)",
        lambda: handout_html(graph, positions, tour).encode("utf-8"),
        f"{tour.id}-handout.html",
        "text/html",
        on_click="ignore",
    )
    columns[2].download_button(
        "Tour as YAML (to edit or share)",
        tour_to_yaml(tour).encode("utf-8"),
        f"{tour.id}.yaml",
        "text/yaml",
        on_click="ignore",
    )
    quiz_panel(graph)


def quiz_panel(graph) -> None:
    """Questions made from the graph, one right option each; the seed makes it repeatable."""
    st.subheader("Quiz", anchor=False)
    seed = st.number_input("Quiz number (same number, same quiz)", 0, 9999, 1, key="quiz_seed")
    questions = make_quiz(graph, seed=int(seed), count=6)
    for number, question in enumerate(questions, start=1):
        picked = st.radio(
            f"{number}. {panels.escape_markdown(question.prompt)}",
            range(len(question.options)),
            format_func=lambda i, q=question: panels.escape_markdown(q.options[i]),
            index=None,
            key=f"quiz-{seed}-{number}",
        )
        if picked is not None:
            if picked == question.answer:
                st.success("Right. " + panels.escape_markdown(question.explanation))
            else:
                st.error("Not quite. " + panels.escape_markdown(question.explanation))


def compare_page(kb, graph, positions) -> None:
    """Two causes or two remedies side by side: what they share, what is theirs alone."""
    label = panels.labeller(graph)
    candidates = sorted(
        set(focus_candidates(graph, "cause")) | set(focus_candidates(graph, "remedy")),
        key=lambda node: label(node).casefold(),
    )
    with st.sidebar:
        node_picker(
            "Compare",
            candidates,
            "compare_first",
            label,
            placeholder="(choose a cause or a remedy)",
        )
        first = st.session_state.get("compare_first")
        others = comparable(graph, first) if first else []
        if st.session_state.get("compare_second") not in others:
            st.session_state["compare_second"] = None
        node_picker(
            "with", others, "compare_second", label, placeholder="(choose one of the same type)"
        )
    second = st.session_state.get("compare_second")
    if not (first and second):
        st.info("Pick two causes or two remedies in the sidebar to see them side by side.")
        return
    comparison = compare(graph, first, second)
    nodes = {first, second}
    for group in comparison.shared:
        nodes.update(group.nodes)
    for side in (comparison.first, comparison.second):
        for group in side.unique:
            nodes.update(group.nodes)
    view = graph.subgraph(nodes)
    st.markdown(panels.summary(graph, view))
    graph_canvas(
        canvas_payload(view, positions, selected=None),
        key="compare-canvas",
        height=520,
        on_select=lambda picked: set_state(mode="explore", selected=picked),
    )
    panels.comparison(comparison, label)


main()
