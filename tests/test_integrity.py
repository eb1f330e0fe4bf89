"""The trust checks (``graph.integrity``): each one holds on the data and fails on the data
as it was before issue 8.

``tests/data_before_trust`` is a copy of ``data/`` as it was before the trust review. Each
check is shown to fail there (or, where the old data trips an earlier check first, on a
copy of today's data with the old mistake put back), and to pass on today's data.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import networkx as nx
import pytest

from graph import build_graph, load_knowledge_base
from graph.errors import Problem, SchemaError
from graph.integrity import (
    check_grounds,
    missing_harms,
    names_an_end,
    says_relation,
    verdicts_named,
)
from graph.load import DEFAULT_DATA_DIR
from graph.questions import load_questions
from graph.schema import Claim, KnowledgeBase, RowClaim
from graph.tours import load_tours

OLD_DATA = Path(__file__).resolve().parent / "data_before_trust"


@pytest.fixture(scope="module")
def old_problems() -> list[Problem]:
    with pytest.raises(SchemaError) as caught:
        load_knowledge_base(OLD_DATA)
    return caught.value.problems


def _record_span(path: Path, record_id: str, *, key: str = "id") -> tuple[int, int]:
    """First and last line of the list item ``- <key>: record_id`` of a data file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines, 1) if line.strip() == f"- {key}: {record_id}")
    end = next(
        (i - 1 for i, line in enumerate(lines, 1) if i > start and re.match(r"^  - ", line)),
        len(lines),
    )
    return start, end


def _problems_in(
    problems: list[Problem], path: Path, record_id: str, says: str, *, key: str = "id"
) -> list[Problem]:
    start, end = _record_span(path, record_id, key=key)
    return [
        problem
        for problem in problems
        if problem.file.endswith(path.name) and start <= problem.line <= end
        if says in problem.message
    ]


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _load_problems(data_dir: Path) -> list[Problem]:
    with pytest.raises(SchemaError) as caught:
        load_knowledge_base(data_dir)
    return caught.value.problems


def test_todays_data_passes_every_check(kb: KnowledgeBase) -> None:
    assert kb.evidence and kb.edges


# --- 1. a verdict judges the claim its facts row judges ---------------------------------


def test_old_records_do_not_say_which_claim_their_row_judges(old_problems) -> None:
    assert _problems_in(
        old_problems,
        OLD_DATA / "evidence.yaml",
        "doctors-prescribe-minerals-with-vitamin-d",
        "say which claim row E6 judges",
    )


def test_row_e6_on_the_supply_edges_is_outside_its_scope(data_copy: Path) -> None:
    """The old mistake: E6 (doctors prescribe Mg + Ca + D for cramps) judged 'supplies'."""
    evidence = data_copy / "evidence.yaml"
    e6 = "- {subject: medications, relation: recommended_for, object: calf-cramp}"
    supply = "- {subject: medications, relation: supplies, object: magnesium}"
    _edit(evidence, e6, "@E6@")
    _edit(evidence, supply, e6)
    _edit(evidence, "@E6@", supply)
    problems = _load_problems(data_copy)
    found = _problems_in(
        problems,
        evidence,
        "doctors-prescribe-minerals-with-vitamin-d",
        "'medications|supplies|magnesium' is outside what row E6 judges",
    )
    assert found and found[0].field.endswith(".claims[0]")


def test_a_row_reused_for_another_claim_needs_a_reason(data_copy: Path) -> None:
    """The old mistake: row E8 (vitamin D supplements) judged a lack of vitamin D."""
    evidence = data_copy / "evidence.yaml"
    _edit(
        evidence,
        "    outside_row: >-\n      Row E8 judges vitamin D supplements for preventing cramps,"
        " not a lack of vitamin D\n      as a cause; only its two observational studies, which"
        " compared vitamin D levels with\n      cramps, bear on this claim, and two such studies"
        " are too few to judge it.\n",
        "",
    )
    assert _problems_in(
        _load_problems(data_copy),
        evidence,
        "vitamin-d-deficiency-and-cramps",
        "it needs outside_row (why the row still applies) and a narrow verdict",
    )


