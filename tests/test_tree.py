"""Checks that keep the tree clean: short functions and modules, tests that use public names
only and never the benchmarks, waits on conditions rather than on the clock, one request guard.

Each check reads the source (AST, or tokens for comments) and fails naming every
offender.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_FUNCTION_LINES = 80
MAX_MODULE_LINES = 500
# Empty since issue 10 split the long modules along lines of meaning. A module may join
# it only with a comment saying why it cannot be split yet.
LONG_MODULES_ALLOWED: frozenset[str] = frozenset()
"""Modules of ``graph/`` and ``ui/`` that may still be over ``MAX_MODULE_LINES`` lines."""
BENCH_OWN_TESTS = frozenset(
    {"tests/test_bench.py", "tests/test_extraction_bench.py", "tests/test_generate.py"}
)
"""Tests whose subject is ``bench/`` itself: the only ones that may import it."""
GUARD_MODULE = "tests/e2e/conftest.py"
ALLOW_LIST_MODULE = "tests/harness.py"
FIXED_WAIT_NOTE = "# fixed wait:"
"""How a fixed wait says why no condition can be awaited: ``# fixed wait: <why>``."""


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _sources(*places: str) -> list[Path]:
    """The Python files at ``places`` (files or folders, relative to the root), sorted."""
    found: list[Path] = []
    for place in places:
        path = ROOT / place
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return found


def _functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, ast.AST]]:
    """Every function and method in ``tree``, nested ones too, with a dotted name."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef):
                yield name, node
            yield from _functions(node, f"{name}.")
        else:
            yield from _functions(node, prefix)


def long_functions(paths: list[Path]) -> set[str]:
    """``path::name`` of every function in ``paths`` longer than ``MAX_FUNCTION_LINES``."""
    return {
        f"{_relative(path)}::{name}"
        for path in paths
        for name, node in _functions(_tree(path))
        if node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    }


def long_modules(paths: list[Path]) -> set[str]:
    """``path: N lines`` of every file in ``paths`` longer than ``MAX_MODULE_LINES``."""
    found = set()
    for path in paths:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            found.add(f"{_relative(path)}: {lines} lines")
    return found


def _imported_names(tree: ast.Module) -> set[str]:
    """The names an ``import`` or ``from ... import`` binds anywhere in ``tree``."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return names


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _private_uses(node: ast.AST, imported: set[str]) -> Iterator[str]:
    """What ``node`` takes from another module that the module keeps private."""
    if isinstance(node, ast.ImportFrom):
        module = "." * node.level + (node.module or "")
        for alias in node.names:
            if _is_private(alias.name):
                yield f"imports {alias.name} from {module}"
    elif isinstance(node, ast.Attribute) and _is_private(node.attr):
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id in imported:
            yield f"uses {owner.id}.{node.attr}"
    elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") in {"setattr", "delattr"}:
        yield from _private_patches(node.args, imported)


def _private_patches(args: list[ast.expr], imported: set[str]) -> Iterator[str]:
    """``monkeypatch.setattr(module, "_name", ...)`` or ``("module._name", ...)``."""
    target, name = (*args, None, None)[:2]
    if isinstance(target, ast.Constant) and isinstance(target.value, str):
        dotted = target.value
    elif (
        isinstance(target, ast.Name)
        and target.id in imported
        and isinstance(name, ast.Constant)
        and isinstance(name.value, str)
    ):
        dotted = f"{target.id}.{name.value}"
    else:
        return
    if any(_is_private(part) for part in dotted.split(".")):
        yield f"patches {dotted}"


def private_imports(paths: list[Path]) -> set[str]:
    """``path:line: what`` for each private name of another module that ``paths`` use."""
    found: set[str] = set()
    for path in paths:
        tree = _tree(path)
        imported = _imported_names(tree)
        for node in ast.walk(tree):
            for use in _private_uses(node, imported):
                found.add(f"{_relative(path)}:{node.lineno}: {use}")
    return found


def _imported_modules(tree: ast.Module) -> Iterator[str]:
    """Every module ``tree`` imports by absolute name."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def bench_imports(paths: list[Path]) -> set[str]:
    """``path: imports module`` for each import of ``bench`` in ``paths``."""
    return {
        f"{_relative(path)}: imports {module}"
        for path in paths
        for module in _imported_modules(_tree(path))
        if module.split(".")[0] == "bench"
    }


def _comments(path: Path) -> dict[int, str]:
    """Line number -> the comment on that line."""
    text = path.read_text(encoding="utf-8")
    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    return {token.start[0]: token.string for token in tokens if token.type == tokenize.COMMENT}


def _explained(comments: dict[int, str], first: int, last: int) -> bool:
    """Whether the call on lines ``first``..``last``, or the comment block right above it,
    has a ``# fixed wait: <why>`` note."""
    lines = list(range(first, last + 1))
    above = first - 1
    while above in comments:
        lines.append(above)
        above -= 1
    notes = (comments.get(line, "") for line in lines)
    return any(
        note.startswith(FIXED_WAIT_NOTE) and note[len(FIXED_WAIT_NOTE) :].strip() for note in notes
    )


