"""The command line, ``python -m graph``: what a user sees, and its exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner, Result

from graph.cli import cli
from graph.export import FORMATS
from graph.handout import handout_html
from graph.lesson import lesson_html
from graph.load import DEFAULT_DATA_DIR
from graph.questions import load_questions
from graph.schema import VERDICTS, KnowledgeBase
from graph.tours import Tour, find_tour, load_tours
from tests.breakages import BREAKAGES, Breakage

ROOT = Path(__file__).resolve().parent.parent

ALMONDS_PATH = (
    "Almonds -rich in-> Magnesium -contributes to (tool's reading)-> Cramp prevention [step 1:"
    " supported (rich per 100 g, moderate per 1 oz handful)] [step 2: insufficient (not"
    " supported for magnesium supplements in older adults with idiopathic"
    " cramps; pregnancy trials conflict; no trial of a magnesium-rich diet found)]"
)
"""The named path's header: each link's relation, and its second claim flagged with the
verdict's scope (fifth read H1, sixth read H1, M2)."""


def run(*args: str) -> Result:
    """Invoke the CLI in-process, keeping stdout and stderr apart."""
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def assert_clean_failure(result: Result, exit_code: int) -> None:
    """Exit with ``exit_code``, a message on stderr, and no traceback anywhere."""
    assert result.exit_code == exit_code, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.strip()
    assert "Traceback" not in result.output


# --- validate -------------------------------------------------------------------------------


def test_validate_reports_counts_of_the_seed_data(kb: KnowledgeBase, seed_graph) -> None:
    tours = load_tours(DEFAULT_DATA_DIR / "tours", seed_graph)
    questions = load_questions(DEFAULT_DATA_DIR / "questions", seed_graph)
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"OK: {len(kb.nodes)} nodes, {len(kb.edges)} edges, 1 source,"
        f" {len(kb.references)} references, {len(kb.evidence)} evidence records,"
        f" {len(tours)} tours, {len(questions)} questions\n"
    )


def test_validate_takes_a_folder_argument(kb_path: Path) -> None:
    result = run("validate", kb_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK: ")


def test_validate_missing_folder_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = run("validate", missing)
    assert_clean_failure(result, 2)
    assert result.stderr == f"{missing}: no such data folder\n"


def test_validate_lists_every_problem_one_per_line(kb_path: Path) -> None:
    nodes = kb_path / "nodes.yaml"
    nodes.write_text(nodes.read_text().replace("type: food", "type: snack", 2))
    result = run("validate", kb_path)
    assert_clean_failure(result, 2)
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    for line in lines:
        assert line.startswith("data/nodes.yaml:")
        assert ": nodes[" in line and "].type: unknown node type 'snack'" in line
    assert result.stdout == ""


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"\x00\x01", id="nul-bytes"),
        pytest.param(b"nodes:\n  - name: \x07bell\n", id="control-character"),
        pytest.param(b"\xef\xbb\xbfnodes:\n  - 1\n", id="bom-and-a-number"),
        pytest.param(b"a: 1\n---\nb: 2\n", id="two-documents"),
        pytest.param(b"%YAML 9.9\n---\na: 1\n", id="yaml-version"),
        pytest.param(b"? [a, b]\n: c\n", id="list-as-key"),
        pytest.param(b"nodes: !!python/object:os.system echo\n", id="python-tag"),
        pytest.param(b"nodes:\n  - !!binary aGVsbG8=\n", id="binary"),
        pytest.param(bytes(range(256)) * 4, id="every-byte"),
    ],
)
def test_validate_never_shows_a_traceback(kb_path: Path, content: bytes) -> None:
    (kb_path / "extra.yaml").write_bytes(content)
    result = run("validate", kb_path)
    assert_clean_failure(result, 2)
    assert result.stderr.startswith("data/extra.yaml:"), result.stderr


def test_validate_refuses_folder_and_data_together(kb_path: Path) -> None:
    result = run("validate", kb_path, "--data", kb_path)
    assert_clean_failure(result, 2)
    assert "not both" in result.stderr


# --- stats ----------------------------------------------------------------------------------


