"""Sentences, grounding spans and coverage of a source text (``graph.source``)."""

from __future__ import annotations

import json
from itertools import pairwise

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.query import filter_view
from graph.schema import VERDICTS, KnowledgeBase
from graph.source import (
    CAUTION,
    Coverage,
    Passage,
    QuoteNotFound,
    UnknownSource,
    coverage,
    reader_payload,
    source_passages,
)
from graph.source_text import split_sentences

SEED_ID = "calf-cramps-article"


@pytest.fixture(scope="module")
def seed_text(kb: KnowledgeBase) -> str:
    return kb.source(SEED_ID).text


def seed_quotes(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """``(edge id, quote)`` for every quote of the seed article."""
    return [
        (edge.key, prov.quote)
        for edge in kb.edges
        for prov in edge.provenance
        if prov.source == SEED_ID
    ]


def hand_graph(claims: list[tuple[str, str, str]], source_id: str = "s") -> nx.MultiDiGraph:
    """A graph with one source and edges ``(edge id, quote, verdict)``; repeats add quotes."""
    graph = nx.MultiDiGraph(sources={source_id: {"title": "S", "kind": "note", "note": ""}})
    for edge_id, quote, verdict in claims:
        subject, relation, obj = edge_id.split("|")
        prov = {"source": source_id, "quote": quote, "strength": "states"}
        if graph.has_edge(subject, obj, relation):
            data = graph.edges[subject, obj, relation]
            data["provenance"] = (*data["provenance"], prov)
        else:
            graph.add_edge(subject, obj, key=relation, provenance=(prov,), verdict=verdict)
    return graph


def highlights(passages: list[Passage]) -> list[tuple[str, tuple[str, ...]]]:
    return [(s.text, s.edges) for p in passages for s in p.segments if s.edges]


def assert_covered(passages: list[Passage], text: str, edge_id: str, quote: str) -> None:
    """Every character of every occurrence of ``quote`` lies in a segment listing ``edge_id``."""
    segments = [s for p in passages for s in p.segments]
    found = text.find(quote)
    assert found >= 0
    while found >= 0:
        for offset in range(found, found + len(quote)):
            holder = next(s for s in segments if s.start <= offset < s.end)
            assert edge_id in holder.edges, (edge_id, quote, holder)
        found = text.find(quote, found + 1)


# --- sentences ------------------------------------------------------------------------


def test_seed_splits_into_its_sentences_and_headings(seed_text: str) -> None:
    spans = split_sentences(seed_text)
    headings = [span.text for span in spans if span.heading]
    sentences = [span.text for span in spans if not span.heading]
    assert headings == [
        "What are the causes of spasms of the calf muscles",
        "causes cramps of the calf muscles",
        "calf muscle spasms treatment",
        "cramps in the calf muscles treatment",
        "All Articles",
    ]
    assert len(sentences) == 36
    assert (
        "It\u2019s better to sit down and pull your foot toward you, holding your toes with your"
        " hand." in sentences
    )
    assert "How to deal with it?" in sentences
    assert (
        "If a person does not move much, is not accustomed to walking, sits at work or stays in"
        " one place all day, and falls into a chair exhausted at home - all these are direct"
        " causes of calf muscle cramps." in sentences
    )
    assert (
        "And once again about the most common causes of spasms of the calf muscles - a lack of"
        " magnesium, calcium and vitamin D." in sentences
    )
    assert sentences[-1].startswith("Almost everyone has cramps in the legs")


def test_every_span_is_the_text_at_its_offsets(seed_text: str) -> None:
    spans = split_sentences(seed_text)
    for span in spans:
        assert seed_text[span.start : span.end] == span.text
        assert span.text == span.text.strip()
    assert [span.start for span in spans] == sorted(span.start for span in spans)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Lee agrees. So do I.", ["Dr. Lee agrees.", "So do I."]),
        ("Eat nuts, e.g. almonds. They help.", ["Eat nuts, e.g. almonds.", "They help."]),
        ("Take vitamin D. Then rest.", ["Take vitamin D.", "Then rest."]),
        ("Really?! Yes.", ["Really?!", "Yes."]),
        ('He said "stop." Then left.', ['He said "stop."', "Then left."]),
        ("Wait... it passed.", ["Wait... it passed."]),
        ("About 2.5 mg a day. 30 g is plenty.", ["About 2.5 mg a day.", "30 g is plenty."]),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert [span.text for span in split_sentences(text)] == expected


def test_a_line_without_final_punctuation_is_a_heading() -> None:
    spans = split_sentences("Night cramps\r\n\r\nThey hurt. Stretch - gently.\n  Footer  ")
    assert [(span.text, span.heading) for span in spans] == [
        ("Night cramps", True),
        ("They hurt.", False),
        ("Stretch - gently.", False),
        ("Footer", True),
    ]


# --- passages and segments ------------------------------------------------------------


def test_seed_passages_concatenate_back_to_the_text(kb: KnowledgeBase, seed_graph, seed_text):
    passages = source_passages(seed_graph, SEED_ID, seed_text)
    assert "".join(p.text for p in passages) == seed_text
    assert "".join(s.text for p in passages for s in p.segments) == seed_text
    kinds = [p.kind for p in passages if p.kind != "break"]
    assert kinds[0] == "heading" and kinds[-1] == "heading"
    assert all(not s.edges for p in passages if p.kind == "heading" for s in p.segments)


def test_every_seed_quote_is_highlighted_for_its_edge(kb: KnowledgeBase, seed_graph, seed_text):
    passages = source_passages(seed_graph, SEED_ID, seed_text)
    quotes = seed_quotes(kb)
    assert len(quotes) > 50
    for edge_id, quote in quotes:
        assert_covered(passages, seed_text, edge_id, quote)
    listed = {edge for p in passages for s in p.segments for edge in s.edges}
    assert listed == {edge_id for edge_id, _ in quotes}


def test_one_quote_inside_another_splits_into_three_segments() -> None:
    text = "Doctors prescribe these with vitamin D, without which absorption fails."
    outer = "x|needed_for_absorption_of|y"
    inner = "m|supplies|y"
    graph = hand_graph(
        [(outer, text, "supported"), (inner, "Doctors prescribe these", "not supported")]
    )
    assert highlights(source_passages(graph, "s", text)) == [
        ("Doctors prescribe these", (inner, outer)),
        (" with vitamin D, without which absorption fails.", (outer,)),
    ]


def test_partly_overlapping_quotes_share_only_their_common_part() -> None:
    text = "one two three four."
    graph = hand_graph(
        [("a|causes|c", "one two three", "mixed"), ("b|causes|c", "two three four.", "mixed")]
    )
    assert highlights(source_passages(graph, "s", text)) == [
        ("one ", ("a|causes|c",)),
        ("two three", ("a|causes|c", "b|causes|c")),
        (" four.", ("b|causes|c",)),
    ]


def test_edges_sharing_a_quote_share_one_segment_most_cautious_first() -> None:
    text = "Nuts are rich in both. Fine."
    quote = "Nuts are rich in both."
    graph = hand_graph(
        [
            ("nuts|rich_in|calcium", quote, "supported"),
            ("nuts|rich_in|magnesium", quote, "not assessed"),
            ("nuts|rich_in|zinc", quote, "mixed"),
        ]
    )
    [segment] = [s for p in source_passages(graph, "s", text) for s in p.segments if s.edges]
    assert segment.edges == ("nuts|rich_in|zinc", "nuts|rich_in|calcium", "nuts|rich_in|magnesium")
    assert segment.verdict == "mixed"


def test_caution_orders_every_verdict() -> None:
    assert sorted(CAUTION) == sorted(VERDICTS)
    assert CAUTION[0] == "possible harm" and CAUTION[-1] == "not assessed"


def test_a_quote_found_twice_is_highlighted_twice() -> None:
    text = "It helps. Yes, it helps."
    graph = hand_graph([("a|relieves|c", "it helps", "insufficient")])
    assert highlights(source_passages(graph, "s", text)) == [("it helps", ("a|relieves|c",))]
    graph = hand_graph([("a|relieves|c", "helps", "insufficient")])
    assert [h[0] for h in highlights(source_passages(graph, "s", text))] == ["helps", "helps"]


def test_a_quote_across_a_line_break_is_cut_at_the_break() -> None:
    text = "First line ends here.\nSecond line goes on."
    graph = hand_graph([("a|causes|c", "here.\nSecond", "mixed")])
    passages = source_passages(graph, "s", text)
    assert [(p.kind, [(s.text, s.edges) for s in p.segments]) for p in passages] == [
        ("paragraph", [("First line ends ", ()), ("here.", ("a|causes|c",))]),
        ("break", [("\n", ("a|causes|c",))]),
        ("paragraph", [("Second", ("a|causes|c",)), (" line goes on.", ())]),
    ]


def test_a_view_highlights_only_its_edges(seed_graph, seed_text) -> None:
    view = filter_view(seed_graph, verdicts=["no evidence found"])
    passages = source_passages(view, SEED_ID, seed_text)
    verdicts = {s.verdict for p in passages for s in p.segments if s.edges}
    assert verdicts == {"no evidence found"}


def test_an_unknown_source_is_refused(seed_graph, seed_text) -> None:
    with pytest.raises(UnknownSource, match=r"no source 'blog'.*calf-cramps-article"):
        source_passages(seed_graph, "blog", seed_text)


def test_the_wrong_text_names_the_edge_whose_quote_is_missing(seed_graph) -> None:
    with pytest.raises(QuoteNotFound, match=r"\|.*quote .* is not in the text of source"):
        coverage(seed_graph, SEED_ID, "Some other article.")


def test_hostile_text_comes_back_as_plain_unescaped_strings() -> None:
    hostile = '<img src=x onerror=alert(1)> & </script><script>alert("x")</script>'
    text = f"Heading <b>\n\nAlmonds hold {hostile}. Plain end."
    graph = hand_graph([("almonds|rich_in|magnesium", f"Almonds hold {hostile}.", "supported")])
    passages = source_passages(graph, "s", text)
    assert highlights(passages) == [(f"Almonds hold {hostile}.", ("almonds|rich_in|magnesium",))]
    assert passages[0].text == "Heading <b>"
    assert "&lt;" not in repr(passages) and "&amp;" not in repr(passages)


# --- coverage -------------------------------------------------------------------------


def test_seed_coverage_adds_up(seed_graph, seed_text) -> None:
    found = coverage(seed_graph, SEED_ID, seed_text)
    sentences = [span for span in split_sentences(seed_text) if not span.heading]
    assert (found.total, len(found.grounded)) == (36, 30)
    assert found.line == "30 of 36 sentences ground at least one claim"
    assert sorted(found.grounded + found.ungrounded, key=lambda s: s.start) == sentences
    for span in found.ungrounded:
        assert seed_text[span.start : span.end] == span.text
    left_out = [span.text for span in found.ungrounded]
    assert "The pain will have to endure." in left_out
    assert "They say it helps quickly." not in left_out


def test_a_sentence_grounds_a_claim_when_a_quote_overlaps_it() -> None:
    text = "One. Two three. Four."
    graph = hand_graph([("a|causes|c", "three. Fo", "mixed")])
    found = coverage(graph, "s", text)
    assert [s.text for s in found.grounded] == ["Two three.", "Four."]
    assert [s.text for s in found.ungrounded] == ["One."]


@pytest.mark.parametrize(
    ("grounded", "ungrounded", "line"),
    [
        (1, 0, "1 of 1 sentence grounds at least one claim"),
        (1, 2, "1 of 3 sentences grounds at least one claim"),
        (0, 2, "0 of 2 sentences ground at least one claim"),
    ],
)
def test_coverage_line_reads_well(grounded: int, ungrounded: int, line: str) -> None:
    spans = tuple(split_sentences("A. " * (grounded + ungrounded)))
    assert Coverage("s", spans[:grounded], spans[grounded:]).line == line


# --- the reader's payload -------------------------------------------------------------


def test_reader_payload_is_json_and_matches_the_passages(kb, seed_graph, seed_text) -> None:
    payload = reader_payload(seed_graph, SEED_ID, seed_text)
    assert json.loads(json.dumps(payload)) == payload
    segments = [s for p in payload["passages"] for s in p["segments"]]
    # 45: the vein sentence's two quotes became one whole sentence with its "may" (sixth read m5)
    assert payload["highlight_count"] == sum(bool(s["edges"]) for s in segments) == 45
    assert set(payload["claims"]) == {edge_id for edge_id, _ in seed_quotes(kb)}
    assert {p["kind"] for p in payload["passages"]} == {"heading", "paragraph"}
    assert [v["name"] for v in payload["verdicts"]] == [
        name for name in VERDICTS if name in {c["verdict"] for c in payload["claims"].values()}
    ]
    assert payload["coverage"]["line"] == "30 of 36 sentences ground at least one claim"
    assert payload["source"] == {"id": SEED_ID, "title": kb.source(SEED_ID).title}


# --- properties -----------------------------------------------------------------------

_ALPHABET = "ab .!?\n\r\u2019-X"


@st.composite
def texts_and_quotes(draw):
    text = draw(st.text(alphabet=_ALPHABET, min_size=1, max_size=60))
    count = draw(st.integers(min_value=0, max_value=5))
    claims = []
    for index in range(count):
        start = draw(st.integers(min_value=0, max_value=len(text) - 1))
        end = draw(st.integers(min_value=start + 1, max_value=len(text)))
        edge = draw(st.integers(min_value=0, max_value=index))
        verdict = draw(st.sampled_from(sorted(VERDICTS)))
        claims.append((f"n{edge}|causes|m", text[start:end], verdict))
    return text, claims


@settings(max_examples=300, deadline=None)
@given(texts_and_quotes())
def test_passages_rebuild_the_text_and_cover_every_quote(case) -> None:
    text, claims = case
    graph = hand_graph(claims)
    passages = source_passages(graph, "s", text)
    assert "".join(p.text for p in passages) == text
    position = 0
    for passage in passages:
        assert passage.start == position and text[passage.start : passage.end] == passage.text
        assert "".join(s.text for s in passage.segments) == passage.text
        for segment in passage.segments:
            assert segment.start == position and segment.text == text[position : segment.end]
            assert segment.end > segment.start
            position = segment.end
        for left, right in pairwise(passage.segments):
            assert set(left.edges) != set(right.edges)
    assert position == len(text)
    for edge_id, quote, _ in claims:
        assert_covered(passages, text, edge_id, quote)
    found = coverage(graph, "s", text)
    for span in found.grounded + found.ungrounded:
        assert text[span.start : span.end] == span.text and not span.heading
