"""Panels of the explorer page: details, narration, tables, summary.

Every piece of text from the data reaches the page through ``escape_markdown`` (from
``ui.text``, re-exported here) or as plain table cells, so a label can never become a
link, an image, an emoji or HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from urllib.parse import quote

import networkx as nx
import pandas as pd
import streamlit as st

from graph.grouping import group_by
from graph.narrate import disagreement, edge_verdict_sentence
from graph.paths import Path, format_path
from graph.schema import (
    IDENTIFIER_SCHEMES,
    NODE_TYPES,
    RELATIONS,
    STRENGTHS,
    VERDICTS,
    KnowledgeBase,
    graph_edge_id,
    split_edge_id,
)
from graph.schema import edge_id as edge_id_of
from graph.sentences import Sentence, sentence_for_edge
from graph.terms import terms_lines

from .text import code_span, escape_markdown

__all__ = [
    "ARTICLE_HEADING",
    "IDENTIFIER_LINKS",
    "REVIEWS_HEADING",
    "comparison",
    "details",
    "escape_markdown",
    "evidence_overview",
    "labeller",
    "narration",
    "path_label",
    "summary",
    "tables",
]

ARTICLE_HEADING = "What the article says"
"""Heading of the details panel's column of quotes."""
REVIEWS_HEADING = "What the evidence says"
"""Heading of the details panel's column of evidence, beside the quotes."""

IDENTIFIER_LINKS = {
    name: (scheme.label, scheme.page) for name, scheme in IDENTIFIER_SCHEMES.items()
}


def path_label(graph: nx.MultiDiGraph, path: Path) -> str:
    """A path's short header (``paths.format_path``) as escaped markdown: ``Calcium
    deficiency —causes→ Calf muscle cramp ←associated with— Epilepsy [step 1: mixed]
    [step 2: no evidence found]``; the narrated steps beside it give each verdict's scope."""
    return escape_markdown(format_path(graph, path, short=True))


def labeller(graph: nx.MultiDiGraph) -> Callable[[str], str]:
    """A function from node id to its label."""
    return lambda node: graph.nodes[node]["label"]


def summary(graph: nx.MultiDiGraph, view: nx.MultiDiGraph) -> str:
    """One line saying how much of the graph is shown."""
    return (
        f"Showing **{view.number_of_nodes()}** of {graph.number_of_nodes()} nodes and "
        f"**{view.number_of_edges()}** of {graph.number_of_edges()} links. "
        "Click a node or a link to read why it is there."
    )


def _quotes(provenance: tuple[dict, ...], kb: KnowledgeBase) -> None:
    """The quotes behind a claim, grouped by the source that says them."""
    for source_id, quotes in group_by(provenance, lambda prov: prov["source"]).items():
        title = kb.source(source_id).title
        said = "says" if len(quotes) == 1 else f"says, {len(quotes)} times"
        st.markdown(f"**{escape_markdown(title)}** {said}:")
        for prov in quotes:
            st.markdown(
                f"> “{escape_markdown(prov['quote'])}”  \n"
                f"> {STRENGTHS[prov['strength']].description}"
            )


def _node_details(graph: nx.MultiDiGraph, node: str, on_select: Callable) -> None:
    data = graph.nodes[node]
    kind = NODE_TYPES[data["type"]]
    st.subheader(escape_markdown(data["label"]), anchor=False)
    st.caption(f"{kind.label} · id {code_span(node)}")
    st.markdown(escape_markdown(data["description"]))
    for line in terms_lines(graph, node):
        heading, terms = line.split(": ", 1)
        st.markdown(f"**{escape_markdown(heading)}:** {escape_markdown(terms)}")
    for scheme, value in sorted(data["identifiers"].items()):
        name, url = IDENTIFIER_LINKS[scheme]
        shown = _link(value, url.format(value)) if url else code_span(value)
        st.markdown(f"**{name}:** {shown}")
    if data.get("related_mesh"):
        nearest = ", ".join(
            _link(value, IDENTIFIER_LINKS["mesh"][1].format(value))
            for value in data["related_mesh"]
        )
        st.markdown(f"**Nearest MeSH (not exact):** {nearest}")
    for intake in data.get("daily_intake", ()):
        st.markdown(
            f"**Daily {escape_markdown(intake['kind'])}, {escape_markdown(intake['group'])}:** "
            f"{intake['amount']:g} {escape_markdown(intake['unit'])}"
        )
    edges = sorted(
        [(key, "out", v, (node, v, key)) for _, v, key in graph.out_edges(node, keys=True)]
        + [(key, "in", u, (u, node, key)) for u, _, key in graph.in_edges(node, keys=True)],
        key=lambda item: (item[0], item[1], graph.nodes[item[2]]["label"]),
    )
    for (key, direction), group in groupby(edges, key=lambda item: item[:2]):
        relation = RELATIONS[key]
        heading = relation.label if direction == "out" else f"{relation.label} (from)"
        st.markdown(f"**{escape_markdown(heading.capitalize())}**")
        for _, _, other, edge in group:
            sentence = sentence_for_edge(graph, edge)
            edge_id = graph_edge_id(edge)
            left, right = st.columns([3, 2])
            left.button(
                escape_markdown(graph.nodes[other]["label"]),
                key=f"goto-node-{node}-{edge_id}",
                on_click=on_select,
                kwargs={"selected": other},
                help="Show " + escape_markdown(graph.nodes[other]["label"]),
                width="stretch",
            )
            right.button(
                f"Why? {VERDICTS[sentence.verdict].icon}",
                key=f"goto-edge-{node}-{edge_id}",
                on_click=on_select,
                kwargs={"selected": edge_id},
                help=escape_markdown(sentence.text),
                width="stretch",
            )


