"""Take a new article in: check the file, store it as a source, write a draft of its claims.

``ingest_article`` is what ``python -m graph ingest`` runs. It refuses, with one
``file:line: message`` problem and before anything is written, an empty file, a binary
one, one that is not UTF-8, one holding a control or bidi character, one over
``MAX_ARTICLE_BYTES``, a source id that is not a slug or already exists, and a draft
that exists. HTML is turned into its plain text (tags, scripts and styles dropped,
entities decoded), which is what gets stored and quoted.

Every check runs before the first write. The way to each file written must stay in the
data folder (a ``drafts/`` or ``sources/`` link out of it is refused, as the loader
refuses one); writes go through ``graph.curate_io.write_checked``: the new
``sources.yaml`` is loaded with the rest of the knowledge base in a scratch copy first,
so nothing that does not validate reaches ``data/``. Ingest holds the data folder's lock
(``graph.safe_io.data_lock``) from checking the id against the data to writing the text,
the record and the draft together, so two ingests at once never lose a record.

Each candidate is proposed as validation will take it (``reviewable``): a quote that
neither says the relation nor names both ends is proposed ``inferred``, and a quote that
names an end more widely than the node gets that end's ``said_as``, by the same rules
the loader checks (``graph.integrity.is_said_outright``, ``graph.end_names``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from pydantic import ValidationError

from .curate_io import DRAFTS_DIR, render_draft, sources_with, write_checked
from .end_names import wider_words_in
from .errors import AtlasError, Problem
from .extract import Candidate, NewNode, propose_claims
from .extract_parse import parser_missing
from .integrity import is_said_outright
from .limits import text_problem, unsafe_line
from .load import load_knowledge_base
from .mentions import term_index
from .safe_io import data_lock, path_inside
from .schema import RELATIONS, KnowledgeBase, Node, Source, is_slug

__all__ = [
    "MAX_ARTICLE_BYTES",
    "BadArticle",
    "Ingested",
    "check_new_source",
    "ingest_article",
    "known_names",
    "propose_for_text",
    "read_article",
    "reviewable",
    "typed_to_fit",
]

MAX_ARTICLE_BYTES = 1_000_000
"""Largest article accepted (1 MB of text is some 150,000 words: far beyond an article)."""

_HTML_SIGN = re.compile(
    r"<(?:!doctype\s+html|html|head|body|p|div|br|span|a\s|h[1-6]|article|section|script)\b",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    re.findall(r"\w+", "p div br li h1 h2 h3 h4 h5 h6 tr article section header footer title")
)


class BadArticle(AtlasError, ValueError):
    """The article file (or the id given for it) cannot be taken in: one located problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


@dataclass(frozen=True, slots=True)
class Ingested:
    """What ingest stored and proposed."""

    source_id: str
    text_file: Path
    draft_file: Path
    candidates: tuple[Candidate, ...]
    new_nodes: tuple[NewNode, ...]
    html_stripped: bool
    said_as: tuple[dict[str, str], ...] = ()
    """Each candidate's ``said_as`` (empty for most), in the candidates' order."""
    parser_note: str | None = None
    """One line when the English parser is missing (only the cue rules proposed)."""


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skipping = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        self._in_title = self._in_title or tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        self._in_title = self._in_title and tag != "title"

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)
            if self._in_title:
                self.title.append(data)


def _strip_html(text: str) -> str:
    parser = _TextOfHtml()
    parser.feed(text)
    parser.close()
    lines = "".join(parser.parts).split("\n")
    kept = [tidy for line in lines if (tidy := _tidy(line))]
    title = _tidy("".join(parser.title))
    if title and kept[:1] == [title] and title in kept[1:]:
        kept = kept[1:]  # the <title> repeats a heading of the page: keep the heading
    return "\n\n".join(kept) + "\n"


