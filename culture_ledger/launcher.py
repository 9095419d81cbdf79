"""Starting the dashboard with the settings of streamlit_config.toml."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "streamlit_config.toml"
APP = ROOT / "dashboard" / "app.py"
SCRIPT = ROOT / "streamlit_app.py"
"""The script Streamlit runs for every page: APP, from a folder without a `pages/` beside it (see streamlit_app.py)."""
ENTRY = ROOT / "streamlit_server.py"
"""What `streamlit run` is given: Streamlit's ASGI app of SCRIPT with the session-cookie routes."""


def streamlit_flags(config: Path = CONFIG, overrides: dict[str, Any] | None = None) -> list[str]:
    """Every `[section] key = value` of the config as Streamlit's `--section.key=value`."""
    settings = tomllib.loads(config.read_text(encoding="utf-8"))
    flat = {f"{section}.{key}": value for section, values in settings.items() for key, value in values.items()}
    flat.update(overrides or {})
    return [f"--{name}={str(v).lower() if isinstance(v, bool) else v}" for name, v in flat.items()]


def setting(name: str, config: Path = CONFIG) -> Any:
    section, key = name.split(".", 1)
    return tomllib.loads(config.read_text(encoding="utf-8")).get(section, {}).get(key)


def serve(config: Path = CONFIG, overrides: dict[str, Any] | None = None) -> int:
    """Replace this process with the Streamlit server (does not return)."""
    flags = streamlit_flags(config, overrides)
    port = (overrides or {}).get("server.port") or setting("server.port", config) or 8501
    print(f"Culture Ledger dashboard: http://localhost:{port}", flush=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "streamlit", "run", str(ENTRY), *flags]
    sys.stdout.flush()
    os.chdir(ROOT)
    # Become the server, so signals (Ctrl-C, a supervisor's SIGTERM) reach Streamlit itself.
    os.execve(sys.executable, command, env)


def wait_until_serving(url: str, process: subprocess.Popen, timeout: float = 90, log: Path | None = None) -> None:
    """Return once the dashboard started as `process` answers Streamlit's health check at `url`;
    RuntimeError (with the end of `log`, where there is one) if it exits or does not answer in time."""
    said = (lambda: ":\n" + log.read_text(errors="replace")) if log is not None else (lambda: "")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the dashboard exited with {process.returncode}{said()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the dashboard did not answer in {timeout:.0f} s{said()}")
