"""The Curate view, run in-process with Streamlit's AppTest on a copy of the data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.drafts import read_draft
from graph.load import load_knowledge_base
from tests.curation import STRETCH, drafted, number_of
from tests.hostile_world import snapshot

ROOT = Path(__file__).resolve().parents[1]
__all__ = ["drafted"]  # the fixture


@pytest.fixture
def curate(drafted: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app on the drafted copy, opened on the Curate view."""
    monkeypatch.setenv("CRAMP_ATLAS_DATA", str(drafted))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["mode"] = "curate"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def test_curate_view_lists_the_draft_and_the_article(curate: AppTest, drafted: Path) -> None:
    texts = "\n".join(m.value for m in curate.markdown)
    assert "Candidate claims" in texts
    article = json.loads(curate.get("bidi_component")[0].proto.json)
    marked = {p["text"]: p["node"] for s in article["sentences"] for p in s["pieces"] if p["node"]}
    assert marked["magnesium"] == "magnesium", "known nodes are highlighted in the article"
    number = number_of(drafted, STRETCH)
    assert _button(curate, f"curate-accept-seeds-{number}")


def test_accept_in_the_view_writes_the_claim(curate: AppTest, drafted: Path) -> None:
    number = number_of(drafted, STRETCH)
    _button(curate, f"curate-accept-seeds-{number}").click().run()
    assert not curate.exception
    assert any("another source for" in s.value for s in curate.success)
    edge = next(e for e in load_knowledge_base(drafted).edges if e.key == STRETCH)
    assert {p.source for p in edge.provenance} == {"calf-cramps-article", "seeds"}


def test_a_refused_accept_shows_located_problems_and_writes_nothing(
    curate: AppTest, drafted: Path
) -> None:
    number = number_of(drafted, "pumpkin-seed|rich_in|magnesium")
    before = snapshot(drafted)
    _button(curate, f"curate-accept-seeds-{number}").click().run()
    assert not curate.exception
    shown = curate.error[0].value.replace("\\", "").replace("\u2060", "")
    assert "data/drafts/seeds.yaml:" in shown, "the problem is shown, located"
    assert snapshot(drafted) == before


def test_reject_in_the_view_marks_the_draft(curate: AppTest, drafted: Path) -> None:
    number = number_of(drafted, STRETCH)
    _button(curate, f"curate-reject-seeds-{number}").click().run()
    assert read_draft(drafted, "seeds").by_number[number].status == "rejected"


def test_a_sentence_picked_from_the_list_becomes_the_quote_of_a_new_claim(
    curate: AppTest, drafted: Path
) -> None:
    text = load_knowledge_base(drafted).source("seeds").text
    sentence = "Pumpkin seeds are rich in magnesium."
    start = text.index(sentence)
    curate.selectbox(key="curate-add-sentence").set_value((start, start + len(sentence)))
    curate.selectbox(key="curate-add-subject").set_value("almonds")
    curate.selectbox(key="curate-add-relation").set_value("rich_in")
    curate.selectbox(key="curate-add-object").set_value("magnesium")
    next(b for b in curate.button if b.label == "Add to the draft").click().run()
    assert not curate.exception, [e.value for e in curate.exception]
    added = read_draft(drafted, "seeds").candidates[-1]
    assert (added.subject, added.relation, added.object) == ("almonds", "rich_in", "magnesium")
    assert added.quote == sentence and added.cue == "curator"
