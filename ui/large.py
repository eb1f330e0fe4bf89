"""The app for an imported graph of any size: search first, a summary, one neighbourhood.

``app.py`` hands over to ``large_page`` when ``CRAMP_ATLAS_DATA`` names a node-link file
(``import``'s ``graph.json``) or ``CRAMP_ATLAS_DB`` names a FalkorDB server. The opening
view is a summary (sizes, nodes per type, the best-connected nodes) and a search box; a
chosen node (``?node=`` in the URL) shows its neighbourhood, at most
``graph.large_view.MAX_DRAWN`` nodes laid out for that view, and its edges, each with its
quote or the data set it came from. Every text from the data is escaped.

For a file, the opening view needs only the file's checked columns: the sorted arrays,
the search index and the cache file follow in a thread once the view is sent
(``graph.store.Opened``), or sooner if a question needs them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from graph.errors import AtlasError, SchemaError, UnknownNode
from graph.index import GraphBackend, Summary
from graph.large import (
    DEFAULT_DB_GRAPH,
    choose_cache_dir,
    link_text,
    open_backend,
    provenance_text,
)
from graph.large_view import drawing_svg, neighbourhood_drawing
from graph.limits import printable
from ui.text import escape_markdown

if TYPE_CHECKING:
    from graph.store import Opened

__all__ = ["is_large_source", "large_page"]

NODE_PARAM = "node"
SEARCH_KEY = "large_search"
SHOWN_EDGES = 50  # edges listed under a chosen node
TEXT_LIMIT = 300  # most characters of one text from the data shown on the page
FINISH_AFTER_S = 1.0  # wait after the opening view before building the index and cache
_COLOURS = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#9d755d")


def is_large_source(data: str, db: str | None) -> bool:
    """Whether the app explores an imported graph: a server, or a regular file."""
    return bool(db) or Path(data).is_file()


def _cache_dir(data: str) -> Path | None:
    return choose_cache_dir(Path(data), os.environ.get("CRAMP_ATLAS_CACHE"), os.environ)


@st.cache_resource(show_spinner="Loading the graph ...")
def load_large(data: str, db: str | None, db_graph: str) -> tuple[GraphBackend, Opened | None]:
    """The backend for a file or a server: opened once per process, shared read-only.

    For a file, also what is left to do after the first view (``Opened``: the arrays, the
    search index and the cache file).
    """
    if db:
        return open_backend(None, db=db, db_graph=db_graph), None
    from graph.store import open_file  # msgspec and Arrow: only a file needs them

    opened = open_file(Path(data), cache_dir=_cache_dir(data))
    return opened.backend, opened


@st.cache_resource(show_spinner="Counting ...")
def large_summary(_backend: GraphBackend, data: str, db: str | None, db_graph: str) -> Summary:
    """The opening view's figures, computed once per graph (the other arguments key it)."""
    return _backend.summary(hubs=10)


def _count(number: int, word: str) -> str:
    return f"{number:,} {word}{'' if number == 1 else 's'}"


def _choose(node_id: str | None) -> None:
    if node_id is None:
        st.query_params.pop(NODE_PARAM, None)
    else:
        st.query_params[NODE_PARAM] = node_id


def _search(backend: GraphBackend) -> None:
    text = st.text_input("Search", key=SEARCH_KEY, placeholder="a name or synonym")
    if not text.strip():
        return
    hits = backend.search(text[:200], limit=10)
    if not hits:
        st.caption(f"Nothing matches {escape_markdown(text, limit=80)}.")
    for hit in hits:
        st.button(
            f"{escape_markdown(hit.label, limit=80)} ({escape_markdown(hit.node_id, limit=80)})",
            key=f"hit:{hit.node_id}",
            on_click=_choose,
            args=(hit.node_id,),
        )


