"""Browser fixtures: Debian's chromium, driven by playwright, against a real `streamlit run`.

The browser is never downloaded: the tests use the system chromium, and a missing one
fails the run (CI must exercise these tests, not skip them). Every page records each
request it makes; anything outside its allow-list (``allow_list``: by default localhost
and local files) is aborted and fails the test. ``guarded_page`` is the suite's only
request guard: a test that needs a stricter list overrides the ``allow_list`` fixture.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import pytest
from playwright.sync_api import Browser, Locator, Page, WebSocket, expect, sync_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.harness import CHROMIUM_ARGS, LOCAL, ROOT, AllowList, streamlit_server

ARTIFACTS = ROOT / "test-artifacts"
IDLE_TIMEOUT_MS = 30_000
_ENDED = frozenset(
    {
        ForwardMsg.FINISHED_SUCCESSFULLY,
        ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
        ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    }
)
"""How a script run ends when no newer run replaces it (not ``FINISHED_EARLY_FOR_RERUN``)."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail(
            "Debian's chromium is missing: the browser tests cannot run. "
            "`python3 tasks.py test` installs it (apt-get install chromium)."
        )
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless chromium for the whole session."""
    executable = _chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
        yield browser
        browser.close()


@dataclass
class Traffic:
    """What a page asked the network for, and what went wrong in it."""

    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_contained(self) -> None:
        """Nothing left the allow-list and no dialog opened (so no injected script ran)."""
        assert self.blocked == [], f"the page tried to reach the network: {self.blocked}"
        assert self.dialogs == [], f"a dialog opened (script ran?): {self.dialogs}"

    def assert_clean(self, *documents: str) -> None:
        """Contained, with no console or page error; given ``documents``, no other request."""
        self.assert_contained()
        assert self.console_errors == [], self.console_errors
        assert self.page_errors == [], self.page_errors
        if documents:
            assert [url for url in self.requests if url not in documents] == [], self.requests


def _as_bytes(payload: str | bytes) -> bytes:
    return payload.encode("utf-8") if isinstance(payload, str) else payload


@dataclass
class ScriptRuns:
    """A page's Streamlit script runs as its WebSocket carries them, in the order the frames
    crossed: ``"asked"`` (a rerun request sent), ``"started"``, ``"ended"``."""

    events: list[str] = field(default_factory=list)
    socket: WebSocket | None = None

    def watch(self, socket: WebSocket) -> None:
        """Follow ``socket``, the page's newest WebSocket."""
        self.socket = socket
        socket.on("framesent", self._sent)
        socket.on("framereceived", self._received)

    def _sent(self, payload: str | bytes) -> None:
        if BackMsg.FromString(_as_bytes(payload)).WhichOneof("type") == "rerun_script":
            self.events.append("asked")

    def _received(self, payload: str | bytes) -> None:
        message = ForwardMsg.FromString(_as_bytes(payload))
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.events.append("started")
        elif kind == "script_finished" and message.script_finished in _ENDED:
            self.events.append("ended")

    def is_idle(self) -> bool:
        """Whether a run that started after the last request has ended."""
        asked = max((i for i, event in enumerate(self.events) if event == "asked"), default=-1)
        since = self.events[asked + 1 :]
        return "started" in since and "ended" in since[since.index("started") :]


_RUNS: WeakKeyDictionary[Page, ScriptRuns] = WeakKeyDictionary()


def wait_idle(page: Page, *, timeout_ms: float = IDLE_TIMEOUT_MS) -> None:
    """Wait until the app on ``page`` (a guarded page) has run its script for every change
    so far: a run started after the last rerun request, and ended."""
    runs = _RUNS[page]
    # One frame, so that a rerun request sent by the last action has left the page.
    page.evaluate("() => new Promise((resolve) => requestAnimationFrame(() => resolve()))")
    deadline = time.monotonic() + timeout_ms / 1000
    while not runs.is_idle():
        left_ms = (deadline - time.monotonic()) * 1000
        if left_ms <= 0:
            raise TimeoutError(f"no script run ended within {timeout_ms:g} ms: {runs.events}")
        if runs.socket is None:
            page.wait_for_event("websocket", timeout=left_ms)
        else:
            runs.socket.wait_for_event("framereceived", timeout=left_ms)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=timeout_ms)


