"""Untrusted text made safe for the page: the one place it is escaped.

Text from a link, a search box or the data reaches Streamlit's Markdown (``st.markdown``,
alerts, captions, headings, button labels, radio and pill options, tooltips) only through
``escape_markdown`` or ``code_span``; raw HTML (``st.html``) carries only the page's own
constants. Both first make the text readable as it is (``shown_text``): whitespace
collapsed, control and bidirectional formatting characters shown as ``[U+202E]`` instead
of silently reordering what follows, and optionally cut to a length.

Escaping Markdown's characters is not enough on its own. Streamlit turns a bare
``https://...``, ``www.`` or ``name@host.org`` into a link after the Markdown is parsed,
and ``:material/icon:`` into an icon, whatever backslashes stood in the source. A word
joiner (U+2060, invisible and never a line break) is put where it breaks those patterns:
after a colon that runs into a word or a slash, before ``@`` and before ``www``.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["WORD_JOINER", "code_span", "escape_markdown", "shown_text"]

WORD_JOINER = "\u2060"
"""The invisible character that breaks autolinks and icon codes; readers never see it."""

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=])")
# Where Streamlit's renderer would otherwise make a link or an icon out of plain text.
_LINK_OR_ICON = re.compile(r"(?<=:)(?=[\w/])|(?=@)|(?=\bwww\b)", re.IGNORECASE)
# Bidirectional formatting characters: they reorder the text around them when shown.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _visible(char: str) -> str:
    if char in _BIDI_CONTROLS or unicodedata.category(char) == "Cc":
        return f"[U+{ord(char):04X}]"
    return char


def shown_text(text: str, *, limit: int | None = None) -> str:
    """``text`` as the reader should see it: one line, controls visible, at most ``limit`` long.

    Parameters
    ----------
    text
        Any text, trusted or not.
    limit
        Most characters kept; a longer text is cut and ends with "…".

    Returns
    -------
    str

    Examples
    --------
    >>> shown_text("  two\\n lines\\u202e here ")
    'two lines[U+202E] here'
    >>> shown_text("abcdef", limit=4)
    'abc…'
    """
    text = " ".join(str(text).split())
    if any(char in _BIDI_CONTROLS or unicodedata.category(char) == "Cc" for char in text):
        text = "".join(_visible(char) for char in text)
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)] + "…"
    return text


def escape_markdown(text: str, *, limit: int | None = None) -> str:
    """Make ``text`` show literally wherever Streamlit renders Markdown.

    No link (written, bare or e-mail), image, HTML element, emphasis, heading, list, emoji,
    icon, colour or maths can come out of the result, even where HTML is allowed: every
    Markdown and HTML character is backslash-escaped and the patterns Streamlit links or
    turns into icons after parsing are broken by an invisible word joiner.

    Parameters
    ----------
    text
        Untrusted text: from a link, a search box or the data.
    limit
        Most characters shown (see ``shown_text``).

    Returns
    -------
    str
        Markdown source that renders as ``shown_text(text, limit=limit)``.

    Examples
    --------
    >>> escape_markdown("**bold** [x](javascript:alert(1))")
    '\\\\*\\\\*bold\\\\*\\\\* \\\\[x\\\\]\\\\(javascript\\\\:\\u2060alert\\\\(1\\\\)\\\\)'
    >>> escape_markdown("a@b.org").replace(WORD_JOINER, "|")
    'a|@b\\\\.org'
    """
    text = _LINK_OR_ICON.sub(WORD_JOINER, shown_text(text, limit=limit))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def code_span(text: str, *, limit: int | None = None) -> str:
    """``text`` as a Markdown code span (monospace) that nothing inside can end early.

    Examples
    --------
    >>> code_span("calf-cramp")
    '`calf-cramp`'
    >>> code_span("a`b")
    '`` a`b ``'
    """
    text = _LINK_OR_ICON.sub(WORD_JOINER, shown_text(text, limit=limit))
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"