def test_a_row_reused_for_another_claim_keeps_a_narrow_verdict(data_copy: Path) -> None:
    """The old mistake: row E25 (pregnancy) 'supported' complications during pregnancy."""
    evidence = data_copy / "evidence.yaml"
    start, _ = _record_span(evidence, "pregnancy-and-cramps")
    lines = evidence.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i in range(start, len(lines)) if "verdict: not assessed" in lines[i])
    lines[index] = lines[index].replace("not assessed", "supported")
    # As it was: the works on pregnancy cited as evidence for the claim.
    index = next(i for i in range(start, len(lines)) if lines[i] == "    related:\n")
    lines[index] = "    citations:\n"
    evidence.write_text("".join(lines), encoding="utf-8")
    assert _problems_in(
        _load_problems(data_copy),
        evidence,
        "pregnancy-and-cramps",
        "needs a narrow verdict (insufficient, not assessed), not 'supported'",
    )


def _restore_old_record(evidence: Path, record_id: str, old: str) -> None:
    """Put back, in place of today's record ``record_id``, the record as it was."""
    start, end = _record_span(evidence, record_id)
    lines = evidence.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[start - 1 : end] = [old]
    evidence.write_text("".join(lines), encoding="utf-8")


_OLD_ALMOST_EVERYONE = """  - id: not-almost-everyone-has-cramps
    facts_row: E26
    row_claim: {subject: calf-cramp, relation: occurs_during, object: sleep}
    outside_row: >-
      Row E26 judges cramps during sleep; its figures bear on how common cramps are.
    verdict: contradicted
    claims:
      - {subject: calf-cramp, relation: affects, object: almost-everyone}
    summary: Not almost everyone has cramps.
    citations: [allen-kirby-2012-afp-review, grandner-2017-nhanes-leg-cramps]
"""

_OLD_FOOD_TOO_LITTLE = """  - id: food-gives-more-than-an-insignificant-dose
    verdict: contradicted
    claims:
      - {subject: usual-diet, relation: too_little_of, object: magnesium}
      - {subject: usual-diet, relation: too_little_of, object: calcium}
    summary: Food tables say otherwise.
    citations: [usda-sr-legacy, ods-magnesium-fact-sheet, ods-calcium-fact-sheet]
"""


@pytest.mark.parametrize(
    ("replaced", "old", "record_id", "says"),
    [
        # Review finding 1: row E26 ('supported', night cramps) made 'almost everyone'
        # contradicted.
        (
            "almost-everyone-not-assessed",
            _OLD_ALMOST_EVERYONE,
            "not-almost-everyone-has-cramps",
            "needs a narrow verdict (insufficient, not assessed), not 'contradicted'",
        ),
        # Review finding 4: food tables cannot judge how much food people get.
        (
            "food-gives-an-insignificant-dose-not-assessed",
            _OLD_FOOD_TOO_LITTLE,
            "food-gives-more-than-an-insignificant-dose",
            "food tables judge amounts only; 'usual-diet|too_little_of|magnesium'",
        ),
        # A verdict with neither a facts row nor the food tables behind it.
        (
            "food-gives-an-insignificant-dose-not-assessed",
            _OLD_FOOD_TOO_LITTLE.replace("contradicted", "not supported").replace(
                "usda-sr-legacy, ", ""
            ),
            "food-gives-more-than-an-insignificant-dose",
            "'not supported' needs the facts_row it comes from",
        ),
    ],
    ids=["row-about-another-claim", "food-tables-beyond-amounts", "verdict-without-a-row"],
)
def test_a_verdict_needs_a_row_or_table_that_judges_its_claim(
    data_copy: Path, replaced: str, old: str, record_id: str, says: str
) -> None:
    evidence = data_copy / "evidence.yaml"
    _restore_old_record(evidence, replaced, old)
    assert _problems_in(_load_problems(data_copy), evidence, record_id, says)


def test_row_claim_covers_exactly_its_parts() -> None:
    row = RowClaim(subject=["a", "b"], relation="causes", object="c")
    assert row.covers(Claim(subject="b", relation="causes", object="c"))
    assert not row.covers(Claim(subject="b", relation="treats", object="c"))
    assert not row.covers(Claim(subject="x", relation="causes", object="c"))


def test_e6_judges_the_prescription_claim_and_the_supply_edges_are_unassessed(kb) -> None:
    e6 = [record for record in kb.evidence if record.facts_row == "E6"]
    assert [claim.key for record in e6 for claim in record.claims] == [
        "medications|recommended_for|calf-cramp"
    ]
    for nutrient in ("magnesium", "calcium", "vitamin-d"):
        assert kb.evidence_for(f"medications|supplies|{nutrient}").verdict == "not assessed"


