"""Helpers for the curator's tests: a knowledge base with a drafted article, and lookups."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graph.cli import cli
from graph.drafts import read_draft

__all__ = ["SEEDS", "STRETCH", "describe_new_node", "drafted", "number_of", "run"]


def run(*args: object) -> Result:
    """Invoke the CLI in-process."""
    return CliRunner().invoke(cli, [str(arg) for arg in args])


ARTICLE = (
    "Night cramps\n\n"
    "A seated toe pull relieves a cramp within a minute. Pumpkin seeds are rich in magnesium.\n"
    "Almonds do not prevent cramps.\n"
)


@pytest.fixture
def drafted(kb_path: Path, tmp_path: Path) -> Path:
    """``kb_path`` after ingesting a three-sentence article as source 'seeds'."""
    article = tmp_path / "seeds.txt"
    article.write_text(ARTICLE)
    result = run("ingest", article, "--id", "seeds", "--title", "Seeds", "--data", kb_path)
    assert result.exit_code == 0, result.output
    return kb_path


def number_of(data_dir: Path, key: str) -> int:
    """The number of the draft's candidate for the claim ``key``."""
    draft = read_draft(data_dir, "seeds")
    return next(c.n for c in draft.candidates if f"{c.subject}|{c.relation}|{c.object}" == key)


def describe_new_node(data_dir: Path, node_id: str, description: str) -> None:
    """Give a new node of the draft a description, as a curator would by hand."""
    path = data_dir / "drafts" / "seeds.yaml"
    text = path.read_text()
    block = f"  - id: {node_id}\n"
    start = text.index(block)
    at = text.index("description: ''", start)
    path.write_text(text[:at] + f"description: {description}" + text[at + 15 :])


STRETCH = "seated-toe-pull|relieves|calf-cramp"
SEEDS = "pumpkin-seed|rich_in|magnesium"
