"""What the browser tests and the benchmarks share: a local server, chromium's flags and
the request allow-list.

It imports neither ``graph`` nor ``bench``, so both the tests and ``bench/`` may import it
(the tests never import ``bench``). ``streamlit_server`` runs any Streamlit server on a
free port of 127.0.0.1; ``AllowList`` says which requests a page may make, as one
regular expression that playwright can match without a round trip to Python.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

__all__ = [
    "CHROMIUM_ARGS",
    "FILES_ONLY",
    "LOCAL",
    "LOCAL_HOSTS",
    "ROOT",
    "AllowList",
    "free_port",
    "generated_graph",
    "streamlit_server",
    "wait_until",
]

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


@dataclass(frozen=True, slots=True)
class AllowList:
    """The requests a page may make: any URL of ``schemes``, and http(s)/ws(s) to ``hosts``.

    Everything else is outside, and a guard aborts it.

    Examples
    --------
    >>> LOCAL.allows("ws://127.0.0.1:8501/_stcore/stream")
    True
    >>> LOCAL.allows("http://127.0.0.1.example.com/x")
    False
    >>> FILES_ONLY.allows("http://localhost:8501/")
    False
    """

    schemes: frozenset[str]
    hosts: frozenset[str] = frozenset()
    outside: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        allowed = [f"(?:{_alternatives(self.schemes)}):"] if self.schemes else []
        if self.hosts:
            allowed.append(
                rf"(?:https?|wss?)://(?:{_alternatives(self.hosts)})(?::\d+)?(?:[/?#]|$)"
            )
        pattern = f"^(?!{'|'.join(allowed)})" if allowed else "^"
        object.__setattr__(self, "outside", re.compile(pattern))

    def allows(self, url: str) -> bool:
        """Whether a page may request ``url``."""
        return self.outside.search(url) is None


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words))


LOCAL = AllowList(frozenset({"file", "data", "blob", "about"}), frozenset(LOCAL_HOSTS))
"""A page served from this machine: local files and 127.0.0.1/localhost, nothing else."""
FILES_ONLY = AllowList(frozenset({"file", "data", "blob"}))
"""An offline page opened from disk: not even a local server."""


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    """Call ``condition`` until it is true; raise ``TimeoutError`` naming ``what`` after
    ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not happen within {timeout:g} s")
        # fixed wait: a process outside the browser sends no event when ready, so poll.
        time.sleep(0.05)


def _answers_health_check(url: str, process: subprocess.Popen, log: Path) -> bool:
    if process.poll() is not None:
        raise RuntimeError(f"streamlit exited early:\n{log.read_text(errors='replace')}")
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def streamlit_server(
    module_args: Sequence[str],
    *,
    log: Path,
    cwd: Path = ROOT,
    env: Mapping[str, str | None] | None = None,
    timeout: float = 60.0,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run ``python -m <module_args>`` on a free port of 127.0.0.1 for the ``with`` block.

    Parameters
    ----------
    module_args
        The module and its arguments: ``("streamlit", "run", script)``, or a wrapper that
        takes the same server options (``bench.timed_server``).
    log
        Where the server's output goes.
    cwd
        The working directory: Streamlit reads ``.streamlit/config.toml`` from it.
    env
        Changes to this process's environment (``None`` removes a variable); the server
        always has the project on its ``PYTHONPATH``.
    timeout
        Seconds to wait for the server to answer its health check.

    Yields
    ------
    tuple of str and subprocess.Popen
        The server's address (``http://127.0.0.1:PORT``) and its process.

    Raises
    ------
    RuntimeError
        If the server exits or does not answer in time (it is stopped first).
    """
    port = free_port()
    command = [sys.executable, "-m", *module_args]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    command += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=cwd, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            url = f"http://127.0.0.1:{port}"
            try:
                healthy = partial(_answers_health_check, url, process, log)
                wait_until(healthy, timeout=timeout, what="streamlit's health check")
            except TimeoutError as err:
                raise RuntimeError(f"{err}:\n{log.read_text(errors='replace')}") from err
            yield url, process
        finally:
            _stop(process)


def generated_graph(path: Path, *options: str) -> Path:
    """Write a generated node-link graph to ``path`` with ``python -m bench.generate``.

    Tests run the generator as a user would, through its command line, rather than import
    the benchmarks. ``options`` are its own (``--size 10k``, ``--nodes 200 --edges 500``).
    """
    subprocess.run(
        [sys.executable, "-m", "bench.generate", *options, "--output", str(path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return path
