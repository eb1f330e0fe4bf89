"""Ingest: an article in, a source and a draft of candidate claims out; bad files refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graph import extract_parse
from graph.cli import cli
from graph.extract import propose_claims, split_into_sentences
from graph.load import load_knowledge_base, read_yaml
from graph.mentions import find_mentions, term_index
from tests.hostile_world import snapshot

ARTICLES = Path(__file__).resolve().parent / "articles"
RUNNER = ARTICLES / "runner-night-cramps.txt"


def run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def ingest(kb_path: Path, article: Path, source_id: str = "runner", *extra: str) -> Result:
    return run(
        "ingest", article, "--id", source_id, "--title", "Runners", "--data", kb_path, *extra
    )


# --- the happy path ---------------------------------------------------------------------------


def test_ingest_stores_text_record_and_draft(kb_path: Path) -> None:
    before = (kb_path / "sources.yaml").read_text()
    result = ingest(kb_path, RUNNER, "runner", "--url", "https://example.org/runners")
    assert result.exit_code == 0, result.output
    assert (kb_path / "sources" / "runner.txt").read_text() == RUNNER.read_text()
    after = (kb_path / "sources.yaml").read_text()
    assert after.startswith(before), "existing records and comments are kept as they were"
    kb = load_knowledge_base(kb_path)
    assert kb.source("runner").title == "Runners"
    assert kb.source("runner").url == "https://example.org/runners"
    draft = read_yaml(kb_path / "drafts" / "runner.yaml").data
    assert draft["source"] == "runner"
    assert draft["candidates"], "the article names known nodes near relation cues"
    assert {c["status"] for c in draft["candidates"]} == {"proposed"}
    for candidate in draft["candidates"]:
        assert candidate["quote"] in RUNNER.read_text()


def test_advice_in_words_no_rule_expected_is_drafted_with_its_new_node(
    kb_path: Path, tmp_path: Path
) -> None:
    # An order whose action phrase is new ("stretch calf cramps away") once reached the
    # draft with no node behind it, and ingest stopped with a traceback.
    article = tmp_path / "advice.txt"
    article.write_text(
        "Calf cramps at night\n\nCalf cramps wake many people. Stretch calf cramps away. "
        "Cut back on coffee, tea and cola, which are all loaded with caffeine.\n"
    )
    result = ingest(kb_path, article, "advice")
    assert result.exit_code == 0, result.output
    draft = read_yaml(kb_path / "drafts" / "advice.yaml").data
    new = {node["id"] for node in draft.get("new_nodes") or []}
    known = {node.id for node in load_knowledge_base(kb_path).nodes}
    for candidate in draft["candidates"]:
        for end in (candidate["subject"], candidate["object"]):
            assert end and (end in new or end in known), candidate


def test_ingest_json_lists_candidates_with_their_fields(kb_path: Path) -> None:
    result = ingest(kb_path, RUNNER, "runner", "--json")
    assert result.exit_code == 0, result.output
    candidates = json.loads(result.stdout)
    assert candidates
    for candidate in candidates:
        assert {"subject", "relation", "object", "quote", "strength", "confidence"} <= set(
            candidate
        )
    assert {
        "subject": "almonds",
        "relation": "rich_in",
        "object": "magnesium",
    }.items() <= next(c for c in candidates if c["subject"] == "almonds").items()


def test_ingest_without_the_parser_still_drafts_and_says_so_in_one_line(
    kb_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extract_parse.load_parser.cache_clear()
    monkeypatch.setattr(extract_parse, "MODEL", "no_such_model_here")
    try:
        result = ingest(kb_path, RUNNER, "runner")
    finally:
        monkeypatch.undo()
        extract_parse.load_parser.cache_clear()
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "no_such_model_here" in line]
    assert len(notes) == 1 and "cue rules" in notes[0], result.stderr
    draft = read_yaml(kb_path / "drafts" / "runner.yaml").data
    assert draft["candidates"], "the cue rules still propose claims"
    assert "not installed" not in ingest(kb_path, RUNNER, "runner-again").stderr


def test_ingest_turns_html_into_plain_text(kb_path: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Nuts</title><script>alert(1)</script></head>"
        "<body><h1>Nuts &amp; cramps</h1><p>Almonds are rich in magnesium.</p></body></html>"
    )
    result = ingest(kb_path, page, "nuts", "--json")
    assert result.exit_code == 0, result.output
    text = (kb_path / "sources" / "nuts.txt").read_text()
    assert "<" not in text and "alert" not in text
    assert "Nuts & cramps" in text
    assert json.loads(result.stdout)[0]["quote"] == "Almonds are rich in magnesium."


# --- bad input: one line, exit 2, nothing in data/ changes ----------------------------------------


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


BAD_FILES = {
    "empty": (b"  \n\n", "the file is empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    "not-utf8": ("Les crampes du mollet sont fr\u00e9quentes.\n".encode("latin-1"), "UTF-8"),
    "huge": (b"Cramps hurt. " * 400_000, "too large"),
    "html-without-text": (b"<html><body><script>x()</script></body></html>", "no text"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_article_is_refused_in_one_line(kb_path: Path, tmp_path: Path, case: str) -> None:
    content, words = BAD_FILES[case]
    article = _write(tmp_path, f"{case}.txt", content)
    before = snapshot(kb_path)
    result = ingest(kb_path, article, "new-article")
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert lines[0].startswith(f"Error: {article}:")
    assert "Traceback" not in result.output
    assert snapshot(kb_path) == before


@pytest.mark.parametrize(
    ("source_id", "words"),
    [("calf-cramps-article", "already exists"), ("Not A Slug", "lowercase letters")],
)
def test_bad_source_id_is_refused(kb_path: Path, source_id: str, words: str) -> None:
    before = snapshot(kb_path)
    result = ingest(kb_path, RUNNER, source_id)
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr
    assert snapshot(kb_path) == before


def test_second_ingest_under_the_same_id_is_refused(kb_path: Path) -> None:
    assert ingest(kb_path, RUNNER, "runner").exit_code == 0
    before = snapshot(kb_path)
    result = ingest(kb_path, RUNNER, "runner")
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert snapshot(kb_path) == before


def test_bad_url_is_refused(kb_path: Path) -> None:
    result = ingest(kb_path, RUNNER, "runner", "--url", "javascript:alert(1)")
    assert result.exit_code == 2 and "--url" in result.stderr
    assert not (kb_path / "sources" / "runner.txt").exists()


# --- the proposal rules -------------------------------------------------------------------------

NAMES = term_index(
    [
        ("calf-cramp", ("Calf muscle cramp", "cramp")),
        ("magnesium", ("Magnesium",)),
        ("almonds", ("Almonds", "almond")),
        ("seated-toe-pull", ("calf stretch",)),
    ]
)
TYPES = {"calf-cramp": "condition", "magnesium": "nutrient", "almonds": "food"}
TYPES["seated-toe-pull"] = "remedy"


def test_mentions_are_whole_words_plurals_and_near_misses() -> None:
    found = find_mentions("Cramped rooms aside, cramps and magnesum matter.", NAMES)
    assert [(m.node_id, m.kind) for m in found] == [
        ("calf-cramp", "plural"),
        ("magnesium", "fuzzy"),
    ]


@pytest.mark.parametrize(
    ("sentence", "strength"),
    [
        ("A calf stretch relieves a cramp.", "states"),
        ("A calf stretch may relieve a cramp.", "suggests"),
        ("A calf stretch can relieve a cramp.", "suggests"),
        ("People say a calf stretch relieves a cramp.", "anecdotal"),
    ],
)
def test_strength_follows_the_wording(sentence: str, strength: str) -> None:
    (candidate,) = propose_claims(sentence, NAMES, TYPES)
    assert candidate.key == "seated-toe-pull|relieves|calf-cramp"
    assert candidate.strength == strength
    assert candidate.quote == sentence


def test_negation_gives_no_positive_claim_but_a_flag() -> None:
    (candidate,) = propose_claims("Almonds do not prevent a cramp.", NAMES, TYPES)
    assert candidate.negated
    assert candidate.subject == "almonds" and candidate.object == "calf-cramp"


def test_passive_cue_puts_the_agent_first() -> None:
    (candidate,) = propose_claims("A cramp is relieved by a calf stretch.", NAMES, TYPES)
    assert candidate.key == "seated-toe-pull|relieves|calf-cramp"


def test_new_entity_beside_a_cue_is_proposed_as_a_node() -> None:
    new: dict = {}
    (candidate,) = propose_claims(
        "Pumpkin seeds are rich in magnesium.", NAMES, TYPES, new_nodes=new
    )
    assert candidate.key == "pumpkin-seed|rich_in|magnesium"
    assert (new["pumpkin-seed"].label, new["pumpkin-seed"].type) == ("Pumpkin seeds", "food")


def test_both_ends_of_a_range_are_proposed() -> None:
    text = "Cramps have many causes, from dehydration to an underactive thyroid."
    keys = {candidate.key for candidate in propose_claims(text, NAMES, TYPES, new_nodes={})}
    assert "underactive-thyroid|causes|calf-cramp" in keys


def test_quote_is_the_clause_that_says_it() -> None:
    text = "Winter is long; almonds are rich in magnesium."
    (candidate,) = propose_claims(text, NAMES, TYPES)
    assert candidate.quote == "almonds are rich in magnesium."
    assert candidate.quote in text


def test_sentences_keep_their_offsets() -> None:
    text = "Cramps hurt. Dr. Lee agrees.\nA heading\n\nLast one!"
    for sentence in split_into_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
    assert [s.text for s in split_into_sentences(text)][1] == "Dr. Lee agrees."


def test_the_app_uploader_offers_what_ingest_takes() -> None:
    import tomllib

    from graph.ingest import MAX_ARTICLE_BYTES

    config = tomllib.loads((ARTICLES.parent.parent / ".streamlit" / "config.toml").read_text())
    megabytes = config["server"]["maxUploadSize"]  # the figure the upload box shows
    assert MAX_ARTICLE_BYTES <= megabytes * 1024 * 1024 < MAX_ARTICLE_BYTES + 1024 * 1024
