"""The graph canvas of the Streamlit app: vis-network inside a bidirectional component.

``graph_canvas`` draws a ``graph.render.canvas_payload`` with ``st.components.v2`` (no
iframe, no build step, nothing fetched: vis-network's script and styles come from
pyvis' bundled copy) and returns what the reader clicked. The drawing code is
``graph.render.CANVAS_SCRIPT``, the same as in the standalone HTML page.

It mounts two elements. The first carries vis-network (about 470 KB of script and
220 KB of styles) and nothing else, so its message is the same in every run of every
session: Streamlit sends it whole once per page load and, in later reruns, only its
hash, because the browser says it has the message already. It publishes the library
as ``window.crampAtlasVis`` and hides its own (empty) element. The second element, the
canvas, carries only the payload, so a rerun (a filter, a traced path, a selection)
sends the graph and not the library again. The canvas draws as soon as both have
arrived, in whichever order their scripts run; vis-network's styles and the canvas's
own are adopted into the canvas's shadow root as constructable style sheets.

The canvas draws with physics off at the given positions and fits the view once. When
the payload changes on a rerun, it updates the existing network's data in place, so
the camera stays where the reader left it.

Browser tests find the canvas as ``[data-testid="atlas-canvas"]`` (inside the
component's shadow root; Playwright's CSS selectors pierce it), which carries
``data-key``, ``data-node-count``, ``data-edge-count``, ``data-selected`` and, once
drawn, ``data-ready="true"``. ``window.atlasCanvases[key]`` (and ``window.atlasCanvas``,
the last one drawn) is the controller: ``selectNode(id)`` / ``selectEdge(id)`` act
exactly like a click, and ``network`` is the vis-network instance.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from graph.render import CANVAS_CSS, CANVAS_SCRIPT, vis_assets

from .component import SELECT_EVENT, mount_clickable

__all__ = ["graph_canvas"]

_LIBRARY_EVENT = "cramp-atlas-vis"
_LIBRARY_TEMPLATE = """
// vis-network (pyvis' bundled copy) and its styles, for every Cramp Atlas canvas on the
// page. This element never changes, so Streamlit sends it whole once per session and, on
// every later rerun, only its hash (the browser keeps the message); the canvas element
// carries just the graph.
const vis = (function () {
  // vis-network ships as UMD: a CommonJS-style `module` keeps it off globalThis.
  const module = { exports: {} };
  const exports = module.exports;
__VIS__
  return module.exports;
})();

export default function (component) {
  // An element of its own that shows nothing: take it out of the layout first, so that
  // it leaves no gap above the canvas and nothing moves once the canvas is drawn.
  const root = component.parentElement.getRootNode();
  const container = root.host && root.host.closest('[data-testid="stElementContainer"]');
  if (container) container.style.display = "none";
  if (!window.crampAtlasVis) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(__VIS_CSS__);
    window.crampAtlasVis = { vis: vis, sheet: sheet };
    window.dispatchEvent(new Event("__LIBRARY_EVENT__"));
  }
  return undefined;
}
"""

_CANVAS_TEMPLATE = """
__CANVAS__

const OWN_STYLES = __STYLES__;
const mounts = new WeakMap();
let ownSheet = null;

// vis-network's styles, then ours (which override some of them), on the canvas's root.
function adoptStyles(parentElement, library) {
  const root = parentElement.getRootNode();
  if (!("adoptedStyleSheets" in root)) return;
  if (ownSheet === null) {
    ownSheet = new CSSStyleSheet();
    ownSheet.replaceSync(OWN_STYLES);
  }
  const others = root.adoptedStyleSheets.filter(
    (sheet) => sheet !== library.sheet && sheet !== ownSheet
  );
  root.adoptedStyleSheets = [...others, library.sheet, ownSheet];
}

function draw(mount) {
  const library = window.crampAtlasVis;
  const { parentElement, data, setTriggerValue } = mount.latest;
  adoptStyles(parentElement, library);
  const hooks = {
    legend: data.legend ? mount.legend : null,
    keyboard: true,
    onSelect: (selection) => setTriggerValue("__EVENT__", selection),
  };
  mount.legend.hidden = !data.legend;
  mount.host.style.height = String(Number(data.height) || 650) + "px";
  mount.host.setAttribute("data-key", String(data.key));
  if (mount.canvas === null) {
    mount.canvas = createAtlasCanvas(library.vis, mount.host, data.payload, hooks);
  } else {
    mount.canvas.setHooks(hooks);
    mount.canvas.update(data.payload);
  }
  window.atlasCanvases = window.atlasCanvases || {};
  window.atlasCanvases[String(data.key)] = mount.canvas;
  window.atlasCanvas = mount.canvas;
}