def fixed_waits(paths: list[Path]) -> set[str]:
    """``path:line: call`` for each ``sleep`` or ``wait_for_timeout`` call without a note."""
    found: set[str] = set()
    for path in paths:
        comments = _comments(path)
        for node in ast.walk(_tree(path)):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            last = node.end_lineno or node.lineno
            if name in {"sleep", "wait_for_timeout"} and not _explained(
                comments, node.lineno, last
            ):
                found.add(f"{_relative(path)}:{node.lineno}: {ast.unparse(func)}")
    return found


def request_guards(paths: list[Path]) -> set[str]:
    """``path:line: what`` for each place that routes requests or builds an allow-list."""
    found: set[str] = set()
    for path in paths:
        for node in ast.walk(_tree(path)):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in {"route", "route_from_har"}:
                found.add(f"{_relative(path)}: routes requests ({ast.unparse(func)})")
            if getattr(func, "id", "") == "AllowList":
                found.add(f"{_relative(path)}: builds an AllowList")
    return found


def test_no_function_is_over_80_lines() -> None:
    assert sorted(long_functions(_sources("graph", "ui", "app.py", "bench"))) == []


def test_no_module_is_over_500_lines_unless_allowed() -> None:
    allowed = {
        entry
        for entry in long_modules(_sources("graph", "ui"))
        if entry.split(":")[0] in LONG_MODULES_ALLOWED
    }
    assert sorted(long_modules(_sources("graph", "ui")) - allowed) == []


def test_the_long_module_allow_list_names_only_long_modules() -> None:
    """A module split below the limit leaves the list, so the list only ever shrinks."""
    long = {entry.split(":")[0] for entry in long_modules(_sources("graph", "ui"))}
    assert sorted(LONG_MODULES_ALLOWED - long) == []


def test_no_test_uses_a_private_name_of_another_module() -> None:
    assert sorted(private_imports(_sources("tests"))) == []


def test_no_test_imports_bench_but_its_own_tests() -> None:
    """Tests take generated graphs through ``harness.generated_graph`` (the command line)."""
    tests = [path for path in _sources("tests") if _relative(path) not in BENCH_OWN_TESTS]
    assert sorted(bench_imports(tests)) == []


def test_the_harness_bench_shares_imports_no_project_code() -> None:
    """``bench/`` imports ``tests.harness``: it must not pull in the library or bench back."""
    imported = {
        module.split(".")[0] for module in _imported_modules(_tree(ROOT / ALLOW_LIST_MODULE))
    }
    assert imported & {"graph", "ui", "app", "bench", "tests"} == set()


def test_every_fixed_wait_in_the_tests_says_why() -> None:
    assert sorted(fixed_waits(_sources("tests"))) == []


def test_the_test_suite_has_one_request_guard() -> None:
    expected = {
        f"{GUARD_MODULE}: routes requests (context.route)",
        f"{ALLOW_LIST_MODULE}: builds an AllowList",
    }
    assert request_guards(_sources("tests")) == expected


PLANTED = """\
import time
from graph import render
from graph.lesson import _LESSON_SCRIPT
import bench.report


def waits(page, monkeypatch, context):
    time.sleep(1)
    page.wait_for_timeout(300)  # fixed wait:
    # fixed wait: an absence cannot be awaited
    page.wait_for_timeout(300)
    render._payload()
    monkeypatch.setattr(render, "_x", 1)
    context.route("**/*", print)


def long():
"""


def test_the_checks_catch_what_they_are_for(tmp_path: Path) -> None:
    """Each check names the offenders planted in a file (so none can pass vacuously)."""
    planted = tmp_path / "planted.py"
    body = "".join(f"    x = {index}\n" for index in range(MAX_FUNCTION_LINES))
    planted.write_text(PLANTED + body, encoding="utf-8")
    assert long_functions([planted]) == {"planted.py::long"}
    padding = "\n" * (MAX_MODULE_LINES - len((PLANTED + body).splitlines()))
    planted.write_text(PLANTED + body + padding, encoding="utf-8")
    assert long_modules([planted]) == set()
    planted.write_text(PLANTED + body + padding + "\n", encoding="utf-8")
    assert long_modules([planted]) == {f"planted.py: {MAX_MODULE_LINES + 1} lines"}
    assert private_imports([planted]) == {
        "planted.py:3: imports _LESSON_SCRIPT from graph.lesson",
        "planted.py:12: uses render._payload",
        "planted.py:13: patches render._x",
    }
    assert bench_imports([planted]) == {"planted.py: imports bench.report"}
    assert fixed_waits([planted]) == {
        "planted.py:8: time.sleep",
        "planted.py:9: page.wait_for_timeout",
    }
    assert request_guards([planted]) == {"planted.py: routes requests (context.route)"}
