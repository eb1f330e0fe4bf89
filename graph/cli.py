"""The command line, ``python -m graph``: the library's questions as verbs.

Each command loads the knowledge base (``--data DIR``, default the project's ``data/``),
asks ``graph.query`` or ``graph.export``, and prints plain text to stdout, or JSON with
``--json``. Exit codes: 0 success, 1 nothing found, 2 bad input or usage. The library's
errors become messages in one place, ``AtlasGroup.invoke``, never a traceback.

Examples
--------
>>> from click.testing import CliRunner
>>> print(CliRunner().invoke(cli, ["path", "almonds", "cramp prevention"]).stdout[:40])
Almonds -> Magnesium -> Cramp prevention
>>> CliRunner().invoke(cli, ["search", "zzzzqqq"]).exit_code
1
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click
import networkx as nx
from click.core import ParameterSource

from .build import build_graph
from .check import check_folder
from .cli_large import (
    db_options,
    is_large,
    neighbors_large,
    path_large,
    search_large,
    show_large,
)
from .errors import AtlasError, NoPath, Problem, SchemaError
from .evidence import edge_evidence, edge_verdict
from .export import FORMATS, export_bytes, write_export
from .handout import handout_html
from .index import MAX_PATH_EDGES
from .layout import compute_layout
from .lesson import lesson_html
from .limits import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NAME_LENGTH,
    MAX_QUIZ_QUESTIONS,
    MAX_SEARCH_RESULTS,
    printable,
)
from .load import DEFAULT_DATA_DIR, load_knowledge_base
from .narrate import verdict_label, verdict_source
from .query import (
    MAX_PATH_LENGTH,
    MAX_PATHS,
    evidence_overview,
    find_paths,
    find_reference,
    format_path,
    narrate_path,
    neighbourhood,
    resolve,
    search,
    sentence_for_edge,
)
from .quiz import make_quiz
from .safe_io import data_subfolder, write_atomic
from .schema import IDENTIFIER_SCHEMES, NODE_TYPES, RELATIONS, STRENGTHS, VERDICTS, KnowledgeBase
from .tours import Tour, find_tour, load_tours

__all__ = ["AtlasGroup", "cli"]

F = TypeVar("F", bound=Callable[..., Any])


class BadInput(click.ClickException):
    """Our errors about what the user gave (a name, a folder, a file): exit 2."""

    exit_code = 2

    def format_message(self) -> str:
        return printable(self.message, keep_newlines=False)


class NothingFound(BadInput):
    """A well-formed question with no answer (no match, no path): exit 1."""

    exit_code = 1


class OneLineUsage(click.UsageError):
    """A usage error said on one line, with where to find help, instead of click's three."""

    def show(self, file: Any = None) -> None:
        hint = f" (see '{self.ctx.command_path} --help')" if self.ctx else ""
        message = printable(self.format_message(), keep_newlines=False)
        click.echo(f"Error: {message}{hint}", err=True)


class DataProblems(click.ClickException):
    """The knowledge base does not load: every problem on its own line, exit 2."""

    exit_code = 2

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems

    def show(self, file: Any = None) -> None:
        for problem in self.problems:
            click.echo(printable(str(problem), keep_newlines=False), err=True)


def _one_line(err: click.UsageError) -> click.UsageError:
    """``err`` as a one-line usage error; a bare group call still prints its help."""
    if isinstance(err, OneLineUsage | click.exceptions.NoArgsIsHelpError):
        return err
    return OneLineUsage(err.format_message(), err.ctx)


class AtlasGroup(click.Group):
    """A click group that turns the library's errors into messages and exit codes.

    ``SchemaError`` prints each problem as ``file:line: field: message``; ``NoPath``
    exits 1; any other ``AtlasError`` (an unknown name, with its suggestions) and
    file-system errors exit 2. Click's own usage errors exit 2 too, said on one line.
    """

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as err:
            raise _one_line(err) from err

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as err:
            raise _one_line(err) from err
        except SchemaError as err:
            raise DataProblems(err.problems) from err
        except NoPath as err:
            raise NothingFound(f"{err} (--max-length goes up to {MAX_PATH_LENGTH})") from err
        except AtlasError as err:
            raise BadInput(str(err)) from err
        except BrokenPipeError:
            raise  # the reader went away (``| head``); click exits quietly
        except OSError as err:
            where = f" ({err.filename})" if err.filename else ""
            raise BadInput(f"{err.strerror or err}{where}") from err


