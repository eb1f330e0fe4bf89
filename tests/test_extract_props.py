"""Whatever an article says, ingest proposes only claims a curator could accept.

Texts are built from the pieces articles are made of (cue words, lists, headings, known
names, stray punctuation); each candidate must have two different ends that are valid
ids the data knows or the draft proposes, a known relation and strength, and a quote the
article says word for word. A candidate breaking any of these would fail validation on
accept, or show the curator a claim on nothing (an empty end once came from "Cut back on
coffee ..., which are loaded with caffeine").
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from graph.grading import STRENGTHS
from graph.ingest import propose_for_text
from graph.kinds import RELATIONS
from graph.load import load_knowledge_base
from graph.schema import is_slug
from tests.article_pieces import TEXTS

KB = load_knowledge_base(Path(__file__).resolve().parent.parent / "data")
KNOWN = {node.id for node in KB.nodes}


def _said_in(quote: str, text: str) -> bool:
    """Whether ``quote`` is in ``text`` word for word (line breaks and runs of spaces
    count as one space, as the splitter joins a sentence's lines)."""
    squeeze = lambda s: re.sub(r"\s+", " ", s).strip()  # noqa: E731
    return squeeze(quote) in squeeze(text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_every_candidate_is_a_claim_a_curator_could_accept(text: str) -> None:
    candidates, new_nodes = propose_for_text(KB, text)
    proposed = {node.id: node for node in new_nodes}
    assert len(proposed) == len(new_nodes), "one new node per id"
    for node in new_nodes:
        assert node.label.strip(), f"new node {node.id!r} has no label"
        assert node.id not in KNOWN, f"new node {node.id!r} is already in the data"
    for c in candidates:
        for end in (c.subject, c.object):
            assert is_slug(end) and len(end) <= 80, f"bad end {end!r} in {c}"
            assert end in KNOWN or end in proposed, f"end {end!r} is nowhere: {c}"
        assert c.subject != c.object, f"a claim of a node on itself: {c}"
        assert c.relation in RELATIONS  # a new node's type is fitted by ingest, not here
        assert c.strength in STRENGTHS
        assert 0 < c.confidence <= 1
        assert c.quote.strip() and _said_in(c.quote, text), f"quote not in the text: {c}"
