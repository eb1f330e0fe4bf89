"""A tour as one self-contained HTML file that presents it, step by step, on a projector.

``lesson_html`` writes a single document (vis-network's script and styles inlined from
``render.vis_assets``, the drawing script ``render.CANVAS_SCRIPT``, no CDN, no font, no
``src`` or ``href`` to anything) that works opened from a USB stick with no network and no
server, and inside an iframe (the app's presentation view). It draws the whole graph at
the positions of ``graph.layout`` and presents one step at a time: the step's nodes and
edges emphasised and the rest dimmed (``render.canvas_payload`` with the step's edges
highlighted), the camera gliding to frame them while every node keeps its place. Beside
or below the graph, in large type: the step's title, its narration, what reviews say of
the highlighted claims, and the step's question with a "Show answer" reveal (a step with a
question keeps both its answer and what reviews say hidden until then); above it,
"Step 2 of 5" and a progress bar. The graph spans the width on 4:3 screens and narrow
frames; on wide ones (3:2 and wider, from 960 px) the words sit in a column beside it,
so the graph keeps its height on a 16:9 projector.

Keys: Right arrow, Down arrow, Page Down, Space or N go on; Left arrow, Up arrow, Page Up,
Shift+Space or P go back (clickers send Page Up/Down); Home and End jump to the first and
last step; A or Enter shows the answer; L shows the legend. Inside an iframe the page asks
to be clicked first ("Click here, then use ← →"), since keys go to the frame with focus.
With "reduce motion" set, the camera jumps instead of gliding.

Hooks for tests and host pages, on ``document.body``: ``data-step`` (the current step,
0-based; the page shows it 1-based), ``data-step-count``, ``data-answer`` (``"hidden"``,
``"shown"`` or ``"none"`` when the step has no question), ``data-moving`` (``"true"``
while the camera glides) and ``data-drawn`` (the step last drawn on the canvas);
``window.atlasLesson`` with ``next()``, ``previous()``, ``go(index)`` (each returns the
step it lands on), ``showAnswer()``, ``toggleLegend()``, ``step`` and ``count``; and
``window.atlasCanvas``, the drawing's controller (``network`` is vis-network's).

All text from the tour and the graph travels as JSON in a ``<script
type="application/json">`` element (``render.script_json``) and reaches the page through
``textContent`` only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx
from markupsafe import Markup

from .layout import drawing_bounds
from .render import canvas_payload, page_html
from .schema import RELATIONS, VERDICTS, graph_edge_id
from .tours import Tour, step_view

__all__ = ["lesson_data", "lesson_html"]

_CAMERA = {"padding": 36, "duration_ms": 700}
"""Screen px kept free around a step's nodes and how long the camera takes to glide to the
next step; the zoom's ceiling and floor are the explorer's (``render.canvas_payload``)."""


def _claims(
    graph: nx.MultiDiGraph, edges: tuple[tuple[str, str, str], ...]
) -> tuple[str, list[dict[str, Any]]]:
    """What reviews say of the highlighted edges: a heading and one group per verdict.

    Groups come in ``schema.VERDICTS`` order; each names its claims as "Subject ->
    relation -> Object". When three or more edges all meet one node (a star: five foods
    rich in magnesium), the heading names that node and each claim is named by its
    other end (and its relation, when the step's edges have more than one).
    """
    labels = {node: graph.nodes[node]["label"] for edge in edges for node in edge[:2]}
    shared = set.intersection(*(set(edge[:2]) for edge in edges)) if len(edges) > 2 else set()
    hub = min(shared) if len(shared) == 1 else None
    heading = f"What reviews say of each link with {labels[hub]}:" if hub else "What reviews say:"
    several = len({edge[2] for edge in edges}) > 1
    grouped: dict[str, list[str]] = {}
    for edge in edges:
        verdict = graph.edges[edge].get("verdict", "not assessed")
        relation = RELATIONS[edge[2]].label if edge[2] in RELATIONS else edge[2]
        if hub is not None:
            name = labels[edge[1] if edge[0] == hub else edge[0]]
            name += f" ({relation})" if several else ""
        else:
            name = f"{labels[edge[0]]} \u2192 {relation} \u2192 {labels[edge[1]]}"
        grouped.setdefault(verdict, []).append(name)
    groups = [
        {
            "verdict": VERDICTS[name].label,
            "icon": VERDICTS[name].icon,
            "colour": VERDICTS[name].colour,
            "claims": sorted(grouped[name], key=str.casefold),
        }
        for name in VERDICTS
        if name in grouped
    ]
    return heading, groups


def _without_titles(items: list[dict[str, Any]], titles: dict[str, str]) -> list[dict]:
    """Move each item's tooltip into ``titles`` (shared by every step) and drop it."""
    kept = []
    for item in items:
        titles.setdefault(item["id"], item["title"])
        kept.append({key: value for key, value in item.items() if key != "title"})
    return kept


def lesson_data(
    graph: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]], tour: Tour
) -> dict[str, Any]:
    """Everything the lesson page draws, as JSON-safe data.

    Returns
    -------
    dict
        ``tour`` (``id``, ``title``, ``audience``, ``description``), ``camera`` (see
        ``_CAMERA``), ``titles`` (``nodes`` and ``edges``: id -> tooltip text, shared by
        all steps) and ``steps``: per step its ``title``, ``narration``, ``question`` and
        ``answer`` (``""`` when none), ``nodes`` (the view, sorted), ``edges`` (the
        highlighted edge ids), ``bounds`` (the box of the view's nodes with their labels,
        which the camera frames), ``claims_heading`` and ``claims`` (what reviews say
        of the highlighted edges: per verdict, ``verdict``, ``icon``, ``colour`` and
        the ``claims`` named in words) and
        ``payload`` (``render.canvas_payload`` of the whole graph with the step's edges
        highlighted, tooltips moved to ``titles``).

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> from graph.layout import compute_layout
    >>> from graph.tours import DEFAULT_TOURS_DIR, find_tour, load_tours
    >>> graph = build_graph(load_knowledge_base())
    >>> tour = find_tour(load_tours(DEFAULT_TOURS_DIR, graph), "almonds-to-fewer-cramps")
    >>> data = lesson_data(graph, compute_layout(graph), tour)
    >>> [step["nodes"] for step in data["steps"][1:2]]
    [['almonds', 'magnesium', 'usual-diet']]
    >>> [(group["verdict"], group["claims"]) for group in data["steps"][1]["claims"]]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('supported', ['Almonds → rich in → Magnesium']),
     ('not assessed', ['Food → gives too little → Magnesium'])]
    >>> data["steps"][2]["claims_heading"]
    'What reviews say of each link with Magnesium:'
    >>> [(group["verdict"], group["claims"]) for group in data["steps"][2]["claims"]]
    [('supported', ['Buckwheat cereals', 'Legumes', 'Walnuts']), ('not supported', \
['Dried apricots', 'Raisins'])]
    """
    titles: dict[str, dict[str, str]] = {"nodes": {}, "edges": {}}
    steps = []
    for index, step in enumerate(tour.steps):
        nodes, edges = step_view(graph, tour, index)
        payload = canvas_payload(graph, positions, highlight=edges)
        payload["nodes"] = _without_titles(payload["nodes"], titles["nodes"])
        payload["edges"] = _without_titles(payload["edges"], titles["edges"])
        heading, claims = _claims(graph, edges)
        steps.append(
            {
                "title": step.title,
                "narration": step.narration,
                "question": step.question or "",
                "answer": step.answer or "",
                "nodes": sorted(nodes),
                "edges": [graph_edge_id(edge) for edge in edges],
                "bounds": list(drawing_bounds(graph.subgraph(nodes), positions)),
                "claims_heading": heading,
                "claims": claims,
                "payload": payload,
            }
        )
    return {
        "tour": {
            "id": tour.id,
            "title": tour.title,
            "audience": tour.audience,
            "description": tour.description,
        },
        "camera": dict(_CAMERA),
        "titles": titles,
        "steps": steps,
    }


