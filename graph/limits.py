"""The bounds on what the data may hold, and the characters it may not.

Every text value of every YAML file (knowledge base, tours, questions) is checked here as
it is read: it must be no longer than its field allows and hold no control or bidi
character. A label a megabyte long would hold the layout for minutes; an ESC would clear
the terminal that prints it; a right-to-left override would make a page show
"muisengam" as "magnesium". ``printable`` is the one helper that shows untrusted text
(a file name, a command-line argument) on a terminal, with such characters made visible.

Examples
--------
>>> text_problem("label", "Almonds")
>>> text_problem("label", "Alm\\x1bonds")
'control character U+001B (escape) at position 4 is not allowed; remove it'
>>> printable("data/\\x1b[2J.yaml")
'data/\\\\u001b[2J.yaml'
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "DEFAULT_TEXT_LENGTH",
    "LONG_TEXT_FIELDS",
    "LONG_TEXT_LENGTH",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NAME_LENGTH",
    "MAX_QUIZ_QUESTIONS",
    "MAX_SEARCH_RESULTS",
    "SHORT_TEXT_FIELDS",
    "SHORT_TEXT_LENGTH",
    "UNSAFE_CHARACTERS",
    "first_unsafe",
    "max_length",
    "printable",
    "text_problem",
    "unsafe_line",
    "unsafe_problem",
]

MAX_FILE_BYTES = 1024 * 1024
"""Largest data file read by default (1 MiB; the shipped files are under 25 KB)."""

MAX_DEPTH = 1000
"""Most steps out from a node a neighbourhood query takes (it stops sooner once all is reached)."""

MAX_NAME_LENGTH = 1000
"""Most characters in a name given on the command line (a node, a tour id, a search)."""

MAX_SEARCH_RESULTS = 1000
"""Most matches a search returns."""

MAX_QUIZ_QUESTIONS = 1000
"""Most questions one quiz asks."""

SHORT_TEXT_LENGTH = 200
"""Most characters in a name drawn on the graph: a label, a synonym, an id."""

LONG_TEXT_LENGTH = 5000
"""Most characters in a text meant to be read: a description, a quote, a narration."""

DEFAULT_TEXT_LENGTH = 1000
"""Most characters in any other text value (a title, a citation, an address)."""

SHORT_TEXT_FIELDS = frozenset(
    {"id", "label", "synonyms", "key", "subject", "object", "relation", "type", "source"}
)
"""Fields whose text is a name; their values are drawn on the graph or used as keys."""

LONG_TEXT_FIELDS = frozenset(
    {
        "answer",
        "description",
        "details",
        "intro",
        "narration",
        "note",
        "question",
        "quote",
        "summary",
        "usda_description",
    }
)
"""Fields whose text is prose a reader reads."""

# Line and paragraph separators are allowed: they are text, and pages escape them.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_ALLOWED_CONTROLS = frozenset("\n\t")

UNSAFE_CHARACTERS = "[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f" + "".join(sorted(_BIDI_CONTROLS)) + "]"
"""A regular-expression class of exactly the characters ``first_unsafe`` finds (every
control character but tab and line feed, every bidi control), for Python's ``re`` and
RE2 (Arrow's regular expressions) alike: a column of a million names is checked at once.
"""


def _is_unsafe(character: str) -> bool:
    if character in _ALLOWED_CONTROLS:
        return False
    return character in _BIDI_CONTROLS or unicodedata.category(character) == "Cc"


def first_unsafe(text: str) -> int | None:
    """Return the index of the first control or bidi character in ``text``, or ``None``.

    Tabs and line breaks are allowed; every other control character (ESC, BEL, NUL,
    carriage return, DEL, C1) and every bidi override or isolate is not.

    Examples
    --------
    >>> first_unsafe("muisengam\\u202e")
    9
    >>> first_unsafe("two\\nlines") is None
    True
    """
    return next((index for index, char in enumerate(text) if _is_unsafe(char)), None)


def max_length(field: str) -> int:
    """Return the most characters a text value of ``field`` may hold.

    Examples
    --------
    >>> max_length("label"), max_length("quote"), max_length("title")
    (200, 5000, 1000)
    """
    if field in SHORT_TEXT_FIELDS:
        return SHORT_TEXT_LENGTH
    if field in LONG_TEXT_FIELDS:
        return LONG_TEXT_LENGTH
    return DEFAULT_TEXT_LENGTH


def _character_name(character: str) -> str:
    names = {"\x1b": "escape", "\r": "carriage return", "\x00": "null", "\x7f": "delete"}
    return names.get(character) or unicodedata.name(character, "control").lower()


def text_problem(field: str, text: str) -> str | None:
    """Say what is wrong with ``text`` as the value of ``field``, or return ``None``.

    Parameters
    ----------
    field
        The field's name (its last part: ``label`` for ``nodes[3].label``).
    text
        The value.

    Returns
    -------
    str or None
        A message naming the offending character and its position (counted from 1),
        or the length and the limit; ``None`` when the text is fine.
    """
    limit = max_length(field)
    if len(text) > limit:
        return f"text is {len(text)} characters long; {field or 'a value'} holds at most {limit}"
    return unsafe_problem(text)


def unsafe_problem(text: str) -> str | None:
    """Name the first control or bidi character of ``text`` and its position, or ``None``.

    Examples
    --------
    >>> unsafe_problem("two\\u202e")
    'bidi control U+202E (right-to-left override) at position 4 is not allowed; remove it'
    """
    index = first_unsafe(text)
    if index is None:
        return None
    character = text[index]
    kind = "bidi control" if character in _BIDI_CONTROLS else "control character"
    return (
        f"{kind} U+{ord(character):04X} ({_character_name(character)}) at position"
        f" {index + 1} is not allowed; remove it"
    )


def unsafe_line(text: str) -> tuple[int, str] | None:
    """The line number (from 1) and ``unsafe_problem`` of the first line of ``text`` that
    holds a control or bidi character, else ``None``; line breaks of any system are line
    breaks. One check for an article ingested and a source text placed by hand.

    Examples
    --------
    >>> unsafe_line("one\\r\\ntwo\\x1b")
    (2, 'control character U+001B (escape) at position 4 is not allowed; remove it')
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        problem = unsafe_problem(line)
        if problem is not None:
            return number, problem
    return None


def printable(text: str, *, keep_newlines: bool = True) -> str:
    """Return ``text`` with control and bidi characters shown as escapes, for a terminal.

    Parameters
    ----------
    text
        Untrusted text: a file name, a command-line argument, a value from the data.
    keep_newlines
        Keep line breaks (and tabs) as they are; when false they are escaped too, so
        the result is one line.

    Returns
    -------
    str
        The text with each such character written as ``\\uXXXX``: readable on a
        terminal, and still the same string when it stands inside JSON.

    Examples
    --------
    >>> printable("a\\u202eb\\r")
    'a\\\\u202eb\\\\u000d'
    >>> printable("one\\ntwo", keep_newlines=False)
    'one\\\\u000atwo'
    """
    if not any(_is_unsafe(char) or char in "\n\t\u2028\u2029" for char in text):
        return text
    shown = []
    for char in text:
        if char in _ALLOWED_CONTROLS and keep_newlines:
            shown.append(char)
        elif _is_unsafe(char) or char in "\n\t\u2028\u2029":
            shown.append(f"\\u{ord(char):04x}")
        else:
            shown.append(char)
    return "".join(shown)
