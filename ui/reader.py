"""The source reader: the article itself, each span that grounds a claim highlighted.

``source_reader`` draws a ``graph.source.reader_payload`` with ``st.components.v2`` (no
iframe, nothing fetched) and returns the claim the reader clicked. Every piece of text
reaches the page as a DOM text node (``textContent``) or an attribute value, never as
markup, so a source can hold ``<script>`` and still only show it.

What it shows, top to bottom: the coverage line ("27 of 36 sentences ground at least
one claim") with the sentences that ground none behind a disclosure, a legend of the
verdicts used, and the article in its own scroll box (headings as headings, lines as
paragraphs, about 70 characters a line). A highlight is tinted with its verdict's colour
and, so that colour is never the only cue, underlined with the verdict's dash pattern
(the reader's own cue; on the graph canvas a verdict is a middle marker) and followed by
the verdict's glyph (``schema.VERDICTS.icon``, e.g. a check mark for supported) at the
end of each run of one verdict.

Clicks: a highlight lists the claims it grounds, most cautionary verdict first (the one
its style shows; see ``graph.source``). A click reports the first of them, or, when the
selected claim is among them, the next one (wrapping around): clicking the same words
again steps through every claim they ground. Enter and Space on a focused highlight act
like a click.

Selection: ``selected_edge`` outlines every highlight of that claim and, when it changes
(or on the first draw), scrolls the reader's own box (never the page) so that its first
highlight is in view, unless it is already. A reader hidden in a tab scrolls as soon as
it is shown.

Browser tests find ``[data-testid="source-reader"]`` (inside the component's shadow
root; Playwright's CSS selectors pierce it). It carries ``data-key``,
``data-highlight-count``, ``data-selected-edge`` (``""`` when none) and, once drawn,
``data-ready="true"``; each highlight is a ``mark`` with ``data-edges="id1 id2"`` (space
separated, in the order clicks step through) and ``data-verdict``; the scroll box is
``[data-testid="source-reader-scroll"]``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from .component import SELECT_EVENT, mount_clickable

__all__ = ["source_reader"]

_JS = """
const mounts = new WeakMap();
const COLOUR = /^#[0-9a-fA-F]{6}$/;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = String(text);
  return node;
}

// The verdict's dash pattern (schema.VERDICTS, as on the canvas) as an underline.
function underline(colour, dashes) {
  const lengths = (Array.isArray(dashes) ? dashes : []).map(Number).filter(
    (n) => Number.isFinite(n) && n > 0
  );
  if (lengths.length === 0) return `linear-gradient(${colour}, ${colour})`;
  const stops = [];
  let at = 0;
  lengths.forEach((length, index) => {
    const paint = index % 2 === 0 ? colour : "transparent";
    stops.push(`${paint} ${at}px`, `${paint} ${at + length}px`);
    at += length;
  });
  return `repeating-linear-gradient(to right, ${stops.join(", ")})`;
}

function styleVerdict(node, verdict) {
  if (!verdict) return;
  const colour = COLOUR.test(String(verdict.colour)) ? verdict.colour : "#7F7F7F";
  node.style.setProperty("--verdict-tint", colour + "2E");
  node.style.setProperty("--verdict-line", underline(colour, verdict.dashes));
  node.setAttribute("data-verdict", String(verdict.name));
}

function describe(edges, data, verdicts) {
  const lines = edges.map((id) => {
    const claim = data.claims[id] || {};
    const verdict = verdicts.get(claim.verdict) || {};
    return `${verdict.icon || ""} ${verdict.label || claim.verdict}: ${claim.text || id}`;
  });
  const more = edges.length > 1 ? "Click to select the first; click again for the next." :
    "Click to select this claim.";
  return [...lines, more].join("\\n");
}

function buildHead(mount, data, verdicts) {
  const head = mount.head;
  head.replaceChildren();
  const coverage = data.coverage || {};
  const line = element("p", "reader-coverage", coverage.line || "");
  line.setAttribute("data-testid", "source-reader-coverage");
  head.appendChild(line);
  const left = Array.isArray(coverage.ungrounded) ? coverage.ungrounded : [];
  if (left.length > 0) {
    const details = element("details", "reader-left-out");
    const summary = left.length === 1 ? "The one sentence that grounds no claim" :
      `The ${left.length} sentences that ground no claim`;
    details.appendChild(element("summary", "", summary));
    const list = element("ol");
    left.forEach((sentence) => list.appendChild(element("li", "", sentence)));
    details.appendChild(list);
    head.appendChild(details);
  }
  const legend = element("ul", "reader-legend");
  legend.setAttribute("aria-label", "What the evidence says of each highlighted claim");
  verdicts.forEach((verdict) => {
    const item = element("li", "reader-legend-item");
    const sample = element("span", "reader-mark reader-sample", verdict.label);
    styleVerdict(sample, verdict);
    sample.setAttribute("data-icon", verdict.icon);
    item.title = verdict.description;
    item.appendChild(sample);
    legend.appendChild(item);
  });
  head.appendChild(legend);
  head.appendChild(element(
    "p", "reader-hint", "Click a highlight to select its claim in the graph."
  ));
}

