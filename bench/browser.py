"""Measure an app in headless chromium: time to a drawn, still graph, and bytes received.

One ``visit`` is one first-time visitor: a fresh browser context (empty cache), the page
loaded, the graph drawn and still, then one change of the node-type filter, the graph
redrawn and still again.

When is the graph "drawn and still"? A watcher script (``WATCHER``) is added to every
frame before the page's own scripts run. Every ``SAMPLE_MS`` it finds the vis-network
instance (ours: ``window.atlasCanvas.network``; the pyvis page: its global ``network``)
and reads every node's position. The graph counts as *settled* when

* ours: the canvas host carries ``data-ready="true"`` (the canvas sets it on
  vis-network's first ``afterDrawing``);
* baseline: vis-network has drawn at least once (an ``afterDrawing`` event or, if the
  graph was drawn before the watcher found it, paint on its canvas) and its physics
  engine reports ``physics.stabilized === true`` (set when stabilisation has ended and
  every node's velocity fell below ``minVelocity``; vis then stops simulating);

and *still* from the first sample at which it is settled and its positions stay the
same (compared exactly) for ``STILL_MS``. The time reported is that first sample's, so
a graph that keeps drifting after its ready signal is only still once it stops; for
ours, whose canvas marks its first frame on the page's performance timeline
(``DRAWN_MARK``) and never moves a node by itself (physics off), it is the time of that
mark, as exact as the empty page's (a poll every ``SAMPLE_MS`` notices it up to one
interval later, more when a long task holds the thread). Times
are epoch milliseconds taken in the page (``Date.now()``), the same clock as the
``time.time()`` read just before ``page.goto``, so the watcher's polling delay does not
count. At the moment it settles, the watcher also checks that the canvas has paint on
it (the share of painted pixels), so a ready signal that came before the drawing would
show up.

The watcher also notes when the app's first WebSocket message arrives (Streamlit's own
start-up ends there: it is the same for any app), and keeps a heartbeat in the top
frame: a timer due every ``SAMPLE_MS`` that fires 50 ms or more late means the main
thread, which the page shares with its iframes, was blocked that long. The longest
block shows whether the page freezes.

Every request to a host other than 127.0.0.1/localhost is aborted (and counted): the
pyvis template asks a CDN for Bootstrap, and a blocked request fails at once instead of
costing a network time-out. Bytes received are HTTP responses (headers and body, as
transferred) plus WebSocket frames (Streamlit's messages; its WebSocket compression is
off by default, so frame payloads are what crosses the wire).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Frame, Page, Request, WebSocket
from playwright.sync_api import Error as PlaywrightError

from tests.harness import LOCAL

__all__ = [
    "DRAWN_MARK",
    "FLOOR_WATCHER",
    "SAMPLE_MS",
    "STILL_MS",
    "WATCHER",
    "AppUnderTest",
    "FloorVisit",
    "Visit",
    "floor_visit",
    "visit",
]

SAMPLE_MS = 20
STILL_MS = 300
DRAWN_MARK = "atlas-canvas-drawn"
"""The performance mark our canvas sets on its first frame (``graph/static/canvas.js``)."""
_POLL_S = 0.05

WATCHER = """
(() => {
  if (window.__benchWatch) return;
  const SAMPLE_MS = __SAMPLE_MS__;
  const DRAWN_MARK = "__DRAWN_MARK__";
  const state = {
    kind: null, settledAt: null, stillSince: null, lastSample: null, nodes: null,
    painted: null, changes: 0, blocks: [], firstMessage: null, drawnAt: null, noticedAt: null,
    watchedSince: null,
  };
  window.__benchWatch = state;
  // When the app's first message arrives: Streamlit's own start-up ends there.
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", () => {
        if (state.firstMessage === null) state.firstMessage = Date.now();
      });
    }
  };
  // A heartbeat: the page and its iframes share one main thread, so a gap between two
  // ticks of this timer in the top frame is a block, whichever frame caused it.
  let lastTick = null;
  setInterval(() => {
    const now = Date.now();
    if (lastTick !== null && now - lastTick - SAMPLE_MS >= 50) {
      state.blocks.push([lastTick, now - lastTick - SAMPLE_MS]);
    }
    lastTick = now;
  }, SAMPLE_MS);
  let network = null;
  let drawn = false;
  let signature = null;

  function locate() {
    const atlas = window.atlasCanvas;
    if (atlas && atlas.network) return ["atlas", atlas.network];
    const pyvis = window.network;
    if (pyvis && typeof pyvis.getPositions === "function" && pyvis.physics) {
      return ["pyvis", pyvis];
    }
    return null;
  }
  function paintedShare() {
    const canvas = network.canvas && network.canvas.frame && network.canvas.frame.canvas;
    if (!canvas || !canvas.width || !canvas.height) return 0;
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    const step = 4 * 7;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += step) if (pixels[i] !== 0) painted += 1;
    return painted / Math.ceil(pixels.length / step);
  }
  function drawnMark(fallback) {
    const marks = performance.getEntriesByName(DRAWN_MARK, "mark");
    if (marks.length === 0) return fallback;
    return Math.min(fallback, performance.timeOrigin + marks[marks.length - 1].startTime);
  }
  function isSettled() {
    if (state.kind === "atlas") {
      return network.body.container.getAttribute("data-ready") === "true";
    }
    return drawn && network.physics.stabilized === true;
  }
  function sample() {
    const found = locate();
    if (found === null) return;
    if (found[1] !== network) {
      [state.kind, network] = found;
      drawn = false;
      signature = null;
      network.on("afterDrawing", () => {
        drawn = true;
        if (state.drawnAt === null) state.drawnAt = Date.now();
      });
    }
    if (!drawn && state.kind === "pyvis" && network.physics.stabilized === true) {
      // A small graph can settle and be drawn between two samples, before the
      // afterDrawing listener was attached: then the paint on the canvas tells.
      drawn = paintedShare() > 0;
      if (drawn && state.drawnAt === null) state.drawnAt = Date.now();
    }
    const now = Date.now();
    const positions = network.getPositions();
    const current = JSON.stringify(positions);
    if (!isSettled()) {
      state.stillSince = null;
    } else if (state.stillSince === null || current !== signature) {
      let since = now;
      if (state.settledAt === null) {
        // Ours marks the moment it drew (physics off: nodes never move afterwards), so
        // its time is exact, as the empty page's is, and not this poll's.
        since = state.kind === "atlas" ? drawnMark(now) : now;
        state.settledAt = since;
        state.noticedAt = now;
        state.painted = paintedShare();
      } else {
        state.changes += 1;
      }
      state.stillSince = since;
      state.watchedSince = now;
    }
    signature = current;
    state.nodes = Object.keys(positions).length;
    state.lastSample = now;
  }
  setInterval(sample, SAMPLE_MS);
})();
""".replace("__SAMPLE_MS__", str(SAMPLE_MS)).replace("__DRAWN_MARK__", DRAWN_MARK)
"""Added to every frame of the page (see the module docstring)."""


FLOOR_WATCHER = """
(() => {
  if (window.__floorWatch) return;
  const state = { firstElement: null };
  window.__floorWatch = state;
  // The empty page's one element: its title, the moment it enters the document.
  const check = () => {
    if (state.firstElement === null && document.querySelector('[data-testid="stHeading"]')) {
      state.firstElement = Date.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})();
"""
"""Added, with ``WATCHER``, to the empty page (see ``floor_visit``)."""


@dataclass(frozen=True, slots=True)
class AppUnderTest:
    """How to drive one app: its address and its node-type filter."""

    name: str
    url: str
    filter_label: str
    option_text: Callable[[str], str]
    """Node type name -> the text of its option in the filter."""
    drawn_is_enough: bool = False
    """Take the first drawing for "still": for a physics layout that never stops moving
    (pyvis on a big graph), which makes its time a lower bound of a still time it never
    reaches."""


@dataclass
class _Traffic:
    """What the page received, and the Streamlit messages among it."""

    decode: Callable[[bytes], str]
    requests: list[Request] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    frames: list[tuple[float, int, str]] = field(default_factory=list)
    """(time.time() when Python heard of it, bytes, message type)."""

    def watch(self, page: Page) -> None:
        page.on("requestfinished", self._on_request)
        page.on("websocket", self._on_websocket)

    def _on_request(self, request: Request) -> None:
        self.requests.append(request)

    def _on_websocket(self, websocket: WebSocket) -> None:
        websocket.on("framereceived", self._on_frame)

    def _on_frame(self, payload: str | bytes) -> None:
        data = payload.encode("utf-8") if isinstance(payload, str) else payload
        self.frames.append((time.time() * 1000, len(data), self.decode(data)))

    def http_bytes(self, requests: Sequence[Request]) -> int:
        total = 0
        for request in requests:
            sizes = request.sizes()
            total += max(sizes["responseBodySize"], 0) + max(sizes["responseHeadersSize"], 0)
        return total


@dataclass(frozen=True, slots=True)
class Visit:
    """What one visit measured. Times in ms, sizes in bytes."""

    app: str
    load_still_ms: float
    load_settled_ms: float
    load_noticed_ms: float
    """When the watcher's poll first saw the graph settled (ours: at or after its mark)."""
    first_message_ms: float
    load_nodes: int
    painted_share: float
    filter_option: str
    filter_still_ms: float
    filter_nodes: int
    load_http_bytes: int
    load_ws_bytes: int
    filter_http_bytes: int
    filter_ws_bytes: int
    filter_largest_message: tuple[int, str]
    filter_messages: tuple[tuple[int, str], ...]
    longest_block_load_ms: float
    longest_block_filter_ms: float
    blocked_requests: tuple[str, ...]
    exception_boxes: int
    started_ms: float
    clicked_ms: float
    finished_ms: float


def _watched_page(context: BrowserContext, traffic: _Traffic, *scripts: str) -> Page:
    """A new page of ``context`` whose requests off this machine are aborted and counted in
    ``traffic``, with ``scripts`` run in every frame before the page's own."""
    context.route(
        LOCAL.outside, lambda route: (traffic.blocked.append(route.request.url), route.abort())
    )
    for script in scripts:
        context.add_init_script(script=script)
    page = context.new_page()
    traffic.watch(page)
    return page


def _watch_states(page: Page) -> list[tuple[Frame, dict[str, Any]]]:
    states = []
    for frame in page.frames:
        try:
            state = frame.evaluate("() => window.__benchWatch || null")
        except PlaywrightError:
            continue  # a frame that is navigating or gone
        if state is not None:
            states.append((frame, state))
    return states


def _wait_still(
    page: Page,
    *,
    since: float,
    other_than: int | None,
    timeout: float,
    drawn_is_enough: bool = False,
) -> dict[str, Any]:
    """Wait until a frame's graph has been still for ``STILL_MS``, settled after ``since``
    (epoch ms) and, if ``other_than`` is given, with a node count other than it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for _, state in _watch_states(page):
            drawn_at = state.get("drawnAt")
            if (
                drawn_is_enough
                and drawn_at is not None
                and drawn_at >= since
                and state.get("nodes") not in (None, other_than)
            ):
                return {**state, "stillSince": drawn_at, "settledAt": drawn_at}
            still_since = state.get("stillSince")
            if (
                still_since is not None
                and still_since >= since
                and state["lastSample"] - state["watchedSince"] >= STILL_MS
                and (other_than is None or state["nodes"] != other_than)
            ):
                return state
        page.wait_for_timeout(_POLL_S * 1000)
    raise TimeoutError(f"the graph was not drawn and still within {timeout:g} s")


def _longest_block(page: Page, start: float, end: float) -> float:
    """The longest main-thread block (>= 50 ms) that began between ``start`` and ``end``."""
    blocks = page.evaluate("window.__benchWatch.blocks")
    return max((length for began, length in blocks if start <= began <= end), default=0.0)


def _choose_filter(page: Page, label: str, option: str) -> float:
    """Pick ``option`` in the multiselect labelled ``label`` as a keyboard user does (type
    it, press Enter); return the time of the key press (epoch ms)."""
    widget = page.locator('[data-testid="stMultiSelect"]').filter(
        has=page.get_by_text(label, exact=True)
    )
    field = widget.locator("input")
    field.click()
    field.fill(option)
    page.get_by_role("option", name=option, exact=True).wait_for()
    chosen = time.time() * 1000
    field.press("Enter")
    field.press("Escape")
    return chosen


def _wait_script_finished(traffic: _Traffic, page: Page, since: float, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(when >= since and kind == "script_finished" for when, _, kind in traffic.frames):
            return
        page.wait_for_timeout(_POLL_S * 1000)
    raise TimeoutError(f"the app did not finish its script run within {timeout:g} s")


def _filter_step(
    page: Page,
    app: AppUnderTest,
    node_type: str | None,
    traffic: _Traffic,
    loaded: dict[str, Any],
    timeout: float,
) -> tuple[str, float, dict[str, Any]]:
    """Filter to ``node_type`` and wait for the graph: ``(option, clicked, still state)``.

    With no ``node_type`` nothing is changed: the page load's state comes back at once.
    """
    if node_type is None:
        now = time.time() * 1000
        return "", now, {**loaded, "stillSince": now}
    option = app.option_text(node_type)
    clicked = _choose_filter(page, app.filter_label, option)
    _wait_script_finished(traffic, page, clicked, timeout)
    filtered = _wait_still(
        page,
        since=clicked,
        other_than=loaded["nodes"],
        timeout=timeout,
        drawn_is_enough=app.drawn_is_enough,
    )
    page.wait_for_timeout(STILL_MS)
    return option, clicked, filtered


def visit(
    browser: Browser,
    app: AppUnderTest,
    *,
    node_type: str | None,
    decode: Callable[[bytes], str],
    timeout: float = 60.0,
    failure_screenshot: Path | None = None,
) -> Visit:
    """Visit ``app`` as a first-time reader, then filter it to ``node_type`` (if not None).

    ``decode`` names a Streamlit message from its bytes (``bench.messages``). If the
    visit fails and ``failure_screenshot`` is given, the page is saved there first.

    Raises
    ------
    TimeoutError
        If the graph is not drawn and still, or a rerun does not finish, in ``timeout`` s.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        traffic = _Traffic(decode)
        page = _watched_page(context, traffic, WATCHER)

        step = f"{app.name}: page load"
        try:
            started = time.time() * 1000
            page.goto(app.url, wait_until="commit", timeout=timeout * 1000)
            loaded = _wait_still(
                page,
                since=started,
                other_than=None,
                timeout=timeout,
                drawn_is_enough=app.drawn_is_enough,
            )
            _wait_script_finished(traffic, page, started, timeout)
            page.wait_for_timeout(STILL_MS)
            load_requests, load_frames = list(traffic.requests), list(traffic.frames)
            load_end = time.time() * 1000
            first_message = page.evaluate("window.__benchWatch.firstMessage")

            step = f"{app.name}: filter to {node_type!r}"
            option, clicked, filtered = _filter_step(page, app, node_type, traffic, loaded, timeout)
        except (TimeoutError, PlaywrightError) as err:
            if failure_screenshot is not None:
                page.screenshot(path=str(failure_screenshot), full_page=True)
            raise TimeoutError(f"{step}: {err}") from err
        finished = time.time() * 1000
        exception_boxes = page.locator('[data-testid="stException"]').count()
        filter_requests = traffic.requests[len(load_requests) :]
        filter_frames = traffic.frames[len(load_frames) :]

        messages = tuple(sorted(((size, kind) for _, size, kind in filter_frames), reverse=True))
        return Visit(
            app=app.name,
            load_still_ms=loaded["stillSince"] - started,
            load_settled_ms=loaded["settledAt"] - started,
            load_noticed_ms=(loaded.get("noticedAt") or loaded["settledAt"]) - started,
            first_message_ms=first_message - started,
            load_nodes=loaded["nodes"],
            painted_share=loaded["painted"] or 0.0,
            filter_option=option,
            filter_still_ms=filtered["stillSince"] - clicked,
            filter_nodes=filtered["nodes"],
            load_http_bytes=traffic.http_bytes(load_requests),
            load_ws_bytes=sum(size for _, size, _ in load_frames),
            filter_http_bytes=traffic.http_bytes(filter_requests),
            filter_ws_bytes=sum(size for _, size, _ in filter_frames),
            filter_largest_message=messages[0] if messages else (0, "none"),
            filter_messages=messages,
            longest_block_load_ms=_longest_block(page, started, load_end),
            longest_block_filter_ms=_longest_block(page, load_end, finished),
            blocked_requests=tuple(traffic.blocked),
            exception_boxes=exception_boxes,
            started_ms=started,
            clicked_ms=clicked,
            finished_ms=finished,
        )
    finally:
        context.close()


@dataclass(frozen=True, slots=True)
class FloorVisit:
    """What one visit of the empty Streamlit page measured. Times in ms, sizes in bytes."""

    app: str
    first_element_ms: float
    first_message_ms: float
    http_bytes: int
    ws_bytes: int


def floor_visit(
    browser: Browser,
    url: str,
    *,
    decode: Callable[[bytes], str],
    timeout: float = 60.0,
    name: str = "floor",
) -> FloorVisit:
    """Visit an empty Streamlit page (a title and nothing else) as a first-time reader.

    The time is from ``page.goto`` to the moment its title enters the document (page
    clock, as for ``visit``): what any Streamlit app costs before it draws anything.

    Raises
    ------
    TimeoutError
        If the title does not show, or the script run does not finish, in ``timeout`` s.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        traffic = _Traffic(decode)
        page = _watched_page(context, traffic, WATCHER, FLOOR_WATCHER)
        try:
            started = time.time() * 1000
            page.goto(url, wait_until="commit", timeout=timeout * 1000)
            page.wait_for_function(
                "() => window.__floorWatch && window.__floorWatch.firstElement !== null",
                timeout=timeout * 1000,
            )
            _wait_script_finished(traffic, page, started, timeout)
            page.wait_for_timeout(STILL_MS)
        except PlaywrightError as err:
            raise TimeoutError(f"{name}: page load: {err}") from err
        first_element, first_message = page.evaluate(
            "[window.__floorWatch.firstElement, window.__benchWatch.firstMessage]"
        )
        return FloorVisit(
            app=name,
            first_element_ms=first_element - started,
            first_message_ms=first_message - started,
            http_bytes=traffic.http_bytes(list(traffic.requests)),
            ws_bytes=sum(size for _, size, _ in traffic.frames),
        )
    finally:
        context.close()
