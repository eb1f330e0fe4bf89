"""The loader: every way of breaking the data is reported at its file, line and field."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.errors import SchemaError
from graph.integrity import missing_harms
from graph.load import load_knowledge_base, read_yaml
from graph.schema import NODE_TYPES, RELATIONS
from graph.yaml_folder import folder_files, parse_folder
from tests.breakages import BREAKAGES, Breakage, Where, breakage_named

# --- the breakage table ----------------------------------------------------------------


def _problems_of(data_dir: Path) -> SchemaError:
    with pytest.raises(SchemaError) as caught:
        load_knowledge_base(data_dir)
    return caught.value


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda breakage: breakage.name)
def test_breakage_is_reported_at_its_file_line_and_field(breakage: Breakage, kb_path: Path):
    where = breakage.apply(kb_path)
    error = _problems_of(kb_path)
    located = [problem for problem in error.problems if where.matches(problem)]
    assert located, f"expected a problem at {where}, got:\n{error}"
    assert any(breakage.says in problem.message for problem in located), str(error)


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda breakage: breakage.name)
def test_breakage_message_is_readable(breakage: Breakage, kb_path: Path):
    where = breakage.apply(kb_path)
    error = _problems_of(kb_path)
    assert f"{where} " in str(error)
    for problem in error.problems:
        text = str(problem)
        assert "\n" not in text
        assert text.startswith(f"{problem.file}:{problem.line}: " if problem.line else problem.file)
        assert len(text) < 400, text
        for noise in ("Traceback", "pydantic", "<object", "errors.pydantic.dev", "tuple"):
            assert noise not in text, text


def test_breakage_table_is_big_enough_and_named_uniquely():
    names = [breakage.name for breakage in BREAKAGES]
    assert len(names) >= 12
    assert len(set(names)) == len(names)


def test_several_breakages_are_all_reported_sorted(kb_path: Path):
    # These edit different records in place, so no edit moves another's line.
    chosen = [
        "unknown-node-type",
        "plural-not-a-boolean",
        "unknown-relation",
        "quote-not-in-source",
        "dangling-object",
        "food-causes-cramp",
    ]
    wheres = [breakage_named(name).apply(kb_path) for name in chosen]
    error = _problems_of(kb_path)
    for where in wheres:
        assert any(where.matches(problem) for problem in error.problems), f"{where}\n{error}"
    locations = [(problem.file, problem.line) for problem in error.problems]
    assert locations == sorted(locations)
    files = {problem.file for problem in error.problems}
    assert str(error).splitlines()[0] == f"{len(error.problems)} problems in {len(files)} files"


@pytest.mark.parametrize(
    "name",
    [
        "missing-field",
        "unknown-node-type",
        "yaml-unquoted-colon",
        "yaml-not-utf8",
        "unknown-section",
        "unknown-relation",
        "dangling-object",
        "food-causes-cramp",
        "claim-written-twice",
        "unknown-reference-key",
        "unknown-verdict",
        "verdict-without-citation",
        "amount-source-unknown",
    ],
)
def test_one_breakage_gives_one_problem_not_a_cascade(name: str, kb_path: Path):
    """Edges into a broken record or an unreadable file are not all called dangling."""
    breakage_named(name).apply(kb_path)
    error = _problems_of(kb_path)
    assert len(error.problems) == 1, str(error)


# --- the seed, and what loading must not do --------------------------------------------


def test_seed_loads_without_problems():
    kb = load_knowledge_base()
    assert kb.nodes
    assert kb.edges
    assert all(source.text for source in kb.sources)


def test_loading_twice_gives_equal_knowledge_bases(kb_path: Path):
    assert load_knowledge_base(kb_path) == load_knowledge_base(kb_path)


def test_copy_loads_like_the_seed(kb, kb_path: Path):
    assert load_knowledge_base(kb_path) == kb


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_loading_never_writes_or_touches_files(kb_path: Path):
    before = _snapshot(kb_path)
    load_knowledge_base(kb_path)
    assert _snapshot(kb_path) == before


def test_loading_broken_data_never_writes_or_touches_files(kb_path: Path):
    breakage_named("dangling-object").apply(kb_path)
    before = _snapshot(kb_path)
    _problems_of(kb_path)
    assert _snapshot(kb_path) == before


def test_missing_folder_is_reported(tmp_path: Path):
    error = _problems_of(tmp_path / "nowhere")
    assert "no such data folder" in str(error)


def test_folder_without_yaml_is_reported(tmp_path: Path):
    error = _problems_of(tmp_path)
    assert "no .yaml files" in str(error)


def test_read_yaml_reports_a_repeated_key(tmp_path: Path):
    path = tmp_path / "nodes.yaml"
    path.write_text("nodes:\n  - id: a\n    id: b\n", encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        read_yaml(path, display_name="nodes.yaml")
    assert [str(problem) for problem in caught.value.problems] == [
        "nodes.yaml:3: nodes[0].id: key appears twice in the same record"
    ]


def test_read_yaml_keeps_the_line_of_every_value(tmp_path: Path):
    path = tmp_path / "nodes.yaml"
    path.write_text("# a comment\nnodes:\n  - id: a\n    synonyms:\n      - x\n", encoding="utf-8")
    doc = read_yaml(path)
    assert doc.data == {"nodes": [{"id": "a", "synonyms": ["x"]}]}
    assert doc.line_of(("nodes", 0, "id")) == 3
    assert doc.line_of(("nodes", 0, "synonyms", 0)) == 5
    assert doc.line_of(("nodes", 0, "label")) == 3  # missing: the line of its record


# Ten levels of ten aliases each: a few lines that would expand to 10**10 values.
ALIAS_BOMB = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 10)}]\n" for level in range(1, 10)
)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (ALIAS_BOMB, "aliases expand to too many values"),
        ("nodes: &x [*x]\n", "alias refers to a value that contains it"),
        ("a: " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
    ],
    ids=["alias-bomb", "recursive-alias", "deep-nesting"],
)
def test_hostile_yaml_is_refused_not_crashed(tmp_path: Path, text: str, says: str):
    (tmp_path / "nodes.yaml").write_text(text, encoding="utf-8")
    error = _problems_of(tmp_path)
    assert says in str(error)


# --- properties: random knowledge bases ------------------------------------------------

SOURCE_TEXT = "Almonds are rich in magnesium. Cramps may come at night.\nThey say a lemon helps."
SLUGS = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
WORDS = st.text(
    st.characters(categories=("L", "N"), include_characters=" .,'-:#&*!?\"\\"),
    min_size=1,
    max_size=20,
).filter(lambda text: text.strip() != "" and not missing_harms(text))  # a drug needs its harms


@st.composite
def _quotes(draw: st.DrawFn) -> str:
    """A part of the source text; two characters or more always hold a non-space one."""
    start = draw(st.integers(0, len(SOURCE_TEXT) - 2))
    end = draw(st.integers(start + 2, len(SOURCE_TEXT)))
    return SOURCE_TEXT[start:end]


# A fragment of text rarely says a relation in words, so the generated quotes are the
# tool's reading ("inferred"); the checks on what a quote says have tests of their own.
PROVENANCE = st.fixed_dictionaries(
    {"source": st.just("text"), "quote": _quotes(), "strength": st.just("inferred")}
)


@st.composite
def _knowledge_bases(draw: st.DrawFn) -> tuple[list[dict], list[dict]]:
    """Valid node and edge records: unique ids, edges only between allowed types."""
    ids = draw(st.lists(SLUGS, min_size=1, max_size=8, unique=True))
    nodes = [
        draw(
            st.fixed_dictionaries(
                {
                    "id": st.just(node_id),
                    "label": WORDS,
                    "type": st.sampled_from(list(NODE_TYPES)),
                    # Words of the tool's list say so (``scope.check_description_origins``).
                    "description": WORDS.map(lambda words: f"{words}, in the tool's words"),
                    "description_from": st.just(["facts"]),
                },
                optional={
                    "synonyms": st.lists(WORDS, max_size=3),
                    "plural": st.booleans(),
                    "identifiers": st.fixed_dictionaries(
                        {}, optional={"mesh": st.from_regex(r"D\d{6}", fullmatch=True)}
                    ),
                },
            )
        )
        for node_id in ids
    ]
    for node in nodes:
        if node.get("synonyms"):
            node["synonym_origins"] = {"facts": node["synonyms"]}
    type_of = {node["id"]: node["type"] for node in nodes}
    claims = [
        (subject, name, obj)
        for name, relation in RELATIONS.items()
        for subject in ids
        if type_of[subject] in relation.subject_types
        for obj in ids
        if type_of[obj] in relation.object_types
    ]
    chosen = draw(st.lists(st.sampled_from(claims), max_size=10, unique=True)) if claims else []
    edges = [
        {
            "subject": subject,
            "relation": relation,
            "object": obj,
            "provenance": draw(st.lists(PROVENANCE, min_size=1, max_size=2)),
        }
        for subject, relation, obj in chosen
    ]
    return nodes, edges


@dataclass(frozen=True, slots=True)
class _Written:
    """A data folder written from records, with where each record and key landed."""

    data_dir: Path
    spans: dict[tuple[str, int], tuple[int, int]]
    key_lines: dict[tuple[str, int, str], int]


def _record_lines(record: dict) -> Iterator[tuple[str, str]]:
    """YAML lines of one record as (key, line); nested provenance is written in block style."""
    for position, (key, value) in enumerate(record.items()):
        lead = "  - " if position == 0 else "    "
        if key != "provenance":
            yield key, f"{lead}{key}: {_scalar(value)}"
            continue
        yield key, f"{lead}provenance:"
        for prov in value:
            for inner, (name, item) in enumerate(prov.items()):
                yield key, f"{'      - ' if inner == 0 else '        '}{name}: {_scalar(item)}"


def _scalar(value: object) -> str:
    """JSON is YAML: a double-quoted string, a flow list or mapping, true/false."""
    return json.dumps(value, ensure_ascii=False)


def _write(folder: Path, nodes: list[dict], edges: list[dict]) -> _Written:
    data_dir = folder / "data"
    (data_dir / "sources").mkdir(parents=True)
    (data_dir / "sources" / "text.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (data_dir / "sources.yaml").write_text(
        "sources:\n  - id: text\n    title: A text\n    file: sources/text.txt\n"
        "    kind: test\n    language: en\n",
        encoding="utf-8",
    )
    spans: dict[tuple[str, int], tuple[int, int]] = {}
    key_lines: dict[tuple[str, int, str], int] = {}
    for section, records in (("nodes", nodes), ("edges", edges)):
        lines = ["# written by a property test", f"{section}:"]
        for index, record in enumerate(records):
            start = len(lines) + 1
            for key, line in _record_lines(record):
                lines.append(line)
                key_lines.setdefault((section, index, key), len(lines))
            spans[(section, index)] = (start, len(lines))
        if not records:
            lines[-1] += " []"
        (data_dir / f"{section}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return _Written(data_dir, spans, key_lines)


@contextmanager
def _folder() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="atlas-property-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


PROPERTY_SETTINGS = settings(max_examples=50, deadline=None)


@PROPERTY_SETTINGS
@given(_knowledge_bases())
def test_valid_records_load_with_matching_counts(records):
    nodes, edges = records
    with _folder() as folder:
        kb = load_knowledge_base(_write(folder, nodes, edges).data_dir)
    assert len(kb.nodes) == len(nodes)
    assert len(kb.edges) == len(edges)
    assert {node.id for node in kb.nodes} == {node["id"] for node in nodes}
    assert {edge.key for edge in kb.edges} == {
        f"{edge['subject']}|{edge['relation']}|{edge['object']}" for edge in edges
    }


@PROPERTY_SETTINGS
@given(_knowledge_bases(), st.randoms(use_true_random=False))
def test_record_order_does_not_change_the_knowledge_base(records, random):
    nodes, edges = records
    shuffled_nodes, shuffled_edges = (
        random.sample(nodes, len(nodes)),
        random.sample(edges, len(edges)),
    )
    with _folder() as folder, _folder() as other:
        first = load_knowledge_base(_write(folder, nodes, edges).data_dir)
        second = load_knowledge_base(_write(other, shuffled_nodes, shuffled_edges).data_dir)
    assert first == second


def _corrupt(name: str) -> str:
    return f"{name}x"


@st.composite
def _broken_knowledge_bases(draw: st.DrawFn):
    """A valid knowledge base with one record spoiled, and the field that must be blamed."""
    nodes, edges = draw(_knowledge_bases())
    kinds = ["drop-node-field", "corrupt-node-type"]
    if edges:
        kinds += ["drop-edge-field", "corrupt-relation", "dangling-end"]
    kind = draw(st.sampled_from(kinds))
    section, records = ("nodes", nodes) if "node" in kind else ("edges", edges)
    index = draw(st.integers(0, len(records) - 1))
    record = dict(records[index])
    if kind == "drop-node-field":
        key = draw(st.sampled_from(["id", "label", "type", "description"]))
        del record[key]
    elif kind == "drop-edge-field":
        key = draw(st.sampled_from(["subject", "relation", "object", "provenance"]))
        del record[key]
    elif kind == "corrupt-node-type":
        key = "type"
        record[key] = draw(st.sampled_from([_corrupt, str.upper, str.title]))(record[key])
    elif kind == "corrupt-relation":
        key = "relation"
        record[key] = draw(st.sampled_from([_corrupt, str.upper]))(record[key])
    else:
        key = draw(st.sampled_from(["subject", "object"]))
        known = {node["id"] for node in nodes}
        record[key] = draw(SLUGS.filter(lambda slug: slug not in known))
    records[index] = record
    return nodes, edges, section, index, key, kind.startswith("drop")


@PROPERTY_SETTINGS
@given(_broken_knowledge_bases())
def test_invalid_record_is_reported_inside_its_lines(broken):
    nodes, edges, section, index, key, dropped = broken
    with _folder() as folder:
        written = _write(folder, nodes, edges)
        error = _problems_of(written.data_dir)
    field = f"{section}[{index}].{key}"
    blamed = [problem for problem in error.problems if problem.field == field]
    assert blamed, f"nothing about {field}:\n{error}"
    first, last = written.spans[(section, index)]
    for problem in blamed:
        assert problem.file == f"data/{section}.yaml"
        assert first <= problem.line <= last, f"{problem} is outside lines {first}-{last}"
        if not dropped:
            assert problem.line == written.key_lines[(section, index, key)], str(problem)


def test_where_names_a_problem_like_the_loader(kb_path: Path):
    where = Where("data/nodes.yaml", 3, "nodes[0].id")
    assert str(where) == "data/nodes.yaml:3: nodes[0].id:"
    assert str(Where("data/edges.yaml", 1, "")) == "data/edges.yaml:1:"


# --- the YAML folder reader every loader shares ------------------------------------------------


def test_a_value_spoilt_in_one_file_costs_only_that_value_unless_strict(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "a.yaml").write_text("id: one\nid: two\nlabel: A\n", encoding="utf-8")
    (folder / "b.yaml").write_text("label: B\n", encoding="utf-8")
    files = folder_files(folder, missing="no such folder")
    docs, problems = parse_folder(files, shown_from=folder)
    assert [doc.data for doc in docs] == [{"id": "one", "label": "A"}, {"label": "B"}]
    assert [str(problem) for problem in problems] == [
        "kb/a.yaml:2: id: key appears twice in the same record"
    ]
    strict_docs, strict_problems = parse_folder(files, shown_from=folder, strict=True)
    assert [doc.file for doc in strict_docs] == ["kb/b.yaml"]
    assert strict_problems == problems


def test_a_folder_without_yaml_is_refused_only_when_it_must_hold_some(tmp_path: Path) -> None:
    assert folder_files(tmp_path, missing="no such folder") == []
    with pytest.raises(SchemaError, match="nothing to read"):
        folder_files(tmp_path, missing="no such folder", empty="nothing to read")
    with pytest.raises(SchemaError, match="no such folder"):
        folder_files(tmp_path / "nowhere", missing="no such folder")
