"""The README's command examples print what the README shows (QA pass: the evidence count,
the tour titles, a suggestion and an export into a missing folder had drifted).

Each ```` ``` ```` block holding one ``python -m graph`` command, followed by a block of its
output, is run in-process on the seed data (writers in an empty folder); an output with a
"..." line is compared line by line up to each "...", the others whole.
"""

from __future__ import annotations

import itertools
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"
_BLOCK = re.compile(r"```[a-z]*\n(.*?)```", re.S)
# Examples that need what the README sets up in prose (a server, an article, a draft, a
# folder of the reader's own) rather than the seed data alone.
NEEDS_SETUP = (
    "validate my-data",
    " import ",
    " db ",
    "--data imported",
    "ingest",
    "draft",
    "coverage",
)


def _examples() -> list[tuple[str, str]]:
    blocks = _BLOCK.findall(README.read_text(encoding="utf-8"))
    found = []
    for command, output in itertools.pairwise(blocks):
        lines = command.strip().splitlines()
        if len(lines) != 1 or not lines[0].startswith("python -m graph"):
            continue
        if output.lstrip().startswith("python") or any(s in lines[0] for s in NEEDS_SETUP):
            continue
        found.append((lines[0], output))
    return found


def _shown_in(expected: str, printed: str) -> None:
    """Every line the README shows is printed, in order; "..." stands for lines left out."""
    rest = printed.splitlines()
    for line in expected.rstrip("\n").splitlines():
        if line.strip() in ("...", "…"):
            continue
        while rest and rest[0].rstrip() != line.rstrip():
            if "..." not in expected:
                break
            rest.pop(0)
        assert rest and rest[0].rstrip() == line.rstrip(), f"README shows {line!r}"
        rest.pop(0)
    if "..." not in expected:
        assert not rest, f"printed more than the README shows: {rest[:3]}"


@pytest.mark.parametrize(("command", "output"), _examples(), ids=lambda value: value[:50])
def test_a_readme_example_prints_what_the_readme_shows(
    command: str, output: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = shlex.split(command)[3:]
    data = str(Path(__file__).resolve().parents[1] / "data")
    if args and args[0] in ("export", "tour", "handout") and "list" not in args:
        (tmp_path / "out").mkdir()
    needs_data = args[:1] != ["--help"] and "--data" not in args
    result = CliRunner().invoke(cli, [*args, *(["--data", data] if needs_data else [])])
    printed = result.stdout + result.stderr
    _shown_in(output, printed)


def test_the_readme_shows_examples_of_the_commands_a_reader_starts_with() -> None:
    commands = " ".join(command for command, _ in _examples())
    for name in ("validate", "search", "show", "neighbors", "path", "evidence", "export", "quiz"):
        assert f"python -m graph {name}" in commands
