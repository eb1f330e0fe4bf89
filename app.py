"""Cramp Atlas explorer: search, filter, focus, trace paths and read why each link exists.

A thin Streamlit app over the ``graph`` library: four ``st.navigation`` pages (Explore,
Present, Compare, Curate, in ``ui``) over one knowledge base loaded once per process
(``ui.atlas``). The URL holds the view: its path names the page, its query parameters
the rest (``ui.state``); ``?mode=`` still opens a page, so older links keep working.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from graph.large import DEFAULT_DB_GRAPH
from graph.limits import MAX_FILE_BYTES, printable
from ui.large import is_large_source, large_page
from ui.layout import page_styles

if TYPE_CHECKING:
    from ui.atlas import Atlas

# The icon is the emoji itself: a shortcode (":leg:") makes the browser fetch Streamlit's
# 259 KB emoji table before the page is drawn.
st.set_page_config(page_title="Cramp Atlas", page_icon="\N{LEG}", layout="wide")

IGNORED = "_link_ignored"  # the parameters the last link read had to ignore
MODE_LABELS = {"explore": "Explore", "present": "Present", "compare": "Compare", "curate": "Curate"}

# Another knowledge base (a curator's draft, a test's) can be explored with
# CRAMP_ATLAS_DATA=path/to/data python3 tasks.py app
DATA_DIR = os.environ.get("CRAMP_ATLAS_DATA") or str(Path(__file__).resolve().parent / "data")


def _max_file_bytes() -> int:
    """CRAMP_ATLAS_MAX_FILE_KB (1 KiB to 1 GiB) in bytes; the default when unset or not that."""
    text = os.environ.get("CRAMP_ATLAS_MAX_FILE_KB", "").strip()
    kib = int(text) if text.isdigit() and len(text) <= 7 else 0
    return kib * 1024 if 0 < kib <= 1024 * 1024 else MAX_FILE_BYTES


def note() -> None:
    """The short, visible note that this is an educational tool, not medical advice."""
    st.caption(
        "Cramp Atlas is an educational tool about what one popular article claims. "
        "It is not medical advice: see a doctor about frequent or severe cramps."
    )


def atlas() -> Atlas:
    """The loaded knowledge base, or the page says what to fix in it and stops."""
    from graph import SchemaError
    from ui import panels
    from ui.atlas import load_atlas

    try:
        return load_atlas(DATA_DIR, _max_file_bytes())
    except SchemaError as err:
        folder = panels.escape_markdown(printable(f"{Path(DATA_DIR).resolve().name}/"))
        st.error(f"The knowledge base did not load. Fix these problems in {folder} and reload:")
        st.code(
            "\n".join(printable(str(problem)) for problem in err.problems),
            language=None,
            wrap_lines=True,
        )
        st.stop()


# The pages' modules are imported when a page first runs: a large imported graph (the
# branch at the top of ``main``) needs none of them, and importing them costs its first
# view about half a second of CPU.


def explore() -> None:
    """The explorer: the graph, questions, filters, details, paths and tables."""
    from ui.explore import explore_page

    explore_page(atlas())


def present() -> None:
    """A tour step by step, its editor, its downloads and a quiz."""
    from ui.present import present_page

    present_page(atlas())


def compare() -> None:
    """Two causes or two remedies side by side."""
    from ui.present import compare_page

    compare_page(atlas())


def curate() -> None:
    """A new source read into reviewed claims, written to the knowledge base."""
    from ui.atlas import reload_data
    from ui.curate import curate_page

    curate_page(atlas().kb, Path(DATA_DIR), on_change=reload_data)


PAGES = {
    "explore": st.Page(explore, title="Explore", default=True),
    "present": st.Page(present, title="Present", url_path="present"),
    "compare": st.Page(compare, title="Compare", url_path="compare"),
    "curate": st.Page(curate, title="Curate", url_path="curate"),
}


def follow_url(page_mode: str) -> str:
    """Read the URL into the widgets when it disagrees with them; return the view to show.

    The URL's path names the view (``page_mode``) unless a newly opened older link's
    ``?mode=`` names another; a change of view with the View control wins otherwise (a
    click in Compare opens Explore from the browser, as the back button would).
    """
    from ui.present import GENERATED_TOURS
    from ui.session import keep_hidden_widget_state, read_url, show_page

    graph_atlas = atlas()
    ignored = read_url(
        graph_atlas.graph,
        page=page_mode,
        questions=list(graph_atlas.questions),
        tours=[*graph_atlas.tours, *GENERATED_TOURS],
    )
    if ignored is not None:
        st.session_state[IGNORED] = ignored
    show_page(page_mode)
    keep_hidden_widget_state()
    return st.session_state.get("mode") or "explore"


def view_control() -> None:
    """The sidebar's title and its one-row control between the four pages."""
    from ui.session import sync_url
    from ui.state import MODES

    st.title("Cramp Atlas")
    st.segmented_control(
        "View",
        MODES,
        key="mode",
        format_func=lambda mode: MODE_LABELS[mode],
        on_change=sync_url,
        required=True,
    )


def main() -> None:
    """Lay the page out, show the page the URL or the View control asks for."""
    database = os.environ.get("CRAMP_ATLAS_DB", "").strip() or None
    if is_large_source(DATA_DIR, database):  # an imported file or a FalkorDB graph
        page_styles()
        note()
        graph_name = os.environ.get("CRAMP_ATLAS_DB_GRAPH", "").strip() or DEFAULT_DB_GRAPH
        large_page(DATA_DIR, db=database, db_graph=graph_name)
        return
    from ui import panels
    from ui.session import current_state, url_params
    from ui.state import ignored_notice

    page = st.navigation(list(PAGES.values()), position="hidden")
    page_mode = next(mode for mode, known in PAGES.items() if known is page)
    mode = follow_url(page_mode)
    if mode != page_mode:
        st.switch_page(PAGES[mode], query_params=url_params(current_state()))
    # Present fills a projector's width: its sidebar starts collapsed (until the reader
    # opens it); every other view opens it on a wide screen.
    st.set_page_config(initial_sidebar_state="collapsed" if mode == "present" else "auto")
    page_styles()
    note()
    notices = st.container()  # filled after the page, so the graph is sent first
    with st.sidebar:
        # Before the page, so the browser holds the view this run shows before the
        # canvas can ask for a rerun ("drawn", a click): sent after it, that rerun would
        # carry the old view back as if the reader had chosen it.
        view_control()
    page.run()
    if notice := ignored_notice(st.session_state.get(IGNORED, ())):
        with notices:  # one line for the whole link, however much of it was ignored
            st.warning(panels.escape_markdown(notice))


main()
