"""Strings that would run script or break a page if they reached it unescaped.

The page tests (``test_render``, ``test_lesson``) share them and ``parse_page``, which reads
a page back as a browser would; the ``hostile_page_graph`` fixture of ``conftest`` puts them
in every free text of a small graph.
"""

from __future__ import annotations

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