# --- 1. verdict and summary never contradict -----------------------------------------------


def test_old_no_evidence_verdict_beside_a_cited_review_fails(old_problems) -> None:
    found = _problems_in(
        old_problems,
        OLD_DATA / "evidence.yaml",
        "nutrient-rich-food-prevents-cramps",
        "a 'no evidence found' record cites no evidence",
    )
    assert found and found[0].field.endswith(".citations")


def test_old_dry_needling_trial_cited_as_evidence_for_a_pin_prick_fails(old_problems) -> None:
    assert _problems_in(
        old_problems,
        OLD_DATA / "evidence.yaml",
        "pin-prick-relieves-a-cramp",
        "cites no evidence",
    )


def test_a_summary_naming_another_verdict_fails(data_copy: Path) -> None:
    """Built case: the old 'no evidence found' wording beside the review's real finding."""
    evidence = data_copy / "evidence.yaml"
    _edit(
        evidence,
        "magnesium-rich diet was found.\n    citations: [garrison-2020-cochrane-magnesium]",
        "magnesium-rich diet was found, so no evidence found.\n"
        "    citations: [garrison-2020-cochrane-magnesium]",
    )
    assert _problems_in(
        _load_problems(data_copy),
        evidence,
        "magnesium-prevents-cramps",
        "the summary says 'no evidence found' but the verdict is 'insufficient'",
    )


def test_verdict_words_are_read_longest_first() -> None:
    assert verdicts_named("not supported") == {"not supported"}
    assert verdicts_named("Supported for calcium; magnesium not assessed.") == {
        "supported",
        "not assessed",
    }
    assert verdicts_named("no evidence at all") == {"no evidence found"}


def test_summaries_put_the_review_numbers_where_they_belong(kb) -> None:
    for record in kb.evidence:
        if "little or no difference" in record.summary:
            assert "177-307" in record.summary, record.id
        assert "11 trials (735 people)" not in record.summary, record.id
    assert (
        "counted together" in kb.evidence_for("thyroid-disease|associated_with|calf-cramp").summary
    )


# --- 2. what the article says, apart from what the tool reads into it -----------------------


def test_old_inferred_links_marked_as_stated_fail(old_problems) -> None:
    edges = OLD_DATA / "edges.yaml"
    text = edges.read_text(encoding="utf-8").splitlines()
    wrong = {
        (text[problem.line - 1].strip(), problem.field)
        for problem in old_problems
        if problem.file.endswith("edges.yaml") and "mark it 'inferred'" in problem.message
    }
    fields = {field.split(".")[0] for _, field in wrong}
    # magnesium and calcium -> prevention, the toe pull, the medical examination, and the
    # 'add medications' quote of the two medication edges
    assert len(fields) == 6


def test_cue_words_and_ends_decide_whether_a_quote_says_the_relation(kb) -> None:
    assert says_relation("This will help relieve seizure", "relieves")
    assert not says_relation("It's better to sit down and pull your foot toward you", "relieves")
    assert names_an_end("then pull foot toward you", kb.node("seated-toe-pull"))
    assert names_an_end("a spasm of the calf muscles", kb.node("calf-cramp"))
    assert not names_an_end("the importance of good nutrition", kb.node("cramp-prevention"))


def test_the_almonds_path_stays_traceable_and_honest_at_its_inferred_step(
    seed_graph: nx.MultiDiGraph,
) -> None:
    first = seed_graph.edges["almonds", "magnesium", "rich_in"]
    second = seed_graph.edges["magnesium", "cramp-prevention", "contributes_to"]
    assert first["strength"] == "states" and first["verdict"] == "supported"
    assert second["strength"] == "inferred"
    assert {prov["strength"] for prov in second["provenance"]} == {"inferred"}
    assert len(second["provenance"]) == 2  # it lists every quote it rests on
    # the headline no part contradicts: supplements not supported in older adults, pregnancy
    # trials conflicting, no diet trial (seventh read, #3)
    assert second["verdict"] == "insufficient"


@pytest.mark.parametrize(
    "edge",
    [
        ("seated-toe-pull", "calf-cramp", "relieves"),
        ("dried-apricots", "vitamin-d", "rich_in"),
    ],
)
def test_readings_of_the_article_are_inferred(seed_graph, edge) -> None:
    assert seed_graph.edges[edge]["strength"] == "inferred"


