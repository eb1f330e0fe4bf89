"""The Curate view's selectable article: offsets that make a selection a verbatim quote."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from graph.ingest import known_names
from graph.load import load_knowledge_base
from graph.mentions import term_index
from ui.curate_select import MAX_QUOTE, article_payload, parse_span, quote_spans, relation_in

ARTICLE = (
    "Night cramps wake many runners.\n\nMagnesium may help, and almonds are rich in it. "
    "People say pickle juice stops a cramp."
)


def _payload(text: str = ARTICLE) -> list[dict]:
    return article_payload(text, term_index(known_names(load_knowledge_base())), claimed={1})


def test_each_sentence_is_its_own_slice_of_the_text() -> None:
    for sentence in _payload():
        joined = "".join(piece["text"] for piece in sentence["pieces"])
        assert joined == ARTICLE[sentence["start"] : sentence["end"]]


def test_known_nodes_are_marked_with_their_ids() -> None:
    marked = {p["text"]: p["node"] for s in _payload() for p in s["pieces"] if p["node"]}
    assert marked["Magnesium"] == "magnesium"
    assert marked["almonds"] == "almonds"


def test_sentences_a_candidate_quotes_are_flagged() -> None:
    assert [s["claimed"] for s in _payload()] == [False, True, False]


def test_a_selection_across_sentences_gives_the_verbatim_text() -> None:
    start = ARTICLE.index("runners")
    end = ARTICLE.index(" and almonds")
    span = parse_span(f"{start}-{end}", ARTICLE)
    assert span is not None
    assert ARTICLE[span[0] : span[1]] == "runners.\n\nMagnesium may help,"


def test_whitespace_around_a_selection_is_left_out() -> None:
    start = ARTICLE.index(" People")
    span = parse_span(f"{start}-{start + 8}", ARTICLE)
    assert span is not None and ARTICLE[span[0] : span[1]] == "People"


def test_a_selection_of_only_blank_text_is_none() -> None:
    start = ARTICLE.index("\n\n")
    assert parse_span(f"{start}-{start + 2}", ARTICLE) is None


def test_an_over_long_selection_is_refused() -> None:
    text = "word " * MAX_QUOTE
    assert parse_span(f"0-{MAX_QUOTE + 1}", text) is None
    assert parse_span(f"0-{MAX_QUOTE}", text) is not None


@given(st.text(max_size=30))
def test_anything_the_browser_sends_is_a_span_of_the_text_or_none(value: str) -> None:
    span = parse_span(value, ARTICLE)
    assert span is None or 0 <= span[0] < span[1] <= len(ARTICLE)


def test_clauses_follow_their_sentence_and_are_verbatim() -> None:
    text = "Magnesium may help, and almonds are rich in it; beans are too. Rest."
    pieces = [text[a:b] for a, b in quote_spans(text)]
    assert pieces == [
        "Magnesium may help, and almonds are rich in it; beans are too.",
        "Magnesium may help",
        "almonds are rich in it",
        "beans are too.",
        "Rest.",
    ]


def test_the_first_cue_of_a_selection_names_its_relation() -> None:
    assert relation_in("Almonds and spinach contain magnesium") == "rich_in"
    assert relation_in("cramps are caused by dehydration, and rest relieves them") == "causes"
    assert relation_in("Night cramps wake many runners.") is None
