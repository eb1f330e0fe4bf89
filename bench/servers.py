"""Start and stop the apps under test: ``streamlit run`` on a free port of 127.0.0.1.

``streamlit_server`` runs any Streamlit server (the browser tests use it too); ``serve``
runs one through ``bench.timed_server``, which logs the duration of every script run.
Both are context managers: the server is stopped (terminated, then killed if it
lingers) however the block ends, and start-up waits a bounded time.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ROOT", "ScriptRun", "Server", "serve", "streamlit_server"]

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class ScriptRun:
    """One script run, as ``bench.timed_server`` logged it."""

    session: str
    started: float
    """Epoch milliseconds."""
    ms: float


@dataclass(frozen=True, slots=True)
class Server:
    """A running app: where to reach it and where its logs are."""

    name: str
    url: str
    process: subprocess.Popen
    run_log: Path
    server_log: Path

    def script_runs(self) -> tuple[ScriptRun, ...]:
        """Every script run so far, in the order they ended."""
        if not self.run_log.exists():
            return ()
        lines = self.run_log.read_text(encoding="utf-8").splitlines()
        return tuple(ScriptRun(**json.loads(line)) for line in lines if line.strip())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(
        f"streamlit did not answer within {timeout:g} s:\n{log.read_text(errors='replace')}"
    )


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
    port = _free_port()
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
            _wait_healthy(url, process, log, timeout)
            yield url, process
        finally:
            _stop(process)


@contextmanager
def serve(
    name: str, script: Path, *, log_dir: Path, cwd: Path = ROOT, timeout: float = 60.0
) -> Iterator[Server]:
    """Run ``streamlit run script`` on a free port of 127.0.0.1 for the ``with`` block.

    Parameters
    ----------
    name
        A short name for the logs (``ours``, ``baseline``).
    script
        The Streamlit script.
    log_dir
        Where the server's output and its script-run log go.
    cwd
        The working directory: Streamlit reads ``.streamlit/config.toml`` from it.
    timeout
        Seconds to wait for the server to answer its health check.

    Yields
    ------
    Server

    Raises
    ------
    RuntimeError
        If the server exits or does not answer in time (it is stopped first).
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    run_log = log_dir / f"{name}-runs.jsonl"
    server_log = log_dir / f"{name}-server.log"
    run_log.unlink(missing_ok=True)
    module_args = ("bench.timed_server", str(run_log), str(script))
    with streamlit_server(module_args, log=server_log, cwd=cwd, timeout=timeout) as (url, process):
        yield Server(name, url, process, run_log, server_log)
