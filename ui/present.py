"""The Present and Compare pages: a tour step by step, a quiz, and two nodes side by side.

A tour is a shipped one or one made from the explorer's state (``graph.view.made_tour``:
the traced path, or the focus). The step editor keeps each step's answer out of sight
until the educator reveals it, as the lesson does for the class, and checks the edited
words against the limits of every tour file (``graph.view.edit_problem``) before any
download is offered.
"""

from __future__ import annotations

import streamlit as st

from graph.compare import comparable, compare, compare_candidates
from graph.handout import handout_html
from graph.lesson import lesson_html
from graph.quiz import make_quiz
from graph.tours import StepEdit, Tour, edit_steps, tour_to_yaml
from graph.view import edit_problem, made_tour

from . import panels
from .atlas import Atlas, payload_for
from .canvas import graph_canvas
from .explore import path_request
from .session import current_state, node_picker, set_state, sync_url
from .state import PARAMS

__all__ = ["GENERATED_TOURS", "compare_page", "present_page"]

GENERATED_TOURS = {"from-path": "Tour of the traced path", "from-focus": "Tour of the focus"}
"""Tours made on the spot from the explorer's current path or focus."""
TOUR_EDITS = "_tour_edits"  # tour id -> edited steps; not a widget key, so never cleared
REVEAL = "_reveal_answers"  # whether the editor shows the steps' answers


def generated_tours(atlas: Atlas) -> dict[str, Tour]:
    """The tours the explorer's current state makes, by their ids in ``GENERATED_TOURS``."""
    state = current_state()
    made = {
        "from-path": made_tour(atlas.graph, path=path_request(state)),
        "from-focus": made_tour(atlas.graph, focus=state.cause or state.remedy),
    }
    return {tour_id: tour for tour_id, tour in made.items() if tour is not None}


def _edits(tour: Tour) -> list[StepEdit]:
    """The step editor, one row per step; the Answer column only once revealed."""
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
    revealed = st.toggle(
        "Show the answers",
        key=REVEAL,
        help="The answers stay hidden, as in the lesson, until you choose to see them.",
    )
    # Until revealed, the answers are not sent to the browser at all.
    shown = rows if revealed else [{k: v for k, v in row.items() if k != "Answer"} for row in rows]
    edited = st.data_editor(
        shown,
        key=f"tour-editor-{tour.id}-{'revealed' if revealed else 'hidden'}",
        num_rows="fixed",
        hide_index=True,
        width="stretch",
        column_config={
            "Order": st.column_config.NumberColumn(min_value=1, step=1, width="small"),
            "Keep": st.column_config.CheckboxColumn(width="small"),
            "Narration": st.column_config.TextColumn(width="large"),
        },
    )
    edited = [{**row, **change} for row, change in zip(rows, edited, strict=True)]
    edits[tour.id] = edited
    return [
        StepEdit(
            order=int(row["Order"] or number),
            keep=bool(row["Keep"]),
            title=row["Title"] or "",
            narration=row["Narration"] or "",
            question=row["Question"] or "",
            answer=row["Answer"] or "",
        )
        for number, row in enumerate(edited, start=1)
    ]


def _tour_choice(atlas: Atlas, generated: dict[str, Tour]) -> Tour | None:
    """The sidebar's tour picker; the tour chosen, or ``None``."""
    tours = atlas.tours
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
    return tours.get(tour_id) or generated.get(tour_id)


def _tour_cards(atlas: Atlas) -> None:
    """With no tour chosen: each shipped tour as a card with its title and who it is for."""
    if not atlas.tours:
        st.info(
            "Choose a tour made of your own view: trace a path or focus on a cause or remedy "
            "in Explore, then pick its tour in the sidebar."
        )
        return
    st.subheader("Choose a tour to present", anchor=False)
    for tour_id, tour in atlas.tours.items():
        with st.container(border=True):
            st.button(
                panels.escape_markdown(tour.title),
                key=f"present-{tour_id}",
                type="primary",
                on_click=set_state,
                kwargs={"tour": tour_id},
            )
            st.caption(
                panels.escape_markdown(
                    f"For: {tour.audience}. {len(tour.steps)} steps. {tour.description}"
                )
            )
    st.caption(
        "Or trace a path or focus on a cause or remedy in Explore, then choose "
        "the tour made of it in the sidebar."
    )


def present_page(atlas: Atlas) -> None:
    """Present a tour full width, step by step; edit it; take it away as one file.

    The presentation comes first on the page and fills the first screen below the note
    (``ui.layout``; the sidebar starts collapsed, ``app.py``), so a projector shows the
    whole step; the step editor and the downloads follow it.
    """
    base = _tour_choice(atlas, generated_tours(atlas))
    if base is None:
        _tour_cards(atlas)
        return
    stage = st.container(key="stage")  # as tall as the screen below the note (ui.layout)
    st.caption(
        "Click the presentation, then use ← → (or the buttons) to step through it; "
        "F (or Full screen) fills a projector with it."
    )
    with st.expander("Edit this tour (reword, reorder, drop steps)"):
        st.caption(
            "Your edits stay while this page is open, across views and tours. "
            "Download the YAML to keep them."
        )
        edits = _edits(base)
        problem = edit_problem(edits)
        if problem is not None:
            st.error(panels.escape_markdown(f"This edit cannot be kept: {problem}"))
    tour = base if problem is not None else edit_steps(base, edits)
    if not tour.steps:
        stage.warning("Every step is dropped: tick Keep on at least one step to present.")
        return
    lesson = lesson_html(atlas.graph, atlas.positions, tour)
    stage.iframe(lesson, height=820)
    if problem is None:
        _downloads(atlas, tour, lesson)
    else:
        st.caption("Downloads come back once the edit above is fixed.")
    quiz_panel(atlas)


def _downloads(atlas: Atlas, tour: Tour, lesson: str) -> None:
    """The tour as a one-file lesson, a printable handout and YAML."""
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
        lambda: handout_html(atlas.graph, atlas.positions, tour).encode("utf-8"),
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


def quiz_panel(atlas: Atlas) -> None:
    """Questions made from the graph, one right option each; the seed makes it repeatable."""
    st.subheader("Quiz", anchor=False)
    seed = st.number_input("Quiz number (same number, same quiz)", 0, 9999, 1, key="quiz_seed")
    questions = make_quiz(atlas.graph, seed=int(seed), count=6)
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


def compare_page(atlas: Atlas) -> None:
    """Two causes or two remedies side by side: what they share, what is theirs alone."""
    graph = atlas.graph
    label = panels.labeller(graph)
    with st.sidebar:
        node_picker(
            "Compare",
            compare_candidates(graph),
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
    view = graph.subgraph(comparison.nodes)
    st.markdown(panels.summary(graph, view))
    graph_canvas(
        payload_for(atlas, view),
        key="compare-canvas",
        height=520,
        explore_param=PARAMS["selected"],  # a click opens Explore on what was clicked
    )
    panels.comparison(comparison, label)
