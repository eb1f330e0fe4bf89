"""Hostile but fair command lines: odd numbers, names and outputs, each handled cleanly.

Each case runs ``python -m graph`` in-process on a fresh ``kb`` copy of ``data/`` beside
a canary (see ``tests/hostile_world.py``) and asserts: the exit code; on failure, one
line on stderr that says what is wrong (``Error: ...`` or ``file: message``), or only
``file:line: field: message`` lines; no traceback; no raw control character; the canary
never shown and never changed; nothing written unless the case succeeds; bounded time.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from tests.hostile_world import (
    TIME_LIMIT,
    TOUR,
    Break,
    World,
    assert_clean,
    edit,
    link,
    run_here,
)

MESSAGE_LINE = re.compile(r"^(Error: \S.*|[^:\n]+(:\d+)?: \S.*)$")
PROBLEM_LINE = re.compile(r"^(?!Error: )[^:\n]+(:\d+)?: \S.*$")
LESSON = "almonds-to-fewer-cramps"
Check = Callable[[World], None]


@dataclass(frozen=True)
class CliCase:
    """A command line (``{kb}``, ``{out}``, ``{outside}`` stand for the world's folders)."""

    name: str
    args: tuple[str, ...]
    code: int
    says: str = ""
    setup: Break | None = None
    check: Check | None = None
    env: dict[str, str] = field(default_factory=dict)


def existing(name: str, content: str = "keep me") -> Break:
    """An output file that is already there."""

    def apply(world: World) -> None:
        path = world.out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")

    return apply


def out_link(name: str, target: str) -> Break:
    """``out/name`` as a symbolic link to ``target`` (relative to the world's root)."""
    return lambda world: (world.out / name).symlink_to(world.root / target)


def kept(name: str, content: str = "keep me") -> Check:
    def check(world: World) -> None:
        assert (world.out / name).read_text(encoding="utf-8") == content

    return check


def replaced(name: str) -> Check:
    def check(world: World) -> None:
        assert (world.out / name).read_text(encoding="utf-8") != "keep me"
        assert not [path for path in world.out.rglob(".*.tmp")], "a temporary file was left"

    return check


def case(name: str, command: str, code: int, says: str = "", **extra) -> CliCase:
    """A case from a command line written as words (``|`` separates words with spaces)."""
    words = tuple(command.split("|")) if "|" in command else tuple(command.split())
    return CliCase(name, words, code, says, **extra)


def file_output_cases(name: str, command: str, file: str) -> list[CliCase]:
    """What every command that writes one file must do with its ``-o`` path."""
    write = f"{command} -o {{out}}/{file}"
    canary, missing = out_link(file, "outside/canary.html"), out_link(file, "outside/new-file")
    return [
        case(
            f"{name}-existing",
            write,
            2,
            "already exists; give --force",
            setup=existing(file),
            check=kept(file),
        ),
        case(
            f"{name}-existing-force",
            f"{write} --force",
            0,
            setup=existing(file),
            check=replaced(file),
        ),
        case(f"{name}-link-out", write, 2, "symbolic link", setup=canary),
        case(f"{name}-link-out-force", f"{write} --force", 2, "symbolic link", setup=canary),
        case(f"{name}-dangling-link", write, 2, "symbolic link", setup=missing),
        case(f"{name}-dangling-link-force", f"{write} --force", 2, "symbolic link", setup=missing),
        case(f"{name}-missing-folder", f"{command} -o {{out}}/nope/{file}", 2, "does not exist"),
        case(f"{name}-to-a-folder", f"{command} -o {{out}} --force", 2, "is a folder"),
        case(f"{name}-new-file", f"{command} -o {{out}}/new-{file}", 0),
    ]


BIG = "100000000000000000000"
RANGE = "is not in the range"
ESC = "\x1b[2J\x1b]0;pwned\x07"
RLO = "\u202e"

NUMBER_CASES = [
    case("search-limit-huge", f"search magnesium --limit {BIG}", 2, RANGE),
    case("search-limit-zero", "search magnesium --limit 0", 2, RANGE),
    case("search-limit-negative", "search magnesium --limit -5", 2, RANGE),
    case("search-limit-over-max", "search magnesium --limit 1001", 2, RANGE),
    case("search-limit-word", "search magnesium --limit lots", 2, "is not a valid integer"),
    case("search-limit-float", "search magnesium --limit 2.5", 2, "is not a valid integer"),
    case("search-limit-max", "search magnesium --limit 1000", 0),
    case("neighbors-depth-huge", "neighbors almonds --depth 1000000000", 2, RANGE),
    case("neighbors-depth-negative", "neighbors almonds --depth -1", 2, RANGE),
    case("neighbors-depth-max-is-quick", "neighbors almonds --depth 1000", 0),
    case("neighbors-depth-float", "neighbors almonds --depth 1.5", 2, "is not a valid integer"),
    case("path-length-zero", "path almonds cramp-prevention --max-length 0", 2, RANGE),
    case("path-length-huge", f"path almonds cramp-prevention --max-length {BIG}", 2, RANGE),
    case("path-limit-zero", "path almonds cramp-prevention --limit 0", 2, RANGE),
    case("path-limit-huge", f"path almonds cramp-prevention --limit {BIG}", 2, RANGE),
    case("quiz-seed-huge", f"quiz --seed {BIG}", 2, RANGE),
    case("quiz-seed-huge-negative", f"quiz --seed -{BIG}", 2, RANGE),
    case("quiz-seed-64-bit", "quiz --seed 9223372036854775807 --count 1", 0),
    case("quiz-seed-float", "quiz --seed 1e3", 2, "is not a valid integer"),
    case("quiz-count-zero", "quiz --count 0", 2, RANGE),
    case("quiz-count-huge", f"quiz --count {BIG}", 2, RANGE),
    case("quiz-count-max", "quiz --count 1000", 0),
    case("max-file-kb-zero", "--max-file-kb 0 validate {kb}", 2, RANGE),
    case("max-file-kb-huge", f"--max-file-kb {BIG} validate {{kb}}", 2, RANGE),
    case("max-file-kb-word", "--max-file-kb big validate {kb}", 2, "is not a valid integer"),
    case(
        "max-file-kb-env-word",
        "validate {kb}",
        2,
        "is not a valid integer",
        env={"CRAMP_ATLAS_MAX_FILE_KB": "x"},
    ),
    case(
        "max-file-kb-lowered",
        "--max-file-kb 8 stats --data {kb}",
        2,
        "over the limit of 8,192 bytes",
    ),
    case("max-file-kb-raised", "--max-file-kb 4096 stats --data {kb}", 0),
]

USAGE_CASES = [
    case("unknown-option", "--bogus", 2, "No such option"),
    case("unknown-command", "nosuch", 2, "No such command"),
    case("unknown-subcommand", "tour nosuch", 2, "No such command"),
    case("missing-search-text", "search", 2, "Missing argument"),
    case("extra-arguments", "search a b c", 2, "unexpected extra argument"),
    case("missing-node", "show", 2, "Missing argument"),
    case("missing-target", "path almonds", 2, "Missing argument"),
    case("unknown-option-of-subcommand", "tour export x --bad", 2, "No such option"),
    case("export-without-format", "export", 2, "Missing option"),
    case("export-unknown-format", "export --format pdf", 2, "Invalid value"),
    case("unknown-verdict", "evidence --verdict maybe", 2, "Invalid value"),
    case("folder-given-twice", "validate {kb} --data {kb}", 2, "give the folder once"),
    case("same-node-twice", "path almonds almonds", 2, "both name"),
    case("handout-without-arguments", "handout", 2, "Missing argument"),
    case("tour-export-without-output", f"tour export {LESSON}", 2, "Missing option"),
    case("name-too-long", "search " + "x" * 5000, 2, "a name has at most 1000"),
    case("node-too-long", "show " + "y" * 5000, 2, "a name has at most 1000"),
    case("csv-to-stdout", "export --format csv", 2, "cannot all go to stdout"),
]

FOLDER_CASES = [
    case("data-is-a-file", "validate {outside}/canary.yaml", 2, "is a file, not a data folder"),
    case(
        "data-option-is-a-file",
        "stats --data {outside}/canary.yaml",
        2,
        "is a file, not a data folder",
    ),
    case("data-missing", "validate {kb}/nope", 2, "no such data folder"),
    case(
        "tours-option-is-a-file",
        "tour list --tours {outside}/canary.yaml",
        2,
        "no such tours folder",
    ),
    case("tours-option-missing", "tour list --tours {kb}/nope", 2, "no such tours folder"),
    case("data-name-with-escape", "stats --data {kb}/" + ESC, 2, "\\u001b[2J"),
    case(
        "tour-linked-outside",
        "tour list --data {kb}",
        2,
        "refused",
        setup=link("tours/zz.yaml", "outside/canary.yaml"),
    ),
    case(
        "tour-export-linked-outside",
        f"tour export {LESSON} -o {{out}}/x.html --data {{kb}}",
        2,
        "refused",
        setup=link("tours/zz.yaml", "outside/canary.yaml"),
    ),
    case(
        "tours-folder-linked-outside",
        "tour list --data {kb}",
        2,
        "refused",
        setup=link("tours", "outside/tours"),
    ),
    case(
        "nodes-linked-outside",
        "show almonds --data {kb}",
        2,
        "refused",
        setup=link("nodes.yaml", "outside/canary.yaml"),
    ),
    case(
        "long-label-in-show",
        "show almonds --data {kb}",
        2,
        "label holds at most 200",
        setup=edit("nodes.yaml", r"^(\s*)label: Almonds$", r"\1label: " + "x" * 300),
    ),
    case(
        "escape-in-label",
        "show almonds --data {kb}",
        2,
        "U+001B",
        setup=edit("nodes.yaml", r"^(\s*)label: Almonds$", r'\1label: "Al\\x1b[2Jmonds"'),
    ),
    case(
        "rtl-override-in-tour",
        "tour list --data {kb}",
        2,
        "U+202E",
        setup=edit(
            TOUR,
            r'^title: "Almonds, magnesium and cramps: checking a chain"$',
            'title: "\\\\u202emuisengam"',
        ),
    ),
]

TEXT_CASES = [
    case("show-escape", "show|" + ESC + "zzqq", 2, "no node matches"),
    case("show-rtl", "show|zz" + RLO + "qq", 2, "\\u202e"),
    case("search-escape", "search|" + ESC + "zzqq", 1, "no node matches"),
    case("search-rtl", "search|" + RLO + "zzqq", 1, "\\u202e"),
    case("path-escape", "path|" + ESC + "|almonds", 2, "no node matches"),
    case("neighbors-rtl", "neighbors|" + RLO + "zzqq", 2, "no node matches"),
    case("tour-export-escape", "tour|export|" + ESC + "|--output|-", 2, "no tour has the id"),
    case("handout-rtl", "handout|" + RLO + "|-o|{out}/h.html", 2, "no tour has the id"),
    case("show-empty", "show|", 2, "no node matches"),
    case("show-newline", "show|zz\nqq", 2, "no node matches"),
    case("search-nul-free-binary", "search|\x7f\x80\x9b", 1, "no node matches"),
    case("export-output-with-escape", "export|--format|json|-o|{out}/" + ESC + ".json", 0),
]

WRITE_CASES = [
    *file_output_cases("export", "export --format json", "x.json"),
    case(
        "export-folder-link-out",
        "export --format csv -o {out}/neo",
        2,
        "symbolic link",
        setup=out_link("neo", "outside/tours"),
    ),
    case(
        "export-csv-existing",
        "export --format csv -o {out}/neo",
        2,
        "already exists",
        setup=existing("neo/nodes.csv"),
        check=kept("neo/nodes.csv"),
    ),
    case(
        "export-csv-existing-force",
        "export --format csv -o {out}/neo --force",
        0,
        setup=existing("neo/nodes.csv"),
        check=replaced("neo/nodes.csv"),
    ),
    case(
        "export-csv-file-link-force",
        "export --format csv -o {out}/neo --force",
        2,
        "symbolic link",
        setup=lambda w: (
            (w.out / "neo").mkdir()
            or (w.out / "neo" / "edges.csv").symlink_to(w.outside / "canary.txt")
        ),
    ),
    case(
        "export-csv-to-a-file",
        "export --format csv -o {out}/x.txt",
        2,
        "is a file",
        setup=existing("x.txt"),
        check=kept("x.txt"),
    ),
    case(
        "export-onto-the-canary",
        "export --format json -o {outside}/canary.html",
        2,
        "already exists",
    ),
    case(
        "export-kgx-existing",
        "export --format kgx -o {out}/kgx",
        2,
        "already exists",
        setup=existing("kgx/edges.tsv"),
        check=kept("kgx/edges.tsv"),
    ),
    *file_output_cases("tour-export", f"tour export {LESSON}", "x.html"),
    *file_output_cases("handout", f"handout {LESSON}", "h.html"),
]

CLI_CASES = [*NUMBER_CASES, *USAGE_CASES, *FOLDER_CASES, *TEXT_CASES, *WRITE_CASES]


def _words(world: World, args: tuple[str, ...]) -> list[str]:
    places = {"{kb}": world.kb, "{out}": world.out, "{outside}": world.outside}
    words = []
    for word in args:
        for token, folder in places.items():
            word = word.replace(token, str(folder))
        words.append(word)
    if "--data" not in words and words[0] not in ("validate", "--max-file-kb"):
        words.extend(["--data", str(world.kb)])  # every command reads the world's copy
    return words


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", CLI_CASES, ids=lambda case: case.name)
def test_command_line_is_handled_cleanly(world: World, case: CliCase) -> None:
    if case.setup:
        case.setup(world)
    before, written = world.fingerprint(), sorted(world.out.rglob("*"))
    started = time.perf_counter()
    code, stdout, stderr = run_here(_words(world, case.args), case.env)
    assert time.perf_counter() - started < TIME_LIMIT
    assert code == case.code, stdout + stderr
    assert case.says in stderr, stderr
    if code != 0:
        lines = stderr.splitlines()
        assert len(lines) == 1 or all(PROBLEM_LINE.match(line) for line in lines), stderr
        assert all(MESSAGE_LINE.match(line) for line in lines), stderr
        assert sorted(world.out.rglob("*")) == written, "a refused command wrote something"
    assert "\x1b" not in stdout
    assert_clean(world, before, stdout, stderr)
    if case.check:
        case.check(world)


def test_command_line_cases_are_many_and_distinct() -> None:
    assert len({case.name for case in CLI_CASES}) == len(CLI_CASES) >= 73
