"""Bounds on the data: links out of the folder, file sizes, text lengths, control characters."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from graph import build_graph, load_knowledge_base
from graph.errors import SchemaError
from graph.layout import label_lines
from graph.limits import SHORT_TEXT_LENGTH, printable, text_problem
from graph.query import neighbourhood
from graph.questions import load_questions
from graph.tours import load_tours

CANARY = "CANARY-7f3a91"


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    """A YAML file outside the knowledge-base folder, which nothing may read."""
    outside = tmp_path / "outside"
    outside.mkdir()
    path = outside / "canary.yaml"
    path.write_text(f"nodes: {CANARY}\nid: {CANARY}\n", encoding="utf-8")
    return path


def _problems(call) -> list[str]:
    with pytest.raises(SchemaError) as caught:
        call()
    return [str(problem) for problem in caught.value.problems]


def test_data_file_linked_outside_is_refused_and_named(kb_path: Path, canary: Path) -> None:
    (kb_path / "zz-linked.yaml").symlink_to(canary)
    said = _problems(lambda: load_knowledge_base(kb_path))
    assert len(said) == 1
    assert said[0].startswith("data/zz-linked.yaml: is a link to a file outside the folder")
    assert CANARY not in said[0]


@pytest.mark.parametrize(("folder", "load"), [("tours", load_tours), ("questions", load_questions)])
def test_tour_or_question_file_linked_outside_is_refused(
    kb_path: Path, canary: Path, folder: str, load: Callable
) -> None:
    (kb_path / folder / "zz.yaml").symlink_to(canary)
    graph = build_graph(load_knowledge_base(kb_path))
    said = _problems(lambda: load(kb_path / folder, graph))
    assert len(said) == 1
    assert said[0].startswith(f"data/{folder}/zz.yaml: is a link to a file outside")
    assert CANARY not in said[0]


def test_link_inside_the_folder_still_loads(kb_path: Path) -> None:
    (kb_path / "nodes.yaml").rename(kb_path / "nodes.txt")
    (kb_path / "nodes.yaml").symlink_to("nodes.txt")
    assert load_knowledge_base(kb_path).node("almonds").type == "food"


def test_file_over_the_size_limit_is_refused_before_parsing(kb_path: Path) -> None:
    path = kb_path / "zz-big.yaml"
    path.write_text("nodes:\n" + "  - x\n" * 400_000, encoding="utf-8")
    started = time.perf_counter()
    said = _problems(lambda: load_knowledge_base(kb_path))
    assert time.perf_counter() - started < 5
    assert said == [
        "data/zz-big.yaml: file is 2,400,007 bytes, over the limit of 1,048,576 bytes; split it,"
        " or raise the limit (CRAMP_ATLAS_MAX_FILE_KB) if it is meant to be this large"
    ]


def test_size_limit_is_configurable(kb_path: Path) -> None:
    said = _problems(lambda: load_knowledge_base(kb_path, max_file_bytes=10_000))
    assert any(line.startswith("data/edges.yaml: file is") for line in said)
    assert not any(line.startswith("data/sources.yaml") for line in said)


def test_source_text_over_the_limit_is_refused(kb_path: Path) -> None:
    said = _problems(lambda: load_knowledge_base(kb_path, max_file_bytes=3_000))
    assert any(
        line.startswith("data/sources/calf-cramps-article.txt: source text is") for line in said
    )


def _almonds_index(kb_path: Path) -> int:
    """The position of almonds in the ``nodes:`` list of ``nodes.yaml``, read from the file."""
    records = yaml.safe_load((kb_path / "nodes.yaml").read_text(encoding="utf-8"))
    return [node["id"] for node in records["nodes"]].index("almonds")


def _set_label(kb_path: Path, label: str) -> int:
    """Give almonds another label; return the line it is on."""
    path = kb_path / "nodes.yaml"
    text = path.read_text(encoding="utf-8")
    assert "label: Almonds\n" in text
    path.write_text(text.replace("label: Almonds\n", f"label: {label}\n", 1), encoding="utf-8")
    return text[: text.index("label: Almonds\n")].count("\n") + 1


def test_long_label_is_refused_with_its_length(kb_path: Path) -> None:
    index = _almonds_index(kb_path)
    line = _set_label(kb_path, "x" * 1_000_000)
    started = time.perf_counter()
    said = _problems(lambda: load_knowledge_base(kb_path))
    assert time.perf_counter() - started < 10
    assert said == [
        f"data/nodes.yaml:{line}: nodes[{index}].label: text is 1000000 characters long;"
        f" label holds at most {SHORT_TEXT_LENGTH}"
    ]


@pytest.mark.parametrize(
    ("escaped", "code", "position"),
    [
        ("\\x1b[2JAlmonds", "U+001B", 1),
        ("Alm\\x07onds", "U+0007", 4),
        ("Almonds\\x00", "U+0000", 8),
        ("Almonds\\r", "U+000D", 8),
        ("\\u202emuisengam", "U+202E", 1),
        ("Almonds\\u2066", "U+2066", 8),
        ("Almonds\\x7f", "U+007F", 8),
        ("Almonds\\x85", "U+0085", 8),
    ],
)
def test_control_characters_are_refused_with_field_and_position(
    kb_path: Path, escaped: str, code: str, position: int
) -> None:
    index = _almonds_index(kb_path)
    line = _set_label(kb_path, f'"{escaped}"')
    said = _problems(lambda: load_knowledge_base(kb_path))
    assert len(said) == 1
    assert said[0].startswith(f"data/nodes.yaml:{line}: nodes[{index}].label: ")
    assert f"{code} (" in said[0]
    assert f"at position {position} is not allowed" in said[0]


def test_control_character_in_a_tour_is_refused(kb_path: Path) -> None:
    path = kb_path / "tours" / "almonds-to-fewer-cramps.yaml"
    text = path.read_text(encoding="utf-8")
    old = '\ntitle: "Almonds, magnesium and cramps: checking a chain"\n'
    assert old in text
    line = text[: text.index(old)].count("\n") + 2
    path.write_text(text.replace(old, '\ntitle: "\\x1b[2J Almonds"\n', 1), encoding="utf-8")
    graph = build_graph(load_knowledge_base(kb_path))
    said = _problems(lambda: load_tours(kb_path / "tours", graph))
    assert said[0].startswith(
        f"data/tours/almonds-to-fewer-cramps.yaml:{line}: title: control character U+001B"
    )


def test_tabs_and_line_breaks_are_text() -> None:
    assert text_problem("description", "one\ttwo\nthree") is None


def test_printable_shows_escapes_instead_of_acting_on_the_terminal() -> None:
    assert printable("\x1b[2J\x07a\u202eb\r\n") == "\\u001b[2J\\u0007a\\u202eb\\u000d\n"
    assert printable("a\nb", keep_newlines=False) == "a\\u000ab"


@pytest.mark.timeout(20)
def test_label_wrapping_is_linear_in_the_label_length() -> None:
    started = time.perf_counter()
    lines = label_lines("x" * 200_000)
    assert time.perf_counter() - started < 2  # was about 4 s for 32k characters
    assert "".join(lines) == "x" * 200_000
    assert len({len(line) for line in lines[:-1]}) == 1


@pytest.mark.timeout(20)
def test_neighbourhood_stops_once_everything_is_reached(seed_graph) -> None:
    started = time.perf_counter()
    view = neighbourhood(seed_graph, ["almonds"], depth=10**9)
    assert time.perf_counter() - started < 2  # the loop used to run all 10**9 steps
    assert set(view) == set(neighbourhood(seed_graph, ["almonds"], depth=50))