_LESSON_CSS = """
:root { --ink: #1f1f1f; --muted: #4d4d4d; --accent: #0072B2; --line: #d0d0d0; }
html, body { margin: 0; height: 100%; }
body { background: #f3f3f1; color: var(--ink);
  font-family: Arial, 'Liberation Sans', Helvetica, sans-serif; }
.lesson { box-sizing: border-box; height: 100vh; min-height: 400px; padding: 10px 16px 6px;
  display: grid; gap: 8px 14px; grid-template-columns: minmax(0, 1fr);
  grid-template-rows: auto minmax(150px, 1fr) auto auto auto auto;
  grid-template-areas: "head" "stage" "panel" "legend" "controls" "foot"; }
.lesson-head { grid-area: head; display: flex; align-items: center; gap: 28px; }
.lesson-heading { flex: 1 1 auto; min-width: 0; }
.lesson-title { margin: 0; font-size: clamp(17px, min(1.6vw, 2.8vh), 30px); }
.lesson-audience { margin: 2px 0 0; color: var(--muted);
  font-size: clamp(13px, min(1.1vw, 2vh), 20px); }
.lesson-progress { flex: 0 0 min(34vw, 460px); }
.progress-text { display: block; text-align: right; font-weight: bold;
  font-size: clamp(17px, min(1.8vw, 3.2vh), 34px); margin-bottom: 4px; }
.progress-track { height: 12px; background: #d9d9d6; border-radius: 6px; overflow: hidden; }
.progress-fill { height: 100%; width: 0; background: var(--accent);
  transition: width 400ms ease; }
.stage { grid-area: stage; position: relative; min-height: 0; }
.stage .atlas-canvas { position: absolute; inset: 0; border: 1px solid var(--line);
  border-radius: 8px; }
.hint { position: absolute; top: 12px; left: 50%; transform: translateX(-50%); z-index: 2;
  margin: 0; padding: 8px 18px; border-radius: 22px; background: rgba(31, 31, 31, 0.88);
  color: #ffffff; font-size: clamp(15px, min(1.4vw, 2.4vh), 22px); pointer-events: none;
  white-space: nowrap; }
/* The panel keeps one height from step to step, so the graph above never changes size. */
.panel { grid-area: panel; box-sizing: border-box; height: 34vh; min-height: 0; overflow-y: auto;
  background: #ffffff; border-radius: 8px; border-left: 10px solid var(--accent);
  padding: 10px 20px 12px; }
.step-title { margin: 0 0 6px; font-size: clamp(21px, min(2.4vw, 4.2vh), 46px); }
.narration { margin: 0; max-width: 68em; line-height: 1.34;
  font-size: clamp(18px, min(1.9vw, 3.4vh), 36px); }
.claims[hidden] { display: none; }
.claims { list-style: none; margin: 8px 0 0; padding: 0; display: flex; flex-wrap: wrap;
  gap: 5px 12px; color: var(--muted); font-size: clamp(13px, min(1.1vw, 2vh), 21px); }
.claims-heading { font-weight: bold; color: var(--ink); }
.claim { border-left: 6px solid #bbbbbb; padding: 1px 8px; background: #f6f6f4; }
.question { margin-top: 10px; display: flex; flex-wrap: wrap; align-items: center;
  gap: 6px 16px; font-size: clamp(18px, min(1.8vw, 3.2vh), 34px); }
.question[hidden] { display: none; }
.question-text { margin: 0; }
.question-label { font-weight: bold; color: #8a3b00; }
.answer { flex-basis: 100%; box-sizing: border-box; margin: 0; padding: 6px 14px;
  border-radius: 6px; background: #e7f3ec; border-left: 6px solid #009E73;
  visibility: hidden; }
.answer.shown { visibility: visible; }
.lesson > .atlas-legend { grid-area: legend; justify-content: center; }
.lesson > .atlas-legend[hidden] { display: none; }
.controls { grid-area: controls; display: flex; align-items: center; gap: 16px; }
.controls .spacer { flex: 1 1 auto; }
button { font: inherit; font-weight: bold; cursor: pointer; border-radius: 8px;
  white-space: nowrap; border: 2px solid var(--ink); background: #ffffff; color: var(--ink);
  padding: 6px 18px; }
.controls button { font-size: clamp(16px, min(1.6vw, 2.8vh), 28px); padding: 6px 22px; }
.controls button.quiet { font-size: clamp(13px, min(1.1vw, 2vh), 18px); font-weight: normal;
  border-width: 1px; padding: 4px 12px; }
button.primary { background: var(--ink); color: #ffffff; }
button:disabled { opacity: 0.3; cursor: default; }
button[hidden] { display: none; }
button:focus-visible { outline: 4px solid #E69F00; outline-offset: 2px; }
.lesson-foot { grid-area: foot; margin: 0; color: var(--muted); font-size: 13px;
  display: flex; justify-content: space-between; gap: 4px 16px; flex-wrap: wrap; }
kbd { font: inherit; font-weight: bold; border: 1px solid #9a9a9a; border-radius: 4px;
  padding: 0 4px; background: #ffffff; }
/* Phones: smaller type and controls, so the step's words, its question and the Next
   button fit the width; the key list is for keyboards. */
@media (max-width: 520px) {
  .lesson { padding: 8px 8px 6px; gap: 6px 8px; }
  .lesson-head { gap: 10px; }
  .lesson-progress { flex: 0 0 36%; }
  .progress-text { font-size: 15px; }
  .panel { height: 50vh; padding: 8px 12px 10px; border-left-width: 6px; }
  .step-title { font-size: 19px; }
  .narration { font-size: 15px; }
  .question { font-size: 16px; gap: 6px 10px; }
  .controls { gap: 8px; }
  .controls button { font-size: 16px; padding: 6px 12px; }
  .controls button.quiet { font-size: 13px; padding: 4px 8px; }
  .lesson-foot > span:first-child { display: none; }
}
/* Wide screens (16:9 projectors): the narration beside the graph, so the graph keeps
   its height and the text its size. */
@media (min-aspect-ratio: 3/2) and (min-width: 960px) {
  .lesson { grid-template-columns: minmax(0, 1fr) clamp(330px, 33vw, 720px);
    grid-template-rows: auto minmax(0, 1fr) auto auto auto;
    grid-template-areas: "head head" "stage panel" "legend legend" "controls controls"
      "foot foot"; }
  .panel { height: auto; padding: 14px 22px; }
  .step-title { font-size: clamp(21px, min(2.1vw, 3.9vh), 44px); }
  .narration { font-size: clamp(17px, min(1.6vw, 3vh), 34px); }
  .question { font-size: clamp(17px, min(1.5vw, 2.8vh), 32px); }
}
"""

