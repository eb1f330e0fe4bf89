"""What the app loads once and shares: the knowledge base, graph, layout, questions, tours.

Built once per process with ``st.cache_resource`` and never mutated, so every session
reads the same objects; pure results derived from them (answers, search hits, the
highlighted article, canvas payloads) are cached by their inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import streamlit as st

from graph import build_graph, load_knowledge_base
from graph.layout import compute_layout
from graph.query import Match, search_hits
from graph.questions import Answer, EntryQuestion, answer_question, load_questions
from graph.render import canvas_payload
from graph.safe_io import data_subfolder
from graph.schema import KnowledgeBase
from graph.source import reader_payload
from graph.tours import Tour, load_tours

__all__ = [
    "Atlas",
    "answer_for",
    "hits_for",
    "load_atlas",
    "payload_for",
    "reader_data",
    "reload_data",
]


@dataclass(frozen=True, slots=True)
class Atlas:
    """One loaded knowledge base and what the pages need of it, read-only."""

    data_dir: str
    kb: KnowledgeBase
    graph: nx.MultiDiGraph
    positions: dict
    questions: dict[str, EntryQuestion]
    tours: dict[str, Tour]


@st.cache_resource(show_spinner="Loading the knowledge base ...")
def load_atlas(data_dir: str, max_file_bytes: int) -> Atlas:
    """Knowledge base, frozen graph, layout, questions and tours: built once per process.

    Raises
    ------
    graph.SchemaError
        If the knowledge base, its questions or its tours do not validate.
    """
    kb = load_knowledge_base(data_dir, max_file_bytes=max_file_bytes)
    graph = build_graph(kb)
    folders = {name: data_subfolder(Path(data_dir), name) for name in ("questions", "tours")}
    questions = (
        load_questions(folders["questions"], graph, max_file_bytes=max_file_bytes)
        if folders["questions"]
        else ()
    )
    tours = (
        load_tours(folders["tours"], graph, max_file_bytes=max_file_bytes)
        if folders["tours"]
        else ()
    )
    return Atlas(
        data_dir=data_dir,
        kb=kb,
        graph=graph,
        positions=compute_layout(graph),
        questions={question.id: question for question in questions},
        tours={tour.id: tour for tour in tours},
    )


@st.cache_data(show_spinner=False)
def answer_for(_graph: nx.MultiDiGraph, data_dir: str, question: EntryQuestion) -> Answer:
    """A question's answer: highlighted subgraph and narration (pure, so cached)."""
    return answer_question(_graph, question)


@st.cache_data(show_spinner=False)
def hits_for(_graph: nx.MultiDiGraph, data_dir: str, text: str) -> list[Match]:
    """What a search finds (``data_dir`` keys the cache): run once per text, not per rerun."""
    return search_hits(_graph, text)


@st.cache_data(show_spinner=False)
def reader_data(_graph: nx.MultiDiGraph, data_dir: str, source_id: str, text: str) -> dict:
    """The highlighted article, computed once per source (``data_dir`` keys the cache)."""
    return reader_payload(_graph, source_id, text)


@st.cache_resource(show_spinner=False, max_entries=256)
def _payload(
    _view: nx.MultiDiGraph,
    _positions: dict,
    data_dir: str,
    nodes: tuple[str, ...],
    edges: tuple[tuple[str, str, str], ...],
    highlight: tuple | None,
    selected: str | None,
) -> dict[str, Any]:
    return canvas_payload(_view, _positions, highlight=highlight, selected=selected)


def payload_for(
    atlas: Atlas,
    view: nx.MultiDiGraph,
    *,
    highlight: tuple | None = None,
    selected: str | None = None,
) -> dict[str, Any]:
    """The canvas payload of ``view``, made once per distinct view and shared read-only.

    The view is keyed by its nodes and edges, so the same view reached another way (a
    link, the back button, another session) costs a lookup, not a new payload.
    """
    return _payload(
        view,
        atlas.positions,
        atlas.data_dir,
        tuple(sorted(view)),
        tuple(sorted(view.edges(keys=True))),
        tuple(highlight) if highlight is not None else None,
        selected,
    )


def reload_data() -> None:
    """Forget what was loaded from data/: the Curate view just wrote to it."""
    load_atlas.clear()
    reader_data.clear()
    answer_for.clear()
    hits_for.clear()
    _payload.clear()