def _default_data_dir(context: click.Context, param: click.Parameter, value: Path) -> Path:
    """Refuse the default folder when it is missing, as it is for an installed package."""
    source = context.get_parameter_source(param.name or "")
    if source is ParameterSource.DEFAULT and not value.is_dir():
        raise click.UsageError(
            "no default knowledge base here (the package is installed without the project's"
            " data/ folder): pass --data DIR"
        )
    return value


def data_option(command: F) -> F:
    """Add ``--data DIR``: the knowledge-base folder to load."""
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(path_type=Path),
        default=DEFAULT_DATA_DIR,
        callback=_default_data_dir,
        help=(
            "Knowledge-base folder: *.yaml files and sources/ (default: the project's data/);"
            " search, show, neighbors and path also take a node-link file from import."
        ),
    )(command)


def json_option(command: F) -> F:
    """Add ``--json``: print machine-readable JSON instead of text."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(
        command
    )


def tours_option(command: F) -> F:
    """Add ``--tours DIR``: the folder of tour files (default: ``tours/`` in ``--data``)."""
    return click.option(
        "--tours",
        "tours_dir",
        type=click.Path(path_type=Path),
        default=None,
        help="Folder of tour files, one tour per *.yaml (default: tours/ in the --data folder).",
    )(command)


def output_option(command: F) -> F:
    """Add ``--output PATH`` (required): the file to write, ``-`` for stdout."""
    return click.option(
        "--output",
        "-o",
        metavar="PATH",
        required=True,
        help="File to write, '-' for stdout.",
    )(command)


def force_option(command: F) -> F:
    """Add ``--force``: replace an output file that already exists."""
    return click.option(
        "--force",
        is_flag=True,
        help="Replace the output if it exists (a symbolic link is never written through).",
    )(command)


def _bounded_name(context: click.Context, parameter: click.Parameter, value: Any) -> Any:
    """Refuse a name (a node, a tour id, a search text) too long to be one."""
    if isinstance(value, str) and len(value) > MAX_NAME_LENGTH:
        raise click.BadParameter(
            f"is {len(value)} characters long; a name has at most {MAX_NAME_LENGTH}",
            ctx=context,
            param=parameter,
        )
    return value


def _max_file_bytes() -> int:
    """The file-size limit given to the group (``--max-file-kb``), in bytes."""
    context = click.get_current_context(silent=True)
    settings = context.find_object(dict) if context else None
    return (settings or {}).get("max_file_bytes", MAX_FILE_BYTES)


def _load_graph(data_dir: Path) -> nx.MultiDiGraph:
    return build_graph(load_knowledge_base(data_dir, max_file_bytes=_max_file_bytes()))


def _load_tours(data_dir: Path, tours_dir: Path | None) -> tuple[nx.MultiDiGraph, tuple[Tour, ...]]:
    graph = _load_graph(data_dir)
    if tours_dir is None:
        tours_dir = data_subfolder(data_dir, "tours") or data_dir / "tours"
    return graph, load_tours(tours_dir, graph, max_file_bytes=_max_file_bytes())


def _out(text: str, *, nl: bool = True) -> None:
    """Print ``text`` to stdout with control and bidi characters made visible."""
    click.echo(printable(text), nl=nl)


def _write_page(page: str, output: str, *, force: bool) -> None:
    """Write an HTML page to ``output`` (``-``: stdout) and say where it went."""
    if output == "-":
        click.echo(page, nl=False)  # a page we made (its scripts hold such characters)
        return
    write_atomic(Path(output), page.encode("utf-8"), force=force)
    _out(f"wrote {output}")


def _echo_json(value: object) -> None:
    _out(json.dumps(value, indent=2, ensure_ascii=False))


def _quote_line(provenance: dict) -> str:
    return f"\u201c{provenance['quote']}\u201d ({provenance['strength']}, {provenance['source']})"


def _edge_record(graph: nx.MultiDiGraph, edge: tuple[str, str, str]) -> dict:
    sentence = sentence_for_edge(graph, edge)
    subject, obj, relation = edge
    data = graph.edges[edge]
    return {
        "subject": subject,
        "relation": relation,
        "object": obj,
        "sentence": sentence.text,
        "strength": sentence.strength,
        "provenance": [dict(prov) for prov in sentence.provenance],
        "verdict": sentence.verdict,
        "note": sentence.note,
        "amount": sentence.amount,
        "evidence": data.get("evidence") or {},
        "amounts": list(data.get("amounts") or ()),
    }


def _short(graph: nx.MultiDiGraph, key: str) -> str:
    reference = find_reference(graph, key)
    return reference["short"] if reference else key


def _number(value: float) -> str:
    return f"{value:g}"


def _amount_lines(amounts: Iterable[dict], indent: str) -> list[str]:
    """One line per food item: per 100 g, derived share of the daily intake, serving, ids."""
    lines = []
    for amount in amounts:
        unit = amount["unit"]
        head = amount["item"]
        if amount.get("fortified") is not None:
            head += ", fortified" if amount["fortified"] else ", not fortified"
        line = f"{indent}{head}: {_number(amount['per_100g'])} {unit} per 100 g"
        shares = amount.get("daily_share") or ()
        if shares:
            said = ", ".join(f"{share['percent']}% for {share['group']}" for share in shares)
            line += f" ({said} of the {shares[0]['kind']}, derived)"
        serving = amount.get("serving")
        if serving:
            grams = f" ({_number(serving['grams'])} g)" if serving.get("grams") else ""
            line += f"; {serving['label']}{grams}: {_number(serving['amount'])} {unit}"
        ids = f"NDB {amount['ndb']}" + (f", FDC {amount['fdc_id']}" if "fdc_id" in amount else "")
        line += f" [{ids}]"
        if amount.get("note"):
            line += f" {amount['note']}"
        lines.append(line)
    return lines


def _evidence_lines(graph: nx.MultiDiGraph, edge: tuple[str, str, str], indent: str) -> list[str]:
    """The verdict with its facts row and summary, then each citation with its address."""
    verdict, evidence = edge_verdict(graph, edge), edge_evidence(graph, edge)
    row = f" ({evidence['facts_row']})" if evidence.get("facts_row") else ""
    summary = f" {evidence['summary']}" if evidence.get("summary") else ""
    by, label = verdict_source(evidence), verdict_label(graph, edge)
    lines = [f"{indent}{by}: {verdict.icon} {label}{row}.{summary}"]
    for reference in evidence.get("citations", ()):
        link = f" {reference['link']}" if reference.get("link") else ""
        lines.append(f"{indent}  - {reference['citation']}{link}")
    return lines


def _node_record(graph: nx.MultiDiGraph, node_id: str) -> dict:
    data = graph.nodes[node_id]
    return {"id": node_id, "label": data["label"], "type": data["type"]}


def _by_label(graph: nx.MultiDiGraph, node_ids: Iterable[str]) -> list[str]:
    return sorted(node_ids, key=lambda node: (graph.nodes[node]["label"].casefold(), node))


def _table(rows: list[tuple[str, ...]], *, indent: str = "", right: int = -1) -> list[str]:
    """Rows as aligned columns (column ``right`` flush right), without trailing spaces."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        (
            indent
            + "  ".join(
                cell.rjust(width) if column == right else cell.ljust(width)
                for column, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
        ).rstrip()
        for row in rows
    ]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _counts(counter: Counter, names: Iterable[str]) -> dict[str, int]:
    return {name: counter[name] for name in names}


