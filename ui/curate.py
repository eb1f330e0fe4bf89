"""The Curate view: take an article in, review its candidate claims, write the good ones.

The page only calls ``graph.ingest``, ``graph.drafts`` and ``graph.accept``; every
problem they report (``file:line: field: message``) is shown inline, and nothing reaches
``data/`` that does not validate. Every text from the article or the draft reaches the
page through ``escape_markdown`` or as a widget's plain value.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

import streamlit as st

from graph.accept import accept_candidates
from graph.accept_undo import reopen_candidates
from graph.assets import static_text
from graph.drafts import (
    Draft,
    DraftCandidate,
    DraftNode,
    edit_candidate,
    edit_new_node,
    list_drafts,
    reject_candidates,
)
from graph.errors import AtlasError, Problem, SchemaError
from graph.ingest import BadArticle, ingest_article, known_names
from graph.mentions import term_index
from graph.schema import NODE_TYPES, RELATIONS, STRENGTHS, KnowledgeBase
from graph.search_rank import fold_query
from ui.curate_add import ADD_PLACE, add_claim_panel, selected
from ui.curate_claim import end_names, find_ends, sentence_strength, strengths_up_to
from ui.curate_select import article_payload, article_selector
from ui.text import code_span, escape_markdown

__all__ = ["curate_page"]

SOURCE = "curate_source"  # the draft under review (a widget key)
MESSAGE = "_curate_message"  # (kind, text, place) of the last action, shown once at its place
INGEST_PLACE = "ingest"
_STATUS_ICON = {"proposed": "\u2022", "accepted": "\u2713", "rejected": "\u2717"}
_STYLES = static_text("curate-page.css")
"""The Curate view's own rules (``graph/static/curate-page.css``): fixed text, no data."""
"""The view's own rules (fixed text, no data): one scroll on a phone."""
_INGEST_FIELDS = {"--id": "Source id", "--title": "Title", "--url": "Address"}
"""The ingest form's fields by the option names the library's messages use."""


def _report(kind: str, text: str, place: str) -> None:
    st.session_state[MESSAGE] = (kind, text, place)


def _problems(err: AtlasError) -> str:
    if isinstance(err, SchemaError):
        return "\n".join(map(str, err.problems))
    return str(err)


def _act(
    action: Callable[[], str],
    place: str,
    *,
    on_change: Callable[[], None] | None = None,
) -> bool:
    """Run a curator's action; keep its message (or its problems) for ``place``, where
    the next run shows it beside the button pressed. ``on_change`` is called when the
    action wrote to the knowledge base."""
    try:
        said = action()
    except AtlasError as err:
        _report("error", _problems(err), place)
        return False
    _report("success", said, place)
    if on_change is not None:
        on_change()
    return True


def _show_message(place: str) -> None:
    """The last action's message, if it belongs at ``place``: problems one to a line."""
    message = st.session_state.get(MESSAGE)
    if not message or message[2] != place:
        return
    del st.session_state[MESSAGE]
    kind, text, _ = message
    if kind == "error":
        st.error(
            "**Not written:**  \n"
            + "  \n".join(escape_markdown(line) for line in text.splitlines() if line.strip())
        )
    else:
        st.success(escape_markdown(text))


def _upload_problem(problem: Problem, *, path: Path, name: str, source_id: str) -> Problem:
    """A problem of an upload named as the curator knows it: the file's own name, or the
    form's field instead of the option the library names (an id taken by a file of the
    data folder is the Source id's problem: the curator never typed that path)."""
    if problem.file == str(path):
        return Problem(name, problem.line, problem.field, problem.message)
    field = _INGEST_FIELDS.get(problem.file)
    if problem.file.endswith((f"/{source_id}.txt", f"/{source_id}.yaml")) or (
        problem.file.endswith("sources.yaml") and problem.field == "id"
    ):
        field = "Source id"
    if field is not None:
        return Problem(field, 0, "", problem.message)
    return problem


