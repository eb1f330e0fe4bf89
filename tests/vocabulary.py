"""Claim proposal against a made-up vocabulary, for the extraction tests.

A vocabulary maps each node id to its type and the names the text may call it by; the
tests of the cue rules and of the parser read their sentences against one of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from graph.extract import propose_claims
from graph.extract_claims import Candidate
from graph.mentions import term_index

__all__ = ["Vocabulary", "proposer"]

Vocabulary = Mapping[str, tuple[str, tuple[str, ...]]]
"""Node id -> (node type, the names it goes by)."""


def proposer(nodes: Vocabulary) -> Callable[[str], list[Candidate]]:
    """A function that proposes the candidate claims of a text, naming only ``nodes``."""
    index = term_index([(node_id, names) for node_id, (_, names) in nodes.items()])
    types = {node_id: node_type for node_id, (node_type, _) in nodes.items()}
    return lambda text: propose_claims(text, index, types)
