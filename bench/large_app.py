"""Time the app's first view of a large imported graph against Streamlit's own floor.

``python -m bench.large_app --data big.json`` starts ``streamlit run`` four ways and
opens each in headless chromium, timing from ``page.goto`` to the first view being on
screen: a one-line app (Streamlit's floor: start-up and first script run), the app on the
file with no cache (every record parsed and checked, the search index built), the app
again in a new server whose content-keyed cache was filled by the previous one, and a
second visitor to that server (the graph is already in memory). A view counts as drawn
when the summary's "N nodes, M edges" line is visible.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.harness import ROOT, streamlit_server

__all__ = ["main"]

_FLOOR_APP = 'import streamlit as st\n\nst.markdown("**floor ready**")\n'
_CHROMIUM = "/usr/bin/chromium"


def _time_view(browser, url: str, text: str, timeout_s: float) -> float:
    context = browser.new_context()
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url)
        page.get_by_text(text).first.wait_for(state="visible", timeout=timeout_s * 1000)
        return time.perf_counter() - start
    finally:
        context.close()


def _serve_and_time(
    browser, script: Path, env: dict[str, str | None], text: str, log: Path, visits: int
) -> list[float]:
    with streamlit_server(("streamlit", "run", str(script)), log=log, env=env) as (url, _):
        return [_time_view(browser, url, text, 600) for _ in range(visits)]


def main(argv: Sequence[str] | None = None) -> None:
    """Print the four timings (seconds) as a Markdown table."""
    parser = argparse.ArgumentParser(prog="python -m bench.large_app", description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="a node-link file")
    args = parser.parse_args(argv)
    data = args.data.resolve()
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        folder = Path(scratch)
        floor = folder / "floor.py"
        floor.write_text(_FLOOR_APP)
        browser = playwright.chromium.launch(executable_path=_CHROMIUM)
        app = ROOT / "app.py"
        cache = str(folder / "cache")
        rows = [
            (
                "Streamlit floor (one-line app)",
                *_serve_and_time(browser, floor, {}, "floor ready", folder / "floor.log", 1),
            ),
        ]
        base = {"CRAMP_ATLAS_DATA": str(data)}
        cold = _serve_and_time(
            browser, app, {**base, "CRAMP_ATLAS_CACHE": "off"}, "nodes,", folder / "a.log", 1
        )
        rows.append(("app, no cache (parse + check + index)", *cold))
        _serve_and_time(
            browser, app, {**base, "CRAMP_ATLAS_CACHE": cache}, "nodes,", folder / "b.log", 1
        )
        cached = _serve_and_time(
            browser, app, {**base, "CRAMP_ATLAS_CACHE": cache}, "nodes,", folder / "c.log", 2
        )
        rows.append(("app, new server, cache filled", cached[0]))
        rows.append(("app, second visitor (graph in memory)", cached[1]))
        browser.close()
    print("| first view | seconds | minus floor |\n|---|---|---|")
    floor_s = rows[0][1]
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {seconds - floor_s:+.2f} |")


if __name__ == "__main__":
    main()
