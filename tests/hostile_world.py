"""Shared by the hostile-input tests: a breakable world with a canary, and how to run a case.

``make_world`` copies ``data/`` to ``kb`` beside an ``outside/`` folder holding canary
files (YAML, text, HTML, a folder of tours) that no command may read or change; a case
runs in-process (``run_here``) or, when it could blow up, in a child process with an
address-space limit and a timeout (``run_child``); ``assert_clean`` checks what every case
must hold.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from graph.cli import cli
from graph.load import DEFAULT_DATA_DIR

CANARY = "CANARY-5d1e0c77"
ROOT = Path(__file__).resolve().parent.parent
TOUR = "tours/almonds-to-fewer-cramps.yaml"
QUESTIONS = "questions/questions.yaml"
TIME_LIMIT = 30.0
"""Seconds any one case may take in-process (the slowest take about 2 s)."""
MEMORY_LIMIT = 1536 * 1024 * 1024
"""Address space of a child process running a case that could blow up (1.5 GiB)."""
PROBLEM_LINE = re.compile(r"^kb(/[^:\n]+)?(:\d+)?: \S")


@dataclass(frozen=True)
class World:
    """A breakable knowledge base ``kb``, an ``out`` folder, and the canary outside."""

    root: Path

    @property
    def kb(self) -> Path:
        return self.root / "kb"

    @property
    def out(self) -> Path:
        return self.root / "out"

    @property
    def outside(self) -> Path:
        return self.root / "outside"

    def fingerprint(self) -> dict[str, str]:
        """The canary folder's ``snapshot``."""
        return snapshot(self.outside)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by path, with a hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def make_world(tmp_path: Path) -> World:
    """A fresh ``kb`` copy of ``data/``, an empty ``out/`` and the canary in ``outside/``."""
    made = World(tmp_path)
    shutil.copytree(DEFAULT_DATA_DIR, made.kb)
    made.out.mkdir()
    made.outside.mkdir()
    (made.outside / "canary.yaml").write_text(
        f"nodes: {CANARY}\nid: {CANARY}\ntitle: {CANARY}\nsteps: [{CANARY}]\n", encoding="utf-8"
    )
    (made.outside / "canary.txt").write_text(f"{CANARY} text\n", encoding="utf-8")
    (made.outside / "canary.html").write_text(f"<p>{CANARY}</p>\n", encoding="utf-8")
    (made.outside / "tours").mkdir()
    (made.outside / "tours" / "t.yaml").write_text(f"id: {CANARY}\n", encoding="utf-8")
    return made


# --- ways to break a folder -----------------------------------------------------------------

Break = Callable[[World], None]


def edit(file: str, pattern: str, replacement: str) -> Break:
    """Replace the first match of ``pattern`` (a regex, multiline) in ``kb/file``."""

    def apply(world: World) -> None:
        path = world.kb / file
        text = path.read_text(encoding="utf-8")
        changed, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
        assert count == 1, f"{pattern!r} is not in {file}"
        path.write_text(changed, encoding="utf-8")

    return apply


def write(file: str, content: str | bytes) -> Break:
    def apply(world: World) -> None:
        path = world.kb / file
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return apply


def link(file: str, target: str) -> Break:
    """Make ``kb/file`` a symbolic link to ``target`` (relative to the world's root)."""

    def apply(world: World) -> None:
        path = world.kb / file
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        path.symlink_to(world.root / target)

    return apply


def steps(*breaks: Break) -> Break:
    def apply(world: World) -> None:
        for one in breaks:
            one(world)

    return apply


def run_child(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """Run ``python -m graph ARGS`` with bounded memory and time."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    done = subprocess.run(
        [sys.executable, "-m", "graph", *args],
        capture_output=True,
        text=True,
        errors="replace",
        cwd=ROOT,
        env={**os.environ, **env},
        preexec_fn=limit_memory,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def run_here(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """Run the command line in-process; an exception other than an exit fails the case."""
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.stdout, result.stderr


def assert_clean(world: World, before: dict[str, str], stdout: str, stderr: str) -> None:
    """No traceback, no canary shown or changed, no raw ESC or RLO in the messages."""
    assert "Traceback" not in stdout + stderr
    assert CANARY not in stdout + stderr
    assert world.fingerprint() == before
    assert "\x1b" not in stderr and "\u202e" not in stderr