@click.group(cls=AtlasGroup)
@click.option(
    "--max-file-kb",
    type=click.IntRange(1, 1024 * 1024),
    default=MAX_FILE_BYTES // 1024,
    show_default=True,
    envvar="CRAMP_ATLAS_MAX_FILE_KB",
    help="Largest data file read, in KiB (env: CRAMP_ATLAS_MAX_FILE_KB); larger are refused.",
)
@click.pass_context
def cli(context: click.Context, max_file_kb: int) -> None:
    """Cramp Atlas: explore the calf-cramp knowledge graph from the command line.

    Exit codes: 0 success, 1 nothing found, 2 bad input or usage. An educational
    tool, not medical advice.
    """
    context.ensure_object(dict)["max_file_bytes"] = max_file_kb * 1024


@cli.command()
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
    checked = check_folder(folder or data_dir, max_file_bytes=_max_file_bytes())
    kb: KnowledgeBase = checked.kb
    counts = (
        _plural(len(kb.nodes), "node"),
        _plural(len(kb.edges), "edge"),
        _plural(len(kb.sources), "source"),
        _plural(len(kb.references), "reference"),
        _plural(len(kb.evidence), "evidence record"),
    )
    extra = [
        _plural(len(found), word)
        for found, word in ((checked.tours, "tour"), (checked.questions, "question"))
        if found
    ]
    _out("OK: " + ", ".join([*counts, *extra]))


