"""The curator's commands: ``ingest``, ``draft list|accept|reject|reopen``, ``coverage``.

Kept apart from ``graph.cli`` (which registers them) so the two can change without
meeting. Errors become messages and exit codes in ``graph.cli.AtlasGroup``, like every
other command's. Text from an article or a draft is printed through ``out``, which shows
control and bidi characters as ``\\uXXXX`` (JSON escapes them itself).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from .accept import accept_candidates
from .accept_undo import reopen_candidates
from .cli_common import BadInput, data_option, json_option, out
from .drafts import list_drafts, read_draft, reject_candidates
from .errors import SchemaError
from .grounding import source_coverage
from .ingest import ingest_article
from .limits import printable
from .load import load_knowledge_base

__all__ = ["CURATOR_COMMANDS", "coverage", "draft", "ingest"]


def _candidate_json(candidate: object, said_as: dict[str, str]) -> dict[str, object]:
    fields = ("subject", "relation", "object", "quote", "strength", "cue", "confidence")
    record = {name: getattr(candidate, name) for name in fields}
    record["negated"] = candidate.negated  # type: ignore[attr-defined]
    record["said_as"] = said_as
    return record


@click.command()
@click.argument("article", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--id", "source_id", required=True, help="Id of the new source, like 'iron-article'.")
@click.option("--title", required=True, help="Title of the article.")
@click.option("--url", default=None, help="Where the article was published (http or https).")
@data_option
@json_option
def ingest(
    article: Path, source_id: str, title: str, url: str | None, data_dir: Path, as_json: bool
) -> None:
    """Take in an article: store it as a source and draft its candidate claims.

    The text goes to sources/SOURCE_ID.txt, its record to sources.yaml, and every
    candidate claim (status: proposed) to drafts/SOURCE_ID.yaml for review with
    `draft accept` / `draft reject`.
    """
    if url is not None and not url.startswith(("http://", "https://")):
        raise BadInput(f"--url: an address starts with http:// or https:// (got {url!r})")
    done = ingest_article(data_dir, article, source_id=source_id, title=title, url=url)
    if as_json:
        proposed = zip(done.candidates, done.said_as, strict=True)
        click.echo(json.dumps([_candidate_json(c, s) for c, s in proposed], indent=2))
        return
    if done.html_stripped:
        click.echo(printable(f"{article}: HTML turned into plain text"), err=True)
    if done.parser_note:
        click.echo(printable(f"note: {done.parser_note}"), err=True)
    negated = sum(c.negated for c in done.candidates)
    folder = Path(data_dir).resolve()
    text_file, draft_file = (
        Path(folder.name) / path.resolve().relative_to(folder)
        for path in (done.text_file, done.draft_file)
    )
    out(
        f"Stored {text_file} and source {source_id!r}; drafted"
        f" {len(done.candidates)} candidate claims ({negated} negated) and"
        f" {len(done.new_nodes)} new nodes in {draft_file}"
    )
    for number, candidate in enumerate(done.candidates, start=1):
        flag = "  [negated: no positive claim]" if candidate.negated else ""
        out(
            f"{number:>3}. {candidate.subject} -{candidate.relation}-> {candidate.object}"
            f"  ({candidate.strength}, {candidate.confidence:.2f}){flag}"
        )


@click.group()
def draft() -> None:
    """Review drafts of candidate claims: list, accept, reject, reopen."""


def _numbers(command: click.Command) -> click.Command:
    command = click.argument("numbers", nargs=-1, required=True, type=click.IntRange(min=1))(
        command
    )
    return click.argument("source_id")(command)


@draft.command(name="list")
@click.argument("source_id", required=False)
@data_option
@json_option
def draft_list(source_id: str | None, data_dir: Path, as_json: bool) -> None:
    """List drafts and their counts, or one draft's candidates.

    Without SOURCE_ID: one line per draft (proposed, accepted, rejected). With it:
    every candidate, numbered as `draft accept` and `draft reject` take them.
    """
    if source_id is None:
        _list_all(data_dir, as_json)
        return
    found = read_draft(data_dir, source_id)
    if as_json:
        click.echo(json.dumps([c.model_dump() for c in found.candidates], indent=2))
        return
    for c in found.candidates:
        flag = "  [negated]" if c.negated else ""
        out(
            f"{c.n:>3}. {c.status:<8} {c.subject} -{c.relation}-> {c.object}"
            f"  ({c.strength}, {c.confidence:.2f}){flag}\n       \u201c{c.quote}\u201d"
        )


def _list_all(data_dir: Path, as_json: bool) -> None:
    """One line per draft; a draft that does not read gets its first problem instead, and
    the command then exits 2 (after listing every other draft)."""
    drafts = list_drafts(data_dir)
    broken = [(name, found) for name, found in drafts if isinstance(found, SchemaError)]
    if as_json:
        listed = [
            {"source": name, **found.counts()}
            if not isinstance(found, SchemaError)
            else {"source": name, "problem": str(found.problems[0])}
            for name, found in drafts
        ]
        click.echo(json.dumps(listed, indent=2))
    else:
        if not drafts:
            out("No drafts: `ingest` an article first.")
        for name, found in drafts:
            if isinstance(found, SchemaError):
                out(f"{name}  does not read: {found.problems[0]}")
                continue
            counts = found.counts()
            out(
                f"{name}  proposed {counts['proposed']}  accepted {counts['accepted']}"
                f"  rejected {counts['rejected']}"
            )
    if broken:
        raise SchemaError([p for _, err in broken for p in err.problems])


@draft.command(name="accept")
@_numbers
@data_option
def draft_accept(source_id: str, numbers: tuple[int, ...], data_dir: Path) -> None:
    """Write candidates into the knowledge base as claims of the source.

    A claim that already exists gains this (source, quote) as more provenance; a new one
    goes to claims-SOURCE_ID.yaml with the new nodes it needs and a 'not assessed'
    evidence record. Nothing is written unless the whole knowledge base validates.
    """
    done = accept_candidates(data_dir, source_id, numbers)
    for key in done.new_edges:
        out(f"new claim: {key.replace('|', ' ')}")
    for key in done.extra_provenance:
        out(f"another source for: {key.replace('|', ' ')}")
    for node_id in done.new_nodes:
        out(f"new node: {node_id}")


@draft.command(name="reject")
@_numbers
@data_option
def draft_reject(source_id: str, numbers: tuple[int, ...], data_dir: Path) -> None:
    """Mark candidates rejected in the draft (the knowledge base is not touched)."""
    rejected = reject_candidates(data_dir, source_id, numbers)
    out(f"rejected: {', '.join(map(str, rejected))}")


@draft.command(name="reopen")
@_numbers
@data_option
def draft_reopen(source_id: str, numbers: tuple[int, ...], data_dir: Path) -> None:
    """Put accepted or rejected candidates back to proposed (undo a decision).

    For an accepted one, what its accept wrote is taken out again: its quote from the
    claim, the claim itself if no other quote backs it, and new nodes no claim uses any
    more. Another source's records are never touched.
    """
    done = reopen_candidates(data_dir, source_id, numbers)
    out(f"reopened: {', '.join(map(str, done.numbers))}")
    for key in done.claims_removed:
        out(f"claim removed: {key.replace('|', ' ')}")
    for key in sorted(set(done.quotes_removed) - set(done.claims_removed)):
        out(f"quote removed from: {key.replace('|', ' ')}")
    for node_id in done.nodes_removed:
        out(f"node removed: {node_id}")


@click.command()
@click.argument("source_id")
@data_option
@json_option
def coverage(source_id: str, data_dir: Path, as_json: bool) -> None:
    """Say how much of a source grounds claims.

    Counts the sentences whose text a claim quotes, and lists the sentences that name
    known nodes but ground no claim: where the curator might look next.
    """
    kb = load_knowledge_base(data_dir)
    if source_id not in {source.id for source in kb.sources}:
        known = ", ".join(sorted(source.id for source in kb.sources))
        raise BadInput(f"no source {source_id!r} (known: {known})")
    report = source_coverage(kb, source_id)
    if as_json:
        unclaimed = [
            {"sentence": s.index, "text": s.text, "nodes": list(nodes)}
            for s, nodes in report.unclaimed
        ]
        summary = {"source": source_id, "sentences": report.total, "share": report.share}
        click.echo(
            json.dumps(
                {**summary, "grounded": list(report.grounded), "unclaimed": unclaimed}, indent=2
            )
        )
        return
    out(
        f"{len(report.grounded)} of {report.total} sentences of {source_id!r} ground a claim"
        f" ({report.share:.0%}); {len(report.unclaimed)} name known nodes but ground none:"
    )
    for sentence, nodes in report.unclaimed:
        out(f"  [{sentence.index}] {sentence.text}  ({', '.join(nodes)})")


CURATOR_COMMANDS: tuple[click.Command, ...] = (ingest, draft, coverage)
"""Commands ``graph.cli`` adds to its group."""