def test_tension_is_the_articles_own_word_like_rest(seed_graph) -> None:
    """Second read, quiz S1-Q14: "at rest or, on the contrary, tension" says both alike."""
    rest = seed_graph.edges["calf-cramp", "rest", "occurs_during"]["strength"]
    assert seed_graph.edges["calf-cramp", "muscle-tension", "occurs_during"]["strength"] == rest


def test_the_second_quote_of_the_medical_examination_is_inferred(seed_graph) -> None:
    provenance = seed_graph.edges["medical-examination", "calf-cramp", "recommended_for"][
        "provenance"
    ]
    assert [prov["strength"] for prov in provenance] == ["suggests", "inferred"]


# --- 3. claims the article makes that were missing -----------------------------------------


@pytest.mark.parametrize(
    ("edge", "verdict"),
    [
        ("usual-diet|too_little_of|magnesium", "not assessed"),
        ("usual-diet|too_little_of|calcium", "not assessed"),
        ("almonds|rich_in|vitamin-d", "contradicted"),
        ("walnuts|rich_in|vitamin-d", "contradicted"),
        ("calf-cramp|affects|almost-everyone", "not assessed"),
        ("medications|recommended_for|calf-cramp", "not supported"),
        ("special-nutrition|prevents|calf-cramp", "no evidence found"),
        ("calf-cramp|comes_on|without-warning", "not assessed"),
        ("other-causes|causes|calf-cramp", "not assessed"),
    ],
)
def test_the_missing_claims_are_in_with_their_verdicts(kb, edge: str, verdict: str) -> None:
    assert kb.evidence_for(edge).verdict == verdict


# --- 4. nodes say where their words come from ---------------------------------------------


def test_old_nodes_without_origins_fail(old_problems) -> None:
    said = [str(problem) for problem in old_problems]
    for word in ("'safety pin'", "'exertion'", "'effort'", "'trace element'"):
        assert any(f"say where {word} comes from" in line for line in said), word


def test_an_article_word_must_be_in_the_article(data_copy: Path) -> None:
    nodes = data_copy / "nodes.yaml"
    text = nodes.read_text(encoding="utf-8")
    # The old synonym, marked as the article's word: but the article says "elements".
    text = text.replace(
        "    synonyms: [Mg]\n    synonym_origins:\n      facts: [Mg]\n",
        "    synonyms: [Mg, trace element]\n    synonym_origins:\n      facts: [Mg]\n"
        "      calf-cramps-article: [trace element]\n",
    )
    assert "[trace element]" in text
    nodes.write_text(text, encoding="utf-8")
    problems = [str(p) for p in _load_problems(data_copy)]
    assert any(
        "'trace element' is not a word of source 'calf-cramps-article'" in line for line in problems
    ), problems


def test_no_invented_synonyms_and_the_articles_misnomer_is_marked(kb) -> None:
    words = {synonym.casefold() for node in kb.nodes for synonym in node.synonyms}
    assert not words & {"exertion", "effort", "exercise", "safety pin"}
    # Review finding 12: "Also called" shows synonyms unlabelled, so the article's
    # misnomer (the facts class both as macrominerals) is said in the description only.
    for mineral in ("magnesium", "calcium"):
        node = kb.node(mineral)
        names = {synonym.casefold() for synonym in node.synonyms}
        assert not names & {"trace elements", "microelements", "trace element"}
        assert "trace element" in node.description and "macromineral" in node.description
    # Nor is a different thing "also called" the node: pregnancy is not a complication of
    # it, citric acid is not the lemon rub, and the muscle is not the cramp.
    assert not {"pregnancy", "pregnancy-associated leg cramps"} & {
        synonym.casefold() for synonym in kb.node("pregnancy-complications").synonyms
    }
    assert "citric acid" not in kb.node("lemon-rub").synonyms
    assert "clotted muscle" not in kb.node("calf-cramp").synonyms


# --- quinine carries its harms -------------------------------------------------------------


def test_old_summary_naming_quinine_without_its_harms_fails(old_problems) -> None:
    assert _problems_in(
        old_problems,
        OLD_DATA / "evidence.yaml",
        "doctors-prescribe-minerals-with-vitamin-d",
        "names quinine without its harms",
    )


