"""Find the nodes a text names: labels, synonyms, ids, plurals and near misses.

Matching works on word tokens, so it only ever matches whole words: "cramp" is found in
"cramps" (a plural) but not in "scramped". Exact names win over near misses, and longer
names over shorter ones ("magnesium deficiency" over "magnesium").

Examples
--------
>>> index = term_index([("calf-cramp", ("Calf muscle cramp", "cramp"))])
>>> [(m.node_id, m.text, m.kind) for m in find_mentions("Night cramps hurt.", index)]
[('calf-cramp', 'cramps', 'plural')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

__all__ = ["Mention", "TermIndex", "Token", "find_mentions", "singular", "term_index", "tokenize"]

_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019-][A-Za-z0-9]+)*")
_MAX_WORDS = 6
_FUZZY_CUTOFF = 88.0
_FUZZY_MIN_CHARS = 6
_STOPWORDS = frozenset(
    re.findall(
        r"\S+",
        "a an the and or of in on at to for with by from is are was were be been it its this that"
        " these those they them their he she his her we our you your not no as if so",
    )
)


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: its lower-case form and its character span."""

    word: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A node named in a text.

    ``kind`` is ``exact`` (a label, synonym or id), ``plural`` (a plural or singular form
    of one) or ``fuzzy`` (a near miss, ``score`` below 100).
    """

    node_id: str
    start: int
    end: int
    text: str
    matched: str
    kind: str
    score: float


@dataclass(frozen=True, slots=True)
class TermIndex:
    """Every name of every node, normalised, with the node it names and how."""

    exact: dict[str, tuple[str, str]]
    fuzzy_terms: tuple[str, ...]


def tokenize(text: str) -> list[Token]:
    """Cut ``text`` into word tokens with their spans.

    Examples
    --------
    >>> [t.word for t in tokenize("Charley-horse, at night!")]
    ['charley-horse', 'at', 'night']
    """
    return [Token(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _normal(text: str) -> str:
    return " ".join(token.word.replace("\u2019", "'") for token in tokenize(text))


_SINGULAR_AS_IS = frozenset(
    re.findall(
        r"\S+",
        "rickets diabetes measles mumps shingles herpes news series species rabies scabies"
        " lens means aids gas bus yes this thus",
    )
)
"""Words in -s that are one thing already ("rickets", "diabetes")."""
_SINGULAR_IRREGULAR = {
    "calves": "calf",
    "halves": "half",
    "leaves": "leaf",
    "loaves": "loaf",
    "knives": "knife",
    "lives": "life",
    "shelves": "shelf",
}


def singular(word: str) -> str:
    """``word`` in the singular, by the common English rules ("potatoes" -> "potato",
    "stretches" -> "stretch", "calves" -> "calf"); a word that is one thing stays.

    Examples
    --------
    >>> [singular(w) for w in ("cramps", "berries", "potatoes", "stretches", "headaches")]
    ['cramp', 'berry', 'potato', 'stretch', 'headache']
    >>> [singular(w) for w in ("rickets", "calves", "toes", "athletics")]
    ['rickets', 'calf', 'toe', 'athletics']
    """
    if word in _SINGULAR_AS_IS or word.endswith(("ss", "us", "is", "ics")) or len(word) <= 3:
        return word
    if word in _SINGULAR_IRREGULAR:
        return _SINGULAR_IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("aches") and not word.endswith(("oaches", "eaches")):
        return word[:-1]  # "headaches", "aches"; not "coaches", "peaches"
    if word.endswith(("ches", "shes", "sses", "xes", "zzes")) or (
        word.endswith("oes") and len(word) >= 7
    ):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def _inflections(term: str) -> Iterable[str]:
    head, _, last = term.rpartition(" ")
    prefix = f"{head} " if head else ""
    if singular(last) != last:
        yield prefix + singular(last)
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        yield prefix + last[:-1] + "ies"
    elif last.endswith(("ch", "sh", "ss", "x")):
        yield prefix + last + "es"
    elif not last.endswith("s"):
        yield prefix + last + "s"


def term_index(names: Iterable[tuple[str, Iterable[str]]]) -> TermIndex:
    """Index the names of nodes for ``find_mentions``.

    Parameters
    ----------
    names
        Pairs of a node id and its names (label, synonyms, entry terms). The id itself,
        with hyphens read as spaces, is a name too.

    Returns
    -------
    TermIndex
        Exact names (and their plural or singular forms) by normalised text.
    """
    exact: dict[str, tuple[str, str]] = {}
    plural: dict[str, tuple[str, str]] = {}
    for node_id, node_names in names:
        for name in (node_id.replace("-", " "), *node_names):
            term = _normal(name)
            if not term or term in _STOPWORDS:
                continue
            exact.setdefault(term, (node_id, "exact"))
            for form in _inflections(term):
                plural.setdefault(form, (node_id, "plural"))
    for form, value in plural.items():
        exact.setdefault(form, value)
    fuzzy_terms = tuple(t for t, (_, kind) in exact.items() if len(t) >= _FUZZY_MIN_CHARS)
    return TermIndex(exact, fuzzy_terms)


def _exact_at(
    tokens: list[Token], index: int, terms: dict[str, tuple[str, str]]
) -> tuple[int, str] | None:
    for length in range(min(_MAX_WORDS, len(tokens) - index), 0, -1):
        gram = " ".join(t.word.replace("\u2019", "'") for t in tokens[index : index + length])
        if gram in terms:
            return length, gram
    return None


def _fuzzy_at(tokens: list[Token], index: int, index_terms: TermIndex) -> tuple[int, str, float]:
    best: tuple[int, str, float] = (0, "", 0.0)
    for length in (3, 2, 1):
        if index + length > len(tokens):
            continue
        words = [t.word for t in tokens[index : index + length]]
        if words[0] in _STOPWORDS or words[-1] in _STOPWORDS:
            continue
        gram = " ".join(words)
        if len(gram) < _FUZZY_MIN_CHARS:
            continue
        for term, score, _ in process.extract(
            gram, index_terms.fuzzy_terms, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=3
        ):
            if score > best[2] and _is_near_miss(words, term.split()):
                best = (length, term, float(score))
    return best


def _is_near_miss(words: list[str], term_words: list[str]) -> bool:
    """A typo, not another name: short words ("c" in "vitamin c") must be the same, and a
    verb form is not a name ("raising" is not "raisin")."""
    if len(words) != len(term_words):
        return True
    return all(
        a == b or (min(len(a), len(b)) > 3 and a.endswith("ing") == b.endswith("ing"))
        for a, b in zip(words, term_words, strict=True)
    )


def find_mentions(text: str, index: TermIndex, *, fuzzy: bool = True) -> list[Mention]:
    """Find every node named in ``text``, left to right, never overlapping.

    Parameters
    ----------
    text
        A sentence or a whole text.
    index
        The names to look for (``term_index``).
    fuzzy
        Also accept near misses (rapidfuzz ratio of at least 88 on names of six letters or
        more).

    Returns
    -------
    list of Mention
        In text order; at each word the longest exact name wins, then the best near miss.
    """
    tokens = tokenize(text)
    mentions: list[Mention] = []
    position = 0
    while position < len(tokens):
        hit = _exact_at(tokens, position, index.exact)
        if hit is not None:
            length, term = hit
            node_id, kind = index.exact[term]
            score = 100.0
        elif fuzzy:
            length, term, score = _fuzzy_at(tokens, position, index)
            node_id, kind = (index.exact[term][0], "fuzzy") if length else ("", "")
        else:
            length = 0
        if not length:
            position += 1
            continue
        start, end = tokens[position].start, tokens[position + length - 1].end
        mentions.append(Mention(node_id, start, end, text[start:end], term, kind, score))
        position += length
    return mentions
