"""The Curate view: take an article in, review its candidate claims, write the good ones.

The page only calls ``graph.ingest``, ``graph.drafts`` and ``graph.accept``; every
problem they report (``file:line: field: message``) is shown inline, and nothing reaches
``data/`` that does not validate. Every text from the article or the draft reaches the
page through ``escape_markdown`` or as a widget's plain value.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from graph.accept import accept_candidates
from graph.accept_undo import reopen_candidates
from graph.drafts import (
    Draft,
    DraftCandidate,
    add_candidate,
    edit_candidate,
    edit_new_node,
    list_drafts,
    reject_candidates,
)
from graph.errors import AtlasError, SchemaError
from graph.extract import split_into_sentences
from graph.ingest import ingest_article, known_names
from graph.mentions import find_mentions, term_index
from graph.schema import NODE_TYPES, RELATIONS, STRENGTHS, KnowledgeBase
from ui.curate_select import article_payload, article_selector, quote_spans, relation_in
from ui.text import code_span, escape_markdown

__all__ = ["curate_page"]

SOURCE = "curate_source"  # the draft under review (a widget key)
MESSAGE = "_curate_message"  # (kind, text) of the last action, shown once
ADD_QUOTE = "curate-add-quote"  # the add-claim form's quote, filled by a selection
ADD_SENTENCE = "curate-add-sentence"
ADD_SUBJECT = "curate-add-subject"
ADD_OBJECT = "curate-add-object"
ADD_RELATION = "curate-add-relation"
ADD_OPEN = "_curate_add_open"  # a selection opens the add-claim form once
_STATUS_ICON = {"proposed": "\u2022", "accepted": "\u2713", "rejected": "\u2717"}


def _report(kind: str, text: str) -> None:
    st.session_state[MESSAGE] = (kind, text)


def _problems(err: AtlasError) -> str:
    if isinstance(err, SchemaError):
        return "\n".join(map(str, err.problems))
    return str(err)


def _act(action: Callable[[], str], on_change: Callable[[], None], *, changes_data: bool) -> bool:
    """Run a curator's action; keep its message (or its problems) for the next run."""
    try:
        said = action()
    except AtlasError as err:
        _report("error", _problems(err))
        return False
    _report("success", said)
    if changes_data:
        on_change()
    return True


def _ingest_form(data_dir: Path, on_change: Callable[[], None]) -> None:
    with st.form("curate-ingest", clear_on_submit=False):
        st.markdown("**Take in an article**")
        upload = st.file_uploader("Article (plain text or HTML)", type=["txt", "html", "htm"])
        source_id = st.text_input("Source id", placeholder="iron-article", key="curate-new-id")
        title = st.text_input("Title", key="curate-new-title")
        url = st.text_input("Address (optional)", key="curate-new-url")
        submitted = st.form_submit_button("Ingest")
    if not submitted:
        return
    if upload is None:
        _report("error", "Choose an article file first.")
        return

    def ingest() -> str:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / (Path(upload.name).name or "article.txt")
            path.write_bytes(upload.getvalue())
            done = ingest_article(
                data_dir, path, source_id=source_id.strip(), title=title, url=url or None
            )
        st.session_state[SOURCE] = done.source_id
        drafted = f"Drafted {len(done.candidates)} candidate claims from {done.source_id!r}."
        return f"{drafted} Note: {done.parser_note}" if done.parser_note else drafted

    if _act(ingest, on_change, changes_data=True):
        st.rerun()  # this run still holds the knowledge base without the new source


def _selected(kb: KnowledgeBase, draft: Draft, span: str) -> None:
    """Put a selection of the article into the add-claim form, as its quote.

    When the words name known nodes, the first becomes the subject and the last the object;
    a relation cue in them ("contain", "relieves") picks the relation.
    """
    text = kb.source(draft.source).text
    start, end = (int(part) for part in span.split("-"))
    quote = text[start:end]
    st.session_state[ADD_QUOTE] = quote
    st.session_state[ADD_OPEN] = True
    first = next((s for s in split_into_sentences(text) if start < s.end), None)
    if first is not None:
        st.session_state[ADD_SENTENCE] = (first.start, first.end)  # where the selection starts
    options = set(_node_options(kb, draft))
    named = [m.node_id for m in find_mentions(quote, term_index(known_names(kb)))]
    named = [node_id for node_id in named if node_id in options]
    if named:
        st.session_state[ADD_SUBJECT] = named[0]
    if len(named) > 1:
        st.session_state[ADD_OBJECT] = named[-1]
    relation = relation_in(quote)
    if relation is not None:
        st.session_state[ADD_RELATION] = relation


def _article_panel(kb: KnowledgeBase, draft: Draft) -> None:
    text = kb.source(draft.source).text
    claimed = {c.sentence for c in draft.candidates if c.status != "rejected"}
    article_selector(
        article_payload(text, term_index(known_names(kb)), claimed=claimed),
        text,
        key=f"curate-article-{draft.source}",
        height=620,
        on_select=lambda span: _selected(kb, draft, span),
    )


