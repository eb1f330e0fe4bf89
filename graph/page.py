"""Self-contained pages, rendered through pyvis with our own templates.

pyvis builds the vis-network data (``render``) and renders the page; the page's template
is ours (``graph/templates/``), so it loads nothing from the network: vis-network's
script and styles are inlined from the copy bundled with pyvis (``vis_assets``), and the
drawing script and styles from ``graph/static/``. Data reaches a page's scripts as one
JSON blob in a ``<script type="application/json">`` element (``assets.json_for_script``).

pyvis 0.3.2 is unmaintained and falls short in three ways, worked around here and
nowhere else (``pyvis_network`` and ``page_html``): ``add_node`` and ``add_edge`` look
every id up in a list (O(nodes x edges) for a whole graph); its ``Options`` object knows
few of vis-network's options (``set_options`` swaps it for a dict anyway); and its own
template loads Bootstrap from a CDN with autoescaping off.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, partial
from importlib import resources
from types import SimpleNamespace
from typing import Any

from markupsafe import Markup
from pyvis.network import Network

from .assets import render_template, static_text

__all__ = ["page_html", "pyvis_network", "vis_assets"]

_VIS_DIR = "templates/lib/vis-9.1.2"


@cache
def vis_assets() -> tuple[str, str]:
    """Return ``(javascript, css)`` of vis-network 9.1.2 as bundled with pyvis.

    The source-map comment is dropped (it would point at a file that is not there).
    Both are checked to be safe to inline: neither can close its ``<script>`` or
    ``<style>`` element.

    Raises
    ------
    RuntimeError
        If the bundled files could not be inlined safely.
    """
    folder = resources.files("pyvis").joinpath(_VIS_DIR)
    javascript = folder.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = folder.joinpath("vis-network.css").read_text(encoding="utf-8")
    javascript = re.sub(r"^//# sourceMappingURL=.*$", "", javascript, flags=re.MULTILINE)
    if re.search(r"</script|<!--", javascript, re.IGNORECASE) or re.search(
        r"</style|<!--", css, re.IGNORECASE
    ):
        raise RuntimeError("pyvis' vis-network files cannot be inlined safely")
    return javascript.rstrip() + "\n", css


class _NodeIds(list):
    """pyvis' list of node ids, answering ``in`` from a set kept beside it."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set[object] = set()

    def append(self, node_id: object) -> None:
        super().append(node_id)
        self._members.add(node_id)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._members


def pyvis_network(
    options: Mapping[str, Any] | None = None, *, heading: str = "", height: str = "700px"
) -> Network:
    """An empty, directed pyvis network, ready for ``add_node`` / ``add_edge``.

    Its node ids answer ``in`` in constant time, so filling it is linear in the graph,
    and ``options``, when given, is kept as the plain dict that pyvis'
    ``get_network_data`` also accepts. ``heading`` and ``height`` reach the page's
    template as pyvis hands them over (``page_html``).

    Examples
    --------
    >>> network = pyvis_network({"physics": {"enabled": False}})
    >>> network.add_node("a", label="A", x=0, y=0)
    >>> network.add_node("b", label="B", x=100, y=0)
    >>> network.add_edge("a", "b", id="a|rel|b")
    >>> [edge["from"] for edge in network.get_network_data()[1]], network.options["physics"]
    (['a'], {'enabled': False})
    """
    network = Network(height=height, heading=heading, directed=True, cdn_resources="in_line")
    network.node_ids = _NodeIds()
    if options is not None:
        network.options = dict(options)
    return network


def page_html(template: str, /, *, network: Network | None = None, **context: Any) -> str:
    """Render a self-contained page, ``graph/templates/TEMPLATE``, through pyvis.

    The template sees what pyvis gives its templates (``heading``, ``height``, ``nodes``,
    ...), ``vis_js``, ``vis_css`` (vis-network as bundled with pyvis), ``canvas_js`` and
    ``canvas_css`` (``graph/static/canvas.js`` and ``.css``: trusted code and styles,
    inserted as they are) besides ``context``, which is escaped as usual; data for a
    script goes in as ``json_for_script(...)``. ``{% include "page-head.html" %}`` writes the
    document's start (charset, a policy that forbids the network,
    ``<title>{{ title }}</title>`` and vis-network's styles).

    Parameters
    ----------
    template
        The name of a template in ``graph/templates/``.
    network
        The pyvis network the page draws; an empty one (``heading`` = ``context["title"]``)
        when the page carries its data otherwise.
    **context
        The template's other variables.

    Returns
    -------
    str
        The document; the same arguments always give the same string.

    Examples
    --------
    >>> from graph.assets import json_for_script
    >>> page = page_html("lesson.html", title="A & B", count=0, data=json_for_script({}),
    ...                  lesson_css="", lesson_js="")
    >>> page.startswith("<!DOCTYPE html>"), "<title>A &amp; B</title>" in page
    (True, True)
    """
    vis_js, vis_css = vis_assets()
    values = {
        **context,
        # Trusted code and styles, not data: checked by ``vis_assets`` / shipped files.
        "vis_js": Markup(vis_js),
        "vis_css": Markup(vis_css),
        "canvas_js": Markup(static_text("canvas.js")),
        "canvas_css": Markup(static_text("canvas.css")),
    }
    if network is None:
        network = pyvis_network(heading=str(context.get("title", "")))
    # pyvis renders ``network.template`` for a notebook, and otherwise only a template
    # from a folder on disk: this hands it ours, as packaged, bound to our values.
    network.template = SimpleNamespace(render=partial(render_template, template, **values))
    return network.generate_html(notebook=True)
