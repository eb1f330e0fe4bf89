"""The exception family: one base, a few named kinds callers can catch apart.

Like ``networkx.exception``: catch ``NoPath`` for "nothing connects these" without also
catching a typo (``UnknownNode``) or broken data (``SchemaError``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["AtlasError", "NoPath", "Problem", "SchemaError", "UnknownName", "UnknownNode"]


class AtlasError(Exception):
    """Base of every error this library raises on purpose."""


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with the data, located as ``file:line: field: message``."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


def _problem_order(problem: Problem) -> tuple[str, int, tuple[tuple[str, int], ...], str]:
    """Sort by file, line, then field with its indexes as numbers (``edges[2]`` before
    ``edges[10]``), then message."""
    parts = re.split(r"(\d+)", problem.field)
    numbers = [*parts[1::2], ""]  # re.split gives one more text than numbers
    field = tuple(
        (text, int(number or 0)) for text, number in zip(parts[::2], numbers, strict=True)
    )
    return problem.file, problem.line, field, problem.message


class SchemaError(AtlasError):
    """The data does not load: carries every problem found, sorted by file and line.

    ``unlisted`` counts problems found but not listed (a reader that stops listing after
    so many); a last problem then says how many more there are.
    """

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], *, unlisted: int = 0) -> None:
        ordered = sorted(problems, key=_problem_order)
        if unlisted:
            file = ordered[-1].file if ordered else ""
            ordered.append(Problem(file, 0, "", f"... and {unlisted:,} more problems"))
        self.problems = tuple(ordered)
        count = len(problems) + unlisted
        files = sorted({problem.file for problem in self.problems})
        where = files[0] if len(files) == 1 else f"{len(files)} files"
        head = f"{count} problem{'s' if count != 1 else ''} in {where}"
        super().__init__("\n".join([head, *map(str, self.problems)]))


class UnknownName(AtlasError, KeyError):
    """A name or id that matches nothing: a ``KeyError`` that prints its message as written."""

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownNode(UnknownName):
    """A name matches no node; ``suggestions`` holds the closest labels, if any."""

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f" (did you mean {', '.join(map(repr, suggestions))}?)" if suggestions else ""
        super().__init__(f"no node matches {name!r}{hint}")


class NoPath(AtlasError):
    """No path joins two nodes within the length bound."""
