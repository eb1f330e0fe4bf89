"""Browser fixtures: Debian's chromium, driven by playwright, against a real `streamlit run`.

The browser is never downloaded: the tests use the system chromium, and a missing one
fails the run (CI must exercise these tests, not skip them). Every page records each
request it makes; anything outside its allow-list (``allow_list``: by default localhost
and local files) is aborted and fails the test. ``guarded_page`` is the suite's only
request guard: a test that needs a stricter list overrides the ``allow_list`` fixture.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.harness import CHROMIUM_ARGS, LOCAL, ROOT, AllowList, streamlit_server

ARTIFACTS = ROOT / "test-artifacts"


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


def wait_for_redraw(page: Page, network: str = "window.atlasCanvas.network") -> None:
    """Return once the vis-network at ``network`` (a JS expression) has drawn what it holds
    now, so that label sizes and screen spots read afterwards belong to the last update."""
    page.evaluate_handle(network).evaluate(
        """(network) => new Promise((resolve) => {
            network.once("afterDrawing", () => resolve(true));
            network.redraw();
        })"""
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
