"""The Curate view's add-claim panel: a claim the draft missed, from words of the article.

A selection in the article (``selected``) or a sentence picked from a list gives the
quote; its strength is read from the whole sentence (``ui.curate_claim``) and only as
firm or weaker is offered; each end is an existing node found by search, or a new node
described in place. Nothing is written until every field checks out, and the panel says
what is wrong right under its button.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import streamlit as st

from graph.drafts import Draft, DraftNode, add_candidate
from graph.errors import AtlasError, Problem, SchemaError
from graph.extract import split_into_sentences
from graph.schema import NODE_TYPES, RELATIONS, STRENGTHS, KnowledgeBase
from ui.curate_claim import (
    end_names,
    find_ends,
    new_node,
    read_claim,
    sentence_strength,
    strengths_up_to,
)
from ui.curate_select import quote_spans
from ui.text import escape_markdown

__all__ = ["ADD_PLACE", "add_claim_panel", "selected"]

ADD_QUOTE = "curate-add-quote"  # the quote, filled by a selection
ADD_SENTENCE = "curate-add-sentence"
ADD_SUBJECT = "curate-add-subject"
ADD_OBJECT = "curate-add-object"
ADD_RELATION = "curate-add-relation"
ADD_STRENGTH = "curate-add-strength"
ADD_OPEN = "_curate_add_open"  # a selection opens the panel, and it stays open
ADD_PLACE = "add"
"""Where the panel's messages show (``Report``'s ``place``)."""
_EXISTING, _NEW = "an existing node", "a new node"

Report = Callable[[Callable[[], str], str], bool]
"""Runs an action and keeps its message for ``place``: ``report(action, place)``."""


def selected(kb: KnowledgeBase, draft: Draft, span: str) -> None:
    """Put a selection of the article into the panel, as its quote (a widget callback).

    The ends and the relation are ingest's reading of the words (``read_claim``); the
    strength is what the sentence around them says.
    """
    text = kb.source(draft.source).text
    start, end = (int(part) for part in span.split("-"))
    quote = text[start:end]
    state = st.session_state
    state[ADD_QUOTE] = quote
    state[ADD_OPEN] = True
    state[ADD_STRENGTH] = sentence_strength(text, start, end)
    first = next((s for s in split_into_sentences(text) if start < s.end), None)
    if first is not None:
        state[ADD_SENTENCE] = (first.start, first.end)  # where the selection starts
    subject, relation, obj = read_claim(kb, end_names(kb, draft.new_nodes), quote)
    for key, node_id in ((ADD_SUBJECT, subject), (ADD_OBJECT, obj)):
        if node_id is not None:
            state[key] = node_id
            state[f"{key}-kind"] = _EXISTING
            state[f"{key}-find"] = ""
    if relation is not None:
        state[ADD_RELATION] = relation


def _existing_end(names: Mapping[str, list[tuple[str, str]]], role: str, key: str) -> str | None:
    """A known node for the end, searched by id, label or synonym (``graph.search_rank``)."""
    who = escape_markdown(role)
    query = st.text_input(f"Find the {who.lower()}: a label, a synonym or an id", key=f"{key}-find")
    found = find_ends(names, query)
    matched = dict(found)
    options = [node_id for node_id, _ in found]
    if not options:
        st.caption(f"No node is called {escape_markdown(query)}: make it a new node.")
        return None
    current, searched = st.session_state.get(key), f"_{key}-searched"
    if query.strip() and st.session_state.get(searched) != query:
        st.session_state[key] = options[0]  # a new search: its best match
    elif current not in options:
        if current in names:
            options.insert(0, current)  # kept from a selection or an earlier choice
        else:
            st.session_state[key] = options[0]
    st.session_state[searched] = query
    return st.selectbox(
        who,
        options,
        key=key,
        format_func=lambda node_id: (
            f"{node_id} ({matched[node_id]})"
            if matched.get(node_id) not in (None, "", node_id)
            else node_id
        ),
    )


def _new_end(role: str, key: str) -> dict[str, str]:
    """The fields of a new node for the end, as typed."""
    who = escape_markdown(role)
    with st.container(border=True):
        return {
            "id": st.text_input(f"{who}: new node id", key=f"{key}-id", placeholder="quinine"),
            "label": st.text_input(f"{who}: label", key=f"{key}-label"),
            "type": st.selectbox(f"{who}: type", list(NODE_TYPES), key=f"{key}-type"),
            "synonyms": st.text_input(
                f"{who}: synonyms (comma-separated, words of the article)", key=f"{key}-synonyms"
            ),
            "description": st.text_input(
                f"{who}: description (one sentence)", key=f"{key}-description"
            ),
        }


def _end(
    names: Mapping[str, list[tuple[str, str]]], role: str, key: str
) -> tuple[str | None, DraftNode | None, list[str]]:
    """The end's node id, the new node it needs (if any), and what is wrong with it."""
    kind = st.radio(
        f"{escape_markdown(role)} is", [_EXISTING, _NEW], key=f"{key}-kind", horizontal=True
    )
    if kind == _EXISTING:
        node_id = _existing_end(names, role, key)
        problems = [] if node_id else [f"{role}: choose a node, or make it a new node"]
        return node_id, None, problems
    node, problems = new_node(_new_end(role, key), end=role, names=names)
    return (node.id if node else None), node, problems