@cli.command()
@data_option
@json_option
def stats(data_dir: Path, as_json: bool) -> None:
    """Count nodes by type; edges by relation, strength, verdict."""
    graph = _load_graph(data_dir)
    by_type = _counts(Counter(t for _, t in graph.nodes(data="type")), NODE_TYPES)
    by_relation = _counts(Counter(k for _, _, k in graph.edges(keys=True)), RELATIONS)
    by_strength = _counts(Counter(s for _, _, s in graph.edges(data="strength")), STRENGTHS)
    by_verdict = _counts(
        Counter(v for _, _, v in graph.edges(data="verdict", default="not assessed")), VERDICTS
    )
    sources = len(graph.graph["sources"])
    if as_json:
        _echo_json(
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
    lines += _table(
        [(NODE_TYPES[name].plural, str(n)) for name, n in by_type.items()], indent="  ", right=1
    )
    lines += [f"Edges: {graph.number_of_edges()}", "  by relation:"]
    lines += _table(
        [(RELATIONS[name].label, str(n)) for name, n in by_relation.items()],
        indent="    ",
        right=1,
    )
    lines += ["  by strength:"]
    lines += _table(
        [(STRENGTHS[name].label, str(n)) for name, n in by_strength.items()],
        indent="    ",
        right=1,
    )
    lines += ["  by verdict:"]
    lines += _table(
        [(VERDICTS[name].label, str(n)) for name, n in by_verdict.items()],
        indent="    ",
        right=1,
    )
    lines += [f"References: {len(graph.graph.get('references', ()))}", f"Sources: {sources}"]
    _out("\n".join(lines))


@cli.command(name="search")
@click.argument("text", callback=_bounded_name)
@click.option(
    "--limit",
    type=click.IntRange(1, MAX_SEARCH_RESULTS),
    default=10,
    show_default=True,
    help=f"Most matches to print (1 to {MAX_SEARCH_RESULTS}).",
)
@data_option
@db_options
@json_option
def search_command(
    text: str, limit: int, data_dir: Path, db: str | None, db_graph: str, as_json: bool
) -> None:
    """Find nodes by name, forgiving typos.

    Matches TEXT against every id, label and synonym, and prints the matches best
    first with the name that matched and a score (0-100). Exits 1 when nothing matches.
    """
    if is_large(data_dir, db):
        return search_large(data_dir, db, db_graph, text=text, limit=limit, as_json=as_json)
    matches = search(_load_graph(data_dir), text, limit=limit)
    if as_json:
        _echo_json(
            [
                {
                    "id": match.node_id,
                    "label": match.label,
                    "type": match.node_type,
                    "matched": match.matched,
                    "kind": match.kind,
                    "score": round(match.score, 1),
                }
                for match in matches
            ]
        )
    else:
        rows = [("score", "label", "type", "id", "matched")]
        rows += [
            (
                f"{match.score:5.1f}",
                match.label,
                match.node_type,
                match.node_id,
                f"{match.matched} ({match.kind})",
            )
            for match in matches
        ]
        if matches:
            _out("\n".join(_table(rows, right=0)))
    if not matches:
        raise NothingFound(f"no node matches {text!r}")


@cli.command()
@click.argument("node", callback=_bounded_name)
@data_option
@db_options
@json_option
def show(node: str, data_dir: Path, db: str | None, db_graph: str, as_json: bool) -> None:
    """Describe a node, its claims and what reviews say of them.

    NODE is an id, label or synonym (typos forgiven). Prints the node's identifiers, then
    its claims grouped by relation: each said in words, followed by its quotes and
    strength, the food amounts (rich-in claims) and the evidence verdict with citations.
    An imported graph's edges without quotes name the data set they came from.
    """
    if is_large(data_dir, db):
        return show_large(data_dir, db, db_graph, node=node, as_json=as_json)
    graph = _load_graph(data_dir)
    node_id = resolve(graph, node)
    data = graph.nodes[node_id]
    edges = sorted(
        [*graph.out_edges(node_id, keys=True), *graph.in_edges(node_id, keys=True)],
        key=lambda edge: (list(RELATIONS).index(edge[2]), edge[0], edge[1]),
    )
    if as_json:
        _echo_json(
            {
                **_node_record(graph, node_id),
                "description": data["description"],
                "synonyms": list(data["synonyms"]),
                "identifiers": dict(data["identifiers"]),
                "related_mesh": list(data.get("related_mesh", ())),
                "daily_intake": list(data.get("daily_intake", ())),
                "edges": [_edge_record(graph, edge) for edge in edges],
            }
        )
        return
    type_label = NODE_TYPES[data["type"]].label
    lines = [f"{data['label']}  ({type_label}, id: {node_id})", data["description"]]
    if data["synonyms"]:
        lines.append("Also called: " + ", ".join(data["synonyms"]))
    if data["identifiers"]:
        lines.append(
            "Identifiers: "
            + ", ".join(
                f"{IDENTIFIER_SCHEMES[scheme].label} {value}"
                for scheme, value in sorted(data["identifiers"].items())
            )
        )
    if data.get("related_mesh"):
        lines.append("Nearest MeSH (not exact): " + ", ".join(data["related_mesh"]))
    if data.get("daily_intake"):
        lines.append(
            "Daily intake: "
            + ", ".join(
                f"{intake['group']} {_number(intake['amount'])} {intake['unit']}"
                f" ({intake['kind']}, {_short(graph, intake['source'])})"
                for intake in data["daily_intake"]
            )
        )
    for relation in RELATIONS:
        group = [edge for edge in edges if edge[2] == relation]
        if not group:
            continue
        lines += ["", f"{RELATIONS[relation].label} ({len(group)})"]
        for edge in group:
            sentence = sentence_for_edge(graph, edge)
            lines.append(f"  {sentence.text}")
            lines += [f"    {_quote_line(prov)}" for prov in sentence.provenance]
            amounts = graph.edges[edge].get("amounts") or ()
            if amounts:
                lines.append(f"    Amounts ({_short(graph, amounts[0]['source'])}):")
                lines += _amount_lines(amounts, "      ")
            lines += _evidence_lines(graph, edge, "    ")
    if not edges:
        lines += ["", "No claims involve this node yet."]
    _out("\n".join(lines))


@cli.command()
@click.argument("node", callback=_bounded_name)
@click.option(
    "--depth",
    type=click.IntRange(0, MAX_DEPTH),
    default=1,
    show_default=True,
    help=f"How many steps out from NODE, in either direction (0 to {MAX_DEPTH}).",
)
@data_option
@db_options
@json_option
def neighbors(
    node: str, depth: int, data_dir: Path, db: str | None, db_graph: str, as_json: bool
) -> None:
    """List the claims and nodes around a node.

    Everything within --depth steps of NODE, walking edges either way: the claims as
    sentences, then the nodes.
    """
    if is_large(data_dir, db):
        return neighbors_large(data_dir, db, db_graph, node=node, depth=depth, as_json=as_json)
    graph = _load_graph(data_dir)
    node_id = resolve(graph, node)
    view = neighbourhood(graph, [node_id], depth=depth)
    edges = sorted(view.edges(keys=True))
    node_ids = _by_label(graph, view.nodes)
    if as_json:
        _echo_json(
            {
                "center": node_id,
                "depth": depth,
                "nodes": [_node_record(graph, other) for other in node_ids],
                "edges": [_edge_record(graph, edge) for edge in edges],
            }
        )
        return
    label = graph.nodes[node_id]["label"]
    lines = [
        f"Within {depth} step{'s' if depth != 1 else ''} of {label}: "
        f"{len(node_ids)} nodes, {len(edges)} edges"
    ]
    if edges:
        lines += ["", "Claims:"]
        lines += [
            f"  {sentence_for_edge(graph, edge).text} ({view.edges[edge]['strength']})"
            for edge in edges
        ]
    lines += ["", "Nodes:"]
    lines += _table(
        [(graph.nodes[other]["label"], graph.nodes[other]["type"], other) for other in node_ids],
        indent="  ",
    )
    _out("\n".join(lines))


@cli.command()
@click.argument("source", metavar="FROM", callback=_bounded_name)
@click.argument("target", metavar="TO", callback=_bounded_name)
@click.option(
    "--max-length",
    type=click.IntRange(1, MAX_PATH_LENGTH),
    default=3,
    show_default=True,
    help=f"Most steps in a path (1 to {MAX_PATH_LENGTH}).",
)
@click.option(
    "--limit",
    type=click.IntRange(1, MAX_PATHS),
    default=5,
    show_default=True,
    help=f"Most paths to print (1 to {MAX_PATHS}).",
)
@data_option
@db_options
@json_option
def path(
    source: str,
    target: str,
    max_length: int,
    limit: int,
    data_dir: Path,
    db: str | None,
    db_graph: str,
    as_json: bool,
) -> None:
    """Explain how one node leads to another.

    Prints ranked paths from FROM to TO, shortest and firmest first, each step said in
    words with its quote, how much of a nutrient a food gives, and a note when reviews
    find the step weak. Exits 1 when no path is at most --max-length steps long.
    """
    if is_large(data_dir, db):
        return path_large(
            data_dir,
            db,
            db_graph,
            source=source,
            target=target,
            max_length=min(max_length, MAX_PATH_EDGES),
            limit=limit,
            as_json=as_json,
        )
    graph = _load_graph(data_dir)
    source_id, target_id = resolve(graph, source), resolve(graph, target)
    if source_id == target_id:
        raise click.UsageError(f"FROM and TO both name {source_id!r}; give two different nodes")
    paths = find_paths(graph, source_id, target_id, max_length=max_length, limit=limit)
    if as_json:
        _echo_json(
            [
                {
                    "nodes": list(found.nodes),
                    "text": format_path(graph, found),
                    "steps": [
                        {**_edge_record(graph, step.edge), "forward": step.forward}
                        for step in found.steps
                    ],
                }
                for found in paths
            ]
        )
        return
    blocks = []
    for found in paths:
        lines = [format_path(graph, found)]
        for number, sentence in enumerate(narrate_path(graph, found), start=1):
            lines.append(f"  {number}. {sentence.text}")
            lines += [f"     {_quote_line(prov)}" for prov in sentence.provenance]
            lines += [f"     {extra}" for extra in (sentence.amount, sentence.note) if extra]
        blocks.append("\n".join(lines))
    _out("\n\n".join(blocks))


@cli.command(name="evidence")
@click.option(
    "--verdict",
    "verdicts",
    type=click.Choice(list(VERDICTS)),
    multiple=True,
    help="Only claims with this verdict (repeat for several).",
)
@data_option
@json_option
def evidence_command(verdicts: tuple[str, ...], data_dir: Path, as_json: bool) -> None:
    """List every claim with what reviews say of it.

    One row per claim: its verdict, the row of the curated facts it comes from, the
    claim in words and the works cited. --json adds the summaries and full citations.
    Exits 1 when no claim has the verdicts asked for.
    """
    rows = evidence_overview(_load_graph(data_dir))
    if verdicts:
        rows = [row for row in rows if row["verdict"] in verdicts]
    if not rows:
        raise NothingFound(f"no claim has the verdict {' or '.join(map(repr, verdicts))}")
    if as_json:
        _echo_json(rows)
        return
    table = [("verdict", "row", "claim", "cited")]
    table += [
        (
            f"{row['icon']} {row['verdict_label']}",
            row["facts_row"] or "-",
            row["claim"],
            row["cited"] or "-",
        )
        for row in rows
    ]
    counts = Counter(row["verdict"] for row in rows)
    said = ", ".join(f"{counts[name]} {name}" for name in VERDICTS if counts[name])
    _out("\n".join([*_table(table), "", f"{_plural(len(rows), 'claim')}: {said}"]))


_FORMAT_LIST = "\b\nFormats:\n" + "\n".join(
    f"  {name:<8} {description}" for name, description in FORMATS.items()
)


@cli.command(epilog=_FORMAT_LIST)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    required=True,
    help="What to write (formats listed below).",
)
@click.option(
    "--output",
    "-o",
    metavar="PATH",
    default="-",
    show_default=True,
    help="File to write, '-' for stdout; for csv and kgx, a folder.",
)
@force_option
@data_option
def export(fmt: str, output: str, force: bool, data_dir: Path) -> None:
    """Write the whole graph as a file for other tools.

    The same data always gives the same bytes. An existing file is replaced only
    with --force.
    """
    graph = _load_graph(data_dir)
    if output == "-":
        files = export_bytes(graph, fmt)
        if len(files) != 1:
            names = ", ".join(files)
            raise click.UsageError(
                f"{fmt} writes {len(files)} files ({names}), which cannot all go to stdout;"
                " give a folder with --output DIR"
            )
        # Bytes as exported (validated data holds no control character; csv needs its \r).
        click.echo(next(iter(files.values())), nl=False)
        return
    for written in write_export(graph, fmt, Path(output), force=force):
        _out(f"wrote {written}")


