"""Strings that would run script or break a page if they reached it unescaped.

The page tests (``test_render``, ``test_lesson``) share them, ``parse_page``, which reads
a page back as a browser would, and ``parse_safe_page``, which first checks that none of
them got into the page as markup; the ``hostile_page_graph`` fixture of ``conftest`` puts
them in every free text of a small graph.
"""

from __future__ import annotations

import re
from collections.abc import Set
from html.parser import HTMLParser

HOSTILE = {
    "tag": "<img src=x onerror=alert(1)>",
    "script": "</script><script>alert(1)</script>",
    "url": "javascript:alert(1)",
    "quotes": "\"'><svg onload=alert(1)>",
    "separators": "one\u2028two\u2029three",
    "template": "{{ 7 * 7 }}{% raw %}",
    "comment": "<!-- ]]> -->",
}
"""Attack strings by what they attack."""


class PageParts(HTMLParser):
    """A page's tags with their attributes, and the text of its title and of each script
    with an id (``texts["title"]``, ``texts["atlas-payload"]``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, str] = {}
        self._inside: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        self._inside = "title" if tag == "title" else found.get("id") if tag == "script" else None

    def handle_endtag(self, tag: str) -> None:
        self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.texts[self._inside] = self.texts.get(self._inside, "") + data


def parse_page(page: str) -> PageParts:
    """Read ``page`` as a browser's parser would."""
    parser = PageParts()
    parser.feed(page)
    parser.close()
    return parser


def parse_safe_page(page: str, tags: Set[str]) -> PageParts:
    """Check that no ``HOSTILE`` string reached ``page`` as markup, then read it back.

    No string holding a character that means something to HTML or script is in the page
    verbatim, nor is a line or paragraph separator; the page is made of ``tags`` only; no
    attribute is an event handler or a ``javascript:`` link.
    """
    for name, text in HOSTILE.items():
        if re.search("[<>&'\"\u2028\u2029]", text):
            assert text not in page, name
    assert "\u2028" not in page and "\u2029" not in page
    parsed = parse_page(page)
    assert {tag for tag, _ in parsed.tags} <= tags
    for _, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs)
        assert not any("javascript:" in (value or "") for value in attrs.values())
    return parsed
