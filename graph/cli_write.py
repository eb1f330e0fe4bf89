"""The commands that write files: ``export``, ``tour list``/``tour export``, ``handout``.

Exports are the same bytes for the same data; pages (a tour's lesson, its handout) are
one self-contained HTML file each. An existing file is replaced only with ``--force``.
"""

from __future__ import annotations

from pathlib import Path

import click

from .cli_common import (
    NothingFound,
    bounded_name,
    data_option,
    echo_json,
    force_option,
    json_option,
    load_graph,
    load_graph_and_tours,
    out,
    output_option,
    table,
    tour_options,
    write_page,
)
from .export import FORMATS, export_bytes, write_export
from .handout import handout_html
from .layout import compute_layout
from .lesson import lesson_html
from .tours import find_tour

__all__ = ["WRITE_COMMANDS"]

_FORMAT_LIST = "\b\nFormats:\n" + "\n".join(
    f"  {name:<8} {description}" for name, description in FORMATS.items()
)


@click.command(epilog=_FORMAT_LIST)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    required=True,
    help="What to write (formats listed below).",
)
@click.option(
    "--output",
    "-o",
    metavar="PATH",
    default="-",
    show_default=True,
    help="File to write, '-' for stdout; for csv and kgx, a folder.",
)
@force_option
@data_option
def export(fmt: str, output: str, force: bool, data_dir: Path) -> None:
    """Write the whole graph as a file for other tools.

    The same data always gives the same bytes. An existing file is replaced only
    with --force.
    """
    graph = load_graph(data_dir)
    if output == "-":
        files = export_bytes(graph, fmt)
        if len(files) != 1:
            names = ", ".join(files)
            raise click.UsageError(
                f"{fmt} writes {len(files)} files ({names}), which cannot all go to stdout;"
                " give a folder with --output DIR"
            )
        # Bytes as exported (validated data holds no control character; csv needs its \r).
        click.echo(next(iter(files.values())), nl=False)
        return
    for written in write_export(graph, fmt, Path(output), force=force):
        out(f"wrote {written}")


@click.group()
def tour() -> None:
    """Guided tours: list them, export one as a one-file lesson.

    Tours live in data/tours/*.yaml, one per file, and are checked against the
    knowledge base: every problem is reported as file:line: field: message (exit 2).
    """


@tour.command(name="list")
@tour_options
@json_option
def tour_list(data_dir: Path, tours_dir: Path | None, as_json: bool) -> None:
    """List the tours: id, title, audience and number of steps.

    Exits 1 when the folder holds no tour.
    """
    _, tours = load_graph_and_tours(data_dir, tours_dir)
    if as_json:
        echo_json(
            [
                {
                    "id": found.id,
                    "title": found.title,
                    "audience": found.audience,
                    "description": found.description,
                    "steps": len(found.steps),
                }
                for found in tours
            ]
        )
    elif tours:
        rows = [("id", "title", "audience", "steps")]
        rows += [(found.id, found.title, found.audience, str(len(found.steps))) for found in tours]
        out("\n".join(table(rows, right=3)))
    if not tours:
        raise NothingFound("no tours: add a *.yaml file to the tours folder")


@tour.command(name="export")
@click.argument("tour_id", callback=bounded_name)
@output_option
@force_option
@tour_options
def tour_export(
    tour_id: str, output: str, force: bool, data_dir: Path, tours_dir: Path | None
) -> None:
    """Write a tour as one self-contained HTML lesson.

    The file presents TOUR_ID step by step in any browser, with no network and no
    server: arrow keys, Page Up/Down or Space to move, A to show an answer. The same
    data always gives the same bytes.
    """
    graph, tours = load_graph_and_tours(data_dir, tours_dir)
    found = find_tour(tours, tour_id)
    write_page(lesson_html(graph, compute_layout(graph), found), output, force=force)


@click.command()
@click.argument("tour_id", callback=bounded_name)
@output_option
@force_option
@tour_options
def handout(tour_id: str, output: str, force: bool, data_dir: Path, tours_dir: Path | None) -> None:
    """Write a printable handout of a tour as one HTML page.

    A picture of the tour's nodes, each step's narration, the quotes and what reviews
    say, the questions with space to answer, and the answer key on its own page. Print
    it, or save it as PDF, from any browser.
    """
    graph, tours = load_graph_and_tours(data_dir, tours_dir)
    found = find_tour(tours, tour_id)
    write_page(handout_html(graph, compute_layout(graph), found), output, force=force)


WRITE_COMMANDS = (export, tour, handout)
"""The commands of this module, in the order ``graph.cli`` adds them."""
