"""``transcript``: every sentence the tool writes for a knowledge base, in one text file.

For a reviewer (or a curator after adding an article) who reads all the generated text
against its sources: ``graph.transcript``'s sections, then the CLI's own words, ``show``
for every node, ``evidence`` and ``path`` between the ends ``transcript.path_ends`` names.
The same data always gives the same text.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import click

from .cli_common import (
    force_option,
    lend_graph,
    load_graph_and_tours,
    max_file_bytes,
    output_option,
    tour_options,
    write_page,
)
from .cli_explore import path, show
from .cli_report import evidence_command
from .errors import NoPath
from .questions import load_questions
from .safe_io import check_output, data_subfolder
from .transcript import heading, path_ends, transcript_sections

__all__ = ["transcript"]


def _said(ctx: click.Context, command: click.Command, **params: object) -> str:
    """What ``python -m graph COMMAND`` prints for ``params``, as a block of the transcript."""
    words = " ".join(
        str(value) for key, value in params.items() if key in ("node", "source", "target")
    )
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        try:
            ctx.invoke(command, **params)
        except NoPath as err:
            print(err)
    return f"\n$ python -m graph {command.name} {words}".rstrip() + f"\n{printed.getvalue()}"


@click.command()
@output_option
@force_option
@tour_options
@click.pass_context
def transcript(
    ctx: click.Context, output: str, force: bool, data_dir: Path, tours_dir: Path | None
) -> None:
    """Write every sentence the tool generates, as one text file for review.

    Tours step by step, entry questions with their answers, quizzes (seeds 0-2),
    comparisons, handouts and tours of paths, then show for every node, evidence and
    paths: what a reviewer reads against the article and the evidence records' works.
    """
    if output != "-":
        check_output(Path(output), force=force)  # before the work, not after it
    graph, tours = load_graph_and_tours(data_dir, tours_dir)
    lend_graph(ctx, data_dir, graph)
    folder = data_subfolder(data_dir, "questions")
    questions = load_questions(folder, graph, max_file_bytes=max_file_bytes()) if folder else []
    blocks = list(transcript_sections(graph, tours, questions))
    blocks.append(heading("CLI: show every node"))
    blocks += [_said(ctx, show, node=node, data_dir=data_dir) for node in sorted(graph)]
    blocks.append(heading("CLI: evidence"))
    blocks.append(_said(ctx, evidence_command, data_dir=data_dir))
    blocks.append(heading("CLI: paths"))
    blocks += [
        _said(ctx, path, source=start, target=end, data_dir=data_dir)
        for start, end in path_ends(graph)
    ]
    write_page("\n".join(blocks) + "\n", output, force=force)
