"""Noun phrases next to a relation cue: the names of nodes a text proposes.

Without a part-of-speech tagger, a phrase is a run of content words: small words
(articles, auxiliaries, prepositions, common verbs, time and degree words) end it. Lists
("lentils, beans and tofu") give one phrase per item.

Examples
--------
>>> slugify("Vitamin C (ascorbic acid)")
'vitamin-c-ascorbic-acid'
>>> singular_slug("Tight calves")
'tight-calf'
"""

from __future__ import annotations

import re

from .cues import (
    ANAPHORS,
    ASIDE,
    CATEGORY_MARKERS,
    EDGE_WORDS,
    EXAMPLE_ASIDE,
    GENERIC,
    LIST_SPLIT,
    MAX_NEW_WORDS,
    NOT_IN_PHRASES,
    PARTICIPLE_PHRASE,
    PREPOSITIONS,
    QUANTITY,
    TRAILING,
)
from .extract_lexicon import IN_HEADS, OF_HEADS
from .mentions import singular, tokenize

__all__ = [
    "clause_subject",
    "content_runs",
    "guess_type",
    "phrases_beside",
    "singular_slug",
    "slugify",
    "subject_length",
    "types_by_words",
]


TYPE_WORDS: tuple[tuple[str, str], ...] = (
    (
        r"deficien|lack|shortage|dehydrat|overuse|overwork|stress|loss|too much|too little|"
        r"low |imbalance|smoking|alcohol|obesity|inactivity",
        "cause",
    ),
    (
        r"anaemi|anemi|disease|syndrome|disorder|pain|ache|migraine|cramp|spasm|fatigue|tired|"
        r"itis\b|infection|diabetes|insomnia|dizziness|weakness|condition",
        "condition",
    ),
    (
        r"iron|vitamin|calcium|magnesium|potassium|sodium|zinc|folate|folic|b12|protein|fibre|"
        r"fiber|mineral|electrolyte|omega",
        "nutrient",
    ),
    (
        r"supplement|tablet|pill|stretch|massage|medication|medicine|drug|therapy|drink|"
        r"infusion|bath|compress|ice|heat pad|warm|rest\b|treatment|exercise|paracetamol|"
        r"ibuprofen|aspirin|painkiller|oil\b|juice|cloth|walk",
        "remedy",
    ),
    (r"sleep|night|pregnan|running|swimming|training|heat wave|workout|menstrua", "context"),
)


def slugify(text: str) -> str:
    """Turn a phrase into a node id.

    Examples
    --------
    >>> slugify("Vitamin C (ascorbic acid)")
    'vitamin-c-ascorbic-acid'
    """
    return "-".join(token.word.replace("'", "") for token in tokenize(text))[:80].strip("-")


def singular_slug(phrase: str) -> str:
    """The id of a new node: its phrase as a slug, last word singular ("leg-cramp")."""
    slug = slugify(phrase)
    head, _, last = slug.rpartition("-")
    last = singular(last)
    return f"{head}-{last}" if head else last


def types_by_words(phrase: str) -> list[str]:
    """The node types a phrase's words suggest (``TYPE_WORDS``), likeliest first."""
    lowered = f"{phrase.lower()} "
    return [node_type for pattern, node_type in TYPE_WORDS if re.search(pattern, lowered)]


def guess_type(phrase: str, allowed: frozenset[str]) -> str:
    """The type of a proposed node: the first its words suggest that ``allowed`` holds, or
    else the first allowed one of a fixed order (foods first: new nodes are often foods)."""
    for node_type in types_by_words(phrase):
        if node_type in allowed:
            return node_type
    order = ("food", "remedy", "nutrient", "condition", "cause", "context", "outcome")
    return next(node_type for node_type in order if node_type in allowed)


def trim_phrase(words: list[str]) -> list[str]:
    """``words`` without the small words at either end ("the", "and", "may", ...)."""
    while words and words[0].lower() in EDGE_WORDS:
        words = words[1:]
    while words and words[-1].lower() in EDGE_WORDS:
        words = words[:-1]
    return words


