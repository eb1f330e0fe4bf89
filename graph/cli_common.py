"""What every command module of the CLI shares: its errors, options and output helpers.

``graph.cli`` holds the group and turns the library's errors into these exceptions;
the commands live in ``cli_explore`` (questions about nodes and paths), ``cli_report``
(checks and counts), ``cli_write`` (files and pages), ``cli_curate``, ``cli_scale`` and
``cli_large``, and take their options from here so each option is declared once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import networkx as nx
from click.core import ParameterSource

from .build import build_graph
from .cli_large import db_options
from .errors import Problem
from .limits import MAX_FILE_BYTES, MAX_NAME_LENGTH, printable
from .load import DEFAULT_DATA_DIR, load_knowledge_base
from .safe_io import data_subfolder, write_atomic
from .tours import Tour, load_tours

__all__ = [
    "BadInput",
    "DataProblems",
    "NothingFound",
    "bounded_name",
    "bounded_names",
    "count_option",
    "data_option",
    "echo_json",
    "force_option",
    "graph_options",
    "json_option",
    "load_graph",
    "load_graph_and_tours",
    "max_file_bytes",
    "out",
    "output_option",
    "plural",
    "table",
    "tour_options",
    "write_page",
]

F = TypeVar("F", bound=Callable[..., Any])


class BadInput(click.ClickException):
    """Our errors about what the user gave (a name, a folder, a file): exit 2."""

    exit_code = 2

    def format_message(self) -> str:
        return printable(self.message, keep_newlines=False)


class NothingFound(BadInput):
    """A well-formed question with no answer (no match, no path): exit 1."""

    exit_code = 1


class DataProblems(click.ClickException):
    """The knowledge base does not load: every problem on its own line, exit 2."""

    exit_code = 2

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems

    def show(self, file: Any = None) -> None:
        try:
            for problem in self.problems:
                click.echo(printable(str(problem), keep_newlines=False), err=True)
        except BrokenPipeError:
            pass  # the reader went away (``| head -1``); the exit code still says 2 (QA pass)


# --- options ------------------------------------------------------------------------------


def _default_data_dir(context: click.Context, param: click.Parameter, value: Path) -> Path:
    """Refuse the default folder when it is missing, as it is for an installed package,
    unless ``--db`` names a server to answer instead or a command's own ``DIR`` argument
    names the folder (``validate DIR``; click handles what the command line gives before
    what is left at its default, so both are known here)."""
    source = context.get_parameter_source(param.name or "")
    given = context.params.get("db") or context.params.get("folder")
    if source is ParameterSource.DEFAULT and not value.is_dir() and not given:
        raise click.UsageError(
            "no default knowledge base here (the package is installed without the project's"
            " data/ folder): pass --data DIR"
        )
    return value


def data_option(command: F) -> F:
    """Add ``--data DIR``: the knowledge-base folder to load."""
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(path_type=Path),
        default=DEFAULT_DATA_DIR,
        callback=_default_data_dir,
        help=(
            "Knowledge-base folder: *.yaml files and sources/ (default: the project's data/);"
            " search, show, neighbors and path also take a node-link file from import."
        ),
    )(command)


def json_option(command: F) -> F:
    """Add ``--json``: print machine-readable JSON instead of text."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(
        command
    )


def graph_options(command: F) -> F:
    """Add ``--data``, ``--db``, ``--db-graph`` and ``--json``: the query commands' options."""
    return data_option(db_options(json_option(command)))


def tour_options(command: F) -> F:
    """Add ``--data`` and ``--tours DIR``: the folder of tour files (default: ``tours/``)."""
    return data_option(
        click.option(
            "--tours",
            "tours_dir",
            type=click.Path(path_type=Path),
            default=None,
            help=(
                "Folder of tour files, one tour per *.yaml (default: tours/ in the --data folder)."
            ),
        )(command)
    )


def output_option(command: F) -> F:
    """Add ``--output PATH`` (required): the file to write, ``-`` for stdout."""
    return click.option(
        "--output",
        "-o",
        metavar="PATH",
        required=True,
        help="File to write, '-' for stdout.",
    )(command)


