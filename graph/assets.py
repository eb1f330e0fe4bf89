"""Web code shipped as package files: Jinja templates and static scripts and styles.

HTML, JavaScript, CSS and SVG live in ``graph/templates/`` and ``graph/static/`` rather
than in Python strings, so editors, linters and diffs see them as what they are. Data
reaches a script as one JSON blob (:func:`json_for_script`), never by string replacement.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import jinja2

__all__ = ["json_for_script", "render_template", "static_text"]


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


def json_for_script(value: object) -> str:
    """``value`` as JSON that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u`` escapes, so no data can close the script or
    open a comment; U+2028 and U+2029 are escaped for older JavaScript parsers.

    >>> json_for_script({"label": "</script><b>"})
    '{"label": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text
