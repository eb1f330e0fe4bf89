"""``python -m bench``: Cramp Atlas, a naive baseline and an empty page, in one run.

The three apps are served by ``streamlit run`` on free ports of 127.0.0.1 (see
``bench.servers``); each is visited ``--repeat`` times by a first-time reader in headless
chromium (``bench.browser``), in rotating order. Every visit of the two graph apps
changes the node-type filter once; the empty page (``bench/floor_app.py``, a title and
nothing else) is Streamlit's floor: what any app costs before it draws. The table shows
medians; the JSON file keeps every sample. ``--nodes N`` runs them all on a generated
knowledge base of N nodes (``bench.generate_kb``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import click

from tests.harness import CHROMIUM_ARGS, ROOT

from .report import Row, Target, format_table, median, table_json
from .servers import Server, serve

__all__ = ["FILTER_SEQUENCE", "main"]

RESULTS = ROOT / "bench" / "results"
FILTER_SEQUENCE = ("remedy", "food", "cause", "condition", "context", "nutrient", "outcome")
"""The node type each visit filters to, in turn: a new filter value each time, so that no
result cached by an earlier visit can answer it (for N > 7 the values come round again)."""

LOAD_TARGET = Target(limit=2.0)
OVER_FLOOR_TARGET = Target(limit=0.3)
"""Seed graph: the drawn, still graph at most 0.3 s after the empty page's first element."""
LARGE_LOAD_TARGET = Target(max_ratio=0.1)
"""Generated graph (``--nodes``): the drawn, still graph in at most 0.1x the baseline's time."""
RERUN_TARGET = Target(limit=150.0, max_ratio=0.3)


def _rerun_ms(server: Server, start: float, end: float) -> float:
    """Server script time of the runs that started between ``start`` and ``end`` (epoch ms)."""
    return sum(run.ms for run in server.script_runs() if start <= run.started <= end)


def _samples(visits: Sequence, value: Callable) -> tuple[float, ...]:
    return tuple(float(value(visit)) for visit in visits)


def _row(
    metric: str,
    unit: str,
    ours: Sequence,
    baseline: Sequence,
    value: Callable,
    target: Target | None = None,
    floor: tuple[float, ...] = (),
) -> Row:
    ours_samples, baseline_samples = _samples(ours, value), _samples(baseline, value)
    return Row(
        metric,
        unit,
        median(ours_samples),
        median(baseline_samples),
        target,
        ours_samples,
        baseline_samples,
        median(floor) if floor else None,
        floor,
    )


def _notes(
    repeat: int, visits: dict[str, list], expected_nodes: int, *, generated: bool
) -> list[str]:
    from .browser import DRAWN_MARK, STILL_MS

    ours, baseline = visits["ours"], visits["baseline"]
    blocked = sorted({url for visit in baseline + ours for url in visit.blocked_requests})
    notes = [
        f"Graph: {expected_nodes} nodes. N = {repeat}: each app visited {repeat} times, in "
        "rotating order (ours, baseline, empty page; then baseline, empty page, ours; ...), "
        "after one untimed cold visit each; every visit is a fresh browser context (empty "
        "cache), headless Debian chromium at 1400x1000; "
        + (
            "on a generated graph the pages are only opened."
            if generated
            else "the two graph apps then change the node-type filter once "
            f"({', '.join(FILTER_SEQUENCE[:repeat])})."
        ),
        "Empty page: bench/floor_app.py, a Streamlit page that writes only a title, served "
        "with ours' settings; its column is goto -> the title in the document (a "
        "MutationObserver, page clock). 'over the empty page' pairs each round's visits: "
        "still graph minus that round's empty-page first element, then the median.",
        "Still graph: from page.goto to the first moment the graph was settled and its node "
        f"positions then stayed identical for {STILL_MS} ms. Settled: ours, the canvas has "
        'data-ready="true" (set on vis-network\'s first afterDrawing), timed by the '
        f"'{DRAWN_MARK}' performance mark it sets then; baseline, vis-network "
        "has drawn and network.physics.stabilized === true (stabilisation over, physics "
        "stopped), timed by the poll that saw it. Page clock (Date.now(), "
        "performance.timeOrigin + mark) against the clock read before goto.",
        "Filter rerun: the server's script time of the run(s) that the filter change caused "
        "(ScriptRunner._run_script, timed by bench.timed_server in the real server, same hook "
        "for both apps; this includes Streamlit's post-run work such as its gc.collect()). "
        "Ours runs with the repository's .streamlit/config.toml, the baseline with "
        "Streamlit's defaults.",
        "Bytes: HTTP responses (headers + body as transferred) plus WebSocket frames "
        "received, from goto to the end of the filter change; Streamlit's WebSocket "
        "compression is off (the default), so frames are what crosses the wire.",
        "Requests to any host but 127.0.0.1 are aborted at once, so no app waits for a "
        "network time-out: "
        + (
            f"{len(blocked)} such URL(s), all from the baseline's pyvis template "
            f"(Bootstrap from a CDN): {', '.join(blocked)}."
            if blocked and not any(visit.blocked_requests for visit in ours)
            else (f"blocked: {', '.join(blocked)}." if blocked else "none were made.")
        ),
    ]
    if generated:
        notes.append(
            "Generated graph: pyvis' physics never holds a big graph still (on 1,000 nodes "
            "it neither stabilised nor kept its positions for 300 ms within 300 s), so the "
            "baseline's graph times here are to its first drawing (moving), a lower bound of "
            "the still time it never reaches; ours are to still, as always."
        )
    drawn = [visit for visit in ours + baseline if visit.load_nodes != expected_nodes]
    if drawn:
        notes.append(
            f"WARNING: a visit drew a number of nodes other than the graph's {expected_nodes}: "
            + ", ".join(f"{visit.app} {visit.load_nodes}" for visit in drawn)
        )
    broken = [visit for visit in ours + baseline if visit.exception_boxes]
    if broken:
        notes.append(
            "WARNING: Streamlit exception boxes on the page: "
            + ", ".join(f"{visit.app} ({visit.exception_boxes})" for visit in broken)
        )
    return notes


