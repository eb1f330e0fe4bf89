"""The curator's commands: ``ingest``, ``draft list|accept|reject``, ``coverage``.

Kept apart from ``graph.cli`` (which registers them) so the two can change without
meeting. Errors become messages and exit codes in ``graph.cli.AtlasGroup``, like every
other command's.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from .cli import BadInput, data_option, json_option
from .ingest import ingest_article
from .load import load_knowledge_base

__all__ = ["CURATOR_COMMANDS", "ingest"]


def _candidate_json(candidate: object) -> dict[str, object]:
    fields = ("subject", "relation", "object", "quote", "strength", "cue", "confidence")
    record = {name: getattr(candidate, name) for name in fields}
    record["negated"] = candidate.negated  # type: ignore[attr-defined]
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
    kb = load_knowledge_base(data_dir)
    done = ingest_article(kb, data_dir, article, source_id=source_id, title=title, url=url)
    if as_json:
        click.echo(json.dumps([_candidate_json(c) for c in done.candidates], indent=2))
        return
    if done.html_stripped:
        click.echo(f"{article}: HTML turned into plain text", err=True)
    negated = sum(c.negated for c in done.candidates)
    click.echo(
        f"Stored {done.text_file} and source {source_id!r}; drafted"
        f" {len(done.candidates)} candidate claims ({negated} negated) and"
        f" {len(done.new_nodes)} new nodes in {done.draft_file}"
    )
    for number, candidate in enumerate(done.candidates, start=1):
        flag = "  [negated: no positive claim]" if candidate.negated else ""
        click.echo(
            f"{number:>3}. {candidate.subject} -{candidate.relation}-> {candidate.object}"
            f"  ({candidate.strength}, {candidate.confidence:.2f}){flag}"
        )


CURATOR_COMMANDS: tuple[click.Command, ...] = (ingest,)
"""Commands ``graph.cli`` adds to its group."""
