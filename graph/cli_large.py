"""The query commands (search, show, neighbors, path) over an imported file or FalkorDB.

``graph.cli``'s commands call these when ``--data`` names a node-link file or ``--db``
names a server; they print what ``graph.large`` answers, with the same layout and exit
codes as for the curated seed. Edges without quotes are said to come from their data set.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from .index import GraphBackend, Link
from .large import (
    DEFAULT_DB_GRAPH,
    choose_cache_dir,
    link_text,
    open_backend,
    provenance_text,
    relation_words,
    resolve_name,
)
from .limits import printable

__all__ = [
    "db_options",
    "is_large",
    "neighbors_large",
    "path_large",
    "search_large",
    "show_large",
]

F = TypeVar("F", bound=Callable[..., Any])

SHOWN_EDGES = 200
"""Most edges ``show`` prints for one node (a hub may have tens of thousands)."""

SHOWN_NODES = 2000
"""Most nodes ``neighbors`` lists."""


def db_options(command: F) -> F:
    """Add ``--db URL`` and ``--db-graph NAME``: ask a FalkorDB server instead."""
    command = click.option(
        "--db-graph",
        default=DEFAULT_DB_GRAPH,
        show_default=True,
        help="Name of the graph on the --db server (as given to 'db load --graph').",
    )(command)
    return click.option(
        "--db",
        metavar="URL",
        default=None,
        help="Answer from a FalkorDB server (redis://HOST:PORT) that 'db load' filled.",
    )(command)


def is_large(data: Path, db: str | None) -> bool:
    """Whether to answer through ``graph.large``: a server, or ``--data`` naming a regular file."""
    return db is not None or data.is_file()  # a pipe or device goes to the folder checks


def _backend(data: Path, db: str | None, db_graph: str) -> GraphBackend:
    cache = choose_cache_dir(data, os.environ.get("CRAMP_ATLAS_CACHE"), os.environ)
    return open_backend(data, db=db, db_graph=db_graph, cache_dir=cache)


def _out(text: str) -> None:
    click.echo(printable(text))


def _labels(backend: GraphBackend, node_ids: Iterable[str]) -> dict[str, str]:
    return {info.node_id: info.label for info in backend.nodes(dict.fromkeys(node_ids))}


def _link_record(link: Link) -> dict[str, Any]:
    return {
        "subject": link.source,
        "relation": link.relation,
        "object": link.target,
        "provenance": [dict(record) for record in link.provenance],
    }


def _link_lines(backend: GraphBackend, links: list[Link], indent: str) -> list[str]:
    labels = _labels(backend, (end for link in links for end in (link.source, link.target)))
    lines = []
    for link in links:
        lines.append(f"{indent}{link_text(labels, link)}")
        lines += [f"{indent}  {provenance_text(record)}" for record in link.provenance]
    return lines


def search_large(
    data: Path, db: str | None, db_graph: str, *, text: str, limit: int, as_json: bool
) -> None:
    """``search`` over an imported graph: hits best first, exit 1 when none."""
    from .cli_common import NothingFound, table

    backend = _backend(data, db, db_graph)
    hits = backend.search(text, limit=limit)
    types = {info.node_id: info.node_type for info in backend.nodes(hit.node_id for hit in hits)}
    if as_json:
        records = [
            {
                "id": hit.node_id,
                "label": hit.label,
                "type": types[hit.node_id],
                "matched": hit.matched,
                "kind": hit.kind,
                "score": round(hit.score, 1),
            }
            for hit in hits
        ]
        _out(json.dumps(records, indent=2, ensure_ascii=False))
    elif hits:
        rows = [("score", "label", "type", "id", "matched")]
        rows += [
            (
                f"{hit.score:5.1f}",
                hit.label,
                types[hit.node_id],
                hit.node_id,
                f"{hit.matched} ({hit.kind})",
            )
            for hit in hits
        ]
        _out("\n".join(table(rows, right=0)))
    if not hits:
        raise NothingFound(f"no node matches {text!r}")


def show_large(data: Path, db: str | None, db_graph: str, *, node: str, as_json: bool) -> None:
    """``show`` over an imported graph: the node, then its edges by relation (at most 200)."""
    backend = _backend(data, db, db_graph)
    info = backend.node(resolve_name(backend, node))
    links, total = backend.links(info.node_id, limit=SHOWN_EDGES)
    if as_json:
        record = {
            "id": info.node_id,
            "label": info.label,
            "type": info.node_type,
            "synonyms": list(info.synonyms),
            "edge_count": total,
            "edges": [_link_record(link) for link in links],
        }
        _out(json.dumps(record, indent=2, ensure_ascii=False))
        return
    lines = [f"{info.label}  ({info.node_type}, id: {info.node_id})"]
    if info.synonyms:
        lines.append("Also called: " + ", ".join(info.synonyms))
    for relation in sorted({link.relation for link in links}):
        group = [link for link in links if link.relation == relation]
        lines += ["", f"{relation} ({len(group)})", *_link_lines(backend, group, "  ")]
    if not links:
        lines += ["", "No edges involve this node."]
    elif total > len(links):
        lines += ["", f"Showing {len(links):,} of {total:,} edges."]
    _out("\n".join(lines))


def neighbors_large(
    data: Path,
    db: str | None,
    db_graph: str,
    *,
    node: str,
    depth: int,
    as_json: bool,
    types: Collection[str] = (),
    relations: Collection[str] = (),
) -> None:
    """``neighbors`` over an imported graph: the nodes around a node, at most 2,000;
    with ``types`` or ``relations``, the backend's ``focus``."""
    from .cli_common import table

    backend = _backend(data, db, db_graph)
    node_id = resolve_name(backend, node)
    if types or relations:
        found = backend.focus(
            node_id, depth=max(depth, 1), types=types, relations=relations, limit=SHOWN_NODES
        )
    else:
        found = backend.neighbours(node_id, depth=max(depth, 1), limit=SHOWN_NODES)
    node_ids = [node_id] if depth == 0 else sorted(found.nodes)
    infos = sorted(backend.nodes(node_ids), key=lambda info: (info.label, info.node_id))
    if as_json:
        record = {
            "center": node_id,
            "depth": depth,
            "truncated": found.truncated and depth > 0,
            "nodes": [{"id": i.node_id, "label": i.label, "type": i.node_type} for i in infos],
        }
        _out(json.dumps(record, indent=2, ensure_ascii=False))
        return
    more = " (the first 2,000: narrow with a smaller --depth)" if found.truncated and depth else ""
    lines = [
        f"Within {depth} step{'s' if depth != 1 else ''} of {backend.node(node_id).label}: "
        f"{len(infos):,} nodes{more}",
        "",
        "Nodes:",
    ]
    lines += table([(i.label, i.node_type, i.node_id) for i in infos], indent="  ")
    _out("\n".join(lines))


