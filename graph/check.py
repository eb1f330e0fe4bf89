"""Check a whole knowledge-base folder in one pass: the data, its tours and its questions.

What the app and the command line read is what is checked: the ``*.yaml`` files, the
source texts, and the optional ``tours/`` and ``questions/`` folders. All problems come
back in one ``SchemaError``; when the data itself does not load, the tours and questions
cannot be checked against it, but each of their files is still parsed, so a syntax error
there is reported in the same pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .build import build_graph
from .errors import Problem, SchemaError
from .limits import MAX_FILE_BYTES
from .load import load_knowledge_base
from .questions import EntryQuestion, load_questions
from .safe_io import data_subfolder, yaml_files
from .schema import KnowledgeBase
from .tours import Tour, load_tours
from .yaml_folder import parse_folder

__all__ = ["Checked", "check_folder"]


@dataclass(frozen=True, slots=True)
class Checked:
    """A folder that passed every check: its records, tours and questions."""

    kb: KnowledgeBase
    tours: tuple[Tour, ...]
    questions: tuple[EntryQuestion, ...]


def check_folder(data_dir: Path | str, *, max_file_bytes: int = MAX_FILE_BYTES) -> Checked:
    """Load and check everything in ``data_dir``, reporting every problem together.

    Parameters
    ----------
    data_dir
        The knowledge-base folder.
    max_file_bytes
        The largest file read (see ``load_knowledge_base``).

    Returns
    -------
    Checked
        The records, the tours of ``tours/`` and the questions of ``questions/`` (empty
        when the folder has none).

    Raises
    ------
    SchemaError
        Listing every problem of the data, the tours and the questions.

    Examples
    --------
    >>> from graph.load import DEFAULT_DATA_DIR
    >>> checked = check_folder(DEFAULT_DATA_DIR)
    >>> len(checked.tours) > 0, len(checked.questions) > 0
    (True, True)
    """
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    kb = graph = None
    try:
        kb = load_knowledge_base(data_dir, max_file_bytes=max_file_bytes)
        graph = build_graph(kb)
    except SchemaError as err:
        problems.extend(err.problems)
        if not data_dir.is_dir():
            raise
    found: dict[str, tuple] = {"tours": (), "questions": ()}
    for name, loader in (("tours", load_tours), ("questions", load_questions)):
        try:
            folder = data_subfolder(data_dir, name)
            if folder is None:
                continue
            if graph is None:
                files = yaml_files(folder)
                problems += parse_folder(files, shown_from=data_dir, max_bytes=max_file_bytes)[1]
                continue
            found[name] = loader(folder, graph, max_file_bytes=max_file_bytes)
        except SchemaError as err:
            problems.extend(err.problems)
    if problems or kb is None:
        raise SchemaError(problems)
    return Checked(kb, found["tours"], found["questions"])
