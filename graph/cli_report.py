"""The commands that check and count: ``validate``, ``stats``, ``evidence``, ``quiz``.

They read the whole knowledge base and print a summary of it, as text or as JSON with
``--json``; ``validate`` prints every problem as ``file:line: field: message``.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import click
from click.core import ParameterSource

from .check import check_folder
from .cli_common import (
    NothingFound,
    data_option,
    echo_json,
    json_option,
    load_graph,
    max_file_bytes,
    out,
    plural,
    table,
)
from .limits import MAX_QUIZ_QUESTIONS
from .quiz import make_quiz
from .schema import NODE_TYPES, RELATIONS, STRENGTHS, VERDICTS, KnowledgeBase
from .sentences import evidence_overview

__all__ = ["REPORT_COMMANDS"]


def _counts(counter: Counter, names: Iterable[str]) -> dict[str, int]:
    return {name: counter[name] for name in names}


@click.command()
@click.argument("folder", metavar="[DIR]", required=False, type=click.Path(path_type=Path))
@data_option
def validate(folder: Path | None, data_dir: Path) -> None:
    """Check a knowledge-base folder and report every problem.

    Loads DIR (default: the --data folder) with its tours/ and questions/, and
    prints "OK" with the counts, or every problem as file:line: field: message on
    stderr and exits 2.
    """
    context = click.get_current_context()
    if (
        folder is not None
        and context.get_parameter_source("data_dir") is ParameterSource.COMMANDLINE
    ):
        raise click.UsageError("give the folder once: as DIR or with --data, not both")
    checked = check_folder(folder or data_dir, max_file_bytes=max_file_bytes())
    kb: KnowledgeBase = checked.kb
    counts = (
        plural(len(kb.nodes), "node"),
        plural(len(kb.edges), "edge"),
        plural(len(kb.sources), "source"),
        plural(len(kb.references), "reference"),
        plural(len(kb.evidence), "evidence record"),
    )
    extra = [
        plural(len(found), word)
        for found, word in ((checked.tours, "tour"), (checked.questions, "question"))
        if found
    ]
    out("OK: " + ", ".join([*counts, *extra]))


@click.command()
@data_option
@json_option
def stats(data_dir: Path, as_json: bool) -> None:
    """Count nodes by type; edges by relation, strength, verdict."""
    graph = load_graph(data_dir)
    by_type = _counts(Counter(t for _, t in graph.nodes(data="type")), NODE_TYPES)
    by_relation = _counts(Counter(k for _, _, k in graph.edges(keys=True)), RELATIONS)
    by_strength = _counts(Counter(s for _, _, s in graph.edges(data="strength")), STRENGTHS)
    by_verdict = _counts(
        Counter(v for _, _, v in graph.edges(data="verdict", default="not assessed")), VERDICTS
    )
    sources = len(graph.graph["sources"])
    if as_json:
        echo_json(
            {
                "nodes": {"total": graph.number_of_nodes(), "by_type": by_type},
                "edges": {
                    "total": graph.number_of_edges(),
                    "by_relation": by_relation,
                    "by_strength": by_strength,
                    "by_verdict": by_verdict,
                },
                "sources": sources,
                "references": len(graph.graph.get("references", ())),
            }
        )
        return
    lines = [f"Nodes: {graph.number_of_nodes()}"]
    lines += table(
        [(NODE_TYPES[name].plural, str(n)) for name, n in by_type.items()], indent="  ", right=1
    )
    lines.append(f"Edges: {graph.number_of_edges()}")
    for heading, counts, vocabulary in (
        ("relation", by_relation, RELATIONS),
        ("strength", by_strength, STRENGTHS),
        ("verdict", by_verdict, VERDICTS),
    ):
        lines.append(f"  by {heading}:")
        rows = [(vocabulary[name].label, str(n)) for name, n in counts.items()]
        lines += table(rows, indent="    ", right=1)
    lines += [f"References: {len(graph.graph.get('references', ()))}", f"Sources: {sources}"]
    out("\n".join(lines))


@click.command(name="evidence")
@click.option(
    "--verdict",
    type=click.Choice(list(VERDICTS)),
    multiple=True,
    help="Only claims with this verdict (repeat for several).",
)
@data_option
@json_option
def evidence_command(verdict: tuple[str, ...], data_dir: Path, as_json: bool) -> None:
    """List every claim with what the evidence says of it.

    One block per claim: its verdict, who gives it (reviews, studies, guidance, food
    tables or the tool), the claim in words and the works cited. --json adds the
    summaries and full citations.
    Exits 1 when no claim has the verdicts asked for.
    """
    rows = evidence_overview(load_graph(data_dir))
    if verdict:
        rows = [row for row in rows if row["verdict"] in verdict]
    if not rows:
        raise NothingFound(f"no claim has the verdict {' or '.join(map(repr, verdict))}")
    if as_json:
        echo_json(rows)
        return
    # A block per claim, not a table: a verdict's scope runs to 300 characters, and a
    # column that wide left every other line unreadable in a terminal (QA pass).
    blocks = [
        f"{row['icon']} {row['verdict_label']}\n  by     {row['verdict_by']}\n"
        f"  claim  {row['claim']}\n  cited  {row['cited'] or '-'}\n"
        for row in rows
    ]
    counts = Counter(row["verdict"] for row in rows)
    said = ", ".join(f"{counts[name]} {name}" for name in VERDICTS if counts[name])
    out("\n".join([*blocks, f"{plural(len(rows), 'claim')}: {said}"]))


@click.command()
@click.option(
    "--seed",
    type=click.IntRange(-(2**63), 2**63 - 1),
    default=0,
    show_default=True,
    help="Any whole number (64-bit): the same seed always gives the same quiz.",
)
@click.option(
    "--count",
    type=click.IntRange(1, MAX_QUIZ_QUESTIONS),
    default=8,
    show_default=True,
    help=f"How many questions, 1 to {MAX_QUIZ_QUESTIONS} (fewer if the graph supports fewer).",
)
@data_option
@json_option
def quiz(seed: int, count: int, data_dir: Path, as_json: bool) -> None:
    """Ask multiple-choice questions drawn from the graph.

    Each question has one right option, which the article's claims support; the
    answers, with why, follow the questions. Exits 1 when the graph supports none.
    """
    questions = make_quiz(load_graph(data_dir), seed=seed, count=count)
    if not questions:
        raise NothingFound("the knowledge base supports no quiz question")
    if as_json:
        echo_json([dataclasses.asdict(question) for question in questions])
    else:
        letters = "abcdefghijklmnopqrstuvwxyz"
        blocks = []
        for number, question in enumerate(questions, start=1):
            lines = [f"{number}. {question.prompt}"]
            lines += [
                f"   {letters[index]}) {option}" for index, option in enumerate(question.options)
            ]
            blocks.append("\n".join(lines))
        key = ["Answers:"]
        key += [
            f"{number}. {letters[question.answer]}) {question.options[question.answer]}."
            f" {question.explanation}"
            for number, question in enumerate(questions, start=1)
        ]
        out("\n\n".join([*blocks, "\n".join(key)]))
    if len(questions) < count:
        click.echo(
            f"only {plural(len(questions), 'question')}: the knowledge base supports no more",
            err=True,
        )


REPORT_COMMANDS = (validate, stats, evidence_command, quiz)
"""The commands of this module, in the order ``graph.cli`` adds them."""