def _load_rows(visits: dict[str, list], *, generated: bool) -> list[Row]:
    """The page-load rows: each graph app against the empty page, visited in the same rounds."""
    ours, baseline, empty = visits["ours"], visits["baseline"], visits["floor"]
    first_element = tuple(visit.first_element_ms / 1000 for visit in empty)

    def over_floor(visit, index: int) -> float:
        return visit.load_still_ms / 1000 - first_element[index]

    return [
        _row(
            "page load -> drawn, still graph (empty page: its title)",
            "s",
            ours,
            baseline,
            lambda visit: visit.load_still_ms / 1000,
            LARGE_LOAD_TARGET if generated else LOAD_TARGET,
            first_element,
        ),
        _row(
            "  over the empty page's first element (same round)",
            "s",
            [(visit, index) for index, visit in enumerate(ours)],
            [(visit, index) for index, visit in enumerate(baseline)],
            lambda pair: over_floor(*pair),
            None if generated else OVER_FLOOR_TARGET,
        ),
        _row(
            "  goto -> first app message (Streamlit start-up)",
            "s",
            ours,
            baseline,
            lambda visit: visit.first_message_ms / 1000,
            floor=tuple(visit.first_message_ms / 1000 for visit in empty),
        ),
        _row(
            "  first app message -> drawn, still graph",
            "s",
            ours,
            baseline,
            lambda visit: (visit.load_still_ms - visit.first_message_ms) / 1000,
            floor=tuple(
                (visit.first_element_ms - visit.first_message_ms) / 1000 for visit in empty
            ),
        ),
        _row(
            "  settled -> noticed by the watcher's poll",
            "ms",
            ours,
            baseline,
            lambda visit: visit.load_noticed_ms - visit.load_settled_ms,
        ),
    ]


def _total_kb(visit) -> float:
    """Everything a visit received: page load and filter change, HTTP and WebSocket."""
    total = visit.load_http_bytes + visit.load_ws_bytes
    return (total + visit.filter_http_bytes + visit.filter_ws_bytes) / 1000


_PLAIN_ROWS: tuple[tuple[str, str, Callable, Callable | None], ...] = (
    ("bytes received, load + 1 filter change", "KB", _total_kb, None),
    (
        "  page load, HTTP",
        "KB",
        lambda visit: visit.load_http_bytes / 1000,
        lambda visit: visit.http_bytes / 1000,
    ),
    (
        "  page load, WebSocket",
        "KB",
        lambda visit: visit.load_ws_bytes / 1000,
        lambda visit: visit.ws_bytes / 1000,
    ),
    (
        "  filter change, HTTP + WebSocket",
        "KB",
        lambda visit: (visit.filter_http_bytes + visit.filter_ws_bytes) / 1000,
        None,
    ),
    (
        "  largest message of a filter change",
        "KB",
        lambda visit: visit.filter_largest_message[0] / 1000,
        None,
    ),
    ("filter click -> redrawn, still graph", "ms", lambda visit: visit.filter_still_ms, None),
)
"""Rows without a target, after the rerun row: metric, unit, value of a visit, and the
value of an empty-page visit where the empty page has one."""