_RANGE = re.compile(r"\bfrom\s+([^,;]+?)\s+to\s+(?=\w)", re.IGNORECASE)


def phrases_beside(text: str, lo: int, hi: int, cue: re.Match[str], *, after: bool) -> list[str]:
    """The noun phrases next to a cue: the nearest, and the rest of a list it heads or ends."""
    stretch = QUANTITY.sub(" ", text[cue.end() : hi] if after else text[lo : cue.start()])
    stretch = ASIDE.sub(",", stretch if after else EXAMPLE_ASIDE.sub(",", stretch))
    # A range names two items: "from poor sleep to an underactive thyroid".
    stretch = _RANGE.sub(r"\1, ", stretch)
    if not after:
        stretch = _without_participles(stretch)
        stretch = _subject_of_coordination(stretch)
        gerund = _gerund_phrase(stretch)
        if gerund:
            return [gerund]
    pieces = LIST_SPLIT.split(stretch)
    # Items, each without the separator; a one-word item right before "such as" names the
    # list's category ("diseases such as diabetes"), not one of its members.
    parts = [
        ""
        if pieces[i + 1 : i + 2]
        and pieces[i + 1].lower() in CATEGORY_MARKERS
        and len(_trim_words(pieces[i])) == 1
        else pieces[i]
        for i in range(0, len(pieces), 2)
    ]
    phrases: list[str] = []
    for part in parts if after else reversed(parts):
        words = [w.strip("()[]\"'.!?\u201c\u201d") for w in part.split()]
        words = [w for w in words if w]
        if not words and phrases:
            continue  # an aside taken out inside a list ("smells such as paint, and noise")
        phrase = phrase_words(words, after=after)
        if not phrase:
            if phrases or any(w.lower() not in EDGE_WORDS for w in words):
                break
            continue
        if phrases and not is_list_item(words, phrase, before=not after):
            break
        phrases.append(" ".join(phrase))
    return [
        p
        for p in phrases
        if (p.lower() not in GENERIC or p.lower() in ANAPHORS)
        and any(w.lower() not in EDGE_WORDS and len(w) > 2 for w in p.split())
    ]


_LINKING = frozenset({"is", "are", "was", "were", "be", "been", "being", "get", "gets", "feel"})


def _without_participles(stretch: str) -> str:
    """``stretch`` without the participle phrases that describe a noun ("an ice pack wrapped
    in a towel" -> "an ice pack"); not after a linking verb or an -ing ("feeling stressed at
    work" keeps its words, as the adjective is the point)."""

    def cut(match: re.Match[str]) -> str:
        before = stretch[: match.start()].split()
        word = before[-1].lower() if before else ""
        return match.group() if word in _LINKING or word.endswith("ing") else " "

    while (shorter := PARTICIPLE_PHRASE.sub(cut, stretch)) != stretch:
        stretch = shorter  # one after another: "wrapped in a towel, applied for ..."
    return stretch


def _trim_words(text: str) -> list[str]:
    return trim_phrase([w.strip("()[]\"'.!?,") for w in text.split() if w.strip("()[]\"'.!?,")])


def _subject_of_coordination(stretch: str) -> str:
    """For "Antacids neutralise acid and [relieve ...]", the words up to the first verb-like
    word ("Antacids"): the subject the two verbs share. Otherwise ``stretch`` itself."""
    words = stretch.split()
    while words and (words[-1].lower() in EDGE_WORDS - {"and"} or words[-1].lower().endswith("ly")):
        words.pop()
    if not words or words[-1].lower() != "and" or "," in stretch:
        return stretch
    runs = content_runs(words[:-1])
    return " ".join(runs[0][0]) if len(runs) > 1 else stretch


def clause_subject(stretch: str) -> str | None:
    """The subject a clause states before its cue, when it shows: the subject two verbs
    share ("Antacids neutralise acid and ...") or an action in -ing ("Eating late ...")."""
    shared = _subject_of_coordination(stretch)
    return _gerund_phrase(shared) or (shared if shared != stretch else None)


