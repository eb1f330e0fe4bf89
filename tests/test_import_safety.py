"""``import`` and ``--data FILE`` are as careful as the YAML loader: hostile files, outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.cli import cli

_SMALL = {
    "nodes": [
        {"id": "al", "label": "Almonds", "type": "food"},
        {"id": "mg", "label": "Magnesium", "type": "nutrient"},
    ],
    "edges": [{"source": "al", "target": "mg", "relation": "rich_in"}],
}


def _run(*args: str):
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def _json_file(folder: Path, data: object, name: str = "small.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _import(path: Path, fmt: str, out: Path, *extra: str):
    return _run("import", path, "--format", fmt, "--output", out, *extra)


# --- 2. the output: never replaced without --force, never through a link ---------------------


def test_an_existing_graph_json_is_kept_without_force(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "graph.json").write_text('{"my": "precious work"}')
    result = _import(_json_file(tmp_path, _SMALL), "json", out)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().endswith("graph.json: already exists; give --force to replace it")
    assert (out / "graph.json").read_text() == '{"my": "precious work"}'


def test_force_replaces_an_existing_graph_json(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "graph.json").write_text('{"my": "old work"}')
    result = _import(_json_file(tmp_path, _SMALL), "json", out, "--force")
    assert result.exit_code == 0, result.output
    written = json.loads((out / "graph.json").read_text())
    assert sorted(node["id"] for node in written["nodes"]) == ["al", "mg"]
    assert [path.name for path in out.iterdir()] == ["graph.json"]  # no temporary file left


@pytest.mark.parametrize("force", [False, True])
def test_a_link_is_never_written_through(tmp_path: Path, force: bool) -> None:
    victim = tmp_path / "victim.json"
    victim.write_text("victim")
    out = tmp_path / "lnk"
    out.mkdir()
    (out / "graph.json").symlink_to(victim)
    result = _import(_json_file(tmp_path, _SMALL), "json", out, *(["--force"] if force else []))
    assert result.exit_code == 2, result.output
    assert "is a symbolic link; refusing to write through it" in result.stderr
    assert victim.read_text() == "victim"
    assert (out / "graph.json").is_symlink()


def test_a_dangling_link_is_refused_too(tmp_path: Path) -> None:
    out = tmp_path / "lnk"
    out.mkdir()
    (out / "graph.json").symlink_to(tmp_path / "nowhere.json")
    result = _import(_json_file(tmp_path, _SMALL), "json", out)
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "nowhere.json").exists()


# --- 3. nesting too deep for Python's parser, and cells too large ----------------------------


def _one_line(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("command", ["import", "search", "show", "neighbors"])
def test_deeply_nested_json_is_one_line_not_a_traceback(tmp_path: Path, command: str) -> None:
    path = tmp_path / "deep.json"
    path.write_text(_nested(100_000))
    if command == "import":
        result = _import(path, "json", tmp_path / "out")
    else:
        result = _run(command, "x", "--data", path)
    assert _one_line(result) == "deep.json:1: not JSON: nested too deeply"


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(depth=st.integers(min_value=1, max_value=30_000), lines_before=st.integers(0, 5))
def test_any_nesting_depth_inside_a_record_is_read_or_refused_in_one_line(
    tmp_path: Path, depth: int, lines_before: int
) -> None:
    path = tmp_path / "nested.json"
    node = '{"id": "a", "type": "food", "label": "A", "extra": ' + _nested(depth) + "}"
    path.write_text("\n" * lines_before + '{"nodes": [' + node + '], "edges": []}')
    result = _run("show", "a", "--data", path)
    if result.exit_code == 0:
        assert result.output.startswith("A  (food, id: a)")
    else:
        assert _one_line(result) == f"nested.json:{lines_before + 1}: not JSON: nested too deeply"


def test_deep_nesting_in_a_kgx_line_names_the_line(tmp_path: Path) -> None:
    folder = tmp_path / "kgx"
    folder.mkdir()
    (folder / "nodes.jsonl").write_text(
        '{"id": "a", "category": "food"}\n{"id": "b", "x": ' + _nested(50_000) + "}\n"
    )
    (folder / "edges.jsonl").write_text("")
    result = _import(folder, "kgx", tmp_path / "out")
    assert _one_line(result) == "kgx/nodes.jsonl:2: not JSON: nested too deeply"


def test_deep_nesting_in_a_graphml_json_attribute_is_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "deep.graphml"
    path.write_text(
        '<graphml><key id="d0" for="node" attr.name="synonyms_json"/><graph>'
        f'<node id="n"><data key="d0">{_nested(50_000)}</data></node></graph></graphml>'
    )
    result = _import(path, "graphml", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith("deep.graphml: node[0].")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_deeply_nested_xml_elements_are_not_a_traceback(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"deep.{fmt}"
    path.write_text(f"<{fmt}><graph>" + "<a>" * 100_000 + "</a>" * 100_000 + f"</graph></{fmt}>")
    result = _import(path, fmt, tmp_path / "out")
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_deeply_nested_mapping_file_is_one_line(tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("label: " + _nested(100_000) + "\n")
    result = _import(_json_file(tmp_path, _SMALL), "json", tmp_path / "out", "--mapping", mapping)
    assert _one_line(result) == "map.yaml:1: invalid YAML: nested too deeply"


def test_a_csv_cell_too_large_to_read_names_the_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "nodes.csv").write_text("id:ID,label,type\na,A,food\nb," + "x" * 200_000 + ",food\n")
    (folder / "edges.csv").write_text(":START_ID,:END_ID,:TYPE\n")
    result = _import(folder, "csv", tmp_path / "out")
    assert _one_line(result) == "csv/nodes.csv:3: not CSV: a cell is over 131,072 characters"


# --- 12. a file of another format, a folder for a file, a flood of problems -------------------

_NAMES = {
    "json": "node-link JSON",
    "graphml": "GraphML",
    "gexf": "GEXF",
    "csv": "CSV",
    "kgx": "KGX",
}


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed exported in every format import reads: files, and folders of tables."""
    folder = tmp_path_factory.mktemp("exports")
    for fmt in ("json", "graphml", "gexf"):
        result = _run("export", "--format", fmt, "--output", folder / f"seed.{fmt}")
        assert result.exit_code == 0, result.output
    for fmt in ("csv", "kgx"):
        (folder / fmt).mkdir()
        result = _run("export", "--format", fmt, "--output", folder / fmt)
        assert result.exit_code == 0, result.output
    return folder


