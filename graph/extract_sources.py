"""A nutrient "from" foods: "vitamin D from sunlight or oily fish" says where it comes from.

"from" alone is too common to be a cue ("recover from", "water from the body"), so it is
read only right after a known nutrient's name, and its other ends are the things named
after it, as far as the clause's next verb or mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .clauses import Sentence
from .cues import GENERIC
from .extract_claims import Candidate, cue_candidates
from .extract_ends import Context, End, ends_beside
from .mentions import Mention

__all__ = ["nutrient_sources"]

_FROM = re.compile(r"\s+(?:such as |like )?from\s+(?:foods? (?:such as|like) )?", re.IGNORECASE)


def nutrient_sources(
    sentence: Sentence,
    clause: tuple[int, int],
    mentions: list[Mention],
    types: Mapping[str, str],
    context: Context,
) -> Iterable[Candidate]:
    """Claims that the things after "<nutrient> from" are rich in that nutrient."""
    text, (start, end) = sentence.text, clause
    for mention in mentions:
        if types.get(mention.node_id) != "nutrient":
            continue
        found = _FROM.match(text, mention.end, end)
        if found is None:
            continue
        nutrient = End(mention.node_id, mention.text, mention.start, mention.end, 1.0, False)
        named = ends_beside(text, start, end, mentions, found, after=True)
        # "magnesium from the diet", "from food": no particular source.
        named = [e for e in named if e.label.lower().rpartition(" ")[2] not in GENERIC]
        named = [e if e.node_id in context.known_ids else _as_new(e) for e in named]
        cue = (found, "source", "rich_in", True)
        yield from cue_candidates(sentence, clause, cue, ([nutrient], named), context)


def _as_new(end: End) -> End:
    return End(end.node_id, end.label, end.start, end.end, end.weight, True, end.fallback)
