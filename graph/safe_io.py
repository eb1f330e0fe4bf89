"""Reading inside a folder and writing without surprises.

``read_inside`` is how the loaders open a data file: the file must stay inside its folder
once every link is resolved (a link to a file elsewhere is refused, and named), be a
regular file, and be no larger than a limit checked before a byte is parsed.
``write_atomic`` is how every writer puts a file on disk: it refuses to replace an
existing file unless asked, never writes through a symbolic link, and writes a temporary
file in the same folder that is renamed over the target only once complete, so a failed
write leaves the old file as it was. A replaced file keeps its permissions; a new one
gets the umask's (``0666 & ~umask``), as any other program would make it.

Writers into the data folder (ingest, draft review) name each file relative to the
folder: ``path_inside`` is the one check that the way to it leaves the folder nowhere
(a link to a folder or file outside is refused, as the loader refuses one), and
``write_together`` stages every file before replacing any, so a run writes all or nothing.
``data_lock`` is the one lock every writer of the data folder holds while it reads what
it changes and writes it, so two curators at once never lose each other's work.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import socket
import stat
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from .errors import AtlasError, Problem, SchemaError
from .limits import MAX_FILE_BYTES, printable

__all__ = [
    "LOCK_FILE",
    "check_output",
    "data_lock",
    "data_subfolder",
    "is_inside",
    "path_inside",
    "read_inside",
    "write_atomic",
    "write_together",
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
    write_together({path: content})
    return path


def write_together(files: Mapping[Path, bytes]) -> None:
    """Write every file of ``files``, replacing none until all are written in full.

    Each file is first written to a temporary file beside it (its folder made if
    missing); only when all are complete is each renamed over its target. A failure
    before that point leaves every target as it was, and no temporary file behind; a
    failure while renaming puts back the files already replaced (and removes the ones
    made), so a source's text never stays without its record.
    A replaced file keeps its permission bits; a new one gets ``0666 & ~umask``.
    The caller has checked the targets (``check_output``, ``path_inside``).

    Raises
    ------
    OSError
        If a folder cannot be written; the targets are then left as they were.
    """
    staged: list[tuple[Path, Path]] = []
    replaced: list[tuple[Path, Path | None]] = []
    try:
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            staged.append((_stage(path, content), path))
        for temporary, path in staged:
            old = _keep_old(path)
            try:
                os.replace(temporary, path)
            except BaseException:
                if old is not None:
                    os.unlink(old)
                raise
            replaced.append((path, old))
    except BaseException:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        for path, old in reversed(replaced):
            with contextlib.suppress(OSError):
                if old is None:
                    os.unlink(path)
                else:
                    os.replace(old, path)
        raise
    for _, old in replaced:
        if old is not None:
            with contextlib.suppress(OSError):
                os.unlink(old)


def _keep_old(path: Path) -> Path | None:
    """A hard link to the file at ``path`` (none if there is none), to put it back by."""
    if not path.is_file() or path.is_symlink():
        return None
    while True:
        old = path.parent / f".{path.name}.{secrets.token_hex(4)}.old"
        try:
            os.link(path, old)
        except FileExistsError:
            continue
        return old


def _stage(path: Path, content: bytes) -> Path:
    """Write ``content`` to a new temporary file beside ``path``, with ``path``'s mode."""
    # O_EXCL and O_NOFOLLOW: the temporary name cannot be a planted file or link. Creating
    # with 0o666 lets the kernel apply the umask, which reading it (os.umask) would race
    # with other threads.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    while True:
        temporary = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            handle = os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(handle, "wb") as stream:
            if path.is_file() and not path.is_symlink():
                os.fchmod(stream.fileno(), stat.S_IMODE(path.stat().st_mode))
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return temporary


def _refused(shown: str, message: str) -> SchemaError:
    return SchemaError([Problem(shown, 0, "", message)])


