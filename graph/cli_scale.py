"""Commands for graphs of any size: ``import`` (and ``db``), added to ``graph.cli``'s group.

They live apart from ``graph.cli`` so the commands for the curated seed stay short; the
group's ``AtlasGroup.invoke`` turns their errors into messages and exit codes too.
"""

from __future__ import annotations

import os
from pathlib import Path

import click
import networkx as nx

from .build import build_graph
from .cli_common import count_option, force_option
from .import_readers import load_mapping
from .importers import (
    IMPORT_FORMATS,
    MAX_IMPORT_BYTES,
    import_file,
    imported_path,
    read_imported,
    write_imported,
)
from .large import choose_cache_dir
from .limits import printable
from .load import DEFAULT_DATA_DIR, load_knowledge_base
from .store import load_backend

__all__ = ["db", "import_command", "read_any"]


def read_any(data: Path) -> nx.MultiDiGraph:
    """Load a knowledge-base folder (YAML) or a node-link file (``import``'s graph.json)."""
    if data.is_dir():
        return build_graph(load_knowledge_base(data))
    return read_imported(data)


@click.command(name="import")
@click.argument("file", type=click.Path(path_type=Path, exists=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(IMPORT_FORMATS),
    required=True,
    help="What FILE is: node-link json, graphml, gexf, csv (Neo4j import) or kgx (TSV/JSONL).",
)
@click.option(
    "--mapping",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="YAML naming the attribute or column of type, label, synonyms, relation, provenance.",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder to write graph.json (node-link) into; made if missing.",
)
@force_option
@count_option(
    "--max-mb",
    default=MAX_IMPORT_BYTES // 2**20,
    about="Refuse inputs larger than this many MiB, before reading them",
)
def import_command(
    fmt: str, file: Path, mapping: Path | None, output: Path, force: bool, max_mb: int
) -> None:
    """Import a graph another tool wrote, checking every node and edge.

    Every problem is reported as `file:line: field: message` (or the row or XML element),
    with exit code 2. Edges without quotes get their data set as provenance; an edge that
    repeats another (same source, relation and target) is merged into it, with a note. An existing
    DIR/graph.json is replaced only with --force; a symbolic link is never written through.
    """
    imported_path(output, force=force)  # refuse before the work, not after it
    imported = import_file(
        file, fmt=fmt, mapping=load_mapping(mapping, fmt), max_bytes=max_mb * 2**20
    )
    graph = imported.graph
    written = write_imported(graph, output, force=force)
    click.echo(
        f"Imported {graph.number_of_nodes():,} nodes and {graph.number_of_edges():,} edges"
        f" into {written}"
    )
    if imported.merged:
        repeats = "edge" if imported.merged == 1 else "edges"
        click.echo(
            printable(
                f"Note: merged {imported.merged:,} repeated {repeats} (same source, relation"
                f" and target) into the first, their provenance combined; the first:"
                f" {imported.first_repeat}",
                keep_newlines=False,
            ),
            err=True,
        )
    # The same content-keyed cache the app and the query commands use (none below 8 MiB,
    # or with CRAMP_ATLAS_CACHE=off), so the first start on the import is a cached one.
    cache = choose_cache_dir(written, os.environ.get("CRAMP_ATLAS_CACHE"), os.environ)
    if cache is not None:
        load_backend(written, cache_dir=cache)


@click.group()
def db() -> None:
    """Use a FalkorDB server for graphs one machine cannot hold."""


@db.command(name="load")
@click.option("--url", required=True, help="The server, as redis://HOST:PORT.")
@click.option("--graph", "graph_name", required=True, help="Name of the graph to (re)create.")
@click.option(
    "--data",
    type=click.Path(path_type=Path, exists=True),
    default=DEFAULT_DATA_DIR,
    help="Knowledge-base folder, or a node-link file from import (default: data/).",
)
@count_option("--timeout-ms", default=60_000, about="Limit for each batch query, in milliseconds")
def db_load(url: str, graph_name: str, data: Path, timeout_ms: int) -> None:
    """Copy a graph into FalkorDB, replacing the graph of that name.

    Nodes, edges and a search index (trigrams of every label and synonym) are written
    with parameterised Cypher in batches; the same questions can then be asked there.
    """
    from .backends.falkor import load_graph

    graph = read_any(data)
    load_graph(graph, url, graph_name, timeout_ms=timeout_ms)
    click.echo(
        f"Loaded {graph.number_of_nodes():,} nodes and {graph.number_of_edges():,} edges"
        f" into {graph_name}"
    )
