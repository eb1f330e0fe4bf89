"""``streamlit run``, with the duration of every script run appended to a JSON-lines log.

    python -m bench.timed_server RUN_LOG SCRIPT [streamlit options ...]

The benchmark starts both apps this way, so a filter rerun is timed the same way for
both, in the real server, with nothing added to either app. The hook wraps Streamlit's
``ScriptRunner._run_script`` (streamlit is pinned in requirements.txt): one call is one
script run as the user's action caused it, from widget callbacks to the
``script_finished`` message, including any ``st.rerun()`` it does. What it leaves out is
the event loop's writing of the messages to the socket, which happens in parallel.

Each line of ``RUN_LOG``: ``{"session": id, "started": epoch ms, "ms": duration}``.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["main", "timed"]


def timed(run_script: Callable[..., Any], log_path: Path) -> Callable[..., Any]:
    """Wrap ``ScriptRunner._run_script`` so that each call appends its duration to ``log_path``."""
    lock = threading.Lock()

    def run_and_log(runner: Any, rerun_data: Any) -> Any:
        started = time.time()
        start = time.perf_counter()
        try:
            return run_script(runner, rerun_data)
        finally:
            elapsed = time.perf_counter() - start
            record = {
                "session": str(getattr(runner, "_session_id", "")),
                "started": started * 1000,
                "ms": elapsed * 1000,
            }
            with lock, log_path.open("a", encoding="utf-8") as log:
                log.write(json.dumps(record) + "\n")

    return run_and_log


def main(argv: Sequence[str]) -> None:
    """Install the hook, then hand over to ``streamlit run``."""
    if len(argv) < 2:
        raise SystemExit("usage: python -m bench.timed_server RUN_LOG SCRIPT [options ...]")
    log_path, *streamlit_args = argv
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.web import cli

    runner = script_runner.ScriptRunner
    runner._run_script = timed(runner._run_script, Path(log_path))  # type: ignore[method-assign]
    cli.main(["run", *streamlit_args], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
