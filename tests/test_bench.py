"""The benchmark's pure parts, quickly: no server, no browser, nothing timed."""

from __future__ import annotations

import doctest
import json
import math
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

import bench
import bench.generate_kb
import bench.messages
import bench.report
from bench.cli import FILTER_SEQUENCE, main
from bench.generate_kb import write_knowledge_base
from bench.messages import describe_message
from bench.report import Row, Target, format_table, median, ratio, table_json
from bench.servers import Server
from bench.timed_server import timed
from graph import build_graph, load_knowledge_base
from graph.schema import NODE_TYPES
from tests.harness import LOCAL

RERUN = Target(limit=150, max_ratio=0.3)


def test_median_of_odd_and_even_counts() -> None:
    assert median([5, 1, 3]) == 3
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5


@pytest.mark.parametrize("values", [[], [1.0, math.nan]])
def test_median_refuses_no_values_and_nan(values: list[float]) -> None:
    with pytest.raises(ValueError, match="median"):
        median(values)


def test_ratio_is_none_without_a_baseline() -> None:
    assert ratio(1.0, 4.0) == 0.25
    assert ratio(None, 4.0) is None
    assert ratio(1.0, 0.0) is None


def test_target_needs_both_the_limit_and_the_ratio() -> None:
    assert RERUN.is_met(40.0, 200.0)
    assert not RERUN.is_met(70.0, 200.0)  # under 150 ms, but 0.35x the baseline
    assert not RERUN.is_met(160.0, 1000.0)  # 0.16x, but over 150 ms
    assert not RERUN.is_met(None, 200.0)


def test_row_without_a_target_is_information() -> None:
    assert Row("bytes", "KB", 1.0, 2.0).passed is None
    assert Row("rerun", "ms", 40.0, 200.0, RERUN).passed is True


def test_table_lines_up_and_says_fail() -> None:
    rows = [
        Row("page load -> drawn, still graph", "s", 1.5, 2.0, Target(limit=2, max_ratio=0.5)),
        Row("filter rerun, server script time", "ms", 30.0, 200.0, RERUN),
        Row("bytes", "KB", 100.0, None),
    ]
    table = format_table(rows, repetitions=7, notes=["a note"])
    lines = table.splitlines()
    assert lines[0] == "Medians of N = 7 repetitions."
    grid = [line for line in lines if line.startswith("|")]
    assert len({len(line) for line in grid}) == 1, table
    assert "| 1.50 s " in grid[2] and "| 0.75x " in grid[2] and grid[2].endswith("| FAIL      |")
    assert "| 30 ms " in grid[3] and grid[3].endswith("| pass      |")
    assert "| n/a " in grid[4] and grid[4].endswith("| info      |")
    assert lines[-1] == "- a note"


def test_table_json_keeps_samples_and_verdicts() -> None:
    row = Row("rerun", "ms", 30.0, 200.0, RERUN, (29.0, 30.0, 31.0), (190.0, 200.0, 210.0))
    data = table_json([row], repetitions=3, notes=["n"], extra={"cpus": 2})
    assert json.loads(json.dumps(data)) == data
    assert data["rows"][0]["ours_samples"] == [29.0, 30.0, 31.0]
    assert data["rows"][0]["pass"] is True
    assert data["all_targets_met"] is True
    assert data["cpus"] == 2


def test_package_exports_the_pure_helpers() -> None:
    assert bench.median is median
    assert set(bench.__all__) >= {"Row", "Target", "format_table", "median", "table_json"}


def test_streamlit_messages_are_named() -> None:
    message = ForwardMsg()
    message.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    assert describe_message(message.SerializeToString()) == "script_finished"
    element = ForwardMsg()
    element.delta.new_element.markdown.body = "hello"
    assert describe_message(element.SerializeToString()) == "element:markdown"
    reference = ForwardMsg()
    reference.ref_hash = "abc"
    assert describe_message(reference.SerializeToString()) == "ref_hash"
    assert describe_message(b"\xff\xff\xff") == "undecodable"


@pytest.mark.parametrize(
    ("url", "blocked"),
    [
        ("http://127.0.0.1:8501/static/js/index.js", False),
        ("ws://127.0.0.1:8501/_stcore/stream", False),
        ("http://localhost:8501/", False),
        ("https://cdn.jsdelivr.net/npm/bootstrap@5.0.0-beta3/dist/css/bootstrap.min.css", True),
        ("http://127.0.0.1.example.com/x", True),
        ("https://fonts.googleapis.com/css", True),
    ],
)
def test_only_local_requests_pass(url: str, blocked: bool) -> None:
    assert bool(LOCAL.outside.search(url)) is blocked


def test_timed_script_runs_are_logged_and_read_back(tmp_path: Path) -> None:
    log = tmp_path / "runs.jsonl"

    class Runner:
        _session_id = "session-1"

    def run_script(runner: Runner, rerun_data: object) -> str:
        return f"ran {rerun_data}"

    wrapped = timed(run_script, log)
    assert wrapped(Runner(), "data") == "ran data"
    assert wrapped(Runner(), "more") == "ran more"
    server = Server("ours", "http://127.0.0.1:1", subprocess.Popen(["true"]), log, log)
    server.process.wait()
    runs = server.script_runs()
    assert [run.session for run in runs] == ["session-1", "session-1"]
    assert all(run.ms >= 0 and run.started > 0 for run in runs)


def test_every_filter_value_is_a_node_type() -> None:
    assert set(FILTER_SEQUENCE) == set(NODE_TYPES)


@pytest.mark.parametrize("module", [bench.report, bench.messages, bench.generate_kb])
def test_docstring_examples_run(module) -> None:
    # bench/ is not among pytest's doctest paths: its __main__ and baseline_app run on import.
    failures, tried = doctest.testmod(module)
    assert tried > 0 and failures == 0


def test_command_has_help() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0, result.output
    for option in ("--repeat", "--output", "--timeout", "--ours", "--nodes", "--chromium"):
        assert option in result.output


def test_the_table_has_an_empty_page_column() -> None:
    rows = [Row("load", "s", 1.2, 3.0, Target(limit=2), floor=0.9), Row("rerun", "ms", 30.0, 90.0)]
    grid = [line for line in format_table(rows, repetitions=5).splitlines() if "|" in line]
    assert "| empty page |" in grid[0]
    assert "| 0.90 s " in grid[2] and "| -  " in grid[3]
    assert table_json(rows, repetitions=5)["rows"][0]["floor"] == 0.9


def test_a_generated_knowledge_base_of_1000_nodes_loads(tmp_path: Path) -> None:
    graph = build_graph(load_knowledge_base(write_knowledge_base(tmp_path, nodes=1000)))
    assert graph.number_of_nodes() == 1000
    assert 1000 < graph.number_of_edges() < 2500
    kinds = {attrs["type"] for _, attrs in graph.nodes(data=True)}
    assert kinds == set(NODE_TYPES)


def test_a_generated_knowledge_base_is_the_same_every_time(tmp_path: Path) -> None:
    first = write_knowledge_base(tmp_path / "a", nodes=100)
    second = write_knowledge_base(tmp_path / "b", nodes=100)
    for name in ("nodes.yaml", "edges.yaml", "sources/generated-text.txt"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_too_few_nodes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="nodes: at least 14"):
        write_knowledge_base(tmp_path, nodes=5)
