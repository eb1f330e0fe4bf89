"""Write curated changes to ``data/`` safely: round-trip YAML, check first, then replace.

Every write of the curator's workflow goes through ``write_checked``: the changed files
are laid over a scratch copy of the knowledge base, the copy is loaded and validated,
and only then are the real files replaced (each one atomically). YAML is edited with
ruamel.yaml's round trip, so comments, quoting and the order of unrelated records stay
as they were and the diff shows only what changed.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .extract import Candidate, NewNode
from .load import load_knowledge_base
from .safe_io import path_inside, write_together

__all__ = [
    "DRAFTS_DIR",
    "dump_yaml",
    "load_round_trip",
    "render_draft",
    "sources_with",
    "write_checked",
]

DRAFTS_DIR = "drafts"
"""Folder inside the data folder holding one draft of candidate claims per source."""

_DRAFT_HEAD = """\
# Candidate claims proposed from source '{source}' by `python -m graph ingest`.
# Review each one: `python -m graph draft accept {source} N` or `draft reject {source} N`
# (or in the app's Curate view). Before accepting you may edit a candidate's subject,
# relation, object and strength. A new node needs a one-sentence description, or
# `merge_into:` an existing node's id, label or synonym to use that node instead.
"""


def _yaml() -> YAML:
    yaml = YAML()
    yaml.width = 4096  # never re-wrap long quotes
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


def load_round_trip(path: Path) -> Any:
    """Load a YAML file keeping its comments and layout (ruamel.yaml round trip)."""
    return _yaml().load(path.read_text(encoding="utf-8"))


def dump_yaml(data: Any) -> str:
    """Dump round-trip data back to YAML text."""
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def sources_with(path: Path, record: Mapping[str, Any]) -> str:
    """The text of ``sources.yaml`` with one more source record at the end."""
    data = load_round_trip(path) if path.is_file() else None
    if data is None:
        data = CommentedMap(sources=CommentedSeq())
    data.setdefault("sources", CommentedSeq()).append(CommentedMap(record))
    return dump_yaml(data)


def _candidate_record(number: int, candidate: Candidate) -> CommentedMap:
    """A candidate as its draft record: number and status, then its fields in their order;
    ``negated`` only when it is set, so most records stay short."""
    fields = dataclasses.asdict(candidate)
    if not candidate.negated:
        del fields["negated"]
    return CommentedMap(n=number, status="proposed", **fields)


def render_draft(
    source_id: str, candidates: Iterable[Candidate], new_nodes: Iterable[NewNode]
) -> str:
    """The draft file of a source: every candidate ``status: proposed``, then new nodes."""
    data = CommentedMap(
        source=source_id,
        candidates=CommentedSeq(
            _candidate_record(number, c) for number, c in enumerate(candidates, start=1)
        ),
        new_nodes=CommentedSeq(
            CommentedMap(id=n.id, label=n.label, type=n.type, synonyms=[], description="")
            for n in new_nodes
        ),
    )
    return _DRAFT_HEAD.format(source=source_id) + dump_yaml(data)


def _scratch_copy(data_dir: Path, scratch: Path) -> None:
    scratch.mkdir()
    for path in data_dir.glob("*.yaml"):
        shutil.copy2(path, scratch / path.name)
    if (data_dir / "sources").is_dir():
        shutil.copytree(data_dir / "sources", scratch / "sources")


def write_checked(data_dir: Path, changes: Mapping[Path, str]) -> None:
    """Write ``changes`` (paths relative to ``data_dir``) only if the result validates.

    Every check comes before the first write: the way to each file must stay inside
    the folder (``graph.safe_io.path_inside``), and the knowledge base with the changes
    must load; then the files are written together (``graph.safe_io.write_together``).

    Raises
    ------
    SchemaError
        A file would be written outside the folder, or the knowledge base with the
        changes would not load; nothing is written.
    """
    data_dir = Path(data_dir)
    targets = {relative: path_inside(data_dir, relative) for relative in changes}
    with tempfile.TemporaryDirectory(prefix="atlas-check-") as tmp:
        scratch = Path(tmp) / data_dir.resolve().name
        _scratch_copy(data_dir, scratch)
        for relative, text in changes.items():
            target = scratch / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        load_knowledge_base(scratch)
    write_together({targets[relative]: text.encode("utf-8") for relative, text in changes.items()})
