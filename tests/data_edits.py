"""Load a copy of ``data/`` with some of its text put back as it was, and say what fails.

The trust checks are shown to work by undoing a fix: each test puts an old wording back
into a copy of the knowledge base and expects ``load_knowledge_base`` (what ``validate``
runs) to name the problem.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from graph import load_knowledge_base
from graph.errors import SchemaError
from graph.load import DEFAULT_DATA_DIR

__all__ = ["problems_after"]


def _replace_once(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` (found exactly once; line breaks and indentation may differ
    when the exact text is not there) replaced by ``new``."""
    if text.count(old) == 1:
        return text.replace(old, new)
    pattern = r"\s+".join(map(re.escape, old.split()))
    assert len(re.findall(pattern, text)) == 1, old
    return re.sub(pattern, lambda _match: new, text)


def problems_after(tmp_path: Path, file: str, *changes: str | tuple[str, str]) -> list[str]:
    """``field: message`` of every problem in a copy of ``data/`` whose ``file`` has each
    change made; ``[]`` when it loads. ``changes`` is ``old, new`` or ``(old, new)`` pairs."""
    if len(changes) == 2 and all(isinstance(change, str) for change in changes):
        changes = (changes,)  # type: ignore[assignment]
    copy = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, copy)
    text = (copy / file).read_text(encoding="utf-8")
    for old, new in changes:  # type: ignore[misc]
        text = _replace_once(text, old, new)
    (copy / file).write_text(text, encoding="utf-8")
    try:
        load_knowledge_base(copy)
    except SchemaError as err:
        return [f"{problem.field}: {problem.message}" for problem in err.problems]
    return []