_BLOCK_ROWS: tuple[tuple[str, str, Callable], ...] = (
    ("longest main-thread block, page load", "ms", lambda visit: visit.longest_block_load_ms),
    (
        "longest main-thread block, filter change",
        "ms",
        lambda visit: visit.longest_block_filter_ms,
    ),
    ("canvas painted at the ready signal", "%", lambda visit: 100 * visit.painted_share),
)
"""Rows without a target or an empty-page value, after the page-load script run."""


def _rows(
    visits: dict[str, list], cold: dict, servers: dict[str, Server], *, generated: bool
) -> list[Row]:
    """Every row of the table; a generated graph is only opened, so it has no filter rows."""
    ours, baseline, empty = visits["ours"], visits["baseline"], visits["floor"]

    def rerun(visit) -> float:
        return _rerun_ms(servers[visit.app], visit.clicked_ms, visit.finished_ms)

    def load_run(visit) -> float:
        return _rerun_ms(servers[visit.app], visit.started_ms, visit.clicked_ms)

    rows = [
        *_load_rows(visits, generated=generated),
        _row("filter rerun, server script time", "ms", ours, baseline, rerun, RERUN_TARGET),
        *(
            _row(metric, unit, ours, baseline, value, floor=_samples(empty, floor) if floor else ())
            for metric, unit, value, floor in _PLAIN_ROWS
        ),
        _row("page-load script run, server", "ms", ours, baseline, load_run),
        *(_row(metric, unit, ours, baseline, value) for metric, unit, value in _BLOCK_ROWS),
        _row(
            "cold first visit -> still graph (1 sample)",
            "s",
            [cold["ours"]],
            [cold["baseline"]],
            lambda visit: visit.load_still_ms / 1000,
            floor=(cold["floor"].first_element_ms / 1000,),
        ),
    ]
    # A generated graph is only opened, never filtered.
    return [row for row in rows if not (generated and "filter" in row.metric)]


def _visit_floor(browser, server: Server, timeout: float):
    from .browser import floor_visit
    from .messages import describe_message

    return floor_visit(browser, server.url, decode=describe_message, timeout=timeout)


@contextlib.contextmanager
def _three_servers(app: Path, log_dir: Path, timeout: float) -> Iterator[dict[str, Server]]:
    """Serve ours (from its folder), the baseline (Streamlit's defaults) and the empty page."""
    with (
        tempfile.TemporaryDirectory(prefix="cramp-atlas-baseline-") as defaults_dir,
        serve("ours", app, log_dir=log_dir, cwd=app.parent, timeout=timeout) as ours,
        serve(
            "baseline",
            ROOT / "bench" / "baseline_app.py",
            log_dir=log_dir,
            cwd=Path(defaults_dir),
            timeout=timeout,
        ) as baseline,
        serve(
            "floor",
            ROOT / "bench" / "floor_app.py",
            log_dir=log_dir,
            cwd=app.parent,
            timeout=timeout,
        ) as floor,
    ):
        yield {"ours": ours, "baseline": baseline, "floor": floor}


def _visit_all(
    browser,
    servers: dict[str, Server],
    repeat: int,
    timeout: float,
    log_dir: Path,
    *,
    generated: bool,
) -> tuple[dict[str, list], dict]:
    """One untimed cold visit of each app, then ``repeat`` rounds in rotating order."""
    from graph.schema import NODE_TYPES

    from .browser import AppUnderTest, visit
    from .messages import describe_message

    floor = servers["floor"]
    apps = (
        AppUnderTest(
            "ours", servers["ours"].url, "Node types", lambda name: NODE_TYPES[name].plural
        ),
        AppUnderTest(
            "baseline",
            servers["baseline"].url,
            "Node types",
            lambda name: name,
            drawn_is_enough=generated,
        ),
    )

    def measure(app, node_type: str):
        if app is floor:
            return _visit_floor(browser, floor, timeout)
        failure = log_dir / f"{app.name}-failure.png"
        return visit(
            browser, app, node_type=node_type, decode=describe_message,
            timeout=timeout, failure_screenshot=failure,
        )  # fmt: skip

    visits: dict[str, list] = {"ours": [], "baseline": [], "floor": []}
    cold: dict = {}
    order = (*apps, floor)
    for app in order:
        click.echo(f"cold visit: {app.name} ...", err=True)
        cold[app.name] = measure(app, None if generated else FILTER_SEQUENCE[-1])
    for index in range(repeat):
        # A generated graph is only opened: pyvis' physics keeps a big graph's page
        # too busy to use a filter in any useful time.
        node_type = None if generated else FILTER_SEQUENCE[index % len(FILTER_SEQUENCE)]
        shift = index % len(order)
        for app in order[shift:] + order[:shift]:
            click.echo(f"visit {index + 1}/{repeat}: {app.name} ...", err=True)
            visits[app.name].append(measure(app, node_type))
    return visits, cold