@pytest.mark.parametrize(
    ("given", "named"),
    [(given, named) for given in ("json", "graphml", "gexf") for named in _NAMES if named != given],
)
def test_a_file_in_another_format_is_named_in_one_line(
    exports: Path, tmp_path: Path, given: str, named: str
) -> None:
    result = _import(exports / f"seed.{given}", named, tmp_path / "out")
    assert _one_line(result) == (
        f"seed.{given}: is {_NAMES[given]}, not {_NAMES[named]}; give --format {given}"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("command", ["search", "show", "neighbors"])
def test_data_file_in_an_xml_format_says_to_import_it_first(
    exports: Path, fmt: str, command: str
) -> None:
    result = _run(command, "almonds", "--data", exports / f"seed.{fmt}")
    assert _one_line(result) == (
        f"seed.{fmt}: is {_NAMES[fmt]}, not node-link JSON; import it first"
        f" (import FILE --format {fmt} --output DIR), then give DIR/graph.json"
    )


@pytest.mark.parametrize("named", ["json", "graphml", "gexf"])
@pytest.mark.parametrize("tables", ["csv", "kgx"])
def test_a_folder_given_for_a_file_is_called_a_folder(
    exports: Path, tmp_path: Path, named: str, tables: str
) -> None:
    result = _import(exports / tables, named, tmp_path / "out")
    line = _one_line(result)
    assert f"{tables}: is a folder; give the {_NAMES[named]} file" in line
    assert f"give --format {tables}" in line
    assert "no such file" not in line


def test_tables_of_the_other_kind_are_named(exports: Path, tmp_path: Path) -> None:
    result = _import(exports / "kgx", "csv", tmp_path / "out")
    assert _one_line(result).endswith("(it holds KGX tables: give --format kgx)")


def test_many_problems_are_capped_and_listed_in_numeric_order(tmp_path: Path) -> None:
    nodes = [{"id": "a", "type": "food"}]
    edges = [{"source": "a", "target": "a"} for _ in range(110)]  # no relation, each of them
    result = _import(_json_file(tmp_path, {"nodes": nodes, "edges": edges}), "json", tmp_path / "o")
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert lines[:3] == [
        "small.json: edges[0].relation: edge has no relation (map one with relation:)",
        "small.json: edges[1].relation: edge has no relation (map one with relation:)",
        "small.json: edges[2].relation: edge has no relation (map one with relation:)",
    ]
    assert lines[19].startswith("small.json: edges[19].relation")
    assert lines[20:] == ["small.json: ... and 90 more problems"]


# --- 13. an edge repeated (same source, relation, target) is merged, with a note --------------

_REPEATED = {
    "nodes": [
        {"id": "a", "label": "A", "type": "food"},
        {"id": "b", "label": "B", "type": "nutrient"},
    ],
    "edges": [
        {"source": "a", "target": "b", "relation": "rich_in"},
        {"source": "a", "target": "b", "relation": "rich_in", "provenance": "usda"},
        {"source": "a", "target": "b", "relation": "rich_in"},
    ],
}


def test_import_merges_a_repeated_edge_and_says_so_in_one_line(tmp_path: Path) -> None:
    result = _import(_json_file(tmp_path, _REPEATED, "dup.json"), "json", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Imported 2 nodes and 1 edges into")
    assert result.stderr.splitlines() == [
        "Note: merged 2 repeated edges (same source, relation and target) into the first,"
        " their provenance combined; the first: edges[1] repeats edges[0]: a -rich_in-> b"
    ]
    shown = _run("show", "a", "--data", tmp_path / "out" / "graph.json")
    assert shown.exit_code == 0, shown.output
    assert shown.output.count("A rich in B") == 1
    assert "from the data set dup.json\n    from the data set usda" in shown.output


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf", "csv", "kgx"])
def test_our_own_exports_import_without_a_note(exports: Path, tmp_path: Path, fmt: str) -> None:
    """A guard: the seed repeats no claim, so no format's import may say it merged one."""
    source = exports / (fmt if fmt in ("csv", "kgx") else f"seed.{fmt}")
    once = _import(source, fmt, tmp_path / "once")
    assert once.exit_code == 0, once.output
    assert once.stderr == ""


def test_show_on_a_file_with_repeats_prints_each_claim_once(tmp_path: Path) -> None:
    result = _run("show", "a", "--data", _json_file(tmp_path, _REPEATED, "dup.json"))
    assert result.exit_code == 0, result.output
    assert "rich_in (1)" in result.output
    assert result.output.count("A rich in B") == 1


_EDGE = st.fixed_dictionaries(
    {
        "source": st.sampled_from(["a", "b", "c"]),
        "target": st.sampled_from(["a", "b", "c"]),
        "relation": st.sampled_from(["r", "s"]),
    },
    optional={
        "provenance": st.one_of(
            st.sampled_from(["d1", "d2"]),
            st.lists(
                st.fixed_dictionaries(
                    {
                        "source": st.sampled_from(["s1", "s2"]),
                        "quote": st.sampled_from(["q1", "q2"]),
                        "strength": st.just("states"),
                    }
                ),
                min_size=1,
                max_size=2,
            ),
        )
    },
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edges=st.lists(_EDGE, max_size=25))
def test_the_fast_reader_merges_repeats_as_the_careful_reader(tmp_path: Path, edges: list) -> None:
    from graph.importers import import_graph
    from graph.store import read_node_link

    nodes = [{"id": node, "label": node.upper(), "type": "t"} for node in "abc"]
    path = _json_file(tmp_path, {"nodes": nodes, "edges": edges}, "g.json")
    fast, careful = read_node_link(path), import_graph(path, fmt="json")
    assert list(fast.edges(keys=True, data=True)) == list(careful.edges(keys=True, data=True))
    claims = [(s, attrs["relation"], t) for s, t, attrs in careful.edges(data=True)]
    assert (
        len(claims)
        == len(set(claims))
        == len({(e["source"], e["relation"], e["target"]) for e in edges})
    )


# --- 7. the data limits of the YAML loader, in every format -----------------------------------


def _hostile_files(folder: Path, node_id: str, label: str) -> dict[str, Path]:
    """One node, ``node_id`` labelled ``label``, in every format import reads."""
    escaped = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    (folder / "graph.json").write_text(
        json.dumps({"nodes": [{"id": node_id, "label": label, "type": "food"}], "edges": []})
    )
    (folder / "graph.graphml").write_text(
        '<graphml><key id="l" for="node" attr.name="label"/>'
        '<key id="t" for="node" attr.name="type"/><graph>'
        f'<node id="{node_id}"><data key="l">{escaped}</data><data key="t">food</data></node>'
        "</graph></graphml>"
    )
    (folder / "graph.gexf").write_text(
        '<gexf><graph><attributes class="node"><attribute id="0" title="type"/></attributes>'
        f'<nodes><node id="{node_id}" label="{escaped}"><attvalues>'
        '<attvalue for="0" value="food"/></attvalues></node></nodes></graph></gexf>'
    )
    for fmt, names, header, row in (
        ("csv", ("nodes.csv", "edges.csv"), "id:ID,label,type", f"{node_id},{label},food"),
        ("kgx", ("nodes.tsv", "edges.tsv"), "id\tname\tcategory", f"{node_id}\t{label}\tfood"),
    ):
        (folder / fmt).mkdir()
        (folder / fmt / names[0]).write_text(f"{header}\n{row}\n")
        (folder / fmt / names[1]).write_text(
            ":START_ID,:END_ID,:TYPE\n" if fmt == "csv" else "subject\tpredicate\tobject\n"
        )
    return {
        "json": folder / "graph.json",
        "graphml": folder / "graph.graphml",
        "gexf": folder / "graph.gexf",
        "csv": folder / "csv",
        "kgx": folder / "kgx",
    }


_WHERE = {
    "json": "graph.json: nodes[0]",
    "graphml": "graph.graphml: node[0]",
    "gexf": "graph.gexf: node[0]",
    "csv": "csv/nodes.csv:2: row",
    "kgx": "kgx/nodes.tsv:2: row",
}


@pytest.mark.parametrize("fmt", _NAMES)
def test_an_id_over_200_characters_is_refused_in_every_format(tmp_path: Path, fmt: str) -> None:
    files = _hostile_files(tmp_path, "x" * 100_000, "Long")
    result = _import(files[fmt], fmt, tmp_path / "out")
    assert _one_line(result) == (
        f"{_WHERE[fmt]}.id: text is 100000 characters long; id holds at most 200"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fmt", _NAMES)
def test_a_bidi_control_in_a_label_is_refused_in_every_format(tmp_path: Path, fmt: str) -> None:
    files = _hostile_files(tmp_path, "a", "muisengam\u202e")
    result = _import(files[fmt], fmt, tmp_path / "out")
    field = "name" if fmt == "kgx" else "label"
    assert _one_line(result) == (
        f"{_WHERE[fmt]}.{field}: bidi control U+202E (right-to-left override) at position 10"
        " is not allowed; remove it"
    )


@pytest.mark.parametrize("command", ["search", "show", "neighbors"])
def test_data_file_with_an_escape_in_a_label_is_refused(tmp_path: Path, command: str) -> None:
    files = _hostile_files(tmp_path, "a", "A\x1b[2J")
    result = _run(command, "a", "--data", files["json"])
    assert _one_line(result) == (
        "graph.json: nodes[0].label: control character U+001B (escape) at position 2"
        " is not allowed; remove it"
    )


def test_quotes_and_synonyms_are_held_to_their_limits(tmp_path: Path) -> None:
    quote = {"source": "s", "quote": "q" * 5001, "strength": "states"}
    data = {
        "nodes": [
            {"id": "a", "label": "A", "type": "food", "synonyms": ["fine", "y" * 201]},
            {"id": "b", "label": "B", "type": "food"},
            {"id": "c", "label": "C", "type": "food"},
        ],
        "edges": [{"source": "b", "target": "c", "relation": "r", "provenance": [quote]}],
    }
    path = _json_file(tmp_path, data, "g.json")
    for args in (
        ("import", path, "--format", "json", "--output", tmp_path / "o"),
        ("show", "b", "--data", path),
    ):
        result = _run(*args)
        assert result.exit_code == 2, result.output
        assert result.stderr.splitlines() == [
            "g.json: edges[0].provenance[0].quote: text is 5001 characters long;"
            " quote holds at most 5000",
            "g.json: nodes[0].synonyms[1]: text is 201 characters long; synonyms holds at most 200",
        ]


_UNSAFE = st.sampled_from(
    [
        "\x00",
        "\x07",
        "\x1b",
        "\r",
        "\x7f",
        "\x85",
        "\u061c",
        "\u200f",
        "\u202a",
        "\u202e",
        "\u2066",
        "\u2069",
    ]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(
        st.characters(
            min_codepoint=0x20, max_codepoint=0x2FFF, exclude_categories=("Cc", "Cs")
        ).filter(
            lambda char: (
                char
                not in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
            )
        ),
        min_size=1,
        max_size=40,
    ),
    unsafe=st.one_of(st.none(), _UNSAFE),
    at=st.integers(0, 40),
)
def test_a_label_is_taken_exactly_when_the_yaml_loader_would_take_it(
    tmp_path: Path, text: str, unsafe: str | None, at: int
) -> None:
    from graph.limits import text_problem

    label = text if unsafe is None else text[:at] + unsafe + text[at:]
    path = _json_file(tmp_path, {"nodes": [{"id": "n", "label": label, "type": "t"}]}, "g.json")
    result = _run("show", "n", "--data", path)
    problem = text_problem("label", label)
    if problem is None:
        assert result.exit_code == 0, result.output
    else:
        assert unsafe is not None
        assert _one_line(result) == f"g.json: nodes[0].label: {problem}"


def test_the_fast_readers_character_class_is_the_limits_rule() -> None:
    import re
    import sys

    from graph.limits import UNSAFE_CHARACTERS, first_unsafe

    pattern = re.compile(UNSAFE_CHARACTERS)
    for code in range(sys.maxunicode + 1):
        if not 0xD800 <= code < 0xE000:
            char = chr(code)
            assert (pattern.match(char) is None) == (first_unsafe(char) is None), hex(code)
