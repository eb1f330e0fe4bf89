"""The project's two set-up commands, with nothing but Python 3.11+ on the machine.

    python3 tasks.py app     # set up .venv, then start the explorer on http://localhost:8501
    python3 tasks.py test    # set up .venv (+ Debian's chromium if missing), lint, run every test
    python3 tasks.py bench   # set up .venv, then print the benchmark table

Installs (the pinned requirements, then this project in editable mode, which puts the
`cramp-atlas` command in .venv/bin) are skipped when nothing they read has changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
# Debian's chromium, and the font whose metrics graph.layout measures labels with (Arial's,
# which Liberation Sans shares): without it labels are drawn in a wider fallback font.
BROWSER_PACKAGES = ("chromium", "fonts-liberation")


def _run(*args: str | Path, **kwargs: object) -> int:
    print("+", " ".join(map(str, args)), flush=True)
    return subprocess.call([str(arg) for arg in args], cwd=ROOT, **kwargs)


def _check(*args: str | Path) -> None:
    code = _run(*args)
    if code:
        sys.exit(code)


def ensure_venv(requirements: str) -> None:
    """Create ``.venv`` and install ``requirements`` unless they are already installed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this file may be run by an older python3
        sys.exit("Cramp Atlas needs Python 3.11 or newer; run this with python3.11.")
    if not PYTHON.exists():
        _check(sys.executable, "-m", "venv", VENV)
    if subprocess.call([PYTHON, "-m", "pip", "--version"], stdout=subprocess.DEVNULL):
        _check(PYTHON, "-m", "ensurepip", "--upgrade")  # a venv made by `uv` has no pip
    files = [*sorted(ROOT.glob("requirements*.txt")), ROOT / "pyproject.toml"]
    digest = hashlib.sha256(
        b"".join(f.read_bytes() for f in files) + requirements.encode()
    ).hexdigest()
    stamp = VENV / f".installed-{Path(requirements).stem}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    _check(
        PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "-r", requirements, "--editable", ".",
    )  # fmt: skip
    stamp.write_text(digest)


def find_browser() -> str | None:
    """Path of Debian's chromium, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _missing_packages() -> list[str]:
    """The browser packages not installed (all of them where dpkg is unknown and no chromium)."""
    if shutil.which("dpkg-query") is None:
        return [] if find_browser() else list(BROWSER_PACKAGES)
    return [
        package
        for package in BROWSER_PACKAGES
        if subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
        ).stdout.split()[-1:]
        != ["installed"]
    ]


def ensure_browser() -> None:
    """Install Debian's chromium and its label font when missing (the e2e tests drive it)."""
    missing = _missing_packages()
    if not missing:
        return
    apt = shutil.which("apt-get")
    if apt is None or (hasattr(os, "geteuid") and os.geteuid() != 0):
        sys.exit(
            "The browser tests need Debian's chromium and fonts-liberation. Install them with\n"
            f"  sudo apt-get install -y {' '.join(missing)}\nthen run this command again."
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    _check(apt, "update", "-qq")
    code = _run(apt, "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)
    if code or _missing_packages():
        sys.exit(f"Could not install {' '.join(missing)} with apt-get (exit {code}).")


def app(extra: list[str]) -> int:
    """Set up and start the Streamlit app."""
    ensure_venv("requirements.txt")
    print("Cramp Atlas: open http://localhost:8501 in your browser (Ctrl+C stops it).")
    return _run(PYTHON, "-m", "streamlit", "run", "app.py", *extra)


def test(extra: list[str]) -> int:
    """Set up, lint and run the whole suite, browser tests included."""
    ensure_venv("requirements-dev.txt")
    ensure_browser()
    for lint in (["check", "."], ["format", "--check", "."]):
        code = _run(PYTHON, "-m", "ruff", *lint)
        if code:
            print("ruff found problems; `.venv/bin/ruff format .` fixes formatting.")
            return code
    return _run(PYTHON, "-m", "pytest", *_workers(extra), *extra)


def _workers(extra: list[str]) -> list[str]:
    """One test process per core (at most 4: each browser test file starts its own app and
    chromium), tests of a file kept together so its module fixtures are built once; none
    when the caller picks tests (a path) or workers (``-n``) itself."""
    if any(not arg.startswith("-") or arg.startswith(("-n", "--numprocesses")) for arg in extra):
        return []
    return ["-n", str(min(os.cpu_count() or 1, 4)), "--dist", "loadfile"]


def bench(extra: list[str]) -> int:
    """Set up and run the benchmarks, printing a table."""
    ensure_venv("requirements-dev.txt")
    ensure_browser()
    return _run(PYTHON, "-m", "bench", *extra)


COMMANDS = {"app": app, "test": test, "bench": bench}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
