"""Hostile but fair input: broken folders and odd command lines, each handled cleanly.

Every case runs against a fresh copy of ``data/`` named ``kb`` with a canary planted
beside it (``outside/``: a YAML file, a text file and an HTML file nobody may read or
write). For every case the test asserts the exit code, that every message line names its
place (``kb/<file>:<line>: field: message`` or one ``Error: ...`` line), that there is
no traceback, that the canary's content never shows and its bytes never change, and that
the case ends in bounded time (and, for the inputs that would blow up, bounded memory:
those run in a child process with an address-space limit).
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
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
ERROR_LINE = re.compile(r"^Error: [^\n]+$")


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
        return {
            str(path.relative_to(self.outside)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(self.outside.rglob("*"))
            if path.is_file()
        }


@pytest.fixture
def world(tmp_path: Path) -> World:
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


# Where a text value can be put: (file, the line to change, its replacement with {}).
TEXT_PLACES = {
    "label": ("nodes.yaml", r"^(\s*)label: Almonds$", r'\1label: "{}"'),
    "description": ("nodes.yaml", r"^(\s*)description: Dried grapes\.$", r'\1description: "{}"'),
    "tour-title": (TOUR, r"^title: From almonds to fewer cramps$", r'title: "{}"'),
    "question": (
        QUESTIONS,
        r"^(\s*)question: What foods help prevent cramps\?$",
        r'\1question: "{}"',
    ),
}
CONTROLS = {
    "escape": "\\x1b[2J",
    "bell": "\\x07",
    "null": "\\0",
    "carriage-return": "\\r",
    "rtl-override": "\\u202e",
    "isolate": "\\u2066",
    "delete": "\\x7f",
    "c1": "\\x9b",
}
LENGTHS = {"label": 201, "description": 5001, "tour-title": 1001, "question": 5001}


@dataclass(frozen=True)
class FolderCase:
    """A broken folder and a fragment of what ``validate`` must say about it."""

    name: str
    breaks: Break
    says: str
    heavy: bool = False
    env: dict[str, str] = field(default_factory=dict)


def _text_cases() -> list[FolderCase]:
    cases = []
    for place, (file, pattern, template) in TEXT_PLACES.items():
        for name, escaped in CONTROLS.items():
            value = f"Al{escaped}monds"
            cases.append(
                FolderCase(
                    f"{name}-in-{place}",
                    edit(file, pattern, template.replace("{}", value.replace("\\", "\\\\"))),
                    "at position 3 is not allowed; remove it",
                )
            )
        cases.append(
            FolderCase(
                f"long-{place}",
                edit(file, pattern, template.replace("{}", "x" * LENGTHS[place])),
                f"text is {LENGTHS[place]} characters long",
            )
        )
    return cases


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)},"
    f" *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9)
)

FOLDER_CASES = [
    *_text_cases(),
    # confinement: links and paths out of the folder
    FolderCase(
        "data-file-linked-outside", link("zz-linked.yaml", "outside/canary.yaml"), "refused"
    ),
    FolderCase("nodes-linked-outside", link("nodes.yaml", "outside/canary.yaml"), "refused"),
    FolderCase("tour-linked-outside", link("tours/zz.yaml", "outside/canary.yaml"), "refused"),
    FolderCase(
        "question-linked-outside", link("questions/zz.yaml", "outside/canary.yaml"), "refused"
    ),
    FolderCase("tours-folder-linked-outside", link("tours", "outside/tours"), "refused"),
    FolderCase("questions-folder-linked-outside", link("questions", "outside/tours"), "refused"),
    FolderCase(
        "source-text-linked-outside",
        link("sources/calf-cramps-article.txt", "outside/canary.txt"),
        "outside the data folder; refused",
    ),
    FolderCase(
        "source-path-climbs-out",
        edit(
            "sources.yaml", r"file: sources/calf-cramps-article.txt", "file: ../outside/canary.txt"
        ),
        "outside the data folder; refused",
    ),
    FolderCase(
        "source-path-absolute",
        edit("sources.yaml", r"file: sources/calf-cramps-article.txt", "file: /etc/hostname"),
        "outside the data folder; refused",
    ),
    FolderCase("dangling-link", link("zz-dangling.yaml", "outside/missing.yaml"), "refused"),
    FolderCase(
        "link-loop",
        steps(link("zz-a.yaml", "kb/zz-b.yaml"), link("zz-b.yaml", "kb/zz-a.yaml")),
        "kb/zz-a.yaml",
    ),
    # size
    FolderCase(
        "huge-nodes-file",
        write("zz-big.yaml", "nodes:\n" + "  - x\n" * 400_000),
        "over the limit",
        heavy=True,
    ),
    FolderCase(
        "huge-tour-file",
        write("tours/zz-big.yaml", "# x\n" * 600_000),
        "over the limit",
        heavy=True,
    ),
    FolderCase(
        "huge-question-file",
        write("questions/zz-big.yaml", "# x\n" * 600_000),
        "over the limit",
        heavy=True,
    ),
    FolderCase(
        "huge-source-text",
        write("sources/calf-cramps-article.txt", "word " * 300_000),
        "source text is 1,500,000 bytes",
        heavy=True,
    ),
    FolderCase(
        "megabyte-label-under-a-raised-limit",
        edit("nodes.yaml", r"^(\s*)label: Almonds$", r"\1label: " + "x" * 1_000_000),
        "text is 1000000 characters long",
        heavy=True,
        env={"CRAMP_ATLAS_MAX_FILE_KB": "4096"},
    ),
    FolderCase(
        "limit-lowered-by-environment",
        lambda world: None,
        "over the limit of 10,240 bytes",
        env={"CRAMP_ATLAS_MAX_FILE_KB": "10"},
    ),
    # YAML that is not what it should be
    FolderCase(
        "yaml-bomb", write("zz-bomb.yaml", BOMB), "aliases expand to too many values", heavy=True
    ),
    FolderCase(
        "deep-nesting", write("zz-deep.yaml", "nodes: " + "[" * 50_000), "invalid YAML", heavy=True
    ),
    FolderCase(
        "not-utf8",
        write("zz-latin1.yaml", "nodes:\n  - id: caf\xe9\n".encode("latin-1")),
        "not valid UTF-8",
    ),
    FolderCase(
        "binary-garbage", write("zz-garbage.yaml", bytes(range(256)) * 4), "kb/zz-garbage.yaml"
    ),
    FolderCase("empty-file", write("zz-empty.yaml", ""), "file is empty"),
    FolderCase("tab-indent", write("zz-tab.yaml", "nodes:\n\t- id: x\n"), "invalid YAML"),
    FolderCase("unclosed-quote", write("zz-quote.yaml", 'nodes:\n  - id: "x\n'), "never closed"),
    FolderCase(
        "raw-escape-byte", write("zz-esc.yaml", "nodes:\n  - id: a\x1bb\n"), "not allowed in YAML"
    ),
    FolderCase(
        "duplicate-key", write("zz-dup.yaml", "sources: []\nsources: []\n"), "key appears twice"
    ),
    FolderCase(
        "merge-key", write("zz-merge.yaml", "a: &a {x: 1}\nnodes:\n  - <<: *a\n"), "merge keys"
    ),
    FolderCase(
        "python-tag",
        write("zz-tag.yaml", "nodes: !!python/object:os.system [ls]\n"),
        "kb/zz-tag.yaml",
    ),
    FolderCase("top-level-list", write("zz-list.yaml", "- a\n- b\n"), "expected a mapping"),
    FolderCase("unknown-section", write("zz-section.yaml", "nodez: []\n"), "unknown section"),
    FolderCase("section-not-a-list", write("zz-scalar.yaml", "nodes: hello\n"), "expected a list"),
    FolderCase(
        "huge-integer",
        write("zz-int.yaml", "nodes:\n  - id: " + "9" * 5000 + "\n"),
        "kb/zz-int.yaml",
    ),
    FolderCase(
        "escape-in-file-name",
        write("zz-\x1b[2J.yaml", "nodes: [\n"),
        "kb/zz-\\u001b[2J.yaml",
    ),
    FolderCase(
        "rtl-override-in-file-name",
        write("zz-\u202eevil.yaml", "nodes: [\n"),
        "kb/zz-\\u202eevil.yaml",
    ),
    FolderCase(
        "escape-in-a-key",
        write("zz-key.yaml", 'nodes:\n  - "\\x1b": x\n'),
        "not allowed; remove it",
    ),
    # tours and questions, which validate used to skip
    FolderCase(
        "tour-unknown-node",
        edit(
            TOUR,
            r"\[almonds, magnesium, cramp-prevention\]",
            "[almondz, magnesium, cramp-prevention]",
        ),
        "almondz",
    ),
    FolderCase(
        "tour-syntax-error", write("tours/zz-broken.yaml", "id: x\nsteps: [\n"), "invalid YAML"
    ),
    FolderCase("tour-not-a-mapping", write("tours/zz-list.yaml", "- a\n"), "expected a mapping"),
    FolderCase(
        "question-unknown-node",
        edit(QUESTIONS, r"to: cramp-prevention", "to: cramp-preventionn"),
        "cramp-preventionn",
    ),
    FolderCase(
        "question-syntax-error", write("questions/zz-broken.yaml", "questions: [\n"), "invalid YAML"
    ),
    FolderCase(
        "broken-data-and-broken-tour-in-one-report",
        steps(
            edit("nodes.yaml", r"type: food", "type: fud"),
            write("tours/zz-broken.yaml", "steps: [\n"),
        ),
        "kb/tours/zz-broken.yaml",
    ),
    FolderCase("tours-is-a-file", steps(link("tours", "outside/canary.yaml")), "refused"),
    FolderCase(
        "questions-is-a-file",
        steps(lambda w: shutil.rmtree(w.kb / "questions"), write("questions", "x")),
        "is not a folder",
    ),
    FolderCase(
        "no-yaml-files", lambda w: [p.unlink() for p in w.kb.glob("*.yaml")], "no .yaml files"
    ),
]


def _run_child(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
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


def _run_here(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.stdout, result.stderr


def _assert_clean(world: World, before: dict[str, str], stdout: str, stderr: str) -> None:
    assert "Traceback" not in stdout + stderr
    assert CANARY not in stdout + stderr
    assert world.fingerprint() == before
    assert "\x1b" not in stderr and "\u202e" not in stderr


@pytest.mark.timeout(90)
@pytest.mark.parametrize("case", FOLDER_CASES, ids=lambda case: case.name)
def test_broken_folder_is_reported_by_file_and_line(world: World, case: FolderCase) -> None:
    case.breaks(world)
    before = world.fingerprint()
    started = time.perf_counter()
    runner = _run_child if case.heavy else _run_here
    code, stdout, stderr = runner(["validate", str(world.kb)], case.env)
    elapsed = time.perf_counter() - started
    assert code == 2, stdout + stderr
    lines = stderr.replace(str(world.kb), "kb").splitlines()  # a folder is named as given
    assert lines and all(PROBLEM_LINE.match(line) for line in lines), stderr
    assert case.says in stderr, stderr
    _assert_clean(world, before, stdout, stderr)
    assert elapsed < (60 if case.heavy else TIME_LIMIT)


def test_folder_cases_are_many_and_distinct() -> None:
    assert len({case.name for case in FOLDER_CASES}) == len(FOLDER_CASES) >= 47
