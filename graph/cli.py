"""The command line, ``python -m graph``: the library's questions as verbs.

Each command loads the knowledge base (``--data DIR``, default the project's ``data/``),
asks ``graph.query`` or ``graph.export``, and prints plain text to stdout, or JSON with
``--json``. Exit codes: 0 success, 1 nothing found, 2 bad input or usage. The library's
errors become messages in one place, ``AtlasGroup.invoke``, never a traceback.

This module holds the group; the commands live in ``cli_explore``, ``cli_report``,
``cli_write``, ``cli_curate`` and ``cli_scale``, with their shared options and output
helpers in ``cli_common``.

Examples
--------
>>> from click.testing import CliRunner
>>> print(CliRunner().invoke(cli, ["path", "almonds", "cramp prevention"]).stdout[:28])
Almonds -rich in-> Magnesium
>>> CliRunner().invoke(cli, ["search", "zzzzqqq"]).exit_code
1
"""

from __future__ import annotations

from typing import Any

import click

from .cli_common import BadInput, DataProblems, NothingFound
from .cli_curate import CURATOR_COMMANDS
from .cli_explore import EXPLORE_COMMANDS
from .cli_report import REPORT_COMMANDS
from .cli_scale import db, import_command
from .cli_transcript import transcript
from .cli_write import WRITE_COMMANDS
from .errors import AtlasError, NoPath, SchemaError
from .limits import MAX_FILE_BYTES, printable
from .paths import MAX_PATH_LENGTH

__all__ = ["AtlasGroup", "cli"]


class OneLineUsage(click.UsageError):
    """A usage error said on one line, with where to find help, instead of click's three."""

    def show(self, file: Any = None) -> None:
        hint = f" (see '{self.ctx.command_path} --help')" if self.ctx else ""
        message = printable(self.format_message(), keep_newlines=False)
        click.echo(f"Error: {message}{hint}", err=True)


def _one_line(err: click.UsageError) -> click.UsageError:
    """``err`` as a one-line usage error; a bare group call still prints its help."""
    if isinstance(err, OneLineUsage | click.exceptions.NoArgsIsHelpError):
        return err
    return OneLineUsage(err.format_message(), err.ctx)


class AtlasGroup(click.Group):
    """A click group that turns the library's errors into messages and exit codes.

    ``SchemaError`` prints each problem as ``file:line: field: message``; ``NoPath``
    exits 1; any other ``AtlasError`` (an unknown name, with its suggestions) and
    file-system errors exit 2. Click's own usage errors exit 2 too, said on one line.
    """

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as err:
            raise _one_line(err) from err

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as err:
            raise _one_line(err) from err
        except SchemaError as err:
            raise DataProblems(err.problems) from err
        except NoPath as err:
            raise NothingFound(f"{err} (--max-length goes up to {MAX_PATH_LENGTH})") from err
        except AtlasError as err:
            raise BadInput(str(err)) from err
        except BrokenPipeError:
            raise  # the reader went away (``| head``); click exits quietly
        except OSError as err:
            where = f" ({err.filename})" if err.filename else ""
            raise BadInput(f"{err.strerror or err}{where}") from err


@click.group(cls=AtlasGroup)
@click.option(
    "--max-file-kb",
    type=click.IntRange(1, 1024 * 1024),
    default=MAX_FILE_BYTES // 1024,
    show_default=True,
    envvar="CRAMP_ATLAS_MAX_FILE_KB",
    help="Largest data file read, in KiB (env: CRAMP_ATLAS_MAX_FILE_KB); larger are refused.",
)
@click.pass_context
def cli(context: click.Context, max_file_kb: int) -> None:
    """Cramp Atlas: explore the calf-cramp knowledge graph from the command line.

    Exit codes: 0 success, 1 nothing found, 2 bad input or usage. An educational
    tool, not medical advice.
    """
    context.ensure_object(dict)["max_file_bytes"] = max_file_kb * 1024


for _command in (
    *REPORT_COMMANDS,
    *EXPLORE_COMMANDS,
    *WRITE_COMMANDS,
    *CURATOR_COMMANDS,
    import_command,
    db,
    transcript,
):
    cli.add_command(_command)
