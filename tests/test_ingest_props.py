"""Whatever article is ingested, a curator who accepts every candidate gets valid data.

Each example ingests a text made of article pieces into a fresh copy of ``data/`` and
accepts its candidates one by one, as a curator clicking down the list would (having
described each new node, as accepting one asks). Ingest
either drafts or refuses in one line; each accept either writes data that validates or
refuses with ``file:line: field: message`` lines (a new node needs the curator's
description, for one) and leaves every file as it was. Never a
traceback: a candidate whose end had no node behind it once stopped ingest with one.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from graph.accept import accept_candidates
from graph.check import check_folder
from graph.drafts import edit_new_node, read_draft
from graph.errors import AtlasError, SchemaError
from graph.ingest import ingest_article
from graph.load import DEFAULT_DATA_DIR
from tests.article_pieces import TEXTS
from tests.hostile_world import snapshot

_PROBLEM = re.compile(r"^\S[^\n]*:\d+: [^\n]+$")
"""One problem line: ``file:line: field: message``."""


def _describe_new_nodes(data: Path) -> None:
    """Give each proposed new node the one-sentence description accepting needs."""
    for node in read_draft(data, "piece").new_nodes:
        edit_new_node(data, "piece", node.id, {"description": f"{node.label}, as said."})


def _accept_each(data: Path) -> int:
    """Accept the draft's candidates one by one; how many were written."""
    written = 0
    for candidate in read_draft(data, "piece").candidates:
        before = snapshot(data)
        try:
            accept_candidates(data, "piece", [candidate.n])
        except SchemaError as refused:
            _, *problems = str(refused).splitlines()  # a count, then one line each
            assert problems and all(_PROBLEM.match(line) for line in problems), str(refused)
            assert snapshot(data) == before, "a refused accept changed the data"
            continue
        written += 1
        check_folder(data)  # what was written validates, tours and questions with it
    return written


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_ingest_and_accept_every_candidate_leave_valid_data(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(shutil.copytree(DEFAULT_DATA_DIR, Path(folder) / "data"))
        article = Path(folder) / "piece.txt"
        article.write_text(f"Calf cramps and what helps\n\n{text}\n", encoding="utf-8")
        try:
            ingest_article(data, article, source_id="piece", title="Pieces")
        except AtlasError as refused:
            assert "\n" not in str(refused).strip(), f"not one line: {refused}"
            return
        _describe_new_nodes(data)
        _accept_each(data)
