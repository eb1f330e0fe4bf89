"""Texts made of the pieces health articles are made of, for property-based tests of
ingest: cue words, lists, headings, known names and stray punctuation."""

from __future__ import annotations

from hypothesis import strategies as st

__all__ = ["CUES", "NAMES", "OPENINGS", "PIECES", "SENTENCES", "TEXTS"]

PIECES = [
    *("magnesium", "Almonds", "calf cramps", "Cramps", "night", "dehydration", "coffee"),
    *("tea, cola and energy drinks", "caffeine", "the calf muscle", "Vitamin D", "bananas"),
    *("may help", "can cause", "causes", "is linked to", "rich in", "loaded with", "prevents"),
    *("which are all", "such as", "because", "people say", "does not", "relieves", "eases"),
    *("Cut back on", "Stretch", "Drink", "back", "fast", "well", "two", "long hours", "the"),
    *(",", ".", ":", "!", "?", "-", "(", ")", '"', "'s", "and", "or", "a", "of", "up"),
    *("\n", "\n\n", "\n- ", "\n* ", "\n1. ", "Why Your Calves Seize Up\n", "Tips:\n"),
]
"""What the texts are made of."""
NAMES = [
    *("magnesium", "Almonds", "calf cramps", "dehydration", "coffee", "caffeine", "night"),
    *("tea, cola and energy drinks", "the calf muscle", "Vitamin D", "bananas", "sore feet"),
    *("long hours in a chair", "a warm bath", "stretching the calf", "low potassium", "it"),
]
"""Ends a sentence may name: known nodes, new things, lists, a pronoun."""
CUES = [
    *("may help", "can cause", "causes", "is linked to", "is rich in", "are loaded with"),
    *("prevents", "relieves", "eases", "does not prevent", "people say helps", "contains"),
    *("is a common trigger of", "makes", "can bring on", "is found in", "during"),
]
"""What a sentence may say of its ends."""
OPENINGS = ["", "- ", "1. ", "Some people say ", "Studies show that ", "However, ", "Tips: "]
"""What a sentence may open with: list marks, hearsay, findings."""
SENTENCES = st.builds(
    lambda opening, subject, cue, obj, stop: f"{opening}{subject} {cue} {obj}{stop}",
    st.sampled_from(OPENINGS),
    st.sampled_from(NAMES),
    st.sampled_from(CUES),
    st.sampled_from(NAMES),
    st.sampled_from([".", "!", "?", ":", ".\n", ".\n\n", ", and"]),
)
"""One claim-like sentence: an opening, an end, a cue, an end, a stop."""
TEXTS = st.lists(
    st.one_of(SENTENCES, SENTENCES, st.sampled_from(PIECES)), min_size=1, max_size=16
).map(" ".join)
"""A text of claim-like sentences and stray pieces, joined by spaces."""
