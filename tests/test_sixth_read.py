"""The sixth read's checks: each kind of error a sixth independent reader found fails
``validate`` or a test when its old wording or code is put back, and today's data pass.

The findings are in docs/trust-sixth-read.md and docs/trust-review-findings.md ("Sixth
read"); each test names the finding it guards (H = high, M = medium, m = minor).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import build_graph, load_knowledge_base
from graph.cli import cli
from graph.cues import HEDGE
from graph.errors import NoPath, SchemaError
from graph.evidence import edge_evidence, verdict_name
from graph.kinds import RELATIONS
from graph.load import DEFAULT_DATA_DIR
from graph.narrate import (
    chain_sentence,
    claim_sentence,
    edge_verdict_sentence,
    lower_first,
    strengths_sentence,
)
from graph.narrate_words import own_words
from graph.paths import PATH_NOTE, find_paths, format_path
from graph.paths import Path as GraphPath
from graph.quiz import make_quiz
from graph.schema import STRENGTHS
from graph.terms import terms_lines
from graph.tours import DEFAULT_TOURS_DIR, tour_from_path, tour_from_yaml
from graph.transcript import path_ends
from tests.data_edits import problems_after

GRAPH = build_graph(load_knowledge_base())


def _every_path() -> list[GraphPath]:
    """Up to five ranked paths (three links at most) between every pair of ends the
    transcript walks: every food -> outcome and every cause -> condition."""
    found = []
    for start, end in path_ends(GRAPH):
        try:
            found += find_paths(GRAPH, start, end, max_length=3, limit=5)
        except NoPath:
            continue
    return found


PATHS = _every_path()


# --- H1, M1, M2: a path's header -------------------------------------------------------


def test_every_path_header_flags_each_step_not_rated_supported_with_its_scope() -> None:
    """M1, M2: the old header flagged only "not supported" and "contradicted", and with
    no scope ("the evidence rates step 2 not supported")."""
    assert len(PATHS) > 100
    flagged = 0
    for path in PATHS:
        header = format_path(GRAPH, path)
        for number, step in enumerate(path.steps, start=1):
            verdict = verdict_name(GRAPH, step.edge)
            qualifier = edge_evidence(GRAPH, step.edge).get("qualifier")
            # A supported step is flagged only when supported in a scope (twelfth read, #4).
            if verdict == "supported" and not qualifier:
                assert f"[step {number}:" not in header, header
                continue
            flagged += 1
            scope = f" ({qualifier})" if qualifier else ""
            assert f"[step {number}: {verdict}{scope}]" in header, header
    assert flagged > 200


def test_every_arrow_names_its_links_relation_in_the_claims_direction() -> None:
    """H1: "Mineral medications -> Calcium deficiency -> Calf muscle cramp" read a
    "treats" and a "causes" link as one chain of same-kind steps."""
    for path in PATHS:
        header = format_path(GRAPH, path)
        at = 0
        for step in path.steps:
            # The source's own weaker word where its claim uses it (seventh read, #7).
            word = own_words(GRAPH, step.edge, label=True) or RELATIONS[step.relation].label
            if GRAPH.edges[step.edge]["strength"] == "inferred":
                word += " (tool's reading)"
            arrow = f" -{word}-> " if step.forward else f" <-{word}- "
            at = header.index(arrow, at) + len(arrow)


def test_a_path_tools_reading_is_marked_in_its_arrow() -> None:
    """H1: the named path's inferred step is drawn as the tool's reading."""
    path = find_paths(GRAPH, "almonds", "cramp-prevention")[0]
    assert "-contributes to (tool's reading)-> Cramp prevention" in format_path(GRAPH, path)


def test_the_cli_follows_every_multi_link_header_with_the_no_chain_note() -> None:
    """H1: the CLI printed 138 multi-link headers and not once the note."""
    checked = 0
    for start, end in path_ends(GRAPH)[::7]:
        result = CliRunner().invoke(cli, ["path", start, end, "--limit", "5"])
        if result.exit_code == 1:
            continue
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        for path in find_paths(GRAPH, start, end, limit=5):
            where = lines.index(format_path(GRAPH, path))
            if len(path) > 1:
                assert lines[where + 1] == f"  {PATH_NOTE}", lines[where : where + 2]
                checked += 1
            else:
                assert PATH_NOTE not in lines[where + 1]
    assert checked > 10


# --- M3: a path tour's title ---------------------------------------------------------------


def test_no_path_tour_title_asserts_a_link_between_its_ends() -> None:
    """M3: "How Magnesium deficiency and Epilepsy are linked", "From Almonds to Cramp
    prevention": no source links the ends of a path of several claims."""
    for path in PATHS:
        title = tour_from_path(GRAPH, path).title
        assert not re.search(r"^From |\blinked\b|\bleads?\b|\bconnect", title), title
        for node in path.nodes:
            assert lower_first(GRAPH.nodes[node]["label"]).casefold() in title.casefold(), title


