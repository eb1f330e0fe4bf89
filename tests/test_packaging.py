"""The package installs as the ecosystem expects: a wheel with the library and `cramp-atlas`.

The wheel is built for real (``pip wheel``) and unpacked outside the checkout, then run from
another folder, the way ``pip install .`` leaves it: the command finds a knowledge base given
with ``--data`` and, without one, says to pass it instead of failing on a missing folder.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once for this module."""
    # Built from a copy: setuptools leaves build/ and *.egg-info in the folder it builds.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "graph", source / "graph", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    (built,) = out.glob("cramp_atlas-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel unpacked as site-packages would hold it."""
    target = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def _run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(
        [sys.executable, "-m", "graph", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_wheel_holds_the_library_and_nothing_of_the_checkout(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.startswith("cramp_atlas-")}
    assert tops == {"graph"}
    assert "graph/cli.py" in names
    assert "graph/py.typed" in names


def test_wheel_declares_the_cramp_atlas_command(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (entry_file,) = [n for n in archive.namelist() if n.endswith("entry_points.txt")]
        text = archive.read(entry_file).decode()
    entry_points = configparser.ConfigParser()
    entry_points.read_string(text)
    assert entry_points["console_scripts"]["cramp-atlas"] == "graph.cli:cli"


def test_installed_command_reads_the_data_it_is_given_from_any_folder(
    installed: Path, tmp_path: Path
) -> None:
    result = _run_installed(installed, tmp_path, "stats", "--data", str(ROOT / "data"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Nodes: ")


def test_installed_command_validates_the_folder_named_as_its_argument(
    installed: Path, tmp_path: Path
) -> None:
    """QA pass: ``cramp-atlas validate DIR`` said to pass --data, ignoring DIR."""
    result = _run_installed(installed, tmp_path, "validate", str(ROOT / "data"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: ")


def test_installed_library_is_the_unpacked_one(installed: Path, tmp_path: Path) -> None:
    probe = subprocess.run(
        [sys.executable, "-c", "import graph; print(graph.__file__)"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert Path(probe.stdout.strip()).is_relative_to(installed)


def test_installed_command_without_data_says_to_pass_it(installed: Path, tmp_path: Path) -> None:
    result = _run_installed(installed, tmp_path, "stats")
    assert result.returncode == 2
    assert "pass --data DIR" in result.stderr
    assert "Traceback" not in result.stderr


def test_wheel_carries_every_template_and_static_file(wheel: Path) -> None:
    """The pages are built from package files: a wheel without them renders nothing."""
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        path.relative_to(ROOT).as_posix()
        for folder in ("templates", "static")
        for path in (ROOT / "graph" / folder).rglob("*")
        if path.is_file()
    }
    assert shipped and shipped <= names, sorted(shipped - names)


def test_installed_command_writes_a_lesson_from_its_own_templates(
    installed: Path, tmp_path: Path
) -> None:
    lesson = tmp_path / "lesson.html"
    result = _run_installed(
        installed,
        tmp_path,
        *("tour", "export", "almonds-to-fewer-cramps", "-o", str(lesson)),
        *("--data", str(ROOT / "data")),
    )
    assert result.returncode == 0, result.stderr
    page = lesson.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "vis-network" in page
    assert 'data-step-count="' in page and "Almonds" in page