def _ingest_form(data_dir: Path, on_change: Callable[[], None]) -> None:
    with st.form("curate-ingest", clear_on_submit=False):
        st.markdown("**Take in an article**")
        upload = st.file_uploader("Article (plain text or HTML)", type=["txt", "html", "htm"])
        source_id = st.text_input("Source id", placeholder="iron-article", key="curate-new-id")
        title = st.text_input("Title", key="curate-new-title")
        url = st.text_input("Address (optional)", key="curate-new-url")
        submitted = st.form_submit_button("Ingest")
    if not submitted:
        _show_message(INGEST_PLACE)
        return
    if upload is None:
        _report("error", "Article: choose an article file first.", INGEST_PLACE)
        _show_message(INGEST_PLACE)
        return

    def ingest() -> str:
        name = Path(upload.name).name or "article.txt"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_bytes(upload.getvalue())
            named = partial(_upload_problem, path=path, name=name, source_id=source_id.strip())
            try:
                done = ingest_article(
                    data_dir, path, source_id=source_id.strip(), title=title, url=url or None
                )
            except BadArticle as err:
                raise BadArticle(named(err.problem)) from err
            except SchemaError as err:
                raise SchemaError([named(problem) for problem in err.problems]) from err
        st.session_state[SOURCE] = done.source_id
        drafted = f"Drafted {len(done.candidates)} candidate claims from {done.source_id!r}."
        return f"{drafted} Note: {done.parser_note}" if done.parser_note else drafted

    if _act(ingest, INGEST_PLACE, on_change=on_change):
        st.rerun()  # this run still holds the knowledge base without the new source
    _show_message(INGEST_PLACE)