def _strength(text: str, span: tuple[int, int], quote: str) -> str:
    """The strength select box, offering nothing firmer than the sentence says."""
    start = text.find(quote, span[0]) if quote else span[0]
    start = text.find(quote) if start < 0 else start
    end = start + len(quote) if quote else span[1]
    read = sentence_strength(text, *((start, end) if start >= 0 else span))
    options = strengths_up_to(read)
    if st.session_state.get(ADD_STRENGTH) not in options:
        st.session_state[ADD_STRENGTH] = read
    chosen = st.selectbox("Strength", options, key=ADD_STRENGTH)
    st.caption(
        f"Read from the sentence's words: {escape_markdown(read)}"
        f" ({escape_markdown(STRENGTHS[read].description.rstrip('.'))})"
        + ("" if read == "inferred" else "; nothing firmer is offered.")
    )
    return chosen


def _fields(kb: KnowledgeBase, draft: Draft, text: str) -> tuple[dict, list[DraftNode], list[str]]:
    """Draw the panel's fields; the claim, the new nodes it needs, and its problems."""
    spans = quote_spans(text)
    sentence_starts = {s.start for s in split_into_sentences(text)}
    span = st.selectbox(
        "Sentence or clause",
        spans,
        key=ADD_SENTENCE,
        format_func=lambda s: (
            ("" if s[0] in sentence_starts else "\u2003\u21b3 ") + text[s[0] : s[1]]
        ),
    )
    quote = st.text_area(
        "Quote: words selected in the article, or a part of the sentence, word for word"
        " (empty: all of the sentence or clause)",
        key=ADD_QUOTE,
        height=90,
    ).strip()
    names = end_names(kb, draft.new_nodes)
    subject, new_subject, problems = _end(names, "Subject", ADD_SUBJECT)
    relation = st.selectbox("Relation", list(RELATIONS), key=ADD_RELATION)
    obj, new_object, object_problems = _end(names, "Object", ADD_OBJECT)
    strength = _strength(text, span, quote)
    claim = {
        "subject": subject,
        "relation": relation,
        "object": obj,
        "quote": quote or text[span[0] : span[1]],
        "strength": strength,
    }
    new_nodes = [node for node in (new_subject, new_object) if node is not None]
    if new_subject and new_object and new_subject.id == new_object.id:
        object_problems.append("Object, new node id: the subject is already this new node")
    return claim, new_nodes, problems + object_problems


def _as_form_field(problem: Problem) -> str:
    """A problem of the new candidate's draft record, named as the form's field
    ("Quote: ..."); any other problem as it is."""
    head, dot, field = problem.field.rpartition(".")
    if dot and head.startswith("candidates["):
        return f"{field.capitalize()}: {problem.message}"
    return str(problem)


def add_claim_panel(kb: KnowledgeBase, data_dir: Path, draft: Draft, report: Report) -> None:
    """Draw the add-claim panel for ``draft``; ``report`` runs its action and keeps the
    message, which the caller shows at ``ADD_PLACE`` (under the button)."""
    text = kb.source(draft.source).text
    if st.session_state.get(ADD_SENTENCE) not in quote_spans(text):
        st.session_state.pop(ADD_SENTENCE, None)  # a span of another draft's source
    opened = st.session_state.get(ADD_OPEN, False)  # kept: a changed value would fold it
    with (
        st.expander("Add a claim the draft missed", expanded=opened),
        st.container(key="curate-add"),
    ):
        claim, new_nodes, problems = _fields(kb, draft, text)
        if not st.button("Add to the draft", key=f"curate-add-{draft.source}"):
            return

        def add() -> str:
            if problems:
                raise AtlasError("\n".join(problems))
            try:
                added = add_candidate(
                    data_dir, draft.source, claim, source_text=text, new_nodes=new_nodes
                )
            except SchemaError as err:
                raise AtlasError("\n".join(map(_as_form_field, err.problems))) from err
            return f"Candidate {added.n} added."

        if report(add, ADD_PLACE):
            st.rerun()  # this run drew the candidates without the new one