def _path_header(
    labels: Mapping[str, str], found: Sequence[str], steps: Mapping[tuple[str, str], list[Link]]
) -> str:
    """Labels joined by arrows that name each step's relation the way its link runs
    (``A -treats-> B <-causes- C``), so a path of links of different kinds never reads as
    one chain; the same form as the knowledge base's ``format_path``."""
    from .paths import arrow  # imported here, as PATH_NOTE is: large queries need no more of it

    text = labels[found[0]]
    for pair in itertools.pairwise(found):
        link = steps[pair][0]
        drawn = arrow(relation_words(link.relation), forward=link.source == pair[0])
        text += f" {drawn} {labels[pair[1]]}"
    return text


def path_large(
    data: Path,
    db: str | None,
    db_graph: str,
    *,
    source: str,
    target: str,
    max_length: int,
    limit: int,
    as_json: bool,
) -> None:
    """``path`` over an imported graph: shortest paths, each step said with its provenance,
    each path of two or more links followed by the note that it is no chain of cause and effect."""
    # imported here, not at the top: large queries need nothing else of the seed's paths
    from .paths import PATH_NOTE

    backend = _backend(data, db, db_graph)
    source_id, target_id = resolve_name(backend, source), resolve_name(backend, target)
    if source_id == target_id:
        raise click.UsageError(f"FROM and TO both name {source_id!r}; give two different nodes")
    paths = backend.shortest_paths(source_id, target_id, max_length=max_length, limit=limit)
    labels = _labels(backend, (node for found in paths for node in found))
    steps = {
        pair: backend.links(pair[0], other=pair[1], limit=3)[0]
        for found in paths
        for pair in itertools.pairwise(found)
    }
    if as_json:
        records = [
            {
                "nodes": list(found),
                "steps": [
                    _link_record(link) for pair in itertools.pairwise(found) for link in steps[pair]
                ],
            }
            for found in paths
        ]
        _out(json.dumps(records, indent=2, ensure_ascii=False))
        return
    blocks = []
    for found in paths:
        lines = [_path_header(labels, found, steps)]
        if len(found) > 2:
            lines.append(PATH_NOTE)
        for number, pair in enumerate(itertools.pairwise(found), start=1):
            said = _link_lines(backend, steps[pair], "     ")
            lines.append(f"  {number}. {said[0].strip()}")
            lines += said[1:]
        blocks.append("\n".join(lines))
    _out("\n\n".join(blocks))
