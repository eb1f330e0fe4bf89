"""Writing into the data folder safely: nothing written outside it, nothing of the user's lost.

Real folders, real links and real files in ``tmp_path``; the CLI runs in-process.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result

from graph.errors import SchemaError
from graph.safe_io import path_inside, write_together
from tests.curation import ARTICLE, SEEDS, STRETCH, describe_new_node, drafted, number_of, run

__all__ = ["drafted"]  # the fixture, used here


def state(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` (links not followed): a link's target, a file's hash and
    mode, a folder's mode; what a user would see changed by a write."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = f"link to {os.readlink(path)}"
        elif path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[name] = f"{digest} {path.stat().st_mode:o}"
        else:
            found[name] = f"folder {path.stat().st_mode:o}"
    return found


def ingest(data_dir: Path, article: Path, source_id: str = "seeds") -> Result:
    return run("ingest", article, "--id", source_id, "--title", "Seeds", "--data", data_dir)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "seeds.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


# --- 1. links out of the data folder: one line, exit 2, nothing written anywhere --------------


@pytest.mark.parametrize("subfolder", ["drafts", "sources"])
@pytest.mark.parametrize("relative", [False, True], ids=["absolute-link", "relative-link"])
def test_ingest_refuses_a_subfolder_linked_outside(
    kb_path: Path, tmp_path: Path, article: Path, subfolder: str, relative: bool
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    if (kb_path / subfolder).exists():
        (kb_path / subfolder).rename(tmp_path / f"old-{subfolder}")
    (kb_path / subfolder).symlink_to(Path("../outside") if relative else outside)
    before = state(kb_path)
    result = ingest(kb_path, article)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"data/{subfolder}: is a link to a folder outside 'data'; refused"
    ]
    assert state(kb_path) == before
    assert list(outside.iterdir()) == []


def test_ingest_refuses_a_draft_file_linked_outside(
    kb_path: Path, tmp_path: Path, article: Path
) -> None:
    (kb_path / "drafts").mkdir()
    (kb_path / "drafts" / "seeds.yaml").symlink_to(tmp_path / "planted.yaml")  # broken link
    before = state(kb_path)
    result = ingest(kb_path, article)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        "data/drafts/seeds.yaml: is a link to a file outside 'data'; refused"
    ]
    assert state(kb_path) == before
    assert not (tmp_path / "planted.yaml").exists()


@pytest.mark.parametrize(
    "command", ["accept seeds 1", "reject seeds 1", "list seeds", "list"], ids=str
)
def test_draft_commands_refuse_drafts_linked_outside(
    drafted: Path, tmp_path: Path, command: str
) -> None:
    outside = (drafted / "drafts").rename(tmp_path / "elsewhere")
    (drafted / "drafts").symlink_to(outside)
    before, before_outside = state(drafted), state(outside)
    result = run("draft", *command.split(), "--data", drafted)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        "data/drafts: is a link to a folder outside 'data'; refused"
    ]
    assert (state(drafted), state(outside)) == (before, before_outside)


@pytest.mark.parametrize("command", ["draft list", "ingest"])
def test_a_drafts_link_that_loops_is_refused_in_one_line(
    kb_path: Path, article: Path, command: str
) -> None:
    (kb_path / "drafts").symlink_to("drafts")
    before = state(kb_path)
    ingest_it = ["ingest", article, "--id", "x", "--title", "T"]
    result = run(
        *{"draft list": ["draft", "list"], "ingest": ingest_it}[command], "--data", kb_path
    )
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == ["data/drafts: is a link that loops; refused"]
    assert state(kb_path) == before


def test_draft_reject_refuses_a_draft_file_linked_outside(drafted: Path, tmp_path: Path) -> None:
    outside = (drafted / "drafts" / "seeds.yaml").rename(tmp_path / "seeds.yaml")
    (drafted / "drafts" / "seeds.yaml").symlink_to(outside)
    kept = outside.read_bytes()
    result = run("draft", "reject", "seeds", "1", "--data", drafted)
    assert result.exit_code == 2, result.output
    assert "data/drafts/seeds.yaml: is a link to a file outside" in result.stderr
    assert outside.read_bytes() == kept


def test_links_inside_the_folder_are_written_through(
    kb_path: Path, tmp_path: Path, article: Path
) -> None:
    (kb_path / "review").mkdir()
    (kb_path / "drafts").symlink_to("review")
    result = ingest(kb_path, article)
    assert result.exit_code == 0, result.output
    assert (kb_path / "drafts").is_symlink(), "the curator's link is kept"
    draft = kb_path / "review" / "seeds.yaml"
    assert "status: proposed" in draft.read_text(encoding="utf-8")
    rejected = run("draft", "reject", "seeds", "1", "--data", kb_path)
    assert rejected.exit_code == 0, rejected.output
    assert "status: rejected" in draft.read_text(encoding="utf-8")


def test_path_inside_refuses_ways_out(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "loop").symlink_to("loop")
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    refusals = {
        "../escape.yaml": "data/../escape.yaml: is outside 'data'; refused",
        str(tmp_path / "abs.yaml"): "is outside 'data'; refused",
        "loop/a.yaml": "data/loop: is a link that loops; refused",
        "notes.txt/a.yaml": "data/notes.txt: is not a folder",
    }
    for relative, message in refusals.items():
        with pytest.raises(SchemaError) as caught:
            path_inside(folder, relative)
        assert message in str(caught.value), relative
    assert path_inside(folder, "drafts/new.yaml") == folder.resolve() / "drafts" / "new.yaml"


def test_write_together_replaces_nothing_when_one_file_fails(tmp_path: Path) -> None:
    kept = tmp_path / "sources.yaml"
    kept.write_text("old", encoding="utf-8")
    blocked = tmp_path / "plain-file"
    blocked.write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(OSError):
        write_together({kept: b"new", blocked / "draft.yaml": b"draft"})
    assert kept.read_text(encoding="utf-8") == "old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plain-file", "sources.yaml"]


# --- 8. a rewritten file keeps its mode; a new one gets 0666 & ~umask -------------------------


@pytest.fixture
def umask() -> Iterator[int]:
    """Run the test under umask 0o027 (group may read, others nothing), then restore it."""
    previous = os.umask(0o027)
    yield 0o027
    os.umask(previous)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_new_file_gets_the_umask_and_a_replaced_one_keeps_its_mode(
    tmp_path: Path, umask: int
) -> None:
    fresh = tmp_path / "fresh.html"
    write_together({fresh: b"page"})
    assert mode(fresh) == 0o666 & ~umask == 0o640
    shared = tmp_path / "shared.html"
    shared.write_bytes(b"old")
    shared.chmod(0o664)
    write_together({shared: b"new"})
    assert (shared.read_bytes(), mode(shared)) == (b"new", 0o664)


def test_export_force_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "graph.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o664)
    result = run("export", "--format", "json", "--output", target, "--force")
    assert result.exit_code == 0, result.output
    assert mode(target) == 0o664
    assert target.read_text(encoding="utf-8") != "{}"


def test_ingest_and_accept_keep_modes_and_give_new_files_the_umask(
    kb_path: Path, article: Path, umask: int
) -> None:
    for name in ("sources.yaml", "edges.yaml"):
        (kb_path / name).chmod(0o664)
    result = ingest(kb_path, article)
    assert result.exit_code == 0, result.output
    assert mode(kb_path / "sources.yaml") == 0o664
    for new in ("sources/seeds.txt", "drafts/seeds.yaml"):
        assert mode(kb_path / new) == 0o640, new
    (kb_path / "drafts" / "seeds.yaml").chmod(0o600)  # the curator keeps the draft private
    accepted = run("draft", "accept", "seeds", number_of(kb_path, STRETCH), "--data", kb_path)
    assert accepted.exit_code == 0, accepted.output
    assert "another source for" in accepted.stdout
    assert (mode(kb_path / "edges.yaml"), mode(kb_path / "drafts" / "seeds.yaml")) == (0o664, 0o600)


# --- 6. control and bidi characters in an article: refused at their line; escaped when shown ---


UNSAFE_ARTICLES = {
    "escape": (b"Dehydration causes cramps.\x1b[2J Stretching relieves cramps.\n", 1, "U+001B"),
    "rlo": ("Night cramps\n\nStretching relieves \u202ecramps.\n".encode(), 3, "U+202E"),
    "bell-crlf": (b"Cramps hurt.\r\nMagnesium\x07 helps.\r\n", 2, "U+0007"),
    "isolate": ("Almonds are rich in \u2066magnesium.\n".encode(), 1, "U+2066"),
}


@pytest.mark.parametrize("case", sorted(UNSAFE_ARTICLES))
def test_ingest_refuses_control_characters_naming_file_line_and_character(
    kb_path: Path, tmp_path: Path, case: str
) -> None:
    content, line, code = UNSAFE_ARTICLES[case]
    article = tmp_path / f"{case}.txt"
    article.write_bytes(content)
    before = state(kb_path)
    result = ingest(kb_path, article, "odd")
    assert result.exit_code == 2, result.output
    (message,) = result.stderr.splitlines()
    assert message.startswith(f"Error: {article}:{line}: "), message
    assert code in message and "position" in message
    assert state(kb_path) == before


def test_ingest_refuses_a_bidi_control_written_as_an_html_reference(
    kb_path: Path, tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Stretching &#x202e;relieves cramps.</p></body></html>")
    before = state(kb_path)
    result = ingest(kb_path, page, "page")
    assert result.exit_code == 2, result.output
    assert f"{page}: in the page's text" in result.stderr and "U+202E" in result.stderr
    assert state(kb_path) == before


def test_ingest_reads_crlf_line_breaks_as_line_breaks(kb_path: Path, tmp_path: Path) -> None:
    article = tmp_path / "windows.txt"
    article.write_bytes(ARTICLE.replace("\n", "\r\n").encode())
    result = ingest(kb_path, article)
    assert result.exit_code == 0, result.output
    listed = run("draft", "list", "seeds", "--data", kb_path)
    assert listed.exit_code == 0, listed.output
    assert "seated-toe-pull -relieves-> calf-cramp" in listed.stdout


def test_a_source_text_with_control_characters_is_refused_and_said_escaped(kb_path: Path) -> None:
    """A text placed by hand is held to what ingest refuses (validate names the file, the
    line and the character), and nothing of it reaches the terminal raw."""
    text = kb_path / "sources" / "calf-cramps-article.txt"
    with text.open("a", encoding="utf-8") as stream:
        stream.write("\nStretching relieves \u202ecramps at night. Magnesium \x1b[2Jhelps.\n")
    result = run("coverage", "calf-cramps-article", "--data", kb_path)
    assert result.exit_code == 2, result.output
    assert "calf-cramps-article.txt:" in result.stderr
    assert "bidi control U+202E (right-to-left override)" in result.stderr
    assert "\u202e" not in result.output and "\x1b" not in result.output


# --- 9. problems point at what the curator can edit: the draft's candidate, or the option ------


def set_in_candidate(data_dir: Path, number: int, field: str, value: str) -> int:
    """Set ``field`` of candidate ``number`` by hand in the draft; return the line it is on."""
    path = data_dir / "drafts" / "seeds.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"  - n: {number}\n")
    at = next(i for i in range(start, len(lines)) if lines[i].startswith(f"    {field}: "))
    lines[at] = f"    {field}: {value}\n"
    path.write_text("".join(lines), encoding="utf-8")
    return at + 1


def only_line(result: Result) -> str:
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    return line


def test_a_new_claim_that_fails_is_reported_at_its_candidate(drafted: Path) -> None:
    number = number_of(drafted, SEEDS)
    describe_new_node(drafted, "pumpkin-seed", "The seeds of the pumpkin.")
    set_in_candidate(drafted, number, "relation", "prevents")
    set_in_candidate(drafted, number, "object", "calf-cramp")
    line = set_in_candidate(drafted, number, "strength", "states")
    before = state(drafted)
    message = only_line(run("draft", "accept", "seeds", number, "--data", drafted))
    assert message.startswith(
        f"data/drafts/seeds.yaml:{line}: candidates[{number - 1}].strength: the quote neither"
    ), message
    assert "claims-seeds.yaml" not in message
    assert state(drafted) == before


def test_a_quote_added_to_an_old_claim_that_fails_is_reported_at_its_candidate(
    drafted: Path,
) -> None:
    number = number_of(drafted, STRETCH)
    line = set_in_candidate(drafted, number, "quote", "Pumpkin seeds are rich in magnesium.")
    before = state(drafted)
    message = only_line(run("draft", "accept", "seeds", number, "--data", drafted))
    assert message.startswith(
        f"data/drafts/seeds.yaml:{line + 1}: candidates[{number - 1}].strength:"
    ), message
    assert "mark it 'inferred'" in message
    assert state(drafted) == before


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--title", "T" * 1500, "--title: text is 1500 characters long; title holds at most 1000"),
        ("--title", "Seeds\u202e", "--title: bidi control U+202E"),
        ("--url", "https://example.org/a b", "--url: an address is http:// or https://"),
        ("--url", "https://" + "a" * 1200, "--url: text is 1208 characters long"),
        ("--id", "a" * 300, "--id: text is 300 characters long; id holds at most 200"),
    ],
    ids=["long-title", "rtl-title", "url-with-space", "long-url", "long-id"],
)
def test_a_bad_option_is_reported_as_the_option(
    kb_path: Path, article: Path, option: str, value: str, words: str
) -> None:
    options = {"--id": "seeds", "--title": "Seeds", option: value}
    before = state(kb_path)
    arguments = [part for pair in options.items() for part in pair]
    message = only_line(run("ingest", article, *arguments, "--data", kb_path))
    assert message.startswith(f"Error: {words}"), message
    assert state(kb_path) == before
