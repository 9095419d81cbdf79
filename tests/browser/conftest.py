"""The real dashboard in a real browser: `culture-ledger serve` on a free port over a
temporary SQLite store holding the demo office, driven by Debian's Chromium through
Playwright (never a downloaded browser).

Each test gets a fresh browser context (its own session) and leaves a screenshot of its
last screen in test-artifacts/screenshots/, a folder CI keeps.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from culture_ledger.launcher import wait_until_serving

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CLI = [sys.executable, "-m", "culture_ledger.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dashboard_on(
    store_url: str,
    pythonpath: Iterable[str] = (),
    *,
    port: int | None = None,
    settings: dict[str, str] | None = None,
) -> Iterator[str]:
    """The dashboard served on a test's own store, as `culture-ledger serve` runs it, with
    `pythonpath` (an outside plugin's site folder, say) importable and Streamlit `settings`
    added (e.g. {"secrets.files": path}); yields its URL."""
    from culture_ledger.launcher import ENTRY, streamlit_flags

    port = port or free_port()
    path = [str(ROOT), *pythonpath, os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "CULTURE_LEDGER_STORE": store_url, "PYTHONPATH": os.pathsep.join(filter(None, path))}
    flags = streamlit_flags(overrides={"server.port": port, "server.address": "127.0.0.1", **(settings or {})})
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ENTRY), *flags],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process, timeout=60)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@dataclass
class ServedApp:
    """The dashboard as users reach it, and its store as the test can check it."""

    url: str
    store_url: str

    def head(self) -> int:
        """The log position of the newest event, read from the store itself."""
        from culture_ledger.registry import Registry
        from event_store.store import open_application

        app = open_application(Registry.load().event_topics, self.store_url)
        try:
            return app.head()
        finally:
            app.close()


@pytest.fixture(scope="session")
def served_app(tmp_path_factory) -> ServedApp:
    """`culture-ledger demo` into a fresh store, then `culture-ledger serve` on a free port."""
    folder = tmp_path_factory.mktemp("served")
    store = f"sqlite:///{folder / 'ledger.sqlite3'}"
    # The store is given only as --store, as an operator would: serve must hand it to the dashboard.
    env = {
        **{k: v for k, v in os.environ.items() if k != "CULTURE_LEDGER_STORE"},
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    subprocess.run([*CLI, "--store", store, "demo"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    port = free_port()
    log = folder / "serve.log"
    with log.open("wb") as out:
        # A session of its own, so the Streamlit child it starts is stopped with it.
        server = subprocess.Popen(
            [*CLI, "--store", store, "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://localhost:{port}"
    try:
        wait_until_serving(url, server, log=log)
        yield ServedApp(url, store)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser session; its last screen is saved as a screenshot, pass or fail."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    context.set_default_timeout(30_000)
    tab = context.new_page()
    yield tab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for i, shown in enumerate(context.pages):
        suffix = f"-{i}" if i else ""
        try:
            shown.screenshot(path=str(SCREENSHOTS / f"{request.node.name}{suffix}.png"), full_page=True)
        except Exception as exc:  # a screenshot must never hide the test's own outcome
            print(f"screenshot of {request.node.name} failed: {exc}", file=sys.stderr)
    context.close()