function buildArticle(mount, data, verdicts) {
  const article = mount.article;
  article.replaceChildren();
  let count = 0;
  let headings = 0;
  (data.passages || []).forEach((passage) => {
    const heading = passage.kind === "heading";
    const block = element(heading ? (headings++ === 0 ? "h2" : "h3") : "p");
    const segments = passage.segments || [];
    segments.forEach((segment, index) => {
      const edges = Array.isArray(segment.edges) ? segment.edges.map(String) : [];
      if (edges.length === 0) {
        block.appendChild(document.createTextNode(String(segment.text)));
        return;
      }
      const mark = element("mark", "reader-mark", segment.text);
      const verdict = verdicts.get(segment.verdict);
      styleVerdict(mark, verdict);
      const next = segments[index + 1];
      const joined = next && next.verdict === segment.verdict && (next.edges || []).length > 0;
      if (verdict && !joined) {
        mark.setAttribute("data-icon", verdict.icon);
      }
      mark.setAttribute("data-edges", edges.join(" "));
      mark.setAttribute("role", "button");
      mark.setAttribute("tabindex", "0");
      mark.title = describe(edges, data, verdicts);
      block.appendChild(mark);
      count += 1;
    });
    article.appendChild(block);
  });
  mount.marks = Array.from(article.querySelectorAll("mark[data-edges]"));
  mount.root.setAttribute("data-highlight-count", String(count));
}

function marksOf(mount, edgeId) {
  if (!edgeId) return [];
  return mount.marks.filter((mark) => mark.getAttribute("data-edges").split(" ").includes(edgeId));
}

function markSelected(mount, edgeId) {
  mount.marks.forEach((mark) => mark.classList.remove("is-selected"));
  marksOf(mount, edgeId).forEach((mark) => mark.classList.add("is-selected"));
  mount.root.setAttribute("data-selected-edge", edgeId || "");
}

// Scroll the reader's own box, never the page, so the claim's first highlight shows.
function reveal(mount) {
  const edgeId = mount.pendingScroll;
  if (!edgeId) return;
  const box = mount.scroll;
  if (box.clientHeight === 0) return;  // hidden (an inactive tab): the observer retries
  mount.pendingScroll = null;
  const first = marksOf(mount, edgeId)[0];
  if (!first) return;
  const frame = box.getBoundingClientRect();
  const spot = first.getBoundingClientRect();
  if (spot.top >= frame.top && spot.bottom <= frame.bottom) return;
  box.scrollTop += spot.top - frame.top - box.clientHeight / 3;
}

function choose(mount, mark) {
  const edges = mark.getAttribute("data-edges").split(" ");
  const current = mount.selected || mount.lastClicked;
  const at = edges.indexOf(current);
  const chosen = at < 0 ? edges[0] : edges[(at + 1) % edges.length];
  mount.lastClicked = chosen;
  markSelected(mount, chosen);
  mount.latest.setTriggerValue("__EVENT__", chosen);
}

function create(parentElement) {
  const root = element("div", "reader");
  root.setAttribute("data-testid", "source-reader");
  const head = element("div", "reader-head");
  const scroll = element("div", "reader-scroll");
  scroll.setAttribute("data-testid", "source-reader-scroll");
  scroll.setAttribute("tabindex", "0");
  const article = element("article", "reader-article");
  scroll.appendChild(article);
  root.append(head, scroll);
  parentElement.appendChild(root);
  const mount = {
    root, head, scroll, article, marks: [], signature: null, latest: null,
    selected: null, lastClicked: null, pendingScroll: null, first: true,
  };
  article.addEventListener("click", (event) => {
    const mark = event.target.closest && event.target.closest("mark[data-edges]");
    if (mark) choose(mount, mark);
  });
  article.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    const mark = event.target.closest && event.target.closest("mark[data-edges]");
    if (!mark) return;
    event.preventDefault();
    choose(mount, mark);
  });
  if (typeof ResizeObserver === "function") {
    new ResizeObserver(() => reveal(mount)).observe(scroll);
  }
  return mount;
}

