"""`culture-ledger serve` applies streamlit_config.toml: the running server obeys it."""

import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from culture_ledger.launcher import CONFIG, streamlit_flags


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, ""


def test_every_setting_of_the_config_file_becomes_a_streamlit_option():
    settings = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    flags = streamlit_flags()
    for section, values in settings.items():
        for key in values:
            assert any(f.startswith(f"--{section}.{key}=") for f in flags)
    assert "--browser.gatherUsageStats=false" in flags


@pytest.mark.slow
def test_the_running_server_obeys_a_setting_from_the_config_file(tmp_path):
    port = free_port()
    config = tmp_path / "streamlit_config.toml"
    text = CONFIG.read_text(encoding="utf-8").replace("port = 8501", f"port = {port}")
    config.write_text(text.replace("[server]\n", '[server]\nbaseUrlPath = "ledger-under-test"\n'), encoding="utf-8")
    store = f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
    server = subprocess.Popen(
        [sys.executable, "-m", "culture_ledger.cli", "--store", store, "serve", "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=Path(CONFIG).parent,
    )
    try:
        deadline = time.time() + 60
        status = None
        while time.time() < deadline:
            try:
                status, body = get(f"http://127.0.0.1:{port}/ledger-under-test/_stcore/health")
                if status == 200:
                    break
            except (ConnectionError, urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        assert (status, body) == (200, "ok")
        # The port and the base path both came from the file, not from Streamlit's defaults.
        assert get(f"http://127.0.0.1:{port}/_stcore/health")[0] == 404
    finally:
        server.terminate()
        out = server.communicate(timeout=20)[0].decode()
    assert f"http://localhost:{port}" in out