_PAGE = """{% include "page-head.html" %}<style>{{ canvas_css }}{{ lesson_css }}</style>
</head>
<body data-step="0" data-step-count="{{ count }}" data-answer="none" data-moving="false">
<div class="lesson">
<header class="lesson-head">
<div class="lesson-heading">
<h1 id="lesson-title" class="lesson-title"></h1>
<p id="lesson-audience" class="lesson-audience"></p>
</div>
<div class="lesson-progress">
<span id="progress-text" class="progress-text" aria-live="polite"></span>
<div id="progress-track" class="progress-track" role="progressbar" aria-label="Progress" \
aria-valuemin="1" aria-valuemax="{{ count }}" aria-valuenow="1">\
<div id="progress-fill" class="progress-fill"></div></div>
</div>
</header>
<main class="stage">
<div id="atlas-canvas" class="atlas-canvas" data-testid="atlas-canvas"></div>
<p id="hint" class="hint" hidden>Click here, then use \u2190 \u2192</p>
</main>
<section class="panel" aria-live="polite">
<h2 id="step-title" class="step-title"></h2>
<p id="narration" class="narration"></p>
<ul id="claims" class="claims" aria-label="What reviews say"></ul>
<div id="question-box" class="question" hidden>
<p class="question-text"><span class="question-label">Question:</span> \
<span id="question"></span></p>
<button id="show-answer" type="button">Show answer (A)</button>
<p id="answer" class="answer" aria-live="polite"></p>
</div>
</section>
<div id="atlas-legend" class="atlas-legend" aria-label="Legend" hidden></div>
<nav class="controls" aria-label="Steps">
<button id="previous" type="button">\u2190 Previous</button>
<span class="spacer"></span>
<button id="legend-toggle" type="button" class="quiet" aria-controls="atlas-legend" \
aria-expanded="false">Legend (L)</button>
<span class="spacer"></span>
<button id="next" type="button" class="primary">Next \u2192</button>
</nav>
<p class="lesson-foot"><span>Keys: <kbd>\u2192</kbd> or <kbd>Space</kbd> next, \
<kbd>\u2190</kbd> back, <kbd>A</kbd> show the answer, <kbd>L</kbd> legend, \
<kbd>Home</kbd> / <kbd>End</kbd> first / last step.</span>\
<span>Cramp Atlas: an educational tool, not medical advice.</span></p>
</div>
<script id="lesson-data" type="application/json">{{ data | script_json }}</script>
<script>{{ vis_js }}</script>
<script>{{ canvas_js }}</script>
<script>{{ lesson_js }}</script>
</body>
</html>
"""

