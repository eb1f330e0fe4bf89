"""Reading inside a folder and writing without surprises.

``read_inside`` is how the loaders open a data file: the file must stay inside its folder
once every link is resolved (a link to a file elsewhere is refused, and named), be a
regular file, and be no larger than a limit checked before a byte is parsed.
``write_atomic`` is how every writer puts a file on disk: it refuses to replace an
existing file unless asked, never writes through a symbolic link, and writes a temporary
file in the same folder that is renamed over the target only once complete, so a failed
write leaves the old file as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from .errors import AtlasError, Problem, SchemaError
from .limits import MAX_FILE_BYTES, printable

__all__ = [
    "check_output",
    "data_subfolder",
    "is_inside",
    "read_inside",
    "write_atomic",
    "yaml_files",
]


def is_inside(path: Path, folder: Path) -> bool:
    """Tell whether ``path``, every link resolved, is ``folder`` or inside it.

    Examples
    --------
    >>> is_inside(Path("data/nodes.yaml"), Path("data"))
    True
    >>> is_inside(Path("data/../README.md"), Path("data"))
    False
    """
    return path.resolve().is_relative_to(folder.resolve())


def read_inside(
    path: Path, folder: Path, *, file: str, max_bytes: int = MAX_FILE_BYTES, what: str = "file"
) -> bytes:
    """Read ``path`` if it is a regular file inside ``folder`` and at most ``max_bytes`` long.

    Parameters
    ----------
    path
        The file to read.
    folder
        The folder it must stay in once links are resolved.
    file
        How messages name the file.
    max_bytes
        The largest size accepted, checked before reading.
    what
        What the file is, for messages ("file", "source text").

    Returns
    -------
    bytes
        The file's content.

    Raises
    ------
    SchemaError
        If the file links outside ``folder``, is not a regular file, cannot be read or
        is too large; one problem, at line 0 of ``file``.
    """
    where = printable(file, keep_newlines=False)
    try:
        inside = is_inside(path, folder)
    except (OSError, RuntimeError) as err:  # a loop of links
        raise SchemaError([Problem(where, 0, "", "is a link that loops; refused")]) from err
    if not inside:
        message = (
            f"is a link to a {what} outside the folder {printable(folder.name)!r};"
            " refused (copy the file into the folder instead)"
        )
        raise SchemaError([Problem(where, 0, "", message)])
    try:
        # Non-blocking, so a link to a named pipe is refused instead of waiting forever;
        # no following a link swapped in after the check above.
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
        with open(os.open(path.resolve(), flags), "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise SchemaError([Problem(where, 0, "", f"is not a regular {what}")])
            if info.st_size > max_bytes:
                raise SchemaError([_too_large(where, info.st_size, max_bytes, what)])
            raw = handle.read(max_bytes + 1)
    except OSError as err:
        message = f"cannot read the {what} ({err.strerror})"
        raise SchemaError([Problem(where, 0, "", message)]) from err
    if len(raw) > max_bytes:  # it grew while being read
        raise SchemaError([_too_large(where, len(raw), max_bytes, what)])
    return raw


def _too_large(where: str, size: int, max_bytes: int, what: str) -> Problem:
    return Problem(
        where,
        0,
        "",
        f"{what} is {size:,} bytes, over the limit of {max_bytes:,} bytes; split it, or raise"
        " the limit (CRAMP_ATLAS_MAX_FILE_KB) if it is meant to be this large",
    )


def yaml_files(folder: Path) -> list[Path]:
    """The ``*.yaml`` files directly in ``folder``, by name, links included (even broken ones).

    A link that points nowhere, or out of the folder, is listed so that reading it reports
    it, instead of its being skipped without a word.

    Examples
    --------
    >>> from graph.load import DEFAULT_DATA_DIR
    >>> [path.name for path in yaml_files(DEFAULT_DATA_DIR)][:2]
    ['edges.yaml', 'evidence.yaml']
    """
    return sorted(path for path in folder.glob("*.yaml") if path.is_symlink() or path.is_file())


def check_output(path: Path, *, force: bool = False) -> None:
    """Refuse to write ``path`` if it is a symbolic link, or exists and ``force`` is false.

    Raises
    ------
    AtlasError
        Naming the path and what to do.
    """
    shown = printable(str(path), keep_newlines=False)
    if path.is_symlink():
        raise AtlasError(f"{shown}: is a symbolic link; refusing to write through it")
    if path.exists() and not force:
        raise AtlasError(f"{shown}: already exists; give --force to replace it")


def write_atomic(path: Path | str, content: bytes, *, force: bool = False) -> Path:
    """Write ``content`` to ``path`` through a temporary file renamed over it.

    Parameters
    ----------
    path
        The file to write; its folder must exist.
    content
        The bytes to write.
    force
        Replace ``path`` if it already exists (a symbolic link is refused even then).

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    AtlasError
        If ``path`` is a link or a folder, exists and ``force`` is false, or its folder
        does not exist.
    OSError
        If the folder cannot be written; ``path`` is then left as it was.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = write_atomic(Path(folder) / "out.txt", b"one")
    ...     write_atomic(target, b"two")
    Traceback (most recent call last):
    ...
    graph.errors.AtlasError: ...out.txt: already exists; give --force to replace it
    """
    path = Path(path)
    shown = printable(str(path), keep_newlines=False)
    if not path.parent.is_dir():
        folder = printable(str(path.parent), keep_newlines=False)
        raise AtlasError(f"{shown}: folder {folder!r} does not exist; create it first")
    check_output(path, force=force)
    if path.is_dir():
        raise AtlasError(f"{shown}: is a folder; give a file name")
    # mkstemp opens with O_EXCL, so the temporary name cannot be a planted link either.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def data_subfolder(data_dir: Path, name: str) -> Path | None:
    """Return ``data_dir/name`` (``tours``, ``questions``), or ``None`` when there is none.

    Raises
    ------
    SchemaError
        If it is a link to a folder outside ``data_dir``, or not a folder.

    Examples
    --------
    >>> from graph.load import DEFAULT_DATA_DIR
    >>> data_subfolder(DEFAULT_DATA_DIR, "tours").name
    'tours'
    >>> data_subfolder(DEFAULT_DATA_DIR, "nothing") is None
    True
    """
    folder = data_dir / name
    if not folder.exists() and not folder.is_symlink():
        return None
    shown = printable(f"{data_dir.resolve().name}/{name}", keep_newlines=False)
    if not is_inside(folder, data_dir):
        message = f"is a link to a folder outside {printable(data_dir.resolve().name)!r}; refused"
        raise SchemaError([Problem(shown, 0, "", message)])
    if not folder.is_dir():
        raise SchemaError([Problem(shown, 0, "", f"is not a folder (expected the {name} folder)")])
    return folder