def _gerund_phrase(stretch: str) -> str | None:
    """An action named by its verb at the start of the clause ("Raising the head of the
    bed by ..." -> "Raising the head of the bed"), or None."""
    words = [w.strip("()[]\"'.!?,\u201c\u201d") for w in stretch.split()]
    words = [w for w in words if w]
    if _is_activity(words):
        # "Regular stretching of the calves and hamstrings ...": the activity, as named.
        return " ".join(words[:2])
    if not _is_gerund(words[:1]):
        return None
    taken = [words[0]]
    for word in words[1:7]:
        lowered = word.lower()
        if (lowered in PREPOSITIONS and lowered != "of") or _is_adverb(lowered):
            break  # "Losing weight gradually lowers ...": the action is "losing weight"
        if lowered in ("and", "or") and len(taken) == 1:
            return None  # "Smoking and alcohol irritate ...": a list, each item a subject
        if lowered in NOT_IN_PHRASES or (lowered in EDGE_WORDS and lowered not in _OF_ARTICLES):
            break
        taken.append(word)
    while taken and taken[-1].lower() in EDGE_WORDS | {"of"}:
        taken.pop()
    return " ".join(taken) if len(taken) > 1 or taken[0][:1].isupper() else None


def _is_gerund(words: list[str]) -> bool:
    """Whether ``words`` is one action in -ing ("Eating", "Taking"; not "during")."""
    return (
        len(words) == 1
        and words[0].lower().endswith("ing")
        and len(words[0]) >= 5
        and words[0].lower() not in EDGE_WORDS
    )


def _is_activity(words: list[str]) -> bool:
    """Whether a clause opens with an activity named by a word and a noun in -ing ("Heavy
    drinking can ...", "Regular stretching of ..."): not a plural noun and a participle
    ("Cramps following a run"), nor a longer phrase ("Poor eating habits")."""
    if len(words) < 2 or not words[0][:1].isupper() or words[0].lower() in EDGE_WORDS:
        return False
    if words[0].lower().endswith("s") or _is_gerund(words[:1]) or not _is_gerund(words[1:2]):
        return False
    after = words[2].lower() if len(words) > 2 else ""
    return not after or after in EDGE_WORDS or after in PREPOSITIONS


def _is_adverb(word: str) -> bool:
    return word.endswith("ly") and len(word) > 5


_ARTICLES = frozenset({"a", "an", "the", "your", "their", "some"})
_OF_ARTICLES = _ARTICLES | {"of"}


def is_list_item(words: list[str], phrase: list[str], *, before: bool = False) -> bool:
    """Whether a piece of a list is one more item: its phrase, perhaps with a place or time.

    Before a cue, the list's first item may open with other words ("people find that
    chocolate, onions or ..."): a piece that ends with its phrase is an item.
    """
    trimmed = trim_phrase(words)
    if len(trimmed) == 1 and trimmed[0].lower() in _ADJECTIVES:
        return False
    if not trimmed or _is_verb_clause(words) or words[0].lower() in _OPENERS:
        return False  # "relieves spasm, and with regular rubbing, ...": no second object
    if before and trimmed[-len(phrase) :] == phrase:
        return True
    if trimmed[0].lower() in NOT_IN_PHRASES:
        return False
    rest = trimmed[len(phrase) :] if trimmed[: len(phrase)] == phrase else trimmed
    return not rest or rest[0].lower() in PREPOSITIONS


_ADJECTIVES = frozenset(
    re.findall(
        r"\S+",
        "large small big little cool cold warm hot dark quiet red swollen painful tender sharp"
        " long short heavy light fresh dry wet soft hard loud fatty spicy salty sweet sugary",
    )
)
"""Adjectives that, alone between commas, describe the next item ("large, fatty meals")."""
_OPENERS = PREPOSITIONS | {"if", "while", "although", "since", "unless", "until", "whenever"}
"""Words that open a phrase of place, time or condition, never a list item."""
_VERB_OBJECTS = frozenset(
    re.findall(
        r"\S+", "a an the some it them its their your his her down up out off back away people you"
    )
)


