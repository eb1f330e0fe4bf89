"""Start and stop the apps under test: ``streamlit run`` on a free port of 127.0.0.1.

``serve`` runs one through ``bench.timed_server``, which logs the duration of every
script run. It is a context manager built on ``tests.harness.streamlit_server``, which
the browser tests share: the server is stopped (terminated, then killed if it lingers)
however the block ends, and start-up waits a bounded time.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.harness import ROOT, streamlit_server

__all__ = ["ScriptRun", "Server", "serve"]


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
