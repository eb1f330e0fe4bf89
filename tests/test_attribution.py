"""Qualified verdicts and the curator's own guesses keep their qualifiers wherever shown."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from graph.handout import handout_html
from graph.layout import compute_layout
from graph.narrate import edge_verdict_sentence, verdict_label
from graph.questions import DEFAULT_QUESTIONS_DIR, answer_question, load_questions
from graph.render import canvas_payload
from graph.scope import cites_the_facts
from graph.sentences import evidence_overview, sentence_for_edge
from graph.terms import terms_lines
from graph.tours import DEFAULT_TOURS_DIR, find_tour, load_tours
from tests import seed
from tests.data_edits import problems_after

SEED = seed.graph()
GUESS = re.compile(r"slip(?:ped)? in translation|translation slip", re.IGNORECASE)
"""An explanation no published source gives (facts row E21): the tool's own reading."""
OWNED = re.compile(r"The tool's own reading \(no published source\)")


def _texts() -> list[str]:
    """Every evidence summary and every tour narration, question and answer."""
    texts = [
        str((data.get("evidence") or {}).get("summary", "")) for _, _, data in SEED.edges(data=True)
    ]
    for tour in load_tours(DEFAULT_TOURS_DIR, SEED):
        for step in tour.steps:
            texts += [step.narration, step.question or "", step.answer or ""]
    return texts


def test_the_translation_slip_is_always_the_curators_inference() -> None:
    guesses = [text for text in _texts() if GUESS.search(text)]
    assert guesses, "no text gives the explanation any more: drop this test"
    for text in guesses:
        assert OWNED.search(" ".join(text.split())), text


TOE_PULL = ("seated-toe-pull", "calf-cramp", "relieves")
QUALIFIED = "supported (consensus; low-quality evidence)"


def test_a_qualified_verdict_keeps_its_qualifier_wherever_it_is_shown() -> None:
    """Facts row E10: stretching is supported on consensus and low-quality evidence only."""
    assert verdict_label(SEED, TOE_PULL) == QUALIFIED
    assert edge_verdict_sentence(SEED, TOE_PULL).endswith(f"{QUALIFIED}.")
    [row] = [
        row
        for row in evidence_overview(SEED)
        if row["subject"] == "seated-toe-pull" and row["relation"] == "relieves"
    ]
    assert row["verdict_label"] == QUALIFIED
    tour = find_tour(load_tours(DEFAULT_TOURS_DIR, SEED), "what-helps-during-a-cramp")
    page = handout_html(SEED, compute_layout(SEED), tour)
    assert "\u2713 supported</span>" not in page
    assert QUALIFIED in page
    questions = load_questions(DEFAULT_QUESTIONS_DIR, SEED)
    [during] = [q for q in questions if q.question == "What can I do during a cramp?"]
    summary = answer_question(SEED, during).summary
    assert QUALIFIED in summary
    assert re.search(r"\bsupported\b(?! \(consensus)", summary) is None, summary


def test_the_wall_stretch_during_a_cramp_takes_no_verdict_from_the_toe_pull() -> None:
    """Row E10 judges pulling the foot toward you; NHS-derived guidance describes the wall
    stretch (facts entity 23) but not as relief during a cramp, so it is not assessed, with
    the guidance cited as related (seventh read, #2; sixth read, m2: no second verdict from
    the same guidance)."""
    data = SEED.edges["wall-stretch", "calf-cramp", "relieves"]
    assert verdict_label(SEED, ("wall-stretch", "calf-cramp", "relieves")) == "not assessed"
    assert not data["evidence"].get("citations")
    summary = " ".join(data["evidence"]["summary"].split())
    assert "do not judge it as relief during a cramp" in summary


def test_a_weak_link_note_credits_food_tables_not_reviews() -> None:
    """A verdict read off USDA amounts is not the reviews' (review finding 6), nor the
    tables' own: they give amounts, and "rich" is the tool's reading (fourth read, M6)."""
    note = sentence_for_edge(SEED, ("dried-apricots", "calcium", "rich_in")).note
    # The rating's line is said with it (fifteenth read, #3).
    assert note == (
        "The tool (reading USDA food-table amounts: 20% or more of the higher RDA given is"
        " rich, 10-19% moderate, less modest) finds this claim not supported."
    )


