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
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import click
import yaml

from graph.extract import Candidate, family_of
from graph.ingest import propose_for_text
from graph.load import DEFAULT_DATA_DIR, load_knowledge_base
from graph.mentions import tokenize
from graph.schema import KnowledgeBase

__all__ = [
    "ARTICLES",
    "SETS",
    "ArticleScore",
    "main",
    "score_article",
    "score_corpus",
    "score_source",
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

    @property
    def recall(self) -> float:
        """Share of gold claims some candidate matches."""
        return self.gold_found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        """Share of candidates that match a gold claim."""
        return self.candidates_right / self.candidates if self.candidates else 1.0


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _normal(name: str) -> str:
    return " ".join(_singular(t.word) for t in tokenize(name.replace("-", " ")))


def _names(end: str, kb: KnowledgeBase) -> frozenset[str]:
    """Every normalised name of a candidate's end: its id, or a known node's names."""
    names = {_normal(end)}
    try:
        node = kb.node(end)
    except KeyError:
        return frozenset(names)
    names.update(_normal(name) for name in (node.label, *node.synonyms))
    return frozenset(names)


def _matches(end: str, gold: str, kb: KnowledgeBase) -> bool:
    names = _names(end, kb)
    return any(_normal(option) in names for option in gold.split("|"))


def _is_match(candidate: Candidate, claim: list[str], kb: KnowledgeBase) -> bool:
    subject, family, obj = claim
    return (
        family_of(candidate.relation) == family
        and _matches(candidate.subject, subject, kb)
        and _matches(candidate.object, obj, kb)
    )


def score_article(
    name: str, text: str, gold: Iterable[list[str]], kb: KnowledgeBase
) -> ArticleScore:
    """Score the candidates proposed for one article against its gold claims."""
    gold = list(gold)
    candidates, _ = propose_for_text(kb, text)
    positive = [c for c in candidates if not c.negated]
    found = sum(any(_is_match(c, claim, kb) for c in positive) for claim in gold)
    right = sum(any(_is_match(c, claim, kb) for claim in gold) for c in positive)
    return ArticleScore(name, len(gold), len(positive), found, right)


def score_corpus(
    folder: Path = ARTICLES, *, data_dir: Path = DEFAULT_DATA_DIR
) -> list[ArticleScore]:
    """Score every article of ``folder`` listed in its ``gold.yaml``."""
    kb = load_knowledge_base(data_dir)
    gold: Mapping[str, list[list[str]]] = yaml.safe_load(
        (folder / "gold.yaml").read_text(encoding="utf-8")
    )["articles"]
    return [
        score_article(name, (folder / f"{name}.txt").read_text(encoding="utf-8"), claims, kb)
        for name, claims in gold.items()
    ]


def score_source(source_id: str, *, data_dir: Path = DEFAULT_DATA_DIR) -> ArticleScore:
    """Score a source of the knowledge base against the claims already curated from it.

    A real article, with a gold list nobody wrote for this benchmark: the edges whose
    provenance quotes the source. Ingest runs against the whole knowledge base, so the
    nodes are known, as they would be for a second article on the same topic.
    """
    kb = load_knowledge_base(data_dir)
    gold = [
        [edge.subject, family_of(edge.relation), edge.object]
        for edge in kb.edges
        if any(p.source == source_id for p in edge.provenance)
    ]
    return score_article(source_id, kb.source(source_id).text, gold, kb)


def _total(scores: list[ArticleScore]) -> ArticleScore:
    return ArticleScore(
        "all",
        sum(s.gold for s in scores),
        sum(s.candidates for s in scores),
        sum(s.gold_found for s in scores),
        sum(s.candidates_right for s in scores),
    )


SETS: tuple[tuple[str, Path], ...] = (
    ("tuned", ARTICLES),
    ("held-out", ARTICLES / "held-out"),
    ("unseen", ARTICLES / "unseen"),
)
"""The article sets the bench reports apart: the rules were tuned on the first only."""


def _table(rows: list[ArticleScore]) -> list[str]:
    lines = [
        f"{'article':<24}{'gold':>6}{'cands':>7}{'found':>7}{'right':>7}{'recall':>8}{'prec.':>7}"
    ]
    lines.extend(
        f"{row.article:<24}{row.gold:>6}{row.candidates:>7}{row.gold_found:>7}"
        f"{row.candidates_right:>7}{row.recall:>8.2f}{row.precision:>7.2f}"
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
def main(articles: Path | None, source_id: str | None, as_json: bool) -> None:
    """Print candidate recall and precision against the gold claims, per article.

    Without options: the tuned articles, the held-out ones and the unseen ones, each
    set in its own table with its own total, so a gain on the tuned set alone shows.
    """
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