def test_a_path_tour_of_two_claims_about_one_node_is_titled_so() -> None:
    """M3: the reader's own rewording."""
    path = find_paths(GRAPH, "magnesium-deficiency", "epilepsy")[0]
    assert tour_from_path(GRAPH, path).title == (
        "Two claims about calf muscle cramp: magnesium deficiency and epilepsy"
    )


# --- M4, M5: a qualifier naming a source says what that source says -------------------------

OLD_SUPPLEMENT_SCOPE = (
    "for magnesium supplements in older adults with idiopathic cramps; calcium was tried only"
    " in pregnancy, with inconsistent results; the American Academy of Neurology rates vitamin"
    " B complex possibly effective"
)
NEW_SUPPLEMENT_SCOPE = (
    "for magnesium supplements in older adults with idiopathic cramps; magnesium in pregnancy:"
    " mixed; calcium: insufficient, tried only in pregnancy; the American Academy of Neurology"
    " rates a different supplement, vitamin B complex, possibly effective"
)
OLD_PRESCRIBED_SCOPE = (
    "neither a neurology guideline nor a family-medicine review lists it; other drugs are"
    " rated possibly effective"
)


def test_the_old_supplement_scope_fails_on_calcium_and_on_vitamin_b(tmp_path: Path) -> None:
    """M4: one "not supported" over calcium's "insufficient", and vitamin B complex named
    as if it were among the supplements judged."""
    said = problems_after(tmp_path, "evidence.yaml", NEW_SUPPLEMENT_SCOPE, OLD_SUPPLEMENT_SCOPE)
    assert any("a clause names 'calcium'" in message for message in said), said
    assert any("rates another remedy effective" in message for message in said), said


def test_the_old_prescribed_scope_fails_on_neither_lists_it(tmp_path: Path) -> None:
    """M5: the family-medicine review lists magnesium (limited evidence); what neither
    lists is magnesium and calcium with vitamin D."""
    new = GRAPH.edges["medications", "calf-cramp", "recommended_for"]["evidence"]["qualifier"]
    said = problems_after(tmp_path, "evidence.yaml", new, OLD_PRESCRIBED_SCOPE)
    assert any("'neither ... lists it'" in message for message in said), said


def test_the_supplement_and_prescription_verdicts_say_each_part() -> None:
    """M4, M5: each mineral with its own verdict; vitamin B complex as a different one."""
    supplements = GRAPH.edges["dietary-supplements", "calf-cramp", "treats"]
    # The headline no part contradicts, the row's "not supported" on its part (tenth read, #1).
    assert supplements["evidence"]["qualifier"] == "not supported " + NEW_SUPPLEMENT_SCOPE
    prescribed = GRAPH.edges["medications", "calf-cramp", "recommended_for"]["evidence"]
    assert "lists magnesium and calcium with vitamin D" in prescribed["qualifier"]
    assert "limited evidence for magnesium" in prescribed["qualifier"]


# --- M6, M7: quiz items with one defensible answer, explained by their own quotes ---------

QUIZZES = [make_quiz(GRAPH, seed=seed, count=10**6) for seed in range(4)]


