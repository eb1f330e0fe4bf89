"""``python -m graph``: the command line (see ``graph.cli``)."""

from .cli import cli

cli()
