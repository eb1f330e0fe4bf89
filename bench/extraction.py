"""``python -m bench.extraction``: how well ingest's candidates match hand-made gold claims.

Each test article in ``tests/articles`` (written for this project) is run through the
same proposal step as ``python -m graph ingest``, against the shipped knowledge base.
A candidate counts as right when its subject, its object and its relation's family
(``graph.extract.FAMILIES``) match a gold claim; negated candidates (no positive claim)
are left out. Recall is the share of gold claims found, precision the share of
candidates that are right. Targets: recall >= 0.8, precision >= 0.5.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import click
import yaml

from graph.extract import family_of
from graph.extract_parse import load_parser
from graph.ingest import propose_for_text
from graph.load import DEFAULT_DATA_DIR, load_knowledge_base
from graph.schema import KnowledgeBase

from .extraction_match import is_match
from .extraction_misses import misses_lines

__all__ = [
    "ARTICLES",
    "SETS",
    "ArticleScore",
    "articles_of",
    "main",
    "score_article",
    "score_corpus",
    "score_source",
    "source_gold",
]

ARTICLES = Path(__file__).resolve().parent.parent / "tests" / "articles"
RECALL_TARGET = 0.8
PRECISION_TARGET = 0.5


@dataclass(frozen=True, slots=True)
class ArticleScore:
    """Counts for one article: gold claims, candidates, and the matches of each."""

    article: str
    gold: int
    candidates: int
    gold_found: int
    candidates_right: int
    seconds: float = 0.0
    """Time the proposal step took on the article (wall clock)."""

    @property
    def recall(self) -> float:
        """Share of gold claims some candidate matches."""
        return self.gold_found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        """Share of candidates that match a gold claim."""
        return self.candidates_right / self.candidates if self.candidates else 1.0


def score_article(
    name: str, text: str, gold: Iterable[list[str]], kb: KnowledgeBase
) -> ArticleScore:
    """Score the candidates proposed for one article against its gold claims."""
    gold = list(gold)
    started = time.perf_counter()
    candidates, _ = propose_for_text(kb, text)
    seconds = time.perf_counter() - started
    positive = [c for c in candidates if not c.negated]
    found = sum(any(is_match(c, claim, kb) for c in positive) for claim in gold)
    right = sum(any(is_match(c, claim, kb) for claim in gold) for c in positive)
    return ArticleScore(name, len(gold), len(positive), found, right, seconds)


def articles_of(folder: Path) -> list[tuple[str, str, list[list[str]]]]:
    """Every article of ``folder`` listed in its ``gold.yaml``: name, text, gold claims."""
    gold: Mapping[str, list[list[str]]] = yaml.safe_load(
        (folder / "gold.yaml").read_text(encoding="utf-8")
    )["articles"]
    return [
        (name, (folder / f"{name}.txt").read_text(encoding="utf-8"), claims)
        for name, claims in gold.items()
    ]


def score_corpus(
    folder: Path = ARTICLES, *, data_dir: Path = DEFAULT_DATA_DIR
) -> list[ArticleScore]:
    """Score every article of ``folder`` listed in its ``gold.yaml``."""
    kb = load_knowledge_base(data_dir)
    return [score_article(name, text, claims, kb) for name, text, claims in articles_of(folder)]


def source_gold(kb: KnowledgeBase, source_id: str) -> list[list[str]]:
    """The claims curated from a source: its edges, as ``[subject, family, object]``."""
    return [
        [edge.subject, family_of(edge.relation), edge.object]
        for edge in kb.edges
        if any(p.source == source_id for p in edge.provenance)
    ]


def score_source(source_id: str, *, data_dir: Path = DEFAULT_DATA_DIR) -> ArticleScore:
    """Score a source of the knowledge base against the claims already curated from it.

    A real article, with a gold list nobody wrote for this benchmark: the edges whose
    provenance quotes the source. Ingest runs against the whole knowledge base, so the
    nodes are known, as they would be for a second article on the same topic.
    """
    kb = load_knowledge_base(data_dir)
    return score_article(source_id, kb.source(source_id).text, source_gold(kb, source_id), kb)


def _total(scores: list[ArticleScore]) -> ArticleScore:
    return ArticleScore(
        "all",
        sum(s.gold for s in scores),
        sum(s.candidates for s in scores),
        sum(s.gold_found for s in scores),
        sum(s.candidates_right for s in scores),
        sum(s.seconds for s in scores),
    )


SETS: tuple[tuple[str, Path], ...] = (
    ("tuned", ARTICLES),
    ("held-out", ARTICLES / "held-out"),
    ("unseen", ARTICLES / "unseen"),
    ("blind", ARTICLES / "blind"),
)
"""The article sets the bench reports apart: the rules were tuned on the first only, and
no rule was written from the last (written blind, misses never used)."""


def _named_sets(
    articles: Path | None, source_id: str | None
) -> list[tuple[str, list[tuple[str, str, list[list[str]]]]]]:
    """The sets the options name, each as (set name, [(article, text, gold), ...])."""
    if source_id:
        kb = load_knowledge_base()
        return [(source_id, [(source_id, kb.source(source_id).text, source_gold(kb, source_id))])]
    if articles is not None:
        return [(articles.name, articles_of(articles))]
    return [(name, articles_of(folder)) for name, folder in SETS]


def _table(rows: list[ArticleScore]) -> list[str]:
    lines = [
        f"{'article':<24}{'gold':>6}{'cands':>7}{'found':>7}{'right':>7}{'recall':>8}{'prec.':>7}"
        f"{'secs':>7}"
    ]
    lines.extend(
        f"{row.article:<24}{row.gold:>6}{row.candidates:>7}{row.gold_found:>7}"
        f"{row.candidates_right:>7}{row.recall:>8.2f}{row.precision:>7.2f}{row.seconds:>7.2f}"
        for row in rows
    )
    return lines


@click.command()
@click.option(
    "--articles",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="One folder of *.txt articles with a gold.yaml (default: every set, each apart).",
)
@click.option(
    "--source",
    "source_id",
    default=None,
    help="Instead, score a source of data/ against the claims already curated from it.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option(
    "--misses",
    is_flag=True,
    help="Instead, list each gold claim no candidate matched, with its cause, and count causes.",
)
def main(articles: Path | None, source_id: str | None, as_json: bool, misses: bool) -> None:
    """Print candidate recall and precision against the gold claims, per article.

    Without options: the tuned articles, the held-out ones, the unseen ones and the
    blind ones, each set in its own table with its own total, so a gain on the tuned set
    alone shows.
    """
    if misses:
        click.echo("\n".join(misses_lines(_named_sets(articles, source_id))))
        return
    load_parser()  # once, before the clock: each article's seconds are its own
    if source_id:
        sets = [(source_id, [score_source(source_id)])]
    elif articles is not None:
        sets = [(articles.name, score_corpus(articles))]
    else:
        sets = [(name, score_corpus(folder)) for name, folder in SETS]
    if as_json:
        rows = [
            {"set": name, **asdict(row), "recall": row.recall, "precision": row.precision}
            for name, scores in sets
            for row in [*scores, _total(scores)]
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    lines: list[str] = []
    for name, scores in sets:
        if len(sets) > 1:
            lines.extend(["", f"[{name}]"] if lines else [f"[{name}]"])
        lines.extend(_table([*scores, _total(scores)]))
    click.echo("\n".join(lines))
    click.echo(f"targets: recall >= {RECALL_TARGET}, precision >= {PRECISION_TARGET}")


if __name__ == "__main__":
    main()
