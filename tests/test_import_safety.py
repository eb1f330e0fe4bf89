"""``import`` and ``--data FILE`` are as careful as the YAML loader: hostile files, outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli

_SMALL = {
    "nodes": [
        {"id": "al", "label": "Almonds", "type": "food"},
        {"id": "mg", "label": "Magnesium", "type": "nutrient"},
    ],
    "edges": [{"source": "al", "target": "mg", "relation": "rich_in"}],
}


def _run(*args: str):
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def _json_file(folder: Path, data: object, name: str = "small.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _import(path: Path, fmt: str, out: Path, *extra: str):
    return _run("import", path, "--format", fmt, "--output", out, *extra)


# --- 2. the output: never replaced without --force, never through a link ---------------------


def test_an_existing_graph_json_is_kept_without_force(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "graph.json").write_text('{"my": "precious work"}')
    result = _import(_json_file(tmp_path, _SMALL), "json", out)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().endswith("graph.json: already exists; give --force to replace it")
    assert (out / "graph.json").read_text() == '{"my": "precious work"}'


def test_force_replaces_an_existing_graph_json(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "graph.json").write_text('{"my": "old work"}')
    result = _import(_json_file(tmp_path, _SMALL), "json", out, "--force")
    assert result.exit_code == 0, result.output
    written = json.loads((out / "graph.json").read_text())
    assert sorted(node["id"] for node in written["nodes"]) == ["al", "mg"]
    assert [path.name for path in out.iterdir()] == ["graph.json"]  # no temporary file left


@pytest.mark.parametrize("force", [False, True])
def test_a_link_is_never_written_through(tmp_path: Path, force: bool) -> None:
    victim = tmp_path / "victim.json"
    victim.write_text("victim")
    out = tmp_path / "lnk"
    out.mkdir()
    (out / "graph.json").symlink_to(victim)
    result = _import(_json_file(tmp_path, _SMALL), "json", out, *(["--force"] if force else []))
    assert result.exit_code == 2, result.output
    assert "is a symbolic link; refusing to write through it" in result.stderr
    assert victim.read_text() == "victim"
    assert (out / "graph.json").is_symlink()


def test_a_dangling_link_is_refused_too(tmp_path: Path) -> None:
    out = tmp_path / "lnk"
    out.mkdir()
    (out / "graph.json").symlink_to(tmp_path / "nowhere.json")
    result = _import(_json_file(tmp_path, _SMALL), "json", out)
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "nowhere.json").exists()