@cli.group()
def tour() -> None:
    """Guided tours: list them, export one as a one-file lesson.

    Tours live in data/tours/*.yaml, one per file, and are checked against the
    knowledge base: every problem is reported as file:line: field: message (exit 2).
    """


@tour.command(name="list")
@data_option
@tours_option
@json_option
def tour_list(data_dir: Path, tours_dir: Path | None, as_json: bool) -> None:
    """List the tours: id, title, audience and number of steps.

    Exits 1 when the folder holds no tour.
    """
    _, tours = _load_tours(data_dir, tours_dir)
    if as_json:
        _echo_json(
            [
                {
                    "id": found.id,
                    "title": found.title,
                    "audience": found.audience,
                    "description": found.description,
                    "steps": len(found.steps),
                }
                for found in tours
            ]
        )
    elif tours:
        rows = [("id", "title", "audience", "steps")]
        rows += [(found.id, found.title, found.audience, str(len(found.steps))) for found in tours]
        _out("\n".join(_table(rows, right=3)))
    if not tours:
        raise NothingFound("no tours: add a *.yaml file to the tours folder")


@tour.command(name="export")
@click.argument("tour_id", callback=_bounded_name)
@output_option
@force_option
@data_option
@tours_option
def tour_export(
    tour_id: str, output: str, force: bool, data_dir: Path, tours_dir: Path | None
) -> None:
    """Write a tour as one self-contained HTML lesson.

    The file presents TOUR_ID step by step in any browser, with no network and no
    server: arrow keys, Page Up/Down or Space to move, A to show an answer. The same
    data always gives the same bytes.
    """
    graph, tours = _load_tours(data_dir, tours_dir)
    found = find_tour(tours, tour_id)
    _write_page(lesson_html(graph, compute_layout(graph), found), output, force=force)