def test_a_strength_item_keyed_the_tools_reading_rests_on_several_quotes() -> None:
    """M6: "calf muscle cramp affects almost everyone" read "leg cramps" as calf cramps;
    "the source says it plainly" was defensible too."""
    reading = STRENGTHS["inferred"].description.rstrip(".")
    asked = [
        question
        for quiz in QUIZZES
        for question in quiz
        if question.kind == "strength" and question.options[question.answer] == reading
    ]
    for question in asked:
        assert question.explanation.count("\u201c") >= 2, question
    prompts = {question.prompt for quiz in QUIZZES for question in quiz}
    assert not any("affects almost everyone" in prompt for prompt in prompts)


def test_no_path_item_walks_the_tools_reading_or_an_unassessed_claim() -> None:
    """M7: "Which cause links mineral medications to magnesium?" walked the tool's
    unassessed reading that medications treat a deficiency (12 items in seeds 0-2)."""
    asked = [question.prompt for quiz in QUIZZES for question in quiz if question.kind == "path"]
    assert asked == [], "every chain of the seed has such a step"


def test_a_chain_explanation_quotes_each_claim_after_that_claim() -> None:
    """M7: the quotes about medications were shown as the words of "magnesium deficiency is
    a deficiency of magnesium"."""
    first = ("magnesium-deficiency", "magnesium", "deficiency_of")
    second = ("vitamin-d", "magnesium", "needed_for_absorption_of")
    said = chain_sentence(GRAPH, first, second)
    second_claim = claim_sentence(GRAPH, second)
    for prov in GRAPH.edges[first]["provenance"]:
        assert said.index(prov["quote"]) < said.index(second_claim), said
    for prov in GRAPH.edges[second]["provenance"]:
        if prov["quote"] not in {p["quote"] for p in GRAPH.edges[first]["provenance"]}:
            assert said.index(prov["quote"]) > said.index(second_claim), said


# --- minor findings ---------------------------------------------------------------------------


def test_a_verdict_from_a_review_and_guidance_is_credited_to_both(tmp_path: Path) -> None:
    """m1: "Reviews find" for a review and MedlinePlus (spine), and for two clinical
    references and a guideline (thyroid)."""
    spine = edge_verdict_sentence(GRAPH, ("spine-disease", "calf-cramp", "associated_with"))
    # Since the fourteenth read (#1) the rating is the tool's, weighing both kinds.
    assert spine.startswith("The tool, weighing a review and a guidance page, finds"), spine
    thyroid = edge_verdict_sentence(GRAPH, ("thyroid-disease", "calf-cramp", "associated_with"))
    assert thyroid.startswith("The tool, weighing a guideline and two clinical references, finds")
    said = problems_after(
        tmp_path,
        "evidence.yaml",
        "verdict_by: none\n    qualifier: for lumbar",
        "qualifier: for lumbar",
    )
    assert any("beside guidance pages or clinical references" in m for m in said), said


def test_one_guidance_gives_both_stretches_one_verdict(tmp_path: Path) -> None:
    """m2: the toe pull "supported", the wall stretch "insufficient", on the same guidance
    (since the seventh read, #2, the wall stretch during a cramp cites it as related only)."""
    said = problems_after(
        tmp_path,
        "evidence.yaml",
        "    verdict: not assessed\n    claims:\n"
        "      - {subject: wall-stretch, relation: relieves,",
        "    verdict: insufficient\n    verdict_by: none\n"
        "    citations: [medlineplus-muscle-cramps, nidirect-leg-cramps, miller-2022-eamc-review]\n"
        "    claims:\n"
        "      - {subject: wall-stretch, relation: relieves,",
    )
    assert any("gives 'supported' on the same row, relation and works" in m for m in said), said


def test_an_instruction_in_no_ones_voice_fails() -> None:
    """m6: "Face a wall, hands on it, feet back." in the tour's own voice."""
    path = DEFAULT_TOURS_DIR / "what-helps-during-a-cramp.yaml"
    text = path.read_text(encoding="utf-8")
    old = re.sub(
        r"The article's wall stretch, it says,",
        "Face a wall, hands on it, feet back. It",
        text,
    )
    with pytest.raises(SchemaError, match="instruction in no one's voice"):
        tour_from_yaml(old, GRAPH)


def test_both_stretches_are_only_near_muscle_stretching_exercises() -> None:
    """m7: D052580 (Muscle Stretching Exercises) was the toe pull's exact MeSH identifier
    and the wall stretch's nearest: both stretches are only near it (facts §4)."""
    for node in ("seated-toe-pull", "wall-stretch"):
        data = GRAPH.nodes[node]
        assert (data.get("identifiers") or {}).get("mesh") is None, node
        assert "D052580" in data["related_mesh"], node


