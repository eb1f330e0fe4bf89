"""Web code shipped as package files: Jinja templates and static scripts and styles.

HTML, JavaScript, CSS and SVG live in ``graph/templates/`` and ``graph/static/`` rather
than in Python strings, so editors, linters and diffs see them as what they are. Data
reaches a script as one JSON blob (:func:`json_for_script`), never by string replacement.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup

__all__ = ["json_for_script", "render_template", "static_text"]

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"}


@cache
def _environment() -> jinja2.Environment:
    """One autoescaping Jinja environment over the package's templates folder."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("graph", "templates"),
        autoescape=jinja2.select_autoescape(("html", "svg", "xml", "j2")),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_template(name: str, /, **context: object) -> str:
    """Render ``graph/templates/NAME`` with ``context``; text is HTML-escaped by default."""
    return _environment().get_template(name).render(**context)


@cache
def static_text(name: str) -> str:
    """The text of ``graph/static/NAME`` (a script or a style sheet), read once."""
    return resources.files("graph").joinpath("static", name).read_text(encoding="utf-8")


def json_for_script(value: object) -> Markup:
    """Serialise ``value`` as JSON that is safe inside an HTML ``<script>`` element.

    Keys are sorted and the output is compact ASCII (so U+2028/U+2029 come out escaped
    too), so equal values give equal bytes; ``<``, ``>``, ``&`` and ``'`` become ``\\uXXXX``
    escapes, so no string can close the element or break out of it. The result is
    ``Markup`` because it is already safe: templates insert it without further escaping.

    >>> str(json_for_script({"b": "</script>", "a": 1}))
    '{"a":1,"b":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return Markup(re.sub("[<>&']", lambda match: _SCRIPT_ESCAPES[match[0]], text))