def _link(text: str, url: str) -> str:
    """A markdown link whose text and address cannot break out of it."""
    safe_url = quote(url, safe=":/?#@!$&'*+,;=%~-._")
    return f"[{escape_markdown(text)}]({safe_url})"


def _qualified(verdict_name: str, qualifier: str = "") -> str:
    """A verdict's label with the facts' qualifier, when they give one."""
    label = VERDICTS[verdict_name].label
    return f"{label} ({qualifier})" if qualifier else label


def _verdict_line(graph: nx.MultiDiGraph, edge: tuple[str, str, str], verdict_name: str) -> str:
    """The verdict's marker and the sentence that says who gives it ("The tool (reading
    USDA food-table amounts) finds ..."), never a wording that credits reviews with all."""
    return f"{VERDICTS[verdict_name].icon} {escape_markdown(edge_verdict_sentence(graph, edge))}"


def _evidence(graph: nx.MultiDiGraph, edge: tuple[str, str, str], verdict_name: str) -> None:
    evidence = graph.edges[edge].get("evidence") or {}
    st.markdown(_verdict_line(graph, edge, verdict_name))
    if evidence.get("summary"):
        st.markdown(escape_markdown(evidence["summary"]))
    for citation in evidence.get("citations", ()):
        text = citation["citation"]
        st.markdown(
            "- "
            + (_link(text, citation["link"]) if citation.get("link") else escape_markdown(text))
        )
    if evidence.get("note"):
        st.caption(escape_markdown(evidence["note"]))


def _amounts(amounts: tuple[dict, ...]) -> None:
    """The USDA amounts as a table whose cells wrap, so a narrow panel shows it whole
    (its cells are Markdown: every one is escaped)."""
    rows = [
        {
            "Food item": item["item"],
            "Per 100 g": f"{item['per_100g']:g} {item['unit']}",
            "Share of adult daily need": ", ".join(
                f"{share['group']}: {share['percent']:g}%" for share in item.get("daily_share", ())
            ),
            "USDA FDC": item.get("fdc_id") or "",
        }
        for item in amounts
    ]
    escaped = [{name: escape_markdown(str(value)) for name, value in row.items()} for row in rows]
    st.table(pd.DataFrame(escaped), hide_index=True)
    st.caption("USDA SR Legacy values; shares of the adult RDA are derived, not measured.")


def _edge_details(
    graph: nx.MultiDiGraph,
    kb: KnowledgeBase,
    edge: tuple[str, str, str],
    on_select: Callable,
) -> None:
    subject, relation, obj = edge
    edge_id = edge_id_of(subject, relation, obj)
    sentence = sentence_for_edge(graph, (subject, obj, relation))
    data = graph.edges[subject, obj, relation]
    st.subheader(escape_markdown(sentence.text), anchor=False)
    firmness = STRENGTHS[sentence.strength].description
    if len({prov["source"] for prov in sentence.provenance}) > 1:
        firmness = "several sources; each quote below says how firmly its source says it"
    st.caption(f"{RELATIONS[relation].label} · {firmness}")
    flag = disagreement(graph, (subject, obj, relation))
    if flag:
        st.error(f"{VERDICTS[sentence.verdict].icon} **Disagreement:** {escape_markdown(flag)}")
    # Side by side, so a reader sees the claim and its evidence at one glance.
    says, reviews = st.columns(2, gap="medium")
    with says:
        st.markdown(f"**{escape_markdown(ARTICLE_HEADING)}**")
        _quotes(sentence.provenance, kb)
        if sentence.amount:
            st.markdown(escape_markdown(sentence.amount))
    with reviews:
        st.markdown(f"**{escape_markdown(REVIEWS_HEADING)}**")
        _evidence(graph, (subject, obj, relation), sentence.verdict)
        if data.get("amounts"):
            _amounts(data["amounts"])
    left, right = st.columns(2)
    for column, node in ((left, subject), (right, obj)):
        column.button(
            escape_markdown(graph.nodes[node]["label"]),
            key=f"edge-end-{edge_id}-{node}",
            on_click=on_select,
            kwargs={"selected": node},
            width="stretch",
        )