export default function (component) {
  const { parentElement, data } = component;
  if (!data || !data.payload) return undefined;
  let mount = mounts.get(parentElement);
  if (mount === undefined) {
    mount = create(parentElement);
    mounts.set(parentElement, mount);
  }
  mount.latest = component;
  const payload = data.payload;
  mount.root.setAttribute("data-key", String(data.key));
  mount.scroll.style.height = String(Number(data.height) || 520) + "px";
  const signature = JSON.stringify(payload);
  if (signature !== mount.signature) {
    mount.signature = signature;
    const verdicts = new Map((payload.verdicts || []).map((v) => [String(v.name), v]));
    const source = payload.source || {};
    mount.article.setAttribute("aria-label", String(source.title || "Source"));
    buildHead(mount, payload, verdicts);
    buildArticle(mount, payload, verdicts);
  }
  const selected = typeof data.selected === "string" && data.selected ? data.selected : null;
  if (selected !== mount.selected || mount.first) {
    mount.pendingScroll = selected;
  }
  mount.first = false;
  mount.selected = selected;
  markSelected(mount, selected);
  reveal(mount);
  mount.root.setAttribute("data-ready", "true");
  return undefined;
}
"""

_CSS = """
.reader {
  color: var(--st-text-color, #1f1f1f);
  font-family: var(--st-font, sans-serif);
}
.reader-head {
  display: flex;
  flex-direction: column;
  gap: 4px;
  margin-bottom: 8px;
}
.reader-coverage {
  margin: 0;
  font-weight: 600;
}
.reader-left-out summary {
  cursor: pointer;
  font-size: 0.9rem;
}
.reader-left-out ol {
  margin: 4px 0;
  padding: 0 0 0 1.8em;
  font-size: 0.9rem;
  max-height: 10em;
  overflow-y: auto;
}
.reader-legend {
  display: flex;
  flex-wrap: wrap;
  gap: 6px 14px;
  list-style: none;
  margin: 4px 0 0 0;
  padding: 0;
  font-size: 0.88rem;
}
.reader-hint {
  margin: 0;
  font-size: 0.85rem;
  opacity: 0.8;
}
.reader-scroll {
  position: relative;
  overflow-y: auto;
  border: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2));
  border-radius: 6px;
  background: var(--st-background-color, #ffffff);
}
.reader-scroll:focus-visible {
  outline: 2px solid var(--st-primary-color, #1f77b4);
}
.reader-article {
  max-width: 68ch;
  margin: 0 auto;
  padding: 12px 22px 28px 22px;
  font-size: 1rem;
  line-height: 1.7;
}
.reader-article h2 {
  font-size: 1.3rem;
  line-height: 1.3;
  margin: 0.6em 0 0.4em 0;
}
.reader-article h3 {
  font-size: 1.05rem;
  line-height: 1.35;
  margin: 1.2em 0 0.2em 0;
  text-transform: none;
  opacity: 0.85;
}
.reader-article p {
  margin: 0 0 0.9em 0;
}
.reader-mark {
  color: inherit;
  background-color: var(--verdict-tint, transparent);
  background-image: var(--verdict-line, none);
  background-repeat: no-repeat;
  background-position: left bottom;
  background-size: 100% 3px;
  padding: 1px 0 3px 0;
  border-radius: 2px;
  -webkit-box-decoration-break: clone;
  box-decoration-break: clone;
}
.reader-mark[data-icon]::after {
  content: attr(data-icon);
  display: inline-block;
  margin: 0 2px 0 3px;
  font-size: 0.9em;
  font-weight: 700;
  line-height: 1;
}
mark.reader-mark {
  cursor: pointer;
}
mark.reader-mark:hover {
  background-color: var(--verdict-tint, transparent);
  filter: saturate(1.6) brightness(0.97);
}
mark.reader-mark:focus-visible {
  outline: 2px dashed var(--st-text-color, #1f1f1f);
  outline-offset: 1px;
}
mark.reader-mark.is-selected {
  outline: 2px solid var(--st-text-color, #1f1f1f);
  outline-offset: 1px;
}
.reader-sample {
  display: inline-block;
  line-height: 1.5;
}
"""

# Registered once, when the module is imported; every mount reuses the definition.
_READER = st.components.v2.component(
    "cramp_atlas_source_reader", js=_JS.replace("__EVENT__", SELECT_EVENT), css=_CSS
)


def _clicked(value: Any, payload: Mapping[str, Any]) -> str | None:
    """Validate a click coming back from the browser: only claims the payload names pass."""
    if not isinstance(value, str):
        return None
    return value if value in payload.get("claims", {}) else None


def source_reader(
    passages_payload: Mapping[str, Any],
    *,
    key: str,
    selected_edge: str | None = None,
    height: int = 520,
    on_select: Callable[[str], None] | None = None,
) -> str | None:
    """Show a source with its grounding spans highlighted; return the claim clicked.

    Parameters
    ----------
    passages_payload
        From ``graph.source.reader_payload(graph, source_id, kb.source(source_id).text)``.
    key
        Widget key; keep it constant so reruns update the same reader (scroll kept).
    selected_edge
        The selected edge's id (``"subject|relation|object"``), or ``None``: its
        highlights are outlined and, when it changes, scrolled into view inside the
        reader. An id the source does not ground outlines nothing.
    height
        Height of the reader's scroll box in px (the coverage line and legend sit above).
    on_select
        Called with the clicked edge id (as a Streamlit callback, before the rerun).

    Returns
    -------
    str or None
        The edge id (``"subject|relation|object"``, as ``schema.Edge.key`` and the graph
        canvas) the reader clicked, in the run the click caused; ``None`` in every other
        run. Clicks are events, not state: keep the selection in ``st.session_state``
        and pass it back as ``selected_edge``. Values naming no claim of the payload are
        dropped.

    Raises
    ------
    ValueError
        If ``height`` is not a positive integer.
    """
    return mount_clickable(
        _READER,
        key=key,
        height=height,
        data={"payload": passages_payload, "selected": selected_edge},
        clicked=lambda value: _clicked(value, passages_payload),
        on_select=on_select,
    )