def _node_options(kb: KnowledgeBase, draft: Draft) -> list[str]:
    return sorted({node.id for node in kb.nodes} | {node.id for node in draft.new_nodes})


def _choice(label: str, options: list[str], current: str, form_key: str) -> str:
    """A select box on ``current`` (the first option when it is not one of them)."""
    return st.selectbox(
        escape_markdown(label),
        options,
        index=options.index(current) if current in options else 0,
        key=f"{form_key}-{label.lower()}",
    )


def _edit_form(
    data_dir: Path,
    source_id: str,
    candidate: DraftCandidate,
    options: list[str],
    on_change: Callable[[], None],
) -> None:
    key = f"curate-edit-{source_id}-{candidate.n}"
    with st.expander("Edit"), st.form(key):
        subject = _choice("Subject", options, candidate.subject, key)
        relation = _choice("Relation", list(RELATIONS), candidate.relation, key)
        obj = _choice("Object", options, candidate.object, key)
        strength = _choice("Strength", list(STRENGTHS), candidate.strength, key)
        said_as = {
            end: st.text_input(
                f"The quote's own words for the {end}, where wider than the node (said as)",
                value=candidate.said_as.get(end, ""),
                key=f"{key}-said-as-{end}",
            ).strip()
            for end in ("subject", "object")
        }
        if st.form_submit_button("Save edit"):
            changes = {
                "subject": subject,
                "relation": relation,
                "object": obj,
                "strength": strength,
                "said_as": {end: words for end, words in said_as.items() if words},
            }

            def edit() -> str:
                edit_candidate(data_dir, source_id, candidate.n, changes)
                return f"Candidate {candidate.n} edited."

            _act(edit, on_change, changes_data=False)
            st.rerun()


def _candidate(
    kb: KnowledgeBase,
    data_dir: Path,
    draft: Draft,
    candidate: DraftCandidate,
    on_change: Callable[[], None],
) -> None:
    source_id = draft.source
    with st.container(border=True, key=f"curate-candidate-{candidate.n}"):
        flag = " \u2014 **negated: the text denies it**" if candidate.negated else ""
        st.markdown(
            f"{_STATUS_ICON[candidate.status]} **{candidate.n:d}.** "
            f"{code_span(candidate.subject)} \u2192 *{RELATIONS[candidate.relation].label}* \u2192 "
            f"{code_span(candidate.object)} \u00b7 {escape_markdown(candidate.strength)} \u00b7 "
            f"{candidate.confidence:.2f} \u00b7 {escape_markdown(candidate.status)}{flag}"
        )
        st.caption("\u201c" + escape_markdown(candidate.quote) + "\u201d")
        if candidate.status != "proposed":
            st.button(
                "Reopen",
                key=f"curate-reopen-{source_id}-{candidate.n}",
                help="Back to proposed; an accepted claim's quote leaves the knowledge base",
                on_click=_act,
                args=(lambda: _reopened(data_dir, source_id, candidate.n), on_change),
                kwargs={"changes_data": candidate.status == "accepted"},
            )
            return
        accept, reject = st.columns(2)
        accept.button(
            "Accept",
            key=f"curate-accept-{source_id}-{candidate.n}",
            on_click=_act,
            args=(lambda: _accepted(data_dir, source_id, candidate.n), on_change),
            kwargs={"changes_data": True},
        )
        reject.button(
            "Reject",
            key=f"curate-reject-{source_id}-{candidate.n}",
            on_click=_act,
            args=(lambda: _rejected(data_dir, source_id, candidate.n), on_change),
            kwargs={"changes_data": False},
        )
        _edit_form(data_dir, source_id, candidate, _node_options(kb, draft), on_change)


def _accepted(data_dir: Path, source_id: str, number: int) -> str:
    done = accept_candidates(data_dir, source_id, [number])
    written = [
        *(f"new claim {k}" for k in done.new_edges),
        *(f"another source for {k}" for k in done.extra_provenance),
    ]
    return f"Candidate {number} accepted: " + "; ".join(written).replace("|", " ")


def _reopened(data_dir: Path, source_id: str, number: int) -> str:
    done = reopen_candidates(data_dir, source_id, [number])
    taken = [
        *(f"claim {k} removed" for k in done.claims_removed),
        *(f"quote removed from {k}" for k in set(done.quotes_removed) - set(done.claims_removed)),
        *(f"node {n} removed" for n in done.nodes_removed),
    ]
    said = f"Candidate {number} is proposed again."
    return f"{said} " + "; ".join(taken).replace("|", " ") if taken else said


def _rejected(data_dir: Path, source_id: str, number: int) -> str:
    reject_candidates(data_dir, source_id, [number])
    return f"Candidate {number} rejected."


