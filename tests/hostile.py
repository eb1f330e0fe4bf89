"""Strings that would run script or break a page if they reached it unescaped.

The page tests (``test_render``, ``test_lesson``) share them, and the ``hostile_page_graph``
fixture of ``conftest`` puts them in every free text of a small graph.
"""

from __future__ import annotations

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
