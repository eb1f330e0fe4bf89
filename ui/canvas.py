"""The graph canvas of the Streamlit app: vis-network inside a bidirectional component.

``graph_canvas`` draws a ``graph.render.canvas_payload`` with ``st.components.v2`` (no
iframe, no build step, nothing fetched: vis-network's script comes from pyvis' bundled
copy) and returns what the reader clicked. The drawing code is
``graph/static/canvas.js``, the same as in the standalone HTML page; the modules around
it are the templates ``streamlit-vis.js`` and ``streamlit-canvas.js``, which get their
names and styles as one JSON object.

It mounts two elements. The first carries vis-network (about 470 KB of script) and
nothing else, so its message is the same in every run of every
session: Streamlit sends it whole once per page load and, in later reruns, only its
hash, because the browser says it has the message already. It publishes the library
as ``window.crampAtlasVis`` and hides its own (empty) element. The second element, the
canvas, carries only the payload, so a rerun (a filter, a traced path, a selection)
sends the graph and not the library again. The canvas draws as soon as both have
arrived, in whichever order their scripts run. vis-network's own stylesheet (220 KB,
nearly all of it pictures for navigation buttons and editors the canvas does not use) is
left out: ``canvas.css`` styles the one piece of it the canvas shows, the tooltip, and is
adopted into the canvas's shadow root as a constructable style sheet.

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

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from graph.assets import json_for_script, render_template, static_text
from graph.page import vis_assets

from .component import SELECT_EVENT, mount_clickable

__all__ = ["graph_canvas", "send_library"]

_LIBRARY_EVENT = "cramp-atlas-vis"
_DRAWN_EVENT = "drawn"
"""The trigger the canvas sets on its first frame when asked to (``report_drawn``)."""


def _library_module() -> str:
    """The vis-network element's module: the library, its styles and the event that
    announces it (``graph/templates/streamlit-vis.js``)."""
    vis_js, _ = vis_assets()
    config = {"libraryEvent": _LIBRARY_EVENT}
    return render_template("streamlit-vis.js", vis_js=vis_js, config=json_for_script(config))


def _canvas_module() -> str:
    """The canvas element's module: the drawing script and the Streamlit glue
    (``graph/templates/streamlit-canvas.js``), with the styles of ``canvas.css`` and
    ``streamlit-canvas.css``. The canvas stays white in any theme (its labels are dark);
    the legend follows the theme. On a phone (``ui.layout.PHONE_WIDTH``) the canvas is
    shorter, so that it fits on the first screen with the page's head, and the legend
    goes under it."""
    config = {
        "styles": static_text("canvas.css") + static_text("streamlit-canvas.css"),
        "libraryEvent": _LIBRARY_EVENT,
        "selectEvent": SELECT_EVENT,
        "drawnEvent": _DRAWN_EVENT,
    }
    return render_template(
        "streamlit-canvas.js", canvas_js=static_text("canvas.js"), config=json_for_script(config)
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


def send_library(*, key: str) -> None:
    """Send vis-network's element for the canvas ``key`` (see ``graph_canvas``).

    It shows nothing and takes no room (``ui.layout``'s styles hide it). Sent at the top
    of a page, it makes the browser fetch Streamlit's component code and receive the
    library while it renders what comes before the canvas, instead of after.
    """
    _LIBRARY(key=f"{key}-vis-network")


def graph_canvas(
    payload: Mapping[str, Any],
    *,
    key: str,
    height: int = 650,
    on_select: Callable[[str], None] | None = None,
    report_drawn: bool = False,
    with_library: bool = True,
    explore_param: str | None = None,
) -> str | None:
    """Draw ``payload`` on an interactive canvas, its legend above, and return what the
    reader clicked.

    Parameters
    ----------
    payload
        From ``graph.render.canvas_payload``.
    key
        Widget key; keep it constant so reruns update the same canvas (camera kept).
    height
        Canvas height in px.
    on_select
        Called with the clicked id (as a Streamlit callback, before the rerun) when the
        reader clicks a node or an edge.
    report_drawn
        Whether the canvas reports its first frame (when it sets ``data-ready``); the
        report reruns the script, so a page can send the graph first and the rest in
        that rerun.
    with_library
        Whether to send vis-network's element here, just before the canvas; ``False``
        when the page sent it earlier with ``send_library`` and the same ``key``.
    explore_param
        With a query parameter's name, a click opens Explore with the clicked id in that
        parameter (the rest of the query kept), as one entry in the browser's history,
        instead of being reported here.

    Returns
    -------
    str or None
        The id of the clicked node, or of the clicked edge (``graph.schema.graph_edge_id``:
        ``"source|key|target"``; node ids are slugs, so an id holding ``"|"`` is an
        edge), in the run the click caused; ``None`` in every other run. Clicks are
        events, not state: keep the selection in ``st.session_state``. Clicks on the
        background report nothing; values naming nothing in ``payload`` are dropped.

    Raises
    ------
    ValueError
        If ``height`` is not a positive integer.
    """
    if with_library:
        send_library(key=key)
    return mount_clickable(
        _CANVAS,
        key=key,
        height=height,
        data={"payload": payload, "reportDrawn": report_drawn, "exploreParam": explore_param},
        clicked=lambda value: _clicked(value, payload),
        on_select=on_select,
    )