export default function (component) {
  const { parentElement, data } = component;
  if (!data || !data.payload) return undefined;
  let mount = mounts.get(parentElement);
  if (mount === undefined) {
    const root = document.createElement("div");
    root.className = "atlas-root";
    const legend = document.createElement("div");
    legend.className = "atlas-legend";
    legend.setAttribute("aria-label", "Legend");
    const host = document.createElement("div");
    host.className = "atlas-canvas";
    host.setAttribute("data-testid", "atlas-canvas");
    root.append(legend, host);
    parentElement.appendChild(root);
    mount = { host: host, legend: legend, canvas: null, latest: null, waiting: false };
    mounts.set(parentElement, mount);
  }
  // The latest data wins: a payload that arrives before vis-network does is drawn when
  // the library element has run, and only the newest one.
  mount.latest = component;
  if (window.crampAtlasVis) {
    draw(mount);
  } else if (!mount.waiting) {
    mount.waiting = true;
    window.addEventListener("__LIBRARY_EVENT__", () => {
      mount.waiting = false;
      if (mounts.get(parentElement) === mount) draw(mount);
    }, { once: true });
  }
  const current = mount;
  // Streamlit calls this before every redraw with new data and when the element goes
  // away; only the second (the element left the page) ends the network.
  return () => {
    setTimeout(() => {
      if (!parentElement.isConnected && mounts.get(parentElement) === current) {
        mounts.delete(parentElement);
        if (current.canvas === null) return;
        current.canvas.destroy();
        const key = String(data.key);
        if (window.atlasCanvases && window.atlasCanvases[key] === current.canvas) {
          delete window.atlasCanvases[key];
        }
      }
    }, 0);
  };
}
"""

_STYLES = """
.atlas-root {
  display: flex;
  flex-direction: column;
  gap: 6px;
}
.atlas-legend {
  color: var(--st-text-color, #1f1f1f);
}
.atlas-canvas {
  border: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2));
  border-radius: 6px;
}
@media (max-width: 640px) {
  .atlas-legend {
    order: 2;
  }
  .atlas-canvas {
    height: min(56vh, 440px) !important;
  }
}
"""
"""The canvas stays white in any theme (its labels are dark); the legend follows the theme.
On a phone (``ui.layout.PHONE_WIDTH``) the canvas is shorter, so that it fits on the first
screen with the page's head, and the legend goes under it."""


def _library_module() -> str:
    vis_js, vis_css = vis_assets()
    return (
        _LIBRARY_TEMPLATE.replace("__VIS_CSS__", json.dumps(vis_css))
        .replace("__LIBRARY_EVENT__", _LIBRARY_EVENT)
        .replace("__VIS__", vis_js)
    )


def _canvas_module() -> str:
    return (
        _CANVAS_TEMPLATE.replace("__STYLES__", json.dumps(CANVAS_CSS + _STYLES))
        .replace("__LIBRARY_EVENT__", _LIBRARY_EVENT)
        .replace("__EVENT__", SELECT_EVENT)
        .replace("__CANVAS__", CANVAS_SCRIPT)
    )


# Registered once, when the module is imported; every mount reuses the definitions.
_LIBRARY = st.components.v2.component("cramp_atlas_vis", js=_library_module())
_CANVAS = st.components.v2.component("cramp_atlas_canvas", js=_canvas_module())


def _clicked(value: Any, payload: Mapping[str, Any]) -> str | None:
    """Validate a click coming back from the browser: only known nodes and edges pass."""
    if not isinstance(value, Mapping):
        return None
    kind, item_id = value.get("kind"), value.get("id")
    if kind not in ("node", "edge") or not isinstance(item_id, str):
        return None
    known = {item.get("id") for item in payload.get("nodes" if kind == "node" else "edges", ())}
    return item_id if item_id in known else None


def graph_canvas(
    payload: Mapping[str, Any],
    *,
    key: str,
    height: int = 650,
    legend: bool = True,
    on_select: Callable[[str], None] | None = None,
) -> str | None:
    """Draw ``payload`` on an interactive canvas and return what the reader clicked.

    Parameters
    ----------
    payload
        From ``graph.render.canvas_payload``.
    key
        Widget key; keep it constant so reruns update the same canvas (camera kept).
    height
        Canvas height in px.
    legend
        Whether to draw the legend (node types by colour and shape, evidence strength by
        line style) above the canvas, as the standalone page does.
    on_select
        Called with the clicked id (as a Streamlit callback, before the rerun) when the
        reader clicks a node or an edge.

    Returns
    -------
    str or None
        The id of the clicked node, or of the clicked edge (``graph.render.edge_id``:
        ``"source|key|target"``; node ids are slugs, so an id holding ``"|"`` is an
        edge), in the run the click caused; ``None`` in every other run. Clicks are
        events, not state: keep the selection in ``st.session_state``. Clicks on the
        background report nothing; values naming nothing in ``payload`` are dropped.

    Raises
    ------
    ValueError
        If ``height`` is not a positive integer.
    """
    _LIBRARY(key=f"{key}-vis-network")
    return mount_clickable(
        _CANVAS,
        key=key,
        height=height,
        data={"payload": payload, "legend": legend},
        clicked=lambda value: _clicked(value, payload),
        on_select=on_select,
    )
