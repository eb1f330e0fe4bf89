"""Time the app's first view of a large imported graph against Streamlit's own floor.

``python -m bench.large_app --data big.json`` starts ``streamlit run`` several ways and
opens each in headless chromium, timing from ``page.goto``: a one-line app (Streamlit's
floor: start-up and first script run); the app on the file with the cache off (every
record parsed and checked, the summary counted from the columns); the app in a new
server with an empty cache folder (the same, then the cache file is written in a thread
after the view: the bench waits for it); a new server whose cache that one filled; and a
second visitor to that server (the graph already in memory). A view counts as drawn when
the summary's "N nodes, M edges" line is visible. Each row also gives when the page heard
Streamlit's first WebSocket message (its own start-up ends there), on the same clock, and
the server's CPU seconds up to the view (the steadier figure on a shared machine; it
includes what the cache thread did before the browser showed the view). On the server
without a cache, the bench then searches for the best-connected node's label and times
the first answer: the search index is built on demand (or by the thread that started
after the view), not before the first view. ``--before DIR`` also times another
checkout's app without a cache, in the same run.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from tests.harness import ROOT, streamlit_server, wait_until

__all__ = ["main"]

_FLOOR_APP = 'import streamlit as st\n\nst.markdown("**floor ready**")\n'
_CHROMIUM = "/usr/bin/chromium"
_TIMEOUT_S = 600

# The moment the page hears Streamlit's first WebSocket message, in epoch milliseconds:
# the same clock as the time.time() read before page.goto.
_FIRST_MESSAGE = """
(() => {
  const Native = window.WebSocket;
  window.__firstMessage = null;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", () => {
        if (window.__firstMessage === null) window.__firstMessage = Date.now();
      });
    }
  };
})();
"""


@dataclass(frozen=True, slots=True)
class Visit:
    """One first-time visitor's marks, in seconds from ``page.goto``."""

    connected: float
    """Streamlit's first WebSocket message."""
    drawn: float
    """The first view on screen."""
    server_cpu: float
    """CPU seconds the server spent from ``page.goto`` to the first view (all threads):
    steadier than wall time on a shared machine."""
    search: float | None = None
    """From pressing Enter in the search box to the first answer (when asked)."""


def _cpu_seconds(pid: int) -> float:
    """User and system CPU seconds process ``pid`` has used so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _search(page: Page) -> float:
    """Search for the best-connected node's label; seconds until its answer shows."""
    hub = page.get_by_role("button").filter(has_text=" edges").first.inner_text()
    label = hub.rsplit(":", 1)[0]
    box = page.locator('[data-testid="stSidebar"] input').first
    box.fill(label)
    start = time.perf_counter()
    box.press("Enter")
    answer = page.locator('[data-testid="stSidebar"]').get_by_role("button", name=label).first
    answer.wait_for(state="visible", timeout=_TIMEOUT_S * 1000)
    return time.perf_counter() - start


def _visit(browser: Browser, url: str, server: int, text: str, *, search: bool = False) -> Visit:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(_FIRST_MESSAGE)
        cpu, start, epoch = _cpu_seconds(server), time.perf_counter(), time.time()
        page.goto(url)
        page.get_by_text(text).first.wait_for(state="visible", timeout=_TIMEOUT_S * 1000)
        drawn, cpu = time.perf_counter() - start, _cpu_seconds(server) - cpu
        connected = page.evaluate("window.__firstMessage") / 1000 - epoch
        return Visit(connected, drawn, cpu, _search(page) if search else None)
    finally:
        context.close()


def _serve(
    browser: Browser,
    script: Path,
    env: dict[str, str | None],
    text: str,
    log: Path,
    *,
    visits: int = 1,
    search: bool = False,
) -> list[Visit]:
    with streamlit_server(("streamlit", "run", str(script)), log=log, env=env) as (url, server):
        return [_visit(browser, url, server.pid, text, search=search) for _ in range(visits)]


def _fill_cache(browser: Browser, app: Path, env: dict[str, str | None], log: Path) -> Visit:
    """A new server with an empty cache folder; returns once its thread wrote the cache."""
    folder = Path(env["CRAMP_ATLAS_CACHE"] or "")
    with streamlit_server(("streamlit", "run", str(app)), log=log, env=env) as (url, server):
        visit = _visit(browser, url, server.pid, "nodes,")
        wait_until(lambda: any(folder.glob("*.npz")), timeout=_TIMEOUT_S, what="the cache file")
    return visit


def main(argv: Sequence[str] | None = None) -> None:
    """Print the timings (seconds) as a Markdown table."""
    parser = argparse.ArgumentParser(prog="python -m bench.large_app", description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="a node-link file")
    parser.add_argument(
        "--before",
        type=Path,
        help="another checkout (say, an export of an older commit) whose app is timed"
        " without a cache in the same run, for a before-and-after comparison",
    )
    args = parser.parse_args(argv)
    data = args.data.resolve()
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        folder = Path(scratch)
        floor = folder / "floor.py"
        floor.write_text(_FLOOR_APP)
        browser = playwright.chromium.launch(executable_path=_CHROMIUM)
        app = ROOT / "app.py"
        cache = {"CRAMP_ATLAS_DATA": str(data), "CRAMP_ATLAS_CACHE": str(folder / "cache")}
        off = {**cache, "CRAMP_ATLAS_CACHE": "off"}
        (floor_visit,) = _serve(browser, floor, {}, "floor ready", folder / "floor.log")
        (cold,) = _serve(browser, app, off, "nodes,", folder / "a.log", search=True)
        before = None
        if args.before is not None:
            older = {**off, "PYTHONPATH": str(args.before.resolve())}
            script = args.before.resolve() / "app.py"
            (before,) = _serve(browser, script, older, "nodes,", folder / "before.log")
        filling = _fill_cache(browser, app, cache, folder / "b.log")
        cached = _serve(browser, app, cache, "nodes,", folder / "c.log", visits=2)
        browser.close()
    rows = [
        ("Streamlit floor (one-line app)", floor_visit),
        ("app, no cache (parse, check, columns, summary)", cold),
        ("app, new server, empty cache (written after the view)", filling),
        ("app, new server, cache filled", cached[0]),
        ("app, second visitor (graph in memory)", cached[1]),
    ]
    if before is not None:
        rows.insert(2, (f"before ({args.before.name}), no cache", before))
    print("| first view | first message s | drawn s | minus floor | server CPU s | minus floor |")
    print("|---|---|---|---|---|---|")
    for name, visit in rows:
        print(
            f"| {name} | {visit.connected:.2f} | {visit.drawn:.2f}"
            f" | {visit.drawn - floor_visit.drawn:+.2f} | {visit.server_cpu:.2f}"
            f" | {visit.server_cpu - floor_visit.server_cpu:+.2f} |"
        )
    print(f"\nFirst search on the server without a cache: {cold.search:.2f} s")


if __name__ == "__main__":
    main()