def path_inside(folder: Path, relative: Path | str) -> Path:
    """Return where to write ``folder/relative``, once sure the way there stays in ``folder``.

    Every part of the way that exists is looked at: a link (to a folder or a file) is
    followed only when it leads inside ``folder``, and then the file it leads to is the
    one written, so the link stays. The check reads nothing and writes nothing.

    Parameters
    ----------
    folder
        The folder written into (the data folder).
    relative
        The file, relative to ``folder`` (``drafts/ID.yaml``).

    Returns
    -------
    Path
        The file to write, every link resolved.

    Raises
    ------
    SchemaError
        If ``relative`` climbs out (``..``, an absolute path), a part of the way is a link
        leading out of ``folder`` (even a broken one) or a link that loops, a file stands
        where a folder is needed, or the target is a folder; named ``FOLDER/PART`` as the
        loader names a refused link.

    Examples
    --------
    >>> from graph.load import DEFAULT_DATA_DIR
    >>> path_inside(DEFAULT_DATA_DIR, "drafts/new.yaml").relative_to(DEFAULT_DATA_DIR.resolve())
    PosixPath('drafts/new.yaml')
    >>> path_inside(DEFAULT_DATA_DIR, "../outside.yaml")
    Traceback (most recent call last):
    ...
    graph.errors.SchemaError: 1 problem in data/../outside.yaml
    data/../outside.yaml: is outside 'data'; refused
    """
    root = Path(folder).resolve()
    parts = Path(relative).parts
    outside = f"outside {printable(root.name)!r}; refused"
    if Path(relative).is_absolute() or ".." in parts:
        shown = printable(f"{root.name}/{Path(relative).as_posix()}", keep_newlines=False)
        raise _refused(shown, f"is {outside}")
    for depth in range(1, len(parts) + 1):
        current = root.joinpath(*parts[:depth])
        shown = printable(f"{root.name}/{Path(*parts[:depth]).as_posix()}", keep_newlines=False)
        last = depth == len(parts)
        if not current.exists() and not current.is_symlink():
            break  # made by the write, inside what was checked so far
        try:
            resolved = current.resolve()
        except (OSError, RuntimeError) as err:  # a loop of links
            raise _refused(shown, "is a link that loops; refused") from err
        if not resolved.is_relative_to(root):
            what = "file" if last else "folder"
            raise _refused(shown, f"is a link to a {what} {outside}")
        if not last and resolved.exists() and not resolved.is_dir():
            raise _refused(shown, "is not a folder")
        if last and resolved.is_dir():
            raise _refused(shown, "is a folder, not a file")
    return root.joinpath(*parts).resolve()


def data_subfolder(data_dir: Path, name: str) -> Path | None:
    """Return ``data_dir/name`` (``tours``, ``questions``), or ``None`` when there is none.

    Raises
    ------
    SchemaError
        If it is a link to a folder outside ``data_dir``, a link that loops, or not a
        folder.

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
    try:
        inside = is_inside(folder, data_dir)
    except (OSError, RuntimeError) as err:  # a loop of links
        raise _refused(shown, "is a link that loops; refused") from err
    if not inside:
        message = f"is a link to a folder outside {printable(data_dir.resolve().name)!r}; refused"
        raise _refused(shown, message)
    if not folder.is_dir():
        raise _refused(shown, f"is not a folder (expected the {name} folder)")
    return folder


LOCK_FILE = ".atlas-write.lock"
"""The lock file every writer of a data folder holds (inside the folder, ignored by git)."""

LOCK_WAIT_SECONDS = 10.0
"""How long a writer waits for another to finish before it gives up and says who holds it."""


@contextlib.contextmanager
def data_lock(data_dir: Path, *, what: str, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the data folder's write lock while the ``with`` block reads and writes.

    An OS lock (``fcntl.flock``, POSIX only) on ``LOCK_FILE``: the kernel frees it when
    its holder ends, even by a crash, so no lock is ever left stale. The holder writes
    who it is into the file, so one that waits in vain can name it. Reads of what is
    changed belong inside the block, after the lock is taken.

    Parameters
    ----------
    data_dir
        The data folder written to.
    what
        What the holder is doing ("draft accept"), for the message of one that waits.
    wait
        Seconds to wait for another holder before giving up.

    Raises
    ------
    AtlasError
        The lock is still held after ``wait`` seconds: one line naming the holder.
    """
    path = Path(data_dir) / LOCK_FILE
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    handle = os.open(path, flags, 0o666)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise AtlasError(_held_by(handle, Path(data_dir))) from None
                time.sleep(0.05)
        holder = f"{what} (process {os.getpid()} on {socket.gethostname()}, since "
        holder += time.strftime("%H:%M:%S") + ")"
        os.ftruncate(handle, 0)
        os.pwrite(handle, holder.encode("utf-8"), 0)
        try:
            yield
        finally:
            os.ftruncate(handle, 0)
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


def _held_by(handle: int, data_dir: Path) -> str:
    holder = os.pread(handle, 400, 0).decode("utf-8", "replace").strip() or "another writer"
    folder = printable(data_dir.resolve().name, keep_newlines=False)
    return (
        f"{folder}: another curator is writing the data ({printable(holder)}); nothing was"
        " written: try again when it is done"
    )
