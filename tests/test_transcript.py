"""``python -m graph transcript``: the whole generated text, for a reviewer, in one file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import cli_common
from graph.cli import cli
from graph.questions import DEFAULT_QUESTIONS_DIR, load_questions
from graph.tours import DEFAULT_TOURS_DIR, load_tours
from tests.seed import graph as seed_graph


def _transcript(tmp_path: Path, *extra: str) -> tuple[int, str, str]:
    target = tmp_path / "transcript.txt"
    result = CliRunner().invoke(cli, ["transcript", "-o", str(target), *extra])
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    return result.exit_code, result.output, text


def test_every_tour_step_and_entry_question_is_in_it(tmp_path: Path) -> None:
    code, said, text = _transcript(tmp_path)
    assert code == 0 and said.strip() == f"wrote {tmp_path / 'transcript.txt'}"
    graph = seed_graph()
    for tour in load_tours(DEFAULT_TOURS_DIR, graph):
        for step in tour.steps:
            assert f"NARRATION: {step.narration}\n" in text
            assert f"ANSWER: {step.answer}\n" in text
    for question in load_questions(DEFAULT_QUESTIONS_DIR, graph):
        assert f"\n## {question.question}\n" in text
    for node in graph:
        assert f"$ python -m graph show {node}\n" in text
    assert "$ python -m graph path almonds cramp-prevention\nAlmonds -rich in-> Magnesium" in text
    assert text.count("<- right answer") == 60


def test_same_data_same_text_and_no_overwrite(tmp_path: Path) -> None:
    first = _transcript(tmp_path)[2]
    code, said, _ = _transcript(tmp_path)
    assert code == 2 and "already exists; give --force" in said
    assert _transcript(tmp_path, "--force")[2] == first


def test_the_folder_is_read_once_not_once_per_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The transcript runs ``show`` for every node and ``path`` for every pair on one graph
    (it took 13-45 s when each command read and checked the folder again)."""
    reads: list[Path] = []
    real = cli_common.load_knowledge_base

    def counted(data_dir: Path, **options: int) -> object:
        reads.append(data_dir)
        return real(data_dir, **options)

    monkeypatch.setattr(cli_common, "load_knowledge_base", counted)
    code, _, text = _transcript(tmp_path)
    assert code == 0 and "$ python -m graph show almonds" in text
    assert len(reads) == 1