def force_option(command: F) -> F:
    """Add ``--force``: replace an output file that already exists."""
    return click.option(
        "--force",
        is_flag=True,
        help="Replace the output if it exists (a symbolic link is never written through).",
    )(command)


def count_option(
    name: str, *, low: int = 1, high: int | None = None, default: int, about: str
) -> Callable[[F], F]:
    """An option taking a whole number of at least ``low`` (and at most ``high``).

    Its default is shown, and its help is ``about`` followed by the range when there is a
    most, so the range is written once.
    """
    limits = f" ({low} to {high})" if high is not None else ""
    return click.option(
        name,
        type=click.IntRange(low, high),
        default=default,
        show_default=True,
        help=f"{about}{limits}.",
    )


def bounded_name(context: click.Context, parameter: click.Parameter, value: Any) -> Any:
    """Refuse a name (a node, a tour id, a search text) too long to be one."""
    if isinstance(value, str) and len(value) > MAX_NAME_LENGTH:
        raise click.BadParameter(
            f"is {len(value)} characters long; a name has at most {MAX_NAME_LENGTH}",
            ctx=context,
            param=parameter,
        )
    return value


def bounded_names(context: click.Context, parameter: click.Parameter, value: Any) -> Any:
    """``bounded_name`` for each value of an option given several times."""
    for item in value or ():
        bounded_name(context, parameter, item)
    return value


# --- loading and printing -----------------------------------------------------------------


def _settings() -> dict[str, Any]:
    """The group's settings for this command line (empty outside one)."""
    context = click.get_current_context(silent=True)
    settings = context.find_object(dict) if context else None
    return settings if settings is not None else {}


def max_file_bytes() -> int:
    """The file-size limit given to the group (``--max-file-kb``), in bytes."""
    return _settings().get("max_file_bytes", MAX_FILE_BYTES)


def load_graph(data_dir: Path) -> nx.MultiDiGraph:
    """The graph of the knowledge base in ``data_dir``, within the group's size limit.

    A command that runs others on one folder (``transcript``) lends them its graph with
    ``lend_graph``, so the folder is read and checked once, not once per command.
    """
    lent = _settings().get("lent_graphs", {})
    if data_dir in lent:
        return lent[data_dir]
    return build_graph(load_knowledge_base(data_dir, max_file_bytes=max_file_bytes()))


def lend_graph(context: click.Context, data_dir: Path, graph: nx.MultiDiGraph) -> None:
    """Let the commands ``context`` invokes use ``graph`` as the one of ``data_dir``."""
    context.ensure_object(dict).setdefault("lent_graphs", {})[data_dir] = graph


def load_graph_and_tours(
    data_dir: Path, tours_dir: Path | None
) -> tuple[nx.MultiDiGraph, tuple[Tour, ...]]:
    """The graph and its tours (from ``tours_dir``, or ``tours/`` in ``data_dir``)."""
    graph = load_graph(data_dir)
    if tours_dir is None:
        tours_dir = data_subfolder(data_dir, "tours") or data_dir / "tours"
    return graph, load_tours(tours_dir, graph, max_file_bytes=max_file_bytes())


def out(text: str) -> None:
    """Print ``text`` to stdout with control and bidi characters made visible."""
    click.echo(printable(text))


def echo_json(value: object) -> None:
    """Print ``value`` as indented JSON, characters made visible as ``out`` does."""
    out(json.dumps(value, indent=2, ensure_ascii=False))


def write_page(page: str, output: str, *, force: bool) -> None:
    """Write an HTML page to ``output`` (``-``: stdout) and say where it went."""
    if output == "-":
        click.echo(page, nl=False)  # a page we made (its scripts hold such characters)
        return
    write_atomic(Path(output), page.encode("utf-8"), force=force)
    out(f"wrote {output}")


def table(rows: list[tuple[str, ...]], *, indent: str = "", right: int = -1) -> list[str]:
    """Rows as aligned columns (column ``right`` flush right), without trailing spaces."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        (
            indent
            + "  ".join(
                cell.rjust(width) if column == right else cell.ljust(width)
                for column, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
        ).rstrip()
        for row in rows
    ]


def plural(count: int, word: str) -> str:
    """``count`` and ``word``, with an ``s`` unless the count is one."""
    return f"{count} {word}{'' if count == 1 else 's'}"
