"""Hostile text in the data shows literally in the app and never runs.

A knowledge base whose labels, synonyms, descriptions, source title and quotes carry
script payloads is served by a real `streamlit run`; chromium must show the text as text,
fire no dialog (the `page` fixture fails on any), and hold no element the payloads try
to create.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from ui.text import WORD_JOINER

from .conftest import AppServer, serve_app

LABEL = '</script><script>alert("label")</script>'
DESCRIPTION = "<img src=x onerror=alert('description')>"
SYNONYMS = ["javascript:alert('synonym')", "\"'><svg onload=alert('quote-break')>"]
FOOD = "Nuts [click](javascript:alert('md')) :smile: **bold** $x^2$"
QUOTE = "<img src=y onerror=alert('quote')> causes it"
TITLE = "<iframe src=javascript:alert('title')></iframe>"


def _as_shown(text: str, *, exact: bool) -> re.Pattern[str]:
    """``text`` as the page shows it: ui.text may put invisible word joiners in it."""
    pattern = "".join(re.escape(char) + f"{WORD_JOINER}?" for char in text)
    return re.compile(f"^{pattern}$" if exact else pattern)


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    import json

    return json.dumps(text)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    data = tmp_path_factory.mktemp("hostile")
    (data / "sources").mkdir()
    (data / "sources" / "s.txt").write_text(
        f"Intro. {QUOTE}. Nuts are rich in it.\n", encoding="utf-8"
    )
    synonyms = ", ".join(_yaml(s) for s in SYNONYMS)
    (data / "kb.yaml").write_text(
        f"""
sources:
  - id: s
    title: {_yaml(TITLE)}
    file: sources/s.txt
    kind: test
    language: en
nodes:
  - id: cramp
    label: {_yaml(LABEL)}
    type: condition
    description: {_yaml(DESCRIPTION)}
    description_from: [s]
    synonyms: [{synonyms}]
    synonym_origins:
      facts: [{synonyms}]
  - id: nuts
    label: {_yaml(FOOD)}
    type: food
    plural: true
    description: Plain.
    description_from: [s]
  - id: mineral
    label: Mineral
    type: nutrient
    description: Plain.
    description_from: [s]
  - id: lack
    label: Lack
    type: cause
    description: Plain.
    description_from: [s]
edges:
  - subject: lack
    relation: causes
    object: cramp
    provenance:
      - source: s
        quote: {_yaml(QUOTE)}
        strength: states
  - subject: nuts
    relation: rich_in
    object: mineral
    provenance:
      - source: s
        quote: Nuts are rich in it.
        strength: states
  - subject: lack
    relation: deficiency_of
    object: mineral
    provenance:
      - source: s
        quote: Intro.
        strength: inferred
""",
        encoding="utf-8",
    )
    with serve_app(data / "streamlit.log", data_dir=data) as server:
        yield server


def _injected_elements(page: Page) -> int:
    """Elements the payloads would create, searched through shadow roots too."""
    return page.evaluate(
        """(() => {
          const found = [];
          const walk = (root) => {
            const bad = 'img[src="x"], img[src="y"], svg[onload], iframe[src^="javascript"]';
            root.querySelectorAll(bad).forEach((el) => found.push(el));
            root.querySelectorAll('*').forEach((el) => el.shadowRoot && walk(el.shadowRoot));
          };
          walk(document);
          return found.length;
        })()"""
    )


def _opened(page: Page, url: str) -> Locator:
    """Open ``url``, wait until the graph is drawn, and return the page's main area."""
    page.goto(url)
    expect(page.locator('[data-testid="atlas-canvas"]')).to_have_attribute(
        "data-ready", "true", timeout=30_000
    )
    return page.get_by_test_id("stMain")


def test_hostile_node_text_shows_literally_and_runs_nothing(
    page: Page, hostile_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    main = _opened(page, f"{hostile_server.url}/?sel=cramp")
    expect(main.get_by_text(_as_shown(LABEL, exact=True)).first).to_be_visible()
    expect(main.get_by_text(_as_shown(DESCRIPTION, exact=True))).to_be_visible()
    expect(main.get_by_text(_as_shown(SYNONYMS[0], exact=False))).to_be_visible()
    assert page.locator("a[href^='javascript']").count() == 0
    assert _injected_elements(page) == 0
    screenshot("xss-01-node")


def test_hostile_quote_and_source_title_show_literally(
    page: Page, hostile_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    main = _opened(page, f"{hostile_server.url}/?sel=lack%7Ccauses%7Ccramp")
    expect(main.get_by_text(_as_shown(QUOTE, exact=False)).first).to_be_visible()
    expect(main.get_by_text(_as_shown(TITLE, exact=False)).first).to_be_visible()
    assert _injected_elements(page) == 0
    screenshot("xss-02-edge")


def test_markdown_in_a_label_is_not_interpreted(page: Page, hostile_server: AppServer) -> None:
    main = _opened(page, f"{hostile_server.url}/?sel=nuts")
    expect(main.get_by_text(_as_shown(FOOD, exact=True)).first).to_be_visible()
    assert main.locator("a[href^='javascript']").count() == 0
    assert _injected_elements(page) == 0
