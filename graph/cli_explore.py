"""The commands that ask about nodes and paths: ``search``, ``show``, ``neighbors``, ``path``.

Each answers from the curated knowledge base, or, when ``--data`` names an imported
node-link file or ``--db`` a server, hands over to ``graph.cli_large``; both print the
same layout, as text or as JSON with ``--json``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click
import networkx as nx

from .cli_common import (
    BadInput,
    NothingFound,
    bounded_name,
    bounded_names,
    count_option,
    echo_json,
    graph_options,
    load_graph,
    out,
    table,
)
from .cli_large import is_large, neighbors_large, path_large, search_large, show_large
from .evidence import edge_evidence, edge_verdict
from .grouping import group_by
from .ids import EdgeKey
from .index import MAX_PATH_EDGES
from .limits import MAX_DEPTH, MAX_SEARCH_RESULTS, printable
from .narrate import verdict_label, verdict_source
from .narrate_words import own_words
from .paths import MAX_PATH_LENGTH, MAX_PATHS, find_paths, format_path, path_note
from .query import filter_view, neighbourhood, resolve, search
from .schema import IDENTIFIER_SCHEMES, NODE_TYPES, RELATIONS
from .sentences import narrate_path, reference_short, sentence_for_edge
from .terms import terms_lines
from .yaml_folder import suggest

__all__ = ["EXPLORE_COMMANDS"]


def _quote_line(provenance: dict) -> str:
    return f"\u201c{provenance['quote']}\u201d ({provenance['strength']}, {provenance['source']})"


def _edge_record(graph: nx.MultiDiGraph, edge: tuple[str, str, str]) -> dict:
    sentence = sentence_for_edge(graph, edge)
    subject, obj, relation = edge
    data = graph.edges[edge]
    return {
        "subject": subject,
        "relation": relation,
        "object": obj,
        "sentence": sentence.text,
        "strength": sentence.strength,
        "provenance": [dict(prov) for prov in sentence.provenance],
        "verdict": sentence.verdict,
        "note": sentence.note,
        "amount": sentence.amount,
        "evidence": data.get("evidence") or {},
        "amounts": list(data.get("amounts") or ()),
    }


def _number(value: float) -> str:
    return f"{value:g}"


def _amount_lines(amounts: Iterable[dict], indent: str) -> list[str]:
    """One line per food item: per 100 g, derived share of the daily intake, serving, ids."""
    lines = []
    for amount in amounts:
        unit = amount["unit"]
        head = amount["item"]
        if amount.get("fortified") is not None and "fortified" not in head:
            head += ", fortified" if amount["fortified"] else ", not fortified"
        line = f"{indent}{head}: {_number(amount['per_100g'])} {unit} per 100 g"
        shares = amount.get("daily_share") or ()
        if shares:
            said = ", ".join(f"{share['percent']}% for {share['group']}" for share in shares)
            line += f" ({said} of the {shares[0]['kind']}, derived)"
        serving = amount.get("serving")
        if serving:
            grams = f" ({_number(serving['grams'])} g)" if serving.get("grams") else ""
            line += f"; {serving['label']}{grams}: {_number(serving['amount'])} {unit}"
        ids = f"NDB {amount['ndb']}" + (f", FDC {amount['fdc_id']}" if "fdc_id" in amount else "")
        line += f" [{ids}]"
        if amount.get("note"):
            line += f" {amount['note']}"
        lines.append(line)
    return lines


def _evidence_lines(graph: nx.MultiDiGraph, edge: tuple[str, str, str], indent: str) -> list[str]:
    """The verdict, credited to who gives it, with its summary, then each citation with its
    address, then each related work (one the summary describes as context, not evidence for
    the claim: a reader can still look it up; ninth read, #4). The internal facts row is no
    source a reader can look up, so it is not shown."""
    verdict, evidence = edge_verdict(graph, edge), edge_evidence(graph, edge)
    summary = f" {evidence['summary']}" if evidence.get("summary") else ""
    by, label = verdict_source(evidence), verdict_label(graph, edge)
    lines = [f"{indent}{by}: {verdict.icon} {label}.{summary}"]
    context = "related, not evidence for this claim: "
    works = [("", ref) for ref in evidence.get("citations", ())]
    works += [(context, ref) for ref in evidence.get("related", ())]
    for role, reference in works:
        link = f" {reference['link']}" if reference.get("link") else ""
        lines.append(f"{indent}  - {role}{reference['citation']}{link}")
    return lines


def _node_record(graph: nx.MultiDiGraph, node_id: str) -> dict:
    data = graph.nodes[node_id]
    return {"id": node_id, "label": data["label"], "type": data["type"]}


def _by_label(graph: nx.MultiDiGraph, node_ids: Iterable[str]) -> list[str]:
    return sorted(node_ids, key=lambda node: (graph.nodes[node]["label"].casefold(), node))


@click.command(name="search")
@click.argument("text", callback=bounded_name)
@count_option("--limit", high=MAX_SEARCH_RESULTS, default=10, about="Most matches to print")
@graph_options
def search_command(
    text: str, limit: int, data_dir: Path, db: str | None, db_graph: str, as_json: bool
) -> None:
    """Find nodes by name, forgiving typos.

    Matches TEXT against every id, label and synonym, and prints the matches best
    first with the name that matched and a score (0-100). Exits 1 when nothing matches.
    """
    if is_large(data_dir, db):
        return search_large(data_dir, db, db_graph, text=text, limit=limit, as_json=as_json)
    matches = search(load_graph(data_dir), text, limit=limit)
    if as_json:
        echo_json(
            [
                {
                    "id": match.node_id,
                    "label": match.label,
                    "type": match.node_type,
                    "matched": match.matched,
                    "kind": match.kind,
                    "score": round(match.score, 1),
                }
                for match in matches
            ]
        )
    else:
        rows = [("score", "label", "type", "id", "matched")]
        rows += [
            (
                f"{match.score:5.1f}",
                match.label,
                match.node_type,
                match.node_id,
                f"{match.matched} ({match.kind})",
            )
            for match in matches
        ]
        if matches:
            out("\n".join(table(rows, right=0)))
    if not matches:
        raise NothingFound(f"no node matches {text!r}")


@click.command()
@click.argument("node", callback=bounded_name)
@graph_options
def show(node: str, data_dir: Path, db: str | None, db_graph: str, as_json: bool) -> None:
    """Describe a node, its claims and what the evidence says of them.

    NODE is an id, label or synonym (typos forgiven). Prints the node's identifiers, then
    its claims grouped by relation: each said in words, followed by its quotes and
    strength, the food amounts (rich-in claims) and the evidence verdict with citations.
    An imported graph's edges without quotes name the data set they came from.
    """
    if is_large(data_dir, db):
        return show_large(data_dir, db, db_graph, node=node, as_json=as_json)
    graph = load_graph(data_dir)
    node_id = resolve(graph, node)
    data = graph.nodes[node_id]
    edges = sorted(
        [*graph.out_edges(node_id, keys=True), *graph.in_edges(node_id, keys=True)],
        key=lambda edge: (list(RELATIONS).index(edge[2]), edge[0], edge[1]),
    )
    if as_json:
        echo_json(
            {
                **_node_record(graph, node_id),
                "description": data["description"],
                "synonyms": list(data["synonyms"]),
                "narrower": sorted(
                    {t for terms in data.get("narrower", {}).values() for t in terms}
                ),
                "identifiers": dict(data["identifiers"]),
                "related_mesh": list(data.get("related_mesh", ())),
                "daily_intake": list(data.get("daily_intake", ())),
                "edges": [_edge_record(graph, edge) for edge in edges],
            }
        )
        return
    type_label = NODE_TYPES[data["type"]].label
    lines = [f"{data['label']}  ({type_label}, id: {node_id})", data["description"]]
    lines.extend(terms_lines(graph, node_id))
    if data["identifiers"]:
        lines.append(
            "Identifiers: "
            + ", ".join(
                f"{IDENTIFIER_SCHEMES[scheme].label} {value}"
                for scheme, value in sorted(data["identifiers"].items())
            )
        )
    if data.get("related_mesh"):
        lines.append("Nearest MeSH (not exact): " + ", ".join(data["related_mesh"]))
    if data.get("daily_intake"):
        lines.append(
            "Daily intake: "
            + ", ".join(
                f"{intake['group']} {_number(intake['amount'])} {intake['unit']}"
                f" ({intake['kind']}, {reference_short(graph, intake['source'])})"
                for intake in data["daily_intake"]
            )
        )
    # Headed by the source's own word where its claims use one ("prescribed for", not
    # "recommended for": seventeenth read, #6).
    heads = {edge: own_words(graph, edge, label=True) or RELATIONS[edge[2]].label for edge in edges}
    for relation in RELATIONS:
        in_relation = [edge for edge in edges if edge[2] == relation]
        for head, group in group_by(in_relation, heads.__getitem__).items():
            lines += ["", f"{head} ({len(group)})"]
            lines += _claim_lines(graph, group)
    if not edges:
        lines += ["", "No claims involve this node yet."]
    out("\n".join(lines))


def _claim_lines(graph: nx.MultiDiGraph, edges: Iterable[EdgeKey]) -> list[str]:
    """Each claim of a ``show`` group: its sentence, quotes, amounts and evidence."""
    lines = []
    for edge in edges:
        sentence = sentence_for_edge(graph, edge)
        lines.append(f"  {sentence.text}")
        lines += [f"    {_quote_line(prov)}" for prov in sentence.provenance]
        amounts = graph.edges[edge].get("amounts") or ()
        if amounts:
            lines.append(f"    Amounts ({reference_short(graph, amounts[0]['source'])}):")
            lines += _amount_lines(amounts, "      ")
        lines += _evidence_lines(graph, edge, "    ")
    return lines


def _focused(
    graph: nx.MultiDiGraph,
    node_id: str,
    depth: int,
    types: tuple[str, ...],
    relations: tuple[str, ...],
) -> nx.MultiDiGraph:
    """NODE and the nodes of ``types`` within ``depth`` steps along ``relations`` (empty:
    any), with the edges between them of those relations: what the backends' ``focus``
    answers, on the seed graph."""
    for given, known, what in (
        (types, NODE_TYPES, "node type"),
        (relations, RELATIONS, "relation"),
    ):
        for name in given:
            if name not in known:
                hint = suggest(name, known)  # "rich-in": did you mean 'rich_in'? (QA pass)
                said = f"unknown {what}: {printable(name)}{hint}"
                raise BadInput(f"{said}; 'stats' lists the known ones")
    walk = filter_view(graph, relations=relations or None)
    reached = neighbourhood(walk, [node_id], depth=depth)
    kept = {node_id} | {n for n in reached if not types or graph.nodes[n]["type"] in types}
    return walk.subgraph(kept)


@click.command()
@click.argument("node", callback=bounded_name)
@count_option(
    "--depth",
    low=0,
    high=MAX_DEPTH,
    default=1,
    about="How many steps out from NODE, in either direction",
)
@click.option(
    "--type",
    "types",
    multiple=True,
    callback=bounded_names,
    help="Keep only nodes of this type (repeat for several; NODE itself always stays).",
)
@click.option(
    "--relation",
    "relations",
    multiple=True,
    callback=bounded_names,
    help="Walk only along edges of this relation (repeat for several).",
)
@graph_options
def neighbors(
    node: str,
    depth: int,
    types: tuple[str, ...],
    relations: tuple[str, ...],
    data_dir: Path,
    db: str | None,
    db_graph: str,
    as_json: bool,
) -> None:
    """List the claims and nodes around a node.

    Everything within --depth steps of NODE, walking edges either way (only along
    --relation edges when given), keeping NODE and the nodes of each --type: the claims
    as sentences, then the nodes.
    """
    if is_large(data_dir, db):
        return neighbors_large(
            data_dir, db, db_graph, node=node, depth=depth, as_json=as_json,
            types=types, relations=relations,
        )  # fmt: skip
    graph = load_graph(data_dir)
    node_id = resolve(graph, node)
    view = _focused(graph, node_id, depth, types, relations)
    edges = sorted(view.edges(keys=True))
    node_ids = _by_label(graph, view.nodes)
    if as_json:
        echo_json(
            {
                "center": node_id,
                "depth": depth,
                "nodes": [_node_record(graph, other) for other in node_ids],
                "edges": [_edge_record(graph, edge) for edge in edges],
            }
        )
        return
    label = graph.nodes[node_id]["label"]
    lines = [
        f"Within {depth} step{'s' if depth != 1 else ''} of {label}: "
        f"{len(node_ids)} nodes, {len(edges)} edges"
    ]
    if edges:
        lines += ["", "Claims:"]
        lines += [
            f"  {sentence_for_edge(graph, edge).text} ({view.edges[edge]['strength']})"
            for edge in edges
        ]
    lines += ["", "Nodes:"]
    lines += table(
        [(graph.nodes[other]["label"], graph.nodes[other]["type"], other) for other in node_ids],
        indent="  ",
    )
    out("\n".join(lines))


@click.command()
@click.argument("source", metavar="FROM", callback=bounded_name)
@click.argument("target", metavar="TO", callback=bounded_name)
@count_option("--max-length", high=MAX_PATH_LENGTH, default=3, about="Most steps in a path")
@count_option("--limit", high=MAX_PATHS, default=5, about="Most paths to print")
@graph_options
def path(
    source: str,
    target: str,
    max_length: int,
    limit: int,
    data_dir: Path,
    db: str | None,
    db_graph: str,
    as_json: bool,
) -> None:
    """Show the claims that join one node to another, link by link.

    Prints ranked paths from FROM to TO, shortest and firmest first. Each header names
    every link's relation in its claim's own direction and flags each step the evidence
    does not rate supported, with the verdict's scope; a path of two or more links says
    it is no chain of cause and effect. Each step is then said in words with its quote,
    how much of a nutrient a food gives, and what the evidence says. Exits 1 when no path
    is at most --max-length steps long.
    """
    if is_large(data_dir, db):
        return path_large(
            data_dir,
            db,
            db_graph,
            source=source,
            target=target,
            max_length=min(max_length, MAX_PATH_EDGES),
            limit=limit,
            as_json=as_json,
        )
    graph = load_graph(data_dir)
    source_id, target_id = resolve(graph, source), resolve(graph, target)
    if source_id == target_id:
        raise click.UsageError(f"FROM and TO both name {source_id!r}; give two different nodes")
    paths = find_paths(graph, source_id, target_id, max_length=max_length, limit=limit)
    if as_json:
        echo_json(
            [
                {
                    "nodes": list(found.nodes),
                    "text": format_path(graph, found),
                    "note": path_note(found),
                    "steps": [
                        {**_edge_record(graph, step.edge), "forward": step.forward}
                        for step in found.steps
                    ],
                }
                for found in paths
            ]
        )
        return
    blocks = []
    for found in paths:
        lines = [format_path(graph, found)]
        lines += [f"  {note}" for note in [path_note(found)] if note]
        for number, sentence in enumerate(narrate_path(graph, found), start=1):
            lines.append(f"  {number}. {sentence.text}")
            lines += [f"     {_quote_line(prov)}" for prov in sentence.provenance]
            lines += [f"     {extra}" for extra in (sentence.amount, sentence.note) if extra]
        blocks.append("\n".join(lines))
    out("\n\n".join(blocks))


EXPLORE_COMMANDS = (search_command, show, neighbors, path)
"""The commands of this module, in the order ``graph.cli`` adds them."""