def _measure(
    repeat: int, timeout: float, chromium: str, log_dir: Path, app: Path, *, generated: bool
) -> dict:
    """Serve the three apps, visit them, and return the rows, notes and every sample."""
    from playwright.sync_api import sync_playwright

    from graph import build_graph, load_knowledge_base
    from graph.load import DEFAULT_DATA_DIR

    # Both apps read CRAMP_ATLAS_DATA (the servers inherit the environment), so the bench
    # can run on another knowledge base too.
    data_dir = os.environ.get("CRAMP_ATLAS_DATA") or DEFAULT_DATA_DIR
    expected_nodes = build_graph(load_knowledge_base(data_dir)).number_of_nodes()
    with _three_servers(app, log_dir, timeout) as servers, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
        try:
            visits, cold = _visit_all(
                browser, servers, repeat, timeout, log_dir, generated=generated
            )
        finally:
            browser.close()
        rows = _rows(visits, cold, servers, generated=generated)
        script_runs = {
            name: [dataclasses.asdict(run) for run in server.script_runs()]
            for name, server in servers.items()
        }
    return {
        "rows": rows,
        "notes": _notes(repeat, visits, expected_nodes, generated=generated),
        "visits": {
            name: [dataclasses.asdict(item) for item in items] for name, items in visits.items()
        },
        "cold": {name: dataclasses.asdict(item) for name, item in cold.items()},
        "script_runs": script_runs,
    }


@click.command(context_settings={"help_option_names": ["-h", "--help"], "show_default": True})
@click.option(
    "-n",
    "--repeat",
    type=click.IntRange(1, 50),
    default=5,
    help="Visits per app; the table shows the medians.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=RESULTS / "latest.json",
    help="Where to write the table (and every sample) as JSON.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1, max=600),
    default=60.0,
    help="Seconds any one step may take: a server start, a drawn graph, a rerun.",
)
@click.option(
    "--ours",
    "app",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=ROOT / "app.py",
    help="The app to measure as ours, run from its own folder (for before/after runs: "
    "point it at app.py in a copy of the repository).",
)
@click.option(
    "--nodes",
    type=click.IntRange(14, 20_000),
    default=None,
    help="Run on a generated knowledge base of this many nodes (bench.generate_kb) instead of "
    "the shipped one; the load target is then 0.1x the baseline.",
)
@click.option(
    "--chromium",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="The chromium to drive (default: Debian's, from PATH). Never downloaded.",
)
def main(
    repeat: int, output: Path, timeout: float, app: Path, nodes: int | None, chromium: str | None
) -> None:
    """Measure Cramp Atlas against a naive pyvis + Streamlit app and an empty page.

    Exit status: 0 if every target is met, 1 if one is missed, 2 if the benchmark
    could not run.
    """
    chromium = chromium or shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        click.echo(
            "Debian's chromium is missing: apt-get install chromium (or pass --chromium).",
            err=True,
        )
        sys.exit(2)
    log_dir = output.parent / "logs"
    with tempfile.TemporaryDirectory(prefix="cramp-atlas-generated-") as generated_dir:
        if nodes is not None:
            from .generate_kb import write_knowledge_base

            # The servers inherit the environment: all three apps read this knowledge base.
            os.environ["CRAMP_ATLAS_DATA"] = str(
                write_knowledge_base(Path(generated_dir), nodes=nodes)
            )
        try:
            measured = _measure(
                repeat, timeout, chromium, log_dir, app.resolve(), generated=nodes is not None
            )
        except (RuntimeError, TimeoutError) as err:
            click.echo(f"The benchmark could not finish: {err}\nServer logs: {log_dir}", err=True)
            sys.exit(2)
    rows, notes = measured.pop("rows"), measured.pop("notes")
    click.echo(format_table(rows, repetitions=repeat, notes=notes))
    environment = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "chromium": chromium,
        "ours": str(app.resolve()),
    }
    data = table_json(rows, repetitions=repeat, notes=notes, extra={**measured, **environment})
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    click.echo(f"\nWritten to {output}", err=True)
    sys.exit(0 if data["all_targets_met"] else 1)
