"""Hostile text in a link shows literally in the explorer and makes nothing.

Every query parameter the explorer reads gets every one of the hostile values below (one
page load per value, each parameter a different value), then 50 kB values and repeated
keys. After each load chromium must show the one "Ignored ..." warning as the plain text the
app meant, hold no link, image, emphasis, icon or other element made from the values,
show no exception box, and ask nothing of the network (the ``page`` fixture fails the
test on any request beyond localhost and on any dialog).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import Browser, Page, expect

from graph.load import DEFAULT_DATA_DIR
from graph.questions import load_questions
from graph.tours import load_tours
from tests import seed
from ui.state import PARAMS, ignored_notice, parse_query_params
from ui.text import WORD_JOINER, shown_text

from .conftest import AppServer, Traffic, guarded_page, wait_idle

SEED = seed.graph()
QUESTIONS = [q.id for q in load_questions(DEFAULT_DATA_DIR / "questions", SEED)]
TOURS = [t.id for t in load_tours(DEFAULT_DATA_DIR / "tours", SEED)] + ["from-path", "from-focus"]
NAMES = sorted(PARAMS.values())
TIMEOUT = 30_000

HOSTILE = [
    "[click me](https://example.com/phish) **BOLD**",
    "![t](http://evil.example/q.png)",
    "![a](data:image/png;base64,iVBORw0KGgo=)",
    "**bold** and __also__",
    "__proto__",
    "constructor",
    "<b>raw</b> <i>html</i>",
    "<img src=x onerror=alert('img')>",
    "<script>alert('script')</script>",
    "<svg onload=alert('svg')>",
    "<iframe src=javascript:alert('frame')></iframe>",
    "\"'><a href=//evil.example>x</a>",
    "javascript:alert('js')",
    "[x](javascript:alert('md'))",
    "<http://evil.example/auto>",
    "see https://evil.example/bare now",
    "www.evil.example",
    "write to me@evil.example",
    "[ref]: http://evil.example/ref",
    ":material/warning: :smile: :+1:",
    ":red[red text] :blue-background[blue]",
    "$x^2$ and $$y$$",
    "# Heading",
    "- a list item",
    "> a quote",
    "`code` and ```fence```",
    "~~strike~~",
    "a\u202edlrow olleh",
    "\u2067isolated\u2069 \u200fmark",
    "&lt;b&gt; &amp; &#42;",
    "line\nbreak\ttab",
    "nul\x00byte",
    "|a|b|\n|-|-|",
    "\\*escaped\\*",
    "99",
    "-1",
]


def _expected_warnings(params: Mapping[str, str | list[str]]) -> list[str]:
    """What the warning must read (none when nothing was ignored): the app's own
    notice, shown as plain text."""
    _, ignored = parse_query_params(params, SEED, questions=QUESTIONS, tours=TOURS)
    return [shown_text(ignored_notice(ignored))] if ignored else []


_MADE_ELEMENTS = """(() => {
  const found = [];
  const made = 'a, img, strong, em, del, code, h1, h2, h3, h4, h5, h6, ul, ol, blockquote,'
    + ' table, script, iframe, svg, .katex, [data-testid="stIconMaterial"]';
  const evil = (url) => /evil|example\\.com|javascript:|mailto:/i.test(url || '');
  const walk = (root) => {
    root.querySelectorAll('[data-testid="stAlert"]').forEach((alert) =>
      alert.querySelectorAll(made).forEach((el) => found.push('alert: ' + el.outerHTML)));
    root.querySelectorAll('a').forEach((el) => evil(el.getAttribute('href'))
      && found.push('link: ' + el.outerHTML));
    root.querySelectorAll('img, iframe, script, embed, object').forEach((el) =>
      evil(el.getAttribute('src') || el.getAttribute('data')) && found.push(el.outerHTML));
    root.querySelectorAll('[onerror], [onload]').forEach((el) => found.push(el.outerHTML));
    root.querySelectorAll('*').forEach((el) => el.shadowRoot && walk(el.shadowRoot));
  };
  walk(document);
  return found.map((text) => text.slice(0, 200));
})()"""


def _seen(text: str) -> str:
    """Text as a reader reads it: without the invisible word joiners, spaces collapsed."""
    return " ".join(text.replace(WORD_JOINER, "").split())


def _open_and_check(
    page: Page, url: str, params: Mapping[str, str | list[str]], *, ready: str = "Showing"
) -> None:
    """Open the explorer with ``params`` and check what it shows of them.

    ``ready`` is a text the view shows once its page is drawn.
    """
    query = urlencode(params, doseq=True)
    page.goto(f"{url}/?{query}")
    expected = _expected_warnings(params)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(ready, exact=False).first).to_be_visible(timeout=TIMEOUT)
    # The script has run to its end: an exception anywhere in it would be on the page.
    wait_idle(page)
    alerts = page.get_by_test_id("stAlert")
    expect(alerts.filter(has_text="Ignored")).to_have_count(len(expected), timeout=TIMEOUT)
    shown = [_seen(text) for text in alerts.all_inner_texts()]
    for warning in expected:
        assert _seen(warning) in shown, (warning, shown)
    assert page.get_by_test_id("stException").count() == 0, query[:300]
    assert page.evaluate(_MADE_ELEMENTS) == [], query[:300]
    search = params.get("q")
    if isinstance(search, list):  # different values name no search
        search = search[0] if len(set(search)) == 1 else ""
    if search is not None:
        box = page.get_by_test_id("stSidebar").get_by_label("Search", exact=True)
        # A text field holds the value as typed (it drops line breaks, as every field does).
        typed = search[:200].replace("\r", "").replace("\n", "")
        expect(box).to_have_value(typed, timeout=TIMEOUT)


def test_every_parameter_shows_every_hostile_value_literally(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    for round_ in range(len(HOSTILE)):
        params = {
            name: HOSTILE[(round_ + index) % len(HOSTILE)] for index, name in enumerate(NAMES)
        }
        _open_and_check(page, app_server.url, params)
        if round_ == 0:
            screenshot("link-text-01-hostile-values")


def _fresh_page(browser: Browser, traffic: Traffic) -> AbstractContextManager[Page]:
    """A page in a context of its own, guarded as the ``page`` fixture guards its page."""
    return guarded_page(browser, traffic, viewport={"width": 1400, "height": 1000})


def test_fifty_kilobyte_values_are_cut_and_shown_literally(
    browser: Browser, traffic: Traffic, app_server: AppServer
) -> None:
    huge = ("[a](https://evil.example) **b** <img src=x> " * 1200)[:50_000]
    for name in NAMES:
        # A new context (so new connections) for each: on a kept-alive connection the
        # server refuses a second request of this size ("Invalid HTTP request").
        with _fresh_page(browser, traffic) as page:
            _open_and_check(page, app_server.url, {name: huge})
    traffic.assert_contained()


def test_repeated_keys_with_different_values_are_named_literally(
    page: Page, app_server: AppServer
) -> None:
    params = {name: [HOSTILE[index], HOSTILE[-1 - index]] for index, name in enumerate(NAMES)}
    _open_and_check(page, app_server.url, params)


def test_hostile_values_show_literally_in_the_present_and_compare_views(
    page: Page, app_server: AppServer
) -> None:
    for mode, ready in (("present", "Choose a tour"), ("compare", "Pick two")):
        for round_ in (0, len(HOSTILE) // 2):
            params = {
                name: HOSTILE[(round_ + index) % len(HOSTILE)] for index, name in enumerate(NAMES)
            }
            params["mode"] = mode
            del params["q"]  # the search box is Explore's alone
            _open_and_check(page, app_server.url, params, ready=ready)
