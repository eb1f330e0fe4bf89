"""Ways to break a copy of ``data/``, each with where the loader must say the problem is.

Every breakage edits the real text of a real file (it finds a line by its content and
changes it), so the line it expects is a line of that file, found the way a curator would
find it. Tests of the loader and of ``python -m graph validate`` share this table::

    where = breakage.apply(data_dir)   # data_dir: a copy of data/, e.g. the kb_path fixture
    assert any(where.matches(problem) for problem in err.problems)
    assert str(where) in output        # "data/nodes.yaml:20: nodes[2].type:"
    assert breakage.says in output     # a fragment of the message

Lines are found by content rather than written down, so the table survives edits to the
data that do not touch the lines it breaks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph.errors import Problem

__all__ = ["BREAKAGES", "Breakage", "Where", "breakage_named"]

Edit = Callable[[str], list[str] | None]
"""Maps the line found (or the whole text) to the lines that replace it; ``None`` deletes."""

_ITEM = re.compile(r"^ {0,2}- ")
"""A record of a section: a list item at the top level of the section."""


@dataclass(frozen=True, slots=True)
class Where:
    """Where a problem must be reported: the file as messages name it, its line and field."""

    file: str
    line: int
    field: str

    def matches(self, problem: Problem) -> bool:
        """Tell whether ``problem`` is located exactly here."""
        return (problem.file, problem.line, problem.field) == (self.file, self.line, self.field)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:"
        return f"{where} {self.field}:" if self.field else where


def swap(old: str, new: str) -> Edit:
    """Replace ``old`` with ``new`` in the line."""

    def edit(line: str) -> list[str]:
        if old not in line:
            raise LookupError(f"{old!r} is not in {line!r}")
        return [line.replace(old, new, 1)]

    return edit


def drop(line: str) -> list[str]:
    """Delete the line."""
    return []


def twice(old: str, new: str) -> Edit:
    """Keep the line and add a copy of it below with ``old`` replaced by ``new``."""
    return lambda line: [line, *swap(old, new)(line)]


def cut(part: str) -> Edit:
    """Remove ``part`` (say, one whole line) from the text it is given."""

    def edit(text: str) -> list[str]:
        if part not in text:
            raise LookupError(f"{part!r} is not in the text")
        return [text.replace(part, "", 1)]

    return edit


def same(line: str) -> list[str]:
    """Leave the text as it is (for breakages that only change the file's encoding)."""
    return [line]


def empty(text: str) -> list[str]:
    """Blank the whole file."""
    return [""]


def delete(text: str) -> None:
    """Delete the whole file."""
    return None


# Which line of the file the loader must name, given the lines and the index of the line
# the edit targets (before the edit).
Report = Callable[[list[str], int], int]


def edited(lines: list[str], index: int) -> int:
    """The line the edit changed."""
    return index + 1


def added(lines: list[str], index: int) -> int:
    """The line the edit added below the one it found."""
    return index + 2


def record_start(lines: list[str], index: int) -> int:
    """The first line of the record holding the edited line (a missing field points there)."""
    return _record_index(lines, index) + 1


def key_line(key: str) -> Report:
    """The line of ``key`` in the record holding the edited line."""

    def report(lines: list[str], index: int) -> int:
        start = _record_index(lines, index)
        for number, line in enumerate(lines[start:], start=start + 1):
            if number - 1 > start and _ITEM.match(line):
                break
            if line.lstrip(" -").startswith(f"{key}:"):
                return number
        raise LookupError(f"no {key!r} in the record at line {start + 1}")

    return report


def first_line(lines: list[str], index: int) -> int:
    """Line 1 (problems with the whole file)."""
    return 1


def _record_index(lines: list[str], index: int) -> int:
    for start in range(index, -1, -1):
        if _ITEM.match(lines[start]):
            return start
    raise LookupError(f"line {index + 1} is in no record")


def _record_number(lines: list[str], index: int) -> int:
    """Position of the record holding line ``index`` within its section (0-based)."""
    start = _record_index(lines, index)
    count = 0
    for line in reversed(lines[:start]):
        if line[:1].isalpha():  # the section's key, e.g. "nodes:"
            break
        count += bool(_ITEM.match(line))
    return count


@dataclass(frozen=True, slots=True)
class Breakage:
    """One way to break the data, and where the loader must report it.

    ``at`` finds the line to edit: each text is looked for (as a part of a line) after the
    line the previous one found, so ``("id: epilepsy", "label:")`` is the label of the
    epilepsy node. An empty ``at`` hands the whole text to ``edit``. ``field`` may use
    ``{record}``, the index of the edited record in its section. ``target`` is the file to
    edit when it is not ``file`` (the one the problem is reported in); a target is always
    edited as a whole, and ``at`` then finds the reported line in ``file``.
    """

    name: str
    file: str
    at: tuple[str, ...]
    edit: Edit
    field: str = ""
    report: Report = edited
    says: str = ""
    target: str | None = None
    encoding: str = "utf-8"

    def apply(self, data_dir: Path) -> Where:
        """Break the copy of the data in ``data_dir``; return where the problem must be."""
        text = (data_dir / self.file).read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        index = _find(lines, self.at, self.file)
        where = Where(
            file=f"{data_dir.resolve().name}/{self.file}",
            line=self.report(lines, index) if self.at else self.report(lines, 0),
            field=(
                self.field.format(record=_record_number(lines, index))
                if "{record}" in self.field
                else self.field
            ),
        )
        if self.target is not None:
            _rewrite(data_dir / self.target, self.edit, self.encoding)
        elif not self.at:
            _rewrite(data_dir / self.file, self.edit, self.encoding)
        else:
            body = lines[index].rstrip("\r\n")
            ending = lines[index][len(body) :]
            new = self.edit(body)
            if new is None:
                raise ValueError(f"{self.name}: a line edit cannot delete the file")
            lines[index : index + 1] = [line + ending for line in new]
            (data_dir / self.file).write_bytes("".join(lines).encode(self.encoding))
        return where


def _find(lines: list[str], at: tuple[str, ...], file: str) -> int:
    index = -1
    for text in at:
        index = next((i for i in range(index + 1, len(lines)) if text in lines[i]), None)
        if index is None:
            raise LookupError(f"{text!r} not found in {file} after {at[: at.index(text)]}")
    return max(index, 0)


def _rewrite(path: Path, edit: Edit, encoding: str) -> None:
    new = edit(path.read_text(encoding="utf-8"))
    if new is None:
        path.unlink()
    else:
        path.write_bytes("".join(new).encode(encoding))


ARTICLE = "sources/calf-cramps-article.txt"
EVIDENCE = "evidence.yaml"
REFERENCES = "references.yaml"

BREAKAGES: tuple[Breakage, ...] = (
    Breakage(
        "missing-field",
        "nodes.yaml",
        ("id: epilepsy", "label: Epilepsy"),
        drop,
        "nodes[{record}].label",
        record_start,
        "required field is missing",
    ),
    Breakage(
        "missing-relation",
        "edges.yaml",
        ("subject: pin-prick", "relation: used_during"),
        drop,
        "edges[{record}].relation",
        record_start,
        "required field is missing",
    ),
    Breakage(
        "unknown-node-type",
        "nodes.yaml",
        ("id: epilepsy", "type: condition"),
        swap("condition", "disorder"),
        "nodes[{record}].type",
        says="unknown node type 'disorder'",
    ),
    Breakage(
        "unknown-relation",
        "edges.yaml",
        ("subject: seated-toe-pull", "relation: relieves"),
        swap("relieves", "relives"),
        "edges[{record}].relation",
        says="unknown relation 'relives'",
    ),
    Breakage(
        "unknown-strength",
        "edges.yaml",
        ("quote: They say it helps quickly.", "strength: anecdotal"),
        swap("anecdotal", "hearsay"),
        "edges[{record}].provenance[0].strength",
        says="unknown strength 'hearsay'",
    ),
    Breakage(
        "dangling-object",
        "edges.yaml",
        ("subject: almonds", "object: magnesium"),
        swap("magnesium", "magnesum"),
        "edges[{record}].object",
        says="unknown node 'magnesum' (did you mean 'magnesium'?)",
    ),
    Breakage(
        "dangling-subject",
        "edges.yaml",
        ("subject: walnuts",),
        swap("walnuts", "walnut"),
        "edges[{record}].subject",
        says="unknown node 'walnut' (did you mean 'walnuts'?)",
    ),
    Breakage(
        "duplicate-node-id",
        "nodes.yaml",
        ("id: walnuts",),
        swap("walnuts", "almonds"),
        "nodes[{record}].id",
        says="duplicate node id 'almonds' (first at ",
    ),
    Breakage(
        "claim-written-twice",
        "edges.yaml",
        ("subject: walnuts", "object: calcium"),
        swap("calcium", "magnesium"),
        "edges[{record}].relation",
        key_line("relation"),
        "is written twice",
    ),
    Breakage(
        "quote-not-in-source",
        "edges.yaml",
        ("quote: They say it helps quickly.",),
        swap("helps quickly", "helps very quickly"),
        "edges[{record}].provenance[0].quote",
        says="quote is not a verbatim part of source 'calf-cramps-article'",
    ),
    Breakage(
        "quote-with-straight-apostrophe",
        "edges.yaml",
        ("quote: It\u2019s better to sit down",),
        swap("It\u2019s", "It's"),
        "edges[{record}].provenance[0].quote",
        says="differs only in case, spacing or quote marks",
    ),
    Breakage(
        "yaml-unclosed-quote",
        "edges.yaml",
        ("quote: They say it helps quickly.",),
        swap("quote: They", 'quote: "They'),
        says="invalid YAML: the quoted text that starts here is never closed",
    ),
    Breakage(
        "yaml-unquoted-colon",
        "nodes.yaml",
        ("description: Dried grapes, in the tool's words.",),
        swap("Dried grapes,", "Dried grapes: small and sweet,"),
        says="invalid YAML: mapping values are not allowed here",
    ),
    Breakage(
        "yaml-tab-indent",
        "nodes.yaml",
        ("id: epilepsy", "label: Epilepsy"),
        swap("    label", "\tlabel"),
        says="indent with spaces, not tabs",
    ),
    Breakage(
        "yaml-missing-colon",
        "nodes.yaml",
        ("id: epilepsy", "label: Epilepsy"),
        swap("label: Epilepsy", "label Epilepsy"),
        says="needs a ':' after its key",
    ),
    Breakage(
        "synonyms-not-a-list",
        "nodes.yaml",
        ("id: epilepsy", "synonyms:"),
        swap("[seizure disorder]", "5"),
        "nodes[{record}].synonyms",
        says="Input should be a list (got 5)",
    ),
    Breakage(
        "plural-not-a-boolean",
        "nodes.yaml",
        ("id: raisins", "plural: true"),
        swap("true", "maybe"),
        "nodes[{record}].plural",
        says="Input should be a valid boolean",
    ),
    Breakage(
        "id-not-a-slug",
        "nodes.yaml",
        ("id: legumes",),
        swap("legumes", "Legumes"),
        "nodes[{record}].id",
        says="ids are lowercase letters and digits joined by hyphens",
    ),
    Breakage(
        "unknown-field",
        "nodes.yaml",
        ("id: epilepsy", "label: Epilepsy"),
        swap("label:", "lable:"),
        "nodes[{record}].lable",
        says="unknown field (check its spelling)",
    ),
    Breakage(
        "unknown-section",
        "nodes.yaml",
        ("nodes:",),
        swap("nodes:", "node:"),
        "node",
        says="unknown section",
    ),
    Breakage(
        "food-causes-cramp",
        "edges.yaml",
        ("subject: sedentary-lifestyle",),
        swap("sedentary-lifestyle", "almonds"),
        "edges[{record}].subject",
        says="a food cannot be the subject of 'causes'",
    ),
    Breakage(
        "value-yaml-cannot-read",
        "nodes.yaml",
        ("id: epilepsy", "label: Epilepsy"),
        swap("Epilepsy", "2024-02-30"),
        "nodes[{record}].label",
        says="cannot read '2024-02-30' (day is out of range for month); if it is text, quote it",
    ),
    Breakage(
        # QA pass: a bare yes/no is a boolean to YAML; the message says to quote it.
        "yaml-bare-no-as-text",
        "nodes.yaml",
        ("id: epilepsy", "label: Epilepsy"),
        swap("Epilepsy", "no"),
        "nodes[{record}].label",
        says="Input should be text, but YAML read False from it: quote the value",
    ),
    Breakage(
        "yaml-merge-key",
        "nodes.yaml",
        ("id: epilepsy", "label: Epilepsy"),
        swap("label: Epilepsy", "<<: {label: Epilepsy}"),
        "nodes[{record}]",
        says="merge keys (<<) are not supported",
    ),
    Breakage(
        "duplicate-key",
        "nodes.yaml",
        ("id: epilepsy", "label: Epilepsy"),
        twice("Epilepsy", "Seizures"),
        "nodes[{record}].label",
        added,
        "key appears twice in the same record",
    ),
    Breakage(
        "unknown-source",
        "edges.yaml",
        ("subject: pin-prick", "source: calf-cramps-article"),
        swap("calf-cramps-article", "calf-cramp-article"),
        "edges[{record}].provenance[0].source",
        says="unknown source 'calf-cramp-article' (did you mean 'calf-cramps-article'?)",
    ),
    Breakage(
        "empty-file",
        "edges.yaml",
        (),
        empty,
        report=first_line,
        says="file is empty",
    ),
    Breakage(
        "yaml-not-utf8",
        "nodes.yaml",
        ("description: Dried grapes, in the tool's words.",),
        swap("Dried grapes,", "Dried grapes, as in caf\u00e9,"),
        says="not valid UTF-8 (byte 0xe9",
        encoding="cp1252",
    ),
    Breakage(
        "missing-source-text",
        "sources.yaml",
        ("file: " + ARTICLE,),
        delete,
        "sources[{record}].file",
        says=f"source text not found ('{ARTICLE}')",
        target=ARTICLE,
    ),
    Breakage(
        # QA pass: a text placed by hand with a bidi override passed validate.
        "source-text-bidi-override",
        ARTICLE,
        ("\u2019",),
        swap("\u2019", "\u2019\u202e"),
        says="bidi control U+202E (right-to-left override)",
        target=ARTICLE,
    ),
    Breakage(
        "source-text-not-utf8",
        ARTICLE,
        ("\u2019",),
        same,
        says="not valid UTF-8 (byte 0x92",
        target=ARTICLE,
        encoding="cp1252",
    ),
    Breakage(
        "empty-source-text",
        ARTICLE,
        (),
        empty,
        report=first_line,
        says="source text is empty",
    ),
    # --- references, evidence and amounts ----------------------------------------------
    Breakage(
        "unknown-reference-key",
        EVIDENCE,
        ("id: supplements-for-cramps", "- garrison-2020-cochrane-magnesium"),
        swap("magnesium", "magnesum"),
        "evidence[{record}].citations[0]",
        says="unknown reference 'garrison-2020-cochrane-magnesum'"
        " (did you mean 'garrison-2020-cochrane-magnesium'?)",
    ),
    Breakage(
        "evidence-about-a-missing-edge",
        EVIDENCE,
        ("id: lemon-rub-for-cramps", "relation: prevents"),
        swap("relation: prevents", "relation: treats"),
        "evidence[{record}].claims[1]",
        says="no claim 'lemon-rub|treats|calf-cramp' in the knowledge base",
    ),
    Breakage(
        "edge-with-two-evidence-records",
        EVIDENCE,
        ("id: wall-stretch-prevents-cramps", "- {subject: wall-stretch, relation: prevents"),
        swap("relation: prevents", "relation: relieves"),
        "evidence[{record}].claims[0]",
        says="the claim 'wall-stretch|relieves|calf-cramp' already has evidence"
        " 'wall-stretch-relieves-a-cramp'",
    ),
    Breakage(
        "edge-without-evidence",
        "edges.yaml",
        ("subject: pin-prick", "relation: used_during"),
        cut("      - {subject: pin-prick, relation: used_during, object: swimming}\n"),
        "edges[{record}]",
        record_start,
        "no evidence record covers the claim 'pin-prick|used_during|swimming'",
        target=EVIDENCE,
    ),
    Breakage(
        "unknown-verdict",
        EVIDENCE,
        ("id: lemon-rub-for-cramps", "verdict: no evidence found"),
        swap("no evidence found", "unproven"),
        "evidence[{record}].verdict",
        says="unknown verdict 'unproven' (expected one of: supported, mixed",
    ),
    Breakage(
        "verdict-without-citation",
        EVIDENCE,
        ("id: massage-relieves-a-cramp", "citations:"),
        drop,
        "evidence[{record}].citations",
        record_start,
        "the verdict 'insufficient' needs at least one citation",
    ),
    Breakage(
        "duplicate-reference-key",
        REFERENCES,
        ("key: luo-2020-cochrane-pregnancy",),
        swap("luo-2020-cochrane-pregnancy", "garrison-2020-cochrane-magnesium"),
        "references[{record}].key",
        says="duplicate reference key 'garrison-2020-cochrane-magnesium' (first at ",
    ),
    Breakage(
        "amounts-on-a-relation-without-amounts",
        "edges.yaml",
        ("subject: almonds", "relation: rich_in"),
        swap("rich_in", "supplies"),
        "edges[{record}].amounts",
        key_line("amounts"),
        "only rich_in edges carry amounts (this one is 'supplies')",
    ),
    Breakage(
        "amount-source-unknown",
        "edges.yaml",
        ("subject: almonds", "source: usda-sr-legacy"),
        swap("usda-sr-legacy", "usda-sr-legasy"),
        "edges[{record}].amounts[0].source",
        says="unknown reference 'usda-sr-legasy' (did you mean 'usda-sr-legacy'?)",
    ),
    Breakage(
        "daily-intake-on-a-food",
        "nodes.yaml",
        ("id: magnesium", "type: nutrient"),
        swap("nutrient", "food"),
        "nodes[{record}].daily_intake",
        key_line("daily_intake"),
        "only nutrients have a daily intake (this is a food)",
    ),
    Breakage(
        "amount-unknown-unit",
        "edges.yaml",
        ("subject: walnuts", "unit: mg"),
        swap("unit: mg", "unit: grams"),
        "edges[{record}].amounts[0].unit",
        says="unknown unit 'grams'",
    ),
)


def breakage_named(name: str) -> Breakage:
    """Return the breakage called ``name``."""
    return next(breakage for breakage in BREAKAGES if breakage.name == name)