def _article_panel(kb: KnowledgeBase, draft: Draft) -> None:
    text = kb.source(draft.source).text
    claimed = {c.sentence for c in draft.candidates if c.status != "rejected"}
    article_selector(
        article_payload(text, term_index(known_names(kb)), claimed=claimed),
        text,
        key=f"curate-article-{draft.source}",
        height=620,
        on_select=lambda span: selected(kb, draft, span),
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


def _strengths_for(text: str, candidate: DraftCandidate) -> list[str]:
    """The strengths a candidate may take: none firmer than its quote's sentence says."""
    at = text.find(candidate.quote)
    if at < 0:
        return list(STRENGTHS)
    return strengths_up_to(sentence_strength(text, at, at + len(candidate.quote)))


def _edit_form(
    data_dir: Path,
    source_id: str,
    candidate: DraftCandidate,
    options: tuple[list[str], list[str]],
) -> None:
    """Edit a candidate's ends, relation and strength (``options``: nodes, strengths)."""
    nodes, strengths = options
    key = f"curate-edit-{source_id}-{candidate.n}"
    with st.expander("Edit"), st.form(key):
        subject = _choice("Subject", nodes, candidate.subject, key)
        relation = _choice("Relation", list(RELATIONS), candidate.relation, key)
        obj = _choice("Object", nodes, candidate.object, key)
        strength = _choice("Strength", strengths, candidate.strength, key)
        said_as = {
            end: st.text_input(
                f"The quote's own words for the {escape_markdown(end)}, where wider than the"
                " node (said as)",
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

            _act(edit, f"candidate-{candidate.n}")
            st.rerun()


def _candidate(
    kb: KnowledgeBase,
    data_dir: Path,
    draft: Draft,
    candidate: DraftCandidate,
    on_change: Callable[[], None],
) -> None:
    source_id = draft.source
    place = f"candidate-{candidate.n}"
    with st.container(border=True, key=f"curate-candidate-{candidate.n}"):
        flag = " \u2014 **negated: the text denies it**" if candidate.negated else ""
        st.markdown(
            f"{_STATUS_ICON[candidate.status]} **{candidate.n:d}.** "
            f"{code_span(candidate.subject)} \u2192 *{RELATIONS[candidate.relation].label}* \u2192 "
            f"{code_span(candidate.object)} \u00b7 {escape_markdown(candidate.strength)} \u00b7 "
            f"{candidate.confidence:.2f} \u00b7 {escape_markdown(candidate.status)}{flag}"
        )
        st.caption("\u201c" + escape_markdown(candidate.quote) + "\u201d")
        _show_message(place)  # in the card whose button was pressed
        if candidate.status != "proposed":
            st.button(
                "Reopen",
                key=f"curate-reopen-{source_id}-{candidate.n}",
                help="Back to proposed; an accepted claim's quote leaves the knowledge base",
                on_click=_act,
                args=(lambda: _reopened(data_dir, source_id, candidate.n), place),
                kwargs={"on_change": on_change if candidate.status == "accepted" else None},
            )
            return
        accept, reject = st.columns(2)
        accept.button(
            "Accept",
            key=f"curate-accept-{source_id}-{candidate.n}",
            on_click=_act,
            args=(lambda: _accepted(data_dir, source_id, candidate.n), place),
            kwargs={"on_change": on_change},
        )
        reject.button(
            "Reject",
            key=f"curate-reject-{source_id}-{candidate.n}",
            on_click=_act,
            args=(lambda: _rejected(data_dir, source_id, candidate.n), place),
        )
        text = kb.source(source_id).text
        options = (_node_options(kb, draft), _strengths_for(text, candidate))
        _edit_form(data_dir, source_id, candidate, options)


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


def _merge_target(kb: KnowledgeBase, name: str) -> str:
    """The id of the existing node ``name`` is (its id, label or a synonym, as the search
    reads them), or "" for none typed.

    Raises
    ------
    AtlasError
        No node has that name; the message offers the nearest ones.
    """
    if not name.strip():
        return ""
    found = find_ends(end_names(kb), name, limit=3)
    if found and found[0][1] and fold_query(found[0][1]) == fold_query(name):
        return found[0][0]
    near = ", ".join(f"{node_id!r}" for node_id, _ in found)
    hint = f" (did you mean {near}?)" if near else ""
    raise AtlasError(f"Or merge into: no node is called {name.strip()!r}{hint}")


def _node_form(kb: KnowledgeBase, data_dir: Path, source_id: str, node: DraftNode) -> None:
    """Describe one new node, or merge it into an existing one found by any of its names."""
    key = f"curate-node-{source_id}-{node.id}"
    with st.form(key):
        st.markdown(code_span(node.id))
        label = st.text_input("Label", node.label, key=f"{key}-label")
        node_type = _choice("Type", list(NODE_TYPES), node.type, key)
        description = st.text_input(
            "Description (one sentence)", node.description, key=f"{key}-description"
        )
        synonyms = st.text_input(
            "Synonyms (comma-separated)", ", ".join(node.synonyms), key=f"{key}-synonyms"
        )
        merge = st.text_input(
            "Or merge into an existing node: its label, a synonym or its id",
            node.merge_into or "",
            key=f"{key}-merge",
        )
        if st.form_submit_button("Save node"):

            def save() -> str:
                changes = {
                    "label": label,
                    "type": node_type,
                    "description": description,
                    "synonyms": tuple(s.strip() for s in synonyms.split(",") if s.strip()),
                    "merge_into": _merge_target(kb, merge) or None,
                }
                edit_new_node(data_dir, source_id, node.id, changes)
                return f"Node {node.id!r} saved."

            _act(save, f"node-{node.id}")
            st.rerun()
    _show_message(f"node-{node.id}")


def _new_nodes(kb: KnowledgeBase, data_dir: Path, draft: Draft) -> None:
    used = {
        end for c in draft.candidates if c.status == "proposed" for end in (c.subject, c.object)
    }
    proposed = [node for node in draft.new_nodes if node.id in used]
    if not proposed:
        return
    with st.expander(f"New nodes the candidates name ({len(proposed)})"):
        for node in proposed:
            _node_form(kb, data_dir, draft.source, node)


def curate_page(kb: KnowledgeBase, data_dir: Path, *, on_change: Callable[[], None]) -> None:
    """Draw the Curate view for the knowledge base in ``data_dir``.

    ``on_change`` is called after anything is written to the knowledge base (not to a
    draft), so the page can reload what it caches.
    """
    st.html(f"<style>{_STYLES}</style>")
    with st.sidebar:
        _ingest_form(data_dir, on_change)
    try:
        drafts = dict(list_drafts(data_dir))
    except SchemaError as err:
        st.error("The drafts folder does not read:")
        st.code(_problems(err), language=None, wrap_lines=True)
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
        _new_nodes(kb, data_dir, draft)
        add_claim_panel(kb, data_dir, draft, _act)
        _show_message(ADD_PLACE)
        # A box of its own beside the article; one scroll with the page on a phone
        # (graph/static/curate-page.css).
        with st.container(height=620, key="curate-candidates"):
            for candidate in draft.candidates:
                _candidate(kb, data_dir, draft, candidate, on_change)