def _new_nodes(
    kb: KnowledgeBase, data_dir: Path, draft: Draft, on_change: Callable[[], None]
) -> None:
    used = {
        end for c in draft.candidates if c.status == "proposed" for end in (c.subject, c.object)
    }
    proposed = [node for node in draft.new_nodes if node.id in used]
    if not proposed:
        return
    known = sorted(node.id for node in kb.nodes)
    types = list(NODE_TYPES)
    with st.expander(f"New nodes the candidates name ({len(proposed)})"):
        for node in proposed:
            key = f"curate-node-{draft.source}-{node.id}"
            with st.form(key):
                st.markdown(code_span(node.id))
                label = st.text_input("Label", node.label, key=f"{key}-label")
                node_type = _choice("Type", types, node.type, key)
                description = st.text_input(
                    "Description (one sentence)", node.description, key=f"{key}-description"
                )
                synonyms = st.text_input(
                    "Synonyms (comma-separated)", ", ".join(node.synonyms), key=f"{key}-synonyms"
                )
                merge = st.selectbox(
                    "Or merge into an existing node",
                    ["", *known],
                    index=["", *known].index(node.merge_into or ""),
                    key=f"{key}-merge",
                )
                if st.form_submit_button("Save node"):
                    changes = {
                        "label": label,
                        "type": node_type,
                        "description": description,
                        "synonyms": tuple(s.strip() for s in synonyms.split(",") if s.strip()),
                        "merge_into": merge or None,
                    }

                    def save(node_id: str = node.id, changes: dict = changes) -> str:
                        edit_new_node(data_dir, draft.source, node_id, changes)
                        return f"Node {node_id!r} saved."

                    _act(save, on_change, changes_data=False)
                    st.rerun()


def _add_claim(
    kb: KnowledgeBase, data_dir: Path, draft: Draft, on_change: Callable[[], None]
) -> None:
    text = kb.source(draft.source).text
    spans = quote_spans(text)
    sentence_starts = {s.start for s in split_into_sentences(text)}
    if st.session_state.get(ADD_SENTENCE) not in spans:
        st.session_state.pop(ADD_SENTENCE, None)  # a span of another draft's source
    options = _node_options(kb, draft)
    opened = st.session_state.pop(ADD_OPEN, False)
    with (
        st.expander("Add a claim the draft missed", expanded=opened),
        st.form(f"curate-add-{draft.source}"),
    ):
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
        )
        subject = st.selectbox("Subject", options, key=ADD_SUBJECT)
        relation = st.selectbox("Relation", list(RELATIONS), key=ADD_RELATION)
        obj = st.selectbox("Object", options, key=ADD_OBJECT)
        strength = st.selectbox("Strength", list(STRENGTHS), key="curate-add-strength")
        if st.form_submit_button("Add to the draft"):
            claim = {
                "subject": subject,
                "relation": relation,
                "object": obj,
                "quote": quote.strip() or text[span[0] : span[1]],
                "strength": strength,
            }

            def add() -> str:
                added = add_candidate(data_dir, draft.source, claim, source_text=text)
                return f"Candidate {added.n} added."

            _act(add, on_change, changes_data=False)
            st.rerun()


def curate_page(kb: KnowledgeBase, data_dir: Path, *, on_change: Callable[[], None]) -> None:
    """Draw the Curate view for the knowledge base in ``data_dir``.

    ``on_change`` is called after anything is written to the knowledge base (not to a
    draft), so the page can reload what it caches.
    """
    with st.sidebar:
        _ingest_form(data_dir, on_change)
    message = st.session_state.pop(MESSAGE, None)
    if message:
        kind, text = message
        if kind == "error":
            st.error("Not written:")
            st.code(text, language=None)
        else:
            st.success(escape_markdown(text))
    try:
        drafts = dict(list_drafts(data_dir))
    except SchemaError as err:
        st.error("The drafts folder does not read:")
        st.code(_problems(err), language=None)
        return
    readable = {name: found for name, found in drafts.items() if isinstance(found, Draft)}
    for name, found in drafts.items():
        if isinstance(found, SchemaError):
            problem = escape_markdown(str(found.problems[0]))
            st.warning(f"Draft {escape_markdown(name)} does not read: {problem}")
    sources = {s.id for s in kb.sources}
    usable = [source_id for source_id in readable if source_id in sources]
    if not usable:
        st.info("No draft to review yet: take an article in with the form in the sidebar.")
        return
    if st.session_state.get(SOURCE) not in usable:
        st.session_state[SOURCE] = usable[-1]
    source_id = st.selectbox("Draft", usable, key=SOURCE, format_func=lambda s: kb.source(s).title)
    draft = readable[source_id]
    counts = draft.counts()
    st.caption(" \u00b7 ".join(f"{n:d} {escape_markdown(status)}" for status, n in counts.items()))
    text_column, candidates_column = st.columns([2, 3])
    with text_column:
        st.markdown("**The article**, sentence by sentence; known nodes highlighted")
        _article_panel(kb, draft)
    with candidates_column:
        st.markdown("**Candidate claims**")
        _new_nodes(kb, data_dir, draft, on_change)
        _add_claim(kb, data_dir, draft, on_change)
        with st.container(height=620):
            for candidate in draft.candidates:
                _candidate(kb, data_dir, draft, candidate, on_change)
