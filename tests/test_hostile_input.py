"""Hostile but fair input: broken knowledge-base folders, each reported cleanly.

Every case runs against a fresh copy of ``data/`` named ``kb`` with a canary planted
beside it (``outside/``: a YAML file, a text file and an HTML file nobody may read or
write). For every case the test asserts the exit code, that every message line names its
place (``kb/<file>:<line>: field: message`` or one ``Error: ...`` line), that there is
no traceback, that the canary's content never shows and its bytes never change, and that
the case ends in bounded time (and, for the inputs that would blow up, bounded memory:
those run in a child process with an address-space limit).
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field

import pytest

from tests.hostile_world import (
    PROBLEM_LINE,
    QUESTIONS,
    TIME_LIMIT,
    TOUR,
    Break,
    World,
    assert_clean,
    edit,
    link,
    run_child,
    run_here,
    steps,
    write,
)

# Where a text value can be put: (file, the line to change, its replacement with {}).
TEXT_PLACES = {
    "label": ("nodes.yaml", r"^(\s*)label: Almonds$", r'\1label: "{}"'),
    "description": (
        "nodes.yaml",
        r"^(\s*)description: Dried grapes, in the tool's words\.$",
        r'\1description: "{}"',
    ),
    "tour-title": (
        TOUR,
        r'^title: "Almonds, magnesium and cramps: checking a chain"$',
        r'title: "{}"',
    ),
    "question": (
        QUESTIONS,
        r"^(\s*)question: What foods does the article recommend, and what does the evidence say\?$",
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
    FolderCase(
        "link-to-a-named-pipe",
        steps(lambda world: os.mkfifo(world.kb / "pipe"), link("zz-pipe.yaml", "kb/pipe")),
        "kb/zz-pipe.yaml: is not a regular file",
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
        edit(QUESTIONS, r"about: cramp-prevention$", "about: cramp-preventionn"),
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


@pytest.mark.timeout(90)
@pytest.mark.parametrize("case", FOLDER_CASES, ids=lambda case: case.name)
def test_broken_folder_is_reported_by_file_and_line(world: World, case: FolderCase) -> None:
    case.breaks(world)
    before = world.fingerprint()
    started = time.perf_counter()
    runner = run_child if case.heavy else run_here
    code, stdout, stderr = runner(["validate", str(world.kb)], case.env)
    elapsed = time.perf_counter() - started
    assert code == 2, stdout + stderr
    lines = stderr.replace(str(world.kb), "kb").splitlines()  # a folder is named as given
    assert lines and all(PROBLEM_LINE.match(line) for line in lines), stderr
    assert case.says in stderr, stderr
    assert_clean(world, before, stdout, stderr)
    assert elapsed < (60 if case.heavy else TIME_LIMIT)


def test_folder_cases_are_many_and_distinct() -> None:
    assert len({case.name for case in FOLDER_CASES}) == len(FOLDER_CASES) >= 47