_LESSON_SCRIPT = r"""
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("lesson-data").textContent);
  const steps = data.steps;
  const body = document.body;
  const byId = (id) => document.getElementById(id);
  const host = byId("atlas-canvas");
  const nextButton = byId("next");
  const previousButton = byId("previous");
  const answerButton = byId("show-answer");
  const answer = byId("answer");
  const hint = byId("hint");
  const stillness = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");
  let current = 0;

  function withTitles(payload) {
    const titled = (items, titles) =>
      items.map((item) => Object.assign({}, item, { title: titles[item.id] || "" }));
    return Object.assign({}, payload, {
      nodes: titled(payload.nodes, data.titles.nodes),
      edges: titled(payload.edges, data.titles.edges),
    });
  }

  byId("lesson-title").textContent = data.tour.title;
  byId("lesson-audience").textContent = "For: " + data.tour.audience;
  const canvas = createAtlasCanvas(window.vis, host, withTitles(steps[0].payload), {
    legend: byId("atlas-legend"),
  });
  const network = canvas.network;
  window.atlasCanvas = canvas;
  network.on("animationFinished", () => {
    body.dataset.moving = "false";
  });
  network.on("afterDrawing", () => {
    body.dataset.drawn = String(current);
  });

  function aim(glide) {
    // The panel below may have grown or shrunk: measure the canvas again first.
    network.setSize("100%", "100%");
    // The explorer's framing, zoom floor included, around the step's highlighted nodes.
    const view = canvas.cameraFor(steps[current].bounds, data.camera.padding);
    const smooth = glide && !(stillness && stillness.matches);
    body.dataset.moving = smooth ? "true" : "false";
    view.animation = smooth
      ? { duration: data.camera.duration_ms, easingFunction: "easeInOutCubic" }
      : false;
    network.moveTo(view);
    // Draw now: a resize clears the canvas, and a frame must never show it blank.
    network.redraw();
  }

  function drawClaims(step) {
    const list = byId("claims");
    list.replaceChildren();
    // What reviews say would answer the step's question: it waits for the answer.
    list.hidden = Boolean(step.question);
    if (step.claims.length === 0) return;
    const heading = document.createElement("li");
    heading.className = "claims-heading";
    heading.textContent = step.claims_heading;
    list.appendChild(heading);
    for (const group of step.claims) {
      const item = document.createElement("li");
      item.className = "claim";
      item.style.borderLeftColor = group.colour;
      const verdict = document.createElement("strong");
      verdict.textContent = group.icon + " " + group.verdict + ": ";
      item.append(verdict, group.claims.join(", "));
      list.appendChild(item);
    }
  }

  function render(index, glide) {
    current = index;
    const step = steps[index];
    body.dataset.step = String(index);
    byId("progress-text").textContent = "Step " + (index + 1) + " of " + steps.length;
    byId("progress-track").setAttribute("aria-valuenow", String(index + 1));
    byId("progress-fill").style.width = ((100 * (index + 1)) / steps.length).toFixed(3) + "%";
    byId("step-title").textContent = step.title;
    byId("narration").textContent = step.narration;
    drawClaims(step);
    const box = byId("question-box");
    box.hidden = !step.question;
    byId("question").textContent = step.question;
    // The answer reaches the page only when it is asked for.
    answer.textContent = "";
    answer.classList.remove("shown");
    answerButton.hidden = !step.question;
    body.dataset.answer = step.question ? "hidden" : "none";
    previousButton.disabled = index === 0;
    nextButton.disabled = index === steps.length - 1;
    canvas.update(withTitles(step.payload), { keepCamera: true });
    aim(glide);
  }

  function go(index) {
    const target = Math.max(0, Math.min(steps.length - 1, Math.trunc(Number(index) || 0)));
    if (target !== current) render(target, true);
    return current;
  }
  const next = () => go(current + 1);
  const previous = () => go(current - 1);
  function showAnswer() {
    if (!steps[current].question) return false;
    answer.textContent = steps[current].answer;
    answer.classList.add("shown");
    byId("claims").hidden = false;
    answerButton.hidden = true;
    body.dataset.answer = "shown";
    // The panel may scroll on a small screen: bring the answer into it.
    const panel = answer.closest(".panel");
    panel.scrollTop = panel.scrollHeight;
    return true;
  }

  function onPress(button, action) {
    button.addEventListener("click", (event) => {
      action();
      // After a mouse click the keys should still mean "next" and "back", not "press
      // this button again".
      if (event.detail > 0) button.blur();
    });
  }
  onPress(nextButton, next);
  onPress(previousButton, previous);
  onPress(answerButton, showAnswer);
  const legend = byId("atlas-legend");
  const legendButton = byId("legend-toggle");
  function toggleLegend() {
    legend.hidden = !legend.hidden;
    legendButton.setAttribute("aria-expanded", legend.hidden ? "false" : "true");
    aim(false);
    return !legend.hidden;
  }
  onPress(legendButton, toggleLegend);

  const NEXT_KEYS = new Set(["ArrowRight", "ArrowDown", "PageDown", " ", "n", "N"]);
  const BACK_KEYS = new Set(["ArrowLeft", "ArrowUp", "PageUp", "p", "P"]);
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const onButton = event.target instanceof HTMLButtonElement;
    if (onButton && (event.key === "Enter" || event.key === " ")) return;
    if (event.key === " " && event.shiftKey) previous();
    else if (NEXT_KEYS.has(event.key)) next();
    else if (BACK_KEYS.has(event.key)) previous();
    else if (event.key === "Home") go(0);
    else if (event.key === "End") go(steps.length - 1);
    else if (event.key === "Enter" || event.key === "a" || event.key === "A") showAnswer();
    else if (event.key === "l" || event.key === "L") toggleLegend();
    else return;
    event.preventDefault();
  });

  // In an iframe, keys reach the page only once it has focus: say so until it has.
  const embedded = window.self !== window.top;
  body.dataset.embedded = embedded ? "true" : "false";
  function showHint() {
    hint.hidden = !(embedded && !document.hasFocus());
  }
  window.addEventListener("focus", showHint);
  window.addEventListener("blur", showHint);
  showHint();

  let pending = false;
  window.addEventListener("resize", () => {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(() => {
      pending = false;
      aim(false);
    });
  });

  window.atlasLesson = {
    next: next,
    previous: previous,
    go: go,
    showAnswer: showAnswer,
    toggleLegend: toggleLegend,
    get step() {
      return current;
    },
    count: steps.length,
  };
  render(0, false);
})();
"""