def _seed_tables() -> None:
    """The app's tables of the whole seed graph (run by AppTest, so self-contained)."""
    from tests import seed
    from ui.panels import tables

    tables(seed.graph())


def test_the_canvas_tooltip_and_app_table_keep_the_qualifier() -> None:
    edges = {edge["id"]: edge for edge in canvas_payload(SEED, compute_layout(SEED))["edges"]}
    assert f"\u2713 {QUALIFIED}" in edges["seated-toe-pull|relieves|calf-cramp"]["title"]
    at = AppTest.from_function(_seed_tables, default_timeout=60).run()
    [links] = [frame.value for frame in at.dataframe if "Verdict" in frame.value.columns]
    toe_pull, cramp = (SEED.nodes[node]["label"] for node in ("seated-toe-pull", "calf-cramp"))
    [verdict] = links[(links["From"] == toe_pull) & (links["To"] == cramp)]["Verdict"]
    assert verdict == f"\u2713 {QUALIFIED}"


# --- scope, credit and named sources (graph.scope), on a copy with an old mistake put back ---


DISEASE_GROUPS = {
    "diabetes-and-cramps": "type 2 diabetes",
    "thyroid-disease-and-cramps": "hypothyroidism",
    "liver-disease-and-cramps": "cirrhosis",
    "spine-disease-and-cramps": "lumbar spinal stenosis",
}


def test_a_disease_group_is_supported_only_for_the_subtype_its_evidence_covers() -> None:
    """Review finding 8: E20, E22-E24 each judge one kind of disease, not the whole group."""
    for record_id, subtype in DISEASE_GROUPS.items():
        [data] = [d for *_, d in SEED.edges(data=True) if d["evidence"].get("id") == record_id]
        assert subtype in verdict_label(SEED, _edge_of(record_id)), record_id
        assert "only" in data["evidence"]["summary"].split(".")[0], record_id


def _edge_of(record_id: str) -> tuple[str, str, str]:
    return next(
        (u, v, k)
        for u, v, k, d in SEED.edges(keys=True, data=True)
        if d["evidence"].get("id") == record_id
    )


def test_validate_fails_a_group_verdict_without_its_subtype(tmp_path: Path) -> None:
    said = problems_after(
        tmp_path,
        "evidence.yaml",
        "    qualifier: for cirrhosis only\n",
        "",
    )
    assert any("'Liver disease' as a whole" in message for message in said), said


def test_validate_fails_a_narrower_term_kept_as_a_synonym(tmp_path: Path) -> None:
    """Review finding 12: night cramps are a subtype of calf cramp, not another name."""
    said = problems_after(
        tmp_path,
        "nodes.yaml",
        "calf spasm, chopper, corky]\n",
        "calf spasm, chopper, corky, night cramps]\n",
    )
    assert any("'night cramps' is a narrower term" in message for message in said), said


def test_subtypes_are_shown_as_narrower_terms_not_also_called() -> None:
    lines = terms_lines(SEED, "calf-cramp")
    assert "Narrower terms: night cramps, nocturnal leg cramps (the tool's word list)." in lines
    assert "night cramps" not in lines[0]
    for node, subtype in [("diabetes-mellitus", "type 2 diabetes"), ("liver-disease", "cirrhosis")]:
        assert subtype not in SEED.nodes[node]["synonyms"]
        assert f"Narrower terms: {subtype} (the tool's word list)." in terms_lines(SEED, node)
    assert SEED.nodes["almost-everyone"]["synonyms"] == ()
    assert SEED.nodes["usual-diet"]["synonyms"] == ()


def test_every_synonym_shown_says_its_origin() -> None:
    for node in SEED.nodes:
        for line in terms_lines(SEED, node):
            for group in line.split(": ", 1)[1].rstrip(".").split("; "):
                origin = (
                    r"the tool's word list|MeSH entry terms|the article's word|MedlinePlus|Katzberg"
                )
                assert re.search(rf"\(({origin})[^()]*\)$", group), group


