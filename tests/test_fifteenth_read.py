"""The fifteenth read's checks (docs/trust-review-findings.md, "Fifteenth read"): each
fails on the data or code as the reader found them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from graph import build_graph, load_knowledge_base
from graph.errors import SchemaError
from graph.load import DEFAULT_DATA_DIR
from graph.narrate import claim_sentence, clause, edge_verdict_sentence
from graph.portions import BAND_RULE

GRAPH = build_graph(load_knowledge_base())
_RATED = re.compile(r"\breads? (?:it |them )?as (?:a )?(?:rich|moderate|modest)\b")


def test_every_amount_verdict_names_the_line_it_rates_by() -> None:
    """#3: "86 mg ... which the tool reads as rich" beside "79 mg ... moderate", with the
    20% / 10% line never said: a verdict whose record rates an amount names the rule."""
    rated = 0
    for *edge, data in GRAPH.edges(keys=True, data=True):
        evidence = data.get("evidence") or {}
        text = f"{evidence.get('qualifier') or ''} {evidence.get('summary') or ''}"
        if data.get("relation") == "rich_in" and _RATED.search(text):
            rated += 1
            assert BAND_RULE in edge_verdict_sentence(GRAPH, tuple(edge)), edge
    assert rated >= 10
    assert BAND_RULE.startswith("20% or more of the higher RDA given is rich, 10-19% moderate")


def test_a_tour_that_rates_an_amount_says_the_line() -> None:
    """#3, in the authored tours: "270 mg per 100 g, which the tool reads as rich"."""
    said = 0
    for path in sorted((DEFAULT_DATA_DIR / "tours").glob("*.yaml")):
        for step in yaml.safe_load(path.read_text("utf-8"))["steps"]:
            for field in ("narration", "answer"):
                text = " ".join(str(step.get(field) or "").split())
                for sentence in re.split(r"(?<=[.;])\s", text):
                    if _RATED.search(sentence):
                        said += 1
                        assert "20%" in sentence or "10-19%" in sentence, (path.stem, sentence)
    assert said >= 2


def test_legs_are_said_as_legs_and_read_as_calves_by_the_tool() -> None:
    """#4: "The tool infers that calf muscle cramp affects almost everyone" here, "the
    article says almost everyone has leg cramps" elsewhere; the 12th read's #10: the veins
    claims read "spasms of the leg muscles" as the calf cramp in the article's voice."""
    almost = ("calf-cramp", "almost-everyone", "affects")
    assert claim_sentence(GRAPH, almost) == (
        "The article says that cramps in the legs affect almost everyone; the tool reads"
        " \u201ccramps in the legs\u201d as calf muscle cramp."
    )
    for subject in ("venous-insufficiency", "varicose-veins", "blood-stagnation"):
        edge = (subject, "calf-cramp", "associated_with")
        said = claim_sentence(GRAPH, edge)
        assert said.startswith("The article suggests that "), said
        assert clause(GRAPH, edge).endswith("associated with frequent spasms of the leg muscles")
        assert said.endswith(
            "; the tool reads \u201cfrequent spasms of the leg muscles\u201d as calf muscle cramp."
        )
    # No claim whose quote speaks of legs is said of the calf in the source's voice.
    for *edge, data in GRAPH.edges(keys=True, data=True):
        if "calf-cramp" in edge[:2] and any(
            re.search(r"\blegs?\b", prov["quote"]) for prov in data["provenance"]
        ):
            assert "the tool reads" in claim_sentence(GRAPH, tuple(edge)), edge


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        # The veins claim as the reader found it: no said_as.
        ("    said_as: {object: frequent spasms of the leg muscles}\n", "", "wider than"),
        # Words the quote does not say.
        ("said_as: {subject: cramps in the legs}", "said_as: {subject: calf cramps}", "is not in"),
    ],
)
def test_validate_refuses_legs_read_as_calves_silently(
    tmp_path: Path, old: str, new: str, says: str
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    edges = data / "edges.yaml"
    text = edges.read_text("utf-8")
    assert old in text
    edges.write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(SchemaError) as err:
        load_knowledge_base(data)
    messages = [str(problem) for problem in err.value.problems]
    assert any(".said_as" in message and says in message for message in messages), messages
