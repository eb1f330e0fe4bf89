"""Writing atomically and refusing what should be refused; the app's page for a broken folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.errors import AtlasError
from graph.safe_io import write_atomic

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "lesson.html"
    target.write_text("old", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, b"new", force=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["lesson.html"]


def test_write_replaces_a_file_only_when_forced(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    write_atomic(target, b"one")
    with pytest.raises(AtlasError, match="already exists; give --force"):
        write_atomic(target, b"two")
    write_atomic(target, b"three", force=True)
    assert target.read_bytes() == b"three"


def test_write_never_goes_through_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("canary", encoding="utf-8")
    (tmp_path / "out.json").symlink_to(outside)
    with pytest.raises(AtlasError, match="symbolic link"):
        write_atomic(tmp_path / "out.json", b"x", force=True)
    assert outside.read_text(encoding="utf-8") == "canary"


def test_app_error_page_names_the_folder_that_failed(
    kb_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = kb_path.rename(kb_path.parent / "my-draft")
    nodes = folder / "nodes.yaml"
    nodes.write_text(nodes.read_text(encoding="utf-8").replace("type: food", "type: fud", 1))
    monkeypatch.setenv("CRAMP_ATLAS_DATA", str(folder))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "Fix these problems in my\\-draft/" in at.error[0].value
    assert "data/" not in at.error[0].value
    assert "my-draft/nodes.yaml:" in at.code[0].value


def test_app_refuses_a_tour_linked_outside_the_folder(
    kb_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    canary = tmp_path / "canary.yaml"
    canary.write_text("id: CANARY-91\ntitle: CANARY-91\n", encoding="utf-8")
    (kb_path / "tours" / "zz.yaml").symlink_to(canary)
    monkeypatch.setenv("CRAMP_ATLAS_DATA", str(kb_path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    shown = at.code[0].value
    assert "data/tours/zz.yaml: is a link to a file outside" in shown
    assert "CANARY-91" not in shown


@pytest.mark.parametrize(
    "params",
    [
        {"view": "<script>alert(1)</script>"},
        {"focus": "\x1b[2Jmagnesium", "depth": "100000000000000000000"},
        {"tour": "../../outside/canary", "step": "-1"},
        {"q": "\u202emuisengam", "types": "x" * 5000},
    ],
    ids=["script", "escape-and-huge-depth", "path-in-tour", "rtl-and-long"],
)
def test_app_error_page_holds_with_odd_urls(
    kb_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, params: dict[str, str]
) -> None:
    canary = tmp_path / "canary.yaml"
    canary.write_text("nodes: CANARY-92\n", encoding="utf-8")
    (kb_path / "zz.yaml").symlink_to(canary)
    monkeypatch.setenv("CRAMP_ATLAS_DATA", str(kb_path))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    assert "Fix these problems in data/" in at.error[0].value
    assert at.code[0].value.startswith("data/zz.yaml: is a link to a file outside")
    assert "CANARY-92" not in at.code[0].value