def test_guidance_and_studies_are_not_credited_as_reviews() -> None:
    """Review findings 8 and 19 / E10: who gives a verdict is who the record cites."""
    toe_pull = edge_verdict_sentence(SEED, TOE_PULL)  # guidance advises; the tool rates it
    assert toe_pull.startswith("The tool, weighing a review and two guidance pages,"), toe_pull
    diabetes = edge_verdict_sentence(SEED, _edge_of("diabetes-and-cramps"))
    # Neither study had a comparison group: "supported" is the tool's reading (thirteenth, F1).
    assert diabetes.startswith("The tool, weighing two studies, finds this claim supported"), (
        diabetes
    )
    liver = edge_verdict_sentence(SEED, _edge_of("liver-disease-and-cramps"))
    # The studies measure; the rating is the tool's (fourteenth read, #1).
    assert liver.startswith("The tool, weighing three studies, finds"), liver


def test_validate_fails_a_verdict_credited_to_works_it_does_not_cite(tmp_path: Path) -> None:
    said = problems_after(
        tmp_path,
        "evidence.yaml",
        "    verdict_by: none\n    qualifier: for cirrhosis only",
        "    verdict_by: guidance\n    qualifier: for cirrhosis only",
    )
    assert any("credited to 'guidance'" in message for message in said), said


def test_validate_fails_the_facts_cited_as_a_source(tmp_path: Path) -> None:
    """Review finding 18: a class cannot check "the facts"; the text names the real work."""
    said = problems_after(
        tmp_path,
        "nodes.yaml",
        "(Institute of Medicine, 2011 report on dietary reference intakes)",
        "(facts row E7)",
    )
    assert any("cites the facts file as a source" in message for message in said), said


def test_no_tour_or_question_text_cites_the_facts() -> None:
    texts = _texts()
    for question in load_questions(DEFAULT_QUESTIONS_DIR, SEED):
        texts += [question.question, question.intro, answer_question(SEED, question).summary]
    for node in SEED.nodes:
        texts.append(SEED.nodes[node]["description"])
    assert [text for text in texts if cites_the_facts(text)] == []


def test_the_night_figures_each_name_their_source() -> None:
    summary = SEED.edges["calf-cramp", "sleep", "occurs_during"]["evidence"]["summary"]
    assert "NHS-derived guidance says three in four" in summary
    assert "(NHANES" in summary


# --- one module words who says what ---------------------------------------------------------

ATTRIBUTION = re.compile(
    r"The article (?:says|suggests)|The tool infers|Reviews(?:'| find| or)|\bsuggests that\b"
    r"|(?:Studies|USDA food tables) find|guidance finds?"
)
ROOT = Path(__file__).resolve().parents[1]


def _sentence_literals(path: Path) -> list[tuple[int, str]]:
    """String literals of ``path`` other than docstrings (a module's, class's, function's or
    an attribute's), as (line, text)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    documenting = {
        id(statement.value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        for statement in node.body
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in documenting
    ]


def test_only_narrate_writes_attribution_sentences() -> None:
    """Who says a claim and how firmly is worded in graph/narrate.py (and its verdict half,
    narrate_verdicts.py) only (issue 8, 5)."""
    files = [*ROOT.glob("graph/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py"]
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text[:60]!r}"
        for path in files
        if path.name not in ("narrate.py", "narrate_verdicts.py")
        for line, text in _sentence_literals(path)
        if ATTRIBUTION.search(text)
    ]
    assert found == []


def test_the_attribution_scan_finds_a_sentence_written_elsewhere(tmp_path: Path) -> None:
    rogue = tmp_path / "rogue.py"
    rogue.write_text('"""Doc: Reviews find x."""\n\nSAID = f"Reviews find {1} supported."\n')
    assert [line for line, text in _sentence_literals(rogue) if ATTRIBUTION.search(text)] == [3]