def _is_verb_clause(words: list[str]) -> bool:
    """Whether a list piece is a second verb of the subject, not an item: "(relieves the
    pain and) brings down a fever" — a verb in -s followed by an article or a particle."""
    if len(words) < 2 or words[0].lower() in EDGE_WORDS:
        return False
    verb = words[0].lower()
    return verb.endswith("s") and not verb.endswith("ss") and words[1].lower() in _VERB_OBJECTS


def _is_small(words: list[str], at: int) -> bool:
    """Whether ``words[at]`` ends a noun phrase: a small word, a common verb, an adverb,
    or a verb in -s before its object ("Honey coats the throat")."""
    lowered = words[at].lower()
    if _is_too_much(words, at):
        return False
    return (
        lowered in EDGE_WORDS
        or lowered in PREPOSITIONS
        or lowered in NOT_IN_PHRASES
        or (lowered.endswith("ly") and len(lowered) > 5)  # adverbs: "strongly"
        or (at > 0 and _is_verb_clause(words[at : at + 2]))
    )


def subject_length(words: list[str]) -> int:
    """How many of a clause's opening words name its subject: up to the first small word
    (a verb before its object, an article, a preposition) other than a list's "and"/"or"."""
    for at, word in enumerate(words):
        if at and word.lower() not in ("and", "or") and _is_small(words, at):
            return at
    return len(words)


_AMOUNTS = frozenset({"much", "little", "many", "few"})


def _is_too_much(words: list[str], at: int) -> bool:
    """Whether ``words[at]`` is part of "too much" / "too little", which name a cause."""
    pair = [w.lower() for w in words[max(0, at - 1) : at + 2]]
    word = words[at].lower()
    if word == "too":
        return at + 1 < len(words) and words[at + 1].lower() in _AMOUNTS
    return word in _AMOUNTS and len(pair) > 1 and at > 0 and pair[0] == "too"


def content_runs(words: list[str], *, backwards: bool = False) -> list[tuple[list[str], list[str]]]:
    """Runs of content words, each with the run of small words that follows it (that
    precedes it, reading ``backwards`` from the last word)."""
    runs: list[tuple[list[str], list[str]]] = []
    marked = [(word, _is_small(words, i)) for i, word in enumerate(words)]
    for word, small in marked[::-1] if backwards else marked:
        if small:
            if runs:
                runs[-1][1].append(word)
        elif runs and not runs[-1][1]:
            runs[-1][0].append(word)
        else:
            runs.append(([word], []))
    return runs


def phrase_words(words: list[str], *, after: bool) -> list[str]:
    """The run of content words nearest the cue: a noun phrase, roughly.

    Before a cue, a phrase ending in a prepositional phrase ("a cold cloth on the
    forehead") gives its head ("cold cloth").
    """
    runs = content_runs(words, backwards=not after)
    if not runs:
        return []
    taken = runs[0][0]
    joint = [w.lower() for w in runs[0][1]]
    if after and joint[:1] == ["of"] and len(joint) <= 2 and set(joint[1:]) <= _ARTICLES:
        taken = (
            [*taken, *runs[0][1], *runs[1][0]] if len(runs) > 1 else taken
        )  # "lining of the stomach"
    if not after:
        between = {w.lower() for w in runs[0][1]}
        if len(runs) > 1 and between & (PREPOSITIONS | {"of"}) and len(between) <= 3:
            # "a lack of iron" names the lack of it; "a cloth on the forehead", the cloth.
            head = runs[1][0][0].lower()
            of_head = (between == {"of"} and head in OF_HEADS) or (
                between <= {"in", "the"} and "in" in between and head in IN_HEADS
            )
            taken = [*taken, *runs[0][1], *runs[1][0]] if of_head else runs[1][0]
        taken = taken[::-1]
    if after:
        # "peppermint oil rubbed on ...": a participle after the head ends the phrase.
        cut = next((i for i, w in enumerate(taken) if i and w.lower().endswith("ed")), None)
        taken = taken[:cut]
    taken = taken[:MAX_NEW_WORDS] if after else taken[-MAX_NEW_WORDS:]
    while taken and taken[-1].lower() in TRAILING:
        taken.pop()
    return taken