def test_stats_counts_types_relations_and_strengths(seed_graph: nx.MultiDiGraph) -> None:
    result = run("stats")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Nodes: {seed_graph.number_of_nodes()}"
    assert f"Edges: {seed_graph.number_of_edges()}" in lines
    rich_in = sum(1 for *_, key in seed_graph.edges(keys=True) if key == "rich_in")
    assert any(line.split() == ["rich", "in", str(rich_in)] for line in lines)
    assert lines[-1] == "Sources: 1"
    assert "  by verdict:" in lines
    not_assessed = sum(1 for *_, v in seed_graph.edges(data="verdict") if v == "not assessed")
    assert any(line.split() == ["not", "assessed", str(not_assessed)] for line in lines)


def test_stats_json_totals_match_the_breakdowns(seed_graph: nx.MultiDiGraph) -> None:
    result = run("stats", "--json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["nodes"]["total"] == seed_graph.number_of_nodes()
    assert sum(stats["nodes"]["by_type"].values()) == stats["nodes"]["total"]
    assert stats["edges"]["total"] == seed_graph.number_of_edges()
    assert sum(stats["edges"]["by_relation"].values()) == stats["edges"]["total"]
    assert sum(stats["edges"]["by_strength"].values()) == stats["edges"]["total"]
    assert stats["nodes"]["by_type"]["food"] == 8  # the article's 7, and food in general
    assert sum(stats["edges"]["by_verdict"].values()) == stats["edges"]["total"]
    assert list(stats["edges"]["by_verdict"]) == list(VERDICTS)


# --- search ---------------------------------------------------------------------------------


def test_search_finds_the_cramp_by_a_lay_name() -> None:
    result = run("search", "charley horse")
    assert result.exit_code == 0, result.output
    header, first, *_ = result.stdout.splitlines()
    assert header.split() == ["score", "label", "type", "id", "matched"]
    assert first.split()[:6] == ["100.0", "Calf", "muscle", "cramp", "condition", "calf-cramp"]
    assert first.endswith("charley horse (synonym)")


def test_search_forgives_a_typo() -> None:
    result = run("search", "almnd")
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[1]
    assert first.split()[1:4] == ["Almonds", "food", "almonds"]


def test_search_json_holds_ids_best_first() -> None:
    result = run("search", "magnesium", "--json")
    assert result.exit_code == 0, result.output
    matches = json.loads(result.stdout)
    assert matches[0] == {
        "id": "magnesium",
        "label": "Magnesium",
        "type": "nutrient",
        "matched": "magnesium",
        "kind": "id",
        "score": 100.0,
    }
    assert "magnesium-deficiency" in [match["id"] for match in matches]
    scores = [match["score"] for match in matches]
    assert scores == sorted(scores, reverse=True)


def test_search_limit_caps_the_rows() -> None:
    result = run("search", "magnesium", "--limit", "1", "--json")
    assert result.exit_code == 0, result.output
    assert [match["id"] for match in json.loads(result.stdout)] == ["magnesium"]


def test_search_that_finds_nothing_exits_1() -> None:
    result = run("search", "zzzzqqq")
    assert_clean_failure(result, 1)
    assert result.stdout == ""
    assert "no node matches 'zzzzqqq'" in result.stderr


# --- show -----------------------------------------------------------------------------------


def test_show_describes_a_node_with_sentences_and_quotes(seed_graph: nx.MultiDiGraph) -> None:
    result = run("show", "almonds")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Almonds  (Food, id: almonds)"
    assert lines[1] == seed_graph.nodes["almonds"]["description"]
    assert (
        "Also called: almond, sweet almond (the tool's word list); almond (MeSH entry terms)."
        in lines
    )
    assert "rich in (3)" in lines
    sentence = lines.index(
        "  The article lists almonds among foods rich in magnesium (and calcium)."
    )
    quote = seed_graph.edges["almonds", "magnesium", "rich_in"]["provenance"][0]["quote"]
    assert lines[sentence + 1] == f"    \u201c{quote}\u201d (states, calf-cramps-article)"


@pytest.mark.parametrize(
    "name", ["charley horse", "Calf muscle cramp", "calf-cramp", "charly hors"]
)
def test_show_resolves_names_like_the_app(name: str) -> None:
    result = run("show", name)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Calf muscle cramp  (Condition, id: calf-cramp)\n")


def test_show_json_holds_the_node_and_its_edges() -> None:
    result = run("show", "almonds", "--json")
    assert result.exit_code == 0, result.output
    node = json.loads(result.stdout)
    assert (node["id"], node["type"]) == ("almonds", "food")
    assert [(edge["relation"], edge["object"]) for edge in node["edges"]] == [
        ("rich_in", "calcium"),
        ("rich_in", "magnesium"),
        ("rich_in", "vitamin-d"),
    ]
    assert (
        node["edges"][1]["sentence"]
        == "The article lists almonds among foods rich in magnesium (and calcium)."
    )


def test_show_unknown_node_exits_2_with_suggestions() -> None:
    result = run("show", "cofee")
    assert_clean_failure(result, 2)
    assert result.stdout == ""
    assert "no node matches 'cofee'" in result.stderr
    assert "did you mean 'Calcium'" in result.stderr


def test_show_magnesium_prints_identifiers_amounts_and_evidence() -> None:
    result = run("show", "magnesium")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "Identifiers: MeSH D008274" in lines
    assert lines[lines.index("Identifiers: MeSH D008274") + 1].startswith(
        "Daily intake: men 31+ 420 mg (RDA, ODS magnesium fact sheet), women 31+ 320 mg"
    )
    sentence = lines.index(
        "  The article lists almonds among foods rich in magnesium (and calcium)."
    )
    block = lines[sentence : sentence + 6]
    assert block[2] == "    Amounts (USDA SR Legacy):"
    assert block[3] == (
        "      Almonds, raw: 270 mg per 100 g (64% for men 31+, 84% for women 31+ of the RDA,"
        " derived); 1 oz (28.35 g): 77 mg [NDB 12061, FDC 170567]"
    )
    assert block[4].startswith(  # with the rating's line (fifteenth read, #3)
        "    The tool (reading USDA food-table amounts: 20% or more of the higher RDA given is"
        " rich, 10-19% moderate, less modest): \u2713 supported (rich per 100 g,"
        " moderate per 1 oz handful). USDA food tables give"
    )
    assert block[5].startswith("      - USDA (2018). National Nutrient Database")


def test_show_prints_the_verdict_of_every_claim(seed_graph: nx.MultiDiGraph) -> None:
    result = run("show", "lemon rub")
    assert result.exit_code == 0, result.output
    reviews = [line for line in result.stdout.splitlines() if "The tool:" in line]
    assert len(reviews) == seed_graph.degree("lemon-rub") == 2
    assert all("\u2205 no evidence found." in line for line in reviews)


def test_show_json_carries_identifiers_amounts_and_evidence() -> None:
    result = run("show", "magnesium", "--json")
    assert result.exit_code == 0, result.output
    node = json.loads(result.stdout)
    assert node["identifiers"] == {"mesh": "D008274"}
    assert [intake["amount"] for intake in node["daily_intake"]] == [420.0, 320.0]
    almonds = next(edge for edge in node["edges"] if edge["subject"] == "almonds")
    assert almonds["verdict"] == "supported"
    assert almonds["amounts"][0]["per_100g"] == 270.0
    assert almonds["evidence"]["citations"][0]["key"] == "usda-sr-legacy"
    assert "1 oz (28.35 g) of almonds (raw) gives about 77 mg" in almonds["amount"]


def test_show_calf_cramp_lists_exact_and_nearest_mesh() -> None:
    result = run("show", "calf-cramp")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "Identifiers: MeSH D009120, UMLS C0026821" in lines
    assert "Nearest MeSH (not exact): D020922, D013035" in lines


# --- evidence -------------------------------------------------------------------------------


def test_evidence_prints_every_claim_with_its_verdict(seed_graph: nx.MultiDiGraph) -> None:
    result = run("evidence")
    assert result.exit_code == 0, result.output
    # A block per claim (QA pass: a table padded to a 300-character verdict was unreadable).
    blocks = result.stdout.rstrip("\n").split("\n\n")
    *claims, total = blocks
    assert len(claims) == seed_graph.number_of_edges()
    assert total.startswith(f"{seed_graph.number_of_edges()} claims: ")
    for block in claims:
        assert [line[:7] for line in block.splitlines()[1:]] == ["  by   ", "  claim", "  cited"]
        assert max(map(len, block.splitlines())) < 400
    lemon = [b for b in claims if "cut lemon, and itself states that it relieves" in b]
    assert len(lemon) == 1
    assert lemon[0].splitlines()[:2] == ["\u2205 no evidence found", "  by     The tool"]
    toe_pull = [b for b in claims if "sit and pull the foot toward you relieves" in b]
    assert "supported (consensus; low-quality evidence)" in toe_pull[0]


def test_evidence_lists_verdicts_in_vocabulary_order() -> None:
    rows = json.loads(run("evidence", "--json").stdout)
    order = [list(VERDICTS).index(row["verdict"]) for row in rows]
    assert order == sorted(order)


def test_evidence_verdict_filter_keeps_only_that_verdict() -> None:
    result = run("evidence", "--verdict", "not supported", "--verdict", "insufficient", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows
    assert {row["verdict"] for row in rows} == {"not supported", "insufficient"}


def test_evidence_json_rows_carry_summary_and_citations() -> None:
    rows = json.loads(run("evidence", "--json").stdout)
    wall = next(
        row for row in rows if (row["subject"], row["relation"]) == ("wall-stretch", "prevents")
    )
    assert wall["verdict"] == "mixed"
    assert wall["facts_row"] == "E11"
    assert "80 adults" in wall["summary"]
    assert [citation["key"] for citation in wall["citations"]] == [
        "hallegraeff-2012-stretching-trial",
        "cochrane-2021-non-drug-therapies",
    ]
    assert wall["citations"][1]["link"] == "https://doi.org/10.1002/14651858.CD008496.pub3"


def test_evidence_with_a_verdict_no_claim_has_exits_1() -> None:
    result = run("evidence", "--verdict", "possible harm")
    assert_clean_failure(result, 1)
    assert "no claim has the verdict 'possible harm'" in result.stderr


def test_evidence_unknown_verdict_is_a_usage_error() -> None:
    assert_clean_failure(run("evidence", "--verdict", "proven"), 2)


# --- neighbors ------------------------------------------------------------------------------


def test_neighbors_lists_claims_then_nodes() -> None:
    result = run("neighbors", "almonds")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Within 1 step of Almonds: 4 nodes, 5 edges"
    assert (
        "  The article lists almonds among foods rich in magnesium (and calcium). (states)" in lines
    )
    nodes = lines[lines.index("Nodes:") + 1 :]
    assert [line.split()[-1] for line in nodes] == ["almonds", "calcium", "magnesium", "vitamin-d"]


def test_neighbors_depth_widens_the_view() -> None:
    one = json.loads(run("neighbors", "almonds", "--json").stdout)
    two = json.loads(run("neighbors", "almonds", "--depth", "2", "--json").stdout)
    ids_one = {node["id"] for node in one["nodes"]}
    ids_two = {node["id"] for node in two["nodes"]}
    assert ids_one == {"almonds", "calcium", "magnesium", "vitamin-d"}
    assert ids_one < ids_two
    assert "cramp-prevention" in ids_two
    assert two["depth"] == 2


def test_neighbors_rejects_a_negative_depth() -> None:
    assert_clean_failure(run("neighbors", "almonds", "--depth", "-1"), 2)


# --- path -----------------------------------------------------------------------------------


def test_path_prints_almonds_magnesium_cramp_prevention_first(
    seed_graph: nx.MultiDiGraph,
) -> None:
    result = run("path", "almonds", "cramp prevention")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ALMONDS_PATH
    assert lines[1] == (
        "  Each link is a separate claim; the path is not a chain of cause and effect, and no"
        " source says one end leads to the other."
    )
    assert lines[2] == "  1. The article lists almonds among foods rich in magnesium (and calcium)."
    quote = seed_graph.edges["almonds", "magnesium", "rich_in"]["provenance"][0]["quote"]
    assert lines[3] == f"     \u201c{quote}\u201d (states, calf-cramps-article)"
    assert lines[4].startswith(
        "     According to USDA SR Legacy, 1 oz (28.35 g) of almonds (raw) gives about 77 mg"
    )
    # The handful's reading travels with the verdict (tenth read, #5).
    assert lines[5] == (  # with the rating's line (fifteenth read, #3)
        "     The tool (reading USDA food-table amounts: 20% or more of the higher RDA given is"
        " rich, 10-19% moderate, less modest) finds this claim supported (rich per"
        " 100 g, moderate per 1 oz handful)."
    )
    assert lines[6].startswith("  2. The tool infers that magnesium contributes to cramp")
    assert lines[7].startswith("     \u201c")
    assert lines[9].startswith(
        "     The tool, weighing a review, finds the evidence for this claim insufficient (not"
        " supported for magnesium supp"
    )


def test_path_json_ranks_the_magnesium_path_first() -> None:
    result = run("path", "Almonds", "cramp-prevention", "--json", "--limit", "2")
    assert result.exit_code == 0, result.output
    paths = json.loads(result.stdout)
    assert len(paths) == 2
    assert paths[0]["nodes"] == ["almonds", "magnesium", "cramp-prevention"]
    assert paths[0]["steps"][0]["provenance"][0]["source"] == "calf-cramps-article"


def test_path_output_is_deterministic() -> None:
    first = run("path", "walnuts", "charley horse", "--max-length", "4")
    assert first.exit_code == 0, first.output
    assert run("path", "walnuts", "charley horse", "--max-length", "4").stdout == first.stdout


def test_path_none_within_bound_exits_1() -> None:
    result = run("path", "almonds", "swimming", "--max-length", "1")
    assert_clean_failure(result, 1)
    assert "no path of at most 1 steps" in result.stderr


def test_path_unknown_name_exits_2_with_suggestions() -> None:
    result = run("path", "cofee", "cramp prevention")
    assert_clean_failure(result, 2)
    assert "did you mean" in result.stderr


@pytest.mark.parametrize(
    "bounds", [("--max-length", "0"), ("--max-length", "7"), ("--limit", "0"), ("--limit", "51")]
)
def test_path_bounds_out_of_range_exit_2(bounds: tuple[str, str]) -> None:
    assert_clean_failure(run("path", "almonds", "magnesium", *bounds), 2)


def test_path_between_one_node_and_itself_exits_2() -> None:
    result = run("path", "almonds", "almond")
    assert_clean_failure(result, 2)
    assert "two different nodes" in result.stderr


# --- export ---------------------------------------------------------------------------------


FOLDER_FORMATS = {"csv": ("edges.csv", "nodes.csv"), "kgx": ("edges.tsv", "nodes.tsv")}


@pytest.mark.parametrize("fmt", [name for name in FORMATS if name not in FOLDER_FORMATS])
def test_export_writes_identical_bytes_twice(tmp_path: Path, fmt: str) -> None:
    first, second = tmp_path / f"one.{fmt}", tmp_path / f"two.{fmt}"
    for output in (first, second):
        result = run("export", "--format", fmt, "--output", output)
        assert result.exit_code == 0, result.output
        assert result.stdout == f"wrote {output}\n"
    assert first.read_bytes() == second.read_bytes()
    assert first.stat().st_size > 0
    assert run("export", "--format", fmt, "--output", "-").stdout_bytes == first.read_bytes()


@pytest.mark.parametrize("fmt", sorted(FOLDER_FORMATS))
def test_export_folder_format_writes_a_folder_identically_twice(tmp_path: Path, fmt: str) -> None:
    for name in ("one", "two"):
        result = run("export", "--format", fmt, "--output", tmp_path / name)
        assert result.exit_code == 0, result.output
    names = sorted(path.name for path in (tmp_path / "one").iterdir())
    assert tuple(names) == FOLDER_FORMATS[fmt]
    for file in names:
        assert (tmp_path / "one" / file).read_bytes() == (tmp_path / "two" / file).read_bytes()


def test_export_ttl_to_stdout_parses_as_rdf() -> None:
    import rdflib

    result = run("export", "--format", "ttl")
    assert result.exit_code == 0, result.output
    parsed = rdflib.Graph().parse(data=result.stdout, format="turtle")
    verdict = parsed.value(
        rdflib.URIRef("urn:cramp-atlas:claim:lemon-rub--relieves--calf-cramp"),
        rdflib.URIRef("urn:cramp-atlas:vocab:verdict"),
    )
    assert verdict == rdflib.URIRef("urn:cramp-atlas:verdict:no-evidence-found")


def test_export_kgx_to_stdout_is_refused() -> None:
    result = run("export", "--format", "kgx", "--output", "-")
    assert_clean_failure(result, 2)
    assert "cannot all go to stdout" in result.stderr


def test_export_json_to_stdout_parses() -> None:
    result = run("export", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "almonds" in {node["id"] for node in data["nodes"]}


def test_export_csv_to_stdout_is_refused(tmp_path: Path) -> None:
    result = run("export", "--format", "csv", "--output", "-")
    assert_clean_failure(result, 2)
    assert result.stdout == ""
    assert "cannot all go to stdout" in result.stderr
    assert "--output DIR" in result.stderr


def test_export_into_a_missing_folder_exits_2(tmp_path: Path) -> None:
    result = run("export", "--format", "json", "--output", tmp_path / "missing" / "graph.json")
    assert_clean_failure(result, 2)
    assert "does not exist" in result.stderr


def test_export_unknown_format_is_a_usage_error() -> None:
    assert_clean_failure(run("export", "--format", "pdf"), 2)


# --- python -m graph, as a real process -----------------------------------------------------


def python_m_graph(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_python_m_graph_runs_the_cli() -> None:
    done = python_m_graph("path", "almonds", "cramp prevention", "--limit", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == ALMONDS_PATH
    assert done.stderr == ""


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda breakage: breakage.name)
def test_validate_names_file_line_and_field_of_each_breakage(
    kb_path: Path, breakage: Breakage
) -> None:
    where = breakage.apply(kb_path)
    result = run("validate", kb_path)
    assert_clean_failure(result, 2)
    assert result.stdout == ""
    assert str(where) in result.stderr, result.stderr
    assert breakage.says in result.stderr


def test_python_m_graph_validate_reports_a_breakage_on_stderr(kb_path: Path) -> None:
    """The same report from a real process (the cases above run in-process, for speed)."""
    where = BREAKAGES[0].apply(kb_path)
    done = python_m_graph("validate", kb_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    assert str(where) in done.stderr and BREAKAGES[0].says in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


# --- tour, handout, quiz ----------------------------------------------------------------------


@pytest.fixture
def lesson_of(
    seed_graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], tours: tuple[Tour, ...]
) -> Callable[[str], str]:
    """The one-file lesson of a shipped tour, as the library writes it."""
    return lambda tour_id: lesson_html(seed_graph, positions, find_tour(tours, tour_id))


def test_tour_list_prints_id_title_audience_and_steps() -> None:
    result = run("tour", "list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "title", "audience", "steps"]
    assert [line.split()[0] for line in lines[1:]] == [
        "almonds-to-fewer-cramps",
        "what-helps-during-a-cramp",
        "why-calves-cramp",
    ]
    assert lines[1].startswith(
        "almonds-to-fewer-cramps    Almonds, magnesium and cramps: checking a chain"
    )
    assert lines[1].endswith("  8")


def test_tour_list_json_carries_every_tour() -> None:
    result = run("tour", "list", "--json")
    assert result.exit_code == 0, result.output
    tours = json.loads(result.stdout)
    assert [tour["id"] for tour in tours] == [
        "almonds-to-fewer-cramps",
        "what-helps-during-a-cramp",
        "why-calves-cramp",
    ]
    assert set(tours[0]) == {"id", "title", "audience", "description", "steps"}
    assert tours[0]["steps"] == 8


def test_tour_list_of_an_empty_folder_exits_1(tmp_path: Path) -> None:
    result = run("tour", "list", "--tours", tmp_path)
    assert_clean_failure(result, 1)
    assert result.stdout == ""


def test_tour_list_of_a_missing_folder_exits_2(tmp_path: Path) -> None:
    result = run("tour", "list", "--tours", tmp_path / "nowhere")
    assert_clean_failure(result, 2)
    assert "no such tours folder" in result.stderr


def test_tour_export_writes_the_one_file_lesson(
    tmp_path: Path, lesson_of: Callable[[str], str]
) -> None:
    output = tmp_path / "lesson.html"
    result = run("tour", "export", "almonds-to-fewer-cramps", "--output", output)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {output}\n"
    page = output.read_text(encoding="utf-8")
    assert page == lesson_of("almonds-to-fewer-cramps")
    assert 'data-step-count="8"' in page


def test_tour_export_writes_the_same_bytes_twice(tmp_path: Path) -> None:
    for name in ("one.html", "two.html"):
        result = run("tour", "export", "why-calves-cramp", "-o", tmp_path / name)
        assert result.exit_code == 0, result.output
    assert (tmp_path / "one.html").read_bytes() == (tmp_path / "two.html").read_bytes()


def test_tour_export_to_stdout(lesson_of: Callable[[str], str]) -> None:
    result = run("tour", "export", "why-calves-cramp", "--output", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout == lesson_of("why-calves-cramp")


def test_tour_export_unknown_id_exits_2_with_did_you_mean(tmp_path: Path) -> None:
    result = run("tour", "export", "almonds", "--output", tmp_path / "x.html")
    assert_clean_failure(result, 2)
    assert result.stderr == (
        "Error: no tour has the id 'almonds' (did you mean 'almonds-to-fewer-cramps'?)\n"
    )
    assert not (tmp_path / "x.html").exists()


def test_tour_export_needs_an_output() -> None:
    result = run("tour", "export", "why-calves-cramp")
    assert result.exit_code == 2
    assert "Missing option '--output'" in result.stderr


@pytest.mark.parametrize("command", [("tour", "list"), ("tour", "export", "why-calves-cramp")])
def test_tour_problems_exit_2_with_file_line_and_field(
    kb_path: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    tours = kb_path / "tours" / "almonds-to-fewer-cramps.yaml"
    text = tours.read_text(encoding="utf-8")
    tours.write_text(
        text.replace("[dried-apricots, raisins,", "[dried-apricots, raisons,", 1).replace(
            "path: [magnesium, cramp-prevention]", "path: [almonds, cramp-prevention]"
        ),
        encoding="utf-8",
    )
    lines = text.splitlines()
    nodes_line = next(i for i, line in enumerate(lines, 1) if "[dried-apricots, raisins," in line)
    path_line = next(
        i for i, line in enumerate(lines, 1) if "path: [magnesium, cramp-prevention]" in line
    )
    args = [*command, "--data", kb_path]
    if command[1] == "export":
        args += ["--output", tmp_path / "x.html"]
    result = run(*args)
    assert_clean_failure(result, 2)
    file = "data/tours/almonds-to-fewer-cramps.yaml"
    assert result.stderr.splitlines() == [
        f"{file}:{nodes_line}: steps[2].nodes[1]: unknown node 'raisons' (did you mean 'raisins'?)",
        f"{file}:{path_line}: steps[4].path[1]: no edge joins 'almonds' and 'cramp-prevention';"
        " a path walks along edges (list nodes under nodes: to show them without a link)",
    ]
    assert result.stdout == ""


def test_handout_writes_the_printable_page(
    tmp_path: Path,
    seed_graph: nx.MultiDiGraph,
    positions: dict[str, tuple[float, float]],
    tours: tuple[Tour, ...],
) -> None:
    output = tmp_path / "handout.html"
    result = run("handout", "almonds-to-fewer-cramps", "--output", output)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {output}\n"
    tour = find_tour(tours, "almonds-to-fewer-cramps")
    assert output.read_text(encoding="utf-8") == handout_html(seed_graph, positions, tour)


def test_handout_unknown_tour_exits_2_with_did_you_mean(tmp_path: Path) -> None:
    result = run("handout", "why-calf-cramps", "--output", tmp_path / "x.html")
    assert_clean_failure(result, 2)
    assert "did you mean 'why-calves-cramp'?" in result.stderr


def test_quiz_prints_the_questions_then_the_answers() -> None:
    result = run("quiz", "--seed", "3", "--count", "4")
    assert result.exit_code == 0, result.output
    questions = json.loads(run("quiz", "--seed", "3", "--count", "4", "--json").stdout)
    blocks = result.stdout.rstrip("\n").split("\n\n")
    assert len(blocks) == 5
    for number, (block, question) in enumerate(zip(blocks, questions, strict=False), start=1):
        assert block.splitlines() == [
            f"{number}. {question['prompt']}",
            *(f"   {'abcd'[i]}) {option}" for i, option in enumerate(question["options"])),
        ]
    key = blocks[4].splitlines()
    assert key[0] == "Answers:"
    for number, (line, question) in enumerate(zip(key[1:], questions, strict=True), start=1):
        right = question["options"][question["answer"]]
        assert line.startswith(f"{number}. {'abcd'[question['answer']]}) {right}. ")
        assert line.endswith(question["explanation"])


def test_quiz_json_has_exactly_one_right_option_per_question() -> None:
    result = run("quiz", "--seed", "7", "--count", "6", "--json")
    assert result.exit_code == 0, result.output
    questions = json.loads(result.stdout)
    assert len(questions) == 6
    for question in questions:
        assert {"prompt", "options", "answer", "explanation"} <= set(question)
        assert len(set(question["options"])) == len(question["options"]) >= 3
        assert 0 <= question["answer"] < len(question["options"])
        assert question["explanation"]


def test_quiz_is_the_same_for_a_seed_and_differs_for_another() -> None:
    first = run("quiz", "--seed", "11", "--json").stdout
    assert run("quiz", "--seed", "11", "--json").stdout == first
    assert run("quiz", "--seed", "12", "--json").stdout != first


def test_quiz_asking_for_more_than_the_graph_supports_says_so() -> None:
    result = run("quiz", "--count", "500", "--json")
    assert result.exit_code == 0, result.output
    count = len(json.loads(result.stdout))
    assert count < 500
    assert result.stderr == f"only {count} questions: the knowledge base supports no more\n"


def test_quiz_count_below_one_is_a_usage_error() -> None:
    assert run("quiz", "--count", "0").exit_code == 2


def test_python_m_graph_exports_a_lesson(tmp_path: Path, lesson_of: Callable[[str], str]) -> None:
    output = tmp_path / "lesson.html"
    done = python_m_graph("tour", "export", "almonds-to-fewer-cramps", "--output", output)
    assert done.returncode == 0, done.stderr
    assert output.read_text(encoding="utf-8") == lesson_of("almonds-to-fewer-cramps")


def test_neighbors_keeps_the_types_asked_for_and_walks_the_relations_asked_for() -> None:
    run = CliRunner().invoke
    remedies = run(cli, ["neighbors", "calf-cramp", "--type", "remedy", "--json"])
    assert remedies.exit_code == 0, remedies.output
    record = json.loads(remedies.output)
    kinds = {node["id"]: node["type"] for node in record["nodes"]}
    assert kinds.pop("calf-cramp") == "condition"
    assert kinds and set(kinds.values()) == {"remedy"}
    relieving = run(cli, ["neighbors", "calf-cramp", "--relation", "relieves", "--json"])
    edges = json.loads(relieving.output)["edges"]
    assert edges and {edge["relation"] for edge in edges} == {"relieves"}
    unknown = run(cli, ["neighbors", "calf-cramp", "--type", "planet"])
    assert unknown.exit_code == 2
    said = "unknown node type: planet; 'stats' lists the known ones"
    assert unknown.output.strip().endswith(said)
    typo = run(cli, ["neighbors", "calf-cramp", "--relation", "rich-in"])  # QA pass
    assert typo.exit_code == 2 and "(did you mean 'rich_in'?)" in typo.output


def test_problems_cut_short_by_a_closed_pipe_still_exit_2(kb_path: Path) -> None:
    """``validate DIR | head -1`` exited 1 ("nothing found") when the pipe closed while the
    second problem was printed (QA pass); the exit code says bad input whatever the reader."""
    (kb_path / "yy.yaml").write_text("x: [\n")
    (kb_path / "zz.yaml").write_text("y: ]\n")
    code = (
        "import sys; from graph.cli import cli; sys.argv = ['graph', 'validate', sys.argv[1]];cli()"
    )
    for _ in range(3):
        done = subprocess.run(
            f'{sys.executable} -c "{code}" {kb_path} 2>&1 | head -c 1 >/dev/null;'
            " exit ${PIPESTATUS[0]}",
            shell=True,
            executable="/bin/bash",
            cwd=ROOT,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2