def lesson_html(
    graph: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]], tour: Tour
) -> str:
    """Write ``tour`` as one self-contained HTML document that presents it, step by step.

    Parameters
    ----------
    graph
        The whole graph the tour was checked against (every step draws all of it).
    positions
        ``node id -> (x, y)`` from ``layout.compute_layout(graph)``.
    tour
        A checked tour (``tours.load_tours``, ``tours.tour_from_yaml``, ...).

    Returns
    -------
    str
        The document; the same arguments always give the same string.

    Raises
    ------
    ValueError
        If a node of ``graph`` has no position.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> from graph.layout import compute_layout
    >>> from graph.tours import DEFAULT_TOURS_DIR, find_tour, load_tours
    >>> graph = build_graph(load_knowledge_base())
    >>> tour = find_tour(load_tours(DEFAULT_TOURS_DIR, graph), "why-calves-cramp")
    >>> page = lesson_html(graph, compute_layout(graph), tour)
    >>> page.startswith("<!DOCTYPE html>"), 'data-step-count="7"' in page
    (True, True)
    >>> "<title>Why calves cramp: the causes</title>" in page
    True
    """
    return page_html(
        _PAGE,
        title=tour.title,
        count=len(tour.steps),
        data=lesson_data(graph, positions, tour),
        # Trusted code and styles, not data: written here.
        lesson_css=Markup(_LESSON_CSS),
        lesson_js=Markup(_LESSON_SCRIPT),
    )