def details(
    graph: nx.MultiDiGraph, kb: KnowledgeBase, selected: str | None, *, on_select: Callable
) -> None:
    """The details panel of a node or an edge (or a hint when nothing is selected)."""
    edge = split_edge_id(selected) if selected else None
    if selected is not None and selected in graph:
        _node_details(graph, selected, on_select)
    elif edge is not None and graph.has_edge(edge[0], edge[2], edge[1]):
        _edge_details(graph, kb, edge, on_select)
    else:
        st.info("Click a node or a link in the graph to see what the article says about it.")


def narration(sentences: list[Sentence], kb: KnowledgeBase) -> None:
    """A traced path told step by step, each step with the quote that grounds it."""
    for number, sentence in enumerate(sentences, start=1):
        st.markdown(f"**{number}. {escape_markdown(sentence.text)}**")
        if sentence.amount:
            st.markdown(escape_markdown(sentence.amount))
        _quotes(sentence.provenance, kb)
        if sentence.note:
            st.warning(f"{VERDICTS[sentence.verdict].icon} {escape_markdown(sentence.note)}")


def tables(view: nx.MultiDiGraph) -> None:
    """Sortable tables of exactly the nodes and links shown: the accessible alternative."""
    nodes = pd.DataFrame(
        [
            {
                "Label": data["label"],
                "Type": NODE_TYPES[data["type"]].label,
                "Description": data["description"],
                "Also called": ", ".join(data["synonyms"]),
                "Id": node,
            }
            for node, data in sorted(
                view.nodes(data=True), key=lambda item: (item[1]["label"].casefold(), item[0])
            )
        ],
        columns=["Label", "Type", "Description", "Also called", "Id"],
    )
    edges = pd.DataFrame(
        [
            {
                "From": view.nodes[u]["label"],
                "Relation": RELATIONS[key].label,
                "To": view.nodes[v]["label"],
                "Strength": STRENGTHS[data["strength"]].label,
                "Verdict": _verdict_cell(
                    data.get("verdict", "not assessed"),
                    (data.get("evidence") or {}).get("qualifier", ""),
                ),
                "Quote": " / ".join(p["quote"] for p in data["provenance"]),
            }
            for u, v, key, data in sorted(
                view.edges(keys=True, data=True),
                key=lambda e: (
                    view.nodes[e[0]]["label"].casefold(),
                    e[2],
                    view.nodes[e[1]]["label"].casefold(),
                ),
            )
        ],
        columns=["From", "Relation", "To", "Strength", "Verdict", "Quote"],
    )
    st.markdown(f"**Nodes ({len(nodes)})**")
    st.dataframe(nodes, hide_index=True, width="stretch", key="table-nodes")
    st.markdown(f"**Links ({len(edges)})**")
    st.dataframe(edges, hide_index=True, width="stretch", key="table-edges")


def _verdict_cell(verdict_name: str, qualifier: str = "") -> str:
    """A verdict as a table cell: its marker and its words (``◐ mixed``), qualified."""
    return f"{VERDICTS[verdict_name].icon} {_qualified(verdict_name, qualifier)}"


def evidence_overview(rows: list[dict]) -> None:
    """Every claim with its verdict and who gives it, in one sortable table."""
    table = pd.DataFrame(
        [
            {
                "Claim": row["claim"],
                "Evidence says": f"{row['icon']} {row['verdict_label']}",
                "By": row["verdict_by"],
                "Article": row["strength"],
                "Summary": row["summary"],
                "Cited": row["cited"],
            }
            for row in rows
        ],
        columns=["Claim", "Evidence says", "By", "Article", "Summary", "Cited"],
    )
    st.dataframe(table, hide_index=True, width="stretch", key="table-evidence")


def _groups(groups, label: Callable[[str], str]) -> None:
    if not groups:
        st.caption("Nothing.")
    for group in groups:
        names = ", ".join(label(node) for node in group.nodes)
        st.markdown(f"**{escape_markdown(group.heading)}:** {escape_markdown(names)}")


def _claims(side) -> None:
    for claim in side.claims:
        verdict = VERDICTS[claim.verdict]
        line = f"- {escape_markdown(claim.text)}  \n  {verdict.icon} "
        line += f"*{escape_markdown(claim.verdict_text)}*"
        if claim.summary:
            line += f" — {escape_markdown(claim.summary)}"
        st.markdown(line)


def comparison(result, label: Callable[[str], str]) -> None:
    """Two nodes side by side: unique to each, shared, and the evidence for each claim."""
    left, middle, right = st.columns(3, gap="medium")
    with left:
        st.subheader(escape_markdown(result.first.label), anchor=False)
        st.markdown("**Only this one**")
        _groups(result.first.unique, label)
    with middle:
        st.subheader("Both", anchor=False)
        _groups(result.shared, label)
    with right:
        st.subheader(escape_markdown(result.second.label), anchor=False)
        st.markdown("**Only this one**")
        _groups(result.second.unique, label)
    left, right = st.columns(2, gap="medium")
    for column, side in ((left, result.first), (right, result.second)):
        with column:
            name = escape_markdown(side.label)
            st.markdown(f"**What the article claims of {name}, and what the evidence says**")
            _claims(side)