def test_the_articles_loose_spasm_is_a_broader_term_not_another_name() -> None:
    """m7: "Also called: ... spasm, spasmodic muscle contractions" beside a description
    that calls a spasm any involuntary contraction."""
    lines = terms_lines(GRAPH, "calf-cramp")
    [called] = [line for line in lines if line.startswith("Also called")]
    assert "spasm," not in called and "spasmodic" not in called
    [related] = [line for line in lines if line.startswith("Broader or related terms")]
    assert "spasm, spasmodic muscle contractions (the article's word)" in related


def test_medications_are_called_by_the_articles_word() -> None:
    """m8: "The article says that mineral medications are recommended ..."."""
    said = claim_sentence(GRAPH, ("medications", "calf-cramp", "recommended_for"))
    assert said.startswith("The article says that medications (magnesium and calcium"), said


def test_hearsay_that_the_article_then_states_is_counted_as_both() -> None:
    """m4: "2 say it plainly" counted the two lemon quotes that open "Many recommend"."""
    edges = [
        ("lemon-rub", "calf-cramp", "relieves"),
        ("lemon-rub", "calf-cramp", "prevents"),
        ("pin-prick", "calf-cramp", "relieves"),
    ]
    said = strengths_sentence(GRAPH, edges)
    assert "report hearsay and then say it in the article's own voice" in said, said
    assert "say it plainly" not in said, said


def test_no_quote_stops_just_before_the_sources_hedge() -> None:
    """m5: "... stagnation of blood in the vessels" stopped before "may be accompanied",
    and the quiz keyed it "says it plainly"."""
    article = " ".join(
        (DEFAULT_DATA_DIR / "sources" / "calf-cramps-article.txt").read_text("utf-8").split()
    )
    for *_, data in GRAPH.edges(keys=True, data=True):
        for prov in data["provenance"]:
            quote = " ".join(prov["quote"].split())
            after = article[article.index(quote) + len(quote) :].split()[:1]
            assert not (after and HEDGE.match(after[0])), (quote, after)


OLD_ALMOND_CALCIUM = """    verdict: not assessed
    claims:
      - {subject: almonds, relation: rich_in, object: calcium}
    summary: >-
      No source gathered calls almonds rich in calcium; USDA food tables
      give 269 mg per 100 g of raw almonds (27% of the 1,000 mg RDA for adults 19-50) and
      76 mg in a 1 oz (28 g) handful (about 8%), and the tool does not judge whether that
      counts as rich.
    related: [usda-sr-legacy]"""
NEW_ALMOND_CALCIUM = """    verdict: mixed
    qualifier: rich per 100 g, modest per 1 oz handful
    claims:
      - {subject: almonds, relation: rich_in, object: calcium}
    summary: >-
      A usual 1 oz (28 g) handful of raw almonds gives 76 mg of calcium (6-8% of the RDA for
      adults), which the tool reads as modest, less than a third of a cup of milk (276 mg);
      per 100 g they hold 269 mg (22-27%), which it reads as rich.
    citations: [usda-sr-legacy]"""


def test_one_rule_reads_every_foods_amount(tmp_path: Path) -> None:
    """m3: almonds' 27% of the calcium RDA was "not assessed" while raisins' 5% was "not
    supported", and 36 mg of magnesium was "moderate" in lentils, "modest" in raisins."""
    said = problems_after(tmp_path, "evidence.yaml", NEW_ALMOND_CALCIUM, OLD_ALMOND_CALCIUM)
    assert any("per 100 g and per portion it is 'mixed'" in message for message in said), said
    said = problems_after(
        tmp_path / "again",
        "evidence.yaml",
        "which the tool reads as a modest source; 1 oz gives 28 mg",
        "which the tool reads as a moderate source; 1 oz gives 28 mg",
    )
    # Each amount is rated at the nutrient's higher RDA (sixteenth read, #4, #5).
    assert any("98 mg is 'modest' (8% of the RDA)" in message for message in said), said