def test_quinine_needs_its_warning_and_its_deaths() -> None:
    assert missing_harms("Quinine is likely effective.") == ("quinine",)
    assert missing_harms("Quinine carries an FDA boxed warning.") == ("quinine",)
    assert missing_harms("Quinine: FDA boxed warning; two deaths.") == ()
    assert missing_harms("Magnesium.") == ()


def test_a_question_naming_quinine_without_its_harms_fails(seed_graph, tmp_path) -> None:
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "q.yaml").write_text(
        "questions:\n  - id: q\n    question: Does quinine help?\n    intro: Quinine.\n"
        "    claims: [pin-prick|relieves|calf-cramp]\n"
        "    query:\n      - edges: {relation: relieves}\n",
        encoding="utf-8",
    )
    with pytest.raises(SchemaError) as caught:
        load_questions(folder, seed_graph)
    fields = {problem.field for problem in caught.value.problems}
    assert fields == {"questions[0].question", "questions[0].intro"}


# --- tour steps and questions name what they rest on ---------------------------------------


def test_old_tours_name_no_claims(seed_graph) -> None:
    with pytest.raises(SchemaError) as caught:
        load_tours(OLD_DATA / "tours", seed_graph)
    steps = [p for p in caught.value.problems if p.field.endswith(".claims")]
    assert len(steps) == 20  # every step of the three old tours
    assert all("name the claims" in p.message for p in steps)


def test_old_questions_name_no_claims(seed_graph) -> None:
    with pytest.raises(SchemaError) as caught:
        load_questions(OLD_DATA / "questions", seed_graph)
    named = [p for p in caught.value.problems if "name the claims" in p.message]
    assert len(named) == 7


def test_a_claim_outside_the_steps_view_fails(data_copy: Path) -> None:
    tour = data_copy / "tours" / "almonds-to-fewer-cramps.yaml"
    _edit(
        tour,
        "    claims: [magnesium|contributes_to|cramp-prevention]\n",
        "    claims: [almonds|rich_in|calcium]\n",
    )
    graph = build_graph(load_knowledge_base(data_copy))
    with pytest.raises(SchemaError) as caught:
        load_tours(data_copy / "tours", graph)
    said = [str(problem) for problem in caught.value.problems]
    assert any(
        "steps[4].claims[0]: the claim 'almonds|rich_in|calcium' is not in what this shows" in line
        for line in said
    ), said


def test_grounds_unknown_or_unshown_evidence_and_foreign_verdict_words(seed_graph) -> None:
    edge = ("almonds", "magnesium", "rich_in")
    found = list(
        check_grounds(
            seed_graph,
            [edge, ("almonds", "magnesium", "treats")],
            ["no-such-record", "lemon-rub-for-cramps"],
            {edge},
            texts={"narration": "The tool rates the evidence mixed."},
        )
    )
    assert [(field, index) for field, index, _ in found] == [
        ("claims", 1),
        ("evidence", 0),
        ("evidence", 1),
        ("narration", None),
    ]


_OVERSTATEMENTS = (
    "helps against calf cramps",
    "eating almonds is a fine habit",
    "and magnesium helps prevent cramps",
    "no evidence at all",
    "no trial has tested it",
    "untested",
    "too few\n      trials have tested it to judge",
    "The article only reports what people say",
    "cannot\n      relax at will",
    "so do many with an underactive thyroid",
    "What foods help prevent cramps?",
    "how almonds lead to magnesium and to fewer cramps",
)
"""Sentences issue 8 found stronger than their source, as the old files word them."""


def _texts(folder: Path, readme: Path) -> str:
    files = sorted((folder / "tours").glob("*.yaml")) + sorted(
        (folder / "questions").glob("*.yaml")
    )
    text = "".join(path.read_text(encoding="utf-8") for path in (*files, readme))
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def test_no_tour_question_or_readme_line_is_stronger_than_its_source(tmp_path) -> None:
    old_readme = tmp_path / "README.md"
    old_readme.write_text(
        "an educator can show\na class how almonds lead to magnesium and to fewer cramps",
        encoding="utf-8",
    )
    old = " ".join(_texts(OLD_DATA, old_readme).split())
    assert [p for p in _OVERSTATEMENTS if " ".join(p.split()) not in old] == []
    readme = DEFAULT_DATA_DIR.parent / "README.md"
    now = " ".join(_texts(DEFAULT_DATA_DIR, readme).split())
    hits = [phrase for phrase in _OVERSTATEMENTS if " ".join(phrase.split()) in now]
    assert hits == []