def _summary_view(summary: Summary) -> None:
    st.subheader("What is in it")
    st.markdown(
        "\n".join(
            f"- {escape_markdown(node_type or '(no type)', limit=80)}: {count:,}"
            for node_type, count in summary.types
        )
    )
    st.subheader("Best connected")
    for node_id, label, degree in summary.hubs:
        st.button(
            f"{escape_markdown(label, limit=80)}: {escape_markdown(_count(degree, 'edge'))}",
            key=f"hub:{node_id}",
            on_click=_choose,
            args=(node_id,),
        )


def _edges(backend: GraphBackend, node_id: str) -> None:
    links, total = backend.links(node_id, limit=SHOWN_EDGES)
    ends = {end for link in links for end in (link.source, link.target)}
    labels = {info.node_id: info.label for info in backend.nodes(sorted(ends))}
    shown = f" (the first {len(links)})" if total > len(links) else ""
    st.subheader(f"Edges: {total:,}{shown}")
    items = "\n".join(
        f"- {escape_markdown(link_text(labels, link), limit=TEXT_LIMIT)}"
        + "".join(
            f"\n  - {escape_markdown(provenance_text(record), limit=TEXT_LIMIT)}"
            for record in link.provenance
        )
        for link in links
    )
    st.markdown(items if items else "No edges.")


def _node_view(backend: GraphBackend, node_id: str, summary: Summary) -> None:
    info = backend.node(node_id)
    st.button("Back to the summary", on_click=_choose, args=(None,))
    st.header(escape_markdown(info.label, limit=120))
    node_type = escape_markdown(info.node_type, limit=80)
    st.caption(f"{node_type} · id {escape_markdown(info.node_id, limit=120)}")
    if info.synonyms:
        st.write(
            "Also called: "
            + ", ".join(escape_markdown(name, limit=80) for name in info.synonyms[:20])
        )
    depth = st.radio("Steps out", (1, 2), horizontal=True, key="large_depth")
    types = st.multiselect(
        "Only these types", [name for name, _ in summary.types], key="large_types"
    )
    drawing = neighbourhood_drawing(backend, node_id, depth=depth or 1, types=types)
    if drawing.note:
        st.info(escape_markdown(drawing.note))
    colours = {
        name: _COLOURS[index % len(_COLOURS)] for index, (name, _) in enumerate(summary.types)
    }
    st.image(drawing_svg(drawing, colours=colours), width="stretch")
    _edges(backend, node_id)


def large_page(data: str, *, db: str | None = None, db_graph: str = DEFAULT_DB_GRAPH) -> None:
    """Draw the page for an imported graph (a file, or a FalkorDB graph when ``db``)."""
    try:
        backend, opened = load_large(data, db, db_graph)
        summary = large_summary(backend, data, db, db_graph)
    except SchemaError as err:
        st.error("The graph did not load. Fix these problems and reload:")
        st.code(
            "\n".join(printable(str(problem)) for problem in err.problems),
            language=None,
            wrap_lines=True,
        )
        st.stop()
    except (AtlasError, OSError) as err:
        st.error(f"The graph did not load: {escape_markdown(str(err), limit=TEXT_LIMIT)}")
        st.stop()
    name = f"{db_graph} at {db}" if db else Path(data).name
    with st.sidebar:
        st.title("Cramp Atlas")
        st.caption(escape_markdown(name, limit=120))
        _search(backend)
    sizes = f"{_count(summary.nodes, 'node')}, {_count(summary.edges, 'edge')}"
    st.markdown(f"**{escape_markdown(sizes)}**")
    _view(backend, summary)
    if opened is not None:
        # The view is sent: the arrays, the search index and the cache file follow in a
        # thread, a moment later, so a browser on the same machine draws the view first.
        opened.finish_in_background(after=FINISH_AFTER_S)


def _view(backend: GraphBackend, summary: Summary) -> None:
    node_id = st.query_params.get(NODE_PARAM)
    try:
        if node_id:
            _node_view(backend, node_id, summary)
            return
    except UnknownNode:
        st.warning(
            f"No node has the id {escape_markdown(node_id or '', limit=120)}; here is the summary."
        )
    _summary_view(summary)