@cli.command()
@click.argument("tour_id", callback=_bounded_name)
@output_option
@force_option
@data_option
@tours_option
def handout(tour_id: str, output: str, force: bool, data_dir: Path, tours_dir: Path | None) -> None:
    """Write a printable handout of a tour as one HTML page.

    A picture of the tour's nodes, each step's narration, the quotes and what reviews
    say, the questions with space to answer, and the answer key on its own page. Print
    it, or save it as PDF, from any browser.
    """
    graph, tours = _load_tours(data_dir, tours_dir)
    found = find_tour(tours, tour_id)
    _write_page(handout_html(graph, compute_layout(graph), found), output, force=force)


@cli.command()
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
    questions = make_quiz(_load_graph(data_dir), seed=seed, count=count)
    if not questions:
        raise NothingFound("the knowledge base supports no quiz question")
    if as_json:
        _echo_json([dataclasses.asdict(question) for question in questions])
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
        _out("\n\n".join([*blocks, "\n".join(key)]))
    if len(questions) < count:
        click.echo(
            f"only {_plural(len(questions), 'question')}: the knowledge base supports no more",
            err=True,
        )


# The curator's commands live in graph.cli_curate, which uses this module's options and
# errors: registered last, once those exist.
from .cli_curate import CURATOR_COMMANDS  # noqa: E402

for _command in CURATOR_COMMANDS:
    cli.add_command(_command)

# Commands for graphs of any size live in their own module; the group runs them the same way.
from .cli_scale import db, import_command  # noqa: E402

cli.add_command(import_command)
cli.add_command(db)