def pick_option(page: Page, select: Locator, option: str) -> None:
    """Pick ``option`` in the selectbox ``select`` as a person would with the keyboard:
    type to narrow the list, arrow to the option, Enter; then wait for the rerun.

    The keys pick it wherever the list opened: a click needs the list inside the window,
    and a busy machine has opened it below the window's edge. A rerun that lands while
    the list is open (a component reporting in after it was drawn) closes it: then the
    list is opened again, after that run.
    """
    wanted = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        select.click()
        page.keyboard.type(option)
        try:
            expect(wanted).to_be_attached(timeout=5_000)
        except AssertionError:
            page.keyboard.press("Escape")
            wait_idle(page)
            continue
        for _ in range(page.get_by_role("option").count()):
            if wanted.get_attribute("data-focused") == "true":
                break
            page.keyboard.press("ArrowDown")
        expect(wanted).to_have_attribute("data-focused", "true")
        page.keyboard.press("Enter")
        wait_idle(page)
        return
    raise AssertionError(f"the option {option!r} never showed")


@pytest.fixture
def traffic() -> Traffic:
    """What the ``page`` (and any other guarded page of the test) requested and ran into."""
    return Traffic()


@pytest.fixture
def allow_list() -> AllowList:
    """The requests the ``page`` may make; a test module overrides it to be stricter."""
    return LOCAL


@pytest.fixture
def context_options() -> dict:
    """The browser context behind ``page``; a test module overrides it to be a phone."""
    return {"viewport": {"width": 1400, "height": 1000}}


@contextmanager
def guarded_page(
    browser: Browser, traffic: Traffic, *, allow: AllowList = LOCAL, **options: Any
) -> Iterator[Page]:
    """A page in a context of its own (``options``) that records every request in
    ``traffic`` and aborts each one ``allow`` does not allow."""
    context = browser.new_context(**options)

    def guard(route, request) -> None:
        traffic.requests.append(request.url)
        if allow.allows(request.url):
            route.continue_()
        else:
            traffic.blocked.append(request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    _RUNS[page] = runs = ScriptRuns()
    page.on("websocket", runs.watch)
    page.on("console", lambda msg: msg.type == "error" and traffic.console_errors.append(msg.text))
    page.on("pageerror", lambda err: traffic.page_errors.append(str(err)))

    def on_dialog(dialog) -> None:
        traffic.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(
    browser: Browser, traffic: Traffic, context_options: dict, allow_list: AllowList
) -> Iterator[Page]:
    """A fresh page whose every request outside ``allow_list`` is aborted and recorded."""
    with guarded_page(browser, traffic, allow=allow_list, **context_options) as page:
        yield page
    traffic.assert_contained()


@pytest.fixture
def screenshot(page: Page) -> Callable[[str], Path]:
    """Save a full-page screenshot under test-artifacts/ and return its path."""

    def take(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def wait_for_redraw(page: Page, key: str | None = None) -> None:
    """Return once the canvas (``window.atlasCanvas``, or the app's canvas ``key``) has drawn
    what it holds after the next animation frame, by which the page has applied the updates
    it received: label sizes and screen spots read afterwards belong to the last update."""
    page.evaluate(
        """(key) => new Promise((resolve) => requestAnimationFrame(() => {
            const canvas = key === null ? window.atlasCanvas : window.atlasCanvases[key];
            canvas.network.once("afterDrawing", () => resolve(true));
            canvas.network.redraw();
        }))""",
        key,
    )


@dataclass(frozen=True)
class AppServer:
    """A running `streamlit run` on 127.0.0.1."""

    url: str


@contextmanager
def serve_app(
    log: Path, *, script: Path = ROOT / "app.py", data_dir: Path | None = None
) -> Iterator[AppServer]:
    """Serve ``script`` (the explorer by default) on a free port until the block ends.

    The app reads ``data_dir``, or the seed knowledge base whatever the shell says.
    """
    env = {"CRAMP_ATLAS_DATA": None if data_dir is None else str(data_dir)}
    with streamlit_server(("streamlit", "run", str(script)), log=log, env=env) as (url, _):
        yield AppServer(url)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The explorer on the shipped knowledge base, shared by the e2e tests."""
    with serve_app(tmp_path_factory.mktemp("app") / "streamlit.log") as server:
        yield server
