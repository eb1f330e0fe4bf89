"""Answer questions about an imported graph of any size, in memory or from FalkorDB.

The curated seed is explored through ``graph.query`` (descriptions, strengths, reviews);
an imported graph has only labels, types, synonyms, relations and provenance, and may hold
a million edges. This module opens one (``open_backend``), resolves names through the
search index, and says edges and their provenance in words: a quote when the edge has
one, otherwise the data set it came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .errors import UnknownNode
from .index import GraphBackend, Link

__all__ = [
    "DEFAULT_DB_GRAPH",
    "LARGE_FILE_BYTES",
    "choose_cache_dir",
    "link_text",
    "open_backend",
    "provenance_text",
    "relation_words",
    "resolve_name",
]

DEFAULT_DB_GRAPH = "atlas"
"""FalkorDB graph the query commands ask when ``--db-graph`` is not given."""


LARGE_FILE_BYTES = 8 * 2**20
"""Files at least this large are cached by default (below it, parsing is quick anyway)."""


def choose_cache_dir(data: Path, setting: str | None, environ: Mapping[str, str]) -> Path | None:
    """Where to cache a node-link file's graph and index, or None for no cache.

    Parameters
    ----------
    data
        The node-link file.
    setting
        What the user asked for (``CRAMP_ATLAS_CACHE``): a folder, ``off``, or None or
        empty for the default, which caches files of ``LARGE_FILE_BYTES`` or more in
        ``cramp-atlas`` under the user's cache folder (``XDG_CACHE_HOME``, else
        ``~/.cache``), never next to the data.
    environ
        The environment to read ``XDG_CACHE_HOME`` and ``HOME`` from.

    Examples
    --------
    >>> choose_cache_dir(Path("g.json"), "/tmp/c", {})
    PosixPath('/tmp/c')
    >>> choose_cache_dir(Path("g.json"), "off", {}) is None
    True
    """
    if setting and setting.strip():
        return None if setting.strip() == "off" else Path(setting.strip())
    if not data.is_file() or data.stat().st_size < LARGE_FILE_BYTES:
        return None
    home = environ.get("XDG_CACHE_HOME") or str(Path(environ.get("HOME") or "~", ".cache"))
    return Path(home).expanduser() / "cramp-atlas"


def open_backend(
    data: Path | None,
    *,
    db: str | None = None,
    db_graph: str = DEFAULT_DB_GRAPH,
    cache_dir: Path | None = None,
) -> GraphBackend:
    """The backend answering for a node-link file, or for a FalkorDB graph.

    Parameters
    ----------
    data
        A node-link file (``import``'s ``graph.json``); ignored when ``db`` is given.
    db
        ``redis://HOST:PORT`` of a FalkorDB server that ``db load`` filled.
    db_graph
        The graph's name on that server.
    cache_dir
        Folder for the content-keyed cache of graph and index (``graph.store``), or None.

    Returns
    -------
    GraphBackend
        ``FalkorBackend`` when ``db`` is given, else a ``MemoryBackend``.

    Raises
    ------
    SchemaError
        Every problem of a file that does not load, with its place.
    AtlasError
        If the server cannot be reached.
    """
    if db is not None:
        from .backends.falkor import FalkorBackend

        return FalkorBackend(db, db_graph)
    if data is None:
        raise ValueError("give a node-link file or a FalkorDB URL")
    from .store import load_backend

    return load_backend(data, cache_dir=cache_dir)


def resolve_name(backend: GraphBackend, name: str) -> str:
    """The node an id, label or synonym names (typos forgiven), as the seed's ``resolve``.

    Raises
    ------
    UnknownNode
        If nothing is close enough.
    """
    try:
        return backend.node(name).node_id
    except UnknownNode:
        pass
    hits = backend.search(name, limit=1)
    if not hits:
        raise UnknownNode(name)
    return hits[0].node_id


def relation_words(relation: str) -> str:
    """A relation name as words: ``rich_in`` -> ``rich in``.

    Examples
    --------
    >>> relation_words("biolink:treats")
    'biolink: treats'
    """
    return relation.replace("_", " ").replace(":", ": ").replace("  ", " ").strip()


def provenance_text(record: Mapping[str, str]) -> str:
    """Where an edge comes from: its quote, or the data set it was imported from.

    Examples
    --------
    >>> provenance_text({"dataset": "hetionet.json"})
    'from the data set hetionet.json'
    >>> provenance_text({"source": "nhs", "quote": "Cramps hurt.", "strength": "stated"})
    '\u201cCramps hurt.\u201d (stated, nhs)'
    """
    if "quote" in record:
        return f"\u201c{record['quote']}\u201d ({record.get('strength', '')}, {record['source']})"
    return f"from the data set {record.get('dataset', 'unknown')}"


def link_text(labels: Mapping[str, str], link: Link) -> str:
    """An edge said in words with the labels of its ends (ids where no label is given)."""
    source = labels.get(link.source, link.source)
    target = labels.get(link.target, link.target)
    return f"{source} {relation_words(link.relation)} {target}"
