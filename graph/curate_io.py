"""Write curated changes to ``data/`` safely: round-trip YAML, check first, then replace.

Every write of the curator's workflow goes through ``write_checked``: the changed files
are laid over a scratch copy of the knowledge base, the copy is loaded and validated,
and only then are the real files replaced (each one atomically). YAML is edited with
ruamel.yaml's round trip, so comments, quoting and the order of unrelated records stay
as they were and the diff shows only what changed.

A YAML anchor lets records share one value (one quote backing every food of a list): a
writer edits a value only through ``unshared``, which gives the record its own copy
first, and ``write_checked`` refuses a write that changes a record it was not aimed at.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import tempfile
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml as plain_yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .errors import Problem, SchemaError
from .extract import Candidate, NewNode
from .load import SECTIONS, load_knowledge_base
from .safe_io import path_inside, write_together

__all__ = [
    "DRAFTS_DIR",
    "dump_yaml",
    "load_round_trip",
    "record_key",
    "render_draft",
    "sources_with",
    "unshared",
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


def _own_copy(value: Any) -> Any:
    """A deep copy of round-trip data carrying no anchor, with its flow style kept."""
    if isinstance(value, CommentedMap):
        copied: Any = CommentedMap((key, _own_copy(item)) for key, item in value.items())
    elif isinstance(value, CommentedSeq):
        copied = CommentedSeq(_own_copy(item) for item in value)
    else:
        return value
    if value.fa.flow_style():
        copied.fa.set_flow_style()
    return copied


def unshared(data: Any, *path: str | int) -> Any:
    """The value at ``path`` in round-trip ``data``, made the record's own before an edit.

    Every anchored value on the way (``&menu``, which aliases ``*menu`` share) is replaced
    by an unanchored copy, so editing what is returned changes this record only; the
    records that share the anchor keep the value as it was.
    """
    value = data
    for step in path:
        child = value[step]
        if getattr(getattr(child, "anchor", None), "value", None):
            child = value[step] = _own_copy(child)
        value = child
    return value


def sources_with(path: Path, record: Mapping[str, Any]) -> str:
    """The text of ``sources.yaml`` with one more source record at the end."""
    data = load_round_trip(path) if path.is_file() else None
    if data is None:
        data = CommentedMap(sources=CommentedSeq())
    data.setdefault("sources", CommentedSeq())
    unshared(data, "sources").append(CommentedMap(record))
    return dump_yaml(data)


def _candidate_record(
    number: int, candidate: Candidate, said_as: Mapping[str, str]
) -> CommentedMap:
    """A candidate as its draft record: number and status, then its fields in their order;
    ``negated`` and ``said_as`` only when set, so most records stay short."""
    fields: dict[str, Any] = dataclasses.asdict(candidate)
    if not candidate.negated:
        del fields["negated"]
    if said_as:
        fields["said_as"] = CommentedMap(said_as)
        fields["said_as"].fa.set_flow_style()
    return CommentedMap(n=number, status="proposed", **fields)


def render_draft(
    source_id: str,
    proposed: Iterable[tuple[Candidate, Mapping[str, str]]],
    new_nodes: Iterable[NewNode],
) -> str:
    """The draft file of a source: every candidate (with its ``said_as``) ``status:
    proposed``, then new nodes."""
    data = CommentedMap(
        source=source_id,
        candidates=CommentedSeq(
            _candidate_record(number, candidate, said_as)
            for number, (candidate, said_as) in enumerate(proposed, start=1)
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


def record_key(section: str, record: Mapping[str, Any]) -> str:
    """How a write names a record it aims at: ``edges:SUBJECT|RELATION|OBJECT``, ``nodes:ID``."""
    if section == "edges":
        return f"edges:{record.get('subject')}|{record.get('relation')}|{record.get('object')}"
    return f"{section}:{record.get('key' if section == 'references' else 'id')}"


def _records_of(text: str | None) -> dict[str, Any]:
    """Every record of a data file's text by ``record_key`` (aliases read as their values)."""
    data = plain_yaml.safe_load(text) if text else None
    if not isinstance(data, dict):
        return {}
    return {
        record_key(section, record): record
        for section in SECTIONS
        for record in data.get(section) or ()
        if isinstance(record, dict)
    }


def _unaimed(data_dir: Path, changes: Mapping[Path, str], aimed: Collection[str]) -> list[Problem]:
    """A problem for each record of a top-level data file that ``changes`` would change,
    add or remove although it is not in ``aimed``."""
    problems = []
    for relative, text in changes.items():
        if Path(relative).parent != Path("."):
            continue  # drafts and source texts hold no records of the knowledge base
        path = data_dir / relative
        before = _records_of(path.read_text(encoding="utf-8") if path.is_file() else None)
        after = _records_of(text)
        for key in sorted(before.keys() | after.keys()):
            if key not in aimed and before.get(key) != after.get(key):
                shown = f"{data_dir.resolve().name}/{Path(relative).as_posix()}"
                message = f"the write would also change {key}, which it was not aimed at; refused"
                problems.append(Problem(shown, 0, "", message))
    return problems


def write_checked(
    data_dir: Path, changes: Mapping[Path, str], *, aimed: Collection[str] = ()
) -> None:
    """Write ``changes`` (paths relative to ``data_dir``) only if the result validates.

    Every check comes before the first write: the way to each file must stay inside
    the folder (``graph.safe_io.path_inside``), no record of the knowledge base changes
    unless it is in ``aimed`` (``record_key``: a shared YAML anchor edited in place would
    change every record sharing it), and the knowledge base with the changes must load;
    then the files are written together (``graph.safe_io.write_together``). The caller
    holds the data folder's lock (``graph.safe_io.data_lock``).

    Raises
    ------
    SchemaError
        A file would be written outside the folder, a record not aimed at would change,
        or the knowledge base with the changes would not load; nothing is written.
    """
    data_dir = Path(data_dir)
    targets = {relative: path_inside(data_dir, relative) for relative in changes}
    unaimed = _unaimed(data_dir, changes, aimed)
    if unaimed:
        raise SchemaError(unaimed)
    with tempfile.TemporaryDirectory(prefix="atlas-check-") as tmp:
        scratch = Path(tmp) / data_dir.resolve().name
        _scratch_copy(data_dir, scratch)
        for relative, text in changes.items():
            target = scratch / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        load_knowledge_base(scratch)
    write_together({targets[relative]: text.encode("utf-8") for relative, text in changes.items()})