def _tidy(line: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", line).strip()


def read_article(path: Path, *, shown: str | None = None) -> tuple[str, bool]:
    """Read an article file as plain text.

    Parameters
    ----------
    path
        The file.
    shown
        How messages name it (default: ``path`` as given).

    Returns
    -------
    tuple of (str, bool)
        The text, and whether it was HTML turned into plain text.

    Raises
    ------
    BadArticle
        Missing, unreadable, empty, binary, not UTF-8, larger than ``MAX_ARTICLE_BYTES``,
        holding a control or bidi character (an ESC, a right-to-left override: stored,
        they would reach every page and terminal that quotes the article), or HTML with
        no text in it. CRLF and CR line breaks are read as LF.
    """
    name = shown or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise BadArticle(
                Problem(
                    name,
                    0,
                    "",
                    f"the file is too large ({size / 1_000_000:.1f} MB; an article may be at"
                    f" most {MAX_ARTICLE_BYTES // 1_000_000} MB of plain text)",
                )
            )
        raw = path.read_bytes()
    except OSError as err:
        raise BadArticle(Problem(name, 0, "", f"cannot read the file ({err.strerror})")) from err
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise BadArticle(Problem(name, line, "", "the file is binary, not plain text"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        message = (
            f"not valid UTF-8 (byte {raw[err.start]:#04x} at offset {err.start}); save the"
            " article as UTF-8 plain text"
        )
        raise BadArticle(Problem(name, line, "", message)) from err
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise BadArticle(Problem(name, 1, "", "the file is empty"))
    _refuse_unsafe(text, name)
    is_html = bool(_HTML_SIGN.search(text[:5000]))
    if is_html:
        text = _strip_html(text)
        if not text.strip():
            raise BadArticle(Problem(name, 1, "", "the HTML page holds no text"))
        _refuse_unsafe(text, name, where="in the page's text, its character references decoded: ")
    return text, is_html


def _refuse_unsafe(text: str, name: str, *, where: str = "") -> None:
    """Refuse a text holding a control or bidi character, naming its line (none for text
    decoded from HTML, whose lines are not the file's) and its place in the line."""
    found = unsafe_line(text)
    if found is not None:
        number, problem = found
        raise BadArticle(Problem(name, 0 if where else number, "", where + problem))


def known_names(kb: KnowledgeBase) -> list[tuple[str, tuple[str, ...]]]:
    """Every node's id with the names a text may use for it: label, synonyms, related terms.

    Related terms ("muscle cramp" for the calf cramp) are no other names, but an article
    that speaks of "cramps" means the node a curator would attach its claims to; every
    candidate is reviewed before it lands.

    Examples
    --------
    >>> from graph.load import load_knowledge_base
    >>> dict(known_names(load_knowledge_base()))["almonds"][:2]
    ('Almonds', 'almond')
    """
    return [
        (
            node.id,
            (node.label, *node.synonyms, *(t for terms in node.related.values() for t in terms)),
        )
        for node in kb.nodes
    ]


def propose_for_text(kb: KnowledgeBase, text: str) -> tuple[list[Candidate], list[NewNode]]:
    """Propose candidate claims for ``text`` against the nodes of ``kb``.

    Returns
    -------
    tuple
        The candidates (text order) and the new nodes they name (by id).
    """
    new_nodes: dict[str, NewNode] = {}
    types = {node.id: node.type for node in kb.nodes}
    candidates = propose_claims(text, term_index(known_names(kb)), types, new_nodes=new_nodes)
    used = {end for c in candidates for end in (c.subject, c.object)}
    return candidates, [node for node_id, node in sorted(new_nodes.items()) if node_id in used]


def reviewable(
    kb: KnowledgeBase, candidates: Iterable[Candidate], new_nodes: Iterable[NewNode]
) -> list[tuple[Candidate, dict[str, str]]]:
    """Each candidate as validation will accept it, with its ``said_as``.

    A quote that neither says the relation nor names both ends (``is_said_outright``)
    makes the claim the tool's reading: ``inferred``. A quote that names an end in wider
    words than the node ("muscle cramps" for the calf cramp) gives them as that end's
    ``said_as``. A new node counts as named by its label, which ingest took from the text.
    """
    nodes = {node.id: node for node in kb.nodes}
    for new in new_nodes:
        nodes.setdefault(new.id, Node.model_construct(id=new.id, label=new.label, type=new.type))
    proposed = []
    for candidate in candidates:
        subject, obj = nodes[candidate.subject], nodes[candidate.object]
        if candidate.strength != "inferred" and not is_said_outright(
            candidate.quote, candidate.relation, subject, obj
        ):
            candidate = dataclasses.replace(candidate, strength="inferred")
        said_as = {
            end: words[0]
            for end, node in (("subject", subject), ("object", obj))
            if (words := wider_words_in([candidate.quote], node))
        }
        proposed.append((candidate, said_as))
    return proposed


def typed_to_fit(candidates: Iterable[Candidate], new_nodes: Iterable[NewNode]) -> list[NewNode]:
    """The new nodes, each retyped when its guessed type is one no candidate using it
    allows and exactly one type fits every such use (caffeine, the object of ``rich_in``,
    is a nutrient): the schema's rule, applied before review rather than at accept.

    Examples
    --------
    >>> from graph.extract import Candidate
    >>> used = Candidate("coffee", "rich_in", "caffeine", "Coffee is rich in caffeine.",
    ...                  "states", "rich in", 0.9, 1)
    >>> typed_to_fit([used], [NewNode("caffeine", "Caffeine", "condition")])[0].type
    'nutrient'
    """
    fits: dict[str, set[str]] = {}
    for candidate in candidates:
        relation = RELATIONS[candidate.relation]
        for end, allowed in (
            (candidate.subject, relation.subject_types),
            (candidate.object, relation.object_types),
        ):
            fits[end] = fits[end] & set(allowed) if end in fits else set(allowed)
    retyped = []
    for node in new_nodes:
        fitting = fits.get(node.id, set())
        if node.id in fits and node.type not in fitting and len(fitting) == 1:
            node = dataclasses.replace(node, type=next(iter(fitting)))
        retyped.append(node)
    return retyped


def check_new_source(data_dir: Path, source_id: str) -> None:
    """Refuse ``source_id`` if ingest could not write its files, before anything is read.

    The id must be a slug; the text and draft it names must not exist yet; the way to
    every file ingest writes must stay inside ``data_dir`` (``graph.safe_io.path_inside``).

    Raises
    ------
    BadArticle
        A bad or taken id, named as the option or the existing file.
    SchemaError
        A ``drafts/`` or ``sources/`` link (or a file link) leading out of ``data_dir``.
    """
    too_long = text_problem("id", source_id)
    if too_long is not None:
        raise BadArticle(Problem("--id", 0, "", too_long))
    if not is_slug(source_id):
        message = "ids are lowercase letters and digits joined by hyphens, like 'iron-article'"
        raise BadArticle(Problem("--id", 0, "", f"{message} (got {source_id!r})"))
    *new_files, _ = _written(source_id)
    for relative in _written(source_id):
        taken = path_inside(data_dir, relative)
        if relative in new_files and (taken.exists() or taken.is_symlink()):
            shown = f"{data_dir.resolve().name}/{relative.as_posix()}"
            raise BadArticle(
                Problem(shown, 0, "", f"already exists; pick another id than {source_id!r}")
            )


def _check_id(kb: KnowledgeBase, data_dir: Path, source_id: str) -> None:
    check_new_source(data_dir, source_id)
    if source_id in {source.id for source in kb.sources}:
        shown = f"{data_dir.name}/sources.yaml"
        raise BadArticle(Problem(shown, 0, "id", f"source {source_id!r} already exists"))


_RECORD_RULES = {"url": "an address is http:// or https:// followed by no space"}
"""What a field of the source record must be, said as the curator reads it."""


def _check_record(record: Mapping[str, str]) -> None:
    """Refuse the new source record as its option (``--title: ...``): the same checks as
    loading ``sources.yaml`` (length, control characters, the model), made before the
    article is read, and named as what the curator typed rather than as a line of a file
    that does not hold it yet."""
    for field, value in record.items():
        problem = text_problem(field, value)
        if problem is not None:
            raise BadArticle(Problem(f"--{field}", 0, "", problem))
    try:
        Source.model_validate(record)
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        field = str(first["loc"][0])
        message = _RECORD_RULES.get(field, first["msg"])
        raise BadArticle(
            Problem(f"--{field}", 0, "", f"{message} (got {record[field]!r})")
        ) from err


def _written(source_id: str) -> tuple[Path, Path, Path]:
    """The files ingest writes, relative to the data folder: text, draft, source list."""
    return (
        Path("sources") / f"{source_id}.txt",
        Path(DRAFTS_DIR) / f"{source_id}.yaml",
        Path("sources.yaml"),
    )


def ingest_article(
    data_dir: Path,
    article: Path,
    *,
    source_id: str,
    title: str,
    url: str | None = None,
) -> Ingested:
    """Store an article as a new source and write the draft of its candidate claims.

    Parameters
    ----------
    data_dir
        The knowledge-base folder read and written to.
    article
        The plain-text (or HTML) article.
    source_id, title, url
        The new source's record.

    Returns
    -------
    Ingested
        Where the text and draft went, and what was proposed.

    Raises
    ------
    BadArticle
        The file or the id cannot be used (nothing is written).
    SchemaError
        A file would be written outside ``data_dir`` (through a link), or the new source
        record would not validate (nothing is written).
    AtlasError
        Another writer holds the data folder's lock (nothing is written).
    """
    check_new_source(data_dir, source_id)
    if not title.strip():
        raise BadArticle(Problem("--title", 0, "", "the title is empty"))
    text_file, draft_file, sources_file = _written(source_id)
    record = {
        "id": source_id,
        "title": title.strip(),
        "file": text_file.as_posix(),
        "kind": "article",
        "language": "en",
    }
    if url:
        record["url"] = url
    _check_record(record)
    text, stripped = read_article(article)
    # Proposing takes seconds (the parser loads), so it reads the data before the lock:
    # the draft is only a proposal, and accepting checks it against the data of its time.
    known = load_knowledge_base(data_dir)
    candidates, proposed_nodes = propose_for_text(known, text)
    new_nodes = typed_to_fit([c for c in candidates if not c.negated], proposed_nodes)
    proposed = reviewable(known, candidates, new_nodes)
    draft = render_draft(source_id, proposed, new_nodes)
    with data_lock(data_dir, what=f"ingest {source_id}"):
        _check_id(load_knowledge_base(data_dir), data_dir, source_id)
        write_checked(
            data_dir,
            {
                text_file: text,
                sources_file: sources_with(data_dir / sources_file, record),
                draft_file: draft,
            },
            aimed={f"sources:{source_id}"},
        )
    return Ingested(
        source_id,
        path_inside(data_dir, text_file),
        path_inside(data_dir, draft_file),
        tuple(candidate for candidate, _ in proposed),
        tuple(new_nodes),
        stripped,
        tuple(said_as for _, said_as in proposed),
        parser_missing(),
    )
